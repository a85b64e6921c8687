// The camera chain's state logic, with its browser parts (frame reader, canvas, effects)
// replaced by recording fakes: what it draws for each frame, the state it reports, and the
// fall-back to the raw camera when an effect cannot load, loads too slowly, or fails.
import { describe, expect, it, vi } from 'vitest'
import { createCameraChain, type CameraChainDeps, type FrameEffect } from '../../../../renderer/calling/camera-chain'

interface FakeFrame {
  displayWidth: number
  displayHeight: number
  closed: boolean
  close(): void
}

function fakeFrame(): FakeFrame {
  return {
    displayWidth: 640,
    displayHeight: 480,
    closed: false,
    close() {
      this.closed = true
    }
  }
}

function setup(createEffect: CameraChainDeps['createEffect'], loadTimeoutMs?: number) {
  const drawn: string[] = []
  const canvas = { width: 0, height: 0, getContext: () => ({ drawImage: () => drawn.push('raw') }) }
  const output = { stopped: false, stop() { this.stopped = true } }
  const sources: { track: unknown; onFrame: (frame: VideoFrame) => Promise<void>; stopped: boolean }[] = []
  const states: string[] = []
  const unavailable: unknown[] = []
  const chain = createCameraChain({ id: 'camera-1' } as unknown as MediaStreamTrack, {
    createEffect,
    readFrames: (track, onFrame) => {
      const source = { track, onFrame, stopped: false }
      sources.push(source)
      return { stop: () => void (source.stopped = true) }
    },
    createOutput: () => ({ canvas: canvas as unknown as HTMLCanvasElement, track: output as unknown as MediaStreamTrack }),
    onState: (state) => states.push(state),
    onUnavailable: (reason) => unavailable.push(reason),
    ...(loadTimeoutMs !== undefined ? { loadTimeoutMs } : {})
  })
  const frame = async () => {
    const f = fakeFrame()
    await sources.at(-1)!.onFrame(f as unknown as VideoFrame)
    return f
  }
  return { chain, drawn, canvas, output, sources, states, unavailable, frame }
}

const drawingEffect = (drawn: string[], name: string): FrameEffect => ({
  render: async () => {
    drawn.push(name)
  }
})

describe('camera chain', () => {
  it('reads no frame while no effect is chosen, draws through the effect while one is, and stops reading when it goes', async () => {
    let drawn: string[] = []
    const t = setup(async (choice) => drawingEffect(drawn, choice.kind))
    drawn = t.drawn
    // With no effect the raw camera goes out (local-media.ts): nothing here reads or draws.
    expect(t.sources).toHaveLength(0)
    expect(t.chain.state).toBe('off')
    await t.chain.setBackground({ kind: 'blur' })
    expect(t.chain.state).toBe('on')
    expect(t.sources).toHaveLength(1)
    const first = await t.frame()
    expect(t.drawn).toEqual(['blur'])
    expect(first.closed).toBe(true)
    expect(t.canvas.width).toBe(640)
    await t.chain.setBackground({ kind: 'none' })
    expect(t.sources[0]!.stopped).toBe(true)
    await t.chain.setBackground({ kind: 'picture', pictureId: 'lake' })
    expect(t.sources).toHaveLength(2)
    await t.frame()
    expect(t.drawn).toEqual(['blur', 'picture'])
    expect(t.states).toEqual(['loading', 'on', 'off', 'loading', 'on'])
  })

  it('draws the raw camera while the effect loads, so its output is current when the effect turns on', async () => {
    let finish: (effect: FrameEffect) => void = () => undefined
    const t = setup(() => new Promise<FrameEffect>((resolve) => (finish = resolve)))
    const setting = t.chain.setBackground({ kind: 'blur' })
    expect(t.chain.state).toBe('loading')
    await t.frame()
    expect(t.drawn).toEqual(['raw'])
    finish(drawingEffect(t.drawn, 'blur'))
    await setting
    await t.frame()
    expect(t.drawn).toEqual(['raw', 'blur'])
  })

  it("falls back to the raw camera and says 'unavailable' when the model does not load", async () => {
    const t = setup(() => Promise.reject(new Error('CompileError: WebAssembly.instantiate(): refused by CSP')))
    await t.chain.setBackground({ kind: 'blur' })
    expect(t.chain.state).toBe('unavailable')
    expect(String(t.unavailable[0])).toMatch(/CompileError/)
    // The raw camera goes out instead of the chain's output (local-media.ts): reading stops.
    expect(t.sources.every((source) => source.stopped)).toBe(true)
    expect(t.output.stopped).toBe(false)
  })

  it('gives up on an effect that loads too slowly', async () => {
    vi.useFakeTimers()
    try {
      const t = setup(() => new Promise<FrameEffect>(() => undefined), 2_000)
      const setting = t.chain.setBackground({ kind: 'picture', pictureId: 'lake' })
      expect(t.chain.state).toBe('loading')
      await vi.advanceTimersByTimeAsync(2_000)
      await setting
      expect(t.chain.state).toBe('unavailable')
      expect(String(t.unavailable[0])).toMatch(/did not load within 2 s/)
    } finally {
      vi.useRealTimers()
    }
  })

  it('an effect that fails mid-call leaves the raw camera for that frame and after', async () => {
    const t = setup(async () => ({ render: () => Promise.reject(new Error('worker lost')) }))
    await t.chain.setBackground({ kind: 'blur' })
    await t.frame()
    expect(t.chain.state).toBe('unavailable')
    expect(t.drawn).toEqual(['raw'])
    expect(t.sources[0]!.stopped).toBe(true)
  })

  it('a later choice wins over an effect still loading', async () => {
    let finishBlur: (effect: FrameEffect) => void = () => undefined
    const drawn: string[] = []
    const t = setup((choice) => (choice.kind === 'blur' ? new Promise<FrameEffect>((resolve) => (finishBlur = resolve)) : Promise.resolve(drawingEffect(drawn, 'picture'))))
    const blur = t.chain.setBackground({ kind: 'blur' })
    await t.chain.setBackground({ kind: 'picture', pictureId: 'dawn' })
    finishBlur(drawingEffect(drawn, 'blur'))
    await blur
    expect(t.chain.state).toBe('on')
    expect(t.chain.background).toEqual({ kind: 'picture', pictureId: 'dawn' })
    await t.frame()
    expect(drawn).toEqual(['picture'])
  })

  it('drops a frame that comes while the last one is still drawn, and closes it', async () => {
    let release: () => void = () => undefined
    const t = setup(async () => ({ render: () => new Promise<void>((resolve) => (release = resolve)) }))
    await t.chain.setBackground({ kind: 'blur' })
    const slow = t.frame()
    const dropped = await t.frame()
    expect(dropped.closed).toBe(true)
    release()
    await slow
  })

  it('reads a switched camera, and stops reading and its output when closed', async () => {
    const t = setup(async () => drawingEffect([], 'blur'))
    await t.chain.setBackground({ kind: 'blur' })
    t.chain.setInput({ id: 'camera-2' } as unknown as MediaStreamTrack)
    expect(t.sources).toHaveLength(2)
    expect(t.sources[0]!.stopped).toBe(true)
    expect(t.sources[1]!.track).toEqual({ id: 'camera-2' })
    t.chain.close()
    expect(t.sources[1]!.stopped).toBe(true)
    expect(t.output.stopped).toBe(true)
    await t.chain.setBackground({ kind: 'blur' })
    expect(t.chain.state).toBe('on')
    expect(t.sources).toHaveLength(2)
  })
})
