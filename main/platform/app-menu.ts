// The application menu as plain data, built without Electron so that tests can read it.
// Electron's default menu offers Reload and Toggle Developer Tools: Reload would drop a
// call mid-sentence and the developer tools have no place in a packaged app, so this menu
// has neither outside development. app-menu-electron.ts turns it into a Menu. Every item
// has a label from `t`, roles included: Electron's own role labels are English only.
import type { TFunction } from 'i18next'
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
  /** Main's translator, in the app's current language. */
  t: TFunction
}

/** Call shortcuts: the ones other calling apps use, so that hands already know them. */
export const CALL_ACCELERATORS = {
  'call:toggle-mute': 'CmdOrCtrl+Shift+M',
  'call:toggle-camera': 'CmdOrCtrl+Shift+O',
  'call:hang-up': 'CmdOrCtrl+Shift+H'
} as const

const separator: MenuItemSpec = { type: 'separator' }

export function appMenuTemplate({ platform, isPackaged, productName, activity, t }: AppMenuState): MenuItemSpec[] {
  const isMac = platform === 'darwin'
  // Mute, camera and hang up all act from the first ring on: the call starts as they are set.
  const callOn = activity !== 'idle'
  const name = productName
  const settings: MenuItemSpec = { label: isMac ? t('menu.settingsMac') : t('menu.settings'), accelerator: 'CmdOrCtrl+,', command: 'settings' }
  const about: MenuItemSpec = { role: 'about', label: t('menu.about', { name }) }
  const closeWindow: MenuItemSpec = { role: 'close', label: t('menu.closeWindow') }

  const appMenu: MenuItemSpec = {
    label: productName,
    submenu: [
      about,
      separator,
      settings,
      separator,
      { role: 'services', label: t('menu.services') },
      separator,
      { role: 'hide', label: t('menu.hide', { name }) },
      { role: 'hideOthers', label: t('menu.hideOthers') },
      { role: 'unhide', label: t('menu.showAll') },
      separator,
      { role: 'quit', label: t('menu.quitName', { name }) }
    ]
  }
  const fileMenu: MenuItemSpec = {
    label: t('menu.file'),
    // The app keeps running in the tray when its window closes: Quit is what ends it.
    submenu: isMac ? [closeWindow] : [settings, separator, { role: 'quit', label: t('menu.quit') }]
  }
  const editMenu: MenuItemSpec = {
    label: t('menu.edit'),
    // The roles are what make cut, copy and paste work in text fields at all on macOS.
    submenu: [
      { role: 'undo', label: t('menu.undo') },
      { role: 'redo', label: t('menu.redo') },
      separator,
      { role: 'cut', label: t('menu.cut') },
      { role: 'copy', label: t('menu.copy') },
      { role: 'paste', label: t('menu.paste') },
      ...(isMac ? [{ role: 'pasteAndMatchStyle', label: t('menu.pasteAndMatchStyle') } as const] : []),
      { role: 'delete', label: t('menu.delete') },
      separator,
      { role: 'selectAll', label: t('menu.selectAll') }
    ]
  }
  const viewMenu: MenuItemSpec = {
    label: t('menu.view'),
    submenu: [
      { role: 'resetZoom', label: t('menu.actualSize') },
      { role: 'zoomIn', label: t('menu.zoomIn') },
      { role: 'zoomOut', label: t('menu.zoomOut') },
      separator,
      { role: 'togglefullscreen', label: t('menu.fullScreen') },
      // Development only: reloading drops a call, and packaged builds do not debug.
      ...(isPackaged
        ? []
        : [separator, { role: 'reload', label: t('menu.reload') } as const, { role: 'toggleDevTools', label: t('menu.developerTools') } as const])
    ]
  }
  const callMenu: MenuItemSpec = {
    label: t('menu.call'),
    submenu: [
      { label: t('menu.muteOrUnmute'), accelerator: CALL_ACCELERATORS['call:toggle-mute'], command: 'call:toggle-mute', enabled: callOn },
      { label: t('menu.cameraOnOrOff'), accelerator: CALL_ACCELERATORS['call:toggle-camera'], command: 'call:toggle-camera', enabled: callOn },
      separator,
      // Hanging up also cancels a call that is still ringing.
      { label: t('menu.hangUp'), accelerator: CALL_ACCELERATORS['call:hang-up'], command: 'call:hang-up', enabled: callOn }
    ]
  }
  const windowMenu: MenuItemSpec = {
    label: t('menu.window'),
    submenu: isMac
      ? [{ role: 'minimize', label: t('menu.minimize') }, { role: 'zoom', label: t('menu.zoom') }, separator, { role: 'front', label: t('menu.bringAllToFront') }]
      : [{ role: 'minimize', label: t('menu.minimize') }, closeWindow]
  }
  const helpMenu: MenuItemSpec = {
    role: 'help',
    label: t('menu.help'),
    submenu: [...(isMac ? [] : [about, separator]), { label: t('menu.openLogFolder'), command: 'help:open-log-folder' }]
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
