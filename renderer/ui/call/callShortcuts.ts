// The call's keyboard shortcuts, the same as the application menu's Call accelerators
// (CmdOrCtrl+Shift+M/O/H), so they work in the page too (a browser, a menu that is hidden)
// and the buttons can announce them (aria-keyshortcuts).
import type { CallCommand } from '../../../common/ipc'
import type { CallController } from '../../calling/controller-types'

const KEYS: Record<CallCommand, string> = { 'toggle-mute': 'M', 'toggle-camera': 'O', 'hang-up': 'H' }

export function isMacPlatform(): boolean {
  return typeof navigator !== 'undefined' && /mac/i.test(navigator.platform || navigator.userAgent)
}

/** The letter of a command's shortcut (with Ctrl, or Cmd on macOS, and Shift), from the table the key handler reads. */
export function shortcutLetterOf(command: CallCommand): string {
  return KEYS[command]
}

/** The aria-keyshortcuts value of a command ("Control+Shift+M", "Meta+Shift+M" on macOS). */
export function keyShortcutFor(command: CallCommand, mac = isMacPlatform()): string {
  return `${mac ? 'Meta' : 'Control'}+Shift+${KEYS[command]}`
}

/** The command a keydown asks for, or null: Ctrl (Cmd on macOS) + Shift + the command's letter. */
export function callCommandForKey(event: Pick<KeyboardEvent, 'key' | 'code' | 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'repeat'>, mac = isMacPlatform()): CallCommand | null {
  const modifier = mac ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey
  if (!modifier || !event.shiftKey || event.altKey || event.repeat) return null
  // `code` first: with Shift (and other layouts) `key` may not be the plain letter.
  const letter = /^Key([A-Z])$/.exec(event.code)?.[1] ?? event.key.toUpperCase()
  for (const [command, key] of Object.entries(KEYS) as Array<[CallCommand, string]>) if (key === letter) return command
  return null
}

/**
 * One keystroke can reach the call twice: as the page's keydown and as the menu's
 * accelerator (call:command). The same command again within this window is that echo.
 */
export const ECHO_WINDOW_MS = 300

/** Runs call commands on the controller, ignoring a repeat of the same command within ECHO_WINDOW_MS. */
export function createCallCommandRunner(now: () => number = () => performance.now()) {
  let last: { command: CallCommand; at: number } | null = null
  return (controller: CallController, command: CallCommand): boolean => {
    const at = now()
    if (last && last.command === command && at - last.at < ECHO_WINDOW_MS) return false
    const state = controller.getState()
    if (command === 'hang-up') {
      if (state.phase === 'idle' || state.phase === 'ended') return false
      last = { command, at }
      controller.hangUp()
      return true
    }
    // Mute and camera act from the first moment of a call: the call starts as they are set.
    if (state.phase === 'idle' || state.phase === 'ended') return false
    last = { command, at }
    if (command === 'toggle-mute') controller.setMuted(!state.muted)
    else controller.setCameraOff(!state.cameraOff)
    return true
  }
}
