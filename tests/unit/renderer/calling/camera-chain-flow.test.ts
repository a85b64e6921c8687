// The call's camera through the camera chain: the room is sent the chain's output, the
// stored background is asked for when the camera starts, the setting followed mid-call and
// a switched camera change the chain, never the sent track, and a page where the chain
// cannot start sends the raw camera. The chain's drawing (blur on a real camera feed) is
// tested in tests/browser/video/background.test.ts.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Profile } from '../../../../common/api'
import type { BackgroundChoice } from '../../../../common/background'
import type { Settings } from '../../../../common/ipc'
import { DEFAULT_SETTINGS } from '../../../../main/services/core/settings'
import type { BackgroundState, CameraChain } from '../../../../renderer/calling/camera-chain'
import type { CameraChainHooks, StartCameraChain } from '../../../../renderer/calling/camera-frames'
import { systemClock } from '../../../../renderer/calling/clock'
import { createCallController } from '../../../../renderer/calling/controller'
import type { StartMicrophoneChain } from '../../../../renderer/calling/microphone-chain'
import { fakeTrack } from './fake-twilio-video'
import { FakeBridge, FakeDevices, FakeEngine, fakeStream } from './fakes'

const peer: Profile = { id: 'p-2', username: 'bob', name: 'Bob', type: 'user', first_name: '', last_name: '', image: null }
const calleeIdentity = 'b'.repeat(32)

class FakeCameraChain implements CameraChain {
  readonly output = fakeTrack('video')
  readonly inputs: MediaStreamTrack[] = []
  readonly choices: BackgroundChoice[] = []
  state: BackgroundState = 'off'
  background: BackgroundChoice = { kind: 'none' }
  closed = false
  constructor(
    input: MediaStreamTrack,
    private readonly hooks: CameraChainHooks
  ) {
    this.inputs.push(input)
  }
  setInput(track: MediaStreamTrack): void {
    this.inputs.push(track)
  }
  async setBackground(choice: BackgroundChoice): Promise<void> {
    this.choices.push(choice)
    this.background = choice
    this.state = choice.kind === 'none' ? 'off' : 'on'
    this.hooks.onState(this.state)
  }
  close(): void {
    this.closed = true
  }
}

// The microphone chain is not what these tests are about: it always fails, the raw microphone goes out.
const noMicrophoneChain: StartMicrophoneChain = () => Promise.reject(new Error('not in this test'))

function setup(settings: Settings, startCameraChain?: StartCameraChain) {
  const bridge = new FakeBridge({
    'video:identity': () => ({ identity: calleeIdentity }),
    'video:getToken': () => ({ token: 'jwt', identity: 'a'.repeat(32), expiresAt: 9_999_999_999, provider: 'p2p' }),
    'video:ring': () => ({ available: true }),
    'video:reportMissed': () => ({ ok: true }),
    'settings:get': () => settings
  })
  const engine = new FakeEngine()
  const devices = new FakeDevices()
  const chains: FakeCameraChain[] = []
  const start: StartCameraChain =
    startCameraChain ??
    ((input, hooks) => {
      const chain = new FakeCameraChain(input, hooks)
      chains.push(chain)
      return chain
    })
  const controller = createCallController(bridge, {}, { clock: systemClock, devices, loadEngine: async () => engine, createStream: fakeStream, newRoomName: () => 'call-room-0001', startMicrophoneChain: noMicrophoneChain, startCameraChain: start })
  return { bridge, engine, devices, controller, chains }
}

async function inCall({ engine, controller }: ReturnType<typeof setup>): Promise<void> {
  void controller.call(peer)
  await vi.waitFor(() => expect(controller.getState().phase).toBe('ringing'))
  engine.room.peerJoins(calleeIdentity)
}

