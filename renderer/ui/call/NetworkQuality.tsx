import { networkQualityLabel } from '../format'
import { useWords } from '../i18n/LanguageProvider'

const BARS = 5

/** Twilio's 0–5 network quality as bars, with the level in words for screen readers. */
export function NetworkQuality({ level }: { level: number }) {
  const { t } = useWords()
  const label = networkQualityLabel(level, t)
  return (
    <span className="network-quality" role="img" aria-label={label} title={label}>
      {Array.from({ length: BARS }, (_, index) => (
        <span key={index} className={`bar${index < level ? ' lit' : ''}`} style={{ height: `${(index + 1) * 20}%` }} />
      ))}
    </span>
  )
}
