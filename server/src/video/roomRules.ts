// Who is in a call's room, who may ring people into it or join it, and whether it has space
// (docs/api.md §6, group calls). Pure: the room store reads a snapshot under the room's lock
// and asks these rules, so that concurrent rings and joins are decided one at a time.
import type { RingRecord } from '../storage/videoRings'

/**
 * How the server knows a room's members. `presence`: a p2p room is the server's own presence
 * channel, whose members it sees. `rings`: a room on a media service (Twilio) that the server
 * cannot look into, so it goes by who created the room and whom it rang there.
 */
export type RoomVisibility = 'presence' | 'rings'

/** A seat /v3/pusher/auth granted is held this long for its subscription to arrive. */
export const SEAT_HOLD_SECONDS = 30
/** A ring still ringing this long after its last (re-)send holds a place in the room; the caller's loop gives up after 30 s. */
export const RING_HOLD_SECONDS = 60

export interface RoomSeat {
  profileId: string
  grantedAt: number
}

export interface RoomSnapshot {
  /** The profile that first joined or rang into the room; null for a room nobody used yet. */
  creatorId: string | null
  /** The presence channel's members, in joining order (empty where the server cannot see them). */
  members: readonly string[]
  seats: readonly RoomSeat[]
  rings: readonly RingRecord[]
}

export type RoomRefusal = 'outsider' | 'full'

const unique = (ids: Iterable<string>): string[] => [...new Set(ids)]

export const isNewRoom = (room: RoomSnapshot): boolean => room.creatorId === null && room.members.length === 0 && room.rings.length === 0

/** Declined rings keep their callee out; a ring the caller gave up on (missed) does not, since the callee may be accepting just then. */
const invitedIds = (room: RoomSnapshot): string[] => room.rings.filter((ring) => ring.state !== 'rejected').map((ring) => ring.calleeId)

/**
 * The people in the call now, the creator first. With presence: the channel's members and the
 * seats granted moments ago whose subscriptions are on their way. Without: the creator and
 * everyone rung into the room who has neither declined nor been given up on.
 */
export function peopleIn(room: RoomSnapshot, visibility: RoomVisibility, now: number): string[] {
  const people =
    visibility === 'presence'
      ? [...room.members, ...room.seats.filter((seat) => seat.grantedAt >= now - SEAT_HOLD_SECONDS).map((seat) => seat.profileId)]
      : [...(room.creatorId === null ? [] : [room.creatorId]), ...room.rings.filter((ring) => ring.state === 'ringing' || ring.state === 'answered').map((ring) => ring.calleeId)]
  const ordered = unique(people)
  if (room.creatorId !== null && ordered.includes(room.creatorId)) return [room.creatorId, ...ordered.filter((id) => id !== room.creatorId)]
  return ordered
}

/** People in the call and people still being rung into it: each holds a place. */
function placesTaken(room: RoomSnapshot, visibility: RoomVisibility, now: number): string[] {
  const ringing = room.rings.filter((ring) => ring.state === 'ringing' && ring.updatedAt >= now - RING_HOLD_SECONDS).map((ring) => ring.calleeId)
  return unique([...peopleIn(room, visibility, now), ...ringing])
}

/**
 * Whether `callerId` may ring `calleeId` into the room. The caller must be in it (or be the one
 * who created it, or have rung into it already: the retry loop), or the room must be new; the
 * callee must already hold a place (a re-sent ring) or there must be one free.
 */
export function ringRefusal(room: RoomSnapshot, visibility: RoomVisibility, callerId: string, calleeId: string, limit: number, now: number): RoomRefusal | undefined {
  const callerBelongs =
    isNewRoom(room) ||
    room.creatorId === callerId ||
    room.rings.some((ring) => ring.callerId === callerId) ||
    peopleIn(room, visibility, now).includes(callerId)
  if (!callerBelongs) return 'outsider'
  const taken = placesTaken(room, visibility, now)
  if (taken.includes(calleeId)) return undefined
  // The caller counts even before it has joined: it is about to.
  return unique([...taken, callerId]).length >= limit ? 'full' : undefined
}

/**
 * Whether `userId` may join the room's presence channel (p2p). Members, the creator, callers and
 * callees who have not declined may; so may anyone opening a new room. A place must be free,
 * unless the user already holds one (in the call, or being rung).
 */
export function joinRefusal(room: RoomSnapshot, userId: string, limit: number, now: number): RoomRefusal | undefined {
  const present = peopleIn(room, 'presence', now)
  const belongs =
    isNewRoom(room) ||
    present.includes(userId) ||
    room.creatorId === userId ||
    room.rings.some((ring) => ring.callerId === userId) ||
    invitedIds(room).includes(userId)
  if (!belongs) return 'outsider'
  if (present.includes(userId)) return undefined
  return placesTaken(room, 'presence', now).filter((id) => id !== userId).length >= limit ? 'full' : undefined
}
