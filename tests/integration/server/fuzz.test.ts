// Bounded fuzzing of every route with malformed bodies, headers and query strings: the
// server must never answer 5xx, never crash, and always answer failures in the envelope.
import { connect } from 'node:net'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ErrorEnvelopeSchema } from '../../../common/api'
import { signIn, startTestServer, stopTestPostgres, storeKinds, type TestServer } from '../../support/server'
import { openRawSocket } from './realtime-client'

let server: TestServer
let userToken: string

const ROUTES = [
  '/v3/oauth2/access_token',
  '/v3/profiles/me',
  '/v3/profiles/alice',
  '/v3/profiles',
  '/v3/twilio/video_auth',
  '/v3/twilio/video_identity',
  '/v3/twilio/video_call',
  '/v3/twilio/profile',
  '/v3/twilio/video_reject',
  '/v3/notifications',
  '/v3/notifications/reset',
  '/v3/pusher/auth',
  '/v3/client_config',
  '/apps/shoutit/events',
  '/apps/shoutit/batch_events',
  '/apps/shoutit/channels',
  '/apps/shoutit/channels/presence-v3-p-x/users'
]

const FIELD_NAMES = [
  'client_id',
  'client_secret',
  'grant_type',
  'email',
  'password',
  'name',
  'refresh_token',
  'identity',
  'missed',
  'room',
  'reason',
  'socket_id',
  'channel_name',
  'channels',
  'data',
  'batch'
]

const printable = (maxLength: number) => fc.string({ unit: fc.constantFrom(...' !"#$%&\'()*+,-./0123456789:;<=>?@ABCXYZ[\\]^_`abcxyz{|}~'), maxLength })

const jsonValue = fc.oneof(
  fc.constantFrom<unknown>('shoutit_login', 'shoutit_signup', 'shoutit_guest', 'refresh_token', 'shoutit-desktop', 'shoutit-desktop-secret', 'alice', 'false', 'a'.repeat(32)),
  fc.jsonValue({ maxDepth: 2 })
)
const bodyObject = fc.dictionary(fc.oneof(fc.constantFrom(...FIELD_NAMES), fc.string({ maxLength: 8 })), jsonValue, { maxKeys: 6 })

