// The browser half of the camera chain: a camera track's frames as VideoFrames (Chromium's
// MediaStreamTrackProcessor, which keeps delivering while the window is hidden, unlike a
// video element's frame callbacks), and the canvas whose captured track is sent.
import { cachedUntilFailure } from './cached'
import { createCameraChain, type BackgroundState, type CameraChain, type FrameSource, type ReadFrames } from './camera-chain'

interface TrackProcessor {
  readable: ReadableStream<VideoFrame>
}
type TrackProcessorConstructor = new (init: { track: MediaStreamTrack; maxBufferSize?: number }) => TrackProcessor

function trackProcessorClass(): TrackProcessorConstructor | undefined {
  return (globalThis as { MediaStreamTrackProcessor?: TrackProcessorConstructor }).MediaStreamTrackProcessor
}

/** Whether this page can run the camera chain at all. */
export function canProcessCamera(): boolean {
  return trackProcessorClass() !== undefined && typeof HTMLCanvasElement !== 'undefined' && typeof HTMLCanvasElement.prototype.captureStream === 'function'
}

export const readFrames: ReadFrames = (track, onFrame) => {
  const Processor = trackProcessorClass()
  if (!Processor) throw new Error('this page has no MediaStreamTrackProcessor')
  // One frame buffered: a slow effect drops frames instead of falling behind.
  const reader = new Processor({ track, maxBufferSize: 1 }).readable.getReader()
  let stopped = false
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read()
        if (done) return
        if (stopped) {
          value.close()
          return
        }
        await onFrame(value)
      }
    } catch (error) {
      if (!stopped) console.warn('camera chain: the camera stopped delivering frames', error)
    }
  })()
  const source: FrameSource = {
    stop() {
      stopped = true
      void reader.cancel().catch(() => undefined)
    }
  }
  return source
}

export function createOutput(frameRate = 30): { canvas: HTMLCanvasElement; track: MediaStreamTrack } {
  const canvas = document.createElement('canvas')
  canvas.width = 640
  canvas.height = 360
  const track = canvas.captureStream(frameRate).getVideoTracks()[0]
  if (!track) throw new Error('the canvas gave no video track')
  // What is sent is a camera's picture, whatever draws it: keep motion smooth over detail.
  track.contentHint = 'motion'
  return { canvas, track }
}

export interface CameraChainHooks {
  onState(state: BackgroundState): void
  onUnavailable(reason: unknown): void
}

export type StartCameraChain = (input: MediaStreamTrack, hooks: CameraChainHooks) => CameraChain

/**
 * The chain as calls run it: frames through MediaStreamTrackProcessor, a captured canvas,
 * and the @twilio/video-processors effects, whose code loads on the first blur or picture.
 */
export function browserCameraChain(pictureUrl: (id: string) => Promise<string>): StartCameraChain {
  const effects = cachedUntilFailure(async () => (await import('./background-effects')).backgroundEffects({ pictureUrl }))
  return (input, hooks) => {
    if (!canProcessCamera()) throw new Error('this page cannot process camera frames')
    return createCameraChain(input, {
      createEffect: async (choice) => (await effects())(choice),
      readFrames,
      createOutput: () => createOutput(),
      onState: hooks.onState,
      onUnavailable: hooks.onUnavailable
    })
  }
}
