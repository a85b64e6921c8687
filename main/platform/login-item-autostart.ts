// Launch at login on Linux: Electron's setLoginItemSettings covers only macOS and Windows,
// so we write (or remove) an XDG autostart entry, as the desktop environments expect:
// $XDG_CONFIG_HOME/autostart/<name>.desktop (default ~/.config/autostart).
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'

export const LAUNCHED_AT_LOGIN_FLAG = '--launched-at-login'

export function autostartPath(env: NodeJS.ProcessEnv = process.env, home = homedir()): string {
  const configHome = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith('/') ? env.XDG_CONFIG_HOME : join(home, '.config')
  return join(configHome, 'autostart', 'shoutit-desktop.desktop')
}

/** Quotes one Exec argument by the Desktop Entry rules (and doubles % for field codes). */
export function quoteExecArgument(argument: string): string {
  const escaped = argument.replace(/%/g, '%%')
  if (!/[\s"'\\><~|&;$*?#()`=]/.test(escaped)) return escaped
  return `"${escaped.replace(/(["`$\\])/g, '\\$1')}"`
}

export function autostartEntry(command: readonly string[]): string {
  const exec = [...command, LAUNCHED_AT_LOGIN_FLAG].map(quoteExecArgument).join(' ')
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Shoutit',
    'Comment=Video calls: ring me while the window is closed',
    `Exec=${exec}`,
    'Icon=shoutit',
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    ''
  ].join('\n')
}

export async function setLinuxAutostart(enabled: boolean, command: readonly string[], path = autostartPath()): Promise<void> {
  if (!enabled) {
    await rm(path, { force: true })
    return
  }
  await mkdir(join(path, '..'), { recursive: true })
  await writeFile(path, autostartEntry(command), { mode: 0o644 })
}
