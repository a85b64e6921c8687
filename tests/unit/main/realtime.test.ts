// The realtime service with a pusher-js stand-in: configured from client_config, subscribed
// to the profile's channel through main's authorisation, events validated, and missed calls
// announced once across live pushes, catch-up fetches after reconnects, and restarts.
import { beforeEach, describe, expect, it } from 'vitest'
import { composeMain } from '../../../main/compose'
import { ApiClient } from '../../../main/services/api-client'
import { RealtimeService } from '../../../main/services/realtime'
import type { RealtimeServiceEvents } from '../../../main/services/realtime-events'
import { FakeApi } from '../../support/platform/fake-api'
import { FakeClock, settle } from '../../support/platform/fake-clock'
import { fakePusherFactory, type FakePusher } from '../../support/platform/fake-pusher'
import { createTestPlatform, memoryLogger } from '../../support/platform/platform'
import { memoryStores } from '../../support/platform/stores'

const PROFILE = '4a0c6c39-4c8e-4b55-9a6f-1b1f8a8c5a11'
const caller = { id: 'c1', username: 'bob', name: 'Bob', type: 'user' }

function missed(id: string, createdAt: number, isRead = false) {
  return {
    id,
    created_at: createdAt,
    is_read: isRead,
    type: 'missed_video_call',
    display: { title: 'Missed video call', text: 'You missed a call from Bob', image: null },
    app_url: null,
    attached_object: { profile: caller }
  }
}

let api: FakeApi
let stores: ReturnType<typeof memoryStores>
let pushers: ReturnType<typeof fakePusherFactory>
let client: ApiClient
let clock: FakeClock

beforeEach(async () => {
  clock = new FakeClock()
  api = new FakeApi({ clock })
  stores = memoryStores()
  pushers = fakePusherFactory()
  client = new ApiClient({ fetch: api.fetch, baseUrl: () => 'http://server.test', clock, logger: memoryLogger() })
  const grant = await client.tokenGrant({ client_id: 'x', client_secret: 'y', grant_type: 'shoutit_login', email: 'alice', password: 'alice-pass' })
  api.accounts[0]!.id = PROFILE
  const token = grant.access_token
  client.setTokenSource({ accessToken: async () => token, afterUnauthorized: async () => undefined })
})

function service(): { realtime: RealtimeService; seen: Array<RealtimeServiceEvents['notification']>; states: string[] } {
  const realtime = new RealtimeService({ api: client, createPusher: pushers, store: stores('realtime'), logger: memoryLogger(), clock })
  const seen: Array<RealtimeServiceEvents['notification']> = []
  const states: string[] = []
  realtime.events.on('notification', (event) => seen.push(event))
  realtime.events.on('state', (state) => states.push(state.state))
  return { realtime, seen, states }
}

const latest = (): FakePusher => pushers.created.at(-1)!

