// What p2p peers say to each other on the room channel, validated on arrival (a peer is
// untrusted input), and split into chunks small enough for Pusher's 10 kB client-event
// limit: a Chrome offer with audio and video is close to it.
import { z } from 'zod'
import { parseJsonOrUndefined } from '../../common/json'
// Also loaded on its own by the browser tests' bundles, so it sets zod's CSP-safe mode too.
import '../zod-config'

export const SIGNAL_EVENT = 'client-signal'
export const CHUNK_EVENT = 'client-signal-chunk'
/** Leaves headroom under 10 kB for the envelope and JSON escaping. */
export const MAX_CHUNK_CHARS = 6_000

const DescriptionSchema = z.object({
  type: z.enum(['offer', 'answer', 'pranswer', 'rollback']),
  sdp: z.string().max(200_000).optional()
})

const CandidateSchema = z.object({
  candidate: z.string().max(2_000),
  sdpMid: z.string().max(64).nullable().optional(),
  sdpMLineIndex: z.number().int().min(0).max(64).nullable().optional(),
  usernameFragment: z.string().max(256).nullable().optional()
})

/** What the sender sends: false for a muted microphone, a camera turned off, or none at all. */
const MediaStateSchema = z.object({
  audio: z.boolean(),
  video: z.boolean()
})
export type P2pMediaState = z.infer<typeof MediaStateSchema>

export const SignalSchema = z.object({
  /** Who the signal is meant for: a stale peer's leftovers are ignored. */
  to: z.string().min(1).max(128),
  description: DescriptionSchema.optional(),
  candidates: z.array(CandidateSchema).max(100).optional(),
  /** docs/api.md §6: sent on joining and on every mute or camera change. */
  media: MediaStateSchema.optional(),
  /** docs/api.md §6: false while the sender shows none of our video; we pause it toward them. */
  videoWanted: z.boolean().optional()
})
export type Signal = z.infer<typeof SignalSchema>

export const ChunkSchema = z.object({
  id: z.string().min(1).max(64),
  index: z.number().int().min(0).max(63),
  count: z.number().int().min(1).max(64),
  text: z.string().max(MAX_CHUNK_CHARS)
})
export type Chunk = z.infer<typeof ChunkSchema>

export type Outgoing = { event: typeof SIGNAL_EVENT; data: Signal } | { event: typeof CHUNK_EVENT; data: Chunk }

/** One signal as the client events to send: itself when small, else numbered chunks. */
export function encodeSignal(signal: Signal, messageId: string): Outgoing[] {
  const text = JSON.stringify(signal)
  if (text.length <= MAX_CHUNK_CHARS) return [{ event: SIGNAL_EVENT, data: signal }]
  const count = Math.ceil(text.length / MAX_CHUNK_CHARS)
  return Array.from({ length: count }, (_, index) => ({
    event: CHUNK_EVENT,
    data: { id: messageId, index, count, text: text.slice(index * MAX_CHUNK_CHARS, (index + 1) * MAX_CHUNK_CHARS) }
  }))
}

/** Reassembles chunked signals per sender; returns a signal once all its chunks are in. */
export class ChunkAssembler {
  private readonly pending = new Map<string, { parts: Array<string | undefined>; received: number }>()

  accept(senderId: string, chunk: Chunk): Signal | { error: string } | null {
    const key = `${senderId}/${chunk.id}`
    let entry = this.pending.get(key)
    if (!entry) {
      // A sender has at most a couple of messages in flight; anything more is junk.
      if (this.pending.size >= 16) this.pending.delete(this.pending.keys().next().value as string)
      entry = { parts: new Array<string | undefined>(chunk.count).fill(undefined), received: 0 }
      this.pending.set(key, entry)
    }
    if (entry.parts.length !== chunk.count || chunk.index >= chunk.count) return { error: 'inconsistent chunk numbering' }
    if (entry.parts[chunk.index] === undefined) entry.received += 1
    entry.parts[chunk.index] = chunk.text
    if (entry.received < chunk.count) return null
    this.pending.delete(key)
    return parseSignal(parseJsonOrUndefined(entry.parts.join('')))
  }
}

export function parseSignal(value: unknown): Signal | { error: string } {
  const parsed = SignalSchema.safeParse(value)
  return parsed.success ? parsed.data : { error: parsed.error.issues[0]?.message ?? 'malformed signal' }
}
