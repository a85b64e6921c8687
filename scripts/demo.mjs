// `npm run demo`: two clients, alice and bob, side by side against a fresh local reference
// server. Where the Electron binary is installed, two real app instances open (each with
// its own data folder); where it is not, the end-to-end harness runs both clients' real
// main-process code in Node and their windows in Chromium (/usr/bin/chromium or
// SHOUTIT_CHROMIUM). Ctrl+C stops everything.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs')
const HOST = '127.0.0.1'

/** The binary's path, without require('electron') (which would try to download it). */
function electronBinary() {
  const packageDir = path.join(root, 'node_modules', 'electron')
  const pathFile = path.join(packageDir, 'path.txt')
  if (!existsSync(pathFile)) return null
  const binary = path.join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(binary) ? binary : null
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, HOST, () => {
      const { port } = probe.address()
      probe.close(() => resolve(port))
    })
  })
}

async function waitUntilServing(url, child, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}`)
    const ok = await fetch(`${url}/v3/client_config`).then((response) => response.ok, () => false)
    if (ok) return
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`the server did not answer at ${url}`)
}

const children = new Set()
function track(child) {
  children.add(child)
  child.on('exit', () => {
    children.delete(child)
    // One window closed or the server stopped: the demo is over.
    for (const other of children) if (other.exitCode === null) other.kill('SIGTERM')
  })
  return child
}
process.on('SIGINT', () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM')
})

async function electronDemo(binary) {
  const folder = mkdtempSync(path.join(tmpdir(), 'shoutit-demo-'))
  const port = await freePort()
  const url = `http://${HOST}:${port}`
  const server = track(
    spawn(process.execPath, [tsx, path.join(root, 'server', 'src', 'cli.ts'), '--port', String(port), '--host', HOST, '--data-dir', path.join(folder, 'server')], {
      cwd: root,
      stdio: 'inherit'
    })
  )
  console.log('[demo] building the app (electron-vite build)…')
  const build = spawnSync(process.execPath, [path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit' })
  if (build.status !== 0) throw new Error('the build failed')
  await waitUntilServing(url, server)
  for (const name of ['alice', 'bob']) {
    track(
      spawn(binary, [root], {
        cwd: root,
        stdio: 'inherit',
        env: { ...process.env, SHOUTIT_LOCAL_SERVER_URL: url, SHOUTIT_USER_DATA_DIR: path.join(folder, name) }
      })
    )
  }
  console.log(`[demo] two Shoutit windows against ${url}: sign in as alice (alice-password) in one and bob (bob-password) in the other.`)
}

function browserDemo() {
  console.log('[demo] no Electron binary here: running both clients in Chromium through the end-to-end harness.')
  const child = track(spawn(process.execPath, [tsx, path.join(root, 'tests', 'support', 'harness', 'demo.ts')], { cwd: root, stdio: 'inherit' }))
  child.on('exit', (code) => (process.exitCode = code ?? 1))
}

const binary = electronBinary()
if (binary) {
  electronDemo(binary).catch((error) => {
    console.error(`[demo] ${error instanceof Error ? error.message : String(error)}`)
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM')
    process.exitCode = 1
  })
} else {
  browserDemo()
}
