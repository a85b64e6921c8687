// STUN/TURN servers for p2p calls (docs/api.md §4.1, ext `ice_servers`). TURN credentials
// follow the TURN REST scheme that coturn checks with `use-auth-secret`: the username is
// "<expiry, unix seconds>:<user id>" and the credential base64(HMAC-SHA1(secret, username)).
// Nothing is stored or shared but the secret: the TURN server recomputes the credential,
// and refuses it once the expiry in the username has passed.
import { createHmac } from 'node:crypto'
import { IceUrlSchema, isTurnUrl, type IceServer } from '../../../common/api'

export interface IceSettings {
  urls: readonly string[]
  /** The TURN server's static-auth-secret; needed as soon as one URL is a TURN URL. */
  turnSecret?: string
  /** How long credentials stay valid after the video token they come with expires. */
  turnCredentialTtlSeconds: number
}

export interface TurnCredentials {
  username: string
  credential: string
}

export function turnCredentials(secret: string, userId: string, expiresAt: number): TurnCredentials {
  // coturn reads the expiry as everything before the first ':', so the user part may hold any text but a leading one.
  const username = `${expiresAt}:${userId}`
  return { username, credential: createHmac('sha1', secret).update(username).digest('base64') }
}

/** A comma- or space-separated list of STUN/TURN URLs, each checked; throws naming the bad one. */
export function parseIceUrls(list: string): string[] {
  const urls = list.split(/[\s,]+/).filter(Boolean)
  for (const url of urls) {
    const checked = IceUrlSchema.safeParse(url)
    if (!checked.success) throw new Error(`ICE server "${url.slice(0, 100)}" ${checked.error.issues[0]?.message ?? 'is invalid'}`)
  }
  return urls
}

/** Settings that cannot work fail at start-up, not in the middle of someone's call. */
export function checkIceSettings(settings: Partial<IceSettings>): void {
  const urls = settings.urls ?? []
  if (urls.length > 0) parseIceUrls(urls.join(','))
  if (urls.some(isTurnUrl) && !settings.turnSecret) throw new Error('TURN servers need the shared secret they check credentials with (--turn-secret)')
  if (settings.turnSecret !== undefined && !urls.some(isTurnUrl)) throw new Error('--turn-secret was given without any turn: or turns: URL in --ice-servers')
  const ttl = settings.turnCredentialTtlSeconds
  if (ttl !== undefined && (!Number.isInteger(ttl) || ttl <= 0)) throw new Error('turnCredentialTtlSeconds must be a positive whole number')
}

/**
 * The servers for one user's video token. The expiry derives from the token's, so every
 * video_auth answered with the same token carries the same credentials, and a client that
 * keeps its token until near expiry still holds credentials for a call started then.
 */
export function iceServersFor(settings: IceSettings, userId: string, tokenExpiresAt: number): IceServer[] | undefined {
  const stun = settings.urls.filter((url) => !isTurnUrl(url))
  const turn = settings.urls.filter(isTurnUrl)
  const servers: IceServer[] = []
  if (stun.length > 0) servers.push({ urls: stun })
  if (turn.length > 0 && settings.turnSecret) {
    servers.push({ urls: turn, ...turnCredentials(settings.turnSecret, userId, tokenExpiresAt + settings.turnCredentialTtlSeconds) })
  }
  return servers.length > 0 ? servers : undefined
}