describe('the camera background in a call', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    vi.spyOn(console, 'warn').mockImplementation(() => undefined)
  })
  afterEach(() => {
    vi.useRealTimers()
    vi.restoreAllMocks()
  })

  it("sends the chain's output with the stored background, and closes the chain when the call ends", async () => {
    const world = setup({ ...DEFAULT_SETTINGS, background: 'blur' })
    await inCall(world)
    const [chain] = world.chains
    const camera = world.devices.handedOut.find((track) => track.kind === 'video')
    expect(chain?.inputs).toEqual([camera])
    expect(chain?.choices).toEqual([{ kind: 'blur' }])
    expect(world.engine.room.options.tracks).toContain(chain?.output)
    expect(world.engine.room.options.tracks).not.toContain(camera)
    expect(world.controller.getState()).toMatchObject({ phase: 'in-call', background: 'on' })
    world.controller.hangUp()
    expect(chain?.closed).toBe(true)
  })

  it('sends the camera as it is while no effect is drawn, the chain only while one is; a switched camera changes the chain, not the sent track', async () => {
    const world = setup(DEFAULT_SETTINGS)
    await inCall(world)
    const [chain] = world.chains
    const camera = world.devices.handedOut.find((track) => track.kind === 'video')
    // No background: the raw camera goes out (a captured canvas gives fewer frames than the camera).
    expect(world.engine.room.options.tracks).toContain(camera)
    expect(world.engine.room.options.tracks).not.toContain(chain?.output)
    world.bridge.emit('settings:changed', { ...DEFAULT_SETTINGS, background: 'picture', backgroundPictureId: 'lake' })
    await vi.waitFor(() => expect(world.controller.getState()).toMatchObject({ background: 'on' }))
    expect(chain?.choices.at(-1)).toEqual({ kind: 'picture', pictureId: 'lake' })
    // The effect is on: the chain's output replaces the camera once.
    expect(world.engine.room.outgoing).toEqual([['video', chain?.output]])
    await world.controller.setDevices({ cameraId: 'cam-2' })
    expect(chain?.inputs).toHaveLength(2)
    expect(world.engine.room.outgoing).toEqual([['video', chain?.output]])
    expect(world.chains).toHaveLength(1)
    // No background again: the camera as it is, the new one.
    world.bridge.emit('settings:changed', { ...DEFAULT_SETTINGS, background: 'none' })
    await vi.waitFor(() => expect(world.controller.getState()).toMatchObject({ background: 'off' }))
    expect(world.engine.room.outgoing.at(-1)).toEqual(['video', chain?.inputs[1]])
  })

  it('tells the room the effect costs CPU, and turns it off for this call when the room says the CPU cannot keep up', async () => {
    const world = setup({ ...DEFAULT_SETTINGS, background: 'blur' })
    await inCall(world)
    const [chain] = world.chains
    expect(world.engine.room.effectsActive.at(-1)).toBe(true)
    world.engine.room.events.emit('effectsTooCostly')
    await vi.waitFor(() => expect(world.controller.getState()).toMatchObject({ phase: 'in-call', background: 'off', backgroundShed: true }))
    expect(chain?.choices.at(-1)).toEqual({ kind: 'none' })
    expect(world.engine.room.effectsActive.at(-1)).toBe(false)
    // The setting is not touched: picking another background brings an effect back.
    expect(world.bridge.requests('settings:update')).toEqual([])
    world.bridge.emit('settings:changed', { ...DEFAULT_SETTINGS, background: 'picture', backgroundPictureId: 'lake' })
    await vi.waitFor(() => expect(world.controller.getState()).toMatchObject({ background: 'on' }))
    expect(world.controller.getState()).not.toHaveProperty('backgroundShed')
    expect(world.engine.room.effectsActive.at(-1)).toBe(true)
  })

  it('sends the raw camera where the chain cannot start', async () => {
    const world = setup({ ...DEFAULT_SETTINGS, background: 'blur' }, () => {
      throw new Error('this page cannot process camera frames')
    })
    await inCall(world)
    const camera = world.devices.handedOut.find((track) => track.kind === 'video')
    expect(world.engine.room.options.tracks).toContain(camera)
    expect(world.controller.getState()).not.toHaveProperty('background')
  })
})
