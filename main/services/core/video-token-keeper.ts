// Keeps a video token (POST /v3/twilio/video_auth) ready for non-guests: fetched at start
// and on sign-in, kept encrypted, refreshed ahead of its expiry (margin configurable),
// again on resume from sleep, and retried with capped backoff when the server cannot be
// reached. Expiry is judged on our clock after correcting for the server's (Date header),
// so a skewed local clock neither uses an expired token nor refreshes in a loop.
import { z } from 'zod'
import { IceServersSchema, JanusEndpointSchema, VideoProviderSchema } from '../../../common/api'
import type { VideoToken, VideoTokenState } from '../../../common/ipc'
import { parseJsonOrUndefined } from '../../../common/json'
import type { ApiClient } from './api-client'
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from '../../../common/backoff'
import { Emitter } from './emitter'
import { ApiError, GuestError, NotSignedInError } from './errors'
import type { Clock, Logger } from './platform'
import type { HeldSecrets } from './held-secrets'
import type { SecretVault } from './secret-vault'
import { TimerSlot } from '../../../common/timer-slot'

const VIDEO_SECRET = 'video'
/** Never refresh more often than this when the server keeps returning a token inside the margin. */
const MIN_REFRESH_INTERVAL_MS = 30_000

const KeptTokenSchema = z.object({
  token: z.string().min(1),
  identity: z.string(),
  expiresAt: z.number().int(),
  provider: VideoProviderSchema,
  /** Kept with the token: the server signs TURN credentials to outlive the token it sends them with. */
  iceServers: IceServersSchema.optional(),
  janus: JanusEndpointSchema.optional(),
  /** Our clock's Unix ms at which the token expires (server expiry corrected for skew). */
  localExpiresAt: z.number()
})
type KeptToken = z.infer<typeof KeptTokenSchema>

export interface VideoTokenKeeperOptions {
  api: ApiClient
  vault: SecretVault
  clock: Clock
  logger: Logger
  /** Refresh this long before expiry (default 10 min). */
  refreshMarginMs?: number
  backoff?: BackoffPolicy
  /** Told which token and TURN credentials the keeper holds, so the log masks them by value. */
  secrets?: HeldSecrets
}

export class VideoTokenKeeper {
  readonly events = new Emitter<{ changed: VideoTokenState }>()
  #token: KeptToken | undefined
  #state: VideoTokenState = { state: 'none' }
  #active = false
  #fetching: Promise<KeptToken> | undefined
  readonly #timer: TimerSlot
  #failures = 0
  readonly #margin: number

  constructor(private readonly options: VideoTokenKeeperOptions) {
    this.#margin = options.refreshMarginMs ?? 10 * 60_000
    this.#timer = new TimerSlot(options.clock)
  }

  /** The Janus URL of the token kept now (also one restored from the last run): the page's CSP allows it. */
  janusUrl(): string | undefined {
    return this.#token?.janus?.url
  }

  state(): VideoTokenState {
    return this.#state
  }

  /** For a signed-in non-guest: use the kept token if it is still good, else fetch one. */
  start(): void {
    this.#active = true
    if (!this.#token) {
      const kept = KeptTokenSchema.safeParse(parseJsonOrUndefined(this.options.vault.get(VIDEO_SECRET)))
      if (kept.success) this.#keep(kept.data)
    }
    this.#refreshIfDue()
  }

  /** On sign-out or for a guest: forget the token and stop every timer. */
  stop(): void {
    this.#active = false
    this.#token = undefined
    this.options.secrets?.release(VIDEO_SECRET)
    this.#fetching = undefined
    this.#failures = 0
    this.#timer.clear()
    this.options.vault.delete(VIDEO_SECRET)
    this.#setState({ state: 'none' })
  }

