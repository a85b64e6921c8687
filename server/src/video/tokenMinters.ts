// Video access tokens (docs/api.md §4.1): real Twilio tokens when Twilio credentials are set,
// otherwise p2p tokens of the same JWT shape signed with the server's own secret. The server
// keeps only a token's SHA-256 digest, so a token handed out again is issued again here.
import jwt from 'jsonwebtoken'
import type { VideoProvider } from '../../../common/api'

export interface MintedToken {
  token: string
  expiresAt: number
}

export interface VideoTokenMinter {
  readonly provider: VideoProvider
  /**
   * Whether `issue` answers the same token for the same arguments: then the stored digest
   * proves a re-issued token is the one first handed out (and not one under a changed secret).
   */
  readonly reproducible: boolean
  /** A token for `identity` issued at `issuedAt` that expires at `expiresAt` (Unix seconds). */
  issue(identity: string, issuedAt: number, expiresAt: number): MintedToken
}

export interface TwilioCredentials {
  accountSid: string
  apiKeySid: string
  apiKeySecret: string
}

/** Loads `twilio` only when configured: it is a large package and most runs never need it. */
export async function createTwilioMinter(credentials: TwilioCredentials): Promise<VideoTokenMinter> {
  const { default: twilio } = await import('twilio')
  const { AccessToken } = twilio.jwt
  return {
    provider: 'twilio',
    // Twilio's library stamps `iat` and `jti` with its own clock: each issue is a new signature.
    reproducible: false,
    issue(identity, _issuedAt, expiresAt) {
      const ttl = Math.max(1, expiresAt - Math.floor(Date.now() / 1000))
      const accessToken = new AccessToken(credentials.accountSid, credentials.apiKeySid, credentials.apiKeySecret, { identity, ttl })
      accessToken.addGrant(new AccessToken.VideoGrant())
      const token = accessToken.toJwt()
      // Report exactly what the library wrote.
      const payload = jwt.decode(token) as { exp?: number } | null
      if (typeof payload?.exp !== 'number') throw new Error('twilio produced a token without exp')
      return { token, expiresAt: payload.exp }
    }
  }
}

export interface P2pSigner {
  /** Stands in for Twilio's API key SID in `iss`. */
  issuer: string
  /** Stands in for Twilio's account SID in `sub`. */
  subject: string
  secret: string
}

export function createP2pMinter(signer: P2pSigner): VideoTokenMinter {
  return {
    provider: 'p2p',
    // Every claim comes from the arguments and HS256 is deterministic.
    reproducible: true,
    issue(identity, issuedAt, expiresAt) {
      const payload = {
        jti: `${signer.issuer}-${issuedAt}-${identity.slice(0, 8)}`,
        iss: signer.issuer,
        sub: signer.subject,
        iat: issuedAt,
        exp: expiresAt,
        grants: { identity, video: {} }
      }
      const token = jwt.sign(payload, signer.secret, { algorithm: 'HS256', header: { alg: 'HS256', typ: 'JWT', cty: 'twilio-fpa;v=1' } })
      return { token, expiresAt }
    }
  }
}
