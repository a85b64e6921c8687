// Headless Debian Chromium for the browser tests, the end-to-end harness and the
// benchmarks, one launcher and one flag list for all of them: one browser per run, one
// isolated context per client. Media is real WebRTC between contexts, fed by
// Chromium's fake camera (a moving test pattern) and fake microphone (a beep).
import { chromium, type Browser, type BrowserContext } from 'playwright-core'

export const CHROMIUM_PATH = process.env.SHOUTIT_CHROMIUM ?? '/usr/bin/chromium'

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--allow-loopback-in-peer-connection',
  // Background pages must keep decoding and running timers: two clients share one screen.
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
  '--autoplay-policy=no-user-gesture-required'
] as const

export interface LaunchOptions {
  headless?: boolean
  /** Switches added to CHROMIUM_ARGS (e.g. a still fake camera for screenshots). */
  extraArgs?: readonly string[]
  /** Variables added to Chromium's environment (e.g. FONTCONFIG_FILE for fixed fonts). */
  env?: Record<string, string>
}

export async function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: options.headless ?? true,
    args: [...CHROMIUM_ARGS, ...(options.extraArgs ?? [])],
    ...(options.env ? { env: { ...process.env, ...options.env } } : {})
  })
}

/**
 * tsx (esbuild with keepNames) rewrites named functions in this code base into
 * `__name(fn, "name")` calls. Functions we hand to page.evaluate or addInitScript are
 * serialised with those calls in them, and the page has no `__name`: give it a no-op one.
 */
export const ESBUILD_NAME_SHIM = 'globalThis.__name = globalThis.__name || ((target) => target);'

export async function newHarnessContext(browser: Browser, options: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
  const context = await browser.newContext(options)
  await context.addInitScript({ content: ESBUILD_NAME_SHIM })
  return context
}
