import { describe, expect, it } from 'vitest'
import type { CallParticipant } from '../../../../renderer/calling/controller-types'
import { featuredParticipant, isGroupCall } from '../../../../renderer/ui/call/speakerPolicy'

const on = { audioMuted: false, videoOff: false, reconnecting: false }
const person = (identity: string, speaking = false): CallParticipant => ({ identity, remote: on, speaking })

describe('featuredParticipant', () => {
  it('is the one speaking now', () => {
    expect(featuredParticipant([person('a'), person('b', true), person('c')])?.identity).toBe('b')
  })

  it('stays on whoever spoke last while nobody speaks, and falls back to the first to join', () => {
    const quiet = [person('a'), person('b'), person('c')]
    expect(featuredParticipant(quiet, { lastSpeaker: 'c' })?.identity).toBe('c')
    expect(featuredParticipant(quiet)?.identity).toBe('a')
    // The last speaker left: nobody to stay on.
    expect(featuredParticipant(quiet, { lastSpeaker: 'gone' })?.identity).toBe('a')
  })

  it('keeps the person the user picked over the speaker, until they leave', () => {
    const talking = [person('a'), person('b', true), person('c')]
    expect(featuredParticipant(talking, { pinned: 'c' })?.identity).toBe('c')
    expect(featuredParticipant(talking, { pinned: 'gone' })?.identity).toBe('b')
  })

  it('is nobody in a call with nobody else', () => {
    expect(featuredParticipant([])).toBeNull()
  })
})

describe('isGroupCall', () => {
  it('is a call with two or more other people', () => {
    expect(isGroupCall([person('a')])).toBe(false)
    expect(isGroupCall([person('a'), person('b')])).toBe(true)
  })
})
