// The signed-in session: OAuth tokens that never leave main, refreshed ahead of expiry and
// on a 401 (single-flight: every caller waits for the one refresh in progress), persisted
// only through the SecretVault. A refresh the server refuses signs the user out and says why.
import { z } from 'zod'
import { DEFAULT_OAUTH_CLIENT, DetailedProfileSchema, type DetailedProfile, type TokenResponse } from '../../../common/api'
import type { SessionView } from '../../../common/ipc'
import { parseJsonOrUndefined } from '../../../common/json'
import type { AccessTokenSource, ApiClient } from './api-client'
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from '../../../common/backoff'
import { Emitter } from './emitter'
import { ApiError, NotSignedInError } from './errors'
import type { Clock, Logger } from './platform'
import type { HeldSecrets } from './held-secrets'
import type { SecretVault } from './secret-vault'
import { TimerSlot } from '../../../common/timer-slot'
import type { TFunction } from 'i18next'
import { createI18n, translatorOf } from '../../../common/i18n/create'

const ENGLISH = translatorOf(createI18n('en'))

const SESSION_SECRET = 'session'

const StoredSessionSchema = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1),
  /** Local Unix ms when the access token expires. */
  expiresAt: z.number(),
  profile: DetailedProfileSchema,
  serverUrl: z.string()
})
type StoredSession = z.infer<typeof StoredSessionSchema>

export interface SessionEvents {
  changed: SessionView
  signedIn: { profile: DetailedProfile; isGuest: boolean }
  signedOut: { reason?: string }
}

export interface SessionOptions {
  api: ApiClient
  vault: SecretVault
  clock: Clock
  logger: Logger
  serverUrl: () => string
  oauthClient?: { clientId: string; clientSecret: string }
  /** Refresh this long before the access token expires (default 60 s). */
  refreshMarginMs?: number
  backoff?: BackoffPolicy
  /** Words why the session ended, in the app's language (default: English). */
  t?: TFunction
  /** Told which tokens the session holds, so the log masks them by value. */
  secrets?: HeldSecrets
}

export class SessionService implements AccessTokenSource {
  readonly events = new Emitter<SessionEvents>()
  #session: StoredSession | undefined
  #refreshing: Promise<void> | undefined
  readonly #refreshTimer: TimerSlot
  #failedAttempts = 0
  #signedOutReason: string | undefined
  readonly #margin: number

  constructor(private readonly options: SessionOptions) {
    this.#margin = options.refreshMarginMs ?? 60_000
    this.#refreshTimer = new TimerSlot(options.clock)
  }

  get profile(): DetailedProfile | undefined {
    return this.#session?.profile
  }

  get isGuest(): boolean {
    return this.#session?.profile.is_guest ?? false
  }

  get isSignedIn(): boolean {
    return this.#session !== undefined
  }

