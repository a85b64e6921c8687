// `npm run server -- --port <port> --data-dir <dir>`: the reference server from a shell.
// Prints `listening on <url>` once it serves, and stops cleanly on SIGTERM/SIGINT.
import { readSettings, toOptions, usage, type Values } from './cliOptions'
import { effectiveConfig } from './effectiveConfig'
import { consoleLogger, createLogger, startServer, type ServerOptions } from './index'
import { checkOptions } from './options'

async function main(): Promise<void> {
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
  // Even with --quiet: accounts with public passwords must never exist unannounced.
  if (server.seededDemoAccounts.length > 0) {
    console.log('created demo accounts (username / e-mail / password):')
    for (const account of server.seededDemoAccounts) console.log(`  ${account.username} / ${account.email} / ${account.password}`)
  }
  if (!quiet) {
    const where = server.storageKind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `data directory ${server.dataDir}`
    console.log(`storage: ${where}; video provider: ${server.videoProvider}`)
    if (options.publicUrl === undefined) console.log(`clients are told to use ${server.advertisedUrl} (set --public-url to change)`)
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
