// Translators for tests of code that takes main's `t`: English, as the app speaks by default,
// and German, to see a second language come through.
import { createI18n, translatorOf } from '../../common/i18n/create'

export const englishT = translatorOf(createI18n('en'))
export const germanT = translatorOf(createI18n('de'))

type SentenceTree = { readonly [key: string]: string | SentenceTree }

/** Every sentence of a locale as "a.b.c" → sentence, for checks that compare languages key by key. */
export function flattenSentences(tree: SentenceTree, prefix = ''): Map<string, string> {
  const leaves = new Map<string, string>()
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key
    if (typeof value === 'string') leaves.set(path, value)
    else for (const [leaf, text] of flattenSentences(value, path)) leaves.set(leaf, text)
  }
  return leaves
}
