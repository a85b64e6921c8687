// "Alice is calling you with Bob": the others of a group call named in both languages.
import { describe, expect, it } from 'vitest'
import { callingYouWith, othersInCall } from '../../../common/call-participants'
import { createI18n, translatorOf } from '../../../common/i18n/create'

const person = (name: string) => ({ name, username: name.toLowerCase() })
const alice = person('Alice')
const [bob, carol, dave, erin] = ['Bob', 'Carol', 'Dave', 'Erin'].map(person) as [ReturnType<typeof person>, ReturnType<typeof person>, ReturnType<typeof person>, ReturnType<typeof person>]

describe('callingYouWith', () => {
  const en = translatorOf(createI18n('en'))
  const de = translatorOf(createI18n('de'))

  it('says nothing for a 1:1 ring, so the usual line shows', () => {
    expect(callingYouWith(en, alice, undefined)).toBeUndefined()
    expect(callingYouWith(en, alice, [])).toBeUndefined()
  })

  it('names one or two others, and the first and a count beyond', () => {
    expect(callingYouWith(en, alice, [bob])).toBe('Alice is calling you with Bob')
    expect(callingYouWith(en, alice, [bob, carol])).toBe('Alice is calling you with Bob and Carol')
    expect(callingYouWith(en, alice, [bob, carol, dave])).toBe('Alice is calling you with Bob and 2 others')
    expect(callingYouWith(en, alice, [bob, carol, dave, erin])).toBe('Alice is calling you with Bob and 3 others')
  })

  it('says it in German', () => {
    expect(callingYouWith(de, alice, [bob])).toBe('Alice ruft dich zusammen mit Bob an')
    expect(callingYouWith(de, alice, [bob, carol])).toBe('Alice ruft dich zusammen mit Bob und Carol an')
    expect(callingYouWith(de, alice, [bob, carol, dave])).toBe('Alice ruft dich zusammen mit Bob und 2 weiteren Personen an')
  })

  it('shows names made safe, and the username for a blank name', () => {
    expect(othersInCall(en, [{ name: 'Bob\u202e evil', username: 'bob' }, { name: '  ', username: 'carol' }])).toBe('Bob evil and carol')
  })
})
