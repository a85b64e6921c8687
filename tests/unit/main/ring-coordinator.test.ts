import { beforeEach, describe, expect, it } from 'vitest'
import { CallHistory } from '../../../main/services/calls/history'
import { DEFAULT_RING_TIMEOUT_MS, IncomingCallCoordinator, type IncomingCallEvents } from '../../../main/services/calls/ring-coordinator'
import { FakeClock, MemoryStore, identityOf, incoming, quietLogger } from './calls-fakes'

type Rejection = { identity: string; room: string; reason: string }

function setup(options: { dnd?: boolean; failReject?: boolean; ringTimeoutMs?: number } = {}) {
  const clock = new FakeClock()
  const history = new CallHistory({ store: new MemoryStore(), clock })
  const rejections: Rejection[] = []
  let dnd = options.dnd ?? false
  const coordinator = new IncomingCallCoordinator({
    clock,
    history,
    logger: quietLogger,
    doNotDisturb: () => dnd,
    ringTimeoutMs: options.ringTimeoutMs,
    api: {
      async videoReject(request) {
        rejections.push(request)
        if (options.failReject) throw new Error('network down')
        return {}
      }
    }
  })
  const started: IncomingCallEvents['ringStarted'][] = []
  const ended: IncomingCallEvents['ringEnded'][] = []
  const answered: IncomingCallEvents['answered'][] = []
  coordinator.on('ringStarted', (e) => started.push(e))
  coordinator.on('ringEnded', (e) => ended.push(e))
  coordinator.on('answered', (e) => answered.push(e))
  return { clock, history, coordinator, rejections, started, ended, answered, setDnd: (v: boolean) => (dnd = v) }
}

