// Builds the UI harness page (the real App with a fake call controller) into a private
// folder, serves it on an ephemeral loopback port and opens pages with a fake bridge bound.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import react from '@vitejs/plugin-react'
import type { Browser, Page } from 'playwright-core'
import { build } from 'vite'
import { launchChromium, newHarnessContext } from '../../../support/chromium'
import { fixedFontsEnvironment } from '../../../support/fixed-fonts'
import { stillMediaArgs } from '../../../support/still-media'
import { serveStatic, type StaticServer } from '../../../support/harness/static-server'
import type { EventChannel } from '../../../../common/ipc'
import type { CallPhase, CallStats } from '../../../../renderer/calling/controller-types'
import { installFakeBridge, type FakeBridgeControl, type FakeScenario } from './fake-bridge'
import type { FakeCallControl } from '../harness/fake-controller'
import { installWindowAttention, type WindowAttention } from './window-attention'

const HARNESS_DIR = path.resolve(import.meta.dirname, '../harness')

export interface UiHarness {
  browser: Browser
  open(scenario: FakeScenario, options?: OpenOptions): Promise<Page>
  close(): Promise<void>
}

export interface OpenOptions {
  view?: 'ring'
  viewport?: { width: number; height: number }
  /** CSS pixels per device pixel: 2 renders like 200 % zoom. */
  deviceScaleFactor?: number
  colorScheme?: 'light' | 'dark'
  /** Serves every response with this Content-Security-Policy and records violations in window.__cspViolations. */
  csp?: string
  /** The browser's language (navigator.languages), which the app follows when main does not say. */
  locale?: string
  /** Starts the page with this visibility and focus, changed later with setWindowAttention (headless pages are always both). */
  attention?: WindowAttention
  /** Emulates Windows High Contrast (`forced-colors: active`). */
  forcedColors?: boolean
}

export interface UiHarnessOptions {
  /**
   * Makes every page render the same on every run, for pictures compared pixel by pixel:
   * fixed fonts, a still camera and a silent microphone, the UTC time zone, and `Date`
   * standing still at `fixedTime` (timers keep running, so the app behaves as usual).
   */
  deterministic?: { fixedTime: number }
}

export async function startUiHarness(harnessOptions: UiHarnessOptions = {}): Promise<UiHarness> {
  const outDir = await mkdtemp(path.join(tmpdir(), 'shoutit-ui-harness-'))
  const deterministic = harnessOptions.deterministic
  let server: StaticServer | null = null
  let browser: Browser | null = null
  try {
    await build({
      configFile: false,
      root: HARNESS_DIR,
      base: './',
      logLevel: 'warn',
      plugins: [react()],
      build: { outDir, emptyOutDir: true, reportCompressedSize: false }
    })
    server = await serveStatic(outDir)
    browser = deterministic
      ? await launchChromium({ extraArgs: await stillMediaArgs(outDir), env: await fixedFontsEnvironment(outDir) })
      : await launchChromium()
  } catch (error) {
    await server?.close()
    await rm(outDir, { recursive: true, force: true })
    throw error
  }
  const url = server.url
  const openBrowser = browser
  const openServer = server
  return {
    browser: openBrowser,
    async open(scenario, options = {}) {
      const context = await newHarnessContext(openBrowser, {
        viewport: options.viewport ?? { width: 1024, height: 720 },
        deviceScaleFactor: options.deviceScaleFactor ?? 1,
        colorScheme: options.colorScheme ?? 'light',
        ...(options.forcedColors ? { forcedColors: 'active' as const } : {}),
        ...(options.locale ? { locale: options.locale } : deterministic ? { locale: 'en-US' } : {}),
        ...(deterministic ? { timezoneId: 'UTC', reducedMotion: 'reduce' as const } : {})
      })
      if (deterministic) await context.clock.setFixedTime(deterministic.fixedTime)
      await context.addInitScript(installFakeBridge, scenario)
      if (options.attention) await context.addInitScript(installWindowAttention, options.attention)
      const csp = options.csp
      if (csp) {
        await context.route('**/*', async (route) => {
          const response = await route.fetch()
          await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': csp } })
        })
        await context.addInitScript(() => {
          const violations: string[] = []
          document.addEventListener('securitypolicyviolation', (event) => violations.push(`${event.violatedDirective}: ${event.blockedURI}`))
          Object.assign(window, { __cspViolations: violations })
        })
      }
      const page = await context.newPage()
      await page.goto(options.view ? `${url}index.html?view=${options.view}` : `${url}index.html`)
      return page
    },
    async close() {
      await openBrowser.close()
      await openServer.close()
      await rm(outDir, { recursive: true, force: true })
    }
  }
}

/** Emits one of main's events into the page. */
export async function emit(page: Page, channel: EventChannel, payload: unknown): Promise<void> {
  await page.evaluate(([name, data]) => (window as unknown as { __fakeBridge: FakeBridgeControl }).__fakeBridge.emit(name, data), [channel, payload] as const)
}

/** Every invoke the page made on a channel, oldest first. */
export async function invocations(page: Page, channel: string): Promise<unknown[]> {
  return page.evaluate(
    (name) => (window as unknown as { __fakeBridge: FakeBridgeControl }).__fakeBridge.calls.filter((call) => call.channel === name).map((call) => call.request),
    channel
  )
}

export async function setCallPhase(page: Page, phase: CallPhase): Promise<void> {
  await page.evaluate((next) => (window as unknown as { __fakeCall: FakeCallControl }).__fakeCall.setPhase(next), phase)
}

export async function callMethods(page: Page): Promise<{ method: string; args: unknown[] }[]> {
  return page.evaluate(() => (window as unknown as { __fakeCall: FakeCallControl }).__fakeCall.calls)
}

/** What the screens told the controller about the others' video being on screen, change by change. */
export async function remoteVideoShownChanges(page: Page): Promise<boolean[]> {
  return page.evaluate(() => (window as unknown as { __fakeCall: FakeCallControl }).__fakeCall.remoteVideoShown)
}

/** What the fake controller's getCallStats() answers from now on. */
export async function setCallStats(page: Page, stats: CallStats | null): Promise<void> {
  await page.evaluate((next) => (window as unknown as { __fakeCall: FakeCallControl }).__fakeCall.setStats(next), stats)
}

/** The fake microphone monitor hears a loud tone (true) or nothing. */
export async function setMicrophoneHears(page: Page, loud: boolean): Promise<void> {
  await page.evaluate((on) => (window as unknown as { __fakeCall: FakeCallControl }).__fakeCall.setMicrophoneHears(on), loud)
}

/** A camera for the self view and a drawn stream per identity (alice's alone by default). */
export async function attachCallMedia(page: Page, identities?: string[]): Promise<void> {
  await page.evaluate((ids) => (window as unknown as { __fakeCall: FakeCallControl }).__fakeCall.attachMedia(ids), identities)
}

export async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)
}
