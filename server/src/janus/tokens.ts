// Janus's signed tokens (its `token_auth_secret` mode): `<expiry>,janus,<plugin>...:<signature>`,
// the signature being base64 HMAC-SHA1 of the part before the colon under the shared secret.
// Janus checks the signature and expiry on every request that carries the token; the
// VideoRoom plugin then admits only the tokens on a room's `allowed` list. Each token also
// names a random descriptor of its own (Janus only looks for the plugins it needs among
// them), so two tokens signed in the same second are still two tokens: one room's list must
// never name another member's token by accident.
import { createHmac, randomBytes } from 'node:crypto'

export const VIDEOROOM_PLUGIN = 'janus.plugin.videoroom'

export function signJanusToken(secret: string, expiresAt: number, plugins: readonly string[] = [VIDEOROOM_PLUGIN]): string {
  const data = [String(expiresAt), 'janus', ...plugins, `shoutit.${randomBytes(12).toString('hex')}`].join(',')
  const signature = createHmac('sha1', secret).update(data).digest('base64')
  return `${data}:${signature}`
}
