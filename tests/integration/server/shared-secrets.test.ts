// Instances behind one address must agree on their secrets: given the same p2p secret,
// server id and Pusher secret, two servers with separate data directories sign video tokens
// and realtime auth with exactly those, instead of each generating its own.
import jwt from 'jsonwebtoken'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { VideoAuthSchema } from '../../../common/api'
import { signIn, startTestServer, type TestServer } from '../../support/server'
import { call } from './http'

const shared = { p2pSecret: 'a-shared-p2p-signing-secret-of-48-characters-xyz', serverId: 'cluster-eu-1', pusher: { secret: 'shared-pusher-secret' } }
let servers: TestServer[] = []

beforeAll(async () => {
  servers = await Promise.all([startTestServer(shared), startTestServer(shared)])
})
afterAll(() => Promise.all(servers.map((server) => server.stop())))

describe('secrets given at start-up', () => {
  it('sign p2p video tokens on every instance with the given secret and server id', async () => {
    for (const server of servers) {
      const session = await signIn(server, 'alice')
      const reply = await call(server.url, 'POST', '/v3/twilio/video_auth', { token: session.access_token })
      expect(reply.status, reply.text).toBe(200)
      const { token } = VideoAuthSchema.parse(reply.json)
      const claims = jwt.verify(token, shared.p2pSecret, { algorithms: ['HS256'] }) as jwt.JwtPayload
      expect(claims.sub).toBe(shared.serverId)
      expect(() => jwt.verify(token, 'some-other-secret-of-sufficient-length-000', { algorithms: ['HS256'] })).toThrow()
      expect(server.pusher.secret).toBe(shared.pusher.secret)
    }
  })

  it('are generated per data directory when not given', async () => {
    const [first, second] = await Promise.all([startTestServer(), startTestServer()])
    try {
      expect(first.pusher.secret).not.toBe(second.pusher.secret)
      expect(first.pusher.secret).toMatch(/^[0-9a-f]{64}$/)
    } finally {
      await Promise.all([first.stop(), second.stop()])
    }
  })

  it('refuses a p2p secret too short to sign with', async () => {
    await expect(startTestServer({ p2pSecret: 'short' })).rejects.toThrow(/at least 32 characters/)
    await expect(startTestServer({ serverId: 'has spaces' })).rejects.toThrow(/server id/)
  })
})
