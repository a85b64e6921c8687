// One i18next instance with every language loaded, ready on return (no backend, nothing
// to wait for). Main makes one per composition (tests run several in one process); the
// renderer one per window (renderer/i18n.ts).
import { createInstance, type i18n as I18n, type TFunction } from 'i18next'
import { FALLBACK_LANGUAGE, LANGUAGES, type Language } from './languages'
import { RESOURCES } from './resources'

export type { I18n }

export function createI18n(language: Language = FALLBACK_LANGUAGE): I18n {
  const instance = createInstance()
  void instance.init({
    lng: language,
    fallbackLng: FALLBACK_LANGUAGE,
    supportedLngs: [...LANGUAGES],
    resources: Object.fromEntries(LANGUAGES.map((code) => [code, { translation: RESOURCES[code] }])),
    // Resources are in memory: init and changeLanguage finish before they return.
    initAsync: false,
    // React escapes what it renders, and menus, dialogs and notifications are not HTML.
    interpolation: { escapeValue: false },
    returnNull: false
  })
  return instance
}

/** The instance's `t`, bound (i18next's is a method): safe to hand to code that only translates. */
export function translatorOf(instance: I18n): TFunction {
  return instance.t.bind(instance)
}
