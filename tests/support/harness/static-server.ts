// Serves the built renderer (out/renderer) on loopback, the way the app's own scheme
// serves it to its windows: every client's Chromium context loads the same files from here.
// One difference: pages lose the build's CSP meta tag. It names the default local server and
// app://shoutit; here the page's origin is a loopback port and the servers it talks to run
// on ports chosen at run time (the app's scheme rewrites the tag to its policy instead).
// Tests of the policy set it as a header (tests/browser/ui/*: `csp`).
import { createReadStream } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import path from 'node:path'
import { withoutCspMeta } from '../../../main/platform/csp-meta'
import { RENDERER_CONTENT_TYPES } from '../../../main/platform/renderer-files'
import { listenOnLoopback, type LoopbackServer } from '../loopback-server'

export type StaticServer = LoopbackServer

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
      const page = extension === '.html' ? withoutCspMeta(await readFile(file, 'utf8')) : undefined
      response.writeHead(200, {
        'Content-Type': RENDERER_CONTENT_TYPES[extension] ?? 'application/octet-stream',
        'Cache-Control': 'no-store'
      })
      if (page !== undefined) {
        response.end(page)
        return
      }
      createReadStream(file)
        .on('error', () => response.destroy())
        .pipe(response)
    })().catch(() => response.writeHead(500).end())
  })
  return listenOnLoopback(server)
}
