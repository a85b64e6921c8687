import { afterEach, describe, expect, it, vi } from 'vitest'
import { formatDurationWords, formatMinutes, formatPercent, formatTime } from '../../../common/i18n/durations'

const fallback = (seconds: number, language: 'en' | 'de', style: 'long' | 'short' = 'long') => formatDurationWords(seconds, language, style, false)

describe('durations in words, from Intl', () => {
  it('English: units, plurals and the list', () => {
    expect(fallback(0, 'en')).toBe('0 seconds')
    expect(fallback(1, 'en')).toBe('1 second')
    expect(fallback(125, 'en')).toBe('2 minutes, 5 seconds')
    expect(fallback(3780, 'en')).toBe('1 hour, 3 minutes')
    expect(fallback(125, 'en', 'short')).toBe('2 min, 5 sec')
  })

  it('German: its own units, plurals and "und"', () => {
    expect(fallback(1, 'de')).toBe('1 Sekunde')
    expect(fallback(125, 'de')).toBe('2 Minuten, 5 Sekunden')
    expect(fallback(3725, 'de')).toBe('1 Stunde, 2 Minuten und 5 Sekunden')
    expect(fallback(7200, 'de')).toBe('2 Stunden')
    expect(fallback(125, 'de', 'short')).toBe('2 Min., 5 Sek.')
  })

  it('never says a negative or fractional length', () => {
    expect(fallback(-5, 'en')).toBe('0 seconds')
    expect(fallback(59.9, 'en')).toBe('59 seconds')
  })

  describe('with Intl.DurationFormat (Chromium has it, Node 22 does not)', () => {
    afterEach(() => vi.unstubAllGlobals())

    it('hands it the parts and the style, and shows seconds when there is nothing else', () => {
      const made: Array<{ locale: string; options: Record<string, string>; parts?: unknown }> = []
      class FakeDurationFormat {
        constructor(
          readonly locale: string,
          readonly options: Record<string, string>
        ) {}
        format(parts: unknown) {
          made.push({ locale: this.locale, options: this.options, parts })
          return 'formatted'
        }
      }
      vi.stubGlobal('Intl', { ...Intl, DurationFormat: FakeDurationFormat })
      expect(formatDurationWords(3725, 'de', 'short')).toBe('formatted')
      expect(formatDurationWords(0, 'en')).toBe('formatted')
      expect(made).toEqual([
        { locale: 'de', options: { style: 'short', secondsDisplay: 'auto' }, parts: { hours: 1, minutes: 2, seconds: 5 } },
        { locale: 'en', options: { style: 'long', secondsDisplay: 'always' }, parts: { hours: 0, minutes: 0, seconds: 0 } }
      ])
    })
  })
})

describe('other numbers and times', () => {
  it('minutes for the tray, never zero', () => {
    expect(formatMinutes(20, 'en')).toBe('1 min')
    expect(formatMinutes(185, 'en')).toBe('3 min')
    expect(formatMinutes(185, 'de')).toBe('3 Min.')
  })

  it('percent and clock time the way each language writes them', () => {
    expect(formatPercent(40, 'en')).toBe('40%')
    expect(formatPercent(40, 'de')).toBe('40\u00a0%')
    const at = new Date(2026, 0, 5, 15, 5).getTime()
    expect(formatTime(at, 'de')).toBe('15:05')
    expect(formatTime(at, 'en')).toMatch(/^3:05\s?PM$/)
  })
})
