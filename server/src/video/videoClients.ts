// The reuse, re-mint and identity rules of api.md §4.1–4.2 over the video client store.
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
  async tokenFor(userId: string): Promise<{ client: VideoClientRecord; reminted: boolean }> {
    const now = this.nowSeconds()
    const { client, created } = await this.store.currentOrCreate(
      userId,
      now,
      (current) => this.mintedHere(current) && current.expiresAt - now >= this.policy.remintRemainderSeconds,
      () => this.mint(userId, now)
    )
    return { client, reminted: created }
  }

  /** video_identity: the callee's current identity, creating a client when it has none. */
  async identityOf(userId: string): Promise<string> {
    const now = this.nowSeconds()
    const { client } = await this.store.currentOrCreate(userId, now, (current) => this.mintedHere(current), () => this.mint(userId, now))
    return client.identity
  }

  /** The client behind an identity whose token has not expired. */
  resolve(identity: string): Promise<VideoClientRecord | undefined> {
    return this.store.byIdentity(identity, this.nowSeconds())
  }

  /** After a switch of provider, clients start afresh. */
  private mintedHere(client: VideoClientRecord): boolean {
    return client.provider === this.minter.provider
  }

  private mint(userId: string, now: number): VideoClientRecord {
    const identity = randomBytes(16).toString('hex')
    const { token, expiresAt } = this.minter.mint(identity, this.policy.ttlSeconds, now)
    return { identity, userId, provider: this.minter.provider, token, expiresAt, createdAt: now }
  }
}
