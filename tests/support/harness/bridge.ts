// Binds a Chromium page to one client's main-process composition through the IPC contract,
// standing in for the preload: the page gets `window.shoutit` with exactly the contract's
// invoke and on, its invokes reach the router as this page's sender id, and every event
// main sends to its windows is delivered to the page's listeners in order.
import type { Page } from 'playwright-core'
import { eventChannels, type EventChannel, type IpcResult } from '../../../common/ipc'
import { EVENT_CHANNEL_NAMES, INVOKE_CHANNEL_NAMES } from '../../../common/ipc-channels'

/** What the harness needs of a composition: the MainHandle of main/compose.ts has it. */
export interface BindableMain {
  ipc: { invoke(senderId: number, channel: string, request: unknown): Promise<IpcResult<unknown>> }
  onEvent(listener: (event: { channel: EventChannel; payload: unknown }) => void): () => void
}

export interface ContractViolation {
  channel: string
  message: string
}

export interface PageBinding {
  senderId: number
  /** Events main sent that did not match the contract (should stay empty). */
  violations: ContractViolation[]
  /** Every invoke this page made, in order: when it was asked (epoch ms), how long main took, whether it succeeded. */
  invokes: Array<{ channel: string; ok: boolean | null; at: number; durationMs: number | null }>
  /** Resolves once every event main has sent so far has reached the page's listeners. */
  delivered(): Promise<void>
  unbind(): void
}

/** Runs in the page before any app script: the same surface as preload/index.ts. */
function installBridge(names: { invoke: readonly string[]; events: readonly string[] }): void {
  type Listener = (payload: unknown) => void
  const w = window as unknown as {
    __shoutitInvoke: (channel: string, request: unknown) => Promise<unknown>
    __shoutitDeliver?: (channel: string, payload: unknown) => void
    shoutit?: unknown
  }
  const listeners = new Map<string, Set<Listener>>()
  w.__shoutitDeliver = (channel, payload) => {
    for (const listener of [...(listeners.get(channel) ?? [])]) {
      try {
        listener(payload)
      } catch (error) {
        // Like ipcRenderer: one listener's error must not stop the others.
        console.error(error)
      }
    }
  }
  w.shoutit = Object.freeze({
    invoke: (channel: string, request: unknown) => {
      if (!names.invoke.includes(channel)) return Promise.reject(new Error(`unknown channel ${channel}`))
      return w.__shoutitInvoke(channel, request)
    },
    on: (channel: string, listener: Listener) => {
      if (!names.events.includes(channel)) throw new Error(`unknown channel ${channel}`)
      const set = listeners.get(channel) ?? new Set<Listener>()
      listeners.set(channel, set)
      set.add(listener)
      return () => set.delete(listener)
    }
  })
}

/**
 * Binds before navigation: call it on a fresh page, then goto the renderer URL. Events sent
 * before the page's script registered its listeners are lost, as they are in Electron.
 */
export async function bindPage(page: Page, main: BindableMain, senderId: number): Promise<PageBinding> {
  // One chain per page keeps events in the order main sent them.
  let delivery = Promise.resolve()
  const binding: PageBinding = { senderId, violations: [], invokes: [], delivered: () => delivery, unbind: () => undefined }
  await page.exposeBinding('__shoutitInvoke', async (_source, channel: unknown, request: unknown) => {
    const entry: PageBinding['invokes'][number] = { channel: String(channel), ok: null, at: Date.now(), durationMs: null }
    binding.invokes.push(entry)
    const result = await main.ipc.invoke(senderId, String(channel), request)
    entry.ok = result.ok
    entry.durationMs = Date.now() - entry.at
    return result
  })
  await page.addInitScript(installBridge, { invoke: INVOKE_CHANNEL_NAMES, events: EVENT_CHANNEL_NAMES })

  const stop = main.onEvent(({ channel, payload }) => {
    const checked = eventChannels[channel]?.safeParse(payload)
    if (!checked?.success) {
      binding.violations.push({ channel, message: checked ? checked.error.message : 'not a contract channel' })
      return
    }
    delivery = delivery.then(() =>
      page
        .evaluate(([c, p]) => (window as unknown as { __shoutitDeliver?: (c: string, p: unknown) => void }).__shoutitDeliver?.(c, p), [
          channel,
          payload
        ] as const)
        .catch(() => undefined)
    )
  })
  binding.unbind = stop
  return binding
}