  view(): SessionView {
    const storage = this.options.vault.view()
    if (!this.#session) {
      return this.#signedOutReason === undefined
        ? { state: 'signed-out', storage }
        : { state: 'signed-out', reason: this.#signedOutReason, storage }
    }
    return { state: 'signed-in', profile: this.#session.profile, isGuest: this.isGuest, storage }
  }

  /** Picks up the session a previous run stored, refreshing it when it has expired meanwhile. */
  async restore(): Promise<SessionView> {
    const notice = this.options.vault.takeNotice()
    if (notice !== undefined) this.#signedOutReason = notice
    const raw = this.options.vault.get(SESSION_SECRET)
    if (raw === undefined) return this.#announce()
    const stored = StoredSessionSchema.safeParse(parseJsonOrUndefined(raw))
    if (!stored.success || stored.data.serverUrl !== this.options.serverUrl()) {
      this.options.vault.delete(SESSION_SECRET)
      return this.#announce()
    }
    this.#hold(stored.data)
    this.options.logger.info('session: restored', { guest: this.isGuest })
    if (this.#expiresSoon()) {
      await this.refresh().catch(() => undefined)
    } else {
      this.#schedule()
    }
    if (this.#session) this.events.emit('signedIn', { profile: this.#session.profile, isGuest: this.isGuest })
    return this.#announce()
  }

  signIn(login: string, password: string): Promise<SessionView> {
    return this.#grant({ grant_type: 'shoutit_login', email: login, password })
  }

  signUp(name: string, email: string, password: string): Promise<SessionView> {
    return this.#grant({ grant_type: 'shoutit_signup', name, email, password })
  }

  continueAsGuest(): Promise<SessionView> {
    return this.#grant({ grant_type: 'shoutit_guest' })
  }

  /** Wipes every secret. `reason` is shown when the user did not ask for it. */
  signOut(reason?: string): SessionView {
    return this.#end(reason, true)
  }

  #end(reason: string | undefined, revoke: boolean): SessionView {
    const ended = this.#session
    const wasSignedIn = ended !== undefined
    if (ended && revoke) this.#revoke(ended)
    this.#session = undefined
    this.options.secrets?.release(SESSION_SECRET)
    this.#refreshing = undefined
    this.#refreshTimer.clear()
    this.#failedAttempts = 0
    this.options.vault.wipe()
    this.#signedOutReason = reason
    if (wasSignedIn) {
      this.options.logger.info('session: signed out', { reason: reason ?? 'by the user' })
      this.events.emit('signedOut', reason === undefined ? {} : { reason })
    }
    return this.#announce()
  }

  /** Best-effort and not awaited: the secrets are wiped whether or not the server hears of it. */
  #revoke(ended: StoredSession): void {
    const client = this.options.oauthClient ?? DEFAULT_OAUTH_CLIENT
    const body = { client_id: client.clientId, client_secret: client.clientSecret, token: ended.refreshToken, token_type_hint: 'refresh_token' }
    this.options.api.revokeToken(ended.serverUrl, body).then(
      () => this.options.logger.debug('session: tokens revoked'),
      () => this.options.logger.warn('session: the server could not revoke the tokens; they expire on their own')
    )
  }

  async accessToken(): Promise<string> {
    if (!this.#session) throw new NotSignedInError()
    if (this.#expiresSoon()) await this.refresh()
    if (!this.#session) throw new NotSignedInError(this.#signedOutReason)
    return this.#session.accessToken
  }

  async afterUnauthorized(refused: string): Promise<void> {
    if (!this.#session) throw new NotSignedInError(this.#signedOutReason)
    // Someone already replaced the refused token: just retry with the new one.
    if (this.#session.accessToken !== refused && this.#refreshing === undefined) return
    await this.refresh()
  }

  /** One refresh at a time: concurrent callers share the promise of the refresh in progress. */
  refresh(): Promise<void> {
    if (this.#refreshing) return this.#refreshing
    const session = this.#session
    if (!session) return Promise.reject(new NotSignedInError())
    const refreshing = this.#runRefresh(session).finally(() => {
      if (this.#refreshing === refreshing) this.#refreshing = undefined
    })
    this.#refreshing = refreshing
    return refreshing
  }

  dispose(): void {
    this.#refreshTimer.clear()
    this.events.clear()
  }

  /** After sleep the timer may be late or early: look at the clock again. */
  onResume(): void {
    if (!this.#session) return
    if (this.#expiresSoon()) void this.refresh().catch(() => undefined)
    else this.#schedule()
  }

  async #runRefresh(session: StoredSession): Promise<void> {
    const client = this.options.oauthClient ?? DEFAULT_OAUTH_CLIENT
    try {
      const reply = await this.options.api.tokenGrant({
        client_id: client.clientId,
        client_secret: client.clientSecret,
        grant_type: 'refresh_token',
        refresh_token: session.refreshToken
      })
      if (this.#session !== session) return // signed out (or in again) meanwhile
      this.#failedAttempts = 0
      this.#store(reply)
      this.options.logger.debug('session: access token refreshed')
    } catch (error) {
      if (this.#session !== session) throw error
      if (error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 408 && error.status !== 429) {
        // The server already refused this refresh token: nothing left to revoke.
        this.#end(this.options.t ? this.options.t('mainErrors.sessionEnded') : ENGLISH('mainErrors.sessionEnded'), false)
        throw new NotSignedInError(this.#signedOutReason)
      }
      // Offline or a server hiccup: keep the session and try again later.
      this.#failedAttempts += 1
      const delay = backoffDelay(this.options.backoff ?? DEFAULT_BACKOFF, this.#failedAttempts)
      this.options.logger.warn('session: refresh failed; will retry', { attempt: this.#failedAttempts, delayMs: delay })
      this.#setTimer(delay)
      throw error
    }
  }

  async #grant(fields: Record<string, string>): Promise<SessionView> {
    const client = this.options.oauthClient ?? DEFAULT_OAUTH_CLIENT
    const reply = await this.options.api.tokenGrant({ client_id: client.clientId, client_secret: client.clientSecret, ...fields })
    if (this.#session) this.signOut()
    this.#signedOutReason = undefined
    this.#store(reply)
    this.options.logger.info('session: signed in', { grant: fields.grant_type, guest: this.isGuest })
    this.events.emit('signedIn', { profile: reply.profile, isGuest: this.isGuest })
    return this.#announce()
  }

  #store(reply: TokenResponse): void {
    this.#hold({
      accessToken: reply.access_token,
      refreshToken: reply.refresh_token,
      expiresAt: this.options.clock.now() + reply.expires_in * 1000,
      profile: reply.profile,
      serverUrl: this.options.serverUrl()
    })
    this.options.vault.set(SESSION_SECRET, JSON.stringify(this.#session))
    this.#schedule()
  }

  #hold(session: StoredSession): void {
    this.#session = session
    this.options.secrets?.hold(SESSION_SECRET, [session.accessToken, session.refreshToken])
  }

  #expiresSoon(): boolean {
    return this.#session !== undefined && this.#session.expiresAt - this.#margin <= this.options.clock.now()
  }

  #schedule(): void {
    if (!this.#session) return
    this.#setTimer(Math.max(0, this.#session.expiresAt - this.#margin - this.options.clock.now()))
  }

  #setTimer(delayMs: number): void {
    this.#refreshTimer.set(delayMs, () => {
      if (!this.#session) return
      // A long delay is capped by the timer: only refresh once it is really due.
      if (this.#expiresSoon() || this.#failedAttempts > 0) void this.refresh().catch(() => undefined)
      else this.#schedule()
    })
  }

  #announce(): SessionView {
    const view = this.view()
    this.events.emit('changed', view)
    return view
  }
}
