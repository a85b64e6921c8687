// The end-to-end harness: the reference server on loopback, one headless Chromium, and as
// many whole clients as a scenario needs, each with its own data directory. Scenarios
// drive the clients through their UI and read what the server recorded (its audit log).
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { DEMO_ACCOUNTS, startServer, type RunningServer, type ServerOptions } from '../../../server/src/index'
import { TEST_SCRYPT_COST } from '../server'
import { launchChromium } from '../chromium'
import { peerConnectionStates } from './media-probe'
import { startClient, type StartClientOptions, type TestClient } from './client'
import { sleep } from './wait'

export type DemoName = 'alice' | 'bob' | 'carol'

export interface HarnessOptions {
  /** Where the built renderer is served (vitest: inject('rendererUrl')). */
  rendererUrl: string
  /** Server settings beyond the harness defaults (port 0, a fresh data directory). */
  server?: Omit<ServerOptions, 'dataDir' | 'port'>
  headless?: boolean
  /** A browser to share (it stays open on stop); by default the harness launches its own. */
  browser?: Browser
}

export class Harness {
  readonly clients: TestClient[] = []
  #server: RunningServer | null = null

  private constructor(
    readonly options: HarnessOptions,
    readonly browser: Browser,
    readonly dataRoot: string
  ) {}

  static async start(options: HarnessOptions): Promise<Harness> {
    const dataRoot = await mkdtemp(path.join(tmpdir(), 'shoutit-e2e-'))
    const browser = options.browser ?? (await launchChromium({ headless: options.headless ?? true }))
    const harness = new Harness(options, browser, dataRoot)
    try {
      await harness.#startServer(0)
    } catch (error) {
      await harness.stop()
      throw error
    }
    return harness
  }

  get server(): RunningServer {
    if (!this.#server) throw new Error('the server is not running')
    return this.#server
  }

  async #startServer(port: number): Promise<void> {
    this.#server = await startServer({
      scryptCost: TEST_SCRYPT_COST,
      // Pusher's hosted-service limits: the scenarios prove the client works within them.
      pusherLimits: 'hosted',
      ...this.options.server,
      dataDir: path.join(this.dataRoot, 'server'),
      port,
      host: '127.0.0.1'
    })
  }

  /** Stops the server and starts it again on the same port and data (clients keep running). */
  async restartServer(downtimeMs = 0): Promise<void> {
    const { port } = this.server
    await this.server.close()
    this.#server = null
    if (downtimeMs > 0) await sleep(downtimeMs)
    await this.#startServer(port)
  }

  /** A client named after a demo account (or anything), not signed in yet. */
  async startClient(name: string, extra: Partial<Omit<StartClientOptions, 'name' | 'browser'>> = {}): Promise<TestClient> {
    const client = await startClient({
      name,
      browser: this.browser,
      rendererUrl: this.options.rendererUrl,
      serverUrl: this.server.url,
      dataDir: path.join(this.dataRoot, `client-${name}`),
      ...extra
    })
    this.clients.push(client)
    return client
  }

  /** A client signed in as a demo account through its sign-in screen, showing People. */
  async signedInClient(name: DemoName, extra: Partial<Omit<StartClientOptions, 'name' | 'browser'>> = {}): Promise<TestClient> {
    const client = await this.startClient(name, extra)
    await signInThroughUi(client.page, name)
    await client.main.ready
    return client
  }

  /** What each client shows and last logged: printed when a scenario fails. */
  async diagnostics(): Promise<string> {
    const parts: string[] = []
    for (const client of this.clients) {
      // Every window of the client, the ring window (a context of its own) included.
      const pages = [...client.bindings.keys()]
      for (const page of pages) {
        const text = await page.locator('body').innerText({ timeout: 1_000 }).catch(() => '(unreadable)')
        parts.push(`--- ${client.name} ${new URL(page.url()).search || '(main)'}:\n${text.trim().slice(0, 1200)}`)
        const connections = await peerConnectionStates(page).catch(() => [])
        if (connections.length > 0) parts.push(connections.map((line) => `  [webrtc] ${line}`).join('\n'))
      }
      const logs = client.logs.slice(-15).map((entry) => `  ${entry.level} ${entry.message} ${entry.fields ? JSON.stringify(entry.fields) : ''}`)
      parts.push(`--- ${client.name} log (last ${logs.length}):\n${logs.join('\n')}`)
      const consoleLines = client.pageConsole.slice(-10).map((entry) => `  [${entry.page}] ${entry.type}: ${entry.text.slice(0, 300)}`)
      if (consoleLines.length > 0) parts.push(`--- ${client.name} console:\n${consoleLines.join('\n')}`)
    }
    const audit = this.#server?.audit.list().slice(-12) ?? []
    parts.push(`--- server audit (last ${audit.length}):\n${audit.map((entry) => '  ' + JSON.stringify(entry)).join('\n')}`)
    return parts.join('\n')
  }

  async stop(): Promise<void> {
    for (const client of this.clients.splice(0)) await client.stop().catch(() => undefined)
    await this.#server?.close().catch(() => undefined)
    this.#server = null
    if (!this.options.browser) await this.browser.close().catch(() => undefined)
    await rm(this.dataRoot, { recursive: true, force: true })
  }
}

export function passwordOf(name: DemoName): string {
  const account = DEMO_ACCOUNTS.find((entry) => entry.username === name)
  if (!account) throw new Error(`no demo account ${name}`)
  return account.password
}

/** What a person does: type the username and password, press Sign in, land on People. */
export async function signInThroughUi(page: Page, name: DemoName): Promise<void> {
  await page.getByLabel('E-mail or username').fill(name)
  await page.getByLabel('Password', { exact: true }).fill(passwordOf(name))
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await page.getByRole('heading', { name: 'People' }).waitFor({ timeout: 15_000 })
}
