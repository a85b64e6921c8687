// The client-event budget (a token bucket per connection) and the cache channels' store,
// both on a clock the test moves.
import { describe, expect, it } from 'vitest'
import { EventCache, CACHE_TTL_MS } from '../../../server/src/realtime/eventCache'
import { takeToken, type EventBudget } from '../../../server/src/realtime/limits'

describe('client-event budget', () => {
  it('allows a burst of the rate, then one event per 1/rate seconds', () => {
    const budget: EventBudget = { tokens: 10, refilledAt: 0 }
    const taken = Array.from({ length: 12 }, () => takeToken(budget, 10, 0))
    expect(taken.filter(Boolean)).toHaveLength(10)
    expect(takeToken(budget, 10, 50)).toBe(false)
    expect(takeToken(budget, 10, 100)).toBe(true)
    expect(takeToken(budget, 10, 100)).toBe(false)
  })

  it('never saves up more than one second of events', () => {
    const budget: EventBudget = { tokens: 0, refilledAt: 0 }
    const taken = Array.from({ length: 30 }, () => takeToken(budget, 10, 60_000))
    expect(taken.filter(Boolean)).toHaveLength(10)
  })
})

describe('cache channel store', () => {
  it('keeps the last frame of a channel for 30 minutes', () => {
    let now = 1_000
    const cache = new EventCache(() => now)
    expect(cache.lastFrame('cache-a')).toBeUndefined()
    cache.remember('cache-a', 'first')
    cache.remember('cache-a', 'second')
    expect(cache.lastFrame('cache-a')).toBe('second')
    now += CACHE_TTL_MS - 1
    expect(cache.lastFrame('cache-a')).toBe('second')
    now += 1
    expect(cache.lastFrame('cache-a')).toBeUndefined()
  })

  it('forgets the oldest channel first beyond 10,000 channels', () => {
    const cache = new EventCache(() => 0)
    for (let index = 0; index <= 10_000; index++) cache.remember(`cache-${index}`, String(index))
    expect(cache.lastFrame('cache-0')).toBeUndefined()
    expect(cache.lastFrame('cache-1')).toBe('1')
    expect(cache.lastFrame('cache-10000')).toBe('10000')
  })
})
