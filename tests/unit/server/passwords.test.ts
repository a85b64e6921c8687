import { describe, expect, it } from 'vitest'
import { hashPassword, verifyPassword } from '../../../server/src/auth/passwords'

// A low cost keeps the unit test quick; the format and comparison are what is under test.
const cheap = { N: 1024, r: 8, p: 1 }

describe('passwords', () => {
  it('verifies the right password and rejects a wrong one', async () => {
    const stored = await hashPassword('correct horse', cheap)
    expect(await verifyPassword('correct horse', stored)).toBe(true)
    expect(await verifyPassword('correct horsE', stored)).toBe(false)
  })

  it('salts every hash and records the cost in it', async () => {
    const [first, second] = await Promise.all([hashPassword('same', cheap), hashPassword('same', cheap)])
    expect(first).not.toBe(second)
    expect(first.split('$').slice(0, 4)).toEqual(['scrypt', '1024', '8', '1'])
  })

  it('uses a real cost by default', async () => {
    expect((await hashPassword('x')).split('$').slice(1, 3)).toEqual(['16384', '8'])
  })

  it('rejects tampered or foreign hashes instead of throwing', async () => {
    const stored = await hashPassword('secret', cheap)
    const parts = stored.split('$')
    parts[5] = Buffer.alloc(32).toString('base64url')
    expect(await verifyPassword('secret', parts.join('$'))).toBe(false)
    expect(await verifyPassword('secret', 'bcrypt$whatever')).toBe(false)
    expect(await verifyPassword('secret', '')).toBe(false)
  })
})
