// Rings (docs/api.md §4.3, §4.5): who rang whom in which room, so that only the callee of a
// ring can decline it. One row per caller, callee and room; re-sending video_call for the
// same room (the caller's retry loop) refreshes it. Rows live a day, far past any ring.
import { z } from 'zod'
import type { SqlClient } from './sql'

export const RING_STATES = ['ringing', 'answered', 'rejected', 'missed'] as const
export type RingState = (typeof RING_STATES)[number]

const RingRowSchema = z.object({
  room: z.string(),
  caller_id: z.string(),
  callee_id: z.string(),
  callee_identity: z.string(),
  state: z.enum(RING_STATES),
  created_at: z.coerce.number(),
  updated_at: z.coerce.number()
})

export interface RingRecord {
  room: string
  callerId: string
  calleeId: string
  calleeIdentity: string
  state: RingState
  createdAt: number
  updatedAt: number
}

function toRecord(row: unknown): RingRecord {
  const parsed = RingRowSchema.parse(row)
  return {
    room: parsed.room,
    callerId: parsed.caller_id,
    calleeId: parsed.callee_id,
    calleeIdentity: parsed.callee_identity,
    state: parsed.state,
    createdAt: parsed.created_at,
    updatedAt: parsed.updated_at
  }
}

/** How long a ring is remembered: a declined call is declined within seconds, never a day later. */
export const RING_RETENTION_SECONDS = 24 * 3600

/**
 * Records a ring, or refreshes the one already recorded for this caller, callee and room. A
 * re-sent ring keeps its state (a callee who declined stays declined while the caller's retry
 * loop still sends, one who answered stays answered), except that a ring given up on (missed)
 * rings again: the caller asks the same person into the same call once more.
 */
export async function recordRing(db: SqlClient, ring: { room: string; callerId: string; calleeId: string; calleeIdentity: string }, now: number): Promise<void> {
  await db.run(
    `INSERT INTO video_rings (room, caller_id, callee_id, callee_identity, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (room, caller_id, callee_id) DO UPDATE SET callee_identity = excluded.callee_identity, updated_at = excluded.updated_at,
       state = CASE WHEN video_rings.state = ? THEN excluded.state ELSE video_rings.state END`,
    [ring.room, ring.callerId, ring.calleeId, ring.calleeIdentity, 'ringing', now, now, 'missed']
  )
}

/** Every ring into a room, oldest first. */
export async function ringsOfRoom(db: SqlClient, room: string): Promise<RingRecord[]> {
  return (await db.all('SELECT * FROM video_rings WHERE room = ? ORDER BY created_at, callee_id', [room])).map(toRecord)
}

export class VideoRingStore {
  constructor(private readonly db: SqlClient) {}

  /** Records a ring, or refreshes the one already recorded for this caller, callee and room. */
  record(ring: { room: string; callerId: string; calleeId: string; calleeIdentity: string }, now: number): Promise<void> {
    return recordRing(this.db, ring, now)
  }

  async find(room: string, callerId: string, calleeId: string): Promise<RingRecord | undefined> {
    const row = await this.db.get('SELECT * FROM video_rings WHERE room = ? AND caller_id = ? AND callee_id = ?', [room, callerId, calleeId])
    return row === undefined ? undefined : toRecord(row)
  }

  /** Ends a still-ringing ring in `state`; a ring already answered, declined or missed keeps its outcome. */
  async settle(room: string, callerId: string, calleeId: string, state: Exclude<RingState, 'ringing'>, now: number): Promise<void> {
    await this.db.run('UPDATE video_rings SET state = ?, updated_at = ? WHERE room = ? AND caller_id = ? AND callee_id = ? AND state = ?', [
      state,
      now,
      room,
      callerId,
      calleeId,
      'ringing'
    ])
  }

  /** The callee joined the room: every ring to them there was answered. */
  async markAnswered(room: string, calleeId: string, now: number): Promise<void> {
    await this.db.run('UPDATE video_rings SET state = ?, updated_at = ? WHERE room = ? AND callee_id = ? AND state = ?', ['answered', now, room, calleeId, 'ringing'])
  }

  /** The caller gave up (video_call missed): whatever still rings from them to this callee is missed. */
  async markMissed(callerId: string, calleeId: string, now: number): Promise<void> {
    await this.db.run('UPDATE video_rings SET state = ?, updated_at = ? WHERE caller_id = ? AND callee_id = ? AND state = ?', ['missed', now, callerId, calleeId, 'ringing'])
  }

  /**
   * Whether the profile belongs to the room's call: it rang someone there, or was rung there
   * and has not declined or missed it.
   */
  async involves(room: string, profileId: string): Promise<boolean> {
    const row = await this.db.get('SELECT 1 AS found FROM video_rings WHERE room = ? AND (caller_id = ? OR (callee_id = ? AND state IN (?, ?))) LIMIT 1', [
      room,
      profileId,
      profileId,
      'ringing',
      'answered'
    ])
    return row !== undefined
  }

  /** Whether anyone has rung anyone in the room. */
  async anyIn(room: string): Promise<boolean> {
    return (await this.db.get('SELECT 1 AS found FROM video_rings WHERE room = ? LIMIT 1', [room])) !== undefined
  }

  async purgeOlderThan(cutoff: number): Promise<void> {
    await this.db.run('DELETE FROM video_rings WHERE updated_at < ?', [cutoff])
  }
}
