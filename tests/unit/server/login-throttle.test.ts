import { describe, expect, it } from 'vitest'
import { LoginThrottle } from '../../../server/src/auth/loginThrottle'

describe('LoginThrottle', () => {
  const setup = () => {
    let now = 1000
    const throttle = new LoginThrottle({ maxFailures: 3, windowSeconds: 60 }, () => now)
    return { throttle, advance: (seconds: number) => (now += seconds) }
  }

  it('lets attempts through until the limit, then asks to wait for the rest of the window', () => {
    const { throttle, advance } = setup()
    throttle.recordFailure(['a'])
    throttle.recordFailure(['a'])
    expect(throttle.retryAfter(['a'])).toBe(0)
    throttle.recordFailure(['a'])
    expect(throttle.retryAfter(['a'])).toBe(60)
    advance(45)
    expect(throttle.retryAfter(['a'])).toBe(15)
    advance(15)
    expect(throttle.retryAfter(['a'])).toBe(0)
  })

  it('keeps keys apart and reports the longest wait among them', () => {
    const { throttle, advance } = setup()
    for (let i = 0; i < 3; i++) throttle.recordFailure(['a'])
    advance(30)
    for (let i = 0; i < 3; i++) throttle.recordFailure(['b'])
    expect(throttle.retryAfter(['c'])).toBe(0)
    expect(throttle.retryAfter(['a', 'b'])).toBe(60)
    expect(throttle.retryAfter(['a'])).toBe(30)
  })

  it('forgets failures after a success', () => {
    const { throttle } = setup()
    throttle.recordFailure(['a'])
    throttle.recordFailure(['a'])
    throttle.recordSuccess(['a'])
    throttle.recordFailure(['a'])
    throttle.recordFailure(['a'])
    expect(throttle.retryAfter(['a'])).toBe(0)
  })
})