  onResume(): void {
    if (!this.#active) return
    this.#refreshIfDue()
  }

  /** What a call asks for before connecting: a token valid for at least `minValidSeconds` if the server grants one that long. */
  async ensureFresh(minValidSeconds: number): Promise<VideoToken> {
    if (!this.#active) throw new GuestError('Video calls need a signed-in account (not a guest).')
    const wantedMs = minValidSeconds * 1000
    let token = this.#token
    if (!token || this.#remainingMs(token) < wantedMs) token = await this.#fetch()
    // The server decides lifetimes; a shorter (but unexpired) token is still usable.
    if (this.#remainingMs(token) <= 0) throw new ApiError(0, 'expired', 'The server gave out a video token that has already expired.')
    return toVideoToken(token)
  }

  dispose(): void {
    this.#timer.clear()
    this.#active = false
    this.events.clear()
  }

  #keep(token: KeptToken): void {
    this.#token = token
    this.options.secrets?.hold(VIDEO_SECRET, [token.token, ...(token.iceServers ?? []).map((server) => server.credential)])
  }

  #remainingMs(token: KeptToken): number {
    return token.localExpiresAt - this.options.clock.now()
  }

  /** Fetches now when there is no token or it is inside the margin, else schedules the refresh. */
  #refreshIfDue(): void {
    if (this.#token && this.#remainingMs(this.#token) > this.#margin) this.#scheduleRefresh()
    else void this.#refreshNow()
  }

  async #refreshNow(): Promise<void> {
    try {
      await this.#fetch()
    } catch {
      // #fetch already scheduled the retry and published the state.
    }
  }

  #fetch(): Promise<KeptToken> {
    if (this.#fetching) return this.#fetching
    const fetching = this.#runFetch().finally(() => {
      if (this.#fetching === fetching) this.#fetching = undefined
    })
    this.#fetching = fetching
    return fetching
  }

  async #runFetch(): Promise<KeptToken> {
    this.#timer.clear()
    this.#setState({ ...this.#stateBase(), state: this.#failures > 0 ? 'retrying' : 'fetching' })
    try {
      const auth = await this.options.api.videoAuth()
      if (!this.#active) throw new NotSignedInError()
      const now = this.options.clock.now()
      const lifetimeMs = auth.expires_at * 1000 - this.options.api.serverNow()
      const token: KeptToken = {
        token: auth.token,
        identity: auth.identity,
        expiresAt: auth.expires_at,
        provider: auth.provider,
        ...(auth.ice_servers ? { iceServers: auth.ice_servers } : {}),
        ...(auth.janus ? { janus: { url: auth.janus.url } } : {}),
        localExpiresAt: now + lifetimeMs
      }
      if (lifetimeMs <= 0) {
        throw new ApiError(200, 'expired', 'The server gave out a video token that has already expired (check the clocks).')
      }
      this.#keep(token)
      this.#failures = 0
      this.options.vault.set(VIDEO_SECRET, JSON.stringify(token))
      this.options.logger.info('video token: fetched', { expiresInS: Math.round(lifetimeMs / 1000), provider: token.provider })
      this.#scheduleRefresh()
      return token
    } catch (error) {
      if (!this.#active) throw error
      if (error instanceof NotSignedInError || error instanceof GuestError || isPermanent(error)) {
        this.#setState({ state: 'failed', error: describe(error) })
        throw error
      }
      this.#failures += 1
      const delay = backoffDelay(this.options.backoff ?? DEFAULT_BACKOFF, this.#failures)
      this.options.logger.warn('video token: fetch failed; retrying', { attempt: this.#failures, delayMs: delay })
      this.#setTimer(delay, () => void this.#refreshNow())
      this.#setState({ ...this.#stateBase(), state: 'retrying', nextAttemptAt: this.options.clock.now() + delay, error: describe(error) })
      throw error
    }
  }

  #scheduleRefresh(): void {
    const token = this.#token
    if (!token) return
    const now = this.options.clock.now()
    let due = token.localExpiresAt - this.#margin
    // The server returns the same token while it is valid: when it is already inside the
    // margin, do not hammer it; come back a bit later (and at the latest when it expires).
    if (due <= now) due = Math.min(now + MIN_REFRESH_INTERVAL_MS, token.localExpiresAt)
    this.#setTimer(due - now, () => this.#refreshIfDue())
    this.#setState({ state: 'fresh', expiresAt: token.expiresAt, nextAttemptAt: due })
  }

  #stateBase(): Partial<VideoTokenState> {
    return this.#token ? { expiresAt: this.#token.expiresAt } : {}
  }

  #setTimer(delayMs: number, run: () => void): void {
    this.#timer.set(delayMs, () => {
      if (this.#active) run()
    })
  }

  #setState(state: VideoTokenState): void {
    this.#state = state
    this.events.emit('changed', state)
  }
}

function toVideoToken(token: KeptToken): VideoToken {
  return {
    token: token.token,
    identity: token.identity,
    expiresAt: token.expiresAt,
    provider: token.provider,
    ...(token.iceServers ? { iceServers: token.iceServers } : {}),
    ...(token.janus ? { janus: { url: token.janus.url } } : {})
  }
}

/** Client errors other than 401 (handled by the API client), 408 and 429 will not heal by retrying. */
function isPermanent(error: unknown): boolean {
  return error instanceof ApiError && error.status >= 400 && error.status < 500 && ![401, 408, 429].includes(error.status)
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : 'Unknown error'
}
