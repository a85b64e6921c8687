// The window's one i18next instance, shared by the screens (renderer/ui, through
// react-i18next) and the call code (renderer/calling, which words its end-of-call and error
// messages with `t`). It starts in English; renderer/ui/i18n/LanguageProvider switches it to
// the language main says before the first screen renders, and whenever that changes.
import { createI18n, translatorOf } from '../common/i18n/create'
import { FALLBACK_LANGUAGE, isLanguage, type Language } from '../common/i18n/languages'

export const i18n = createI18n(FALLBACK_LANGUAGE)

/** Translates in the window's current language. */
export const t = translatorOf(i18n)

/** The window's current language, for Intl (dates, numbers, durations). */
export function currentLanguage(): Language {
  return isLanguage(i18n.language) ? i18n.language : FALLBACK_LANGUAGE
}
