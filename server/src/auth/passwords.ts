// Password hashing with scrypt (a memory-hard KDF). The parameters travel inside the stored
// hash, so raising the cost later still verifies old hashes, and sign-in replaces them.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'

export interface ScryptCost {
  N: number
  r: number
  p: number
}

/**
 * OWASP's Password Storage Cheat Sheet minimum for scrypt: N=2^17, r=8, p=1, i.e. 128 MiB
 * and a few hundred milliseconds per hash on one core.
 */
export const DEFAULT_SCRYPT_COST: ScryptCost = { N: 2 ** 17, r: 8, p: 1 }

const KEY_LENGTH = 32

function derive(password: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  const options: ScryptOptions = { N: cost.N, r: cost.r, p: cost.p, maxmem: 256 * cost.N * cost.r }
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key)))
  })
}

export async function hashPassword(password: string, cost: ScryptCost = DEFAULT_SCRYPT_COST): Promise<string> {
  const salt = randomBytes(16)
  const key = await derive(password, salt, cost)
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64url'), key.toString('base64url')].join('$')
}

function costOf(stored: string): ScryptCost | undefined {
  const [scheme, n, r, p] = stored.split('$')
  const cost = { N: Number(n), r: Number(r), p: Number(p) }
  if (scheme !== 'scrypt' || !Object.values(cost).every((value) => Number.isInteger(value) && value > 0)) return undefined
  return cost
}

/** True when a stored hash is weaker than `current` in any parameter (never to lower a stronger one). */
export function needsRehash(stored: string, current: ScryptCost): boolean {
  const cost = costOf(stored)
  return cost !== undefined && (cost.N < current.N || cost.r < current.r || cost.p < current.p)
}

/**
 * A well-formed hash that no password matches. Checking a password against it for an unknown
 * account costs the same scrypt run as for a real one, so timing does not tell which it was.
 */
export function unmatchableHash(cost: ScryptCost): string {
  return ['scrypt', cost.N, cost.r, cost.p, randomBytes(16).toString('base64url'), randomBytes(KEY_LENGTH).toString('base64url')].join('$')
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$')
  if (scheme !== 'scrypt' || !salt || !key) return false
  const expected = Buffer.from(key, 'base64url')
  const actual = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) })
  return actual.length === expected.length && timingSafeEqual(actual, expected)
}
