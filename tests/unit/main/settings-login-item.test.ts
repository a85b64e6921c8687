import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { autostartEntry, autostartPath, quoteExecArgument, setLinuxAutostart } from '../../../main/platform/login-item-autostart'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('Linux launch at login (XDG autostart)', () => {
  it('honours XDG_CONFIG_HOME only when absolute', () => {
    expect(autostartPath({ XDG_CONFIG_HOME: '/cfg' }, '/home/u')).toBe('/cfg/autostart/shoutit-desktop.desktop')
    expect(autostartPath({ XDG_CONFIG_HOME: 'relative' }, '/home/u')).toBe('/home/u/.config/autostart/shoutit-desktop.desktop')
    expect(autostartPath({}, '/home/u')).toBe('/home/u/.config/autostart/shoutit-desktop.desktop')
  })

  it('quotes Exec arguments by the Desktop Entry rules', () => {
    expect(quoteExecArgument('/opt/Shoutit/shoutit')).toBe('/opt/Shoutit/shoutit')
    expect(quoteExecArgument('/home/u/My Apps/Shoutit.AppImage')).toBe('"/home/u/My Apps/Shoutit.AppImage"')
    expect(quoteExecArgument('/tmp/a"b$c`d\\e')).toBe('"/tmp/a\\"b\\$c\\`d\\\\e"')
    expect(quoteExecArgument('/tmp/100%')).toBe('/tmp/100%%')
  })

  it('starts the app with --launched-at-login so it stays in the tray', () => {
    expect(autostartEntry(['/opt/Shoutit/shoutit'])).toContain('\nExec=/opt/Shoutit/shoutit --launched-at-login\n')
  })

  it('writes the entry when enabled and removes it when disabled', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'autostart-'))
    dirs.push(dir)
    const path = join(dir, 'autostart', 'shoutit-desktop.desktop')
    await setLinuxAutostart(true, ['/opt/Shoutit/shoutit'], path)
    expect(readFileSync(path, 'utf8')).toMatch(/^\[Desktop Entry\]\nType=Application\n/)
    await setLinuxAutostart(false, ['/opt/Shoutit/shoutit'], path)
    expect(existsSync(path)).toBe(false)
    await expect(setLinuxAutostart(false, ['/x'], path)).resolves.toBeUndefined()
  })
})
