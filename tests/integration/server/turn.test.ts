// TURN credentials against a real coturn (use-auth-secret): what video_auth hands a p2p
// client gets a relay allocation; an altered credential, another secret, or credentials
// whose expiry has passed get none.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { VideoAuthSchema, type IceServer, type TokenResponse } from '../../../common/api'
import { signIn, startTestServer, type TestServer } from '../../support/server'
import { startTurnServer, turnAllocate, turnTestsCanRun, type TurnServer } from '../../support/turn-server'
import { call } from './http'

const SECRET = 'turn-shared-secret-for-tests'
const canRun = turnTestsCanRun('TURN credentials test')

let turn: TurnServer
const servers: TestServer[] = []

async function serverWith(options: Parameters<typeof startTestServer>[0]): Promise<TestServer> {
  const server = await startTestServer(options)
  servers.push(server)
  return server
}

async function iceServersOf(server: TestServer, session?: TokenResponse): Promise<IceServer[] | undefined> {
  const { access_token } = session ?? (await signIn(server, 'alice'))
  const reply = await call(server.url, 'POST', '/v3/twilio/video_auth', { token: access_token })
  expect(reply.status, reply.text).toBe(200)
  return VideoAuthSchema.parse(reply.json).ice_servers
}

function turnEntry(servers: IceServer[] | undefined): { username: string; credential: string } {
  const entry = servers?.find((server) => [server.urls].flat().some((url) => url.startsWith('turn:')))
  expect(entry?.username).toBeDefined()
  return { username: entry!.username!, credential: entry!.credential! }
}

describe.runIf(canRun)('TURN credentials signed by the server, checked by coturn', () => {
  beforeAll(async () => {
    turn = await startTurnServer({ secret: SECRET })
  })
  afterAll(async () => {
    for (const server of servers) await server.stop()
    await turn?.stop()
  })

  it('video_auth carries STUN and credentialed TURN servers, and coturn grants an allocation with them', async () => {
    const server = await serverWith({ iceServers: [`stun:127.0.0.1:${turn.port}`, turn.url], turnSecret: SECRET })
    const session = await signIn(server, 'alice')
    const ice = await iceServersOf(server, session)
    expect(ice?.[0]).toEqual({ urls: [`stun:127.0.0.1:${turn.port}`] })
    const { username, credential } = turnEntry(ice)
    // "<expiry>:<user id>", the expiry a day (the default TTL) after the video token's.
    const auth = VideoAuthSchema.parse((await call(server.url, 'POST', '/v3/twilio/video_auth', { token: session.access_token })).json)
    expect(username).toBe(`${auth.expires_at + 24 * 3600}:${session.profile.id}`)
    // The same token comes back with the same credentials.
    expect(turnEntry(auth.ice_servers)).toEqual({ username, credential })
    const granted = turnAllocate(turn.port, username, credential)
    expect(granted.ok, granted.output).toBe(true)
  })

  it('an altered credential, another secret, or an expired username gets no allocation', async () => {
    const good = turnEntry(await iceServersOf(await serverWith({ iceServers: [turn.url], turnSecret: SECRET })))
    const altered = `${good.credential[0] === 'A' ? 'B' : 'A'}${good.credential.slice(1)}`
    expect(turnAllocate(turn.port, good.username, altered).ok).toBe(false)

    const otherSecret = turnEntry(await iceServersOf(await serverWith({ iceServers: [turn.url], turnSecret: 'another-secret' })))
    expect(turnAllocate(turn.port, otherSecret.username, otherSecret.credential).ok).toBe(false)

    // Three days behind: its token (24 h) plus the credentials' day (the TTL) ended a day ago.
    const pastServer = await serverWith({ iceServers: [turn.url], turnSecret: SECRET, clock: () => Date.now() - 3 * 86_400_000 })
    const expired = turnEntry(await iceServersOf(pastServer))
    expect(Number(expired.username.split(':')[0])).toBeLessThan(Date.now() / 1000 - 86_000)
    expect(turnAllocate(turn.port, expired.username, expired.credential).ok).toBe(false)
    expect(turn.log()).toMatch(/check_stun_auth/)
  })

  it('a server without ICE settings sends no ice_servers (LAN calls need none)', async () => {
    expect(await iceServersOf(await serverWith({}))).toBeUndefined()
  })
})
