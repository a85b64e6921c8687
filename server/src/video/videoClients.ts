// The reuse, re-mint and identity rules of docs/api.md §4.1–4.2 over the video client store.
import { randomBytes } from 'node:crypto'
import type { VideoClientRecord, VideoClientStore } from '../storage/videoClients'
import type { VideoTokenMinter } from './tokenMinters'

export interface VideoClientPolicy {
  ttlSeconds: number
  /** A token with less than this left is replaced (Twilio Rooms reconnect with the join token). */
  remintRemainderSeconds: number
}

export class VideoClients {
  constructor(
    private readonly store: VideoClientStore,
    private readonly minter: VideoTokenMinter,
    private readonly policy: VideoClientPolicy,
    private readonly nowSeconds: () => number
  ) {}

  get provider(): VideoTokenMinter['provider'] {
    return this.minter.provider
  }

  /** video_auth: the current token while it has enough time left, else a new token and identity. */
  tokenFor(userId: string): { client: VideoClientRecord; reminted: boolean } {
    const now = this.nowSeconds()
    const current = this.current(userId, now)
    if (current && current.expiresAt - now >= this.policy.remintRemainderSeconds) {
      return { client: current, reminted: false }
    }
    return { client: this.mint(userId, now), reminted: true }
  }

  /** video_identity: the callee's current identity, creating a client when it has none. */
  identityOf(userId: string): string {
    const now = this.nowSeconds()
    return (this.current(userId, now) ?? this.mint(userId, now)).identity
  }

  /** The client behind an identity whose token has not expired. */
  resolve(identity: string): VideoClientRecord | undefined {
    return this.store.byIdentity(identity, this.nowSeconds())
  }

  /** The user's unexpired client, if this server's provider minted it: after a switch of provider, clients start afresh. */
  private current(userId: string, now: number): VideoClientRecord | undefined {
    const current = this.store.current(userId, now)
    return current?.provider === this.minter.provider ? current : undefined
  }

  private mint(userId: string, now: number): VideoClientRecord {
    const identity = randomBytes(16).toString('hex')
    const { token, expiresAt } = this.minter.mint(identity, this.policy.ttlSeconds, now)
    const client: VideoClientRecord = { identity, userId, provider: this.minter.provider, token, expiresAt, createdAt: now }
    this.store.insert(client)
    return client
  }
}
