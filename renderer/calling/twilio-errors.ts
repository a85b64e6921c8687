// twilio-video's error codes (lib/util/twilio-video-errors.js) and what each means for a
// call, per the error policy in docs/api.md §6.
import type { RoomEndReason } from './engine'
import { t } from '../i18n'

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
      return { reason: 'duplicate-identity', message: t('callErrors.joinedElsewhere') }
    case TwilioErrorCode.roomMaxParticipantsExceeded:
      return { reason: 'busy', message: t('callErrors.callFull') }
    case TwilioErrorCode.roomCompleted:
      return { reason: 'completed', message: t('callErrors.callEnded') }
    case TwilioErrorCode.accessTokenExpired:
      return { reason: 'failed', message: t('callErrors.sessionExpired') }
    default: {
      const code = error.code ? ` (${error.code})` : ''
      if (error.message) return { reason: 'failed', message: t('callErrors.callLostBecause', { error: `${error.message}${code}` }) }
      return { reason: 'failed', message: error.code ? t('callErrors.callLostCode', { code: error.code }) : t('callErrors.callLost') }
    }
  }
}
