// What `npm start` and `npm run demo` both do before a window opens: pick a free loopback
// port, run the reference server there, build the app, and wait until the server answers.
import { spawn, spawnSync } from 'node:child_process'
import { createServer } from 'node:net'
import path from 'node:path'

export const HOST = '127.0.0.1'

/** @returns {Promise<boolean>} */
export function portIsFree(port) {
  return new Promise((resolve) => {
    const probe = createServer()
    probe.once('error', () => resolve(false))
    probe.listen(port, HOST, () => probe.close(() => resolve(true)))
  })
}

/** A port the OS hands out for loopback right now. @returns {Promise<number>} */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, HOST, () => {
      const { port } = probe.address()
      probe.close(() => resolve(port))
    })
  })
}

/**
 * The reference server as a child process, its output on this terminal.
 * @param {string} root the repository root
 * @param {{ port: number, dataDir: string }} options
 */
export function spawnLocalServer(root, { port, dataDir }) {
  const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs')
  const cli = path.join(root, 'server', 'src', 'cli.ts')
  return spawn(process.execPath, [tsx, cli, '--port', String(port), '--host', HOST, '--data-dir', dataDir], { cwd: root, stdio: 'inherit' })
}

/** electron-vite build, output on this terminal. @returns {number} its exit status */
export function buildApp(root) {
  const build = spawnSync(process.execPath, [path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit' })
  return build.status ?? 1
}

/** Polls the server's client_config until it answers, the child exits, or the time is up. */
export async function waitUntilServing(url, child, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}`)
    const ok = await fetch(`${url}/v3/client_config`).then((response) => response.ok, () => false)
    if (ok) return
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`the server did not answer at ${url} within ${timeoutMs / 1000} s`)
}
