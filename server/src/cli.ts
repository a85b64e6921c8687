// `npm run server -- --port <port> --data-dir <dir>`: the reference server from a shell.
// Prints `listening on <url>` once it serves, and stops cleanly on SIGTERM/SIGINT.
import { readSettings, toOptions, usage, type Values } from './cliOptions'
import { effectiveConfig } from './effectiveConfig'
import { checkOptions } from './options'
import type { ServerOptions } from './index'

/**
 * node:sqlite announces itself as experimental on every start, which reads like a fault to
 * whoever runs the server. Only that one warning is dropped: `--disable-warning` can name
 * just the whole ExperimentalWarning type (this warning has no code), which would hide others.
 */
function silenceSqliteExperimentalWarning(): void {
  const emitWarning = process.emitWarning.bind(process) as (...args: unknown[]) => void
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const first = rest[0]
    const type = typeof first === 'string' ? first : (first as { type?: unknown } | undefined)?.type
    const message = typeof warning === 'string' ? warning : warning.message
    if (type === 'ExperimentalWarning' && message.startsWith('SQLite is an experimental feature')) return
    emitWarning(warning, ...rest)
  }) as typeof process.emitWarning
}

async function main(): Promise<void> {
  silenceSqliteExperimentalWarning()
  // Loaded only now: node:sqlite warns as soon as the storage module imports it.
  const { consoleLogger, createLogger, startServer } = await import('./index')
  let values: Values | 'help'
  let options: ServerOptions
  try {
    values = readSettings(process.argv.slice(2), process.env)
    if (values === 'help') {
      console.log(usage())
      return
    }
    // npm runs workspace scripts inside server/; a relative path means the caller's directory.
    options = toOptions(values, process.env.INIT_CWD ?? process.cwd())
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${usage()}`)
    process.exitCode = 2
    return
  }
  const quiet = values.quiet === true
  if (values['print-config'] === true) {
    try {
      checkOptions(options)
    } catch (error) {
      console.error(error instanceof Error ? error.message : String(error))
      process.exitCode = 2
      return
    }
    console.log(JSON.stringify(effectiveConfig(options, { quiet }), null, 2))
    return
  }
  const server = await startServer({ ...options, logger: quiet ? createLogger({ level: 'error' }) : consoleLogger })
  console.log(`listening on ${server.url}`)
  if (!quiet) {
    console.log(`data directory: ${server.dataDir}; video provider: ${server.videoProvider}`)
    if (server.seededDemoAccounts.length > 0) {
      console.log('created demo accounts (username / e-mail / password):')
      for (const account of server.seededDemoAccounts) console.log(`  ${account.username} / ${account.email} / ${account.password}`)
    }
  }
  let stopping = false
  const stop = (signal: string): void => {
    if (stopping) return
    stopping = true
    if (!quiet) console.log(`${signal}: finishing requests and closing`)
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('shutdown failed', error)
        process.exit(1)
      }
    )
  }
  process.on('SIGTERM', () => stop('SIGTERM'))
  process.on('SIGINT', () => stop('SIGINT'))
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error))
  process.exit(1)
})
