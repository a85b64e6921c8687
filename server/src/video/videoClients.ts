// The reuse, re-mint and identity rules of docs/api.md §4.1–4.2 over the video client store.
// The store keeps only each token's SHA-256 digest: a token still in use is issued again from
// its identity and times, and a reproducible one must match the digest to be kept.
import { randomBytes } from 'node:crypto'
import { tokenDigest } from '../storage/oauthTokens'
import type { VideoClientRecord, VideoClientStore } from '../storage/videoClients'
import type { VideoTokenMinter } from './tokenMinters'

export interface VideoClientPolicy {
  ttlSeconds: number
  /** A token with less than this left is replaced (Twilio Rooms reconnect with the join token). */
  remintRemainderSeconds: number
}

/** A stored client with the token handed to its owner (never stored itself). */
export interface IssuedVideoClient extends VideoClientRecord {
  token: string
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
  async tokenFor(userId: string): Promise<{ client: IssuedVideoClient; reminted: boolean }> {
    const now = this.nowSeconds()
    let minted: IssuedVideoClient | undefined
    const { client, created } = await this.store.currentOrCreate(
      userId,
      now,
      (current) => this.mintedHere(current) && current.expiresAt - now >= this.policy.remintRemainderSeconds && this.stillIssuable(current),
      () => (minted = this.mint(userId, now))
    )
    if (created && minted) return { client: minted, reminted: true }
    const { token, expiresAt } = this.minter.issue(client.identity, client.createdAt, client.expiresAt)
    return { client: { ...client, token, expiresAt }, reminted: false }
  }

  /**
   * video_identity: the callee's current identity, creating a client when it has none. A
   * client that video_auth would replace already (less than the re-mint remainder left) is
   * replaced here too: its identity could expire while the caller is still ringing it.
   */
  async identityOf(userId: string): Promise<string> {
    const now = this.nowSeconds()
    const { client } = await this.store.currentOrCreate(
      userId,
      now,
      (current) => this.mintedHere(current) && current.expiresAt - now >= this.policy.remintRemainderSeconds,
      () => this.mint(userId, now)
    )
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

  /** A reproducible token issued again must be the one stored (a changed signing secret makes another). */
  private stillIssuable(client: VideoClientRecord): boolean {
    if (!this.minter.reproducible) return true
    return tokenDigest(this.minter.issue(client.identity, client.createdAt, client.expiresAt).token) === client.tokenHash
  }

  private mint(userId: string, now: number): IssuedVideoClient {
    const identity = randomBytes(16).toString('hex')
    const { token, expiresAt } = this.minter.issue(identity, now, now + this.policy.ttlSeconds)
    return { identity, userId, provider: this.minter.provider, token, tokenHash: tokenDigest(token), expiresAt, createdAt: now }
  }
}
