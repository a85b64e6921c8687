import { useWords } from '../i18n/LanguageProvider'
import { CallIcon } from './CallIcons'

// The small badges on a tile's label (and the small call window's top bar): one look for
// "Muted" and "Speaking" wherever a person is shown.

export function MutedBadge() {
  const { t } = useWords()
  return (
    <span className="tile-badge muted-badge">
      <CallIcon name="mic-off" />
      {t('call.muted')}
    </span>
  )
}

export function SpeakingBadge() {
  const { t } = useWords()
  return (
    <span className="tile-badge speaking-badge">
      <CallIcon name="speaking" />
      {t('call.speaking')}
    </span>
  )
}
