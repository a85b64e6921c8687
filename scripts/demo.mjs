// `npm run demo`: two clients, alice and bob, side by side against a fresh local reference
// server. Where the Electron binary is installed, two real app instances open (each with
// its own data folder); where it is not, the end-to-end harness runs both clients' real
// main-process code in Node and their windows in Chromium (/usr/bin/chromium or
// SHOUTIT_CHROMIUM). Ctrl+C stops everything.
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { findElectronBinary } from './lib/electron-binary.mjs'
import { buildApp, freePort, HOST, spawnLocalServer, waitUntilServing } from './lib/local-server.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs')

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
  const server = track(spawnLocalServer(root, { port, dataDir: path.join(folder, 'server') }))
  console.log('[demo] building the app (electron-vite build)…')
  if (buildApp(root) !== 0) throw new Error('the build failed')
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

// The UI tests leave a picture of every screen here (tests/browser/ui/screenshots.test.ts).
const screenshots = path.join(root, 'test-results', 'screenshots')
console.log(
  existsSync(screenshots)
    ? `[demo] screenshots of every screen, from the last UI test run: ${screenshots}`
    : `[demo] screenshots of every screen: run \`npx vitest run --project browser tests/browser/ui/screenshots.test.ts\`; they are saved in ${screenshots}`
)

const binary = findElectronBinary(root)
if ('path' in binary) {
  electronDemo(binary.path).catch((error) => {
    console.error(`[demo] ${error instanceof Error ? error.message : String(error)}`)
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM')
    process.exitCode = 1
  })
} else {
  browserDemo()
}
