// The one HTTP client of the Shoutit API: Bearer header, error envelope → ApiError, every
// reply validated with common/api.ts, and on a 401 one single-flight refresh then one retry.
import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import {
  API_PREFIX,
  DetailedProfileSchema,
  ErrorEnvelopeSchema,
  JanusRoomTokenSchema,
  NotificationListSchema,
  ProfilePageSchema,
  ProfileSchema,
  PresenceStateSchema,
  PusherAuthReplySchema,
  ClientConfigSchema,
  TokenResponseSchema,
  VideoAuthSchema,
  VideoCallReplySchema,
  VideoIdentitySchema,
  type CallKind,
  type RejectReason
} from '../../../common/api'
import { ApiError, NetworkError } from './errors'
import type { Clock, Logger } from './platform'
import type { TFunction } from 'i18next'
import { createI18n, translatorOf } from '../../../common/i18n/create'

/** Where the client gets its access token; the session implements it. */
export interface AccessTokenSource {
  /** A token that is valid now (refreshed first when it is about to expire). */
  accessToken(): Promise<string>
  /** After a 401 with `refused`: resolves once a newer token exists (one refresh for many callers). */
  afterUnauthorized(refused: string): Promise<void>
}

export interface ApiRequest {
  method: 'GET' | 'POST'
  path: string
  query?: Record<string, string | number>
  body?: unknown
  /** Send the Bearer header (default true). */
  auth?: boolean
  /** Another server than the current one (a revocation after switching servers). */
  baseUrl?: string
  /** Sent as Idempotency-Key (docs/api.md §4.3): the same key on every retry of one write. */
  idempotencyKey?: string
  timeoutMs?: number
}

export interface ApiClientOptions {
  fetch: typeof globalThis.fetch
  baseUrl: () => string
  clock: Clock
  logger: Logger
  timeoutMs?: number
  /** Words "the server cannot be reached" in the app's language (default: English). */
  t?: TFunction
}

const ENGLISH = translatorOf(createI18n('en'))

export class ApiClient {
  #tokens: AccessTokenSource | undefined
  /** Server clock minus ours, from the Date header of the last reply (docs/api.md §1: timestamps are the server's). */
  #serverOffsetMs = 0

  constructor(private readonly options: ApiClientOptions) {}

  setTokenSource(source: AccessTokenSource): void {
    this.#tokens = source
  }

  /** Our best estimate of the server's clock, Unix ms. */
  serverNow(): number {
    return this.options.clock.now() + this.#serverOffsetMs
  }

