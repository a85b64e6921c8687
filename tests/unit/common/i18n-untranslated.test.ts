// A translation that is the English sentence again is almost always one nobody translated.
// Every German string equal to its English source must be on this short list, each with
// the reason it reads the same in German; strings that are only placeholders and punctuation
// have nothing to translate and need no entry.
import { describe, expect, it } from 'vitest'
import { flattenSentences } from '../../support/i18n'
import { de } from '../../../common/i18n/locales/de'
import { en } from '../../../common/i18n/locales/en'

/** Key → why German says it exactly as English does. */
const SAME_IN_GERMAN: Readonly<Record<string, string>> = {
  'app.title': 'the product name',
  'servers.production': 'the product name',
  'servers.addressExample': 'an example address',
  'servers.legend': '"Server" is the German word too',
  'deviceCheck.server': '"Server" is the German word too',
  'call.qualityCodecs': '"Codecs" is the German word too',
  'people.online': '"Online" is the German word too',
  'people.offline': '"Offline" is the German word too',
  'tray.online': '"Online" is the German word too',
  'tray.status': 'the product name and a placeholder',
  'settings.app': '"App" is the German word too',
  'recent.video': '"Video" is the German word too (a video call in the history)'
}


/** Nothing but {{placeholders}}, spaces and punctuation: no word to translate. */
function hasWords(text: string): boolean {
  return /\p{L}/u.test(text.replace(/\{\{[^}]*\}\}/g, ''))
}

const english = flattenSentences(en)
const german = flattenSentences(de)

describe('German sentences', () => {
  it('are translated: every one equal to its English source is on the allow-list', () => {
    const copied = [...german].filter(([key, text]) => english.get(key) === text && hasWords(text) && !(key in SAME_IN_GERMAN))
    expect(copied.map(([key, text]) => `${key}: ${text}`)).toEqual([])
  })

  it('keep the allow-list honest: each entry is still a string German shares with English', () => {
    for (const key of Object.keys(SAME_IN_GERMAN)) {
      expect(german.get(key), key).toBeDefined()
      expect(german.get(key), key).toBe(english.get(key))
    }
  })
})
