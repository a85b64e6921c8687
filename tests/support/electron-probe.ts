// What the real app's main process does with the OS surfaces that Playwright cannot see:
// the tray (Electron has no API to list trays) and how windows are shown and layered. The
// probe wraps Tray.prototype.setContextMenu / setToolTip and a few BrowserWindow methods
// inside the running main process, recording each call and passing it on unchanged, so the
// app behaves exactly as it would unobserved. Install it before the behaviour under test:
// the tray is re-rendered on every state change (sign-in, a ring, a call), so a probe
// installed right after launch sees every later menu.
import type { ElectronApplication } from 'playwright-core'

export interface ProbedMenuItem {
  label: string
  type: string
  enabled: boolean
  checked: boolean
  submenu?: ProbedMenuItem[]
}

/** One recorded call of a watched BrowserWindow method. */
export interface ProbedWindowCall {
  windowId: number
  /** The window's page when it was called ('' or about:blank for the picture-in-picture window). */
  url: string
  title: string
  method: (typeof WATCHED_WINDOW_METHODS)[number]
  args: Array<string | number | boolean | null>
}

export interface ProbeSnapshot {
  trayMenu: ProbedMenuItem[] | null
  trayTooltip: string | null
  windowCalls: ProbedWindowCall[]
}

export const WATCHED_WINDOW_METHODS = ['show', 'showInactive', 'focus', 'setAlwaysOnTop'] as const

export async function installMainProbe(app: ElectronApplication): Promise<void> {
  await app.evaluate(({ Tray, BrowserWindow }, methods) => {
    type Recorded = { menu: Electron.Menu | null; tooltip: string | null; windowCalls: unknown[] }
    const holder = globalThis as unknown as { __shoutitProbe?: Recorded }
    if (holder.__shoutitProbe) return
    const probe: Recorded = { menu: null, tooltip: null, windowCalls: [] }
    holder.__shoutitProbe = probe

    const trayProto = Tray.prototype as unknown as Record<string, (...args: unknown[]) => unknown>
    const setContextMenu = trayProto.setContextMenu!
    trayProto.setContextMenu = function (this: unknown, ...args: unknown[]) {
      probe.menu = (args[0] as Electron.Menu | null) ?? null
      return setContextMenu.apply(this, args)
    }
    const setToolTip = trayProto.setToolTip!
    trayProto.setToolTip = function (this: unknown, ...args: unknown[]) {
      probe.tooltip = String(args[0])
      return setToolTip.apply(this, args)
    }

    const windowProto = BrowserWindow.prototype as unknown as Record<string, (...args: unknown[]) => unknown>
    for (const method of methods) {
      const original = windowProto[method]!
      windowProto[method] = function (this: Electron.BrowserWindow, ...args: unknown[]) {
        probe.windowCalls.push({
          windowId: this.id,
          url: this.webContents.getURL(),
          title: this.getTitle(),
          method,
          args: args.map((arg) => (typeof arg === 'string' || typeof arg === 'number' || typeof arg === 'boolean' ? arg : null))
        })
        return original.apply(this, args)
      }
    }
  }, WATCHED_WINDOW_METHODS)
}

export async function probeSnapshot(app: ElectronApplication): Promise<ProbeSnapshot> {
  return app.evaluate(() => {
    const probe = (globalThis as unknown as { __shoutitProbe?: { menu: Electron.Menu | null; tooltip: string | null; windowCalls: ProbedWindowCall[] } })
      .__shoutitProbe
    if (!probe) throw new Error('installMainProbe() was not called for this app')
    const describe = (menu: Electron.Menu): ProbedMenuItem[] =>
      menu.items.map((item) => ({
        label: item.label,
        type: item.type,
        enabled: item.enabled,
        checked: item.checked,
        ...(item.submenu ? { submenu: describe(item.submenu) } : {})
      }))
    return { trayMenu: probe.menu ? describe(probe.menu) : null, trayTooltip: probe.tooltip, windowCalls: [...probe.windowCalls] }
  })
}

/** Clicks the tray menu's item with this label (top level), as the user would. */
export async function clickTrayItem(app: ElectronApplication, label: string): Promise<void> {
  const clicked = await app.evaluate((_electron, wanted) => {
    const probe = (globalThis as unknown as { __shoutitProbe?: { menu: Electron.Menu | null } }).__shoutitProbe
    const item = probe?.menu?.items.find((candidate) => candidate.label === wanted)
    if (!item) return false
    // Electron's MenuItem.click flips a checkbox and then runs the item's click handler, as a real click does.
    ;(item as unknown as { click(): void }).click()
    return true
  }, label)
  if (!clicked) throw new Error(`the tray menu has no item "${label}"`)
}

/** Top-level labels of a tray menu, separators as '—'. */
export function menuLabels(menu: ProbedMenuItem[] | null): string[] {
  return (menu ?? []).map((item) => (item.type === 'separator' ? '—' : item.label))
}
