// Durations and times in the active language, from Intl alone: no unit words live in the
// translation files, so every language the runtime knows gets its own plurals and lists.
import type { Language } from './languages'

export type DurationStyle = 'long' | 'short'

interface DurationFormatLike {
  format(duration: { hours: number; minutes: number; seconds: number }): string
}
type DurationFormatConstructor = new (locale: string, options: Record<string, string>) => DurationFormatLike

/** Intl.DurationFormat where the runtime has it (Chromium ≥ 129; not Node 22), else undefined. */
function durationFormatConstructor(): DurationFormatConstructor | undefined {
  const candidate = (Intl as unknown as { DurationFormat?: DurationFormatConstructor }).DurationFormat
  return typeof candidate === 'function' ? candidate : undefined
}

/** Whole hours, minutes and seconds of a length in seconds (negative counts as 0). */
export function splitSeconds(totalSeconds: number): { hours: number; minutes: number; seconds: number } {
  const whole = Math.max(0, Math.floor(totalSeconds))
  return { hours: Math.floor(whole / 3600), minutes: Math.floor((whole % 3600) / 60), seconds: whole % 60 }
}

/**
 * A length in words: "1 minute, 5 seconds" / "1 Minute, 5 Sekunden" (long, also what a
 * screen reader says), "1 min, 5 sec" / "1 Min., 5 Sek." (short). Zero units are left out,
 * except seconds when there is nothing else. `useDurationFormat` false forces the fallback
 * (Intl.NumberFormat units joined by Intl.ListFormat), which writes the same words.
 */
export function formatDurationWords(totalSeconds: number, language: Language, style: DurationStyle = 'long', useDurationFormat = true): string {
  const parts = splitSeconds(totalSeconds)
  const DurationFormat = useDurationFormat ? durationFormatConstructor() : undefined
  if (DurationFormat) {
    const onlySeconds = parts.hours === 0 && parts.minutes === 0
    return new DurationFormat(language, { style, secondsDisplay: onlySeconds ? 'always' : 'auto' }).format(parts)
  }
  const unit = (value: number, name: 'hour' | 'minute' | 'second') =>
    new Intl.NumberFormat(language, { style: 'unit', unit: name, unitDisplay: style }).format(value)
  const words: string[] = []
  if (parts.hours) words.push(unit(parts.hours, 'hour'))
  if (parts.minutes) words.push(unit(parts.minutes, 'minute'))
  if (parts.seconds || words.length === 0) words.push(unit(parts.seconds, 'second'))
  return new Intl.ListFormat(language, { type: 'unit', style }).format(words)
}

/** A call's length to the minute, never "0": "3 min" / "3 Min." (the tray's recent calls). */
export function formatMinutes(totalSeconds: number, language: Language): string {
  const minutes = Math.max(1, Math.round(totalSeconds / 60))
  return new Intl.NumberFormat(language, { style: 'unit', unit: 'minute', unitDisplay: 'short' }).format(minutes)
}

/**
 * How long ago, for the history: `justNow` under a minute (a word Intl has no phrase for),
 * "5 minutes ago" / "vor 5 Minuten" and "3 hours ago" within a day, "yesterday" / "gestern"
 * for the calendar day before (in this computer's time zone, as the dates are), then the date.
 */
export function formatRelativeTime(thenMs: number, nowMs: number, language: Language, justNow: string): string {
  const seconds = Math.round((nowMs - thenMs) / 1000)
  if (seconds < 60) return justNow
  const relative = new Intl.RelativeTimeFormat(language, { numeric: 'always', style: 'long' })
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return relative.format(-minutes, 'minute')
  const hours = Math.floor(minutes / 60)
  if (hours < 24) return relative.format(-hours, 'hour')
  if (calendarDaysBetween(thenMs, nowMs) === 1) return new Intl.RelativeTimeFormat(language, { numeric: 'auto' }).format(-1, 'day')
  return new Intl.DateTimeFormat(language, { day: 'numeric', month: 'short', year: 'numeric' }).format(thenMs)
}

/** Local midnights from `thenMs`'s day to `nowMs`'s (a day of 23 or 25 hours counts as one). */
function calendarDaysBetween(thenMs: number, nowMs: number): number {
  const midnight = (ms: number) => {
    const day = new Date(ms)
    return Date.UTC(day.getFullYear(), day.getMonth(), day.getDate())
  }
  return Math.round((midnight(nowMs) - midnight(thenMs)) / 86_400_000)
}

/** A clock time ("3:05 PM" / "15:05"). */
export function formatTime(atMs: number, language: Language): string {
  return new Intl.DateTimeFormat(language, { hour: 'numeric', minute: '2-digit' }).format(atMs)
}

/** A whole percentage ("40%" / "40 %"). */
export function formatPercent(percent: number, language: Language): string {
  return new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 0 }).format(percent / 100)
}
