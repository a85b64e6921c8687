// Bridge invocations that either return the reply or throw an error carrying the IPC
// error's code, so call code can use plain async/await and still tell errors apart.
import type { InvokeChannel, InvokeReply, InvokeRequest, IpcError, ShoutitBridge } from '../../common/ipc'

export class BridgeError extends Error {
  constructor(
    readonly channel: InvokeChannel,
    readonly detail: IpcError
  ) {
    super(detail.message)
    this.name = 'BridgeError'
  }
}

export async function invokeOrThrow<C extends InvokeChannel>(bridge: ShoutitBridge, channel: C, request: InvokeRequest<C>): Promise<InvokeReply<C>> {
  const result = await bridge.invoke(channel, request)
  if (!result.ok) throw new BridgeError(channel, result.error)
  return result.value
}
