// Words and numbers the screens show, kept pure so they are tested without a browser.
import type { Profile } from '../../common/api'
import type { CallDirection, CallOutcome, CallRecord } from '../../common/calls'
import { displayName } from '../../common/display-name'

/** 0:07, 12:34, 1:02:03 */
export function formatDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds))
  const hours = Math.floor(seconds / 3600)
  const minutes = Math.floor((seconds % 3600) / 60)
  const rest = String(seconds % 60).padStart(2, '0')
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`
}

/** A duration in words, in the user's language: "1 minute 5 seconds" (also what a screen reader says). */
export function spokenDuration(totalSeconds: number, locale?: string): string {
  const seconds = Math.max(0, Math.floor(totalSeconds))
  const parts: string[] = []
  const unit = (value: number, name: 'hour' | 'minute' | 'second') =>
    new Intl.NumberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'long' }).format(value)
  const hours = Math.floor(seconds / 3600)
  const minutes = Math.floor((seconds % 3600) / 60)
  const rest = seconds % 60
  if (hours) parts.push(unit(hours, 'hour'))
  if (minutes) parts.push(unit(minutes, 'minute'))
  if (rest || parts.length === 0) parts.push(unit(rest, 'second'))
  return new Intl.ListFormat(locale, { type: 'unit', style: 'narrow' }).format(parts)
}

const OUTCOME_LABELS: Record<CallDirection, Record<CallOutcome, string>> = {
  outgoing: {
    answered: 'Outgoing call',
    missed: 'No answer',
    declined: 'Declined',
    busy: 'Busy',
    failed: 'Call failed',
    cancelled: 'Cancelled'
  },
  incoming: {
    answered: 'Incoming call',
    missed: 'Missed call',
    declined: 'You declined',
    busy: 'Missed while busy',
    failed: 'Call failed',
    cancelled: 'Caller hung up'
  }
}

export function outcomeLabel(direction: CallDirection, outcome: CallOutcome): string {
  return OUTCOME_LABELS[direction][outcome]
}

/** The line under a history entry: "Missed call · 2 min ago", "Outgoing call · 3:05". */
export function describeRecord(record: Pick<CallRecord, 'direction' | 'outcome' | 'durationSeconds'>): string {
  const label = outcomeLabel(record.direction, record.outcome)
  return record.outcome === 'answered' && record.durationSeconds !== undefined
    ? `${label}, ${spokenDuration(record.durationSeconds)}`
    : label
}

/** What the call screen says once a call is over. */
export function endedMessage(outcome: CallOutcome, peerName: string): string {
  switch (outcome) {
    case 'answered':
      return 'Call ended'
    case 'missed':
      return `${peerName} didn't answer`
    case 'declined':
      return `${peerName} declined the call`
    case 'busy':
      return `${peerName} is in another call`
    case 'failed':
      return 'The call could not be connected'
    case 'cancelled':
      return 'Call cancelled'
  }
}

/** "just now", "5 min ago", "3 h ago", then a date. */
export function relativeTime(thenMs: number, nowMs: number, locale?: string): string {
  const seconds = Math.round((nowMs - thenMs) / 1000)
  if (seconds < 60) return 'just now'
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return `${minutes} min ago`
  const hours = Math.floor(minutes / 60)
  if (hours < 24) return `${hours} h ago`
  return new Date(thenMs).toLocaleDateString(locale, { day: 'numeric', month: 'short', year: 'numeric' })
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
export function networkQualityLabel(level: number): string {
  if (level >= 4) return 'Network quality: good'
  if (level >= 2) return 'Network quality: fair'
  if (level >= 1) return 'Network quality: poor'
  return 'Network quality: very poor'
}