describe('IncomingCallCoordinator', () => {
  let t: ReturnType<typeof setup>
  beforeEach(() => {
    t = setup()
  })

  it('rings once for a room however often it is re-sent', () => {
    expect(t.coordinator.handleIncoming(incoming('alice', 'room-aaaa1'))).toBe('ringing')
    t.clock.advance(10_000)
    expect(t.coordinator.handleIncoming(incoming('alice', 'room-aaaa1'))).toBe('duplicate')
    expect(t.coordinator.handleIncoming(incoming('alice', 'room-aaaa1'))).toBe('duplicate')
    expect(t.started).toHaveLength(1)
    expect(t.coordinator.current()?.room).toBe('room-aaaa1')
  })

  it("carries the caller's kind of call in the ring; a push without one is a video call", () => {
    t.coordinator.handleIncoming(incoming('alice', 'room-aaaa1', identityOf('a'), 'voice'))
    expect(t.started.map((e) => e.ring.kind)).toEqual(['voice'])
    expect(t.coordinator.current()?.kind).toBe('voice')
    t.coordinator.cancel()
    t.coordinator.handleIncoming(incoming('bob', 'room-bbbb1'))
    expect(t.coordinator.current()?.kind).toBe('video')
  })

  it('carries who else is in a group call in the ring, and records them with a ring that was not answered', () => {
    const others = [
      { id: 'id-bob', username: 'bob', name: 'Bob' },
      { id: 'id-carol', username: 'carol', name: 'Carol' }
    ]
    const group = incoming('alice', 'room-group1')
    t.coordinator.handleIncoming({ ...group, video_call: { ...group.video_call, participants: others } })
    expect(t.started[0]!.ring.participants).toEqual(others)
    expect(t.coordinator.current()?.participants).toEqual(others)
    t.clock.advance(DEFAULT_RING_TIMEOUT_MS + 1)
    expect(t.history.list()).toEqual([expect.objectContaining({ peer: expect.objectContaining({ username: 'alice' }), outcome: 'missed', participants: others })])
    // A 1:1 ring says nothing of others, and neither does its record.
    t.coordinator.handleIncoming(incoming('dave', 'room-single1'))
    expect(t.coordinator.current()).not.toHaveProperty('participants')
    t.clock.advance(DEFAULT_RING_TIMEOUT_MS + 1)
    expect(t.history.list()[0]).not.toHaveProperty('participants')
  })

  it("remembers each caller's latest kind of ring after it ended, within the asked window", () => {
    t.coordinator.handleIncoming(incoming('alice', 'room-aaaa1', identityOf('a'), 'voice'))
    const aliceId = t.started[0]!.ring.caller.id
    t.clock.advance(DEFAULT_RING_TIMEOUT_MS + 1_000)
    expect(t.coordinator.current()).toBeNull()
    expect(t.coordinator.latestKindFrom(aliceId, 0)).toBe('voice')
    expect(t.coordinator.latestKindFrom(aliceId, t.clock.now() - 1_000)).toBeUndefined()
    expect(t.coordinator.latestKindFrom('someone-else', 0)).toBeUndefined()
  })

  it('does not ring again for a room it already declined', async () => {
    t.coordinator.handleIncoming(incoming('alice', 'room-aaaa1'))
    await t.coordinator.decline('room-aaaa1')
    expect(t.coordinator.handleIncoming(incoming('alice', 'room-aaaa1'))).toBe('duplicate')
    expect(t.started).toHaveLength(1)
    expect(t.coordinator.current()).toBeNull()
  })

  it('rings again for a room whose call the user answered and has left: someone rings them back into the group call', () => {
    expect(t.coordinator.handleIncoming(incoming('alice', 'room-group1'))).toBe('ringing')
    t.coordinator.accept('room-group1')
    t.coordinator.setActivity('in-call', 'room-group1')
    // A late re-send of the first ring while the user is in that call is still the same ring.
    expect(t.coordinator.handleIncoming(incoming('alice', 'room-group1'))).toBe('duplicate')
    t.coordinator.setActivity('idle')
    expect(t.coordinator.handleIncoming(incoming('alice', 'room-group1'))).toBe('ringing')
    expect(t.started.map((e) => e.ring.room)).toEqual(['room-group1', 'room-group1'])
  })

  it('answers busy without ringing while a call is on, and records it', async () => {
    t.coordinator.setActivity('in-call', 'room-mine01')
    expect(t.coordinator.handleIncoming(incoming('bob', 'room-bbbb1', identityOf('b')))).toBe('busy')
    await Promise.resolve()
    expect(t.started).toHaveLength(0)
    expect(t.rejections).toEqual([{ identity: identityOf('b'), room: 'room-bbbb1', reason: 'busy' }])
    expect(t.history.list().map((r) => [r.peer.username, r.outcome])).toEqual([['bob', 'busy']])
  })

  it('answers busy while placing an outgoing call too', () => {
    t.coordinator.setActivity('outgoing')
    expect(t.coordinator.handleIncoming(incoming('bob', 'room-bbbb1'))).toBe('busy')
  })

  it('answers a second caller busy while the first one rings, and keeps ringing the first', () => {
    t.coordinator.handleIncoming(incoming('alice', 'room-aaaa1'))
    expect(t.coordinator.handleIncoming(incoming('bob', 'room-bbbb1', identityOf('b')))).toBe('busy')
    expect(t.coordinator.current()?.caller.username).toBe('alice')
    expect(t.rejections.map((r) => r.reason)).toEqual(['busy'])
  })

  it('rings again once the call is over', () => {
    t.coordinator.setActivity('in-call')
    t.coordinator.handleIncoming(incoming('bob', 'room-bbbb1'))
    t.coordinator.setActivity('idle')
    expect(t.coordinator.handleIncoming(incoming('bob', 'room-bbbb2'))).toBe('ringing')
  })

  it('stops ringing on timeout (45 s by default) and records a missed call', () => {
    t.coordinator.handleIncoming(incoming('alice', 'room-aaaa1'))
    t.clock.advance(DEFAULT_RING_TIMEOUT_MS - 1)
    expect(t.ended).toHaveLength(0)
    t.clock.advance(1)
    expect(t.ended.map((e) => e.reason)).toEqual(['timeout'])
    expect(t.coordinator.current()).toBeNull()
    expect(t.history.list()[0]).toMatchObject({ direction: 'incoming', outcome: 'missed', room: 'room-aaaa1' })
    expect(t.rejections).toHaveLength(0)
  })

  it('takes a configured timeout', () => {
    t = setup({ ringTimeoutMs: 5_000 })
    t.coordinator.handleIncoming(incoming('alice', 'room-aaaa1'))
    t.clock.advance(5_000)
    expect(t.ended.map((e) => e.reason)).toEqual(['timeout'])
  })

  it('stops ringing when a missed_video_call arrives from that caller, not from another', () => {
    t.coordinator.handleIncoming(incoming('alice', 'room-aaaa1'))
    expect(t.coordinator.handleMissedCallFrom('id-bob')).toBe(false)
    expect(t.coordinator.current()).not.toBeNull()
    expect(t.coordinator.handleMissedCallFrom('id-alice')).toBe(true)
    expect(t.ended.map((e) => e.reason)).toEqual(['missed'])
    expect(t.clock.pendingTimers()).toBe(0)
    expect(t.history.list()).toHaveLength(1)
  })

  it('accept ends the ring, opens the call and makes the next caller busy', () => {
    t.coordinator.handleIncoming(incoming('alice', 'room-aaaa1'))
    const ring = t.coordinator.accept('room-aaaa1')
    expect(ring.caller.username).toBe('alice')
    expect(t.ended.map((e) => e.reason)).toEqual(['accepted'])
    expect(t.answered.map((r) => r.room)).toEqual(['room-aaaa1'])
    // Only the watchdog that waits for the window's report is left, not the ring timeout.
    expect(t.clock.pendingTimers()).toBe(1)
    // Answered calls are recorded when the renderer reports how they ended.
    expect(t.history.list()).toHaveLength(0)
    expect(t.coordinator.handleIncoming(incoming('bob', 'room-bbbb1'))).toBe('busy')
  })

  it('after Accept, stops answering busy if the window never reports the call', () => {
    t.coordinator.handleIncoming(incoming('alice', 'room-aaaa1'))
    t.coordinator.accept('room-aaaa1')
    t.clock.advance(59_000)
    expect(t.coordinator.activity()).toBe('in-call')
    t.clock.advance(1_000)
    expect(t.coordinator.activity()).toBe('idle')
    expect(t.coordinator.handleIncoming(incoming('bob', 'room-bbbb1'))).toBe('ringing')
  })

  it('after Accept, a report from the window keeps the call on as long as it lasts', () => {
    t.coordinator.handleIncoming(incoming('alice', 'room-aaaa1'))
    t.coordinator.accept('room-aaaa1')
    t.coordinator.setActivity('in-call', 'room-aaaa1')
    t.clock.advance(3_600_000)
    expect(t.coordinator.activity()).toBe('in-call')
    expect(t.clock.pendingTimers()).toBe(0)
  })

  it('decline sends video_reject "rejected" and records a declined call', async () => {
    t.coordinator.handleIncoming(incoming('alice', 'room-aaaa1', identityOf('c')))
    await t.coordinator.decline('room-aaaa1')
    expect(t.rejections).toEqual([{ identity: identityOf('c'), room: 'room-aaaa1', reason: 'rejected' }])
    expect(t.ended.map((e) => e.reason)).toEqual(['declined'])
    expect(t.history.list()[0]?.outcome).toBe('declined')
  })

  it('still ends the ring when video_reject fails', async () => {
    t = setup({ failReject: true })
    t.coordinator.handleIncoming(incoming('alice', 'room-aaaa1'))
    await expect(t.coordinator.decline('room-aaaa1')).resolves.toBeUndefined()
    expect(t.coordinator.current()).toBeNull()
  })

  it('refuses to accept or decline a room that is not ringing', async () => {
    expect(() => t.coordinator.accept('room-zzzz1')).toThrow(/no longer ringing/)
    t.coordinator.handleIncoming(incoming('alice', 'room-aaaa1'))
    t.clock.advance(DEFAULT_RING_TIMEOUT_MS)
    expect(() => t.coordinator.accept('room-aaaa1')).toThrow(/no longer ringing/)
    await expect(t.coordinator.decline('room-aaaa1')).rejects.toThrow(/no longer ringing/)
  })

  it('under do-not-disturb rings silently: nothing to show, nothing to accept, recorded as missed', () => {
    t = setup({ dnd: true })
    expect(t.coordinator.handleIncoming(incoming('alice', 'room-aaaa1'))).toBe('silent')
    expect(t.started).toEqual([expect.objectContaining({ silent: true })])
    expect(t.coordinator.current()).toBeNull()
    expect(() => t.coordinator.accept('room-aaaa1')).toThrow()
    expect(t.rejections).toHaveLength(0)
    t.clock.advance(DEFAULT_RING_TIMEOUT_MS)
    expect(t.history.list()[0]?.outcome).toBe('missed')
  })

  it('a caller who dials again while still ringing replaces the old ring', () => {
    t.coordinator.handleIncoming(incoming('alice', 'room-aaaa1'))
    expect(t.coordinator.handleIncoming(incoming('alice', 'room-aaaa2'))).toBe('ringing')
    expect(t.coordinator.current()?.room).toBe('room-aaaa2')
    expect(t.clock.pendingTimers()).toBe(1)
  })

  it('cancel ends the ring without recording it', () => {
    t.coordinator.handleIncoming(incoming('alice', 'room-aaaa1'))
    t.coordinator.cancel()
    expect(t.ended.map((e) => e.reason)).toEqual(['cancelled'])
    expect(t.history.list()).toHaveLength(0)
    expect(t.clock.pendingTimers()).toBe(0)
  })

  it('forgets rooms after a while, so the memory of rooms stays small', () => {
    t.coordinator.handleIncoming(incoming('alice', 'room-aaaa1'))
    t.clock.advance(DEFAULT_RING_TIMEOUT_MS)
    t.clock.advance(11 * 60_000)
    t.coordinator.handleIncoming(incoming('bob', 'room-bbbb1'))
    expect(t.coordinator.handleIncoming(incoming('alice', 'room-aaaa1'))).not.toBe('duplicate')
  })
})
