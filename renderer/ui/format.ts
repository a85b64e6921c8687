// Words and numbers the screens show, kept pure so they are tested without a browser: the
// words come from the `t` they are given, units and dates from Intl in its language.
import type { TFunction } from 'i18next'
import type { Profile } from '../../common/api'
import type { CallDirection, CallOutcome, CallRecord } from '../../common/calls'
import { displayName } from '../../common/display-name'
import { formatDurationWords, formatRelativeTime } from '../../common/i18n/durations'
import type { Language } from '../../common/i18n/languages'

/** 0:07, 12:34, 1:02:03 */
export function formatDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds))
  const hours = Math.floor(seconds / 3600)
  const minutes = Math.floor((seconds % 3600) / 60)
  const rest = String(seconds % 60).padStart(2, '0')
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`
}

/** A duration in words for screen readers and summaries: "1 minute, 5 seconds" / "1 Minute, 5 Sekunden". */
export function spokenDuration(totalSeconds: number, language: Language): string {
  return formatDurationWords(totalSeconds, language, 'long')
}

export function outcomeLabel(direction: CallDirection, outcome: CallOutcome, t: TFunction): string {
  return t(`outcomes.${direction}.${outcome}`)
}

/** The line under a history entry: "Missed call", "Outgoing call, 3 min, 5 sec". */
export function describeRecord(record: Pick<CallRecord, 'direction' | 'outcome' | 'durationSeconds'>, t: TFunction, language: Language): string {
  const outcome = outcomeLabel(record.direction, record.outcome, t)
  return record.outcome === 'answered' && record.durationSeconds !== undefined
    ? t('recent.withDuration', { outcome, duration: formatDurationWords(record.durationSeconds, language, 'short') })
    : outcome
}

/** What the call screen says once a call is over. */
export function endedMessage(outcome: CallOutcome, peerName: string, t: TFunction): string {
  switch (outcome) {
    case 'answered':
      return t('ended.answered')
    case 'missed':
      return t('ended.missed', { name: peerName })
    case 'declined':
      return t('ended.declined', { name: peerName })
    case 'busy':
      return t('ended.busy', { name: peerName })
    case 'failed':
      return t('ended.failed')
    case 'cancelled':
      return t('ended.cancelled')
  }
}

/** "just now", "5 minutes ago", "3 hours ago", then a date, in the given language. */
export function relativeTime(thenMs: number, nowMs: number, t: TFunction, language: Language): string {
  return formatRelativeTime(thenMs, nowMs, language, t('recent.justNow'))
}

/** Up to two initials for an avatar without a picture. */
export function initialsOf(profile: Pick<Profile, 'name' | 'username'>): string {
  const words = displayName(profile).split(/\s+/).filter(Boolean)
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : words
  return letters
    .map((word) => Array.from(word)[0] ?? '')
    .join('')
    .toUpperCase()
}

/** Network quality 0–5 in words, for the indicator's label. */
export function networkQualityLabel(level: number, t: TFunction): string {
  if (level >= 4) return t('call.networkGood')
  if (level >= 2) return t('call.networkFair')
  if (level >= 1) return t('call.networkPoor')
  return t('call.networkVeryPoor')
}
