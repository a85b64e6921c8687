import { networkQualityLabel } from '../format'
import { useWords } from '../i18n/LanguageProvider'

const BARS = 5

/** Where the bars turn a warning colour: amber at 2 of 5, red at 1 (and at 0, no bars lit). */
export function qualityTone(level: number): 'ok' | 'weak' | 'bad' {
  return level <= 1 ? 'bad' : level === 2 ? 'weak' : 'ok'
}

/** Twilio's 0–5 network quality as bars, with the level in words for screen readers. */
export function NetworkQuality({ level }: { level: number }) {
  const { t } = useWords()
  const label = networkQualityLabel(level, t)
  return (
    <span className={`network-quality ${qualityTone(level)}`} role="img" aria-label={label} title={label}>
      {Array.from({ length: BARS }, (_, index) => (
        <span key={index} className={`bar${index < level ? ' lit' : ''}`} style={{ height: `${(index + 1) * 20}%` }} />
      ))}
    </span>
  )
}
