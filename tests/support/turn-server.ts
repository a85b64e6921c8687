// A throwaway coturn TURN server for tests: loopback only, the TURN REST shared-secret scheme
// (use-auth-secret), no TLS, no CLI, no config file, no database, on a free port. It is up
// once it answers a STUN Binding request. stop() ends the process it started.
// `turnAllocate` asks coturn's own client tool for one relay allocation with a username and
// credential: the independent check that the server signs credentials coturn accepts.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createSocket } from 'node:dgram'
import { mkdtempSync, rmSync } from 'node:fs'
import { freePort } from './free-port'
import { tmpdir } from 'node:os'
import path from 'node:path'

export interface TurnServer {
  readonly port: number
  /** turn:127.0.0.1:<port>?transport=udp */
  readonly url: string
  /** What coturn printed so far (allocations, refused credentials), for assertions and failures. */
  log(): string
  stop(): Promise<void>
}

const READY_TIMEOUT_MS = 10_000

/** Whether coturn is installed; says why a test is skipped when it is not (`what` names the test). */
export function turnTestsCanRun(what: string): boolean {
  const canRun = ['turnserver', 'turnutils_uclient'].every((tool) => spawnSync(tool, ['--help'], { stdio: 'ignore' }).error === undefined)
  if (!canRun) console.warn(`${what} skipped: needs coturn's turnserver and turnutils_uclient (Debian: apt-get install coturn)`)
  return canRun
}

/** One STUN Binding request (RFC 5389 header only); true when anything answers within `timeoutMs`. */
function stunAnswers(port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4')
    const done = (answered: boolean): void => {
      clearTimeout(timer)
      socket.close()
      resolve(answered)
    }
    const timer = setTimeout(() => done(false), timeoutMs)
    socket.once('message', () => done(true))
    socket.once('error', () => done(false))
    const request = Buffer.concat([Buffer.from([0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xa4, 0x42]), randomBytes(12)])
    socket.send(request, port, '127.0.0.1')
  })
}

export async function startTurnServer(options: { secret: string; realm?: string }): Promise<TurnServer> {
  const port = await freePort()
  const dir = mkdtempSync(path.join(tmpdir(), 'shoutit-turn-'))
  const args = [
    '-n',
    // Verbose: one line per request with its username and outcome, for assertions.
    '--verbose',
    `--listening-port=${port}`,
    '--listening-ip=127.0.0.1',
    '--relay-ip=127.0.0.1',
    // Both call sides' relay addresses are on 127.0.0.1: coturn refuses loopback peers otherwise.
    '--allow-loopback-peers',
    '--use-auth-secret',
    `--static-auth-secret=${options.secret}`,
    `--realm=${options.realm ?? 'shoutit.test'}`,
    '--no-cli',
    '--no-tls',
    '--no-dtls',
    '--log-file=stdout',
    '--simple-log',
    `--pidfile=${path.join(dir, 'turnserver.pid')}`,
    // Never the system's database: shared-secret credentials need none.
    `--userdb=${path.join(dir, 'turndb')}`
  ]
  let output = ''
  const child: ChildProcess = spawn('turnserver', args, { stdio: ['ignore', 'pipe', 'pipe'] })
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  let running = true
  void exited.then(() => (running = false))
  const stop = async (): Promise<void> => {
    if (running) {
      child.kill('SIGTERM')
      const killed = setTimeout(() => child.kill('SIGKILL'), 3_000)
      await exited
      clearTimeout(killed)
    }
    rmSync(dir, { recursive: true, force: true })
  }

  const deadline = Date.now() + READY_TIMEOUT_MS
  while (!(await stunAnswers(port, 200))) {
    if (!running || Date.now() > deadline) {
      await stop()
      throw new Error(`turnserver did not come up on 127.0.0.1:${port}:\n${output.slice(-2000)}`)
    }
  }
  return { port, url: `turn:127.0.0.1:${port}?transport=udp`, log: () => output, stop }
}

/** Whether coturn grants a relay allocation for these credentials (turnutils_uclient, one short UDP session). */
export function turnAllocate(port: number, username: string, credential: string): { ok: boolean; output: string } {
  const result = spawnSync('turnutils_uclient', ['-y', '-n', '1', '-m', '1', '-l', '100', '-u', username, '-w', credential, '-p', String(port), '127.0.0.1'], {
    encoding: 'utf8',
    timeout: 15_000
  })
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` }
}
