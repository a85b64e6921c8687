// The server's side of Janus (docs/api.md §7): VideoRoom rooms created on the first token a
// call's member asks for, each further token added to the room's `allowed` list, and rooms
// destroyed once nobody has been in them for a while. It talks to Janus on one connection
// (janusClient.ts), signed with a token of its own that is renewed before it expires. A room's secret is derived from the token secret, so every instance of
// the server (and this one after a restart) can still manage the rooms; clients never see it.
import { createHmac } from 'node:crypto'
import { z } from 'zod'
import type { Logger } from '../logger'
import { JanusConnection, JanusError, type JanusHandle } from './janusClient'
import { signJanusToken, VIDEOROOM_PLUGIN } from './tokens'

export { JanusError }

export interface JanusSettings {
  /** The Janus WebSocket API, as the server reaches it (often the same URL clients are given). */
  url: string
  /** Janus's `token_auth_secret`. */
  tokenSecret: string
  /** The VideoRoom plugin's `admin_key`, when its config sets one (room creation then needs it). */
  adminKey?: string
  /** How long a client's token stays valid: the longest a call can last on it. */
  tokenTtlSeconds: number
  /** A room nobody has been in (and nobody was admitted to) for this long is destroyed. */
  roomIdleSeconds: number
  /** Publishers one room takes (Janus refuses more). */
  maxPublishers: number
}

const NO_SUCH_ROOM = 426
const ROOM_EXISTS = 427
/** The server's own token is renewed when it has less than this left. */
const OWN_TOKEN_MARGIN_SECONDS = 300
const OWN_TOKEN_TTL_SECONDS = 3600

const VideoRoomReplySchema = z.looseObject({ videoroom: z.string(), error_code: z.number().int().optional(), error: z.string().optional() })
const ParticipantsSchema = z.object({ participants: z.array(z.object({ id: z.union([z.string(), z.number()]) })) })

interface Link {
  connection: JanusConnection
  handle: JanusHandle
  /** When the token this connection sends expires (Unix seconds). */
  tokenExpiresAt: number
}

interface KnownRoom {
  lastAdmittedAt: number
}

export class JanusRooms {
  #link: Promise<Link> | undefined
  readonly #rooms = new Map<string, KnownRoom>()
  /** Who opened each room before ringing anyone into it (the caller joins while the first ring goes out). */
  readonly #openers = new Map<string, string>()
  /** One change at a time per room: two members asking at once must not both create it. */
  readonly #queues = new Map<string, Promise<unknown>>()

  constructor(
    private readonly settings: JanusSettings,
    private readonly nowSeconds: () => number,
    private readonly logger: Logger
  ) {}

  /** A signed token for one client, valid for `tokenTtlSeconds`. */
  issueToken(): { token: string; expiresAt: number } {
    const expiresAt = this.nowSeconds() + this.settings.tokenTtlSeconds
    return { token: signJanusToken(this.settings.tokenSecret, expiresAt), expiresAt }
  }

