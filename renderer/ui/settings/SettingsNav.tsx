import type { MouseEvent } from 'react'
import { useWords } from '../i18n/LanguageProvider'

/** The settings screen's sections, by the id of each one's heading and the key of its name. */
export const SETTINGS_SECTIONS = [
  { id: 'settings-calls', name: 'settings.calls' },
  { id: 'settings-sounds', name: 'settings.sounds' },
  { id: 'settings-devices', name: 'settings.devices' },
  { id: 'settings-app', name: 'settings.app' },
  { id: 'settings-account', name: 'settings.account' },
  { id: 'settings-about', name: 'about.heading' }
] as const

/**
 * Links to each section of the settings screen: a column beside them in a wide window, a row
 * above them in a narrow one. A link scrolls to its section and moves focus to its heading,
 * so the keyboard carries on from there (the page's address is left alone).
 */
export function SettingsNav({ sections }: { sections: ReadonlyArray<(typeof SETTINGS_SECTIONS)[number]> }) {
  const { t } = useWords()
  const go = (event: MouseEvent<HTMLAnchorElement>, id: string) => {
    const heading = document.getElementById(id)
    if (!heading) return
    event.preventDefault()
    heading.scrollIntoView({ block: 'start' })
    heading.focus({ preventScroll: true })
  }
  return (
    <nav className="settings-nav" aria-label={t('settings.sectionsNav')}>
      <ul>
        {sections.map((section) => (
          <li key={section.id}>
            <a href={`#${section.id}`} onClick={(event) => go(event, section.id)}>
              {t(section.name)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  )
}
