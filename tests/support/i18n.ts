// Translators for tests of code that takes main's `t`: English, as the app speaks by default,
// and German, to see a second language come through.
import { createI18n, translatorOf } from '../../common/i18n/create'

export const englishT = translatorOf(createI18n('en'))
export const germanT = translatorOf(createI18n('de'))
