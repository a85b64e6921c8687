// The IPC router: one place where every invoke from a window is checked (sender, channel,
// request schema) before a handler runs, and where every outcome becomes an IpcResult.
// It knows nothing of Electron: ipcMain.handle is one adapter (main/platform/ipc-main.ts),
// the end-to-end harness is another.
import { z } from 'zod'
import {
  invokeChannels,
  type InvokeChannel,
  type InvokeReply,
  type IpcResult
} from '../../common/ipc'
import { isInvokeChannel } from '../../common/ipc-channels'
import { toIpcError } from '../services/core/errors'
import type { Logger } from '../services/core/platform'
import type { TFunction } from 'i18next'

export type ParsedRequest<C extends InvokeChannel> = z.output<(typeof invokeChannels)[C]['request']>
export interface InvokeContext {
  senderId: number
}
export type InvokeHandler<C extends InvokeChannel> = (
  request: ParsedRequest<C>,
  context: InvokeContext
) => Promise<InvokeReply<C>> | InvokeReply<C>

type AnyHandler = (request: unknown, context: InvokeContext) => Promise<unknown> | unknown

export class IpcRouter {
  readonly #handlers = new Map<InvokeChannel, AnyHandler>()
  /** Words the app's own refusals (not signed in, guest, internal) in its language, once set. */
  #t: TFunction | undefined

  constructor(
    private readonly isAppSender: (senderId: number) => boolean,
    private readonly logger: Logger
  ) {}

  handle<C extends InvokeChannel>(channel: C, handler: InvokeHandler<C>): void {
    if (this.#handlers.has(channel)) throw new Error(`IPC channel ${channel} already has a handler`)
    this.#handlers.set(channel, handler as AnyHandler)
  }

  /** The app's translator: set once the language is known (core registration), used from then on. */
  useTranslator(t: TFunction): void {
    this.#t = t
  }

  registeredChannels(): InvokeChannel[] {
    return [...this.#handlers.keys()]
  }

  /** Never throws: every failure is an `{ ok: false }` result. */
  async invoke(senderId: number, channel: unknown, request: unknown): Promise<IpcResult<unknown>> {
    if (!isInvokeChannel(channel)) {
      return fail('invalid_request', 'Unknown channel.')
    }
    if (!Number.isInteger(senderId) || !this.isAppSender(senderId)) {
      this.logger.warn('ipc: refused a sender that is not an app window', { channel, senderId })
      return fail('forbidden_sender', 'This window may not use the app.')
    }
    const handler = this.#handlers.get(channel)
    if (!handler) return fail('internal', `Nothing handles ${channel} yet.`)

    const parsed = invokeChannels[channel].request.safeParse(request)
    if (!parsed.success) {
      return fail('invalid_request', `Invalid request for ${channel}: ${z.prettifyError(parsed.error)}`)
    }
    try {
      const value = await handler(parsed.data, { senderId })
      // Checking our own replies keeps anything outside the contract (a token, a stack)
      // from reaching a window by accident.
      const reply = invokeChannels[channel].reply.safeParse(value)
      if (!reply.success) {
        this.logger.error('ipc: a handler broke the reply contract', { channel, issues: reply.error.issues.length })
        return fail('internal', this.#t ? this.#t('mainErrors.internal') : 'Something went wrong in the app. Try again.')
      }
      return { ok: true, value: reply.data }
    } catch (error) {
      const ipcError = toIpcError(error, this.#t)
      if (ipcError.code === 'internal') {
        this.logger.error('ipc: handler failed', { channel, error: describe(error) })
      }
      return { ok: false, error: ipcError }
    }
  }
}

function fail(code: 'invalid_request' | 'forbidden_sender' | 'internal', message: string): IpcResult<never> {
  return { ok: false, error: { code, message } }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error)
}
