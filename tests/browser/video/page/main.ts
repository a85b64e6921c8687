// The background test's page: the app's camera chain (renderer/calling/camera-chain.ts with
// the @twilio/video-processors effects, their model and WebAssembly copied into the build
// as the renderer's build copies them) on Chromium's fake camera, which shows a synthetic
// person (tests/support/synthetic-person.ts). The chain's output and the raw camera are
// drawn at the same size and compared, region by region, and their frame rates counted.
// With no effect (or one that could not load) the call sends the raw camera
// (local-media.ts), so the chain must not even read the camera's frames.
import { backgroundEffects } from '../../../../renderer/calling/background-effects'
import { createCameraChain, type BackgroundChoice, type BackgroundState } from '../../../../renderer/calling/camera-chain'
import { createOutput, readFrames } from '../../../../renderer/calling/camera-frames'
import { isInsidePerson, isWellOutsidePerson } from '../../../support/synthetic-person'
import pictureUrl from './picture.svg?url'

export interface Measured {
  state: BackgroundState
  /** Mean absolute difference per channel (0..255) between output and camera, in each region; null when the output is not sent (no effect on). */
  background: number | null
  person: number | null
  /** Pixels averaged in each region. */
  backgroundPixels: number
  personPixels: number
  /** Camera frames the chain read during the settle time. */
  framesRead: number
  /** Frames per second the camera, and the chain's output (when sent), delivered to a video element during the settle time. */
  cameraFps: number
  outputFps: number | null
}

declare global {
  interface Window {
    backgroundTest: {
      measure(choice: BackgroundChoice, settleMs: number): Promise<Measured>
    }
  }
}

function playing(stream: MediaStream): Promise<HTMLVideoElement> {
  const video = document.createElement('video')
  video.muted = true
  video.srcObject = stream
  document.body.append(video)
  return video.play().then(() => video)
}

/** Counts the frames a playing video presents (requestVideoFrameCallback) until `stop` is called. */
function countFrames(video: HTMLVideoElement): () => number {
  let frames = 0
  let counting = true
  const next = () => {
    if (!counting) return
    frames += 1
    video.requestVideoFrameCallback(next)
  }
  video.requestVideoFrameCallback(next)
  return () => {
    counting = false
    return frames
  }
}

function pixels(video: HTMLVideoElement, width: number, height: number): Uint8ClampedArray {
  const canvas = document.createElement('canvas')
  canvas.width = width
  canvas.height = height
  const context = canvas.getContext('2d')
  if (!context) throw new Error('no 2D canvas')
  context.drawImage(video, 0, 0, width, height)
  return context.getImageData(0, 0, width, height).data
}

window.backgroundTest = {
  async measure(choice, settleMs) {
    const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 } })
    const camera = stream.getVideoTracks()[0]
    if (!camera) throw new Error('no camera')
    const errors: unknown[] = []
    let framesRead = 0
    const chain = createCameraChain(camera, {
      createEffect: backgroundEffects({ pictureUrl: () => Promise.resolve(pictureUrl) }),
      readFrames: (track, onFrame) =>
        readFrames(track, (frame) => {
          framesRead += 1
          return onFrame(frame)
        }),
      createOutput,
      onUnavailable: (reason) => errors.push(reason)
    })
    try {
      await chain.setBackground(choice)
      const sent = chain.state === 'on'
      const raw = await playing(new MediaStream([camera]))
      const processed = sent ? await playing(new MediaStream([chain.output])) : null
      framesRead = 0
      const cameraFrames = countFrames(raw)
      const outputFrames = processed ? countFrames(processed) : null
      // The segmentation's hysteresis settles over a few frames.
      const started = performance.now()
      await new Promise((resolve) => setTimeout(resolve, settleMs))
      const seconds = (performance.now() - started) / 1000
      const cameraFps = cameraFrames() / seconds
      const outputFps = outputFrames ? outputFrames() / seconds : null
      if (errors.length > 0) console.warn('effect unavailable:', String(errors[0]))
      const width = 320
      const height = 240
      const sums = { background: 0, person: 0, backgroundPixels: 0, personPixels: 0 }
      if (processed) {
        const a = pixels(raw, width, height)
        const b = pixels(processed, width, height)
        for (let y = 0; y < height; y++) {
          for (let x = 0; x < width; x++) {
            const fx = (x + 0.5) / width
            const fy = (y + 0.5) / height
            const region = isInsidePerson(fx, fy) ? 'person' : isWellOutsidePerson(fx, fy) ? 'background' : null
            if (!region) continue
            const i = (y * width + x) * 4
            const diff = (Math.abs(a[i]! - b[i]!) + Math.abs(a[i + 1]! - b[i + 1]!) + Math.abs(a[i + 2]! - b[i + 2]!)) / 3
            sums[region] += diff
            sums[`${region}Pixels`] += 1
          }
        }
      }
      return {
        state: chain.state,
        background: processed ? sums.background / sums.backgroundPixels : null,
        person: processed ? sums.person / sums.personPixels : null,
        backgroundPixels: sums.backgroundPixels,
        personPixels: sums.personPixels,
        framesRead,
        cameraFps,
        outputFps
      }
    } finally {
      chain.close()
      camera.stop()
    }
  }
}
