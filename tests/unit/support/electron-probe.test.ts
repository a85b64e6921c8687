// The main-process probe of the Electron tests, run here against stand-ins for Electron's
// Tray and BrowserWindow (the real binary is not everywhere): it must record what the app
// does and still let every call through unchanged, or the app under test would behave
// differently observed than unobserved.
import type { ElectronApplication } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import { clickTrayItem, installMainProbe, menuLabels, probeSnapshot } from '../../support/electron-probe'

interface FakeItem {
  label: string
  type: string
  enabled: boolean
  checked: boolean
  submenu?: { items: FakeItem[] }
  click(): void
}

const item = (label: string, extra: Partial<FakeItem> = {}): FakeItem => ({ label, type: 'normal', enabled: true, checked: false, click: () => undefined, ...extra })

class FakeTray {
  menu: unknown = null
  tooltip = ''
  setContextMenu(menu: unknown): void {
    this.menu = menu
  }
  setToolTip(text: string): void {
    this.tooltip = text
  }
}

class FakeWindow {
  static nextId = 1
  readonly id = FakeWindow.nextId++
  readonly did: string[] = []
  readonly webContents = { getURL: () => this.url }
  constructor(private readonly url: string) {}
  getTitle(): string {
    return `window ${this.id}`
  }
  show(): void {
    this.did.push('show')
  }
  showInactive(): void {
    this.did.push('showInactive')
  }
  focus(): void {
    this.did.push('focus')
  }
  setAlwaysOnTop(flag: boolean, level?: string): string {
    this.did.push(`setAlwaysOnTop ${flag} ${level}`)
    return 'passed through'
  }
}

/** An ElectronApplication whose evaluate runs the function here, against the stand-ins. */
function fakeApp(): ElectronApplication {
  const electron = { Tray: FakeTray, BrowserWindow: FakeWindow }
  return {
    evaluate: async (fn: (electron: unknown, arg: unknown) => unknown, arg?: unknown) => fn(electron, arg)
  } as unknown as ElectronApplication
}

// The probe wraps the prototypes, as it does Electron's: put them back after each test.
const trayOriginals = { setContextMenu: FakeTray.prototype.setContextMenu, setToolTip: FakeTray.prototype.setToolTip }
const windowOriginals = {
  show: FakeWindow.prototype.show,
  showInactive: FakeWindow.prototype.showInactive,
  focus: FakeWindow.prototype.focus,
  setAlwaysOnTop: FakeWindow.prototype.setAlwaysOnTop
}

afterEach(() => {
  Object.assign(FakeTray.prototype, trayOriginals)
  Object.assign(FakeWindow.prototype, windowOriginals)
  delete (globalThis as { __shoutitProbe?: unknown }).__shoutitProbe
})

describe('the Electron tests’ main-process probe', () => {
  it('refuses to report before it is installed', async () => {
    await expect(probeSnapshot(fakeApp())).rejects.toThrow(/installMainProbe/)
  })

  it('records the tray menu and tooltip the app sets, and the tray still gets them', async () => {
    const app = fakeApp()
    await installMainProbe(app)
    const tray = new FakeTray()
    const menu = { items: [item('Open Shoutit'), item('', { type: 'separator' }), item('Recent calls', { type: 'submenu', submenu: { items: [item('↗ Bob')] } })] }
    tray.setContextMenu(menu)
    tray.setToolTip('Shoutit — Online')
    expect(tray.menu).toBe(menu)
    expect(tray.tooltip).toBe('Shoutit — Online')
    const snapshot = await probeSnapshot(app)
    expect(snapshot.trayTooltip).toBe('Shoutit — Online')
    expect(menuLabels(snapshot.trayMenu)).toEqual(['Open Shoutit', '—', 'Recent calls'])
    expect(snapshot.trayMenu?.[2]?.submenu?.map((entry) => entry.label)).toEqual(['↗ Bob'])
  })

  it('records how each window is shown and layered, and passes every call on', async () => {
    const app = fakeApp()
    await installMainProbe(app)
    const pip = new FakeWindow('about:blank')
    const ring = new FakeWindow('app://shoutit/index.html?view=ring')
    expect(pip.setAlwaysOnTop(true, 'floating')).toBe('passed through')
    pip.showInactive()
    ring.show()
    expect(pip.did).toEqual(['setAlwaysOnTop true floating', 'showInactive'])
    expect(ring.did).toEqual(['show'])
    expect((await probeSnapshot(app)).windowCalls).toEqual([
      { windowId: pip.id, url: 'about:blank', title: `window ${pip.id}`, method: 'setAlwaysOnTop', args: [true, 'floating'] },
      { windowId: pip.id, url: 'about:blank', title: `window ${pip.id}`, method: 'showInactive', args: [] },
      { windowId: ring.id, url: 'app://shoutit/index.html?view=ring', title: `window ${ring.id}`, method: 'show', args: [] }
    ])
  })

  it('installs once: installing again keeps what was recorded and records each call once', async () => {
    const app = fakeApp()
    await installMainProbe(app)
    const window = new FakeWindow('about:blank')
    window.focus()
    await installMainProbe(app)
    window.focus()
    expect((await probeSnapshot(app)).windowCalls.map((call) => call.method)).toEqual(['focus', 'focus'])
    expect(window.did).toEqual(['focus', 'focus'])
  })

  it('clicks the tray item with the label, and says so when there is none', async () => {
    const app = fakeApp()
    await installMainProbe(app)
    const clicked: string[] = []
    new FakeTray().setContextMenu({ items: [item('Do not disturb', { type: 'checkbox', click: () => clicked.push('dnd') }), item('Quit Shoutit')] })
    await clickTrayItem(app, 'Do not disturb')
    expect(clicked).toEqual(['dnd'])
    await expect(clickTrayItem(app, 'Answer Alice')).rejects.toThrow('the tray menu has no item "Answer Alice"')
  })
})
