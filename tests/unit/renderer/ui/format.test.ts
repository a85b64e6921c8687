import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { displayName } from '../../../../common/display-name'
import {
  describeRecord,
  endedMessage,
  formatDuration,
  initialsOf,
  networkQualityLabel,
  outcomeLabel,
  relativeTime,
  spokenDuration
} from '../../../../renderer/ui/format'
import { CALL_OUTCOMES } from '../../../../common/calls'
import { englishT, germanT } from '../../../support/i18n'

describe('formatDuration', () => {
  it('shows minutes and seconds, and hours only when there are some', () => {
    expect(formatDuration(0)).toBe('0:00')
    expect(formatDuration(7)).toBe('0:07')
    expect(formatDuration(754)).toBe('12:34')
    expect(formatDuration(3723)).toBe('1:02:03')
  })

  it('never shows a negative or fractional time', () => {
    expect(formatDuration(-5)).toBe('0:00')
    expect(formatDuration(59.9)).toBe('0:59')
  })

  it('reads back to the same number of seconds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 * 3600 }), (seconds) => {
        const parts = formatDuration(seconds).split(':').map(Number)
        const total = parts.reduce((sum, part) => sum * 60 + part, 0)
        expect(total).toBe(seconds)
      })
    )
  })
})

describe('spokenDuration', () => {
  it('spells units and plurals for screen readers', () => {
    expect(spokenDuration(0, 'en')).toBe('0 seconds')
    expect(spokenDuration(1, 'en')).toBe('1 second')
    expect(spokenDuration(65, 'en')).toBe('1 minute, 5 seconds')
    expect(spokenDuration(7200, 'en')).toBe('2 hours')
    expect(spokenDuration(3661, 'en')).toBe('1 hour, 1 minute, 1 second')
  })

  it("speaks the user's language", () => {
    expect(spokenDuration(1, 'de')).toBe('1 Sekunde')
    expect(spokenDuration(3665, 'de')).toBe('1 Stunde, 1 Minute und 5 Sekunden')
  })
})

describe('call outcomes in words', () => {
  it('has a distinct label for every outcome in each direction', () => {
    for (const direction of ['incoming', 'outgoing'] as const) {
      for (const t of [englishT, germanT]) {
        const labels = CALL_OUTCOMES.map((outcome) => outcomeLabel(direction, outcome, t))
        expect(new Set(labels).size).toBe(CALL_OUTCOMES.length)
      }
    }
    expect(outcomeLabel('incoming', 'missed', englishT)).toBe('Missed call')
    expect(outcomeLabel('outgoing', 'missed', englishT)).toBe('No answer')
    expect(outcomeLabel('incoming', 'missed', germanT)).toBe('Verpasster Anruf')
  })

  it('adds the talk time only to answered calls, in short units', () => {
    expect(describeRecord({ direction: 'outgoing', outcome: 'answered', durationSeconds: 65 }, englishT, 'en')).toBe('Outgoing call, 1 min, 5 sec')
    expect(describeRecord({ direction: 'outgoing', outcome: 'answered', durationSeconds: 3725 }, germanT, 'de')).toBe('Ausgehender Anruf, 1 Std., 2 Min. und 5 Sek.')
    expect(describeRecord({ direction: 'incoming', outcome: 'missed', durationSeconds: 65 }, englishT, 'en')).toBe('Missed call')
  })

  it('names the callee when a call ends unanswered', () => {
    expect(endedMessage('declined', 'Bob', englishT)).toBe('Bob declined the call')
    expect(endedMessage('busy', 'Bob', englishT)).toBe('Bob is in another call')
    expect(endedMessage('missed', 'Bob', germanT)).toBe('Bob hat nicht abgenommen')
    for (const t of [englishT, germanT]) for (const outcome of CALL_OUTCOMES) expect(endedMessage(outcome, 'Bob', t).length).toBeGreaterThan(0)
  })
})

describe('relativeTime', () => {
  const now = Date.UTC(2026, 10, 24, 12, 0, 0)
  it('goes from seconds to minutes, hours and then a date', () => {
    expect(relativeTime(now - 10_000, now, englishT, 'en')).toBe('just now')
    expect(relativeTime(now - 60_000, now, englishT, 'en')).toBe('1 minute ago')
    expect(relativeTime(now - 5 * 60_000, now, englishT, 'en')).toBe('5 minutes ago')
    expect(relativeTime(now - 3 * 3_600_000, now, englishT, 'en')).toBe('3 hours ago')
    expect(relativeTime(now - 3 * 86_400_000, now, englishT, 'en')).toBe('Nov 21, 2026')
  })

  it('says yesterday for the calendar day before, and the date from the day before that', () => {
    const at = (day: number, hour: number, minute = 0) => new Date(2026, 10, day, hour, minute).getTime()
    const noon = at(24, 12)
    expect(relativeTime(at(23, 9), noon, englishT, 'en')).toBe('yesterday')
    expect(relativeTime(at(23, 0, 5), noon, germanT, 'de')).toBe('gestern')
    // Under a day is still counted in hours, even across midnight.
    expect(relativeTime(at(23, 23), at(24, 1), englishT, 'en')).toBe('2 hours ago')
    expect(relativeTime(at(22, 23, 59), noon, englishT, 'en')).toBe('Nov 22, 2026')
    expect(relativeTime(at(22, 23, 59), noon, germanT, 'de')).toBe('22. Nov. 2026')
  })

  it('says it in German with German grammar', () => {
    expect(relativeTime(now - 10_000, now, germanT, 'de')).toBe('gerade eben')
    expect(relativeTime(now - 60_000, now, germanT, 'de')).toBe('vor 1 Minute')
    expect(relativeTime(now - 5 * 60_000, now, germanT, 'de')).toBe('vor 5 Minuten')
    expect(relativeTime(now - 3 * 3_600_000, now, germanT, 'de')).toBe('vor 3 Stunden')
    expect(relativeTime(now - 3 * 86_400_000, now, germanT, 'de')).toBe('21. Nov. 2026')
  })
})

describe('names and initials', () => {
  it('falls back to the username when the display name is blank', () => {
    expect(displayName({ name: '  ', username: 'ada' })).toBe('ada')
    expect(displayName({ name: 'Ada Lovelace', username: 'ada' })).toBe('Ada Lovelace')
  })

  it('takes the first and last initials, whole characters only', () => {
    expect(initialsOf({ name: 'Ada King Lovelace', username: 'ada' })).toBe('AL')
    expect(initialsOf({ name: 'émile', username: 'e' })).toBe('É')
    expect(initialsOf({ name: '😀 Smile', username: 's' })).toBe('😀S')
  })
})

describe('networkQualityLabel', () => {
  it('maps 0–5 onto four words, better never sounding worse', () => {
    const rank = ['Network quality: very poor', 'Network quality: poor', 'Network quality: fair', 'Network quality: good']
    let previous = -1
    for (let level = 0; level <= 5; level++) {
      const current = rank.indexOf(networkQualityLabel(level, englishT))
      expect(current).toBeGreaterThanOrEqual(previous)
      previous = current
    }
    expect(networkQualityLabel(5, englishT)).toBe('Network quality: good')
    expect(networkQualityLabel(0, englishT)).toBe('Network quality: very poor')
    expect(networkQualityLabel(0, germanT)).toBe('Netzwerkqualität: sehr schlecht')
  })
})
