// The real app in the real Electron binary, through Playwright's _electron, for the
// tests/integration/main/electron-*.test.ts files: where the binary is (and why the tests
// skip where it is not), one build of the app, and launching an instance with its own
// profile against a test server. Each instance is its own app (its own user data folder,
// so its own single-instance lock, secrets and stores), as two people's computers would be.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { _electron as electron, type ElectronApplication, type Page } from 'playwright-core'
import type { IpcResult } from '../../common/ipc'
import { findElectronBinary } from '../../scripts/lib/electron-binary.mjs'

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..')

const binary = findElectronBinary(REPO_ROOT)

/**
 * Why the Electron tests named `what` cannot run here, or undefined where they can; printed
 * once per file, so a run that skipped them says so.
 */
export function electronSkipReason(what: string): string | undefined {
  if (!('missing' in binary)) return undefined
  const reason = `${what} NOT RUN: ${binary.missing}.`
  console.warn(reason)
  return reason
}

/** The Electron executable; only call it where electronSkipReason() was undefined. */
export function electronExecutable(): string {
  if ('missing' in binary) throw new Error(binary.missing)
  return binary.path
}

/** Builds out/ (main, preload, renderer) unless a build is there already. */
export function buildAppOnce(): void {
  if (existsSync(path.join(REPO_ROOT, 'out/main/index.js'))) return
  const build = spawnSync(process.execPath, [path.join(REPO_ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: REPO_ROOT, stdio: 'inherit' })
  if (build.status !== 0) throw new Error('electron-vite build failed')
}

/**
 * Chromium switches for calls between instances on one machine: a fake camera and
 * microphone with no permission prompt, and host candidates on loopback (CI runs the suite
 * in a loopback-only network namespace, where loopback is the only way between them).
 */
export const CALL_SWITCHES = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--allow-loopback-in-peer-connection'] as const

export interface LaunchOptions {
  /** The reference server the "This computer" profile points at (the profile selected by default). */
  serverUrl: string
  env?: Record<string, string>
  /** Electron and Chromium switches, before the app's path. */
  switches?: readonly string[]
}

export interface LaunchedApp {
  app: ElectronApplication
  /** The first window: the main window. */
  page: Page
  userData: string
  /** The app's log file (main.log in the user data folder). */
  log(): string
  /** Closes the app (if it still runs) and deletes its profile. */
  close(): Promise<void>
}

export async function launchApp(options: LaunchOptions): Promise<LaunchedApp> {
  const userData = mkdtempSync(path.join(tmpdir(), 'shoutit-electron-'))
  let app: ElectronApplication
  try {
    app = await electron.launch({
      executablePath: electronExecutable(),
      args: [...(options.switches ?? []), REPO_ROOT],
      env: { ...process.env, SHOUTIT_LOCAL_SERVER_URL: options.serverUrl, SHOUTIT_USER_DATA_DIR: userData, ...options.env }
    })
  } catch (error) {
    rmSync(userData, { recursive: true, force: true })
    throw error
  }
  let exited = false
  app.process().once('exit', () => (exited = true))
  const page = await app.firstWindow()
  await page.waitForLoadState('domcontentloaded')
  const logFile = path.join(userData, 'logs', 'main.log')
  return {
    app,
    page,
    userData,
    log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
    async close() {
      if (!exited) await app.close().catch(() => undefined)
      rmSync(userData, { recursive: true, force: true })
    }
  }
}

/**
 * electron-updater replaces the running AppImage on Linux; an unpacked app is none, so the
 * update tests name a stand-in file (APPIMAGE). Returns the variables to add and how to remove it.
 */
export function appImageStandIn(): { env: Record<string, string>; remove(): void } {
  if (process.platform !== 'linux') return { env: {}, remove: () => undefined }
  const dir = mkdtempSync(path.join(tmpdir(), 'shoutit-appimage-'))
  const standIn = path.join(dir, 'Shoutit.AppImage')
  writeFileSync(standIn, 'stand-in')
  return { env: { APPIMAGE: standIn }, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

/** Invokes a contract channel from a window, through the preload's `window.shoutit`, as the app's pages do. */
export function invokeFrom(page: Page, channel: string, request: unknown): Promise<IpcResult<unknown>> {
  return page.evaluate(
    ([c, r]) => (window as unknown as { shoutit: { invoke(c: string, r: unknown): Promise<IpcResult<unknown>> } }).shoutit.invoke(c, r),
    [channel, request] as const
  )
}

/** The value of a successful invoke; a refused one fails the test with main's message. */
export async function invokeValue(page: Page, channel: string, request: unknown): Promise<unknown> {
  const result = await invokeFrom(page, channel, request)
  if (!result.ok) throw new Error(`${channel} was refused: ${result.error.message}`)
  return result.value
}
