import { describe, expect, it } from 'vitest'
import { decideOnRendererProblem } from '../../../../main/platform/renderer-crash'
import { InterruptedCalls } from '../../../../main/services/calls/interrupted-calls'
import { CallHistory } from '../../../../main/services/calls/history'
import { IncomingCallCoordinator } from '../../../../main/services/calls/ring-coordinator'
import { FakeClock, MemoryStore, identityOf, incoming, profile, quietLogger } from '../calls-fakes'
import { englishT } from '../../../support/i18n'

const crashed = { type: 'gone', reason: 'crashed', exitCode: 139 } as const

describe('decideOnRendererProblem', () => {
  it('main window gone during a call: ends the call, says so and offers a reload', () => {
    for (const activity of ['outgoing', 'in-call'] as const) {
      const decision = decideOnRendererProblem('main', crashed, activity, englishT)
      expect(decision).toMatchObject({ level: 'error', endCall: true, rebuildRingWindow: false })
      expect(decision.prompt?.buttons).toEqual(['Reload', 'Close'])
      expect(decision.prompt?.detail).toMatch(/^The call ended\. Reload the window to go on\. \(crashed, code 139\)$/)
    }
  })

  it('main window gone with no call: offers a reload, ends nothing', () => {
    const decision = decideOnRendererProblem('main', { type: 'gone', reason: 'oom' }, 'idle', englishT)
    expect(decision.endCall).toBe(false)
    expect(decision.prompt?.detail).toBe('Reload the window to go on. (oom)')
  })

  it('a clean exit is not a failure to tell the user about, but a call in it is over all the same', () => {
    expect(decideOnRendererProblem('main', { type: 'gone', reason: 'clean-exit' }, 'idle', englishT)).toEqual({ level: 'info', endCall: false, rebuildRingWindow: false })
    const cleanInCall = decideOnRendererProblem('main', { type: 'gone', reason: 'clean-exit' }, 'in-call', englishT)
    expect(cleanInCall.endCall).toBe(true)
    expect(cleanInCall).not.toHaveProperty('prompt')
  })

  it('main window unresponsive: asks Reload or Wait, warns that reloading ends a call, ends nothing by itself', () => {
    const inCall = decideOnRendererProblem('main', { type: 'unresponsive' }, 'in-call', englishT)
    expect(inCall).toMatchObject({ level: 'warn', endCall: false, prompt: { buttons: ['Reload', 'Wait'] } })
    expect(inCall.prompt?.detail).toMatch(/Reloading ends the call\./)
    expect(decideOnRendererProblem('main', { type: 'unresponsive' }, 'idle', englishT).prompt?.detail).not.toMatch(/call/)
    expect(decideOnRendererProblem('main', { type: 'responsive' }, 'in-call', englishT)).toEqual({ level: 'info', endCall: false, rebuildRingWindow: false })
  })

  it('ring window gone: rebuilt without a question, and the call in the main window goes on', () => {
    expect(decideOnRendererProblem('ring', crashed, 'in-call', englishT)).toEqual({ level: 'error', endCall: false, rebuildRingWindow: true })
    expect(decideOnRendererProblem('ring', { type: 'unresponsive' }, 'idle', englishT)).toEqual({ level: 'warn', endCall: false, rebuildRingWindow: false })
  })
})

function setup() {
  const clock = new FakeClock()
  const history = new CallHistory({ store: new MemoryStore(), clock })
  const rejections: string[] = []
  const coordinator = new IncomingCallCoordinator({
    clock,
    history,
    logger: quietLogger,
    doNotDisturb: () => false,
    api: {
      async videoReject({ reason }) {
        rejections.push(reason)
        return {}
      }
    }
  })
  const interrupted = new InterruptedCalls({ coordinator, history, clock, logger: quietLogger })
  return { clock, history, coordinator, interrupted, rejections }
}

describe('InterruptedCalls', () => {
  it('ends an answered outgoing call as a hang-up would: history with its talk time, and no longer busy', () => {
    const t = setup()
    const bob = profile('bob')
    const dialledAt = t.clock.now()
    t.coordinator.setActivity('outgoing', 'room-out-1', bob)
    t.clock.advance(4_000)
    t.coordinator.setActivity('in-call', 'room-out-1', bob)
    t.clock.advance(65_000)
    // Busy while the call is on…
    expect(t.coordinator.handleIncoming(incoming('carol', 'room-carol1', identityOf('c')))).toBe('busy')

    expect(t.interrupted.end('The app window stopped working (crashed).')).toBe(true)
    expect(t.coordinator.activity()).toBe('idle')
    expect(t.history.list().find((record) => record.room === 'room-out-1')).toMatchObject({
      direction: 'outgoing',
      peer: bob,
      room: 'room-out-1',
      startedAt: dialledAt,
      outcome: 'answered',
      durationSeconds: 65,
      detail: 'The app window stopped working (crashed).'
    })
    // …and rings again once the dead call is over.
    expect(t.coordinator.handleIncoming(incoming('dave', 'room-dave1', identityOf('d')))).toBe('ringing')
    // Nothing left to end.
    expect(t.interrupted.end('again')).toBe(false)
    expect(t.history.list().filter((record) => record.peer.username === 'bob')).toHaveLength(1)
  })

  it('records an accepted incoming call as incoming', () => {
    const t = setup()
    t.coordinator.handleIncoming(incoming('alice', 'room-alice1'))
    t.coordinator.accept('room-alice1')
    t.coordinator.setActivity('in-call', 'room-alice1', profile('alice'))
    t.clock.advance(10_000)
    t.interrupted.end('crashed')
    expect(t.history.list()[0]).toMatchObject({ direction: 'incoming', room: 'room-alice1', outcome: 'answered', durationSeconds: 10 })
  })

  it('records a call that was still ringing the other side as failed', () => {
    const t = setup()
    t.coordinator.setActivity('outgoing', 'room-out-2', profile('bob'))
    t.clock.advance(8_000)
    t.interrupted.end('crashed')
    expect(t.history.list()[0]).toMatchObject({ direction: 'outgoing', outcome: 'failed', detail: 'crashed' })
    expect(t.history.list()[0]?.durationSeconds).toBeUndefined()
  })

  it('does nothing when no call was on, and forgets a call the renderer ended itself', () => {
    const t = setup()
    expect(t.interrupted.end('crashed')).toBe(false)
    t.coordinator.setActivity('in-call', 'room-out-3', profile('bob'))
    t.coordinator.setActivity('idle')
    expect(t.interrupted.end('crashed')).toBe(false)
    expect(t.history.list()).toEqual([])
  })
})
