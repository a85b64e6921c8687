import { createRequire } from 'node:module'
import { describe, expect, it, vi } from 'vitest'
import { EngineConnectError, type EngineConnectOptions, type EngineRoom, type RemoteMediaState, type RoomEnded } from '../../../../renderer/calling/engine'
import { callStats } from '../../../../renderer/calling/call-stats'
import { createTwilioEngine, type TwilioStatsReportLike } from '../../../../renderer/calling/twilio-engine'
import { FakeMediaStreamTrack, FakeTwilioVideo, fakeTrack, twilioError } from './fake-twilio-video'

/** The SDK's own check of ConnectOptions.bandwidthProfile: null when it accepts it. */
const { validateBandwidthProfile } = createRequire(import.meta.url)('twilio-video/es5/util/validate') as { validateBandwidthProfile: (profile: unknown) => Error | null }

function options(overrides: Partial<EngineConnectOptions> = {}): EngineConnectOptions {
  return {
    room: 'room-0123456789',
    token: 'token-1',
    identity: 'a'.repeat(32),
    tracks: [fakeTrack('audio'), fakeTrack('video')],
    refreshToken: vi.fn(async () => 'token-2'),
    ...overrides
  }
}

function record(room: EngineRoom) {
  const log: string[] = []
  const ended: RoomEnded[] = []
  room.on('participantConnected', (identity) => log.push(`joined:${identity}`))
  room.on('participantDisconnected', (identity) => log.push(`left:${identity}`))
  room.on('trackSubscribed', (track, identity) => log.push(`track+:${identity}:${track.kind}`))
  room.on('trackUnsubscribed', (track, identity) => log.push(`track-:${identity}:${track.kind}`))
  room.on('reconnecting', (detail) => log.push(`reconnecting:${detail.code ?? ''}`))
  room.on('reconnected', () => log.push('reconnected'))
  room.on('networkQuality', (level) => log.push(`quality:${level}`))
  room.on('disconnected', (end) => ended.push(end))
  return { log, ended }
}

