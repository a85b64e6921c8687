// A throwaway Janus WebRTC server for tests: the VideoRoom plugin and the WebSockets transport
// only (symlinked into folders of their own, so no other plugin loads), signed-token
// authentication on with a generated secret, listening on 127.0.0.1 at a free port. Its
// config files are written to a temporary directory; stop() ends the process it started and
// deletes them. It is up once its WebSocket answers an `info` request.
//
// Janus gathers ICE candidates on every interface except loopback, so in the tests'
// loopback-only namespace (scripts/run-in-netns.sh) it would find none: there, a veth pair
// inside that namespace gives it one address (192.0.2.10, a documentation range, reachable
// only from within), and ICE is confined to it. The namespace, and the pair with it, ends
// with the run; outside one, Janus uses the machine's own interfaces.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs'
import { freePort } from './free-port'
import { tmpdir } from 'node:os'
import path from 'node:path'
import WebSocket from 'ws'

export interface JanusServer {
  /** ws://127.0.0.1:<port> */
  readonly url: string
  /** Its token_auth_secret: the reference server signs client tokens with it. */
  readonly tokenSecret: string
  /** The VideoRoom admin_key: room creation needs it. */
  readonly adminKey: string
  /** Its process id, for the benchmark's CPU figure. */
  readonly pid: number
  /** What Janus printed so far, for failures. */
  log(): string
  stop(): Promise<void>
}

const READY_TIMEOUT_MS = 15_000
const LIB_DIRS = ['/usr/lib/x86_64-linux-gnu/janus', '/usr/lib/aarch64-linux-gnu/janus', '/usr/lib/janus', '/opt/janus/lib/janus']

function janusLibDir(): string | undefined {
  return LIB_DIRS.find((dir) => existsSync(path.join(dir, 'plugins', 'libjanus_videoroom.so')) && existsSync(path.join(dir, 'transports', 'libjanus_websockets.so')))
}

/** Whether Janus is installed with its VideoRoom plugin and WebSockets transport; says why a test is skipped when not. */
export function janusTestsCanRun(what: string): boolean {
  const canRun = spawnSync('janus', ['--version'], { stdio: 'ignore' }).error === undefined && janusLibDir() !== undefined
  if (!canRun) console.warn(`${what} skipped: needs Janus with its VideoRoom plugin and WebSockets transport (Debian: apt-get install janus)`)
  return canRun
}

const MEDIA_INTERFACE = 'shoutit-sfu'
const MEDIA_PEER = 'shoutit-sfu0'
const MEDIA_ADDRESS = '192.0.2.10'

/** In the loopback-only namespace: the one non-loopback address Janus can gather candidates on. */
function mediaInterfaceInNamespace(): string | undefined {
  if (process.env.SHOUTIT_NETNS !== '1') return undefined
  const ip = (...args: string[]) => spawnSync('ip', args, { encoding: 'utf8' })
  if (ip('link', 'show', MEDIA_INTERFACE).status === 0) return MEDIA_INTERFACE
  const steps = [
    ['link', 'add', MEDIA_INTERFACE, 'type', 'veth', 'peer', 'name', MEDIA_PEER],
    ['addr', 'add', `${MEDIA_ADDRESS}/32`, 'dev', MEDIA_INTERFACE],
    ['link', 'set', MEDIA_PEER, 'up'],
    ['link', 'set', MEDIA_INTERFACE, 'up']
  ]
  for (const step of steps) {
    const result = ip(...step)
    if (result.status !== 0) throw new Error(`cannot give Janus an address in the test namespace (ip ${step.join(' ')}): ${result.stderr || result.error?.message}`)
  }
  return MEDIA_INTERFACE
}

/** One `info` request (which needs no token) over the janus-protocol WebSocket; true when answered. */
function answersInfo(url: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, 'janus-protocol')
    const done = (answered: boolean): void => {
      clearTimeout(timer)
      socket.removeAllListeners()
      socket.on('error', () => undefined)
      socket.terminate()
      resolve(answered)
    }
    const timer = setTimeout(() => done(false), timeoutMs)
    socket.once('open', () => socket.send(JSON.stringify({ janus: 'info', transaction: 'ready' })))
    socket.once('message', () => done(true))
    socket.once('error', () => done(false))
  })
}

export async function startJanusServer(): Promise<JanusServer> {
  const libDir = janusLibDir()
  if (!libDir) throw new Error('Janus is not installed (see janusTestsCanRun)')
  const port = await freePort()
  const mediaInterface = mediaInterfaceInNamespace()
  const dir = mkdtempSync(path.join(tmpdir(), 'shoutit-janus-'))
  const folders = { conf: path.join(dir, 'conf'), plugins: path.join(dir, 'plugins'), transports: path.join(dir, 'transports'), none: path.join(dir, 'none') }
  for (const folder of Object.values(folders)) mkdirSync(folder)
  symlinkSync(path.join(libDir, 'plugins', 'libjanus_videoroom.so'), path.join(folders.plugins, 'libjanus_videoroom.so'))
  symlinkSync(path.join(libDir, 'transports', 'libjanus_websockets.so'), path.join(folders.transports, 'libjanus_websockets.so'))
  const tokenSecret = randomBytes(24).toString('hex')
  const adminKey = randomBytes(24).toString('hex')
  writeFileSync(
    path.join(folders.conf, 'janus.jcfg'),
    `general: {
  configs_folder = "${folders.conf}"
  plugins_folder = "${folders.plugins}"
  transports_folder = "${folders.transports}"
  events_folder = "${folders.none}"
  loggers_folder = "${folders.none}"
  debug_level = 4
  token_auth = true
  token_auth_secret = "${tokenSecret}"
}
media: {
  rtp_port_range = "20000-40000"
}
nat: {
${mediaInterface ? `  ice_enforce_list = "${mediaInterface}"` : ''}
}
events: {
  broadcast = false
}
`
  )
  writeFileSync(
    path.join(folders.conf, 'janus.transport.websockets.jcfg'),
    `general: {
  json = "compact"
  ws = true
  ws_port = ${port}
  ws_ip = "127.0.0.1"
  wss = false
}
admin: {
  admin_ws = false
  admin_wss = false
}
`
  )
  writeFileSync(
    path.join(folders.conf, 'janus.plugin.videoroom.jcfg'),
    `general: {
  admin_key = "${adminKey}"
  string_ids = true
}
`
  )
  let output = ''
  const child: ChildProcess = spawn('janus', ['-C', path.join(folders.conf, 'janus.jcfg'), '-F', folders.conf, '-o'], { stdio: ['ignore', 'pipe', 'pipe'] })
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  let running = true
  void exited.then(() => (running = false))
  const stop = async (): Promise<void> => {
    if (running) {
      child.kill('SIGTERM')
      const killed = setTimeout(() => child.kill('SIGKILL'), 5_000)
      await exited
      clearTimeout(killed)
    }
    rmSync(dir, { recursive: true, force: true })
  }

  const url = `ws://127.0.0.1:${port}`
  const deadline = Date.now() + READY_TIMEOUT_MS
  while (!(await answersInfo(url, 300))) {
    if (!running || Date.now() > deadline) {
      await stop()
      throw new Error(`janus did not come up on ${url}:\n${output.slice(-3000)}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return { url, tokenSecret, adminKey, pid: child.pid!, log: () => output, stop }
}