  /**
   * Whether `profileId` may open `room` as its creator: it already did, or nobody has (no
   * ring names the room, no one opened it here, Janus has no such room). The first to ask
   * for a fresh room's token holds it until its rings make the others members.
   */
  claim(room: string, profileId: string, rungAlready: () => Promise<boolean>): Promise<boolean> {
    return this.#serialised(room, async () => {
      const opener = this.#openers.get(room)
      if (opener !== undefined) return opener === profileId
      if ((await rungAlready()) || (await this.exists(room))) return false
      this.#openers.set(room, profileId)
      return true
    })
  }

  /** Lets `token` join `room`: creates the room with it as its only allowed token, or adds it to the room's list. */
  admit(room: string, token: string): Promise<void> {
    return this.#serialised(room, async () => {
      const secret = this.#secretOf(room)
      const created = await this.#request({
        request: 'create',
        room,
        ...(this.settings.adminKey ? { admin_key: this.settings.adminKey } : {}),
        secret,
        description: 'Shoutit call',
        is_private: true,
        permanent: false,
        publishers: this.settings.maxPublishers,
        notify_joining: true,
        allowed: [token]
      }).then(
        () => true,
        (error: unknown) => {
          if (error instanceof JanusError && error.code === ROOM_EXISTS) return false
          throw error
        }
      )
      if (!created) await this.#request({ request: 'allowed', room, secret, action: 'add', allowed: [token] })
      this.#rooms.set(room, { lastAdmittedAt: this.nowSeconds() })
      if (created) this.logger.info('janus: room created', { room })
    })
  }

  async exists(room: string): Promise<boolean> {
    const reply = await this.#request({ request: 'exists', room })
    return reply.exists === true
  }

  async participantCount(room: string): Promise<number> {
    const reply = await this.#request({ request: 'listparticipants', room })
    return ParticipantsSchema.parse(reply).participants.length
  }

  /** Destroys the room (kicking anyone still in it); false when Janus has no such room. */
  destroy(room: string): Promise<boolean> {
    return this.#serialised(room, async () => {
      this.#rooms.delete(room)
      this.#openers.delete(room)
      try {
        await this.#request({ request: 'destroy', room, secret: this.#secretOf(room), permanent: false })
        this.logger.info('janus: room destroyed', { room })
        return true
      } catch (error) {
        if (error instanceof JanusError && error.code === NO_SUCH_ROOM) return false
        throw error
      }
    })
  }

  /** Destroys the rooms this server made that are empty and idle for `roomIdleSeconds`; returns their names. */
  async sweep(): Promise<string[]> {
    const destroyed: string[] = []
    for (const [room, known] of [...this.#rooms]) {
      if (this.nowSeconds() - known.lastAdmittedAt < this.settings.roomIdleSeconds) continue
      try {
        const count = await this.participantCount(room)
        if (count > 0) continue
        if (await this.destroy(room)) destroyed.push(room)
      } catch (error) {
        if (error instanceof JanusError && error.code === NO_SUCH_ROOM) this.#rooms.delete(room)
        else this.logger.warn('janus: could not check an idle room', { room, error: describe(error) })
      }
    }
    return destroyed
  }

  async close(): Promise<void> {
    const link = this.#link
    this.#link = undefined
    if (!link) return
    const opened = await link.catch(() => undefined)
    opened?.connection.close()
  }

  async #request(body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const { handle } = await this.#currentLink()
    const parsed = VideoRoomReplySchema.safeParse(await handle.message(body))
    if (!parsed.success) throw new JanusError(`Janus answered ${String(body.request)} with something that is not a VideoRoom reply`)
    const data = parsed.data
    if (data.error_code !== undefined) throw new JanusError(`Janus refused ${String(body.request)}: ${data.error ?? 'no reason given'}`, data.error_code)
    return data
  }

  #currentLink(): Promise<Link> {
    const current = this.#link
    if (current) {
      return current.then((link) => {
        if (link.tokenExpiresAt - this.nowSeconds() > OWN_TOKEN_MARGIN_SECONDS) return link
        // Renewed: Janus checks the token on every request, keepalives included.
        if (this.#link === current) this.#link = undefined
        link.connection.close()
        return this.#currentLink()
      })
    }
    const link = this.#open()
    this.#link = link
    // A failed attempt is not kept: the next request tries again.
    link.then(
      (opened) =>
        opened.connection.onClose(() => {
          if (this.#link === link) this.#link = undefined
        }),
      () => {
        if (this.#link === link) this.#link = undefined
      }
    )
    return link
  }

  async #open(): Promise<Link> {
    const tokenExpiresAt = this.nowSeconds() + OWN_TOKEN_TTL_SECONDS
    const connection = await JanusConnection.open(this.settings.url, signJanusToken(this.settings.tokenSecret, tokenExpiresAt)).catch((error: unknown) => {
      const refused = error instanceof JanusError && error.code !== undefined
      throw new JanusError(refused ? `${error.message} (is its token_auth_secret the server's --janus-token-secret?)` : describe(error), refused ? error.code : undefined)
    })
    connection.onClose(() => this.logger.info('janus: connection closed'))
    try {
      return { connection, handle: await connection.attach(VIDEOROOM_PLUGIN), tokenExpiresAt }
    } catch (error) {
      connection.close()
      throw error
    }
  }

  #secretOf(room: string): string {
    return createHmac('sha256', this.settings.tokenSecret).update(`videoroom-secret:${room}`).digest('hex')
  }

  #serialised<T>(room: string, run: () => Promise<T>): Promise<T> {
    const previous = this.#queues.get(room) ?? Promise.resolve()
    const next = previous.then(run, run)
    const settled = next.then(
      () => undefined,
      () => undefined
    )
    this.#queues.set(room, settled)
    void settled.then(() => {
      if (this.#queues.get(room) === settled) this.#queues.delete(room)
    })
    return next
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
