import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Profile } from '../../../../common/api'
import { systemClock } from '../../../../renderer/calling/clock'
import { createCallController } from '../../../../renderer/calling/controller'
import type { CallController } from '../../../../renderer/calling/controller-types'
import { EngineConnectError } from '../../../../renderer/calling/engine'
import { FakeMediaStreamTrack } from './fake-twilio-video'
import { ApiRefusal, domError, FakeBridge, FakeDevices, FakeEngine, fakeStream, type Handlers } from './fakes'

const peer: Profile = { id: 'p-2', username: 'bob', name: 'Bob', type: 'user', first_name: '', last_name: '', image: null }
const caller: Profile = { ...peer, id: 'p-3', username: 'carol', name: 'Carol' }
const calleeIdentity = 'b'.repeat(32)
const myIdentity = 'a'.repeat(32)
const ROOM = 'call-room-0001'

function setup(handlers: Handlers = {}, options: { retryPauseSeconds?: number } = { retryPauseSeconds: 10 }) {
  const bridge = new FakeBridge({
    'video:identity': () => ({ identity: calleeIdentity }),
    'video:getToken': () => ({ token: 'jwt', identity: myIdentity, expiresAt: 9_999_999_999, provider: 'p2p' }),
    'video:ring': () => ({ available: true }),
    'video:reportMissed': () => ({ ok: true }),
    ...handlers
  })
  const engine = new FakeEngine()
  const devices = new FakeDevices()
  const controller = createCallController(
    bridge,
    options,
    { clock: systemClock, devices, loadEngine: async () => engine, createStream: fakeStream, newRoomName: () => ROOM }
  )
  const phases: string[] = []
  controller.subscribe(() => {
    const phase = controller.getState().phase
    if (phases.at(-1) !== phase) phases.push(phase)
  })
  return { bridge, engine, devices, controller, phases }
}

const reports = (bridge: FakeBridge) => bridge.requests('call:activity').map((request) => (request as { activity: string }).activity)

async function ringing(controller: CallController): Promise<void> {
  await vi.waitFor(() => expect(controller.getState().phase).toBe('ringing'))
}

