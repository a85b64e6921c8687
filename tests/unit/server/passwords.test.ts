import { describe, expect, it } from 'vitest'
import { DEFAULT_SCRYPT_COST, hashPassword, needsRehash, unmatchableHash, verifyPassword } from '../../../server/src/auth/passwords'

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

  it("defaults to OWASP's minimum scrypt cost (N=2^17, r=8, p=1)", async () => {
    expect(DEFAULT_SCRYPT_COST).toEqual({ N: 131072, r: 8, p: 1 })
    expect((await hashPassword('x')).split('$').slice(1, 4)).toEqual(['131072', '8', '1'])
  })

  it('asks for a rehash only when a stored hash is weaker than the current cost', async () => {
    const stored = await hashPassword('x', cheap)
    expect(needsRehash(stored, cheap)).toBe(false)
    expect(needsRehash(stored, { ...cheap, N: 2048 })).toBe(true)
    expect(needsRehash(stored, { ...cheap, r: 16 })).toBe(true)
    expect(needsRehash(stored, { ...cheap, p: 2 })).toBe(true)
    expect(needsRehash(stored, { N: 512, r: 8, p: 1 })).toBe(false)
    expect(needsRehash('bcrypt$whatever', cheap)).toBe(false)
  })

  it('makes a hash of the given cost that no password matches', async () => {
    const hash = unmatchableHash(cheap)
    expect(hash.split('$').slice(0, 4)).toEqual(['scrypt', '1024', '8', '1'])
    expect(await verifyPassword('', hash)).toBe(false)
    expect(await verifyPassword('anything', hash)).toBe(false)
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