describe('twilio engine', () => {
  it('joins with the group-room options: adaptive simulcast, a bandwidth profile the SDK accepts, and the dominant speaker', async () => {
    const video = new FakeTwilioVideo()
    await createTwilioEngine(video).connect(options())
    const sdkOptions = video.lastRoom.options
    expect(sdkOptions.preferredVideoCodecs).toBe('auto')
    expect(sdkOptions.bandwidthProfile).toEqual({ video: { mode: 'grid', clientTrackSwitchOffControl: 'auto', contentPreferencesMode: 'auto' } })
    expect(validateBandwidthProfile(sdkOptions.bandwidthProfile)).toBeNull()
    // The validator is a real one: a mode it does not know is refused.
    expect(validateBandwidthProfile({ video: { mode: 'tiles' } })).toBeInstanceOf(Error)
    expect(sdkOptions.dominantSpeaker).toBe(true)
    expect(sdkOptions.networkQuality).toEqual({ local: 1, remote: 1 })
  })

  it('keeps every remote participant apart: each with its own tracks and state; one leaving takes only theirs', async () => {
    const video = new FakeTwilioVideo()
    const room = await createTwilioEngine(video).connect(options())
    const sdkRoom = video.lastRoom
    const { log } = record(room)
    const states: string[] = []
    room.on('remoteState', (identity, state) => states.push(`${identity[0]}:${state.audioMuted ? 'muted' : 'on'}`))
    const tracks = new Map<string, MediaStreamTrack[]>()
    room.on('trackSubscribed', (track, identity) => tracks.set(identity, [...(tracks.get(identity) ?? []), track]))
    const [bob, carol, dave] = ['b', 'c', 'd'].map((letter) => sdkRoom.join(letter.repeat(32)))
    expect(room.participants()).toEqual(['b'.repeat(32), 'c'.repeat(32), 'd'.repeat(32)])
    expect([...tracks.values()].map((list) => list.map((track) => track.kind))).toEqual([
      ['audio', 'video'],
      ['audio', 'video'],
      ['audio', 'video']
    ])
    // Each participant's tracks are their own SDK tracks.
    expect(tracks.get('c'.repeat(32))).toEqual([...carol!.tracks.values()].map((publication) => publication.track?.mediaStreamTrack))
    sdkRoom.setTrackEnabled(carol!, 'audio', false)
    expect(states.at(-1)).toBe('c:muted')
    log.length = 0
    sdkRoom.leave(bob!)
    expect(log).toEqual([`track-:${'b'.repeat(32)}:audio`, `track-:${'b'.repeat(32)}:video`, `left:${'b'.repeat(32)}`])
    expect(room.participants()).toEqual(['c'.repeat(32), 'd'.repeat(32)])
    sdkRoom.leave(dave!)
    expect(room.participants()).toEqual(['c'.repeat(32)])
  })

  it("tells the dominant speaker from dominantSpeakerChanged, nobody when it is reset or the speaker leaves, and replays it to a late listener", async () => {
    const video = new FakeTwilioVideo()
    const room = await createTwilioEngine(video).connect(options())
    const sdkRoom = video.lastRoom
    const speakers: Array<string | null> = []
    room.on('dominantSpeaker', (identity) => speakers.push(identity))
    const bob = sdkRoom.join('b'.repeat(32))
    const carol = sdkRoom.join('c'.repeat(32))
    sdkRoom.speaks(carol)
    sdkRoom.speaks(bob)
    sdkRoom.speaks(null)
    sdkRoom.speaks(carol)
    const late: Array<string | null> = []
    room.on('dominantSpeaker', (identity) => late.push(identity))
    expect(late).toEqual(['c'.repeat(32)])
    sdkRoom.leave(carol)
    expect(speakers).toEqual(['c'.repeat(32), 'b'.repeat(32), null, 'c'.repeat(32), null])
  })

  it('joins the named room with our tracks, and maps participants and tracks', async () => {
    const video = new FakeTwilioVideo()
    const room = await createTwilioEngine(video).connect(options())
    const sdkRoom = video.lastRoom
    expect(sdkRoom.name).toBe('room-0123456789')
    expect(sdkRoom.token).toBe('token-1')
    expect(sdkRoom.localParticipant.publishedKinds()).toEqual(['audio', 'video'])

    const { log } = record(room)
    const peer = sdkRoom.join('b'.repeat(32))
    sdkRoom.localParticipant.emit('networkQualityLevelChanged', 4, null)
    sdkRoom.leave(peer)
    expect(log).toEqual([
      `joined:${'b'.repeat(32)}`,
      `track+:${'b'.repeat(32)}:audio`,
      `track+:${'b'.repeat(32)}:video`,
      'quality:4',
      `track-:${'b'.repeat(32)}:audio`,
      `track-:${'b'.repeat(32)}:video`,
      `left:${'b'.repeat(32)}`
    ])
    expect(room.participants()).toEqual([])
  })

  it('replays a peer (and its tracks) already in the room when a listener subscribes late', async () => {
    const video = new FakeTwilioVideo()
    const room = await createTwilioEngine(video).connect(options())
    video.lastRoom.join('c'.repeat(32), ['video'])
    const { log } = record(room)
    expect(log).toEqual([`joined:${'c'.repeat(32)}`, `track+:${'c'.repeat(32)}:video`])
    expect(room.participants()).toEqual(['c'.repeat(32)])
  })

  it('stops its local tracks on hang-up and reports the end as local, once', async () => {
    const video = new FakeTwilioVideo()
    const tracks = [fakeTrack('audio'), fakeTrack('video')]
    const room = await createTwilioEngine(video).connect(options({ tracks }))
    const { ended } = record(room)
    room.disconnect()
    room.disconnect()
    expect(ended).toEqual([{ reason: 'local' }])
    expect(video.lastRoom.state).toBe('disconnected')
    expect(tracks.map((track) => (track as unknown as FakeMediaStreamTrack).readyState)).toEqual(['ended', 'ended'])
  })

  it('on 20104 at connect gets a fresh token from main and joins once more', async () => {
    const video = new FakeTwilioVideo([twilioError('AccessTokenExpiredError'), 'room'])
    const refreshToken = vi.fn(async () => 'token-2')
    const room = await createTwilioEngine(video).connect(options({ refreshToken }))
    expect(video.tokens).toEqual(['token-1', 'token-2'])
    expect(refreshToken).toHaveBeenCalledTimes(1)
    expect(room.name).toBe('room-0123456789')
  })

  it('rejoins only once: a second 20104 fails the join', async () => {
    const video = new FakeTwilioVideo([twilioError('AccessTokenExpiredError'), twilioError('AccessTokenExpiredError')])
    const attempt = createTwilioEngine(video).connect(options())
    await expect(attempt).rejects.toBeInstanceOf(EngineConnectError)
    await expect(attempt).rejects.toMatchObject({ reason: 'failed', code: 20104 })
    expect(video.tokens).toEqual(['token-1', 'token-2'])
  })

  it('reports a failed token renewal as a clear join failure', async () => {
    const video = new FakeTwilioVideo([twilioError('AccessTokenExpiredError')])
    const refreshToken = vi.fn(async () => {
      throw new Error('offline')
    })
    await expect(createTwilioEngine(video).connect(options({ refreshToken }))).rejects.toMatchObject({
      reason: 'failed',
      message: expect.stringContaining('offline')
    })
  })

  it.each([
    ['RoomMaxParticipantsExceededError', 'busy', 53105],
    ['RoomCompletedError', 'completed', 53118],
    ['ParticipantDuplicateIdentityError', 'duplicate-identity', 53205],
    ['SignalingConnectionError', 'failed', 53000]
  ])('maps %s at connect to %s without a rejoin', async (errorName, reason, code) => {
    const video = new FakeTwilioVideo([twilioError(errorName)])
    await expect(createTwilioEngine(video).connect(options())).rejects.toMatchObject({ reason, code })
    expect(video.tokens).toHaveLength(1)
  })

  it.each([
    ['SignalingConnectionDisconnectedError', 53001],
    ['MediaConnectionError', 53405]
  ])('shows the banner on reconnecting with %s and waits for reconnected', async (errorName, code) => {
    const video = new FakeTwilioVideo()
    const room = await createTwilioEngine(video).connect(options())
    const { log, ended } = record(room)
    video.lastRoom.reconnecting(twilioError(errorName))
    expect(log).toEqual([`reconnecting:${code}`])
    video.lastRoom.reconnected()
    expect(log).toEqual([`reconnecting:${code}`, 'reconnected'])
    expect(ended).toEqual([])
    expect(video.rooms).toHaveLength(1)
  })

  it('53205 while in the room: "joined from another device", no rejoin', async () => {
    const video = new FakeTwilioVideo()
    const refreshToken = vi.fn(async () => 'token-2')
    const room = await createTwilioEngine(video).connect(options({ refreshToken }))
    const { ended } = record(room)
    video.lastRoom.fail(twilioError('ParticipantDuplicateIdentityError'))
    await vi.waitFor(() => expect(ended).toHaveLength(1))
    expect(ended[0]).toEqual({ reason: 'duplicate-identity', message: 'You joined this call from another device.', code: 53205 })
    expect(refreshToken).not.toHaveBeenCalled()
    expect(video.rooms).toHaveLength(1)
  })

  it('53118 while in the room ends the call', async () => {
    const video = new FakeTwilioVideo()
    const room = await createTwilioEngine(video).connect(options())
    const { ended } = record(room)
    video.lastRoom.fail(twilioError('RoomCompletedError'))
    await vi.waitFor(() => expect(ended).toEqual([{ reason: 'completed', message: 'The call ended.', code: 53118 }]))
  })

  it('20104 while in the room rejoins once with a fresh token and the current tracks, behind the banner', async () => {
    const video = new FakeTwilioVideo()
    const refreshToken = vi.fn(async () => 'token-2')
    const room = await createTwilioEngine(video).connect(options({ refreshToken }))
    const { log, ended } = record(room)
    room.setTrackEnabled('audio', false)
    video.rooms[0]!.fail(twilioError('AccessTokenExpiredError'))
    await vi.waitFor(() => expect(video.rooms).toHaveLength(2))
    await vi.waitFor(() => expect(log).toContain('reconnected'))
    const rejoined = video.rooms[1]!
    expect(rejoined.token).toBe('token-2')
    expect(rejoined.localParticipant.publishedKinds()).toEqual(['audio', 'video'])
    const audio = [...rejoined.localParticipant.tracks.values()].find((publication) => publication.track.kind === 'audio')
    expect(audio?.track.isEnabled).toBe(false)
    expect(log).toEqual(['reconnecting:20104', 'reconnected'])

    // Events now come from the new room only; a second expiry is not renewed again.
    rejoined.join('d'.repeat(32), [])
    video.rooms[0]!.emit('participantConnected', { identity: 'stale' })
    expect(log).toEqual(['reconnecting:20104', 'reconnected', `joined:${'d'.repeat(32)}`])
    rejoined.fail(twilioError('AccessTokenExpiredError'))
    await vi.waitFor(() => expect(ended).toHaveLength(1))
    expect(ended[0]).toMatchObject({ reason: 'failed', code: 20104 })
    expect(video.rooms).toHaveLength(2)
  })

  it('replaces the outgoing video (screen share) and restores the camera, keeping the camera track alive', async () => {
    const video = new FakeTwilioVideo()
    const camera = fakeTrack('video')
    const room = await createTwilioEngine(video).connect(options({ tracks: [fakeTrack('audio'), camera] }))
    const screen = fakeTrack('video')
    await room.setOutgoingTrack('video', screen)
    const published = () => [...video.lastRoom.localParticipant.tracks.values()].map((publication) => publication.track.mediaStreamTrack)
    expect(published()).toContain(screen)
    expect(published()).not.toContain(camera)
    expect((camera as unknown as FakeMediaStreamTrack).readyState).toBe('live')
    await room.setOutgoingTrack('video', camera)
    expect(published()).toContain(camera)
    expect(published()).not.toContain(screen)
  })

  it('mutes through the SDK track so the other side is told', async () => {
    const video = new FakeTwilioVideo()
    const room = await createTwilioEngine(video).connect(options())
    room.setTrackEnabled('video', false)
    const states = [...video.lastRoom.localParticipant.tracks.values()].map((publication) => [publication.track.kind, publication.track.isEnabled])
    expect(states.sort()).toEqual([
      ['audio', true],
      ['video', false]
    ])
  })

  it("maps room.getStats() (twilio-video's StatsReport) to the Call quality panel's figures", async () => {
    const video = new FakeTwilioVideo()
    const room = await createTwilioEngine(video).connect(options())
    // As twilio-video reports a 1:1 call: round trip in milliseconds, dimensions as objects.
    const report = (at: number, kilobytes: number): TwilioStatsReportLike => ({
      localAudioTrackStats: [{ timestamp: at, codec: 'opus', bytesSent: kilobytes * 100, packetsSent: 500, packetsLost: 5, roundTripTime: 80 }],
      localVideoTrackStats: [
        { timestamp: at, codec: 'VP8', bytesSent: kilobytes * 900, packetsSent: 1_500, packetsLost: 20, roundTripTime: 90, dimensions: { width: 640, height: 360 }, frameRate: 24, qualityLimitationReason: 'bandwidth' }
      ],
      remoteAudioTrackStats: [{ timestamp: at, codec: 'opus', bytesReceived: kilobytes * 50, packetsReceived: kilobytes, packetsLost: 0 }],
      remoteVideoTrackStats: [{ timestamp: at, codec: 'VP8', bytesReceived: kilobytes * 450, packetsReceived: kilobytes * 3, packetsLost: kilobytes / 10, dimensions: { width: 1280, height: 720 }, frameRate: 30 }]
    })
    expect(await room.getStats?.()).toBeNull()
    video.lastRoom.stats = [report(10_000, 100)]
    const first = await room.getStats?.()
    video.lastRoom.stats = [report(12_000, 200)]
    const second = await room.getStats?.()
    expect(first).not.toBeNull()
    expect(second).not.toBeNull()
    if (!first || !second) return
    expect(callStats(first, second)).toEqual({
      // 100 000 more bytes each way in 2 s.
      sendBitrate: 400_000,
      receiveBitrate: 200_000,
      packetLoss: 10 / 410,
      remoteLossFraction: 25 / 2_025,
      roundTripTime: 0.09,
      sentVideo: { width: 640, height: 360, framesPerSecond: 24 },
      receivedVideo: { width: 1280, height: 720, framesPerSecond: 30 },
      videoCodec: 'VP8',
      audioCodec: 'opus',
      route: null,
      qualityLimitationReason: 'bandwidth',
      cause: 'network'
    })
  })

  it('a listener that throws does not stop the others', async () => {
    const video = new FakeTwilioVideo()
    const room = await createTwilioEngine(video).connect(options())
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    room.on('participantConnected', () => {
      throw new Error('buggy view')
    })
    const { log } = record(room)
    video.lastRoom.join('e'.repeat(32), [])
    expect(log).toEqual([`joined:${'e'.repeat(32)}`])
    expect(errors).toHaveBeenCalled()
    errors.mockRestore()
  })

  it('tells the remote participant\'s mute, camera-off and reconnecting from trackDisabled/trackEnabled and participantReconnecting/Reconnected', async () => {
    const video = new FakeTwilioVideo()
    const room = await createTwilioEngine(video).connect(options())
    const sdkRoom = video.lastRoom
    const states: Array<[string, RemoteMediaState]> = []
    room.on('remoteState', (identity, state) => states.push([identity, state]))
    const bob = 'b'.repeat(32)
    const peer = sdkRoom.join(bob)
    expect(states.at(-1)).toEqual([bob, { audioMuted: false, videoOff: false, reconnecting: false }])
    const told = states.length

    sdkRoom.setTrackEnabled(peer, 'audio', false)
    expect(states.at(-1)).toEqual([bob, { audioMuted: true, videoOff: false, reconnecting: false }])
    sdkRoom.setTrackEnabled(peer, 'video', false)
    expect(states.at(-1)).toEqual([bob, { audioMuted: true, videoOff: true, reconnecting: false }])
    sdkRoom.participantReconnecting(peer)
    expect(states.at(-1)).toEqual([bob, { audioMuted: true, videoOff: true, reconnecting: true }])
    sdkRoom.participantReconnected(peer)
    sdkRoom.setTrackEnabled(peer, 'audio', true)
    sdkRoom.setTrackEnabled(peer, 'video', true)
    expect(states.at(-1)).toEqual([bob, { audioMuted: false, videoOff: false, reconnecting: false }])
    // Each change told once: six changes after joining.
    expect(states.length - told).toBe(6)

    // A listener that subscribes late hears the current state at once.
    sdkRoom.setTrackEnabled(peer, 'video', false)
    const late: RemoteMediaState[] = []
    room.on('remoteState', (_identity, state) => late.push(state))
    expect(late).toEqual([{ audioMuted: false, videoOff: true, reconnecting: false }])
  })

  it('a participant who publishes no video is shown as camera off', async () => {
    const video = new FakeTwilioVideo()
    const room = await createTwilioEngine(video).connect(options())
    const states: RemoteMediaState[] = []
    room.on('remoteState', (_identity, state) => states.push(state))
    video.lastRoom.join('f'.repeat(32), ['audio'])
    expect(states.at(-1)).toEqual({ audioMuted: false, videoOff: true, reconnecting: false })
  })
})
