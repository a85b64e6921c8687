// Video access tokens (docs/api.md §4.1): real Twilio tokens when Twilio credentials are set,
// otherwise p2p tokens of the same JWT shape signed with the server's own secret.
import jwt from 'jsonwebtoken'
import type { VideoProvider } from '../../../common/api'

export interface MintedToken {
  token: string
  expiresAt: number
}

export interface VideoTokenMinter {
  readonly provider: VideoProvider
  mint(identity: string, ttlSeconds: number, nowSeconds: number): MintedToken
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
    mint(identity, ttlSeconds) {
      const accessToken = new AccessToken(credentials.accountSid, credentials.apiKeySid, credentials.apiKeySecret, { identity, ttl: ttlSeconds })
      accessToken.addGrant(new AccessToken.VideoGrant())
      const token = accessToken.toJwt()
      // Twilio's library stamps the token with its own clock; report exactly what it wrote.
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
    mint(identity, ttlSeconds, nowSeconds) {
      const expiresAt = nowSeconds + ttlSeconds
      const payload = {
        jti: `${signer.issuer}-${nowSeconds}-${identity.slice(0, 8)}`,
        iss: signer.issuer,
        sub: signer.subject,
        iat: nowSeconds,
        exp: expiresAt,
        grants: { identity, video: {} }
      }
      const token = jwt.sign(payload, signer.secret, { algorithm: 'HS256', header: { alg: 'HS256', typ: 'JWT', cty: 'twilio-fpa;v=1' } })
      return { token, expiresAt }
    }
  }
}
