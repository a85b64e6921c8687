// Every language file against the English source: the same keys, the same {{variables}} and
// <tags> in each sentence, and every plural form the language's grammar asks Intl for. A
// sentence forgotten in a translation, or translated without its placeholder, fails here.
import { describe, expect, it } from 'vitest'
import { flattenSentences } from '../../support/i18n'
import { LANGUAGES, type Language } from '../../../common/i18n/languages'
import { RESOURCES } from '../../../common/i18n/resources'
import { en } from '../../../common/i18n/locales/en'


const variables = (text: string) => [...text.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)].map((match) => match[1]).sort()
const tags = (text: string) => [...text.matchAll(/<\/?([a-z]+)\s*\/?>/gi)].map((match) => match[0].replace(/\s+/g, '')).sort()
const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/

const english = flattenSentences(en)
const translations = LANGUAGES.filter((language) => language !== 'en')

describe('the English source', () => {
  it('has no empty sentence', () => {
    for (const [key, text] of english) expect(text.trim(), key).not.toBe('')
  })
})

describe.each(translations)('the %s resource', (language: Language) => {
  const translated = flattenSentences(RESOURCES[language])
  const singular = (keys: Iterable<string>) => new Set([...keys].filter((key) => !PLURAL_SUFFIX.test(key)))
  const pluralBases = (keys: Iterable<string>) => new Set([...keys].filter((key) => PLURAL_SUFFIX.test(key)).map((key) => key.replace(PLURAL_SUFFIX, '')))

  it('has exactly the keys English has (plural forms aside)', () => {
    expect([...singular(translated.keys())].sort()).toEqual([...singular(english.keys())].sort())
    expect([...pluralBases(translated.keys())].sort()).toEqual([...pluralBases(english.keys())].sort())
  })

  it('has every plural form its grammar needs, and no other', () => {
    const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories
    for (const base of pluralBases(english.keys())) {
      const forms = [...translated.keys()].filter((key) => key.replace(PLURAL_SUFFIX, '') === base).map((key) => PLURAL_SUFFIX.exec(key)?.[1])
      expect(forms.sort(), base).toEqual([...categories].sort())
    }
  })

  it('keeps the variables and tags of each English sentence, and says something', () => {
    for (const [key, text] of translated) {
      const source = english.get(key) ?? english.get(key.replace(PLURAL_SUFFIX, '_other'))
      expect(source, key).toBeDefined()
      expect(variables(text), key).toEqual(variables(source ?? ''))
      expect(tags(text), key).toEqual(tags(source ?? ''))
      expect(text.trim(), key).not.toBe('')
    }
  })
})
