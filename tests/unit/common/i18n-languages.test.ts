import { describe, expect, it } from 'vitest'
import { resolveLanguage, supportedLanguageOf, systemLanguage } from '../../../common/i18n/languages'
import { createI18n } from '../../../common/i18n/create'

describe('which language a person gets', () => {
  it('matches an OS locale on its language, whatever the region or separator', () => {
    expect(systemLanguage(['de-AT'])).toBe('de')
    expect(systemLanguage(['de_CH'])).toBe('de')
    expect(systemLanguage(['DE'])).toBe('de')
    expect(systemLanguage(['en-GB'])).toBe('en')
    expect(supportedLanguageOf('deu')).toBeUndefined()
  })

  it('falls back to English for a language the app does not have', () => {
    expect(systemLanguage(['fr'])).toBe('en')
    expect(systemLanguage(['fr-FR', 'es'])).toBe('en')
    expect(systemLanguage([])).toBe('en')
  })

  it('takes the first preferred language the app speaks', () => {
    expect(systemLanguage(['fr-FR', 'de-DE', 'en-US'])).toBe('de')
    expect(systemLanguage(['fr-FR', 'en-US', 'de-DE'])).toBe('en')
  })

  it('lets the setting override the OS, and follows the OS on "system"', () => {
    expect(resolveLanguage('en', ['de-AT'])).toBe('en')
    expect(resolveLanguage('de', ['fr'])).toBe('de')
    expect(resolveLanguage('system', ['de-AT'])).toBe('de')
    expect(resolveLanguage('system', ['fr'])).toBe('en')
  })
})

describe('the i18next instance', () => {
  it('is ready on return, in the language asked for, and switches at once', () => {
    const i18n = createI18n('de')
    expect(i18n.t('call.hangUp')).toBe('Auflegen')
    void i18n.changeLanguage('en')
    expect(i18n.t('call.hangUp')).toBe('Hang up')
  })

  it('picks plural forms through Intl.PluralRules with count', () => {
    const de = createI18n('de')
    expect(de.t('recent.missed', { count: 1 })).toBe('1 verpasster Anruf')
    expect(de.t('recent.missed', { count: 0 })).toBe('0 verpasste Anrufe')
    expect(de.t('people.found', { count: 12 })).toBe('12 Personen')
    const en = createI18n('en')
    expect(en.t('recent.missed', { count: 1 })).toBe('1 missed call')
    expect(en.t('recent.missed', { count: 2 })).toBe('2 missed calls')
    expect(en.t('people.foundSoFar', { count: 1 })).toBe('1 person so far')
  })

  it('fills variables without HTML-escaping them (React and the OS escape what they show)', () => {
    expect(createI18n('en').t('app.confirmCallTitle', { name: 'Tom & Jerry <3' })).toBe('Call Tom & Jerry <3?')
  })
})
