// Rooms of calls (docs/api.md §6): who created each, the seats /v3/pusher/auth granted, and
// the rings into it, read and written under the room row's lock so that rings and joins of
// one room are decided one at a time, by every server instance on the database.
import { z } from 'zod'
import { joinRefusal, ringRefusal, type RoomRefusal, type RoomSnapshot, type RoomVisibility } from '../video/roomRules'
import type { SqlClient } from './sql'
import { ringsOfRoom, recordRing } from './videoRings'

const RoomRowSchema = z.object({ creator_id: z.string().nullable() })
const SeatRowSchema = z.object({ profile_id: z.string(), granted_at: z.coerce.number() })

export interface RingInto {
  room: string
  callerId: string
  calleeId: string
  calleeIdentity: string
}

export type RoomDecision = { admitted: true; snapshot: RoomSnapshot } | { admitted: false; refusal: RoomRefusal }

export class VideoRoomStore {
  constructor(private readonly db: SqlClient) {}

  /**
   * Rings the callee into the room if the rules allow (records the ring, or refreshes it), the
   * room's creator becoming the caller when it is new. Answers the room as it was decided on.
   */
  ring(ring: RingInto, options: { members: readonly string[]; visibility: RoomVisibility; limit: number; now: number }): Promise<RoomDecision> {
    return this.db.transaction(async (tx) => {
      const snapshot = await this.lockedSnapshot(tx, ring.room, options.members, options.now)
      const refusal = ringRefusal(snapshot, options.visibility, ring.callerId, ring.calleeId, options.limit, options.now)
      if (refusal) return { admitted: false, refusal }
      if (snapshot.creatorId === null) await this.claim(tx, ring.room, ring.callerId)
      await recordRing(tx, ring, options.now)
      return { admitted: true, snapshot }
    })
  }

  /** Grants the user a seat in a p2p room's presence channel if the rules allow. */
  join(room: string, userId: string, options: { members: readonly string[]; limit: number; now: number }): Promise<RoomDecision> {
    return this.db.transaction(async (tx) => {
      const snapshot = await this.lockedSnapshot(tx, room, options.members, options.now)
      const refusal = joinRefusal(snapshot, userId, options.limit, options.now)
      if (refusal) return { admitted: false, refusal }
      if (snapshot.creatorId === null) await this.claim(tx, room, userId)
      await tx.run(
        'INSERT INTO video_room_seats (room, profile_id, granted_at) VALUES (?, ?, ?) ON CONFLICT (room, profile_id) DO UPDATE SET granted_at = excluded.granted_at',
        [room, userId, options.now]
      )
      return { admitted: true, snapshot }
    })
  }

  async purgeOlderThan(cutoff: number): Promise<void> {
    await this.db.run('DELETE FROM video_room_seats WHERE granted_at < ?', [cutoff])
    await this.db.run('DELETE FROM video_rooms WHERE created_at < ?', [cutoff])
  }

  /** Creates the room's row if needed and holds its lock until commit (a no-op UPSERT, as notification counters do). */
  private async lockedSnapshot(tx: SqlClient, room: string, members: readonly string[], now: number): Promise<RoomSnapshot> {
    const row = RoomRowSchema.parse(
      await tx.get('INSERT INTO video_rooms (room, creator_id, created_at) VALUES (?, NULL, ?) ON CONFLICT (room) DO UPDATE SET room = video_rooms.room RETURNING creator_id', [
        room,
        now
      ])
    )
    const seats = z.array(SeatRowSchema).parse(await tx.all('SELECT profile_id, granted_at FROM video_room_seats WHERE room = ?', [room]))
    return {
      creatorId: row.creator_id,
      members,
      seats: seats.map((seat) => ({ profileId: seat.profile_id, grantedAt: seat.granted_at })),
      rings: await ringsOfRoom(tx, room)
    }
  }

  private async claim(tx: SqlClient, room: string, creatorId: string): Promise<void> {
    await tx.run('UPDATE video_rooms SET creator_id = ? WHERE room = ? AND creator_id IS NULL', [creatorId, room])
  }
}
