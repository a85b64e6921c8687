// Slows down password guessing and account farming, after rate-limiter-flexible's "login
// endpoint protection" recipe. Two counters guard sign-in:
// - failures in a row for one account name from one address (a correct sign-in resets it);
//   keyed by the pair, so nobody elsewhere can lock a real user out of their own account;
// - failures from one address per day, whatever the names (slow brute force, name spraying).
// A third counter caps the accounts (guest or sign-up) one address may create.
// The counters live in memory, or in PostgreSQL so that several servers share them.
import { createHash } from 'node:crypto'
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible'
import type { RateLimiterStore } from '../storage/sql'

export interface ThrottleSettings {
  /** Failed sign-ins allowed in a row for one account name from one address… */
  failuresPerAccountAndAddress: number
  /** …after which that pair waits this long. */
  accountAndAddressBlockSeconds: number
  /** Failed sign-ins allowed from one address within `addressWindowSeconds`, whatever the names… */
  failuresPerAddress: number
  /** …after which that address waits out the window. */
  addressWindowSeconds: number
  /** Accounts (guest or sign-up) one address may create within `accountCreationWindowSeconds`. */
  accountsPerAddress: number
  accountCreationWindowSeconds: number
}

export const DEFAULT_LOGIN_THROTTLE: ThrottleSettings = {
  failuresPerAccountAndAddress: 10,
  accountAndAddressBlockSeconds: 3600,
  failuresPerAddress: 100,
  addressWindowSeconds: 24 * 3600,
  accountsPerAddress: 20,
  accountCreationWindowSeconds: 3600
}

/**
 * "In a row" only ends with a correct sign-in, so the pair's count is kept long. The memory
 * store expires keys with setTimeout, which cannot wait past 2^31 ms (24.8 days): a longer
 * window would fire at once and forget every count.
 */
export const MAX_WINDOW_SECONDS = 14 * 24 * 3600
const CONSECUTIVE_WINDOW_SECONDS = MAX_WINDOW_SECONDS
const TABLE_NAME = 'shoutit_rate_limits'

export class Throttled extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`throttled for ${retryAfterSeconds} s`)
  }
}

export interface LoginThrottle {
  /** Throws Throttled when this name or address must wait before trying again. */
  checkLogin(login: string, address: string): Promise<void>
  /** Counts a failed sign-in; throws Throttled when this failure used up the allowance. */
  recordFailure(login: string, address: string): Promise<void>
  /** A correct sign-in ends the pair's failures in a row (the address's daily count stays). */
  recordSuccess(login: string, address: string): Promise<void>
  /** Counts an account creation from this address; throws Throttled past the allowance. */
  recordAccountCreation(address: string): Promise<void>
}

export interface LimiterOptions {
  keyPrefix: string
  points: number
  duration: number
  blockDuration: number
}

/** Account names are hashed: keys stay short (the table's key is 255 characters) and hold no e-mail. */
function pairKey(login: string, address: string): string {
  const name = createHash('sha256').update(login.trim().toLowerCase()).digest('base64url')
  return `${name}|${address}`
}

const secondsOf = (res: RateLimiterRes): number => Math.max(1, Math.ceil(res.msBeforeNext / 1000))

/**
 * Instances starting together race on CREATE TABLE IF NOT EXISTS: PostgreSQL may then answer
 * all but one with 42P07 (relation exists), 42710 (its row type exists) or 23505 (pg_type's
 * unique index). Trying again finds the table.
 */
const CREATE_RACE_CODES = new Set(['42P07', '42710', '23505'])
const lostCreateRace = (error: unknown): boolean => CREATE_RACE_CODES.has(String((error as { code?: unknown } | null)?.code))

export async function makeLimiter(store: RateLimiterStore, options: LimiterOptions, attempts = 3): Promise<RateLimiterAbstract> {
  if (store.kind === 'memory') return new RateLimiterMemory(options)
  // If the database fails, each instance falls back to its own memory rather than refusing every sign-in.
  const insuranceLimiter = new RateLimiterMemory(options)
  try {
    return await new Promise<RateLimiterAbstract>((resolve, reject) => {
      const limiter: RateLimiterPostgres = new RateLimiterPostgres(
        { ...options, storeClient: store.pool, tableName: TABLE_NAME, insuranceLimiter },
        (error?: unknown) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(limiter))
      )
    })
  } catch (error) {
    if (attempts > 1 && lostCreateRace(error)) return makeLimiter(store, options, attempts - 1)
    throw error
  }
}

/** consume() rejects with a RateLimiterRes when over the limit, with an Error when the store fails. */
export async function consume(limiter: RateLimiterAbstract, key: string): Promise<void> {
  try {
    await limiter.consume(key)
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) throw new Throttled(secondsOf(rejection))
    throw rejection
  }
}

export async function createLoginThrottle(store: RateLimiterStore, settings: ThrottleSettings = DEFAULT_LOGIN_THROTTLE): Promise<LoginThrottle> {
  // One after another: all three share one table, which the first creates.
  const byPair = await makeLimiter(store, {
    keyPrefix: 'login_fail_pair',
    points: settings.failuresPerAccountAndAddress,
    duration: CONSECUTIVE_WINDOW_SECONDS,
    blockDuration: settings.accountAndAddressBlockSeconds
  })
  const byAddress = await makeLimiter(store, {
    keyPrefix: 'login_fail_address',
    points: settings.failuresPerAddress,
    duration: settings.addressWindowSeconds,
    blockDuration: settings.addressWindowSeconds
  })
  const creations = await makeLimiter(store, {
    keyPrefix: 'account_creation',
    points: settings.accountsPerAddress,
    duration: settings.accountCreationWindowSeconds,
    blockDuration: settings.accountCreationWindowSeconds
  })
  return {
    async checkLogin(login, address) {
      const [pair, fromAddress] = await Promise.all([byPair.get(pairKey(login, address)), byAddress.get(address)])
      // Over the allowance means blocked: the block outlasts the window the count lives in.
      if (fromAddress && fromAddress.consumedPoints > settings.failuresPerAddress) throw new Throttled(secondsOf(fromAddress))
      if (pair && pair.consumedPoints > settings.failuresPerAccountAndAddress) throw new Throttled(secondsOf(pair))
    },
    async recordFailure(login, address) {
      const results = await Promise.allSettled([consume(byAddress, address), consume(byPair, pairKey(login, address))])
      const waits = results.flatMap((result) => (result.status === 'rejected' && result.reason instanceof Throttled ? [result.reason.retryAfterSeconds] : []))
      const failure = results.find((result) => result.status === 'rejected' && !(result.reason instanceof Throttled))
      if (failure?.status === 'rejected') throw failure.reason
      if (waits.length > 0) throw new Throttled(Math.max(...waits))
    },
    async recordSuccess(login, address) {
      await byPair.delete(pairKey(login, address))
    },
    recordAccountCreation: (address) => consume(creations, address)
  }
}
