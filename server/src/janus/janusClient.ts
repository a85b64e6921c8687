// A client of the Janus JSON API over its WebSocket transport (`janus-protocol`), the part the
// server needs: one session with keepalives, one plugin handle, and requests to it, each reply
// validated. Hand-written rather than janode, Meetecho's Node client: janode imports its Unix
// socket transport, and with it a native addon (unix-dgram) that must be compiled for the
// running Node at install time, for a transport the server never uses.
import { randomUUID } from 'node:crypto'
import WebSocket from 'ws'
import { z } from 'zod'

/** Janus could not be reached, or refused a request (with its error code when it gave one). */
export class JanusError extends Error {
  constructor(
    message: string,
    readonly code?: number
  ) {
    super(message)
    this.name = 'JanusError'
  }
}

const ReplySchema = z.looseObject({
  janus: z.string(),
  transaction: z.string().optional(),
  data: z.looseObject({ id: z.number().int().optional() }).optional(),
  plugindata: z.object({ plugin: z.string(), data: z.record(z.string(), z.unknown()) }).optional(),
  error: z.object({ code: z.number().int(), reason: z.string() }).optional()
})
type Reply = z.infer<typeof ReplySchema>

const REQUEST_TIMEOUT_MS = 10_000
/** Janus ends a session after 60 s without a request (its default session_timeout). */
const KEEPALIVE_MS = 25_000

interface Pending {
  resolve: (reply: Reply) => void
  reject: (error: Error) => void
  timer: ReturnType<typeof setTimeout>
}

export interface JanusHandle {
  /** A plugin request; resolves with the plugin's data (its `error_code` left for the caller to read). */
  message(body: Record<string, unknown>): Promise<Record<string, unknown>>
}

export class JanusConnection {
  readonly #pending = new Map<string, Pending>()
  #sessionId: number | undefined
  #keepalive: ReturnType<typeof setInterval> | undefined
  #closed = false
  readonly #closeListeners: Array<() => void> = []

  private constructor(
    private readonly socket: WebSocket,
    private readonly token: string | undefined
  ) {
    socket.on('message', (raw) => this.#receive(raw.toString()))
    socket.on('close', () => this.#end(new JanusError('the connection to Janus closed')))
    socket.on('error', (error) => this.#end(new JanusError(`the connection to Janus failed: ${error.message}`)))
  }

  /** Connects and creates a session; `token` is sent with every request (Janus's token_auth). */
  static async open(url: string, token?: string): Promise<JanusConnection> {
    const socket = new WebSocket(url, 'janus-protocol', { handshakeTimeout: REQUEST_TIMEOUT_MS })
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve())
      socket.once('error', (error) => reject(new JanusError(`Janus at ${url} cannot be reached: ${error.message}`)))
    })
    const connection = new JanusConnection(socket, token)
    try {
      const created = await connection.#send({ janus: 'create' })
      const id = created.data?.id
      if (id === undefined) throw new JanusError('Janus created a session without an id')
      connection.#sessionId = id
    } catch (error) {
      connection.close()
      throw error
    }
    connection.#keepalive = setInterval(() => void connection.#send({ janus: 'keepalive' }).catch(() => undefined), KEEPALIVE_MS)
    connection.#keepalive.unref()
    return connection
  }

  get closed(): boolean {
    return this.#closed
  }

  onClose(listener: () => void): void {
    if (this.#closed) listener()
    else this.#closeListeners.push(listener)
  }

  async attach(plugin: string): Promise<JanusHandle> {
    const attached = await this.#send({ janus: 'attach', plugin })
    const handleId = attached.data?.id
    if (handleId === undefined) throw new JanusError(`Janus attached ${plugin} without a handle id`)
    return {
      message: async (body) => {
        const reply = await this.#send({ janus: 'message', handle_id: handleId, body })
        if (!reply.plugindata || reply.plugindata.plugin !== plugin) throw new JanusError(`Janus answered ${String(body.request)} without ${plugin}'s data`)
        return reply.plugindata.data
      }
    }
  }

  close(): void {
    if (this.#closed) return
    if (this.#sessionId !== undefined && this.socket.readyState === WebSocket.OPEN) {
      this.socket.send(JSON.stringify({ janus: 'destroy', session_id: this.#sessionId, transaction: randomUUID(), ...(this.token ? { token: this.token } : {}) }))
    }
    this.#end(new JanusError('the connection to Janus was closed'))
    this.socket.close()
  }

  #send(request: Record<string, unknown>): Promise<Reply> {
    if (this.#closed) return Promise.reject(new JanusError('the connection to Janus is closed'))
    const transaction = randomUUID()
    const message = {
      ...request,
      transaction,
      ...(this.#sessionId !== undefined ? { session_id: this.#sessionId } : {}),
      ...(this.token ? { token: this.token } : {})
    }
    return new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(transaction)
        reject(new JanusError(`Janus did not answer ${String(request.janus)} within ${REQUEST_TIMEOUT_MS / 1000} s`))
      }, REQUEST_TIMEOUT_MS)
      this.#pending.set(transaction, { resolve, reject, timer })
      this.socket.send(JSON.stringify(message))
    })
  }

  #receive(text: string): void {
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      return
    }
    const parsed = ReplySchema.safeParse(json)
    if (!parsed.success || parsed.data.transaction === undefined) return
    const reply = parsed.data
    const pending = this.#pending.get(reply.transaction!)
    // An asynchronous plugin request is acknowledged first; its answer is the event that follows.
    if (!pending || reply.janus === 'ack') return
    this.#pending.delete(reply.transaction!)
    clearTimeout(pending.timer)
    if (reply.janus === 'error') pending.reject(new JanusError(`Janus refused the request: ${reply.error?.reason ?? 'no reason given'}`, reply.error?.code))
    else pending.resolve(reply)
  }

  #end(error: JanusError): void {
    if (this.#closed) return
    this.#closed = true
    clearInterval(this.#keepalive)
    for (const pending of this.#pending.values()) {
      clearTimeout(pending.timer)
      pending.reject(error)
    }
    this.#pending.clear()
    for (const listener of this.#closeListeners.splice(0)) listener()
  }
}
