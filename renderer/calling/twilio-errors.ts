// twilio-video's error codes (lib/util/twilio-video-errors.js) and what each means for a
// call, per the error policy in docs/api.md §6.
import type { RoomEndReason } from './engine'

export const TwilioErrorCode = {
  accessTokenExpired: 20104,
  signalingConnectionDisconnected: 53001,
  roomMaxParticipantsExceeded: 53105,
  roomCompleted: 53118,
  participantDuplicateIdentity: 53205,
  mediaConnection: 53405
} as const

export interface TwilioErrorLike {
  code?: number
  message?: string
}

export function isTwilioError(value: unknown): value is TwilioErrorLike & { code: number } {
  return typeof value === 'object' && value !== null && typeof (value as { code?: unknown }).code === 'number'
}

/** How a Twilio error that ended (or prevented) the room is reported to the call flow. */
export function endReasonForTwilioError(error: TwilioErrorLike): { reason: Exclude<RoomEndReason, 'local'>; message: string } {
  switch (error.code) {
    case TwilioErrorCode.participantDuplicateIdentity:
      return { reason: 'duplicate-identity', message: 'You joined this call from another device.' }
    case TwilioErrorCode.roomMaxParticipantsExceeded:
      return { reason: 'busy', message: 'The call is already full.' }
    case TwilioErrorCode.roomCompleted:
      return { reason: 'completed', message: 'The call ended.' }
    case TwilioErrorCode.accessTokenExpired:
      return { reason: 'failed', message: 'Your video session expired and could not be renewed.' }
    default:
      return {
        reason: 'failed',
        message: `The call was lost${error.message ? `: ${error.message}` : ''}${error.code ? ` (${error.code})` : ''}.`
      }
  }
}
