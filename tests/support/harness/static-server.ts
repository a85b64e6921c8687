// Serves the built renderer (out/renderer) on loopback, the way the app's own scheme
// serves it to its windows: every client's Chromium context loads the same files from here.
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { RENDERER_CONTENT_TYPES } from '../../../main/platform/renderer-files'

export interface StaticServer {
  /** http://127.0.0.1:<port>/ */
  url: string
  close(): Promise<void>
}

export async function serveStatic(root: string): Promise<StaticServer> {
  const base = path.resolve(root)
  const server: Server = createServer((request, response) => {
    void (async () => {
      const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname)
      let file = path.resolve(base, `.${pathname}`)
      // Refuse anything outside the root (../ or encoded variants).
      if (file !== base && !file.startsWith(base + path.sep)) {
        response.writeHead(403).end()
        return
      }
      const info = await stat(file).catch(() => null)
      if (!info || info.isDirectory()) file = path.join(base, 'index.html')
      const extension = path.extname(file)
      response.writeHead(200, {
        'Content-Type': RENDERER_CONTENT_TYPES[extension] ?? 'application/octet-stream',
        'Cache-Control': 'no-store'
      })
      createReadStream(file)
        .on('error', () => response.destroy())
        .pipe(response)
    })().catch(() => response.writeHead(500).end())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
