import { useLayoutEffect, useState, type ReactNode } from 'react'
import { I18nextProvider, useTranslation } from 'react-i18next'
import { systemLanguage, type Language } from '../../../common/i18n/languages'
import { currentLanguage, i18n } from '../../i18n'
import { useMainState } from '../hooks/useMainState'

type TitleKey = 'app.title' | 'app.ringWindowTitle'

/**
 * Speaks the language main resolved (the Language setting, or the OS's) and follows its
 * changes live. Nothing renders until the language is known, so no screen flashes in
 * English first. Where main cannot say (an older main, a test bridge), the browser's own
 * languages decide. Also keeps <html lang> and the window title in that language.
 */
export function LanguageProvider({ titleKey, children }: { titleKey: TitleKey; children: ReactNode }) {
  const [view, , read] = useMainState('app:language', 'app:languageChanged')
  const wanted: Language | null = view?.language ?? (read.error !== null ? systemLanguage(navigator.languages) : null)
  const [shown, setShown] = useState<Language | null>(null)
  useLayoutEffect(() => {
    if (wanted === null) return
    // Resources are bundled: the switch is done when this returns, and every
    // useTranslation below re-renders from i18next's languageChanged event.
    if (i18n.language !== wanted) void i18n.changeLanguage(wanted)
    document.documentElement.lang = wanted
    document.title = i18n.t(titleKey)
    setShown(wanted)
  }, [wanted, titleKey])
  if (shown === null) return null
  return <I18nextProvider i18n={i18n}>{children}</I18nextProvider>
}

/** `t` and the language it speaks (for Intl), in a component below LanguageProvider. */
export function useWords() {
  const { t } = useTranslation()
  return { t, language: currentLanguage() }
}
