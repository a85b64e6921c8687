// An in-process stand-in for the Shoutit API as a fetch function, driven by a FakeClock:
// short token lifetimes, refresh rotation, video tokens re-minted near expiry, a server
// clock that may be skewed, and outages. It counts what the client did and flags every
// request that arrived with an expired token.
import { randomBytes, randomUUID } from 'node:crypto'
import type { Clock } from '../../../main/services/core/platform'

export interface FakeApiOptions {
  clock: Clock
  accessTtlSeconds?: number
  videoTtlSeconds?: number
  /** Re-mint a video token with less than this left (the reference server's default is 4 h). */
  videoRemintBelowSeconds?: number
  /** Server clock minus client clock, ms. */
  skewMs?: number
  /** Sent as video_auth's ice_servers when set. */
  iceServers?: unknown[]
  /** Calls through Janus: video_auth says provider janus with this URL, and room tokens are given out. */
  janusUrl?: string
}

interface Account {
  id: string
  username: string
  name: string
  email: string
  password: string
  isGuest: boolean
}

interface AccessGrant {
  account: Account
  expiresAt: number
}

export class FakeApi {
  /** The rooms room tokens were asked for, in order. */
  readonly janusRoomsAsked: string[] = []
  readonly accounts: Account[] = [
    { id: randomUUID(), username: 'alice', name: 'Alice', email: 'alice@example.com', password: 'alice-pass', isGuest: false }
  ]
  readonly #access = new Map<string, AccessGrant>()
  readonly #refresh = new Map<string, Account>()
  #video: { token: string; identity: string; expiresAt: number } | undefined
  skewMs: number
  offline = false
  /** Answer the next N requests with 503. */
  failNext = 0
  refreshes = 0
  refusedRefreshes = 0
  revocations = 0
  videoAuths = 0
  unauthorized = 0
  readonly expiredTokenUses: Array<{ path: string; expiredForMs: number }> = []
  readonly paths: string[] = []
  /** Every request with the client clock's time it arrived at. */
  readonly requests: Array<{ path: string; at: number }> = []
  /** What GET /v3/notifications lists (tests push missed calls here). */
  notifications: unknown[] = []
  /** Who GET /v3/presence reports online. */
  online = new Set<string>()

  constructor(private readonly options: FakeApiOptions) {
    this.skewMs = options.skewMs ?? 0
  }

  serverNow(): number {
    return this.options.clock.now() + this.skewMs
  }

  /** Server-side invalidation of every access token (all requests in flight get 401). */
  revokeAccessTokens(): void {
    this.#access.clear()
  }

  revokeRefreshTokens(): void {
    this.#refresh.clear()
  }

