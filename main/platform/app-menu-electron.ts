// Applies the app menu (app-menu.ts) with Menu.setApplicationMenu, and builds it again when
// the call state or the language changes, so the Call items are enabled only while they
// mean something and every label is in the current language.
import { Menu, type MenuItemConstructorOptions } from 'electron'
import type { CallActivity } from '../../common/calls'
import { appMenuTemplate, type AppMenuState, type MenuCommand, type MenuItemSpec } from './app-menu'

export function toElectronTemplate(items: readonly MenuItemSpec[], run: (command: MenuCommand) => void): MenuItemConstructorOptions[] {
  return items.map(({ command, submenu, ...item }) => ({
    ...item,
    ...(submenu ? { submenu: toElectronTemplate(submenu, run) } : {}),
    ...(command ? { click: () => run(command) } : {})
  }))
}

export class ElectronAppMenu {
  #activity: CallActivity = 'idle'

  constructor(
    private readonly base: Omit<AppMenuState, 'activity'>,
    private readonly run: (command: MenuCommand) => void
  ) {}

  install(): void {
    Menu.setApplicationMenu(Menu.buildFromTemplate(toElectronTemplate(appMenuTemplate({ ...this.base, activity: this.#activity }), this.run)))
  }

  /** The language changed: the same menu again, in new words. */
  refresh(): void {
    this.install()
  }

  setActivity(activity: CallActivity): void {
    if (activity === this.#activity) return
    this.#activity = activity
    this.install()
  }
}
