import { describe, expect, it } from 'vitest'
import { ringActionForKey } from '../../../../renderer/ui/ring/ringKeys'

const key = (value: string, modifiers: Partial<{ altKey: boolean; ctrlKey: boolean; metaKey: boolean; repeat: boolean }> = {}) => ({
  key: value,
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  repeat: false,
  ...modifiers
})

describe('ring window shortcuts', () => {
  it('accepts with Enter or A and declines with Escape or D', () => {
    expect(ringActionForKey(key('Enter'), false)).toBe('accept')
    expect(ringActionForKey(key('a'), false)).toBe('accept')
    expect(ringActionForKey(key('A'), false)).toBe('accept')
    expect(ringActionForKey(key('Escape'), false)).toBe('decline')
    expect(ringActionForKey(key('d'), true)).toBe('decline')
  })

  it('answers with audio only with V, even from a focused button', () => {
    expect(ringActionForKey(key('v'), false)).toBe('accept-audio')
    expect(ringActionForKey(key('V'), true)).toBe('accept-audio')
    expect(ringActionForKey(key('v', { ctrlKey: true }), false)).toBeNull()
  })

  it('leaves Enter on a focused button to that button', () => {
    expect(ringActionForKey(key('Enter'), true)).toBeNull()
  })

  it('ignores modified and held-down keys, so Ctrl+A or a key held from typing does not answer', () => {
    expect(ringActionForKey(key('a', { ctrlKey: true }), false)).toBeNull()
    expect(ringActionForKey(key('d', { metaKey: true }), false)).toBeNull()
    expect(ringActionForKey(key('Enter', { repeat: true }), false)).toBeNull()
    expect(ringActionForKey(key('x'), false)).toBeNull()
  })
})
