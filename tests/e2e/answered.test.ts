// Scenario 1, answered: alice calls bob, bob accepts; both see moving video and hear audio;
// either side hanging up ends the call on both; both histories say "answered" with a duration.
// A voice call rings as one and is answered with the camera off.
import { beforeAll, expect, test } from 'vitest'
import {
  acceptRing,
  closeEndedCall,
  DISPLAY_NAMES,
  hangUp,
  measureMediaFlow,
  pressCall,
  sleep,
  waitForEndedText,
  waitForMediaFlowing,
  waitInCall
} from '../support/harness/calls'
import type { TestClient } from '../support/harness/client'
import { useHarness } from '../support/harness/use-harness'

const harness = useHarness()
let alice: TestClient
let bob: TestClient

beforeAll(async () => {
  ;[alice, bob] = await Promise.all([harness().signedInClient('alice'), harness().signedInClient('bob')])
})

async function answeredCall(hangingUp: () => TestClient): Promise<void> {
  const since = Date.now()
  await pressCall(alice, DISPLAY_NAMES.bob)
  await acceptRing(bob)
  await Promise.all([waitInCall(alice), waitInCall(bob)])

  // Both see the other's camera move and receive the other's microphone.
  const [aliceMedia, bobMedia] = await Promise.all([waitForMediaFlowing(alice.page), waitForMediaFlowing(bob.page)])
  expect(aliceMedia.framesDecoded).toBeGreaterThan(5)
  expect(bobMedia.framesDecoded).toBeGreaterThan(5)
  expect(aliceMedia.audioEnergy).toBeGreaterThan(0)
  expect(bobMedia.audioEnergy).toBeGreaterThan(0)

  await sleep(1100) // long enough for a non-zero duration
  await hangUp(hangingUp())
  await Promise.all([waitForEndedText(alice, 'Call ended'), waitForEndedText(bob, 'Call ended')])

  // The server saw one ring for one room, answered (no missed POST).
  const calls = harness().server.audit.list('video_call').filter((entry) => entry.at >= since)
  const rings = calls.filter((entry) => !entry.missed)
  expect(rings.length).toBeGreaterThanOrEqual(1)
  expect(new Set(rings.map((entry) => entry.room)).size).toBe(1)
  expect(rings[0]).toMatchObject({ callerUsername: 'alice', available: true })
  expect(calls.filter((entry) => entry.missed)).toHaveLength(0)
}

test('alice calls bob, bob accepts, media flows both ways, alice hangs up and it ends on both sides', async () => {
  await answeredCall(() => alice)

  const [aliceHistory, bobHistory] = await Promise.all([alice.invoke('history:list', {}), bob.invoke('history:list', {})])
  expect(aliceHistory[0]).toMatchObject({ direction: 'outgoing', outcome: 'answered', peer: { username: 'bob' } })
  expect(bobHistory[0]).toMatchObject({ direction: 'incoming', outcome: 'answered', peer: { username: 'alice' } })
  expect(aliceHistory[0]?.durationSeconds).toBeGreaterThanOrEqual(1)
  expect(bobHistory[0]?.durationSeconds).toBeGreaterThanOrEqual(1)
})

test('the callee hanging up ends it on both sides too, and both histories show it with a duration', async () => {
  for (const client of [alice, bob]) {
    await client.page.getByRole('button', { name: 'Close' }).click()
  }
  await answeredCall(() => bob)

  for (const client of [alice, bob]) {
    await client.page.getByRole('button', { name: 'Close' }).click()
    // What a person sees in Recent calls: the answered call and how long it lasted.
    await client.page.getByText(/(Outgoing|Incoming) call, \d+ (sec|min)/).first().waitFor({ timeout: 10_000 })
  }
  const bobHistory = await bob.invoke('history:list', {})
  expect(bobHistory.filter((record) => record.outcome === 'answered')).toHaveLength(2)
})

test('bob answers with audio only from the ring window: alice sees his camera is off and hears him, and his camera can come on later', async () => {
  for (const client of [alice, bob]) await closeEndedCall(client)
  await pressCall(alice, DISPLAY_NAMES.bob)
  const ring = await bob.ringPage()
  await ring.getByRole('button', { name: 'Answer with audio only' }).click({ timeout: 15_000 })
  await Promise.all([waitInCall(alice), waitInCall(bob)])

  const bobsCamera = bob.page.getByRole('toolbar', { name: 'Call controls' }).getByRole('button', { name: 'Camera', pressed: false })
  await bobsCamera.waitFor()
  await alice.page.getByText('Camera is off', { exact: true }).waitFor({ timeout: 15_000 })
  // Bob still sees and hears alice; alice hears bob but receives no video frames from him.
  expect((await waitForMediaFlowing(bob.page)).framesDecoded).toBeGreaterThan(5)
  await expect.poll(async () => (await measureMediaFlow(alice.page, 1000)).audioEnergy, { timeout: 15_000 }).toBeGreaterThan(0)
  expect((await measureMediaFlow(alice.page, 1000)).framesDecoded).toBe(0)

  await bobsCamera.click()
  await alice.page.getByText('Camera is off', { exact: true }).waitFor({ state: 'detached', timeout: 15_000 })
  expect((await waitForMediaFlowing(alice.page)).framesDecoded).toBeGreaterThan(5)

  await hangUp(alice)
  await Promise.all([waitForEndedText(alice, 'Call ended'), waitForEndedText(bob, 'Call ended')])
})

test('alice voice-calls bob: his ring says it is a voice call, and Accept answers it with his camera off', async () => {
  for (const client of [alice, bob]) await closeEndedCall(client)
  const voiceCall = alice.page.getByRole('button', { name: `Voice call ${DISPLAY_NAMES.bob}`, exact: true })
  await voiceCall.click({ timeout: 15_000 })
  const ring = await bob.ringPage()
  await ring.getByText('Incoming voice call · @alice').waitFor({ timeout: 15_000 })
  await ring.getByRole('button', { name: 'Accept', exact: true }).click()
  await Promise.all([waitInCall(alice), waitInCall(bob)])
  await bob.page.getByRole('toolbar', { name: 'Call controls' }).getByRole('button', { name: 'Camera', pressed: false }).waitFor()
  await hangUp(alice)
  await Promise.all([waitForEndedText(alice, 'Call ended'), waitForEndedText(bob, 'Call ended')])
})

test('no event main sent broke the IPC contract', () => {
  expect(alice.contractViolations()).toEqual([])
  expect(bob.contractViolations()).toEqual([])
})
