// Builds a small test page (an index.html plus the modules it imports from the app) with
// Vite into a private temporary folder and serves it on loopback port 0, so a browser test
// runs the app's real code, bundled the way the renderer bundles it, in Chromium.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { build, type Plugin } from 'vite'
import { serveStatic } from '../harness/static-server'

export interface PageBundle {
  /** http://127.0.0.1:<port>/ */
  url: string
  /** The built chunk file names, to check what is split out and loaded lazily. */
  chunks: string[]
  dispose(): Promise<void>
}

/** `plugins`: those of the renderer's build the page's code needs (e.g. assets it copies). */
export async function buildTestPage(pageDir: string, plugins: Plugin[] = []): Promise<PageBundle> {
  const outDir = await mkdtemp(path.join(tmpdir(), 'shoutit-browser-page-'))
  const chunks: string[] = []
  try {
    const output = await build({
      configFile: false,
      root: pageDir,
      logLevel: 'warn',
      plugins,
      // A private cache: other builds running on this machine must not share it.
      cacheDir: path.join(outDir, '.vite-cache'),
      build: { outDir: path.join(outDir, 'site'), emptyOutDir: true, minify: false, sourcemap: false, reportCompressedSize: false }
    })
    for (const result of Array.isArray(output) ? output : [output]) {
      if ('output' in result) for (const item of result.output) if (item.type === 'chunk') chunks.push(item.fileName)
    }
    const server = await serveStatic(path.join(outDir, 'site'))
    return {
      url: server.url,
      chunks,
      async dispose() {
        await server.close()
        await rm(outDir, { recursive: true, force: true })
      }
    }
  } catch (error) {
    await rm(outDir, { recursive: true, force: true })
    throw error
  }
}