  async request<S extends z.ZodType>(schema: S, request: ApiRequest): Promise<z.output<S>> {
    const auth = request.auth ?? true
    if (!auth) return this.#send(schema, request, undefined)
    const tokens = this.#tokens
    if (!tokens) throw new Error('ApiClient has no token source')
    const token = await tokens.accessToken()
    try {
      return await this.#send(schema, request, token)
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) throw error
      await tokens.afterUnauthorized(token)
      return this.#send(schema, request, await tokens.accessToken())
    }
  }

  async #send<S extends z.ZodType>(schema: S, request: ApiRequest, token: string | undefined): Promise<z.output<S>> {
    const url = new URL(`${(request.baseUrl ?? this.options.baseUrl()).replace(/\/+$/, '')}${API_PREFIX}${request.path}`)
    for (const [key, value] of Object.entries(request.query ?? {})) url.searchParams.set(key, String(value))
    const headers: Record<string, string> = { Accept: 'application/json' }
    if (token !== undefined) headers.Authorization = `Bearer ${token}`
    if (request.body !== undefined) headers['Content-Type'] = 'application/json'
    if (request.idempotencyKey !== undefined) headers['Idempotency-Key'] = request.idempotencyKey

    let response: Response
    try {
      response = await this.options.fetch(url, {
        method: request.method,
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: AbortSignal.timeout(request.timeoutMs ?? this.options.timeoutMs ?? 20_000)
      })
    } catch (error) {
      throw new NetworkError(unreachableMessage(url, error, this.options.t), { cause: error })
    }
    this.#noteServerDate(response)
    const text = await response.text().catch(() => '')
    const body = parseJson(text)
    if (!response.ok) throw toApiError(response.status, body)
    const parsed = schema.safeParse(body)
    if (!parsed.success) {
      this.options.logger.warn('api: reply does not match the contract', { path: request.path, status: response.status })
      throw new ApiError(response.status, 'invalid_reply', `The server's reply to ${request.path} is not what the API defines.`)
    }
    return parsed.data
  }

  #noteServerDate(response: Response): void {
    const date = response.headers.get('date')
    if (!date) return
    const serverMs = Date.parse(date)
    if (Number.isNaN(serverMs)) return
    // The Date header has one-second resolution: only trust offsets beyond it.
    const offset = serverMs - this.options.clock.now()
    this.#serverOffsetMs = Math.abs(offset) > 1_500 ? offset : 0
  }

  // ---- domain methods (docs/api.md §2–5) ------------------------------------------------------------

  tokenGrant(body: Record<string, string>) {
    return this.request(TokenResponseSchema, { method: 'POST', path: '/oauth2/access_token', body, auth: false })
  }
  /** RFC 7009 revocation at `serverUrl` (docs/api.md §2), with a short timeout: sign-out never waits long. */
  revokeToken(serverUrl: string, body: Record<string, string>) {
    return this.request(z.unknown(), { method: 'POST', path: '/oauth2/revoke', body, auth: false, baseUrl: serverUrl, timeoutMs: 5_000 })
  }
  clientConfig(timeoutMs?: number) {
    return this.request(ClientConfigSchema, { method: 'GET', path: '/client_config', auth: false, ...(timeoutMs === undefined ? {} : { timeoutMs }) })
  }
  me() {
    return this.request(DetailedProfileSchema, { method: 'GET', path: '/profiles/me' })
  }
  profile(username: string) {
    return this.request(ProfileSchema, { method: 'GET', path: `/profiles/${encodeURIComponent(username)}` })
  }
  searchProfiles(search: string, page: number, pageSize = 30) {
    return this.request(ProfilePageSchema, { method: 'GET', path: '/profiles', query: { search, page, page_size: pageSize } })
  }
  videoAuth() {
    return this.request(VideoAuthSchema, { method: 'POST', path: '/twilio/video_auth' })
  }
  videoIdentity(username: string) {
    return this.request(VideoIdentitySchema, { method: 'GET', path: '/twilio/video_identity', query: { profile: username } })
  }
  videoCall(identity: string, room: string, kind: CallKind) {
    return this.request(VideoCallReplySchema, { method: 'POST', path: '/twilio/video_call', body: { identity, room, kind, missed: false } })
  }
  /** One missed call, under one idempotency key: a retry (after a 401) is never a second notification. */
  videoMissed(identity: string) {
    return this.request(VideoCallReplySchema, { method: 'POST', path: '/twilio/video_call', body: { identity, missed: true }, idempotencyKey: randomUUID() })
  }
  videoReject(identity: string, room: string, reason: RejectReason) {
    return this.request(z.unknown(), { method: 'POST', path: '/twilio/video_reject', body: { identity, room, reason } })
  }
  janusRoomToken(room: string) {
    return this.request(JanusRoomTokenSchema, { method: 'POST', path: '/janus/room_token', body: { room } })
  }
  profileByIdentity(identity: string) {
    return this.request(ProfileSchema, { method: 'GET', path: '/twilio/profile', query: { identity } })
  }
  notifications() {
    return this.request(NotificationListSchema, { method: 'GET', path: '/notifications' })
  }
  /** ext (docs/api.md §5): which of these profiles are online now. */
  presence(profileIds: readonly string[]) {
    return this.request(PresenceStateSchema, { method: 'GET', path: '/presence', query: { profiles: profileIds.join(',') } })
  }
  resetNotifications() {
    return this.request(z.unknown(), { method: 'POST', path: '/notifications/reset' })
  }
  pusherAuth(socketId: string, channelName: string) {
    return this.request(PusherAuthReplySchema, {
      method: 'POST',
      path: '/pusher/auth',
      body: { socket_id: socketId, channel_name: channelName }
    })
  }
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

/** What a person is told when the server cannot be reached; the low-level cause stays in `cause`. */
export function unreachableMessage(url: URL, error: unknown, t: TFunction = ENGLISH): string {
  const timedOut = error instanceof Error && error.name === 'TimeoutError'
  return timedOut ? t('mainErrors.timeout', { host: url.host }) : t('mainErrors.unreachable', { host: url.host })
}

function toApiError(status: number, body: unknown): ApiError {
  const envelope = ErrorEnvelopeSchema.safeParse(body)
  if (!envelope.success) return new ApiError(status, status >= 500 ? 'internal_error' : 'bad_request', `The server answered ${status}.`)
  const first = envelope.data.error.errors[0]
  return new ApiError(status, first?.reason ?? 'bad_request', first?.message ?? envelope.data.error.message, first?.location)
}
