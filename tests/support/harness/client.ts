// One whole client for the end-to-end harness: its real main-process composition
// (composeMain) on test platform adapters, with its own data directory, and its renderer
// in its own Chromium context, every page bound to that composition through the IPC
// contract. The ring window (`?view=ring`) is a page of a context of its own, bound to the
// same composition.
import { mkdirSync } from 'node:fs'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { EventChannel, EventPayload, InvokeChannel, InvokeReply, InvokeRequest } from '../../../common/ipc'
import { composeMain, type ComposeOptions, type MainHandle } from '../../../main/compose'
import type { DesktopNotifier } from '../../../main/services/core/platform'
import type { Platform } from '../../../main/services/core/platform'
import { bindPage, type PageBinding } from './bridge'
import { newHarnessContext } from '../chromium'
import { createTestDesktop, RecordingNotifier, type ShownNotification, type TestDesktop } from './desktop'
import { installMediaProbe } from './media-probe'
import {
  CountingClock,
  createRecordingFetch,
  createTestSecretStorage,
  TestWindows,
  type RecordedRequest
} from './adapters'
import { memoryLogger, TestPower, type LogLine } from '../platform/platform'
import { jsonFileStores } from '../platform/stores'
import { createCountingPusherFactory, type PusherFactoryStats } from './pusher-node'
import { waitFor } from './wait'

export interface RecordedEvent {
  channel: EventChannel
  payload: unknown
  at: number
}

export interface StartClientOptions {
  name: string
  dataDir: string
  browser: Browser
  /** Where the built renderer is served (the harness's static server). */
  rendererUrl: string
  /** The reference server this client uses (its `local` profile). */
  serverUrl: string
  /** Opens the main window at start (default true); a client may also run windowless, in the tray. */
  openWindow?: boolean
  /** Also send OS notifications to this real notifier (the D-Bus path), besides recording them. */
  forwardNotifications?: DesktopNotifier
  /** composeMain's options (refresh margins, ring timeout…). */
  compose?: ComposeOptions
  /** Lets a test swap or extend adapters (a D-Bus notifier, a fake clock…). */
  adaptPlatform?: (platform: Platform) => Platform
}

export class IpcCallError extends Error {
  constructor(
    readonly channel: string,
    readonly code: string,
    message: string
  ) {
    super(`${channel}: ${code}: ${message}`)
    this.name = 'IpcCallError'
  }
}

let nextSenderId = 1000

export class TestClient {
  readonly requests: RecordedRequest[] = []
  readonly logs: LogLine[] = []
  readonly events: RecordedEvent[] = []
  /** Warnings, errors and uncaught exceptions of this client's pages. */
  readonly pageConsole: Array<{ page: string; type: string; text: string; at: number }> = []
  /** Every incoming_video_call main's realtime service received (before any dedupe). */
  readonly ringsReceived: Array<{ room: string; caller: string; at: number }> = []
  readonly clock = new CountingClock()
  readonly power = new TestPower()
  readonly windows = new TestWindows()
  readonly pusherStats: PusherFactoryStats = { created: 0 }
  readonly bindings = new Map<Page, PageBinding>()
  readonly desktop: TestDesktop = createTestDesktop(() => this.openPage('ring'))
  readonly notifier: RecordingNotifier
  readonly platform: Platform
  readonly main: MainHandle
  #context: BrowserContext | null = null
  /** Where the ring windows open (see #newRingWindowPage), created on the first ring. */
  #ringContext: Promise<BrowserContext> | null = null
  #mainPage: Page | null = null
  #reopening: Promise<Page> | null = null
  #eventWaiters = new Set<() => void>()

