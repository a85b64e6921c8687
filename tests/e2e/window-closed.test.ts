// A window closed mid-call: bob closes his main window while he talks with alice. His
// renderer, which ran the call, is gone without reporting the end, so main must end the call
// itself: idle again (not "in call" in the tray, quitting not guarded), the call in his
// history, and the next caller rung instead of answered busy.
import { beforeAll, expect, test } from 'vitest'
import { acceptRing, DISPLAY_NAMES, pressCall, waitForMediaFlowing, waitInCall } from '../support/harness/calls'
import type { TestClient } from '../support/harness/client'
import { useHarness } from '../support/harness/use-harness'
import { waitFor } from '../support/harness/wait'

const harness = useHarness()
let alice: TestClient
let bob: TestClient
let carol: TestClient

beforeAll(async () => {
  ;[alice, bob, carol] = await Promise.all([harness().signedInClient('alice'), harness().signedInClient('bob'), harness().signedInClient('carol')])
})

test('closing the main window during a call ends the call in main: idle, recorded, and the next caller is rung', async () => {
  await pressCall(alice, DISPLAY_NAMES.bob)
  await acceptRing(bob)
  await Promise.all([waitInCall(alice), waitInCall(bob)])
  await waitForMediaFlowing(bob.page)
  const coordinator = bob.main.services.calls.coordinator
  expect(coordinator.activity()).toBe('in-call')
  expect(bob.tray.current?.icon).toBe('in-call')

  await bob.page.close()

  await waitFor(() => coordinator.activity() === 'idle' || undefined, 'bob: main still in the call after its window closed', 5_000)
  expect(bob.tray.current?.icon).not.toBe('in-call')
  expect(await bob.desktop.shell.mayQuit()).toBe(true)
  expect((await bob.invoke('history:list', {}))[0]).toMatchObject({
    direction: 'incoming',
    outcome: 'answered',
    peer: { username: 'alice' },
    detail: 'The window was closed during the call.'
  })

  // Carol's call rings bob (his window opens again to take it) instead of being answered busy.
  const since = Date.now()
  await pressCall(carol, DISPLAY_NAMES.bob)
  await bob.waitForEvent('ring:incoming', (ring) => ring.caller.username === 'carol', { since, timeoutMs: 15_000 })
  expect(harness().server.audit.list('video_reject').filter((entry) => entry.at >= since && entry.reason === 'busy')).toEqual([])
})

test('no event main sent broke the IPC contract', () => {
  for (const client of [alice, bob, carol]) expect(client.contractViolations()).toEqual([])
})