describe('realtime service', () => {
  it('configures pusher from client_config and subscribes to presence-v3-p-<me>', async () => {
    const { realtime, states } = service()
    await realtime.connect(PROFILE)
    expect(latest().options).toMatchObject({ key: 'test-key', host: '127.0.0.1', port: 1, tls: false })
    expect([...latest().channels.keys()]).toEqual([`presence-v3-p-${PROFILE}`])
    await latest().connectAndSubscribe()
    expect(states).toEqual(['connecting', 'connected'])
    expect(api.paths).toContain('POST /v3/pusher/auth')
  })

  it('announces unread missed calls once per id across reconnects, oldest first', async () => {
    api.notifications = [missed('n2', 200), missed('n1', 100), missed('n0', 50, true)]
    const { realtime, seen } = service()
    await realtime.connect(PROFILE)
    await latest().connectAndSubscribe()
    await settle()
    expect(seen.map((event) => [event.notification.id, event.source])).toEqual([
      ['n1', 'catch-up'],
      ['n2', 'catch-up']
    ])
    // pusher-js reconnects by itself and resubscribes: the same list is not announced again.
    latest().connection.change('unavailable')
    await latest().connectAndSubscribe()
    await settle()
    expect(seen).toHaveLength(2)
    // A live push of an id already seen is dropped; a new one is announced.
    const channel = latest().channels.get(`presence-v3-p-${PROFILE}`)!
    channel.emit('new_notification', missed('n2', 200))
    channel.emit('new_notification', missed('n3', 300))
    expect(seen.map((event) => event.notification.id)).toEqual(['n1', 'n2', 'n3'])
    expect(seen.at(-1)!.source).toBe('live')
  })

  it('remembers announced ids across restarts', async () => {
    api.notifications = [missed('n1', 100)]
    const first = service()
    await first.realtime.connect(PROFILE)
    await latest().connectAndSubscribe()
    await settle()
    first.realtime.dispose()
    api.notifications = [missed('n1', 100), missed('n4', 400)]
    const second = service()
    await second.realtime.connect(PROFILE)
    await latest().connectAndSubscribe()
    await settle()
    expect(second.seen.map((event) => event.notification.id)).toEqual(['n4'])
  })

  it('validates events and drops what does not match the API', async () => {
    const { realtime } = service()
    const rings: unknown[] = []
    const rejections: unknown[] = []
    realtime.events.on('incomingCall', (call) => rings.push(call))
    realtime.events.on('callRejected', (rejected) => rejections.push(rejected))
    await realtime.connect(PROFILE)
    const channel = latest().channels.get(`presence-v3-p-${PROFILE}`)!
    channel.emit('incoming_video_call', { ...caller, video_call: { room: 'room-12345678', identity: 'a'.repeat(32) } })
    channel.emit('incoming_video_call', { ...caller, video_call: { room: '../etc', identity: 'nope' } })
    channel.emit('incoming_video_call', 'garbage')
    channel.emit('video_call_rejected', { room: 'room-12345678', reason: 'busy', profile: caller })
    channel.emit('video_call_rejected', { room: 'room-12345678', reason: 'because' })
    expect(rings).toHaveLength(1)
    expect(rejections).toEqual([{ room: 'room-12345678', reason: 'busy', profile: expect.objectContaining({ username: 'bob' }) }])
  })

  it('keeps trying when the server cannot be reached, then connects', async () => {
    const { realtime, states } = service()
    api.offline = true
    await realtime.connect(PROFILE)
    expect(states).toEqual(['connecting', 'unavailable'])
    expect(pushers.created).toHaveLength(0)
    await clock.advance(60_000)
    api.offline = false
    await clock.advance(5 * 60_000)
    expect(pushers.created).toHaveLength(1)
    expect([...latest().channels.keys()]).toEqual([`presence-v3-p-${PROFILE}`])
  })

  it('subscribes again after a refused subscription', async () => {
    const { realtime } = service()
    const rings: unknown[] = []
    realtime.events.on('incomingCall', (call) => rings.push(call))
    await realtime.connect(PROFILE)
    const name = `presence-v3-p-${PROFILE}`
    latest().channels.get(name)!.emit('pusher:subscription_error', { type: 'AuthError', status: 503 })
    expect(latest().channels.has(name)).toBe(false)
    await clock.advance(3_000)
    const channel = latest().channels.get(name)
    expect(channel).toBeDefined()
    channel!.emit('incoming_video_call', { ...caller, video_call: { room: 'room-12345678', identity: 'a'.repeat(32) } })
    expect(rings).toHaveLength(1)
    expect(pushers.created).toHaveLength(1)
  })

  it('disconnects cleanly and ignores a late connect', async () => {
    const { realtime, states } = service()
    const connecting = realtime.connect(PROFILE)
    realtime.disconnect()
    await connecting
    expect(pushers.created).toHaveLength(0)
    expect(states.at(-1)).toBe('disconnected')
    await realtime.connect(PROFILE)
    realtime.disconnect()
    expect(latest().disconnected).toBe(true)
  })
})

describe('realtime in the composition', () => {
  it('starts a fresh connection on resume from sleep and catches up', async () => {
    const clock = new FakeClock()
    const fake = new FakeApi({ clock })
    const factory = fakePusherFactory()
    const platform = createTestPlatform({ clock, fetch: fake.fetch, createPusher: factory })
    const main = composeMain(platform)
    await main.ready
    await main.ipc.invoke(1, 'session:signIn', { login: 'alice', password: 'alice-pass' })
    await settle()
    expect(factory.created).toHaveLength(1)
    fake.notifications = [missed('while-asleep', 500)]
    const delivered: string[] = []
    main.services.realtime.events.on('notification', ({ notification }) => delivered.push(notification.id))

    platform.power.resume()
    await settle()
    expect(factory.created).toHaveLength(2)
    expect(factory.created[0]!.disconnected).toBe(true)
    await factory.created[1]!.connectAndSubscribe()
    await settle()
    expect(delivered).toEqual(['while-asleep'])
    await main.dispose()
  })
})