describe('call controller', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it("joins with the ICE servers that came with the token, and without any when it brought none", async () => {
    const turn = { urls: ['turn:turn.example.org?transport=udp'], username: '1700000000:p-1', credential: 'c2lnbmVk' }
    const withTurn = setup({ 'video:getToken': () => ({ token: 'jwt', identity: myIdentity, expiresAt: 9_999_999_999, provider: 'p2p', iceServers: [turn] }) })
    void withTurn.controller.call(peer)
    await ringing(withTurn.controller)
    expect(withTurn.engine.room.options.iceServers).toEqual([turn])

    const without = setup()
    void without.controller.call(peer)
    await ringing(without.controller)
    expect(without.engine.room.options).not.toHaveProperty('iceServers')
  })

  it('places a call: identity, token, room, rings until the callee joins, then ends when they hang up', async () => {
    const { bridge, engine, devices, controller, phases } = setup()
    void controller.call(peer)
    await ringing(controller)
    expect(engine.room.options).toMatchObject({ room: ROOM, token: 'jwt', identity: myIdentity })
    expect(engine.room.options.tracks.map((track) => track.kind)).toEqual(['audio', 'video'])
    await vi.advanceTimersByTimeAsync(10_000)
    expect(controller.getState()).toMatchObject({ phase: 'ringing', attempt: 2, maxAttempts: 3 })

    engine.room.peerJoins(calleeIdentity)
    expect(controller.getState()).toMatchObject({ phase: 'in-call', peer, muted: false, reconnecting: false })
    expect(controller.getMedia().remoteStream?.getTracks().map((track) => track.kind)).toEqual(['audio', 'video'])
    await vi.advanceTimersByTimeAsync(65_000)
    engine.room.peerLeaves(calleeIdentity)

    expect(controller.getState()).toEqual({ phase: 'ended', peer, outcome: 'answered', message: 'Bob hung up.', durationSeconds: 65 })
    expect(bridge.channels().filter((channel) => channel.startsWith('video:'))).toEqual(['video:identity', 'video:getToken', 'video:ring', 'video:ring'])
    expect(bridge.requests('video:ring')).toEqual([
      { identity: calleeIdentity, room: ROOM, kind: 'video' },
      { identity: calleeIdentity, room: ROOM, kind: 'video' }
    ])
    expect(reports(bridge)).toEqual(['outgoing', 'outgoing', 'in-call', 'idle'])
    expect(bridge.requests('call:finished')).toEqual([
      expect.objectContaining({ direction: 'outgoing', peer, room: ROOM, outcome: 'answered', durationSeconds: 65 })
    ])
    expect(engine.room.disconnected).toBe(true)
    expect(devices.handedOut.every((track) => track.readyState === 'ended')).toBe(true)
    expect(controller.getMedia()).toEqual({ localStream: null, remoteStream: null, remoteStreams: {} })
    expect(phases).toEqual(['preparing', 'ringing', 'in-call', 'ended'])
    controller.dismiss()
    expect(controller.getState()).toEqual({ phase: 'idle' })
  })

  it.each([
    // "didn't answer" is the outcome itself: no message repeats it.
    { available: true, message: undefined },
    // Never online: the missed report is how they will learn of the call.
    { available: false, message: "Bob isn't online. They will see that you called." }
  ])('without an answer ends as missed after 30 s and reports the call missed once (callee online: $available)', async ({ available, message }) => {
    const { bridge, controller } = setup({ 'video:ring': () => ({ available }) })
    void controller.call(peer)
    await ringing(controller)
    await vi.advanceTimersByTimeAsync(30_000)
    expect(controller.getState()).toEqual({ phase: 'ended', peer, outcome: 'missed', ...(message ? { message } : {}) })
    expect(bridge.requests('video:ring')).toHaveLength(3)
    expect(bridge.requests('video:reportMissed')).toEqual([{ identity: calleeIdentity }])
    expect(bridge.requests('call:finished')).toEqual([expect.objectContaining({ outcome: 'missed' })])
  })

  it('says so while the callee is not online, and goes back to ringing once an attempt reaches them', async () => {
    let online = false
    const { controller } = setup({ 'video:ring': () => ({ available: online }) })
    void controller.call(peer)
    await vi.waitFor(() => expect(controller.getState()).toMatchObject({ phase: 'ringing', attempt: 1, calleeOffline: true }))
    online = true
    await vi.advanceTimersByTimeAsync(10_000)
    expect(controller.getState()).toMatchObject({ phase: 'ringing', attempt: 2, calleeOffline: false })
    online = false
    await vi.advanceTimersByTimeAsync(10_000)
    expect(controller.getState()).toMatchObject({ phase: 'ringing', attempt: 3, calleeOffline: true })
    await vi.advanceTimersByTimeAsync(10_000)
    // Rung once in between: they may have seen it, so this is an unanswered call.
    expect(controller.getState()).toEqual({ phase: 'ended', peer, outcome: 'missed' })
  })

  it('a rejection for this room ends the call as declined; one for another room is ignored', async () => {
    const { bridge, controller } = setup()
    void controller.call(peer)
    await ringing(controller)
    bridge.emit('call:rejected', { room: 'some-other-room', reason: 'rejected', profile: peer })
    await vi.advanceTimersByTimeAsync(0)
    expect(controller.getState().phase).toBe('ringing')
    bridge.emit('call:rejected', { room: ROOM, reason: 'rejected', profile: peer })
    await vi.advanceTimersByTimeAsync(0)
    expect(controller.getState()).toEqual({ phase: 'ended', peer, outcome: 'declined' })
    expect(bridge.requests('video:reportMissed')).toHaveLength(1)
  })

  it('a busy rejection ends the call as busy', async () => {
    const { bridge, controller } = setup()
    void controller.call(peer)
    await ringing(controller)
    bridge.emit('call:rejected', { room: ROOM, reason: 'busy', profile: peer })
    await vi.advanceTimersByTimeAsync(0)
    expect(controller.getState()).toEqual({ phase: 'ended', peer, outcome: 'busy' })
  })

  it('hanging up while ringing ends at once, leaves the room and still reports the call missed', async () => {
    const { bridge, engine, controller } = setup()
    void controller.call(peer)
    await ringing(controller)
    controller.hangUp()
    expect(controller.getState()).toMatchObject({ phase: 'ended', outcome: 'cancelled' })
    expect(engine.room.disconnected).toBe(true)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(bridge.requests('video:ring')).toHaveLength(1)
    expect(bridge.requests('video:reportMissed')).toHaveLength(1)
    expect(reports(bridge).at(-1)).toBe('idle')
  })

  it('hanging up while preparing never joins a room or rings', async () => {
    let releaseIdentity: () => void = () => undefined
    const { bridge, engine, controller } = setup({
      'video:identity': () => new Promise((resolve) => (releaseIdentity = () => resolve({ identity: calleeIdentity })))
    })
    const placing = controller.call(peer)
    expect(controller.getState().phase).toBe('preparing')
    controller.hangUp()
    releaseIdentity()
    await placing
    expect(controller.getState()).toMatchObject({ phase: 'ended', outcome: 'cancelled' })
    expect(engine.rooms).toHaveLength(0)
    expect(bridge.requests('video:ring')).toHaveLength(0)
  })

  it('starts the camera, the token and the engine while the identity is looked up, joining only once it is known', async () => {
    let releaseIdentity: () => void = () => undefined
    const { bridge, engine, devices, controller } = setup({
      'video:identity': () => new Promise((resolve) => (releaseIdentity = () => resolve({ identity: calleeIdentity })))
    })
    void controller.call(peer)
    await vi.waitFor(() => expect(engine.prepared).toBe(1))
    expect(devices.constraints).toHaveLength(1)
    expect(bridge.requests('video:getToken')).toHaveLength(1)
    expect(controller.getMedia().localStream).toBeNull()
    expect(engine.rooms).toHaveLength(0)
    releaseIdentity()
    await ringing(controller)
    expect(engine.rooms).toHaveLength(1)
    expect(controller.getMedia().localStream).not.toBeNull()
  })

  it('a call that ends before joining stops the camera it started and releases what the engine prepared', async () => {
    let releaseIdentity: () => void = () => undefined
    const { engine, devices, controller } = setup({
      'video:identity': () => new Promise((resolve) => (releaseIdentity = () => resolve({ identity: calleeIdentity })))
    })
    const placing = controller.call(peer)
    await vi.waitFor(() => expect(engine.prepared).toBe(1))
    controller.hangUp()
    releaseIdentity()
    await placing
    expect(engine.released).toBe(1)
    expect(engine.rooms).toHaveLength(0)
    expect(devices.handedOut.map((track) => track.readyState)).toEqual(['ended', 'ended'])
  })

  it('rings as soon as token, camera and engine are ready, without waiting to be in the room', async () => {
    const { bridge, engine, controller } = setup()
    let finishJoining: () => void = () => undefined
    engine.connectGate = new Promise((resolve) => (finishJoining = resolve))
    void controller.call(peer)
    await ringing(controller)
    expect(bridge.requests('video:ring')).toEqual([{ identity: calleeIdentity, room: ROOM, kind: 'video' }])
    expect(engine.rooms).toHaveLength(0)
    finishJoining()
    await vi.waitFor(() => expect(engine.rooms).toHaveLength(1))
    engine.room.peerJoins(calleeIdentity)
    expect(controller.getState()).toMatchObject({ phase: 'in-call', peer })
  })

  it('waits for camera and microphone before the first ring of a session, not once they have answered', async () => {
    const { bridge, devices, controller } = setup()
    let cameraReady: () => void = () => undefined
    devices.userMediaGate = new Promise((resolve) => (cameraReady = resolve))
    void controller.call(peer)
    await vi.waitFor(() => expect(devices.constraints).toHaveLength(1))
    await vi.advanceTimersByTimeAsync(100)
    expect(bridge.requests('video:ring')).toHaveLength(0)
    cameraReady()
    await ringing(controller)
    controller.hangUp()
    controller.dismiss()

    devices.userMediaGate = new Promise(() => undefined)
    void controller.call(peer)
    await ringing(controller)
    expect(bridge.requests('video:ring')).toHaveLength(2)
    expect(controller.getMedia().localStream).toBeNull()
  })

  it('a join that fails after the callee was rung ends the call, stops the ringing and reports it missed once', async () => {
    const { bridge, engine, controller } = setup()
    let finishJoining: () => void = () => undefined
    engine.connectGate = new Promise((resolve) => (finishJoining = resolve))
    engine.failWith = new EngineConnectError('failed', 'Could not join the call room.')
    void controller.call(peer)
    await ringing(controller)
    finishJoining()
    await vi.waitFor(() => expect(controller.getState()).toEqual({ phase: 'ended', peer, outcome: 'failed', message: 'Could not join the call room.' }))
    await vi.advanceTimersByTimeAsync(30_000)
    expect(bridge.requests('video:ring')).toHaveLength(1)
    expect(bridge.requests('video:reportMissed')).toEqual([{ identity: calleeIdentity }])
    expect(bridge.requests('call:finished')).toEqual([expect.objectContaining({ outcome: 'failed' })])
  })

  it("looks the callee up again, once, when their identity expired between the lookup and a ring", async () => {
    const renewedIdentity = 'c'.repeat(32)
    const identities = [calleeIdentity, renewedIdentity]
    const { bridge, controller } = setup({
      'video:identity': () => ({ identity: identities.shift() ?? renewedIdentity }),
      'video:ring': ({ identity }) => {
        if (identity === calleeIdentity) throw new ApiRefusal('Unknown or expired identity', 'invalid', 'identity')
        return { available: true }
      }
    })
    void controller.call(peer)
    await ringing(controller)
    await vi.waitFor(() => expect(bridge.requests('video:ring')).toHaveLength(2))
    expect(bridge.requests('video:ring').map((ring) => (ring as { identity: string }).identity)).toEqual([calleeIdentity, renewedIdentity])
    expect(controller.getState()).toMatchObject({ phase: 'ringing', attempt: 1 })
    // The missed report goes to the identity that rang.
    controller.hangUp()
    await vi.waitFor(() => expect(bridge.requests('video:reportMissed')).toEqual([{ identity: renewedIdentity }]))
  })

  it('a ring refused for another reason ends the call without a second lookup', async () => {
    const { bridge, controller } = setup({
      'video:ring': () => {
        throw new ApiRefusal('This field is required.', 'required', 'identity')
      }
    })
    await controller.call(peer)
    expect(controller.getState()).toMatchObject({ phase: 'ended', outcome: 'failed' })
    expect(bridge.requests('video:identity')).toHaveLength(1)
    expect(bridge.requests('video:ring')).toHaveLength(1)
  })

  it('an identity error fails the call with the server message and nothing is rung', async () => {
    const { bridge, controller } = setup({
      'video:identity': () => {
        throw new Error("You can't call yourself")
      }
    })
    await controller.call(peer)
    expect(controller.getState()).toEqual({ phase: 'ended', peer, outcome: 'failed', message: "This person cannot be called: You can't call yourself" })
    expect(bridge.requests('video:ring')).toHaveLength(0)
    expect(reports(bridge)).toEqual(['outgoing', 'idle'])
  })

  it('a denied camera/microphone permission says what to allow', async () => {
    const { controller, engine, devices } = setup()
    devices.userMediaError = domError('NotAllowedError')
    await controller.call(peer)
    const state = controller.getState()
    expect(state).toMatchObject({ phase: 'ended', outcome: 'failed' })
    expect(state.phase === 'ended' && state.message).toMatch(/Shoutit may not use your camera or microphone/)
    // The end screen offers the OS's settings page for it.
    expect(state).toMatchObject({ blocked: 'camera' })
    expect(engine.rooms).toHaveLength(0)
  })

  it('a full room (engine busy) ends as busy', async () => {
    const { controller, engine } = setup()
    engine.failWith = new EngineConnectError('busy', 'The call is already full.', 53105)
    await controller.call(peer)
    expect(controller.getState()).toMatchObject({ phase: 'ended', outcome: 'busy', message: 'The call is already full.' })
  })

  it('answers a ring: joins its room, is in the call with the caller, ends when the room completes', async () => {
    const { bridge, engine, controller } = setup()
    const answering = controller.answer({ room: 'ring-room-777', callerIdentity: calleeIdentity, caller })
    expect(controller.getState()).toEqual({ phase: 'connecting', peer: caller, muted: false, cameraOff: false })
    await vi.waitFor(() => expect(engine.rooms).toHaveLength(1))
    engine.room.peerJoins(calleeIdentity)
    await answering
    expect(controller.getState()).toMatchObject({ phase: 'in-call', peer: caller })
    expect(engine.room.options.room).toBe('ring-room-777')
    engine.room.ends({ reason: 'completed', message: 'The call ended.' })
    expect(controller.getState()).toEqual({ phase: 'ended', peer: caller, outcome: 'answered', message: 'The call ended.', durationSeconds: 0 })
    expect(bridge.requests('video:ring')).toHaveLength(0)
    expect(bridge.requests('call:finished')).toEqual([expect.objectContaining({ direction: 'incoming', outcome: 'answered', room: 'ring-room-777' })])
  })

  it('warms up while a ring is on (token, engine, its connection; never the camera) and answers with what it fetched', async () => {
    const { bridge, engine, devices, controller } = setup()
    controller.warmUp()
    controller.warmUp()
    await vi.waitFor(() => expect(engine.prepared).toBe(1))
    expect(bridge.requests('video:getToken')).toHaveLength(1)
    expect(devices.constraints).toHaveLength(0)
    expect(controller.getState()).toEqual({ phase: 'idle' })
    void controller.answer({ room: 'ring-room-777', callerIdentity: calleeIdentity, caller })
    await vi.waitFor(() => expect(engine.rooms).toHaveLength(1))
    expect(bridge.requests('video:getToken')).toHaveLength(1)
    expect(bridge.channels().filter((channel) => channel === 'settings:get')).toHaveLength(1)
    expect(devices.constraints).toHaveLength(1)
    // The call owns the prepared connection now: connecting took it, nothing released it.
    expect(engine.released).toBe(0)
    controller.coolDown()
    expect(engine.released).toBe(0)
  })

  it('cools down when the ring ends unanswered, or by itself a minute later', async () => {
    const { bridge, engine, controller } = setup()
    controller.warmUp()
    await vi.waitFor(() => expect(engine.prepared).toBe(1))
    controller.coolDown()
    expect(engine.released).toBe(1)
    void controller.answer({ room: 'ring-room-777', callerIdentity: calleeIdentity, caller })
    await vi.waitFor(() => expect(engine.rooms).toHaveLength(1))
    expect(bridge.requests('video:getToken')).toHaveLength(2)
    controller.hangUp()

    controller.warmUp()
    await vi.waitFor(() => expect(engine.prepared).toBe(3))
    await vi.advanceTimersByTimeAsync(59_000)
    expect(engine.released).toBe(2)
    await vi.advanceTimersByTimeAsync(1_000)
    expect(engine.released).toBe(3)
  })

  it('with an engine that takes tracks later, joins while the camera starts and sends it once it is there, muted if the user muted', async () => {
    const { engine, devices, controller } = setup()
    engine.joinsBeforeMedia = true
    let cameraReady: () => void = () => undefined
    devices.userMediaGate = new Promise((resolve) => (cameraReady = resolve))
    void controller.answer({ room: 'ring-room-777', callerIdentity: calleeIdentity, caller })
    await vi.waitFor(() => expect(engine.rooms).toHaveLength(1))
    expect(engine.room.options.tracks).toEqual([])
    engine.room.peerJoins(calleeIdentity)
    expect(controller.getState()).toMatchObject({ phase: 'in-call', peer: caller })
    controller.setMuted(true)
    expect(engine.room.outgoing).toEqual([])
    cameraReady()
    await vi.waitFor(() => expect(engine.room.outgoing.map(([kind, track]) => [kind, track?.kind])).toEqual([
      ['audio', 'audio'],
      ['video', 'video']
    ]))
    const [[, microphone], [, camera]] = engine.room.outgoing
    expect(microphone?.enabled).toBe(false)
    expect(camera?.enabled).toBe(true)
    expect(controller.getMedia().localStream?.getTracks()).toHaveLength(2)
  })

  it('a camera refused after joining early leaves the room and says what to allow', async () => {
    const { engine, devices, controller } = setup()
    engine.joinsBeforeMedia = true
    let cameraAnswers: () => void = () => undefined
    devices.userMediaGate = new Promise((resolve) => (cameraAnswers = resolve))
    devices.userMediaError = domError('NotAllowedError')
    const answering = controller.answer({ room: 'ring-room-777', callerIdentity: calleeIdentity, caller })
    await vi.waitFor(() => expect(engine.rooms).toHaveLength(1))
    cameraAnswers()
    await answering
    expect(engine.room.disconnected).toBe(true)
    const state = controller.getState()
    expect(state).toMatchObject({ phase: 'ended', outcome: 'failed' })
    expect(state.phase === 'ended' && state.message).toMatch(/Shoutit may not use your camera or microphone/)
  })

  it('answering a ring whose caller is gone gives up after 15 s', async () => {
    const { controller } = setup()
    await controller.answer({ room: 'ring-room-777', callerIdentity: calleeIdentity, caller })
    await vi.advanceTimersByTimeAsync(15_000)
    expect(controller.getState()).toMatchObject({ phase: 'ended', outcome: 'failed', message: 'Carol hung up before the call connected.' })
  })

  it('shows the reconnecting banner and network quality from the engine', async () => {
    const { engine, controller } = setup()
    void controller.call(peer)
    await ringing(controller)
    engine.room.peerJoins(calleeIdentity)
    engine.room.events.emit('reconnecting', { code: 53001 })
    engine.room.events.emit('networkQuality', 2)
    expect(controller.getState()).toMatchObject({ phase: 'in-call', reconnecting: true, networkQuality: 2 })
    engine.room.events.emit('reconnected')
    expect(controller.getState()).toMatchObject({ reconnecting: false })
  })

  it('says why our video is sent reduced while the engine reduces it, and stops saying it when it is back to full', async () => {
    const { engine, controller } = setup()
    void controller.call(peer)
    await ringing(controller)
    engine.room.peerJoins(calleeIdentity)
    expect(controller.getState()).not.toHaveProperty('outgoingVideoReduced')
    engine.room.events.emit('outgoingVideoReduced', 'cpu')
    expect(controller.getState()).toMatchObject({ phase: 'in-call', outgoingVideoReduced: 'cpu' })
    engine.room.events.emit('outgoingVideoReduced', 'bandwidth')
    expect(controller.getState()).toMatchObject({ outgoingVideoReduced: 'bandwidth' })
    engine.room.events.emit('outgoingVideoReduced', 'none')
    expect(controller.getState()).not.toHaveProperty('outgoingVideoReduced')
  })

  it('mutes, turns the camera off, and shares the screen in place of the camera, restoring it after', async () => {
    const { engine, controller, devices } = setup()
    void controller.call(peer)
    await ringing(controller)
    engine.room.peerJoins(calleeIdentity)
    controller.setMuted(true)
    controller.setCameraOff(true)
    expect(engine.room.enabled).toEqual([
      ['audio', false],
      ['video', false]
    ])
    expect(controller.getState()).toMatchObject({ muted: true, cameraOff: true })

    await controller.startScreenShare()
    const screen = devices.handedOut.at(-1)!
    expect(engine.room.outgoing.at(-1)).toEqual(['video', screen])
    expect(controller.getState()).toMatchObject({ sharingScreen: true })
    expect(controller.getMedia().localStream?.getVideoTracks()).toEqual([screen])

    await controller.stopScreenShare()
    const camera = engine.room.options.tracks.find((track) => track.kind === 'video')
    expect(engine.room.outgoing.at(-1)).toEqual(['video', camera])
    // The camera comes back still off, as the user left it.
    expect(engine.room.enabled.at(-1)).toEqual(['video', false])
    expect(screen.readyState).toBe('ended')
    expect((camera as unknown as FakeMediaStreamTrack).readyState).toBe('live')
    expect(controller.getState()).toMatchObject({ sharingScreen: false })
  })

  it('reads the call quality figures from the engine: rates between two reads, none outside a call', async () => {
    const { engine, controller } = setup()
    expect(await controller.getCallStats()).toBeNull()
    void controller.call(peer)
    await ringing(controller)
    engine.room.peerJoins(calleeIdentity)
    const snapshot = (timestamp: number, bytes: number) => ({
      timestamp,
      bytesSent: bytes,
      bytesReceived: bytes / 2,
      packetsReceived: bytes / 100,
      packetsLost: 0,
      roundTripTime: 0.02,
      remoteLossFraction: 0,
      sentVideo: { width: 1280, height: 720, framesPerSecond: 30 },
      receivedVideo: { width: 640, height: 480, framesPerSecond: 25 },
      videoCodec: 'VP8',
      audioCodec: 'opus',
      route: 'relayed' as const,
      qualityLimitationReason: 'cpu'
    })
    engine.room.stats.push(snapshot(1_000, 10_000), snapshot(2_000, 110_000))
    expect(await controller.getCallStats()).toMatchObject({ sendBitrate: null, route: 'relayed' })
    expect(await controller.getCallStats()).toMatchObject({ sendBitrate: 800_000, receiveBitrate: 400_000, packetLoss: 0, cause: 'cpu' })
    controller.hangUp()
    expect(await controller.getCallStats()).toBeNull()
  })

  it("keeps hearing the microphone while muted (a clone the room never gets), for the muted hint; stops it when the call ends", async () => {
    const { engine, controller, devices } = setup()
    void controller.call(peer)
    await ringing(controller)
    engine.room.peerJoins(calleeIdentity)
    const microphone = devices.handedOut.find((track) => track.kind === 'audio')!
    const monitor = controller.getMedia().microphoneMonitor?.getAudioTracks()[0] as unknown as FakeMediaStreamTrack | undefined
    expect(monitor?.clonedFrom).toBe(microphone)
    controller.setMuted(true)
    expect(microphone.enabled).toBe(false)
    expect(monitor?.enabled).toBe(true)
    expect(engine.room.options.tracks).not.toContain(monitor)
    controller.hangUp()
    expect(monitor?.readyState).toBe('ended')
  })

  it("shows the other side's mute, camera-off and reconnecting as the engine reports them", async () => {
    const { engine, controller } = setup()
    void controller.call(peer)
    await ringing(controller)
    engine.room.peerJoins(calleeIdentity)
    expect(controller.getState()).toMatchObject({ phase: 'in-call', remote: { audioMuted: false, videoOff: false, reconnecting: false } })
    engine.room.events.emit('remoteState', calleeIdentity, { audioMuted: true, videoOff: true, reconnecting: false })
    expect(controller.getState()).toMatchObject({ remote: { audioMuted: true, videoOff: true, reconnecting: false } })
    engine.room.events.emit('remoteState', calleeIdentity, { audioMuted: true, videoOff: true, reconnecting: true })
    expect(controller.getState()).toMatchObject({ remote: { reconnecting: true } })
  })

  describe('with more than one other participant', () => {
    const carolIdentity = 'c'.repeat(32)
    const daveIdentity = 'd'.repeat(32)
    const inCall = (controller: CallController) => {
      const state = controller.getState()
      if (state.phase !== 'in-call') throw new Error(`not in a call: ${state.phase}`)
      return state
    }

    it('lists everyone in the order they came, each with their own stream and media state', async () => {
      const { engine, controller } = setup()
      void controller.call(peer)
      await ringing(controller)
      engine.room.peerJoins(calleeIdentity)
      engine.room.peerJoins(carolIdentity)
      engine.room.peerJoins(daveIdentity)
      expect(inCall(controller).participants.map((participant) => participant.identity)).toEqual([calleeIdentity, carolIdentity, daveIdentity])
      const media = controller.getMedia()
      expect(Object.keys(media.remoteStreams).sort()).toEqual([calleeIdentity, carolIdentity, daveIdentity])
      const streams = Object.values(media.remoteStreams)
      // Three streams with two tracks each, none shared.
      expect(new Set(streams.flatMap((stream) => stream.getTracks())).size).toBe(6)
      // The 1:1 screens keep working: they show the first one.
      expect(media.remoteStream).toBe(media.remoteStreams[calleeIdentity])

      engine.room.events.emit('remoteState', carolIdentity, { audioMuted: true, videoOff: false, reconnecting: true })
      expect(inCall(controller).participants[1]).toEqual({ identity: carolIdentity, remote: { audioMuted: true, videoOff: false, reconnecting: true }, speaking: false })
      // Carol's state is hers: the first participant's (the 1:1 field) is untouched.
      expect(inCall(controller).remote).toEqual({ audioMuted: false, videoOff: false, reconnecting: false })
    })

    it('marks the dominant speaker, and nobody once the engine says nobody', async () => {
      const { engine, controller } = setup()
      void controller.call(peer)
      await ringing(controller)
      engine.room.peerJoins(calleeIdentity)
      engine.room.peerJoins(carolIdentity)
      engine.room.events.emit('dominantSpeaker', carolIdentity)
      expect(inCall(controller).participants.map((participant) => participant.speaking)).toEqual([false, true])
      engine.room.events.emit('dominantSpeaker', null)
      expect(inCall(controller).participants.map((participant) => participant.speaking)).toEqual([false, false])
    })

    it('goes on while anyone is left, and ends when the last one leaves', async () => {
      const { bridge, engine, controller } = setup()
      void controller.call(peer)
      await ringing(controller)
      engine.room.peerJoins(calleeIdentity)
      engine.room.peerJoins(carolIdentity)
      engine.room.events.emit('dominantSpeaker', calleeIdentity)
      engine.room.peerLeaves(calleeIdentity)
      expect(inCall(controller).participants).toEqual([{ identity: carolIdentity, remote: { audioMuted: false, videoOff: false, reconnecting: false }, speaking: false }])
      // The one left is now the first: the 1:1 field shows them.
      expect(controller.getMedia().remoteStream).toBe(controller.getMedia().remoteStreams[carolIdentity])
      expect(Object.keys(controller.getMedia().remoteStreams)).toEqual([carolIdentity])
      expect(engine.room.disconnected).toBe(false)
      expect(bridge.requests('call:finished')).toEqual([])

      engine.room.peerLeaves(carolIdentity)
      expect(controller.getState()).toMatchObject({ phase: 'ended', outcome: 'answered' })
      expect(engine.room.disconnected).toBe(true)
      // The history waits for the name behind Carol's identity.
      await vi.advanceTimersByTimeAsync(0)
      expect(bridge.requests('call:finished')).toHaveLength(1)
    })
  })

  describe('inviting more people into the call', () => {
    const carol: Profile = { ...peer, id: 'p-4', username: 'carol', name: 'Carol' }
    const dave: Profile = { ...peer, id: 'p-5', username: 'dave', name: 'Dave' }
    const identities: Record<string, string> = { bob: calleeIdentity, carol: 'c'.repeat(32), dave: 'd'.repeat(32) }
    const people = [peer, carol, dave]
    const groupHandlers: Handlers = {
      'video:identity': ({ username }) => ({ identity: identities[username]! }),
      'video:profileOf': ({ identity }) => people.find((person) => identities[person.username] === identity)!
    }
    const invitationStates = (controller: CallController) => {
      const state = controller.getState()
      if (state.phase !== 'in-call') throw new Error(`not in a call: ${state.phase}`)
      return state.invitations.map((invitation) => `${invitation.profile.username}: ${invitation.state}`)
    }
    async function inCallWithBob(handlers: Handlers = {}, options?: { video?: boolean }) {
      const context = setup({ ...groupHandlers, ...handlers })
      void context.controller.call(peer, options)
      await ringing(context.controller)
      context.engine.room.peerJoins(calleeIdentity)
      expect(context.controller.getState()).toMatchObject({ phase: 'in-call', invitations: [] })
      return context
    }

    it("rings the invited person into the call's room with its kind until they join, and the history names them", async () => {
      const { bridge, engine, controller } = await inCallWithBob({}, { video: false })
      controller.invite(carol)
      expect(invitationStates(controller)).toEqual(['carol: looking-up'])
      await vi.advanceTimersByTimeAsync(0)
      expect(invitationStates(controller)).toEqual(['carol: ringing'])
      await vi.advanceTimersByTimeAsync(10_000)
      engine.room.peerJoins(identities.carol!)
      expect(invitationStates(controller)).toEqual(['carol: joined'])
      // Each tile can say who it is: Bob as the call's peer, Carol once her identity is looked up.
      await vi.advanceTimersByTimeAsync(0)
      expect(controller.getState()).toMatchObject({ participants: [{ identity: calleeIdentity, name: peer.name }, { identity: identities.carol, name: 'Carol' }] })
      await vi.advanceTimersByTimeAsync(60_000)
      // Bob's ring, then Carol's until she came (two, ten seconds apart): all into this room, as a voice call.
      expect(bridge.requests('video:ring')).toEqual([
        { identity: calleeIdentity, room: ROOM, kind: 'voice' },
        { identity: identities.carol, room: ROOM, kind: 'voice' },
        { identity: identities.carol, room: ROOM, kind: 'voice' }
      ])
      expect(bridge.requests('video:reportMissed')).toEqual([])
      const bobNamed = { id: peer.id, username: peer.username, name: peer.name }
      const carolNamed = { id: carol.id, username: 'carol', name: 'Carol' }
      // Main (the tray) hears who is in the call: Bob, then Bob and Carol once she is known.
      expect(bridge.requests('call:activity').filter((report) => report.activity === 'in-call').map((report) => report.inCallWith)).toEqual([[bobNamed], [bobNamed, carolNamed]])
      // Bob leaves; Carol stays, so the call goes on.
      engine.room.peerLeaves(calleeIdentity)
      expect(invitationStates(controller)).toEqual(['carol: joined'])
      expect(bridge.requests('call:activity').at(-1)).toMatchObject({ activity: 'in-call', inCallWith: [carolNamed] })
      engine.room.peerLeaves(identities.carol!)
      // The end names who was in the call, and who left last: Carol, not the person first called.
      expect(controller.getState()).toMatchObject({ phase: 'ended', outcome: 'answered', peer, others: [carolNamed], message: 'Carol hung up.' })
      expect(bridge.requests('video:profileOf')).toEqual([{ identity: identities.carol }])
      expect(bridge.requests('call:finished')).toEqual([
        expect.objectContaining({ peer, outcome: 'answered', participants: [{ id: carol.id, username: 'carol', name: 'Carol' }] })
      ])
    })

    it("an invited person's no is theirs alone: declined and busy show on their invitation, the call goes on", async () => {
      const { bridge, controller } = await inCallWithBob()
      controller.invite(carol)
      controller.invite(dave)
      await vi.advanceTimersByTimeAsync(1_000)
      bridge.emit('call:rejected', { room: ROOM, reason: 'rejected', profile: carol })
      bridge.emit('call:rejected', { room: ROOM, reason: 'busy', profile: dave })
      // Someone's answer in another room is not about these invitations.
      bridge.emit('call:rejected', { room: 'some-other-room', reason: 'rejected', profile: carol })
      await vi.advanceTimersByTimeAsync(0)
      expect(invitationStates(controller)).toEqual(['carol: declined', 'dave: busy'])
      expect(controller.getState().phase).toBe('in-call')
      // Each no is followed by its one missed report (docs/api.md §6), and nothing rings after.
      expect(bridge.requests('video:reportMissed')).toEqual([{ identity: identities.carol }, { identity: identities.dave }])
      const rings = bridge.requests('video:ring').length
      await vi.advanceTimersByTimeAsync(60_000)
      expect(bridge.requests('video:ring')).toHaveLength(rings)
      // Who declined may be invited again.
      controller.invite(carol)
      await vi.advanceTimersByTimeAsync(0)
      expect(invitationStates(controller)).toEqual(['carol: ringing', 'dave: busy'])
    })

    it('invites nobody outside a call, nor someone who is in it or already being rung', async () => {
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
      const { bridge, engine, controller } = setup(groupHandlers)
      controller.invite(carol)
      void controller.call(peer)
      await ringing(controller)
      // Still ringing Bob: there is no call to ring Carol into yet.
      controller.invite(carol)
      engine.room.peerJoins(calleeIdentity)
      controller.invite(peer)
      controller.invite(carol)
      controller.invite(carol)
      await vi.advanceTimersByTimeAsync(0)
      engine.room.peerJoins(identities.carol!)
      controller.invite(carol)
      await vi.advanceTimersByTimeAsync(0)
      expect(invitationStates(controller)).toEqual(['carol: joined'])
      expect(bridge.requests('video:identity')).toEqual([{ username: 'bob' }, { username: 'carol' }])
      expect(bridge.requests('video:ring').filter((ring) => (ring as { identity: string }).identity === identities.carol)).toHaveLength(1)
      // Only the invitations' own warnings (the camera chain has no frames API under Node and says so too).
      expect(warn.mock.calls.map(([message]) => String(message)).filter((message) => message.includes('was not invited'))).toEqual([
        'call: carol was not invited: there is no call on to ring them into',
        'call: carol was not invited: there is no call on to ring them into',
        'call: bob was not invited: they are in the call already'
      ])
      warn.mockRestore()
    })

    it('cancelling one invitation stops its ring with a missed report; hanging up stops every ring still on', async () => {
      const { bridge, controller } = await inCallWithBob()
      controller.invite(carol)
      controller.invite(dave)
      await vi.advanceTimersByTimeAsync(2_000)
      controller.cancelInvitation('carol')
      await vi.advanceTimersByTimeAsync(0)
      expect(invitationStates(controller)).toEqual(['carol: cancelled', 'dave: ringing'])
      expect(bridge.requests('video:reportMissed')).toEqual([{ identity: identities.carol }])
      controller.hangUp()
      await vi.advanceTimersByTimeAsync(0)
      expect(controller.getState()).toMatchObject({ phase: 'ended', outcome: 'answered' })
      expect(bridge.requests('video:reportMissed')).toEqual([{ identity: identities.carol }, { identity: identities.dave }])
      const rings = bridge.requests('video:ring').length
      await vi.advanceTimersByTimeAsync(60_000)
      expect(bridge.requests('video:ring')).toHaveLength(rings)
      // Nobody invited came into the room: the history holds the call with Bob alone.
      expect(bridge.requests('call:finished')).toEqual([expect.not.objectContaining({ participants: expect.anything() })])
    })

    it('with an engine that names people by profile id (p2p): an invitee who comes is joined, the peer who left may be invited back', async () => {
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
      const { bridge, engine, controller } = setup(groupHandlers)
      void controller.call(peer)
      await ringing(controller)
      engine.room.peerJoins(peer.id)
      controller.invite(carol)
      await vi.advanceTimersByTimeAsync(0)
      engine.room.peerJoins(carol.id)
      expect(invitationStates(controller)).toEqual(['carol: joined'])
      // Bob is in the call under his profile id: not rung again.
      controller.invite(peer)
      expect(invitationStates(controller)).toEqual(['carol: joined'])
      engine.room.peerLeaves(peer.id)
      controller.invite(peer)
      await vi.advanceTimersByTimeAsync(0)
      expect(invitationStates(controller)).toEqual(['carol: joined', 'bob: ringing'])
      // Dave, invited by someone else, is named by the room itself (p2p presence data).
      engine.room.people.set(dave.id, { id: dave.id, username: 'dave', name: 'Dave' })
      engine.room.peerJoins(dave.id)
      // Someone nobody named comes in: the history cannot say who, and leaves them out.
      engine.room.peerJoins('p-unknown')
      controller.hangUp()
      await vi.advanceTimersByTimeAsync(0)
      expect(bridge.requests('video:profileOf')).toEqual([])
      expect(bridge.requests('call:finished')).toEqual([
        expect.objectContaining({
          participants: [
            { id: carol.id, username: 'carol', name: 'Carol' },
            { id: dave.id, username: 'dave', name: 'Dave' }
          ]
        })
      ])
      warn.mockRestore()
    })

    it("a callee who answered can invite too; the history names everyone else who was in the room, not the caller", async () => {
      const { bridge, engine, controller } = setup(groupHandlers)
      const answering = controller.answer({ room: 'ring-room-777', callerIdentity: identities.dave!, caller: dave })
      await vi.waitFor(() => expect(engine.rooms).toHaveLength(1))
      engine.room.peerJoins(identities.dave!)
      await answering
      controller.invite(carol)
      await vi.advanceTimersByTimeAsync(0)
      expect(bridge.requests('video:ring')).toEqual([{ identity: identities.carol, room: 'ring-room-777', kind: 'video' }])
      engine.room.peerJoins(identities.carol!)
      expect(invitationStates(controller)).toEqual(['carol: joined'])
      // Bob was invited by someone else: he is in the room, and in the history, all the same.
      engine.room.peerJoins(calleeIdentity)
      expect(invitationStates(controller)).toEqual(['carol: joined'])
      // He leaves at once: the history still waits for his name.
      controller.hangUp()
      expect(bridge.requests('call:finished')).toEqual([])
      await vi.advanceTimersByTimeAsync(0)
      expect(bridge.requests('call:finished')).toEqual([
        expect.objectContaining({
          direction: 'incoming',
          peer: dave,
          participants: [
            { id: carol.id, username: 'carol', name: 'Carol' },
            { id: peer.id, username: 'bob', name: 'Bob' }
          ]
        })
      ])
    })
  })

  it('a voice call never asks for the camera, starts camera-off, and turning the camera on later starts and sends one', async () => {
    const { bridge, engine, devices, controller } = setup()
    void controller.call(peer, { video: false })
    await ringing(controller)
    // The callee is told it is a voice call, so their ring says so and answers audio only.
    expect(bridge.requests('video:ring')).toEqual([{ identity: calleeIdentity, room: ROOM, kind: 'voice' }])
    expect(devices.constraints).toHaveLength(1)
    expect(devices.constraints[0]).toMatchObject({ video: false })
    expect(devices.handedOut.map((track) => track.kind)).toEqual(['audio'])
    engine.room.peerJoins(calleeIdentity)
    expect(controller.getState()).toMatchObject({ phase: 'in-call', cameraOff: true })
    expect(engine.room.options.tracks.map((track) => track.kind)).toEqual(['audio'])
    expect(engine.room.enabled).toContainEqual(['video', false])

    controller.setCameraOff(false)
    expect(controller.getState()).toMatchObject({ cameraOff: false })
    await vi.waitFor(() => expect(engine.room.outgoing.at(-1)?.[0]).toBe('video'))
    const camera = devices.handedOut.at(-1)!
    expect(camera.kind).toBe('video')
    expect(camera.enabled).toBe(true)
    expect(engine.room.outgoing.at(-1)).toEqual(['video', camera])
    // Enabled before it is sent: an engine that remembered "camera off" must not disable it.
    expect(engine.room.enabled.at(-1)).toEqual(['video', true])
    expect(controller.getMedia().localStream?.getVideoTracks()).toEqual([camera])
  })

  it('a call that stayed voice-only ends as a voice call (call again the same way); one whose camera came on does not', async () => {
    const voice = setup()
    void voice.controller.call(peer, { video: false })
    await ringing(voice.controller)
    voice.engine.room.peerJoins(calleeIdentity)
    voice.controller.hangUp()
    expect(voice.controller.getState()).toMatchObject({ phase: 'ended', outcome: 'answered', voice: true })

    const cameraLater = setup()
    void cameraLater.controller.call(peer, { video: false })
    await ringing(cameraLater.controller)
    cameraLater.engine.room.peerJoins(calleeIdentity)
    cameraLater.controller.setCameraOff(false)
    cameraLater.controller.hangUp()
    expect(cameraLater.controller.getState()).not.toHaveProperty('voice')

    const video = setup()
    void video.controller.call(peer)
    await ringing(video.controller)
    video.engine.room.peerJoins(calleeIdentity)
    video.controller.setCameraOff(true)
    video.controller.hangUp()
    expect(video.controller.getState()).toMatchObject({ phase: 'ended' })
    expect(video.controller.getState()).not.toHaveProperty('voice')
  })

  it('answers with audio only when asked: no camera, camera off', async () => {
    const { engine, devices, controller } = setup()
    void controller.answer({ room: 'ring-room-778', callerIdentity: calleeIdentity, caller }, { video: false })
    await vi.waitFor(() => expect(engine.rooms).toHaveLength(1))
    engine.room.peerJoins(calleeIdentity)
    await vi.waitFor(() => expect(controller.getState()).toMatchObject({ phase: 'in-call', cameraOff: true }))
    expect(devices.constraints.every((constraints) => constraints.video === false)).toBe(true)
  })

  it('a camera that cannot start for a voice call leaves the camera off', async () => {
    const { engine, devices, controller } = setup()
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    void controller.call(peer, { video: false })
    await ringing(controller)
    engine.room.peerJoins(calleeIdentity)
    devices.userMediaError = domError('NotReadableError')
    controller.setCameraOff(false)
    await vi.waitFor(() => expect(controller.getState()).toMatchObject({ cameraOff: true }))
    expect(warn).toHaveBeenCalled()
    warn.mockRestore()
  })

  it('mute set while ringing, before the room is joined, carries into the connected call', async () => {
    const { engine, devices, controller } = setup()
    let finishJoining: () => void = () => undefined
    engine.connectGate = new Promise((resolve) => (finishJoining = resolve))
    void controller.call(peer)
    await ringing(controller)
    expect(controller.getState()).toMatchObject({ phase: 'ringing', muted: false, cameraOff: false })
    controller.setMuted(true)
    controller.setCameraOff(true)
    expect(controller.getState()).toMatchObject({ phase: 'ringing', muted: true, cameraOff: true })
    finishJoining()
    await vi.waitFor(() => expect(engine.rooms).toHaveLength(1))
    engine.room.peerJoins(calleeIdentity)
    expect(controller.getState()).toMatchObject({ phase: 'in-call', muted: true, cameraOff: true })
    const microphone = devices.handedOut.find((track) => track.kind === 'audio')
    const camera = devices.handedOut.find((track) => track.kind === 'video')
    expect(microphone?.enabled).toBe(false)
    expect(camera?.enabled).toBe(false)
    expect(engine.room.enabled).toEqual(expect.arrayContaining([['audio', false], ['video', false]]))
    expect(engine.room.enabled).not.toContainEqual(['audio', true])
  })

  it('mute and camera set while joining an answered call carry into it; a camera turned on before the media is in starts once it is', async () => {
    const { engine, devices, controller } = setup()
    let cameraReady: () => void = () => undefined
    devices.userMediaGate = new Promise((resolve) => (cameraReady = resolve))
    void controller.answer({ room: 'ring-room-779', callerIdentity: calleeIdentity, caller }, { video: false })
    expect(controller.getState()).toMatchObject({ phase: 'connecting', muted: false, cameraOff: true })
    await vi.waitFor(() => expect(devices.constraints).toHaveLength(1))
    controller.setMuted(true)
    controller.setCameraOff(false)
    expect(controller.getState()).toMatchObject({ phase: 'connecting', muted: true, cameraOff: false })
    // Nothing is started beside the call's own media while it is still coming.
    await vi.advanceTimersByTimeAsync(100)
    expect(devices.constraints).toHaveLength(1)
    cameraReady()
    await vi.waitFor(() => expect(engine.rooms).toHaveLength(1))
    engine.room.peerJoins(calleeIdentity)
    expect(controller.getState()).toMatchObject({ phase: 'in-call', muted: true, cameraOff: false })
    expect(devices.handedOut.find((track) => track.kind === 'audio')?.enabled).toBe(false)
    // The camera asked for meanwhile comes, and is what the room is sent.
    await vi.waitFor(() => expect(devices.handedOut.filter((track) => track.kind === 'video')).toHaveLength(1))
    const camera = devices.handedOut.find((track) => track.kind === 'video')
    await vi.waitFor(() => expect(engine.room.outgoing).toContainEqual(['video', camera]))
    controller.hangUp()
    expect(devices.handedOut.every((track) => track.readyState === 'ended')).toBe(true)
  })

  it('a cancelled screen picker changes nothing', async () => {
    const { engine, controller, devices } = setup()
    void controller.call(peer)
    await ringing(controller)
    engine.room.peerJoins(calleeIdentity)
    devices.displayMediaError = domError('NotAllowedError')
    await controller.startScreenShare()
    expect(engine.room.outgoing).toEqual([])
    expect(controller.getState()).toMatchObject({ sharingScreen: false })
  })

  it('uses the stored settings: ring pause and chosen devices, a device picked since then winning', async () => {
    const { bridge, controller, devices } = setup(
      { 'settings:get': () => ({ doNotDisturb: false, launchAtLogin: false, retryPauseSeconds: 4, hardwareAcceleration: true, noiseSuppression: true, background: 'none', backgroundPictureId: 'dawn', ringtone: 'classic', ringtoneVolume: 40, missedCallNotifications: true, theme: 'system', pictureInPicture: true, language: 'system', checkDevicesBeforeCall: false, cameraId: 'cam-2', microphoneId: 'mic-2' }) },
      {}
    )
    await controller.setDevices({ microphoneId: 'mic-9' })
    void controller.call(peer)
    await ringing(controller)
    await vi.advanceTimersByTimeAsync(8_000)
    expect(bridge.requests('video:ring')).toHaveLength(3)
    expect(devices.constraints[0]).toMatchObject({
      audio: { deviceId: { exact: 'mic-9' } },
      video: { deviceId: { exact: 'cam-2' } }
    })
  })

  it('reads the settings once, then follows settings:changed, and loads each engine once per session', async () => {
    const stored = { doNotDisturb: false, launchAtLogin: false, retryPauseSeconds: 4, hardwareAcceleration: true, noiseSuppression: true, background: 'none' as const, backgroundPictureId: 'dawn' as const, ringtone: 'classic' as const, ringtoneVolume: 40, missedCallNotifications: true, theme: 'system' as const, pictureInPicture: true, language: 'system' as const, checkDevicesBeforeCall: false, cameraId: 'cam-2', microphoneId: 'mic-2' }
    const bridge = new FakeBridge({
      'video:identity': () => ({ identity: calleeIdentity }),
      'video:getToken': () => ({ token: 'jwt', identity: myIdentity, expiresAt: 9_999_999_999, provider: 'p2p' }),
      'video:ring': () => ({ available: true }),
      'settings:get': () => stored
    })
    const engine = new FakeEngine()
    const devices = new FakeDevices()
    let engineLoads = 0
    const controller = createCallController(bridge, {}, {
      clock: systemClock,
      devices,
      loadEngine: async () => {
        engineLoads += 1
        return engine
      },
      createStream: fakeStream,
      newRoomName: () => ROOM
    })
    const ringsAfter = async (ms: number) => {
      const before = bridge.requests('video:ring').length
      void controller.call(peer)
      await ringing(controller)
      await vi.advanceTimersByTimeAsync(ms)
      const rung = bridge.requests('video:ring').length - before
      controller.hangUp()
      controller.dismiss()
      return rung
    }
    expect(await ringsAfter(4_000)).toBe(2)
    bridge.emit('settings:changed', { ...stored, retryPauseSeconds: 7 })
    expect(await ringsAfter(4_000)).toBe(1)
    expect(await ringsAfter(7_000)).toBe(2)
    expect(bridge.channels().filter((channel) => channel === 'settings:get')).toHaveLength(1)
    expect(devices.constraints[0]?.video).toMatchObject({ deviceId: { exact: 'cam-2' } })
    expect(engineLoads).toBe(1)

    // Disposed: an active call is hung up, and main's announcements are no longer followed.
    void controller.call(peer)
    await ringing(controller)
    controller.dispose()
    expect(controller.getState()).toMatchObject({ phase: 'ended', outcome: 'cancelled' })
    bridge.emit('settings:changed', { ...stored, retryPauseSeconds: 2 })
    controller.dismiss()
    expect(await ringsAfter(2_000)).toBe(1)
  })

  it('switches only the device that changed during a call, keeping mute and camera-off', async () => {
    const { engine, controller, devices } = setup()
    await controller.setDevices({ cameraId: '', microphoneId: '' })
    void controller.call(peer)
    await ringing(controller)
    engine.room.peerJoins(calleeIdentity)
    controller.setMuted(true)
    const [firstMicrophone, firstCamera] = devices.handedOut
    await controller.setDevices({ cameraId: 'cam-2', microphoneId: '' })
    expect(engine.room.outgoing.map(([kind]) => kind)).toEqual(['video'])
    const [, newCamera] = engine.room.outgoing[0]!
    expect(devices.constraints.at(-1)).toEqual({ video: expect.objectContaining({ deviceId: { exact: 'cam-2' } }) })
    expect(firstCamera!.readyState).toBe('ended')
    expect(firstMicrophone!.readyState).toBe('live')
    expect(controller.getMedia().localStream?.getVideoTracks()).toEqual([newCamera])

    await controller.setDevices({ cameraId: 'cam-2', microphoneId: 'mic-3' })
    expect(engine.room.outgoing.map(([kind]) => kind)).toEqual(['video', 'audio'])
    expect((engine.room.outgoing[1]![1] as unknown as FakeMediaStreamTrack).enabled).toBe(false)
    expect(firstMicrophone!.readyState).toBe('ended')
  })

  it('refuses a second call while one is on', async () => {
    const { controller } = setup()
    void controller.call(peer)
    await ringing(controller)
    await expect(controller.call(caller)).rejects.toThrow(/already in progress/)
  })
})
