import type { Settings, Theme } from '../../../common/ipc'
import { useWords } from '../i18n/LanguageProvider'

const THEMES: readonly Theme[] = ['system', 'light', 'dark']

/** Light, dark, or following the OS (main applies it to every window). */
export function AppearanceSettings({ settings, update }: { settings: Settings; update: (change: Partial<Settings>) => void }) {
  const { t } = useWords()
  return (
    <fieldset className="choices">
      <legend>{t('theme.legend')}</legend>
      {THEMES.map((value) => (
        <label key={value} className="check">
          <input type="radio" name="theme" value={value} checked={settings.theme === value} onChange={() => update({ theme: value })} />
          {t(`theme.${value}`)}
        </label>
      ))}
    </fieldset>
  )
}
