// The renderer's one way to invoke main: replies arrive wrapped in IpcResult; `request`
// unwraps them, so screens and call code use plain async/await and still tell errors apart
// by the IPC error's code, status and reason. Types only from the contract: main already
// validated what it sends, and zod would double the first-load bundle.
import type { InvokeChannel, InvokeReply, InvokeRequest, IpcError, ShoutitBridge } from '../../common/ipc'

export class BridgeError extends Error {
  readonly code: IpcError['code']
  readonly status: number | undefined
  readonly reason: string | undefined
  /** The request field an api_error is about, when the server named one. */
  readonly location: string | undefined

  constructor(
    readonly channel: InvokeChannel,
    error: IpcError
  ) {
    super(error.message)
    this.name = 'BridgeError'
    this.code = error.code
    this.status = error.status
    this.reason = error.reason
    this.location = error.location
  }
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
    throw new BridgeError(channel, { code: 'internal', message })
  }
  if (!result.ok) throw new BridgeError(channel, result.error)
  return result.value as InvokeReply<C>
}

/**
 * video_call's answer for an identity that no longer resolves to anyone (docs/api.md §4.3:
 * 400 `invalid` at `identity`): the callee's token expired after we looked them up.
 */
export function isExpiredIdentity(error: unknown): boolean {
  return error instanceof BridgeError && error.code === 'api_error' && error.status === 400 && error.reason === 'invalid' && error.location === 'identity'
}
