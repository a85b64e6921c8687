// The application menu as plain data, built without Electron so that tests can read it.
// Electron's default menu offers Reload and Toggle Developer Tools: Reload would drop a
// call mid-sentence and the developer tools have no place in a packaged app, so this menu
// has neither outside development. app-menu-electron.ts turns it into a Menu.
import type { CallActivity } from '../../common/calls'
import type { CallCommand } from '../../common/ipc'

/** What a click on one of the app's own items asks for; roles (copy, zoom…) need none. */
export type MenuCommand = 'settings' | 'call:toggle-mute' | 'call:toggle-camera' | 'call:hang-up' | 'help:open-log-folder'

/** Electron's built-in roles this menu uses (a subset of MenuItemConstructorOptions['role']). */
export type MenuRole =
  | 'about'
  | 'services'
  | 'hide'
  | 'hideOthers'
  | 'unhide'
  | 'quit'
  | 'close'
  | 'undo'
  | 'redo'
  | 'cut'
  | 'copy'
  | 'paste'
  | 'pasteAndMatchStyle'
  | 'delete'
  | 'selectAll'
  | 'resetZoom'
  | 'zoomIn'
  | 'zoomOut'
  | 'togglefullscreen'
  | 'reload'
  | 'forceReload'
  | 'toggleDevTools'
  | 'minimize'
  | 'zoom'
  | 'front'
  | 'appMenu'
  | 'fileMenu'
  | 'editMenu'
  | 'viewMenu'
  | 'windowMenu'
  | 'help'

export interface MenuItemSpec {
  label?: string
  role?: MenuRole
  type?: 'separator' | 'submenu'
  accelerator?: string
  enabled?: boolean
  command?: MenuCommand
  submenu?: MenuItemSpec[]
}

export interface AppMenuState {
  platform: NodeJS.Platform
  /** A packaged build: no reload, no developer tools. */
  isPackaged: boolean
  productName: string
  /** What the renderer's call flow reports (call:activity). */
  activity: CallActivity
}

/** Call shortcuts: the ones other calling apps use, so that hands already know them. */
export const CALL_ACCELERATORS = {
  'call:toggle-mute': 'CmdOrCtrl+Shift+M',
  'call:toggle-camera': 'CmdOrCtrl+Shift+O',
  'call:hang-up': 'CmdOrCtrl+Shift+H'
} as const

const separator: MenuItemSpec = { type: 'separator' }

export function appMenuTemplate({ platform, isPackaged, productName, activity }: AppMenuState): MenuItemSpec[] {
  const isMac = platform === 'darwin'
  const inCall = activity === 'in-call'
  const settings: MenuItemSpec = { label: isMac ? 'Settings…' : 'Settings', accelerator: 'CmdOrCtrl+,', command: 'settings' }

  const appMenu: MenuItemSpec = {
    label: productName,
    submenu: [
      { role: 'about', label: `About ${productName}` },
      separator,
      settings,
      separator,
      { role: 'services' },
      separator,
      { role: 'hide', label: `Hide ${productName}` },
      { role: 'hideOthers' },
      { role: 'unhide' },
      separator,
      { role: 'quit', label: `Quit ${productName}` }
    ]
  }
  const fileMenu: MenuItemSpec = {
    label: 'File',
    // The app keeps running in the tray when its window closes: Quit is what ends it.
    submenu: isMac ? [{ role: 'close' }] : [settings, separator, { role: 'quit' }]
  }
  const editMenu: MenuItemSpec = {
    label: 'Edit',
    // The roles are what make cut, copy and paste work in text fields at all on macOS.
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      separator,
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      ...(isMac ? [{ role: 'pasteAndMatchStyle' } as const] : []),
      { role: 'delete' },
      separator,
      { role: 'selectAll' }
    ]
  }
  const viewMenu: MenuItemSpec = {
    label: 'View',
    submenu: [
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      separator,
      { role: 'togglefullscreen' },
      // Development only: reloading drops a call, and packaged builds do not debug.
      ...(isPackaged ? [] : [separator, { role: 'reload' } as const, { role: 'toggleDevTools' } as const])
    ]
  }
  const callMenu: MenuItemSpec = {
    label: 'Call',
    submenu: [
      { label: 'Mute or Unmute', accelerator: CALL_ACCELERATORS['call:toggle-mute'], command: 'call:toggle-mute', enabled: inCall },
      { label: 'Camera On or Off', accelerator: CALL_ACCELERATORS['call:toggle-camera'], command: 'call:toggle-camera', enabled: inCall },
      separator,
      // Hanging up also cancels a call that is still ringing.
      { label: 'Hang Up', accelerator: CALL_ACCELERATORS['call:hang-up'], command: 'call:hang-up', enabled: activity !== 'idle' }
    ]
  }
  const windowMenu: MenuItemSpec = {
    label: 'Window',
    submenu: isMac ? [{ role: 'minimize' }, { role: 'zoom' }, separator, { role: 'front' }] : [{ role: 'minimize' }, { role: 'close' }]
  }
  const helpMenu: MenuItemSpec = {
    role: 'help',
    label: 'Help',
    submenu: [
      ...(isMac ? [] : [{ role: 'about', label: `About ${productName}` } as const, separator]),
      { label: 'Open Log Folder', command: 'help:open-log-folder' }
    ]
  }
  return [...(isMac ? [appMenu] : []), fileMenu, editMenu, viewMenu, callMenu, windowMenu, helpMenu]
}

/** Every item of a template, submenus included, depth first. */
export function menuItems(template: readonly MenuItemSpec[]): MenuItemSpec[] {
  return template.flatMap((item) => [item, ...menuItems(item.submenu ?? [])])
}

export interface MenuCommandTargets {
  /** Shows the main window on its Settings screen. */
  openSettings(): void
  /** Tells the main window's call what to do. */
  call(command: CallCommand): void
  openLogFolder(): void
}

export function runMenuCommand(command: MenuCommand, targets: MenuCommandTargets): void {
  switch (command) {
    case 'settings':
      return targets.openSettings()
    case 'call:toggle-mute':
      return targets.call('toggle-mute')
    case 'call:toggle-camera':
      return targets.call('toggle-camera')
    case 'call:hang-up':
      return targets.call('hang-up')
    case 'help:open-log-folder':
      return targets.openLogFolder()
  }
}
