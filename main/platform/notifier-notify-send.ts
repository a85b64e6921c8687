// Linux notifications with buttons. node-notifier drives notify-send but passes neither
// --action nor --wait (its notify-send wrapper allows only urgency, expire-time, icon,
// category, hint and app-name), so on Linux it can show a notification but never learn
// that it was clicked. notify-send >= 0.7.9 can: with --action it adds buttons (the key
// "default" is a click on the notification itself) and with --wait it stays until the
// notification closes, printing the key of the action the user chose.
import { execFile, execFileSync, type ChildProcess } from 'node:child_process'

/** Keeps at most this many notify-send processes waiting for a click; older ones are let go. */
const MAX_WAITING = 8
/** A notification nobody touched for this long is no longer waited for. */
const WAIT_LIMIT_MS = 60 * 60_000

export interface NotifySendRequest {
  appName: string
  title: string
  body: string
  icon?: string
  actions: Array<{ id: string; label: string }>
  onActivate(actionId: string): void
}

/** True when the installed notify-send understands --action and --wait (libnotify >= 0.7.9). */
export function notifySendSupportsActions(binary = 'notify-send'): boolean {
  try {
    const output = execFileSync(binary, ['--version'], { encoding: 'utf8', timeout: 2_000, stdio: ['ignore', 'pipe', 'ignore'] })
    const match = /(\d+)\.(\d+)\.(\d+)/.exec(output)
    if (!match) return false
    const [major, minor, patch] = match.slice(1).map(Number) as [number, number, number]
    return major > 0 || minor > 7 || (minor === 7 && patch >= 9)
  } catch {
    return false
  }
}

export class NotifySendWithActions {
  readonly #waiting = new Set<ChildProcess>()

  constructor(
    private readonly onError: (message: string) => void,
    private readonly binary = 'notify-send'
  ) {}

  show(request: NotifySendRequest): void {
    const args = [`--app-name=${request.appName}`, '--urgency=normal', '--wait']
    if (request.icon) args.push(`--icon=${request.icon}`)
    args.push('--action=default=Open')
    for (const action of request.actions) args.push(`--action=${action.id}=${action.label}`)
    // "--" keeps a title that starts with a dash from being read as an option.
    args.push('--', request.title, request.body)

    // execFile, not a shell: names come from other users.
    const child = execFile(this.binary, args, { timeout: WAIT_LIMIT_MS, encoding: 'utf8' }, (error, stdout) => {
      this.#waiting.delete(child)
      if (error) {
        if (!error.killed) this.onError(`notify-send failed: ${error.message}`)
        return
      }
      const chosen = stdout.trim().split('\n').at(-1)?.trim()
      if (chosen === 'default' || request.actions.some((action) => action.id === chosen)) request.onActivate(chosen!)
    })
    this.#waiting.add(child)
    while (this.#waiting.size > MAX_WAITING) {
      const oldest = this.#waiting.values().next().value as ChildProcess
      this.#waiting.delete(oldest)
      oldest.kill()
    }
  }

  /** Stops waiting for every open notification (they stay on screen, clicks no longer reach us). */
  dispose(): void {
    for (const child of this.#waiting) child.kill()
    this.#waiting.clear()
  }
}
