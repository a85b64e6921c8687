// Request logs: one JSON line per request with the id the client saw (X-Request-Id and the
// error envelope's request_id), method, path without the query, status and duration; and no
// credential anywhere in the output, whatever the request carried.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ErrorEnvelopeSchema } from '../../../common/api'
import { createLogger } from '../../../server/src/logger'
import { DEMO_ACCOUNTS, startTestServer, type TestServer } from '../../support/server'
import { call, grant, grantOk } from './http'

const lines: string[] = []
let server: TestServer
const records = (): Record<string, unknown>[] => lines.map((line) => JSON.parse(line) as Record<string, unknown>)

beforeAll(async () => {
  server = await startTestServer({ logger: createLogger({ destination: { write: (line: string) => void lines.push(line) } }) })
})
afterAll(() => server.stop())

/** The line is written when the response closes, which may be just after fetch resolves. */
async function logLineFor(requestId: string): Promise<Record<string, unknown>> {
  for (let i = 0; i < 50; i++) {
    const found = records().find((record) => record.request_id === requestId)
    if (found) return found
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  throw new Error(`no log line for ${requestId}`)
}

describe('request logs', () => {
  it('log each request with its id, method, path, status and duration', async () => {
    const failed = await call(server.url, 'GET', '/v3/profiles/me?page_size=5', { token: 'not-a-real-token-0123456789' })
    const envelope = ErrorEnvelopeSchema.parse(failed.json)
    const requestId = envelope.error.request_id
    expect(requestId).toBeTruthy()
    expect(failed.headers.get('x-request-id')).toBe(requestId)
    const line = await logLineFor(requestId!)
    expect(line).toMatchObject({ level: 30, msg: 'request', method: 'GET', path: '/v3/profiles/me', status: 401 })
    expect(typeof line.duration_ms).toBe('number')
    expect(line.duration_ms as number).toBeGreaterThanOrEqual(0)
    expect(typeof line.time).toBe('number')
  })

  it('never contain passwords, tokens, secrets or Authorization headers', async () => {
    const secrets = ['hunter2-password-9137', 'query-secret-5521', 'bearer-secret-7731']
    await grant(server.url, { grant_type: 'shoutit_login', email: 'alice', password: secrets[0] })
    const signedIn = await grantOk(server.url, { grant_type: 'shoutit_login', email: 'alice', password: DEMO_ACCOUNTS[0]!.password })
    const me = await call(server.url, 'GET', `/v3/profiles/me?access_token=${secrets[1]}`, { token: signedIn.access_token })
    expect(me.status).toBe(200)
    const bad = await call(server.url, 'GET', '/v3/profiles/me', { token: secrets[2] })
    await logLineFor(bad.headers.get('x-request-id')!)
    const meLine = await logLineFor(me.headers.get('x-request-id')!)
    expect(meLine).toMatchObject({ path: '/v3/profiles/me', status: 200 })

    const output = lines.join('')
    for (const secret of [...secrets, DEMO_ACCOUNTS[0]!.password, signedIn.access_token, signedIn.refresh_token, server.pusher.secret]) {
      expect(output).not.toContain(secret)
    }
    expect(output.toLowerCase()).not.toContain('bearer')
    expect(output).not.toContain('client_secret')
  })

  it('redact credentials even if a caller logs them by mistake', () => {
    const captured: string[] = []
    const logger = createLogger({ destination: { write: (line: string) => void captured.push(line) } })
    logger.info('oops', { password: 'p4ss', headers: { authorization: 'Bearer abc' }, token: 't0k', nested: { secret: 's3c' }, kept: 'visible' })
    const record = JSON.parse(captured[0]!) as Record<string, unknown>
    expect(record).toMatchObject({ password: '[redacted]', headers: { authorization: '[redacted]' }, token: '[redacted]', nested: { secret: '[redacted]' }, kept: 'visible' })
  })
})
