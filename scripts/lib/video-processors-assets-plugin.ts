// Copies what @twilio/video-processors loads at run time (its segmentation model, the
// TensorFlow Lite WebAssembly with its loaders, and the pipeline workers) into the build
// under one folder, with their own names: the workers importScripts() and fetch() their
// neighbours by name, so the files cannot be hashed. The app serves them from its own
// origin; the camera chain points the processors' `assetsPath` at this folder.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import type { Plugin } from 'vite'

/** The folder, relative to the page, that holds the files (renderer/calling/background-effects.ts). */
export const VIDEO_PROCESSORS_ASSETS_DIR = 'video-processors'

/** Only what the processors load; the package's own browser bundles are not needed. */
export const VIDEO_PROCESSORS_ASSETS = [
  'selfie_segmentation_landscape.tflite',
  'tflite-1-0-0.js',
  'tflite-1-0-0.wasm',
  'tflite-simd-1-0-0.js',
  'tflite-simd-1-0-0.wasm',
  'twilio-gaussian-blur-background-processor-pipeline-worker.js',
  'twilio-virtual-background-processor-pipeline-worker.js'
] as const

function packageBuildDir(): string {
  const require = createRequire(import.meta.url)
  // The package's main is es5/index.js; its assets sit in dist/build beside it.
  return path.join(path.dirname(require.resolve('@twilio/video-processors/package.json')), 'dist', 'build')
}

export function videoProcessorsAssetsPlugin(): Plugin {
  const dir = packageBuildDir()
  return {
    name: 'shoutit-video-processors-assets',
    generateBundle() {
      for (const name of VIDEO_PROCESSORS_ASSETS) {
        this.emitFile({ type: 'asset', fileName: `${VIDEO_PROCESSORS_ASSETS_DIR}/${name}`, source: readFileSync(path.join(dir, name)) })
      }
    },
    configureServer(server) {
      server.middlewares.use(`/${VIDEO_PROCESSORS_ASSETS_DIR}/`, (request, response, next) => {
        const name = (request.url ?? '').replace(/^\//, '').split('?')[0] ?? ''
        if (!(VIDEO_PROCESSORS_ASSETS as readonly string[]).includes(name)) return next()
        response.setHeader('Content-Type', name.endsWith('.js') ? 'text/javascript' : name.endsWith('.wasm') ? 'application/wasm' : 'application/octet-stream')
        response.end(readFileSync(path.join(dir, name)))
      })
    }
  }
}
