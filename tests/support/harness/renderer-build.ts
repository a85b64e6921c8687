// Builds the app (electron-vite, the product's own build) into a private folder, so the
// harness serves exactly the renderer users get, and a build someone else starts in out/
// meanwhile cannot pull files from under a running test.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { serveStatic } from './static-server'

export const REPO_ROOT = path.resolve(import.meta.dirname, '../../..')

export interface RendererBuild {
  /** The folder holding index.html and assets/. */
  dir: string
  dispose(): Promise<void>
}

export async function buildRenderer(): Promise<RendererBuild> {
  const outDir = await mkdtemp(path.join(tmpdir(), 'shoutit-e2e-build-'))
  const output: Buffer[] = []
  const status = await new Promise<number>((resolve, reject) => {
    const child = spawn('npx', ['electron-vite', 'build', '--outDir', outDir, '--logLevel', 'warn'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' }
    })
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk))
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk))
    child.on('error', reject)
    child.on('close', (code) => resolve(code ?? 1))
  })
  const dir = path.join(outDir, 'renderer')
  const dispose = () => rm(outDir, { recursive: true, force: true })
  if (status !== 0 || !existsSync(path.join(dir, 'index.html'))) {
    await dispose()
    throw new Error(`the app build failed (exit ${status}):\n${Buffer.concat(output).toString('utf8').slice(-4000)}`)
  }
  return { dir, dispose }
}

export interface ServedRenderer {
  /** Where the fresh build's renderer is served on loopback. */
  url: string
  /** Stops serving and deletes the build. */
  close(): Promise<void>
}

/** A fresh build of the app with its renderer served on loopback: what the e2e run, the demo and bench:e2e load. */
export async function serveFreshRenderer(): Promise<ServedRenderer> {
  const build = await buildRenderer()
  const server = await serveStatic(build.dir).catch(async (error: unknown) => {
    await build.dispose()
    throw error
  })
  return {
    url: server.url,
    async close() {
      await server.close()
      await build.dispose()
    }
  }
}
