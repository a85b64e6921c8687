import { describe, expect, it, vi } from 'vitest'
import { appMenuTemplate, CALL_ACCELERATORS, menuItems, runMenuCommand, type AppMenuState, type MenuItemSpec } from '../../../../main/platform/app-menu'
import { englishT } from '../../../support/i18n'

const base: AppMenuState = { platform: 'linux', isPackaged: true, productName: 'Shoutit', activity: 'idle', t: englishT }
const roles = (template: MenuItemSpec[]) => menuItems(template).flatMap((item) => (item.role ? [item.role] : []))
const item = (template: MenuItemSpec[], label: string) => menuItems(template).find((entry) => entry.label === label)
const topLabels = (template: MenuItemSpec[]) => template.map((entry) => entry.label)

describe('appMenuTemplate', () => {
  it('has no reload and no developer tools in a packaged build, on any OS', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      for (const activity of ['idle', 'outgoing', 'in-call'] as const) {
        const found = roles(appMenuTemplate({ ...base, platform, activity }))
        expect(found).not.toContain('reload')
        expect(found).not.toContain('forceReload')
        expect(found).not.toContain('toggleDevTools')
        // No item may hide them behind a custom label either.
        expect(menuItems(appMenuTemplate({ ...base, platform, activity })).map((entry) => entry.label ?? '')).not.toContainEqual(expect.stringMatching(/reload|developer/i))
      }
    }
  })

  it('offers reload and developer tools in development only', () => {
    const found = roles(appMenuTemplate({ ...base, isPackaged: false }))
    expect(found).toContain('reload')
    expect(found).toContain('toggleDevTools')
  })

  it('gives text fields cut, copy, paste, undo and select all through their roles', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const edit = appMenuTemplate({ ...base, platform }).find((entry) => entry.label === 'Edit')
      expect(roles(edit?.submenu ?? [])).toEqual(expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']))
    }
  })

  it('has a macOS app menu with About, Settings…, Hide and Quit; elsewhere Settings is under File and About under Help', () => {
    const mac = appMenuTemplate({ ...base, platform: 'darwin' })
    expect(topLabels(mac)).toEqual(['Shoutit', 'File', 'Edit', 'View', 'Call', 'Window', 'Help'])
    expect(mac[0]?.submenu?.map((entry) => entry.role ?? entry.label)).toEqual(
      expect.arrayContaining(['about', 'Settings…', 'hide', 'hideOthers', 'quit'])
    )
    expect(item(mac, 'Settings…')).toMatchObject({ accelerator: 'CmdOrCtrl+,', command: 'settings' })

    const linux = appMenuTemplate(base)
    expect(topLabels(linux)).toEqual(['File', 'Edit', 'View', 'Call', 'Window', 'Help'])
    expect(linux[0]?.submenu?.map((entry) => entry.role ?? entry.label ?? entry.type)).toEqual(['Settings', 'separator', 'quit'])
    const help = linux.find((entry) => entry.label === 'Help')
    expect(help?.submenu?.map((entry) => entry.role ?? entry.label ?? entry.type)).toEqual(['about', 'separator', 'Open Log Folder'])
    expect(item(linux, 'Open Log Folder')?.command).toBe('help:open-log-folder')
  })

  it('has View zoom and full screen', () => {
    const view = appMenuTemplate(base).find((entry) => entry.label === 'View')
    expect(roles(view?.submenu ?? [])).toEqual(['resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen'])
  })

  it('puts Mute, Camera and Hang up under Call with their shortcuts', () => {
    const call = appMenuTemplate(base).find((entry) => entry.label === 'Call')?.submenu ?? []
    expect(call.filter((entry) => entry.type !== 'separator').map(({ label, accelerator, command }) => ({ label, accelerator, command }))).toEqual([
      { label: 'Mute or Unmute', accelerator: 'CmdOrCtrl+Shift+M', command: 'call:toggle-mute' },
      { label: 'Camera On or Off', accelerator: 'CmdOrCtrl+Shift+O', command: 'call:toggle-camera' },
      { label: 'Hang Up', accelerator: 'CmdOrCtrl+Shift+H', command: 'call:hang-up' }
    ])
    // No two items share a shortcut.
    const accelerators = menuItems(appMenuTemplate({ ...base, isPackaged: false })).flatMap((entry) => (entry.accelerator ? [entry.accelerator] : []))
    expect(new Set(accelerators).size).toBe(accelerators.length)
    expect(Object.values(CALL_ACCELERATORS)).toHaveLength(3)
  })

  it('enables the Call items only while they mean something', () => {
    const enabled = (activity: AppMenuState['activity']) => {
      const template = appMenuTemplate({ ...base, activity })
      return ['Mute or Unmute', 'Camera On or Off', 'Hang Up'].map((label) => item(template, label)?.enabled)
    }
    expect(enabled('idle')).toEqual([false, false, false])
    // Ringing someone: mute and camera already work (the call starts as set), hang up cancels.
    expect(enabled('outgoing')).toEqual([true, true, true])
    expect(enabled('in-call')).toEqual([true, true, true])
  })
})

describe('runMenuCommand', () => {
  it('sends each command where it belongs', () => {
    const targets = { openSettings: vi.fn(), call: vi.fn(), openLogFolder: vi.fn() }
    runMenuCommand('settings', targets)
    runMenuCommand('call:toggle-mute', targets)
    runMenuCommand('call:toggle-camera', targets)
    runMenuCommand('call:hang-up', targets)
    runMenuCommand('help:open-log-folder', targets)
    expect(targets.openSettings).toHaveBeenCalledOnce()
    expect(targets.call.mock.calls).toEqual([['toggle-mute'], ['toggle-camera'], ['hang-up']])
    expect(targets.openLogFolder).toHaveBeenCalledOnce()
  })
})
