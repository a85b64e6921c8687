// `npm start`: runs the local reference server (data under the user's data folder), builds
// the app with electron-vite and opens it pointed at that server. Without the Electron
// binary it says so and keeps the server running, so the server can still be used. Stopping
// the app (or Ctrl+C) stops the server.
import { spawn } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { homedir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { findElectronBinary } from './lib/electron-binary.mjs'
import { buildApp, freePort, HOST, portIsFree, spawnLocalServer, waitUntilServing } from './lib/local-server.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const DEFAULT_PORT = 8787

/** Electron's appData/<productName>: where the app keeps its own data too. */
function userDataFolder() {
  const product = 'Shoutit'
  if (process.platform === 'win32') return path.join(process.env.APPDATA ?? path.join(homedir(), 'AppData', 'Roaming'), product)
  if (process.platform === 'darwin') return path.join(homedir(), 'Library', 'Application Support', product)
  return path.join(process.env.XDG_CONFIG_HOME ?? path.join(homedir(), '.config'), product)
}

const children = new Set()
function stopAll(code = 0) {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM')
  process.exitCode = code
}
process.on('SIGINT', () => stopAll(130))
process.on('SIGTERM', () => stopAll(143))

async function main() {
  const requested = Number(process.env.SHOUTIT_PORT ?? DEFAULT_PORT)
  const port = requested !== 0 && (await portIsFree(requested)) ? requested : await freePort()
  if (requested !== 0 && port !== requested) console.log(`[start] port ${requested} is busy; the local server uses ${port} instead`)
  const dataDir = process.env.SHOUTIT_DATA_DIR ?? path.join(userDataFolder(), 'local-server')
  mkdirSync(dataDir, { recursive: true })
  const url = `http://${HOST}:${port}`

  const server = spawnLocalServer(root, { port, dataDir })
  children.add(server)
  server.on('exit', (code) => {
    children.delete(server)
    if (children.size > 0) {
      console.error(`[start] the local server stopped (code ${code}); closing the app`)
      stopAll(code ?? 1)
    }
  })

  console.log('[start] building the app (electron-vite build)…')
  const buildStatus = buildApp(root)
  if (buildStatus !== 0) {
    console.error('[start] the build failed; stopping')
    return stopAll(buildStatus)
  }
  await waitUntilServing(url, server)

  const binary = findElectronBinary(root)
  if (!('path' in binary)) {
    console.log(
      [
        '',
        '[start] The Electron binary is not installed, so the desktop window cannot open here.',
        '        (npm install could not download it; retry with `node node_modules/electron/install.js`',
        '        on a machine that can reach its download host.)',
        `        The local server keeps running at ${url}: other clients can use it. Press Ctrl+C to stop it.`,
        ''
      ].join('\n')
    )
    return
  }

  console.log(`[start] opening Shoutit against ${url}`)
  const app = spawn(binary.path, [root], { cwd: root, stdio: 'inherit', env: { ...process.env, SHOUTIT_LOCAL_SERVER_URL: url } })
  children.add(app)
  app.on('exit', (code) => {
    children.delete(app)
    stopAll(code ?? 0)
  })
}

main().catch((error) => {
  console.error(`[start] ${error instanceof Error ? error.message : String(error)}`)
  stopAll(1)
})
