// One cold load of the built renderer in headless Chromium, the way a user first sees it:
// which JavaScript it fetches before any call (and how much that is gzipped), how long until
// the people screen can be used, and the JS heap then. Shared by `npm run bench:renderer`
// and the browser test that holds the budget.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import type { Browser, Page } from 'playwright-core'
import { newHarnessContext } from '../../tests/support/chromium'
import { installFakeBridge, type FakeScenario } from '../../tests/browser/ui/support/fake-bridge'

export interface LoadedFile {
  /** Path under the served root, e.g. assets/index-abc.js */
  file: string
  bytes: number
  gzipBytes: number
}

export interface FirstLoad {
  /** JavaScript fetched from navigation until the people screen was usable. */
  scripts: LoadedFile[]
  stylesheets: LoadedFile[]
  /** Navigation start → the first person's Call button is in the page (ms, Chromium's clock). */
  usableMs: number
  /** JS heap in use once the screen is usable, after a garbage collection. */
  heapUsedBytes: number
  /** The page, still open, for a caller that wants to go on (e.g. start a call). */
  page: Page
}

/** The first person in the scenario's list: their Call button marks the screen usable. */
const USABLE_SELECTOR = 'ul[aria-label="People"] button.call-button'

function markUsable(selector: string): void {
  const record = () => {
    if (document.querySelector(selector)) {
      Object.assign(window, { __usableAt: performance.now() })
      return true
    }
    return false
  }
  const observer = new MutationObserver(() => {
    if (record()) observer.disconnect()
  })
  observer.observe(document, { childList: true, subtree: true })
}

async function measureFile(root: string, file: string): Promise<LoadedFile> {
  const content = await readFile(path.join(root, file))
  return { file, bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length }
}

export async function measureFirstLoad(browser: Browser, baseUrl: string, root: string, scenario: FakeScenario): Promise<FirstLoad> {
  const context = await newHarnessContext(browser, { viewport: { width: 1024, height: 720 } })
  await context.addInitScript(installFakeBridge, scenario)
  await context.addInitScript(markUsable, USABLE_SELECTOR)
  const page = await context.newPage()
  const fetched: { file: string; type: string }[] = []
  page.on('request', (request) => {
    const url = new URL(request.url())
    if (url.href.startsWith(baseUrl)) fetched.push({ file: decodeURIComponent(url.pathname.slice(1)), type: request.resourceType() })
  })
  await page.goto(`${baseUrl}index.html`)
  await page.waitForFunction(() => typeof (window as unknown as { __usableAt?: number }).__usableAt === 'number', undefined, { timeout: 30_000 })
  const usableMs = await page.evaluate(() => (window as unknown as { __usableAt: number }).__usableAt)
  const cdp = await context.newCDPSession(page)
  await cdp.send('HeapProfiler.collectGarbage')
  const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }
  await cdp.detach()
  const snapshot = [...fetched]
  const scripts = await Promise.all(snapshot.filter((entry) => entry.file.endsWith('.js')).map((entry) => measureFile(root, entry.file)))
  const stylesheets = await Promise.all(snapshot.filter((entry) => entry.file.endsWith('.css')).map((entry) => measureFile(root, entry.file)))
  return { scripts, stylesheets, usableMs, heapUsedBytes: heap.usedSize, page }
}

/** Files the page fetches from now on (JS only), for checking what a call loads lazily. */
export function recordScripts(page: Page, baseUrl: string): string[] {
  const files: string[] = []
  page.on('request', (request) => {
    const url = new URL(request.url())
    if (url.href.startsWith(baseUrl) && url.pathname.endsWith('.js')) files.push(decodeURIComponent(url.pathname.slice(1)))
  })
  return files
}

/** What index.html loads eagerly: its module script and modulepreloads. */
export async function entryScripts(root: string): Promise<string[]> {
  const html = await readFile(path.join(root, 'index.html'), 'utf8')
  const sources = [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="\.?\/?([^"]+\.js)"/g)].map((match) => match[1] ?? '')
  return sources.filter(Boolean)
}
