// The camera chain's effects, from @twilio/video-processors: its GaussianBlur and
// VirtualBackground processors segment the person with MediaPipe's selfie model on
// TensorFlow Lite (WebAssembly, compiled under CSP 'wasm-unsafe-eval') in a worker. The
// model, WebAssembly and workers are copied into the build (scripts/lib/
// video-processors-assets-plugin.ts) and load from the app's own origin. Loaded lazily by
// the camera chain on the first blur or picture; each processor loads its model once a
// session (again only after a failure).
import { GaussianBlurBackgroundProcessor, ImageFit, VirtualBackgroundProcessor } from '@twilio/video-processors'
import { cachedUntilFailure } from './cached'
import type { CreateEffect, FrameEffect } from './camera-chain'

/** Where the plugin puts the processors' files, beside the page. */
const ASSETS_DIR = 'video-processors/'

export interface BackgroundEffectsOptions {
  /** The URL of a background picture (a built-in one, or a blob: of the user's own). */
  pictureUrl(pictureId: string): Promise<string>
  /** The page's base for the processors' files (tests serve them elsewhere). */
  assetsBase?: string
}

export function backgroundEffects(options: BackgroundEffectsOptions): CreateEffect {
  const assetsPath = new URL(ASSETS_DIR, options.assetsBase ?? document.baseURI).href
  const blur = cachedUntilFailure(async () => {
    const processor = new GaussianBlurBackgroundProcessor({ assetsPath, blurFilterRadius: 12 })
    await processor.loadModel()
    return processor
  })
  // One picture processor: a new picture is set on it, the model stays loaded.
  let pictures: Promise<VirtualBackgroundProcessor> | null = null
  const pictureProcessor = (first: HTMLImageElement): Promise<VirtualBackgroundProcessor> => {
    if (!pictures) {
      const loading = (async () => {
        const processor = new VirtualBackgroundProcessor({ assetsPath, backgroundImage: first, fitType: ImageFit.Cover })
        await processor.loadModel()
        return processor
      })()
      pictures = loading
      loading.catch(() => {
        if (pictures === loading) pictures = null
      })
    }
    return pictures
  }
  return async (choice) => {
    if (choice.kind === 'blur') return effectOf(await blur())
    const image = await loadImage(await options.pictureUrl(choice.pictureId))
    const processor = await pictureProcessor(image)
    processor.backgroundImage = image
    return effectOf(processor)
  }
}

function effectOf(processor: GaussianBlurBackgroundProcessor | VirtualBackgroundProcessor): FrameEffect {
  return { render: (frame, output) => processor.processFrame(frame, output) }
}

function loadImage(url: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const image = new Image()
    image.onload = () => resolve(image)
    image.onerror = () => reject(new Error('the background picture did not load'))
    image.src = url
  })
}