  constructor(readonly options: StartClientOptions) {
    mkdirSync(options.dataDir, { recursive: true })
    this.notifier = new RecordingNotifier(options.forwardNotifications)
    const base: Platform = {
      clock: this.clock,
      secretStorage: createTestSecretStorage(options.dataDir),
      createStore: jsonFileStores(options.dataDir),
      fetch: createRecordingFetch(this.requests),
      power: this.power,
      windows: this.windows,
      logger: memoryLogger(this.logs, process.env.SHOUTIT_E2E_LOG === '1', options.name),
      dataDir: options.dataDir,
      createPusher: createCountingPusherFactory(this.pusherStats),
      openExternal: async () => undefined,
      localServerUrl: options.serverUrl,
      notifier: this.notifier,
      desktop: this.desktop.ports
    }
    this.platform = options.adaptPlatform ? options.adaptPlatform(base) : base
    this.main = composeMain(this.platform, options.compose)
    this.main.onEvent(({ channel, payload }) => {
      this.events.push({ channel, payload, at: Date.now() })
      for (const wake of [...this.#eventWaiters]) wake()
    })
    this.main.services.realtime.events.on('incomingCall', (call) => {
      this.ringsReceived.push({ room: call.video_call.room, caller: call.username, at: Date.now() })
    })
    // Like the Electron shell: showing the main window brings it forward, or opens it again
    // when the user had closed it to the tray.
    this.windows.onShowMain = () => {
      if (this.#mainPage) void this.#mainPage.bringToFront().catch(() => undefined)
      else if (this.#context && !this.#reopening) {
        this.#reopening = this.openPage().then((page) => {
          this.#mainPage = page
          this.#reopening = null
          return page
        })
      }
    }
  }

  /** The ring window, once main has opened it. */
  ringPage(timeoutMs = 15_000): Promise<Page> {
    return this.desktop.ringWindow.page(timeoutMs)
  }

  /** What the tray shows now: its icon state, tooltip and menu. */
  get tray() {
    return this.desktop.tray
  }

  /** OS notifications main showed, oldest first. */
  get notifications(): ShownNotification[] {
    return this.notifier.shown
  }

  get name(): string {
    return this.options.name
  }

  /** The main window's page. */
  get page(): Page {
    if (!this.#mainPage) throw new Error(`${this.name} has no main window open`)
    return this.#mainPage
  }

  get context(): BrowserContext {
    if (!this.#context) throw new Error(`${this.name} has no browser context`)
    return this.#context
  }

  async start(): Promise<this> {
    this.#context = await newHarnessContext(this.options.browser, { viewport: { width: 900, height: 640 } })
    if (this.options.openWindow !== false) this.#mainPage = await this.openPage()
    return this
  }

  /** Opens one more window of this client (`view` sets `?view=`), bound like the main one. */
  async openPage(view?: string): Promise<Page> {
    const page = view === 'ring' ? await this.#newRingWindowPage() : await this.context.newPage()
    const senderId = nextSenderId++
    this.windows.senders.add(senderId)
    await installMediaProbe(page)
    const label = view ?? 'main'
    page.on('console', (message) => {
      if (message.type() === 'warning' || message.type() === 'error') this.pageConsole.push({ page: label, type: message.type(), text: message.text(), at: Date.now() })
    })
    page.on('pageerror', (error) => this.pageConsole.push({ page: label, type: 'pageerror', text: String(error), at: Date.now() }))
    if (view === 'ring') await page.addInitScript(recordRingShown)
    this.bindings.set(page, await bindPage(page, this.main, senderId))
    page.on('close', () => {
      this.windows.senders.delete(senderId)
      this.bindings.get(page)?.unbind()
      this.bindings.delete(page)
      // As the Electron shell reports its main window's 'closed' event, however it was closed.
      if (view !== 'ring') {
        if (this.#mainPage === page) this.#mainPage = null
        this.desktop.shell.mainWindowClosed()
      }
    })
    const url = new URL(this.options.rendererUrl)
    if (view) url.searchParams.set('view', view)
    await page.goto(url.href)
    return page
  }

  /**
   * In Electron the ring window is a BrowserWindow of its own. As one more page of the
   * client's context, closing it stalled the main page's drawing for about a second in
   * headless Chromium: a harness artifact the app does not have. A context of its own
   * avoids that; the renderer keeps no web storage, so nothing shared between windows is
   * lost. The context stays for later ring windows (main destroys its window at sign-out),
   * with a blank page kept open in it: a context with no live page started a renderer
   * process cold each time, which the app's windows, all in one session, do not pay.
   */
  async #newRingWindowPage(): Promise<Page> {
    this.#ringContext ??= newHarnessContext(this.options.browser, { viewport: { width: 900, height: 640 } }).then(async (context) => {
      await context.newPage()
      return context
    })
    return (await this.#ringContext).newPage()
  }

  /** The user closes the main window: the app keeps running in the tray. */
  async closeMainWindow(): Promise<void> {
    // The page's 'close' handler tells the shell, as for any other way the page closes.
    await this.#mainPage?.close()
  }

  /** Resolves with the main window once it is open (again). */
  async mainWindow(timeoutMs = 15_000): Promise<Page> {
    return waitFor(() => this.#mainPage ?? this.#reopening, `${this.name}: the main window did not open within ${timeoutMs} ms`, timeoutMs)
  }

  /** Invokes a channel as the main window would; returns the value or throws IpcCallError. */
  async invoke<C extends InvokeChannel>(channel: C, request: InvokeRequest<C>): Promise<InvokeReply<C>> {
    const senderId = this.#mainPage ? this.bindings.get(this.#mainPage)?.senderId : undefined
    const id = senderId ?? this.#testSender()
    const result = await this.main.ipc.invoke(id, channel, request)
    if (!result.ok) throw new IpcCallError(channel, result.error.code, result.error.message)
    return result.value as InvokeReply<C>
  }

  #windowlessSender: number | undefined

  #testSender(): number {
    // A windowless client (tray only) still needs a sender the router accepts for test calls.
    if (this.#windowlessSender === undefined) {
      this.#windowlessSender = nextSenderId++
      this.windows.senders.add(this.#windowlessSender)
    }
    return this.#windowlessSender
  }

  eventsOn<C extends EventChannel>(channel: C): Array<{ payload: EventPayload<C>; at: number }> {
    return this.events.filter((e) => e.channel === channel).map((e) => ({ payload: e.payload as EventPayload<C>, at: e.at }))
  }

  /** Waits for an event main sent (recorded since `since`, default: ever) matching `match`. */
  async waitForEvent<C extends EventChannel>(
    channel: C,
    match: (payload: EventPayload<C>) => boolean = () => true,
    options: { timeoutMs?: number; since?: number } = {}
  ): Promise<{ payload: EventPayload<C>; at: number }> {
    const { timeoutMs = 15_000, since = 0 } = options
    const find = () => this.eventsOn(channel).find((e) => e.at >= since && match(e.payload))
    const found = find()
    if (found) return found
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#eventWaiters.delete(wake)
        reject(new Error(`${this.name}: no ${channel} event within ${timeoutMs} ms`))
      }, timeoutMs)
      const wake = () => {
        const hit = find()
        if (!hit) return
        clearTimeout(timer)
        this.#eventWaiters.delete(wake)
        resolve(hit)
      }
      this.#eventWaiters.add(wake)
    })
  }

  /** The signed-in profile's id (throws when signed out). */
  get profileId(): string {
    const view = this.main.services.session.view()
    if (view.state !== 'signed-in') throw new Error(`${this.name} is not signed in`)
    return view.profile.id
  }

  /** Contract violations seen on any of this client's pages. */
  contractViolations(): Array<{ channel: string; message: string }> {
    return [...this.bindings.values()].flatMap((binding) => binding.violations)
  }

  async stop(): Promise<void> {
    for (const wake of this.#eventWaiters) wake()
    await this.main.dispose()
    await this.desktop.ringWindow.dispose()
    await this.#context?.close().catch(() => undefined)
    this.#context = null
    const ringContext = this.#ringContext
    this.#ringContext = null
    await ringContext?.then((context) => context.close()).catch(() => undefined)
    this.#mainPage = null
  }
}

/** In a ring page: stamps (epoch ms) each time the Accept/Decline buttons appear, i.e. a ring is shown. */
function recordRingShown(): void {
  const w = window as unknown as { __ringShownAt: number[] }
  w.__ringShownAt = []
  let visible = false
  const check = () => {
    const now = document.querySelector('.ring-actions') !== null
    if (now && !visible) w.__ringShownAt.push(performance.timeOrigin + performance.now())
    visible = now
  }
  new MutationObserver(check).observe(document, { childList: true, subtree: true })
}

/** Epoch ms of every ring shown in this ring page so far. */
export function ringShownTimes(page: Page): Promise<number[]> {
  return page.evaluate(() => (window as unknown as { __ringShownAt?: number[] }).__ringShownAt ?? [])
}

export async function startClient(options: StartClientOptions): Promise<TestClient> {
  return new TestClient(options).start()
}
