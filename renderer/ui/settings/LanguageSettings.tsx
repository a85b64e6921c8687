import { useId } from 'react'
import { LANGUAGE_NAMES, LANGUAGES, LANGUAGE_SETTINGS, systemLanguage, type LanguageSetting } from '../../../common/i18n/languages'
import type { Settings } from '../../../common/ipc'
import { useMainState } from '../hooks/useMainState'
import { useWords } from '../i18n/LanguageProvider'

/**
 * The app's language: the system's (named, so the choice is clear) or one of the languages
 * the app has, each in its own name. Main stores it and every window follows at once.
 */
export function LanguageSettings({ settings, update }: { settings: Settings; update: (change: Partial<Settings>) => void }) {
  const { t } = useWords()
  const id = useId()
  const [view, , read] = useMainState('app:language', 'app:languageChanged')
  const system = view?.system ?? (read.error !== null ? systemLanguage(navigator.languages) : null)
  return (
    <div className="field language-field">
      <label htmlFor={id}>{t('settings.language')}</label>
      <select
        id={id}
        value={settings.language}
        onChange={(event) => {
          const choice = LANGUAGE_SETTINGS.find((setting) => setting === event.target.value)
          if (choice) update({ language: choice satisfies LanguageSetting })
        }}
      >
        <option value="system">{t('settings.languageSystem', { language: system ? LANGUAGE_NAMES[system] : '…' })}</option>
        {LANGUAGES.map((language) => (
          <option key={language} value={language} lang={language}>
            {LANGUAGE_NAMES[language]}
          </option>
        ))}
      </select>
    </div>
  )
}
