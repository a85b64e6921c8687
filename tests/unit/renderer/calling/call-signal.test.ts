import { describe, expect, it } from 'vitest'
import { CallOver, whenOver, whileOn } from '../../../../renderer/calling/call-signal'

describe('one AbortSignal per call', () => {
  it('passes a step through while the call is on', async () => {
    const call = new AbortController()
    await expect(whileOn(call.signal, Promise.resolve(7))).resolves.toBe(7)
  })

  it('ends the wait the moment the call ends, and lets go of what arrives too late', async () => {
    const call = new AbortController()
    let deliver!: (value: string) => void
    const released: string[] = []
    const waiting = whileOn(call.signal, new Promise<string>((resolve) => (deliver = resolve)), (late) => released.push(late))
    call.abort()
    await expect(waiting).rejects.toBeInstanceOf(CallOver)
    deliver('camera')
    await Promise.resolve()
    await Promise.resolve()
    expect(released).toEqual(['camera'])
  })

  it('refuses to start a step for a call already over, and releases its result', async () => {
    const call = new AbortController()
    call.abort()
    const released: number[] = []
    await expect(whileOn(call.signal, Promise.resolve(1), (late) => released.push(late))).rejects.toBeInstanceOf(CallOver)
    await Promise.resolve()
    expect(released).toEqual([1])
  })

  it('passes a failing step on as it failed', async () => {
    const call = new AbortController()
    await expect(whileOn(call.signal, Promise.reject(new Error('no camera')))).rejects.toThrow('no camera')
  })

  it('runs a cleanup when the call ends, or at once when it has', () => {
    const call = new AbortController()
    const ran: string[] = []
    whenOver(call.signal, () => ran.push('later'))
    expect(ran).toEqual([])
    call.abort()
    whenOver(call.signal, () => ran.push('now'))
    expect(ran).toEqual(['later', 'now'])
  })
})
