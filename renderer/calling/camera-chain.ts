// The camera's path to the room: getUserMedia's track → its frames, one by one → the
// background effect (none, blur, or a picture behind the person) drawn on a canvas → the
// canvas's captured track, which is what the call sends while an effect is on (local-media.ts
// sends the raw camera otherwise). Switching the background, or the camera, changes what is
// drawn, never the chain's output. The effect's model loads on the first blur or picture
// asked for; when it cannot (a CSP, no WebAssembly, a missing file, too slow), the chain
// says 'unavailable'. Frames are read only while an effect is loading or on: with none, the
// chain's output is not sent, and reading and drawing thirty frames a second would cost CPU
// for nothing.
import type { BackgroundChoice, BackgroundState } from '../../common/background'

export type { BackgroundChoice, BackgroundState }

/** Draws one camera frame, with its background replaced, onto `output` (already the frame's size). */
export interface FrameEffect {
  render(frame: VideoFrame, output: HTMLCanvasElement): Promise<void>
}

/** Makes the effect for a choice other than 'none' (loads the model the first time). */
export type CreateEffect = (choice: Exclude<BackgroundChoice, { kind: 'none' }>) => Promise<FrameEffect>

/** Reads a camera's frames and hands each to `onFrame`, which must close it. */
export interface FrameSource {
  stop(): void
}
export type ReadFrames = (track: MediaStreamTrack, onFrame: (frame: VideoFrame) => Promise<void>) => FrameSource

export interface CameraChainDeps {
  createEffect: CreateEffect
  readFrames: ReadFrames
  /** The canvas drawn on, and the track captured from it. */
  createOutput(): { canvas: HTMLCanvasElement; track: MediaStreamTrack }
  /** The state changed (for the call screen and the settings' preview). */
  onState?(state: BackgroundState): void
  /** An effect that does not load within this many ms is given up (default 10 s). */
  loadTimeoutMs?: number
  /** Why an effect is unavailable, for the log. */
  onUnavailable?(reason: unknown): void
}

export interface CameraChain {
  /** The track to send: the same one for the chain's whole life. */
  readonly output: MediaStreamTrack
  readonly state: BackgroundState
  readonly background: BackgroundChoice
  /** Feeds another camera (a switched device) into the chain. */
  setInput(track: MediaStreamTrack): void
  /** Resolves once the effect is drawn, or given up ('unavailable'). */
  setBackground(choice: BackgroundChoice): Promise<void>
  /** Stops the output and the frame reading (the input track is the caller's). */
  close(): void
}

const DEFAULT_LOAD_TIMEOUT_MS = 10_000

export function createCameraChain(initialInput: MediaStreamTrack, deps: CameraChainDeps): CameraChain {
  const { canvas, track: output } = deps.createOutput()
  const context = canvas.getContext('2d')
  if (!context) {
    output.stop()
    throw new Error('the camera chain has no 2D canvas')
  }
  let background: BackgroundChoice = { kind: 'none' }
  let state: BackgroundState = 'off'
  let effect: FrameEffect | null = null
  // Each setBackground call's number: an effect that loads after a later choice is dropped.
  let generation = 0
  let closed = false
  let busy = false
  let input = initialInput
  let source: FrameSource | null = null

  // Reads frames exactly while they are drawn into something that may be sent.
  const followState = (): void => {
    const wanted = !closed && (state === 'loading' || state === 'on')
    if (wanted && !source) source = deps.readFrames(input, onFrame)
    if (!wanted && source) {
      source.stop()
      source = null
    }
  }

  const setState = (next: BackgroundState): void => {
    if (next === state) return
    state = next
    followState()
    deps.onState?.(next)
  }

  const giveUp = (reason: unknown): void => {
    effect = null
    setState('unavailable')
    deps.onUnavailable?.(reason)
  }

  const onFrame = async (frame: VideoFrame): Promise<void> => {
    // A frame that comes while the last is still drawn is dropped: the output keeps real time.
    if (busy || closed) return frame.close()
    busy = true
    try {
      if (canvas.width !== frame.displayWidth) canvas.width = frame.displayWidth
      if (canvas.height !== frame.displayHeight) canvas.height = frame.displayHeight
      const current = effect
      if (current) {
        try {
          await current.render(frame, canvas)
        } catch (error) {
          // An effect that fails mid-call leaves the raw camera, as one that never loaded.
          if (effect === current) giveUp(error)
          context.drawImage(frame, 0, 0)
        }
      } else {
        context.drawImage(frame, 0, 0)
      }
    } finally {
      frame.close()
      busy = false
    }
  }

  return {
    output,
    get state() {
      return state
    },
    get background() {
      return background
    },
    setInput(track) {
      if (closed) return
      input = track
      source?.stop()
      source = null
      followState()
    },
    async setBackground(choice) {
      if (closed) return
      const mine = ++generation
      background = choice
      if (choice.kind === 'none') {
        effect = null
        setState('off')
        return
      }
      setState('loading')
      try {
        const loaded = await withTimeout(deps.createEffect(choice), deps.loadTimeoutMs ?? DEFAULT_LOAD_TIMEOUT_MS)
        if (mine !== generation || closed) return
        effect = loaded
        setState('on')
      } catch (error) {
        if (mine !== generation || closed) return
        giveUp(error)
      }
    },
    close() {
      if (closed) return
      closed = true
      effect = null
      followState()
      output.stop()
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the background effect did not load within ${ms / 1000} s`)), ms)
    promise.then(
      (value) => {
        clearTimeout(timer)
        resolve(value)
      },
      (error: unknown) => {
        clearTimeout(timer)
        reject(error instanceof Error ? error : new Error(String(error)))
      }
    )
  })
}
