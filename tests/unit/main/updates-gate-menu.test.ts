import { describe, expect, it } from 'vitest'
import { CallHistory } from '../../../main/services/calls/history'
import { IncomingCallCoordinator } from '../../../main/services/calls/ring-coordinator'
import { callGateFrom } from '../../../main/services/updates/service'
import { updateMenuItem } from '../../../main/services/updates/menu'
import { FakeClock, MemoryStore, incoming, quietLogger } from './calls-fakes'
import { englishT } from '../../support/i18n'

function coordinator() {
  const clock = new FakeClock()
  return new IncomingCallCoordinator({
    clock,
    history: new CallHistory({ store: new MemoryStore(), clock }),
    logger: quietLogger,
    doNotDisturb: () => false,
    api: { videoReject: async () => ({}) }
  })
}

describe('callGateFrom (the incoming-call coordinator as the updater sees it)', () => {
  it('is busy while placing a call, during a call, and while someone rings', () => {
    const calls = coordinator()
    const gate = callGateFrom(calls)
    let changes = 0
    gate.onChange(() => (changes += 1))
    expect(gate.isBusy()).toBe(false)

    calls.setActivity('outgoing')
    expect(gate.isBusy()).toBe(true)
    calls.setActivity('idle')
    expect(gate.isBusy()).toBe(false)

    calls.handleIncoming(incoming('alice', 'room-alice-0001'))
    expect(gate.isBusy()).toBe(true)
    calls.accept('room-alice-0001')
    expect(gate.isBusy()).toBe(true)
    calls.setActivity('idle')
    expect(gate.isBusy()).toBe(false)
    expect(changes).toBeGreaterThanOrEqual(5)
  })

  it('stops listening when unsubscribed', () => {
    const calls = coordinator()
    let changes = 0
    const unsubscribe = callGateFrom(calls).onChange(() => (changes += 1))
    unsubscribe()
    calls.setActivity('in-call')
    expect(changes).toBe(0)
  })
})

describe('updateMenuItem (the tray entry)', () => {
  it('offers the restart when an update is ready', () => {
    expect(updateMenuItem({ state: 'ready', version: '2.0.0' }, true, englishT)).toEqual({
      label: 'Restart to Update to 2.0.0',
      enabled: true,
      action: 'install'
    })
  })

  it('shows progress without an action while checking or downloading', () => {
    expect(updateMenuItem({ state: 'checking' }, true, englishT)).toMatchObject({ enabled: false, action: null })
    expect(updateMenuItem({ state: 'downloading', version: '2.0.0' }, true, englishT)).toMatchObject({ label: 'Downloading Update 2.0.0…', action: null })
  })

  it('offers a check when idle or after a failure, and nothing when updates are off', () => {
    expect(updateMenuItem({ state: 'idle' }, true, englishT)?.action).toBe('check')
    expect(updateMenuItem({ state: 'error', error: 'offline' }, true, englishT)?.action).toBe('check')
    expect(updateMenuItem({ state: 'ready', version: '2.0.0' }, false, englishT)).toBeNull()
  })
})
