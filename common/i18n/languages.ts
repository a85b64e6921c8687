// Which languages the app speaks and which one a person gets. Plain data and functions, no
// zod and no i18next: main's settings contract, the renderer's first load and the tests all
// read this file.

/** The languages with a complete resource in ./locales, English first (the fallback). */
export const LANGUAGES = ['en', 'de'] as const
export type Language = (typeof LANGUAGES)[number]

/** What the Language setting may hold: follow the OS, or one language for good. */
export const LANGUAGE_SETTINGS = ['system', ...LANGUAGES] as const
export type LanguageSetting = (typeof LANGUAGE_SETTINGS)[number]

export const FALLBACK_LANGUAGE: Language = 'en'

/**
 * Each language's name in itself ("Deutsch", not "German"): the person looking for their
 * language in the list may not read the current one.
 */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', de: 'Deutsch' }

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value)
}

/**
 * The supported language for a BCP 47 tag, matched on its primary subtag ("de-AT" and
 * "de-CH" → de), or undefined. Tags come from the OS and the browser, so anything goes.
 */
export function supportedLanguageOf(tag: string): Language | undefined {
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0]
  return isLanguage(primary) ? primary : undefined
}

/** The first of the OS's (or browser's) preferred languages the app speaks, else English. */
export function systemLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const language = supportedLanguageOf(tag)
    if (language) return language
  }
  return FALLBACK_LANGUAGE
}

/** The language to show: the setting when it names one, else the system's. */
export function resolveLanguage(setting: LanguageSetting, preferred: readonly string[]): Language {
  return setting === 'system' ? systemLanguage(preferred) : setting
}
