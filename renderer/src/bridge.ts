// The renderer's only way to main: the preload's `window.shoutit`. Replies arrive wrapped in
// IpcResult; `request` unwraps them so screens can use try/catch and show the message.
// Types only from the contract: main already validated what it sends, and zod would
// double the first-load bundle.
import { createContext, useContext } from 'react'
import type { InvokeChannel, InvokeReply, InvokeRequest, IpcError, ShoutitBridge } from '../../common/ipc'

export class BridgeError extends Error {
  readonly code: IpcError['code']
  readonly status: number | undefined
  readonly reason: string | undefined

  constructor(error: IpcError) {
    super(error.message)
    this.name = 'BridgeError'
    this.code = error.code
    this.status = error.status
    this.reason = error.reason
  }
}

/** The bridge the preload (or a test) bound to the page, if any. */
export function findBridge(scope: object = globalThis): ShoutitBridge | null {
  const candidate = (scope as { shoutit?: unknown }).shoutit
  if (typeof candidate !== 'object' || candidate === null) return null
  const { invoke, on } = candidate as Partial<ShoutitBridge>
  return typeof invoke === 'function' && typeof on === 'function' ? (candidate as ShoutitBridge) : null
}

/** Invokes a channel and returns its value, or throws a BridgeError carrying main's message. */
export async function request<C extends InvokeChannel>(
  bridge: ShoutitBridge,
  channel: C,
  payload: InvokeRequest<C>
): Promise<InvokeReply<C>> {
  let result: Awaited<ReturnType<ShoutitBridge['invoke']>>
  try {
    result = await bridge.invoke(channel, payload)
  } catch (thrown) {
    // The preload rejects (rather than replying with an error) only for refused channels.
    const message = thrown instanceof Error ? thrown.message : String(thrown)
    throw new BridgeError({ code: 'internal', message })
  }
  if (!result.ok) throw new BridgeError(result.error)
  return result.value as InvokeReply<C>
}

/** A message a person can read, whatever was thrown. */
export function messageOf(thrown: unknown): string {
  if (thrown instanceof Error && thrown.message) return thrown.message
  return 'Something went wrong. Please try again.'
}

export const BridgeContext = createContext<ShoutitBridge | null>(null)

export function useBridge(): ShoutitBridge {
  const bridge = useContext(BridgeContext)
  if (!bridge) throw new Error('useBridge needs a BridgeContext provider')
  return bridge
}
