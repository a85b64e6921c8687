// Call states and outcomes that main (history, tray, coordinator) and the renderer (call
// flow, screens) agree on.
import { z } from 'zod'
import { CallKindSchema, CallParticipantSchema, ProfileSchema, RoomNameSchema } from './api'

export const CALL_DIRECTIONS = ['outgoing', 'incoming'] as const
export const CallDirectionSchema = z.enum(CALL_DIRECTIONS)
export type CallDirection = z.infer<typeof CallDirectionSchema>

/** How a call ended, as the history and the UI show it. */
export const CALL_OUTCOMES = ['answered', 'missed', 'declined', 'busy', 'failed', 'cancelled'] as const
export const CallOutcomeSchema = z.enum(CALL_OUTCOMES)
export type CallOutcome = z.infer<typeof CallOutcomeSchema>

export const CallRecordSchema = z.object({
  id: z.string().min(1).max(128),
  direction: CallDirectionSchema,
  peer: ProfileSchema,
  room: RoomNameSchema.optional(),
  /** Unix milliseconds. */
  startedAt: z.number().int().nonnegative(),
  /** Only for answered calls: talk time in whole seconds. */
  durationSeconds: z.number().int().nonnegative().optional(),
  outcome: CallOutcomeSchema,
  /** Voice or video, as the call was made; absent in older records, which were all video calls. */
  kind: CallKindSchema.optional(),
  /** For failed calls, what the user was told. */
  detail: z.string().max(500).optional(),
  /** A group call: everyone else who was in it besides the user and `peer`; absent in 1:1 calls and older records. */
  participants: z.array(CallParticipantSchema).max(100).optional()
})
export type CallRecord = z.infer<typeof CallRecordSchema>

/** What the renderer tells main about the call it runs, so main can answer busy, keep the display awake and show the tray state. */
export const CALL_ACTIVITIES = ['idle', 'outgoing', 'in-call'] as const
export const CallActivitySchema = z.enum(CALL_ACTIVITIES)
export type CallActivity = z.infer<typeof CallActivitySchema>

export const MAX_CALL_ATTEMPTS = 3
export const CALL_WINDOW_SECONDS = 30
export const DEFAULT_RETRY_PAUSE_SECONDS = 10