const body = fc.oneof(
  bodyObject.map((object) => JSON.stringify(object)),
  fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value) ?? ''),
  fc.string({ maxLength: 80 }),
  fc.uint8Array({ maxLength: 80 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
  fc.constant('')
)

const contentType = fc.oneof(
  fc.constantFrom('application/json', 'application/json; charset=utf-8', 'application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data', ''),
  printable(30)
)

const query = fc.oneof(
  fc.constant(''),
  fc
    .array(fc.tuple(fc.constantFrom('profile', 'identity', 'search', 'page', 'page_size', 'auth_key', 'x'), printable(20)), { maxLength: 4 })
    .map((pairs) => `?${pairs.map(([key, value]) => `${key}=${encodeURIComponent(value)}`).join('&')}`),
  printable(30).map((raw) => `?${raw.replace(/[#\s]/g, '')}`)
)

const path = fc.oneof(
  fc.constantFrom(...ROUTES),
  fc.tuple(fc.constantFrom(...ROUTES), printable(12)).map(([route, suffix]) => `${route}/${encodeURIComponent(suffix)}`),
  fc.constantFrom('/v3/profiles/%E0%A4%A', '/v3/profiles/%', '/v3//twilio', '/v3/profiles/me/', '//', '/app/shoutit-key')
)

const authorization = fc.oneof(
  fc.constant<string | undefined>(undefined),
  fc.constant('VALID'),
  printable(40),
  printable(40).map((token) => `Bearer ${token}`)
)

const method = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD')

afterAll(stopTestPostgres)

// The whole suite once per store: the server's behaviour must not depend on it.
describe.each(storeKinds())('%s store', (store) => {
  beforeAll(async () => {
    server = await startTestServer({ store, bodyLimitBytes: 4096 })
    userToken = (await signIn(server, 'alice')).access_token
  })
  afterAll(() => server.stop())

  describe('fuzz', () => {
    it('never answers 5xx and always answers failures in the envelope', async () => {
      const seen = new Map<number, number>()
      await fc.assert(
        fc.asyncProperty(method, path, query, authorization, contentType, body, async (verb, route, search, auth, type, payload) => {
          const headers: Record<string, string> = {}
          if (auth !== undefined) headers.Authorization = auth === 'VALID' ? `Bearer ${userToken}` : auth
          if (type) headers['Content-Type'] = type
          const withBody = verb !== 'GET' && verb !== 'HEAD'
          const response = await fetch(`${server.url}${route}${search}`, { method: verb, headers, body: withBody ? payload : undefined })
          const text = await response.text()
          seen.set(response.status, (seen.get(response.status) ?? 0) + 1)
          expect(response.status, `${verb} ${route}${search} -> ${text}`).toBeLessThan(500)
          if (response.status >= 400 && verb !== 'HEAD') {
            const envelope = ErrorEnvelopeSchema.parse(JSON.parse(text))
            expect(envelope.error.code).toBe(response.status)
          }
        }),
        { numRuns: 400, seed: Number(process.env.FUZZ_SEED ?? 20261124) }
      )
      // The generators must reach past the router into the handlers, not only bounce off it.
      for (const status of [200, 400, 401, 404, 405, 415]) expect(seen.get(status) ?? 0, `status ${status} in ${JSON.stringify([...seen])}`).toBeGreaterThan(0)
      // Still alive and answering.
      expect((await fetch(`${server.url}/v3/client_config`)).status).toBe(200)
    }, 120_000)

    it('answers unparsable HTTP with a 4xx envelope, not a dropped connection', async () => {
      const requests = ['GARBAGE\r\n\r\n', 'GET /v3/client_config HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n', `GET /${'a'.repeat(20_000)} HTTP/1.1\r\nX: ${'b'.repeat(20_000)}\r\n\r\n`]
      for (const raw of requests) {
        const reply = await new Promise<string>((resolve, reject) => {
          const socket = connect(server.port, '127.0.0.1', () => socket.end(raw))
          let received = ''
          socket.on('data', (chunk) => (received += chunk.toString()))
          socket.on('end', () => resolve(received))
          socket.on('error', reject)
        })
        const [head, json] = reply.split('\r\n\r\n')
        expect(head).toMatch(/^HTTP\/1\.1 4\d\d /)
        expect(ErrorEnvelopeSchema.parse(JSON.parse(json!)).error.errors[0]!.reason).toBe('bad_request')
      }
    })

    it('survives malformed realtime frames and keeps answering on the same socket', async () => {
      const socket = await openRawSocket(server)
      const frame = fc.oneof(
        fc.string({ maxLength: 60 }),
        fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value) ?? 'null'),
        fc
          .record({
            event: fc.constantFrom('pusher:subscribe', 'pusher:unsubscribe', 'pusher:ping', 'client-x', 'pusher:signin', 'x'),
            channel: fc.option(fc.constantFrom('presence-video-room-abcdefgh', 'private-a', 'public', '', 'presence-v3-p-1'), { nil: undefined }),
            data: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.string({ maxLength: 30 }), fc.record({ channel: fc.string({ maxLength: 20 }), auth: fc.string({ maxLength: 20 }), channel_data: fc.string({ maxLength: 20 }) }))
          })
          .map((value) => JSON.stringify(value))
      )
      await fc.assert(
        fc.asyncProperty(fc.array(frame, { minLength: 1, maxLength: 10 }), async (frames) => {
          for (const raw of frames) socket.send(raw)
          socket.send({ event: 'pusher:ping', data: {} })
          await socket.next('pusher:pong')
        }),
        { numRuns: 100, seed: Number(process.env.FUZZ_SEED ?? 20261124) }
      )
      socket.close()
      expect((await fetch(`${server.url}/v3/client_config`)).status).toBe(200)
    })
  })
})
