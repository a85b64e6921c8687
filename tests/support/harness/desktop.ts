// The desktop surfaces of one test client (the DesktopPorts and DesktopNotifier of main) as
// things a scenario can read and drive: the ring window is a real page of the client (in
// a Chromium context of its own, as it is a window of its own in the app), the tray and
// the badge are recorded as the app would render them, and notifications are recorded
// (and, when asked, also sent over D-Bus like the real app).
import type { Page } from 'playwright-core'
import type { DesktopPorts, AppShellPort, DeepLinkSource, RingWindowPort, TrayPort } from '../../../main/services/desktop/ports'
import type { TrayAction, TrayView } from '../../../main/services/desktop/tray-view'
import type { DesktopNotification, DesktopNotifier } from '../../../main/services/core/platform'
import { waitFor } from './wait'

export interface ShownNotification {
  title: string
  body: string
  actions: Array<{ id: string; label: string }>
  at: number
  /** Plays the user clicking a button ('default': the notification itself). */
  activate(actionId: string): void
}

export class RecordingNotifier implements DesktopNotifier {
  readonly supportsActions = true
  readonly shown: ShownNotification[] = []

  /** `forward`: also hand every notification to a real notifier (D-Bus through notify-send). */
  constructor(private readonly forward?: DesktopNotifier) {}

  notify(notification: DesktopNotification): void {
    this.shown.push({
      title: notification.title,
      body: notification.body,
      actions: notification.actions.map(({ id, label }) => ({ id, label })),
      at: Date.now(),
      activate: (actionId) => notification.onActivate(actionId)
    })
    this.forward?.notify(notification)
  }
}

export class RecordingTray implements TrayPort {
  readonly views: TrayView[] = []
  readonly #listeners = new Set<(action: TrayAction) => void>()
  destroyed = false

  render(view: TrayView): void {
    this.views.push(view)
  }
  onAction(listener: (action: TrayAction) => void): () => void {
    this.#listeners.add(listener)
    return () => void this.#listeners.delete(listener)
  }
  /** Plays a click on a tray menu entry. */
  click(action: TrayAction): void {
    for (const listener of [...this.#listeners]) listener(action)
  }
  destroy(): void {
    this.destroyed = true
  }
  get current(): TrayView | undefined {
    return this.views.at(-1)
  }
}

export class RecordingShell implements AppShellPort {
  badgeCount = 0
  quitRequested = 0
  #quitGuard: () => Promise<boolean> = async () => true
  readonly #closed = new Set<() => void>()

  setBadgeCount(count: number): void {
    this.badgeCount = count
  }
  async confirm(): Promise<boolean> {
    return true
  }
  quit(): void {
    this.quitRequested += 1
  }
  setQuitGuard(guard: () => Promise<boolean>): void {
    this.#quitGuard = guard
  }
  mayQuit(): Promise<boolean> {
    return this.#quitGuard()
  }
  /** The user closed the main window (the app stays in the tray). */
  mainWindowClosed(): void {
    for (const listener of [...this.#closed]) listener()
  }
  onMainWindowClosed(listener: () => void): () => void {
    this.#closed.add(listener)
    return () => void this.#closed.delete(listener)
  }
}

/** shoutit:// links the test hands in, as the OS would on a click. */
export class TestDeepLinks implements DeepLinkSource {
  readonly #listeners = new Set<(raw: string) => void>()
  readonly #early: string[] = []
  onLink(listener: (raw: string) => void): () => void {
    this.#listeners.add(listener)
    for (const raw of this.#early.splice(0)) listener(raw)
    return () => void this.#listeners.delete(listener)
  }
  open(raw: string): void {
    if (this.#listeners.size === 0) this.#early.push(raw)
    for (const listener of [...this.#listeners]) listener(raw)
  }
}

/**
 * The ring window: a `?view=ring` page of the client, loaded when main preloads it (or on the
 * first open), then shown and hidden ring after ring as the app's window is. `isOpen` is
 * whether main has it shown; `page()` waits until it is.
 */
export class TestRingWindow implements RingWindowPort {
  #page: Promise<Page> | null = null
  #shown = false
  readonly #closing = new Set<Promise<void>>()
  /** How many times main showed it. */
  opened = 0
  /** How many pages were created for it (1 while it is reused). */
  loads = 0

  constructor(private readonly openPage: () => Promise<Page>) {}

  preload(): void {
    this.#ensure()
  }

  open(): void {
    this.#ensure()
    if (!this.#shown) this.opened += 1
    this.#shown = true
  }

  close(): void {
    this.#shown = false
  }

  destroy(): void {
    const page = this.#page
    this.#page = null
    this.#shown = false
    if (!page) return
    const closing = page.then((opened) => opened.close()).catch(() => undefined)
    this.#closing.add(closing)
    void closing.finally(() => this.#closing.delete(closing))
  }

  /**
   * Closes the window and waits until every page made for it is closed: closing its
   * browser context while a page is still being set up (bindings, init scripts) trips
   * Playwright over objects it can no longer find.
   */
  async dispose(): Promise<void> {
    this.destroy()
    await Promise.all([...this.#closing])
  }

  get isOpen(): boolean {
    return this.#shown
  }

  /** The ring window's page, once main shows it. */
  async page(timeoutMs = 15_000): Promise<Page> {
    return waitFor(() => this.#shown && this.#page, `no ring window within ${timeoutMs} ms`, timeoutMs)
  }

  #ensure(): void {
    if (this.#page) return
    this.loads += 1
    const page = this.openPage()
    this.#page = page
    page.then(
      (opened) =>
        opened.on('close', () => {
          if (this.#page === page) this.#page = null
        }),
      () => {
        if (this.#page === page) this.#page = null
      }
    )
  }
}

export interface TestDesktop {
  ports: DesktopPorts
  tray: RecordingTray
  shell: RecordingShell
  deepLinks: TestDeepLinks
  ringWindow: TestRingWindow
  displayAwake: { prevented: number; allowed: number }
}

export function createTestDesktop(openRingPage: () => Promise<Page>): TestDesktop {
  const tray = new RecordingTray()
  const shell = new RecordingShell()
  const deepLinks = new TestDeepLinks()
  const ringWindow = new TestRingWindow(openRingPage)
  const displayAwake = { prevented: 0, allowed: 0 }
  return {
    tray,
    shell,
    deepLinks,
    ringWindow,
    displayAwake,
    ports: {
      tray,
      shell,
      deepLinks,
      ringWindow,
      displaySleep: { preventSleep: () => void (displayAwake.prevented += 1), allowSleep: () => void (displayAwake.allowed += 1) },
      loginItem: { setEnabled: () => undefined, launchedAtLogin: false }
    }
  }
}
