// Scenario 5, busy: carol calls bob while bob is in a call with alice. Carol hears "busy",
// bob is not rung, and the alice–bob call goes on undisturbed.
import { beforeAll, expect, test } from 'vitest'
import { acceptRing, DISPLAY_NAMES, hangUp, measureMediaFlow, pressCall, waitForEndedText, waitForMediaFlowing, waitInCall } from '../support/harness/calls'
import type { TestClient } from '../support/harness/client'
import { useHarness } from '../support/harness/use-harness'

const harness = useHarness()
let alice: TestClient
let bob: TestClient
let carol: TestClient

beforeAll(async () => {
  ;[alice, bob, carol] = await Promise.all([harness().signedInClient('alice'), harness().signedInClient('bob'), harness().signedInClient('carol')])
  await carol.invoke('settings:update', { retryPauseSeconds: 1 })
})

test('carol calling bob during his call with alice gets busy; bob is not rung; the call goes on', async () => {
  await pressCall(alice, DISPLAY_NAMES.bob)
  await acceptRing(bob)
  await Promise.all([waitInCall(alice), waitInCall(bob)])
  await Promise.all([waitForMediaFlowing(alice.page), waitForMediaFlowing(bob.page)])
  const aliceRoom = bob.ringsReceived.at(-1)!.room

  const since = Date.now()
  await pressCall(carol, DISPLAY_NAMES.bob)
  await waitForEndedText(carol, `${DISPLAY_NAMES.bob} is in another call`, 10_000)

  // The server recorded bob's client answering busy for carol's room; bob saw no ring.
  const carolRings = harness().server.audit.list('video_call').filter((entry) => entry.at >= since && entry.callerUsername === 'carol')
  const carolRoom = carolRings[0]!.room
  expect(carolRoom).not.toBe(aliceRoom)
  expect(harness().server.audit.list('video_reject').filter((entry) => entry.at >= since)).toMatchObject([{ reason: 'busy', room: carolRoom }])
  expect(carolRings.filter((entry) => entry.missed)).toHaveLength(1)
  expect(bob.ringsReceived.some((ring) => ring.room === carolRoom)).toBe(true)
  expect(bob.eventsOn('ring:incoming').filter((event) => event.at >= since)).toEqual([])
  expect(bob.desktop.ringWindow.isOpen).toBe(false)

  // Still in the call, and media still flowing both ways.
  await Promise.all([waitInCall(alice, 1_000), waitInCall(bob, 1_000)])
  const [aliceMedia, bobMedia] = await Promise.all([measureMediaFlow(alice.page), measureMediaFlow(bob.page)])
  expect(aliceMedia.framesDecoded).toBeGreaterThan(5)
  expect(bobMedia.framesDecoded).toBeGreaterThan(5)
  expect(aliceMedia.audioEnergy).toBeGreaterThan(0)
  expect(bobMedia.audioEnergy).toBeGreaterThan(0)

  await hangUp(alice)
  await Promise.all([waitForEndedText(alice, 'Call ended'), waitForEndedText(bob, 'Call ended')])
  expect((await carol.invoke('history:list', {}))[0]).toMatchObject({ direction: 'outgoing', outcome: 'busy', peer: { username: 'bob' } })
})

test('no event main sent broke the IPC contract', () => {
  for (const client of [alice, bob, carol]) expect(client.contractViolations()).toEqual([])
})
