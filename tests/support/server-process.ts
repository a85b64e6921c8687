// The reference server as its own process, started the way `npm run server` starts it
// (tsx + server/src/cli.ts), for tests of what a process does: its output, several
// instances side by side. Resolves once it prints `listening on <url>`.
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')

export interface ServerProcess {
  url: string
  child: ChildProcess
  stdout(): string
  stderr(): string
  /** SIGTERM, then waits for the exit; resolves with the exit code. */
  stop(): Promise<number | null>
}

export function startServerProcess(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 30_000): Promise<ServerProcess> {
  const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs')
  const cli = path.join(root, 'server', 'src', 'cli.ts')
  // Pusher's hosted-service limits unless the test chooses (see tests/support/server.ts).
  const limits = args.includes('--pusher-limits') || env.SHOUTIT_PUSHER_LIMITS ? [] : ['--pusher-limits', 'hosted']
  const child = spawn(process.execPath, [tsx, cli, '--host', '127.0.0.1', '--port', '0', ...limits, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`the server did not start within ${timeoutMs} ms`)), timeoutMs)
    const fail = (error: Error): void => {
      clearTimeout(timer)
      child.kill('SIGKILL')
      reject(new Error(`${error.message}\nstdout:\n${stdout}\nstderr:\n${stderr}`))
    }
    const onEarlyExit = (code: number | null): void => fail(new Error(`the server exited (${code}) before listening`))
    child.once('exit', onEarlyExit)
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      const match = /listening on (\S+)/.exec(stdout)
      if (!match) return
      clearTimeout(timer)
      child.off('exit', onEarlyExit)
      resolve({
        url: match[1]!,
        child,
        stdout: () => stdout,
        stderr: () => stderr,
        stop: () => {
          if (child.exitCode === null) child.kill('SIGTERM')
          return exited
        }
      })
    })
  })
}