  /** Every string that must never be written to disk in plaintext. */
  allSecrets(): string[] {
    return [...this.#access.keys(), ...this.#refresh.keys(), ...(this.#video ? [this.#video.token] : [])]
  }

  readonly fetch: typeof globalThis.fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input))
    const method = (init?.method ?? 'GET').toUpperCase()
    this.paths.push(`${method} ${url.pathname}`)
    this.requests.push({ path: `${method} ${url.pathname}`, at: this.options.clock.now() })
    if (this.offline) throw new TypeError('fetch failed')
    if (this.failNext > 0) {
      this.failNext -= 1
      return this.#error(503, 'internal_error', 'try later')
    }
    const headers = new Headers(init?.headers)
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as Record<string, unknown>) : {}
    const path = url.pathname

    if (method === 'POST' && path === '/v3/oauth2/access_token') return this.#grant(body)
    if (method === 'POST' && path === '/v3/oauth2/revoke') return this.#revoke(body)
    if (method === 'GET' && path === '/v3/client_config') {
      return this.#json({ pusher: { key: 'test-key', host: '127.0.0.1', port: 1, tls: false }, video: { provider: 'p2p' } })
    }

    const account = this.#authenticate(headers.get('authorization'), path)
    if (!account) return this.#error(401, 'not_authenticated', 'Authentication credentials were not provided or are invalid.')

    if (method === 'POST' && path === '/v3/twilio/video_auth') {
      if (account.isGuest) return this.#error(403, 'permission_denied', 'Guests cannot use video.')
      return this.#videoAuth()
    }
    if (method === 'POST' && path === '/v3/janus/room_token' && this.options.janusUrl) {
      this.janusRoomsAsked.push(String(body.room))
      return this.#json({ room: body.room, token: `${Math.floor(this.serverNow() / 1000) + 3600},janus,janus.plugin.videoroom:c2lnbmVk`, expires_at: Math.floor(this.serverNow() / 1000) + 3600 })
    }
    if (method === 'GET' && path === '/v3/profiles/me') return this.#json(this.#profile(account))
    if (method === 'GET' && path === '/v3/notifications') return this.#json({ results: this.notifications })
    if (method === 'POST' && path === '/v3/pusher/auth') {
      // Like the reference server: one's own channel, and accounts may watch other accounts.
      const watch = typeof body.channel_name === 'string' && body.channel_name.startsWith('private-v3-watch-') && !account.isGuest
      if (body.channel_name !== `presence-v3-p-${account.id}` && !watch) return this.#error(403, 'permission_denied', 'Not your channel.')
      return this.#json({ auth: `test-key:${randomBytes(8).toString('hex')}`, channel_data: JSON.stringify({ user_id: account.id }) })
    }
    if (method === 'GET' && path === '/v3/presence') {
      const asked = (url.searchParams.get('profiles') ?? '').split(',')
      return this.#json({ online: asked.filter((id) => this.online.has(id)), offline: asked.filter((id) => !this.online.has(id)) })
    }
    if (method === 'GET' && path === '/v3/profiles') {
      return this.#json({ count: 1, next: null, previous: null, results: this.accounts.map((a) => this.#profile(a)) })
    }
    return this.#error(404, 'not_found', 'Not found.')
  }

  #authenticate(header: string | null, path: string): Account | undefined {
    const token = header?.startsWith('Bearer ') ? header.slice(7) : undefined
    if (!token) return undefined
    const grant = this.#access.get(token)
    if (!grant) {
      this.unauthorized += 1
      return undefined
    }
    if (grant.expiresAt <= this.serverNow()) {
      this.expiredTokenUses.push({ path, expiredForMs: this.serverNow() - grant.expiresAt })
      this.unauthorized += 1
      return undefined
    }
    return grant.account
  }

  #grant(body: Record<string, unknown>): Response {
    let account: Account | undefined
    switch (body.grant_type) {
      case 'shoutit_login':
        account = this.accounts.find((a) => a.email === body.email || a.username === body.email)
        // Like the reference server: one answer whether the account is unknown or the password wrong.
        if (!account || account.password !== body.password) return this.#error(400, 'invalid', 'Wrong e-mail, username or password', 'password')
        break
      case 'shoutit_signup':
        account = { id: randomUUID(), username: `user${this.accounts.length}`, name: String(body.name), email: String(body.email), password: String(body.password), isGuest: false }
        this.accounts.push(account)
        break
      case 'shoutit_guest':
        account = { id: randomUUID(), username: `guest${this.accounts.length}`, name: 'Guest', email: '', password: '', isGuest: true }
        this.accounts.push(account)
        break
      case 'refresh_token': {
        account = this.#refresh.get(String(body.refresh_token))
        if (!account) {
          this.refusedRefreshes += 1
          return this.#error(400, 'invalid', 'Invalid refresh token.', 'refresh_token')
        }
        this.#refresh.delete(String(body.refresh_token))
        for (const [token, grant] of this.#access) if (grant.account === account) this.#access.delete(token)
        this.refreshes += 1
        break
      }
      default:
        return this.#error(400, 'invalid', 'Unsupported grant.', 'grant_type')
    }
    const ttl = this.options.accessTtlSeconds ?? 900
    const accessToken = `at-${randomBytes(16).toString('hex')}`
    const refreshToken = `rt-${randomBytes(16).toString('hex')}`
    this.#access.set(accessToken, { account, expiresAt: this.serverNow() + ttl * 1000 })
    this.#refresh.set(refreshToken, account)
    return this.#json({
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: ttl,
      refresh_token: refreshToken,
      scope: account.isGuest ? 'read' : 'read write',
      profile: { ...this.#profile(account), email: account.email, is_guest: account.isGuest },
      new_signup: body.grant_type === 'shoutit_signup'
    })
  }

  /** Like the reference server: the refresh token and the account's access tokens end; unknown tokens get 200 too. */
  #revoke(body: Record<string, unknown>): Response {
    this.revocations += 1
    const account = this.#refresh.get(String(body.token))
    this.#refresh.delete(String(body.token))
    if (account) for (const [token, grant] of this.#access) if (grant.account === account) this.#access.delete(token)
    return this.#json({})
  }

  #videoAuth(): Response {
    this.videoAuths += 1
    const ttl = this.options.videoTtlSeconds ?? 3600
    const remintBelow = (this.options.videoRemintBelowSeconds ?? 900) * 1000
    const now = this.serverNow()
    if (!this.#video || this.#video.expiresAt - now < remintBelow) {
      this.#video = {
        token: `vt-${randomBytes(16).toString('hex')}`,
        identity: randomBytes(16).toString('hex'),
        expiresAt: Math.floor(now / 1000) * 1000 + ttl * 1000
      }
    }
    return this.#json({
      identity: this.#video.identity,
      token: this.#video.token,
      expires_at: this.#video.expiresAt / 1000,
      provider: this.options.janusUrl ? 'janus' : 'p2p',
      ...(this.options.iceServers ? { ice_servers: this.options.iceServers } : {}),
      ...(this.options.janusUrl ? { janus: { url: this.options.janusUrl } } : {})
    })
  }

  #profile(account: Account) {
    return { id: account.id, username: account.username, name: account.name, type: 'user', first_name: '', last_name: '', image: null }
  }

  #json(value: unknown, status = 200): Response {
    return new Response(JSON.stringify(value), {
      status,
      headers: { 'content-type': 'application/json', date: new Date(this.serverNow()).toUTCString() }
    })
  }

  #error(status: number, reason: string, message: string, location?: string): Response {
    return this.#json({ error: { code: status, message, errors: [{ message, reason, ...(location ? { location } : {}) }] } }, status)
  }
}
