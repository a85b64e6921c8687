import { describe, expect, it } from 'vitest'
import { Throttled, createLoginThrottle, type LoginThrottle } from '../../../server/src/auth/loginThrottle'

const settings = {
  failuresPerAccountAndAddress: 3,
  accountAndAddressBlockSeconds: 60,
  failuresPerAddress: 5,
  addressWindowSeconds: 600,
  accountsPerAddress: 2,
  accountCreationWindowSeconds: 300
}

async function waitOf(attempt: Promise<void>): Promise<number> {
  try {
    await attempt
    return 0
  } catch (error) {
    if (error instanceof Throttled) return error.retryAfterSeconds
    throw error
  }
}

async function fail(throttle: LoginThrottle, login: string, address: string, times: number): Promise<number[]> {
  const waits: number[] = []
  for (let i = 0; i < times; i++) waits.push(await waitOf(throttle.recordFailure(login, address)))
  return waits
}

describe('login throttle (memory store)', () => {
  it('allows the configured failures in a row for a name and address, then blocks that pair only', async () => {
    const throttle = await createLoginThrottle({ kind: 'memory' }, settings)
    expect(await fail(throttle, 'alice', '10.0.0.1', 3)).toEqual([0, 0, 0])
    expect(await waitOf(throttle.checkLogin('alice', '10.0.0.1'))).toBe(0)
    const [blocked] = await fail(throttle, 'alice', '10.0.0.1', 1)
    expect(blocked).toBeGreaterThan(55)
    expect(blocked).toBeLessThanOrEqual(60)
    expect(await waitOf(throttle.checkLogin('alice', '10.0.0.1'))).toBeGreaterThan(0)
    // Names compare case-insensitively, as sign-in does.
    expect(await waitOf(throttle.checkLogin('ALICE', '10.0.0.1'))).toBeGreaterThan(0)
    expect(await waitOf(throttle.checkLogin('alice', '10.0.0.2'))).toBe(0)
    expect(await waitOf(throttle.checkLogin('bob', '10.0.0.1'))).toBe(0)
  })

  it('a correct sign-in ends the failures in a row', async () => {
    const throttle = await createLoginThrottle({ kind: 'memory' }, { ...settings, failuresPerAddress: 100 })
    for (let round = 0; round < 4; round++) {
      expect(await fail(throttle, 'alice', '10.0.0.1', 3)).toEqual([0, 0, 0])
      await throttle.recordSuccess('alice', '10.0.0.1')
    }
    expect(await waitOf(throttle.checkLogin('alice', '10.0.0.1'))).toBe(0)
  })

  it('blocks an address that sprays many names, without blocking those names elsewhere', async () => {
    const throttle = await createLoginThrottle({ kind: 'memory' }, settings)
    const waits = []
    for (let i = 0; i < 6; i++) waits.push(...(await fail(throttle, `user${i}`, '10.0.0.9', 1)))
    expect(waits.slice(0, 5)).toEqual([0, 0, 0, 0, 0])
    expect(waits[5]).toBeGreaterThan(590)
    expect(await waitOf(throttle.checkLogin('someone-new', '10.0.0.9'))).toBeGreaterThan(0)
    expect(await waitOf(throttle.checkLogin('user0', '10.0.0.10'))).toBe(0)
  })

  it('caps account creation per address', async () => {
    const throttle = await createLoginThrottle({ kind: 'memory' }, settings)
    expect(await waitOf(throttle.recordAccountCreation('10.0.0.1'))).toBe(0)
    expect(await waitOf(throttle.recordAccountCreation('10.0.0.1'))).toBe(0)
    expect(await waitOf(throttle.recordAccountCreation('10.0.0.1'))).toBeGreaterThan(290)
    expect(await waitOf(throttle.recordAccountCreation('10.0.0.2'))).toBe(0)
  })
})

describe('login throttle memory store over time', () => {
  it('still counts failures after the event loop has run timers (no key expires early)', async () => {
    const throttle = await createLoginThrottle({ kind: 'memory' }, settings)
    for (let i = 0; i < 3; i++) {
      expect(await waitOf(throttle.recordFailure('alice', '10.0.0.1'))).toBe(0)
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    expect(await waitOf(throttle.recordFailure('alice', '10.0.0.1'))).toBeGreaterThan(0)
  })
})
