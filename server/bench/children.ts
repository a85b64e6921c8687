// The benchmarks' child processes (the server under test, the clients): each a TypeScript
// file in this folder forked with tsx and an IPC channel, spoken to with { type } messages.
import { fork, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/** Every child forked so far, for a last kill when the benchmark exits. */
export const children: ChildProcess[] = []

/** Forks `file` (relative to this folder) under tsx. */
export function spawn(file: string, args: string[] = [], extraNodeArgs: string[] = []): ChildProcess {
  const path = fileURLToPath(new URL(file, import.meta.url))
  const child = fork(path, args, { execArgv: ['--import', 'tsx', ...extraNodeArgs], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  children.push(child)
  return child
}

/** The child's next message of this type; rejects if the child exits first. */
export function nextMessage<T extends { type: string }>(child: ChildProcess, type: T['type']): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: T): void => {
      if (message.type !== type) return
      child.off('message', onMessage)
      child.off('exit', onExit)
      resolve(message)
    }
    const onExit = (code: number | null): void => reject(new Error(`child exited (${code}) before sending ${type}`))
    child.on('message', onMessage)
    child.once('exit', onExit)
  })
}

/** Asks each child to stop, and kills whichever has not exited after `graceMs`. */
export async function stopChildren(list: ChildProcess[], graceMs = 3000): Promise<void> {
  await Promise.all(
    list.map(async (child) => {
      if (child.exitCode !== null) return
      const exited = new Promise((resolve) => child.once('exit', resolve))
      if (child.connected) child.send({ type: 'stop' })
      else child.kill()
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, graceMs))])
      if (child.exitCode === null) child.kill()
    })
  )
}
