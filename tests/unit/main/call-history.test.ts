import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Conf from 'conf'
import { afterEach, describe, expect, it } from 'vitest'
import { CallHistory, recordOfFinishedCall } from '../../../main/services/calls/history'
import type { KeyValueStore } from '../../../main/services/core/platform'
import { FakeClock, MemoryStore, profile } from './calls-fakes'

// electron-store is Conf with Electron's userData as its directory: the same files, written the same way.
function diskStore(dir: string): KeyValueStore {
  const conf = new Conf<Record<string, unknown>>({ cwd: dir, configName: 'call-history', projectName: 'shoutit-test' })
  return { get: (key) => conf.get(key), set: (key, value) => conf.set(key, value), delete: (key) => conf.delete(key) }
}

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('CallHistory', () => {
  it('survives a restart of the services (same store on disk, new instances)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'history-'))
    dirs.push(dir)
    const clock = new FakeClock()
    const first = new CallHistory({ store: diskStore(dir), clock })
    first.add({ direction: 'outgoing', peer: profile('alice'), startedAt: 1_000, outcome: 'answered', durationSeconds: 61 })
    first.add({ direction: 'incoming', peer: profile('bob'), startedAt: 2_000, outcome: 'missed', room: 'room-bbbb1' })

    const afterRestart = new CallHistory({ store: diskStore(dir), clock })
    expect(afterRestart.list().map((r) => [r.peer.username, r.direction, r.outcome, r.durationSeconds])).toEqual([
      ['bob', 'incoming', 'missed', undefined],
      ['alice', 'outgoing', 'answered', 61]
    ])
    afterRestart.clear()
    expect(new CallHistory({ store: diskStore(dir), clock }).list()).toEqual([])
  })

  it('keeps one history per account, and announces the switch', () => {
    const store = new MemoryStore()
    const history = new CallHistory({ store, clock: new FakeClock() })
    const seen: string[][] = []
    history.onChange((records) => seen.push(records.map((r) => r.peer.username)))
    history.useAccount('alice-id')
    history.add({ direction: 'incoming', peer: profile('bob'), startedAt: 1, outcome: 'missed' })
    history.useAccount('carol-id')
    expect(history.list()).toEqual([])
    history.useAccount(undefined)
    expect(history.list()).toEqual([])
    const restarted = new CallHistory({ store, clock: new FakeClock() })
    restarted.useAccount('alice-id')
    expect(restarted.list().map((r) => r.peer.username)).toEqual(['bob'])
    expect(seen).toEqual([[], ['bob'], [], []])
  })

  it('keeps newest first even when a call is reported after later ones', () => {
    const history = new CallHistory({ store: new MemoryStore(), clock: new FakeClock() })
    history.add({ direction: 'incoming', peer: profile('bob'), startedAt: 5_000, outcome: 'busy' })
    history.add({ direction: 'outgoing', peer: profile('alice'), startedAt: 1_000, outcome: 'answered', durationSeconds: 600 })
    history.add({ direction: 'outgoing', peer: profile('carol'), startedAt: 9_000, outcome: 'cancelled' })
    expect(history.list().map((r) => r.peer.username)).toEqual(['carol', 'bob', 'alice'])
  })

  it('caps its size, dropping the oldest', () => {
    const store = new MemoryStore()
    const history = new CallHistory({ store, clock: new FakeClock(), limit: 3 })
    for (let i = 1; i <= 5; i++) history.add({ direction: 'outgoing', peer: profile(`user${i}`), startedAt: i, outcome: 'failed', detail: 'x' })
    expect(history.list().map((r) => r.startedAt)).toEqual([5, 4, 3])
    expect(new CallHistory({ store, clock: new FakeClock(), limit: 3 }).list()).toHaveLength(3)
  })

  it('keeps the valid records of a damaged store and drops the rest', () => {
    const store = new MemoryStore()
    const good = new CallHistory({ store, clock: new FakeClock() }).add({ direction: 'incoming', peer: profile('bob'), startedAt: 7, outcome: 'declined' })
    store.set('records', [good, { id: 'x', direction: 'sideways' }, 'junk', null])
    expect(new CallHistory({ store, clock: new FakeClock() }).list()).toEqual([good])
    store.set('records', { not: 'a list' })
    expect(new CallHistory({ store, clock: new FakeClock() }).list()).toEqual([])
  })

  it('keeps everyone who was in a group call, and reads records from before participants were kept', () => {
    const store = new MemoryStore()
    const clock = new FakeClock()
    const older = { id: 'r-old', direction: 'outgoing', peer: profile('bob'), startedAt: 1_000, outcome: 'answered', durationSeconds: 60 }
    store.set('records', [older])
    const history = new CallHistory({ store, clock })
    expect(history.list()).toEqual([older])
    const others = [{ id: 'id-carol', username: 'carol', name: 'Carol' }]
    const finished = recordOfFinishedCall({ direction: 'outgoing', peer: profile('alice'), room: 'room-group1', startedAt: 2_000, outcome: 'answered', durationSeconds: 90, participants: others })
    history.add(finished)
    const reopened = new CallHistory({ store, clock })
    expect(reopened.list().map((record) => [record.peer.username, record.participants])).toEqual([
      ['alice', others],
      ['bob', undefined]
    ])
  })

  it('rejects a record that breaks the schema instead of storing it', () => {
    const history = new CallHistory({ store: new MemoryStore(), clock: new FakeClock() })
    expect(() => history.add({ direction: 'incoming', peer: profile('bob'), startedAt: -1, outcome: 'missed' })).toThrow()
    expect(history.list()).toEqual([])
  })

  it('announces every change and finds the latest incoming call from a peer', () => {
    const history = new CallHistory({ store: new MemoryStore(), clock: new FakeClock() })
    const seen: number[] = []
    history.onChange((records) => seen.push(records.length))
    history.add({ direction: 'incoming', peer: profile('bob'), startedAt: 100, outcome: 'declined' })
    history.add({ direction: 'incoming', peer: profile('bob'), startedAt: 200, outcome: 'missed' })
    history.add({ direction: 'outgoing', peer: profile('bob'), startedAt: 300, outcome: 'answered', durationSeconds: 1 })
    expect(history.latestIncomingFrom('id-bob', 0)?.outcome).toBe('missed')
    expect(history.latestIncomingFrom('id-bob', 201)).toBeUndefined()
    history.clear()
    expect(seen).toEqual([1, 2, 3, 0])
  })

  it('Undo of a clear brings back exactly what was cleared, beside calls recorded since, once', () => {
    const store = new MemoryStore()
    const history = new CallHistory({ store, clock: new FakeClock(), limit: 4 })
    history.add({ direction: 'incoming', peer: profile('bob'), startedAt: 100, outcome: 'missed', room: 'room-bbbb1' })
    history.add({ direction: 'outgoing', peer: profile('alice'), startedAt: 200, outcome: 'answered', durationSeconds: 61 })
    history.add({ direction: 'outgoing', peer: profile('carol'), startedAt: 200, outcome: 'declined', detail: 'busy line' })
    const before = history.list()
    history.clear()
    expect(history.list()).toEqual([])

    history.restoreCleared()
    expect(history.list()).toEqual(before)
    expect(new CallHistory({ store, clock: new FakeClock(), limit: 4 }).list()).toEqual(before)
    // Undone once: a second Undo changes nothing.
    history.restoreCleared()
    expect(history.list()).toEqual(before)

    // A call recorded between the clear and the Undo stays, in time order, within the cap.
    history.clear()
    const since = history.add({ direction: 'incoming', peer: profile('dave'), startedAt: 150, outcome: 'busy' })
    const seen: number[] = []
    history.onChange((records) => seen.push(records.length))
    history.restoreCleared()
    expect(history.list()).toEqual([before[0], before[1], since, before[2]])
    expect(seen).toEqual([4])
  })

  it('never restores one account\'s cleared history into another\'s', () => {
    const history = new CallHistory({ store: new MemoryStore(), clock: new FakeClock() })
    history.useAccount('alice-id')
    history.add({ direction: 'incoming', peer: profile('bob'), startedAt: 1, outcome: 'missed' })
    history.clear()
    history.useAccount('carol-id')
    history.restoreCleared()
    expect(history.list()).toEqual([])
    history.useAccount('alice-id')
    history.restoreCleared()
    expect(history.list()).toEqual([])
  })
})
