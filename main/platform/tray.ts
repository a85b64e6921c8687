// The tray icon: renders the tray model (main/services/desktop/tray-view.ts) with
// Electron's Tray and Menu, and reports clicks as tray actions.
import { Menu, Tray, nativeImage, type MenuItemConstructorOptions, type NativeImage } from 'electron'
import { join } from 'node:path'
import type { Unsubscribe } from '../services/core/emitter'
import type { TrayPort } from '../services/desktop/ports'
import type { TrayAction, TrayIconState, TrayMenuItem, TrayView } from '../services/desktop/tray-view'

export class ElectronTray implements TrayPort {
  readonly #listeners = new Set<(action: TrayAction) => void>()
  readonly #images = new Map<TrayIconState, NativeImage>()
  #tray: Tray | undefined
  #icon: TrayIconState | undefined

  /** `iconDir` holds <state>.png and <state>@2x.png (assets/tray, see scripts/tray-icons.ts). */
  constructor(private readonly iconDir: string) {}

  render(view: TrayView): void {
    if (!this.#tray || this.#tray.isDestroyed()) {
      this.#tray = new Tray(this.#image(view.icon))
      this.#icon = view.icon
      // Windows and most Linux panels open the app on a plain click; macOS shows the menu.
      if (process.platform !== 'darwin') this.#tray.on('click', () => this.#emit({ type: 'open' }))
    } else if (this.#icon !== view.icon) {
      this.#tray.setImage(this.#image(view.icon))
      this.#icon = view.icon
    }
    this.#tray.setToolTip(view.tooltip)
    this.#tray.setContextMenu(Menu.buildFromTemplate(view.menu.map((item) => this.#template(item))))
  }

  onAction(listener: (action: TrayAction) => void): Unsubscribe {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  destroy(): void {
    this.#tray?.destroy()
    this.#tray = undefined
    this.#listeners.clear()
  }

  #image(state: TrayIconState): NativeImage {
    let image = this.#images.get(state)
    if (!image) {
      // createFromPath picks <state>@2x.png on HiDPI screens by itself.
      image = nativeImage.createFromPath(join(this.iconDir, `${state}.png`))
      this.#images.set(state, image)
    }
    return image
  }

  #template(item: TrayMenuItem): MenuItemConstructorOptions {
    switch (item.kind) {
      case 'separator':
        return { type: 'separator' }
      case 'checkbox':
        return { type: 'checkbox', label: item.label, checked: item.checked, click: () => this.#emit(item.action) }
      case 'submenu':
        return { label: item.label, enabled: item.enabled, submenu: item.items.map((child) => this.#template(child)) }
      case 'item':
        return { label: item.label, enabled: item.enabled, click: () => this.#emit(item.action) }
    }
  }

  #emit(action: TrayAction): void {
    for (const listener of [...this.#listeners]) listener(action)
  }
}
