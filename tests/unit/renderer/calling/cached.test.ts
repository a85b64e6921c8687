import { describe, expect, it } from 'vitest'
import { cachedUntilFailure } from '../../../../renderer/calling/cached'

describe('cachedUntilFailure', () => {
  it('loads once for every caller, also those that ask while it loads', async () => {
    let loads = 0
    const get = cachedUntilFailure(async () => ++loads)
    const [first, second] = await Promise.all([get(), get()])
    expect([first, second, await get()]).toEqual([1, 1, 1])
    expect(loads).toBe(1)
  })

  it('forgets a failed load, so the next call loads again', async () => {
    let loads = 0
    const get = cachedUntilFailure(async () => {
      loads += 1
      if (loads === 1) throw new Error('offline')
      return 'config'
    })
    await expect(get()).rejects.toThrow('offline')
    expect(await get()).toBe('config')
    expect(await get()).toBe('config')
    expect(loads).toBe(2)
  })
})
