// The background test's page: the app's camera chain (renderer/calling/camera-chain.ts with
// the @twilio/video-processors effects, their model and WebAssembly copied into the build
// as the renderer's build copies them) on Chromium's fake camera, which shows a synthetic
// person (tests/support/synthetic-person.ts). The chain's output and the raw camera are
// drawn at the same size and compared, region by region.
import { backgroundEffects } from '../../../../renderer/calling/background-effects'
import { createCameraChain, type BackgroundChoice, type BackgroundState } from '../../../../renderer/calling/camera-chain'
import { createOutput, readFrames } from '../../../../renderer/calling/camera-frames'
import { isInsidePerson, isWellOutsidePerson } from '../../../support/synthetic-person'
import pictureUrl from './picture.svg?url'

export interface Measured {
  state: BackgroundState
  /** Mean absolute difference per channel (0..255) between output and camera, in each region. */
  background: number
  person: number
  /** Pixels averaged in each region. */
  backgroundPixels: number
  personPixels: number
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
    const chain = createCameraChain(camera, {
      createEffect: backgroundEffects({ pictureUrl: () => Promise.resolve(pictureUrl) }),
      readFrames,
      createOutput,
      onUnavailable: (reason) => errors.push(reason)
    })
    try {
      await chain.setBackground(choice)
      const [raw, processed] = await Promise.all([playing(new MediaStream([camera])), playing(new MediaStream([chain.output]))])
      // The segmentation's hysteresis settles over a few frames.
      await new Promise((resolve) => setTimeout(resolve, settleMs))
      const width = 320
      const height = 240
      const a = pixels(raw, width, height)
      const b = pixels(processed, width, height)
      const sums = { background: 0, person: 0, backgroundPixels: 0, personPixels: 0 }
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
      if (errors.length > 0) console.warn('effect unavailable:', String(errors[0]))
      return {
        state: chain.state,
        background: sums.background / sums.backgroundPixels,
        person: sums.person / sums.personPixels,
        backgroundPixels: sums.backgroundPixels,
        personPixels: sums.personPixels
      }
    } finally {
      chain.close()
      camera.stop()
    }
  }
}
