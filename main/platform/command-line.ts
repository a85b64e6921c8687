// The app's own command-line flags, read before anything else starts (no window, no
// single-instance hand-off: `shoutit --version` must not wake a running instance). Electron-free
// so that it is tested under Node.
//
// Only --version and --help belong to the app. Everything else on the command line is left
// alone: Electron and Chromium read their own switches (--no-sandbox, --enable-logging,
// --proxy-server, --inspect…) from the same argv, and the OS passes shoutit:// links as
// arguments. Rejecting unknown flags would break those, so only a malformed use of one of
// ours (`--version=2`) is an error.

export type CommandLineAction =
  | { action: 'start' }
  | { action: 'print'; text: string; exitCode: 0 }
  | { action: 'fail'; text: string; exitCode: 2 }

export interface CommandLineInfo {
  productName: string
  version: string
  /** Electron, Chrome and Node versions, shown by --version. */
  runtime?: { electron?: string; chrome?: string; node?: string }
}

const OWN_FLAGS: Record<string, 'version' | 'help'> = {
  '--version': 'version',
  '-v': 'version',
  '--help': 'help',
  '-h': 'help'
}

/**
 * The user's arguments: Electron's argv has the executable first and, when run as
 * `electron .` in development (process.defaultApp), the app path second.
 */
export function userArguments(argv: readonly string[], isDefaultApp: boolean): string[] {
  return argv.slice(isDefaultApp ? 2 : 1)
}

export function parseCommandLine(args: readonly string[], info: CommandLineInfo): CommandLineAction {
  for (const arg of args) {
    // `--` ends the options; what follows is for nobody here.
    if (arg === '--') break
    const [name = '', value] = splitFlag(arg)
    const flag = OWN_FLAGS[name]
    if (flag === undefined) continue
    if (value !== undefined) {
      return { action: 'fail', text: `${info.productName}: ${name} takes no value (got "${value}")\nTry --help.\n`, exitCode: 2 }
    }
    return { action: 'print', text: flag === 'version' ? versionText(info) : helpText(info), exitCode: 0 }
  }
  return { action: 'start' }
}

function splitFlag(arg: string): [string, string | undefined] {
  const equals = arg.indexOf('=')
  return equals === -1 ? [arg, undefined] : [arg.slice(0, equals), arg.slice(equals + 1)]
}

function versionText({ productName, version, runtime }: CommandLineInfo): string {
  const parts = [
    runtime?.electron ? `Electron ${runtime.electron}` : undefined,
    runtime?.chrome ? `Chrome ${runtime.chrome}` : undefined,
    runtime?.node ? `Node ${runtime.node}` : undefined
  ].filter((part): part is string => part !== undefined)
  return `${productName} ${version}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}\n`
}

function helpText({ productName, version }: CommandLineInfo): string {
  return `${productName} ${version}: desktop video calling.

Usage: ${productName.toLowerCase()} [options] [shoutit://link]

Options:
  -h, --help        print this help and exit
  -v, --version     print the version and exit

A shoutit://call/<username> link opens in the running app and asks to call that person. Electron and Chromium switches (for example --proxy-server=host:port,
--enable-logging) are passed through to them.

Environment:
  SHOUTIT_LOG_LEVEL         log level: debug, info, warn, error (default info)
  SHOUTIT_USER_DATA_DIR     the app's data folder (a separate profile)
  SHOUTIT_LOCAL_SERVER_URL  the address of the "This computer" server profile

The log file is in the logs folder of the app's data folder (Help > Open Log Folder).
`
}
