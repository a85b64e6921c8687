import { describe, expect, it } from 'vitest'
import type { Clock } from '../../../../renderer/calling/clock'
import { CandidateSender, type Candidate } from '../../../../renderer/calling/p2p-candidates'

/** A clock the test moves by hand, so the throttle's timing is exact. */
class ManualClock implements Clock {
  time = 1_000
  private timers = new Map<number, { at: number; callback: () => void }>()
  private nextId = 1
  now(): number {
    return this.time
  }
  setTimeout(callback: () => void, ms: number): number {
    const id = this.nextId++
    this.timers.set(id, { at: this.time + ms, callback })
    return id
  }
  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number)
  }
  advance(ms: number): void {
    this.time += ms
    for (const [id, timer] of [...this.timers]) {
      if (timer.at > this.time) continue
      this.timers.delete(id)
      timer.callback()
    }
  }
  get pending(): number {
    return this.timers.size
  }
}

const candidate = (n: number): RTCIceCandidateInit => ({ candidate: `candidate:${n} 1 udp 1 127.0.0.1 ${5000 + n} typ host`, sdpMid: '0', sdpMLineIndex: 0 })
const numbers = (batch: Candidate[]) => batch.map((entry) => Number(/candidate:(\d+)/.exec(entry.candidate)?.[1]))

describe('CandidateSender', () => {
  it('sends the first candidate at once, without waiting for the interval', () => {
    const clock = new ManualClock()
    const sent: Candidate[][] = []
    const sender = new CandidateSender((batch) => sent.push(batch), clock, 100)
    sender.add(candidate(1))
    expect(sent.map(numbers)).toEqual([[1]])
    expect(clock.pending).toBe(0)
  })

  it('holds candidates gathered within the interval after a send and sends them together at its end', () => {
    const clock = new ManualClock()
    const sent: Candidate[][] = []
    const sender = new CandidateSender((batch) => sent.push(batch), clock, 100)
    sender.add(candidate(1))
    clock.advance(30)
    sender.add(candidate(2))
    sender.add(candidate(3))
    clock.advance(69)
    expect(sent.map(numbers)).toEqual([[1]])
    clock.advance(1)
    expect(sent.map(numbers)).toEqual([[1], [2, 3]])
  })

  it('never sends more often than once per interval (Pusher allows 10 client events a second)', () => {
    const clock = new ManualClock()
    const sendTimes: number[] = []
    const sender = new CandidateSender(() => sendTimes.push(clock.now()), clock, 100)
    for (let n = 0; n < 50; n += 1) {
      sender.add(candidate(n))
      clock.advance(7)
    }
    clock.advance(200)
    for (let i = 1; i < sendTimes.length; i += 1) expect(sendTimes[i]! - sendTimes[i - 1]!).toBeGreaterThanOrEqual(100)
    expect(sendTimes.length).toBeGreaterThan(1)
  })

  it('sends a candidate at once again once the interval since the last send has passed', () => {
    const clock = new ManualClock()
    const sent: Candidate[][] = []
    const sender = new CandidateSender((batch) => sent.push(batch), clock, 100)
    sender.add(candidate(1))
    clock.advance(250)
    sender.add(candidate(2))
    expect(sent.map(numbers)).toEqual([[1], [2]])
  })

  it('fills in an empty candidate string (end of candidates) and sends nothing after close', () => {
    const clock = new ManualClock()
    const sent: Candidate[][] = []
    const sender = new CandidateSender((batch) => sent.push(batch), clock, 100)
    sender.add({ sdpMid: '0', sdpMLineIndex: 0 })
    expect(sent[0]?.[0]?.candidate).toBe('')
    sender.add(candidate(2))
    sender.close()
    clock.advance(500)
    sender.add(candidate(3))
    expect(sent).toHaveLength(1)
    expect(clock.pending).toBe(0)
  })
})
