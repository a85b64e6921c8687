// The call's microphone through the noise-suppression chain: what the room is sent, what
// getUserMedia is asked for, the setting followed mid-call without a new track, and a chain
// that fails leaving the raw microphone on. The chain itself (RNNoise on real audio) is
// tested in tests/browser/call/noise-suppression.test.ts.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Profile } from '../../../../common/api'
import type { Settings } from '../../../../common/ipc'
import { DEFAULT_SETTINGS } from '../../../../main/services/core/settings'
import { systemClock } from '../../../../renderer/calling/clock'
import { createCallController } from '../../../../renderer/calling/controller'
import type { MicrophoneChain, StartMicrophoneChain } from '../../../../renderer/calling/microphone-chain'
import { fakeTrack } from './fake-twilio-video'
import { FakeBridge, FakeDevices, FakeEngine, fakeStream } from './fakes'

const peer: Profile = { id: 'p-2', username: 'bob', name: 'Bob', type: 'user', first_name: '', last_name: '', image: null }
const calleeIdentity = 'b'.repeat(32)
const stored: Settings = { ...DEFAULT_SETTINGS }

class FakeChain implements MicrophoneChain {
  readonly output = fakeTrack('audio')
  readonly inputs: MediaStreamTrack[] = []
  closed = false
  constructor(
    input: MediaStreamTrack,
    public suppressing: boolean
  ) {
    this.inputs.push(input)
  }
  setInput(track: MediaStreamTrack): void {
    this.inputs.push(track)
  }
  setSuppression(on: boolean): void {
    this.suppressing = on
  }
  close(): void {
    this.closed = true
  }
}

function setup(settings: Settings, startChain?: StartMicrophoneChain) {
  const bridge = new FakeBridge({
    'video:identity': () => ({ identity: calleeIdentity }),
    'video:getToken': () => ({ token: 'jwt', identity: 'a'.repeat(32), expiresAt: 9_999_999_999, provider: 'p2p' }),
    'video:ring': () => ({ available: true }),
    'video:reportMissed': () => ({ ok: true }),
    'settings:get': () => settings
  })
  const engine = new FakeEngine()
  const devices = new FakeDevices()
  const chains: FakeChain[] = []
  const startMicrophoneChain: StartMicrophoneChain =
    startChain ??
    (async (input, suppress) => {
      const chain = new FakeChain(input, suppress)
      chains.push(chain)
      return chain
    })
  const controller = createCallController(bridge, {}, { clock: systemClock, devices, loadEngine: async () => engine, createStream: fakeStream, newRoomName: () => 'call-room-0001', startMicrophoneChain })
  return { bridge, engine, devices, controller, chains }
}

async function inCall({ engine, controller }: ReturnType<typeof setup>): Promise<void> {
  void controller.call(peer)
  await vi.waitFor(() => expect(controller.getState().phase).toBe('ringing'))
  engine.room.peerJoins(calleeIdentity)
}

describe('noise suppression in a call', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it("sends the chain's output, with the browser's own suppression off under RNNoise, and keeps echo cancellation and gain control", async () => {
    const world = setup(stored)
    await inCall(world)
    const [chain] = world.chains
    expect(chain?.suppressing).toBe(true)
    expect(world.devices.constraints[0]?.audio).toMatchObject({ echoCancellation: true, autoGainControl: true, noiseSuppression: false })
    expect(chain?.inputs).toEqual([world.devices.handedOut[0]])
    expect(world.engine.room.options.tracks[0]).toBe(chain?.output)
    expect(world.controller.getState()).toMatchObject({ phase: 'in-call', noiseSuppression: 'on' })
    world.controller.hangUp()
    expect(chain?.closed).toBe(true)
  })

  it('follows the setting mid-call by reconnecting the chain: the room keeps its track', async () => {
    const world = setup({ ...stored, noiseSuppression: false })
    await inCall(world)
    const [chain] = world.chains
    expect(world.devices.constraints[0]?.audio).toMatchObject({ noiseSuppression: true })
    expect(world.controller.getState()).toMatchObject({ noiseSuppression: 'off' })

    world.bridge.emit('settings:changed', { ...stored, noiseSuppression: true })
    expect(chain?.suppressing).toBe(true)
    expect(world.controller.getState()).toMatchObject({ noiseSuppression: 'on' })
    world.bridge.emit('settings:changed', { ...stored, noiseSuppression: false })
    expect(chain?.suppressing).toBe(false)
    expect(world.controller.getState()).toMatchObject({ noiseSuppression: 'off' })
    expect(world.engine.room.outgoing).toEqual([])
    expect(world.chains).toHaveLength(1)
  })

  it('feeds a newly picked microphone into the same chain, asked for without the browser suppression', async () => {
    const world = setup(stored)
    await inCall(world)
    await world.controller.setDevices({ microphoneId: 'mic-2' })
    const [chain] = world.chains
    expect(world.devices.constraints[1]?.audio).toMatchObject({ deviceId: { exact: 'mic-2' }, noiseSuppression: false })
    expect(chain?.inputs.at(-1)).toBe(world.devices.handedOut.at(-1))
    expect(world.engine.room.outgoing).toEqual([])
  })

  it('goes on with the raw microphone when the chain fails, says so, and logs why', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const world = setup(stored, () => Promise.reject(new Error('the RNNoise worklet did not load')))
    await inCall(world)
    expect(world.engine.room.options.tracks[0]).toBe(world.devices.handedOut[0])
    expect(world.controller.getState()).toMatchObject({ phase: 'in-call', noiseSuppression: 'unavailable' })
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('noise suppression is unavailable'), 'the RNNoise worklet did not load')
    warn.mockRestore()
  })
})
