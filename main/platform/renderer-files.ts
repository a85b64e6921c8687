// Maps an app:// request to a file of the built renderer, refusing anything outside it.
// Pure (no electron import) so the traversal guard is tested in plain Node.
import path from 'node:path'

export const APP_SCHEME = 'app'
export const APP_HOST = 'shoutit'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`

/** The only file types the app's scheme serves; the test harness serves the built renderer with the same table. */
export const RENDERER_CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  // The camera's background segmentation model (@twilio/video-processors).
  '.tflite': 'application/octet-stream',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.wav': 'audio/wav'
}

export type RendererFile = { file: string; contentType: string } | { status: 400 | 404 }

export function resolveRendererFile(rendererDir: string, requestUrl: string): RendererFile {
  let url: URL
  try {
    url = new URL(requestUrl)
  } catch {
    return { status: 400 }
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return { status: 404 }
  let pathname: string
  try {
    pathname = decodeURIComponent(url.pathname)
  } catch {
    return { status: 400 }
  }
  if (pathname.includes('\0')) return { status: 400 }
  const root = path.resolve(rendererDir)
  const relative = pathname === '/' || pathname === '' ? 'index.html' : pathname.replace(/^\/+/, '')
  const file = path.resolve(root, relative)
  if (file !== root && !file.startsWith(root + path.sep)) return { status: 404 }
  const contentType = RENDERER_CONTENT_TYPES[path.extname(file).toLowerCase()]
  if (!contentType) return { status: 404 }
  return { file, contentType }
}

export function isAppUrl(candidate: string): boolean {
  try {
    const url = new URL(candidate)
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST
  } catch {
    return false
  }
}
