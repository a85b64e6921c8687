// Scenarios 6 and 7: the clients sit idle while their tokens run out, and while the server
// restarts; the next call works without anyone noticing.
import Pusher from 'pusher'
import { beforeAll, beforeEach, expect, test } from 'vitest'
import { roomChannelName } from '../../common/api'
import {
  acceptRing,
  closeEndedCall,
  DISPLAY_NAMES,
  hangUp,
  pressCall,
  sleep,
  waitForEndedText,
  waitForMediaFlowing,
  waitInCall
} from '../support/harness/calls'
import type { TestClient } from '../support/harness/client'
import { useHarness } from '../support/harness/use-harness'

const VIDEO_TOKEN_TTL_SECONDS = 8
const ACCESS_TOKEN_TTL_SECONDS = 8

const harness = useHarness({
  server: {
    videoTokenTtlSeconds: VIDEO_TOKEN_TTL_SECONDS,
    videoTokenRemintRemainderSeconds: 1,
    accessTokenTtlSeconds: ACCESS_TOKEN_TTL_SECONDS
  }
})
let alice: TestClient
let bob: TestClient

beforeAll(async () => {
  ;[alice, bob] = await Promise.all([harness().signedInClient('alice'), harness().signedInClient('bob')])
})

beforeEach(async () => {
  await Promise.all([closeEndedCall(alice), closeEndedCall(bob)])
})

/** Anything the user was shown as a problem since `since`: error notices and alerts on screen. */
async function visibleProblems(client: TestClient, since: number): Promise<string[]> {
  const notices = client
    .eventsOn('notice')
    .filter((event) => event.at >= since && event.payload.level !== 'info')
    .map((event) => `notice: ${event.payload.message}`)
  const alerts = await client.page.getByRole('alert').allInnerTexts()
  return [...notices, ...alerts.map((text) => `alert: ${text}`)]
}

/** Members of the room's presence channel, asked through the server's events API as any Pusher tool would. */
async function roomMemberCount(room: string): Promise<number> {
  const { appId, key, secret, host, port } = harness().server.pusher
  const response = await new Pusher({ appId, key, secret, host, port: String(port), useTLS: false }).get({ path: `/channels/${roomChannelName(room)}/users` })
  return ((await response.json()) as { users: unknown[] }).users.length
}

async function answeredCall(): Promise<void> {
  await pressCall(alice, DISPLAY_NAMES.bob)
  await acceptRing(bob)
  await Promise.all([waitInCall(alice), waitInCall(bob)])
  await Promise.all([waitForMediaFlowing(alice.page), waitForMediaFlowing(bob.page)])
  await hangUp(bob)
  await Promise.all([waitForEndedText(alice, 'Call ended'), waitForEndedText(bob, 'Call ended')])
}

test('video and access tokens expire while both clients idle; the next call just works', async () => {
  const bobIdentityBefore = harness().server.audit.list('video_auth').filter((entry) => entry.profileId === bob.profileId).at(-1)?.identity
  expect(bobIdentityBefore).toMatch(/^[0-9a-f]{32}$/)
  const since = Date.now()
  await sleep((Math.max(VIDEO_TOKEN_TTL_SECONDS, ACCESS_TOKEN_TTL_SECONDS) + 4) * 1000)

  await answeredCall()

  // The call went to bob's current identity, a new one: his first token had expired.
  const ring = harness().server.audit.list('video_call').filter((entry) => entry.at >= since && !entry.missed)[0]!
  expect(ring.calleeIdentity).not.toBe(bobIdentityBefore)
  expect(await visibleProblems(alice, since)).toEqual([])
  expect(await visibleProblems(bob, since)).toEqual([])
  // Refreshing must not turn into a storm: a handful of token requests per client, not hundreds.
  const idleAuths = harness().server.audit.list('video_auth').filter((entry) => entry.at >= since)
  expect(idleAuths.length).toBeLessThan(20)
}, 60_000)

test('the server restarts while the clients idle: they reconnect by themselves and a ring gets through', async () => {
  const restartedAt = Date.now()
  await harness().restartServer(500)
  await Promise.all(
    [alice, bob].map((client) =>
      client.waitForEvent('realtime:stateChanged', (state) => state.state === 'connected', { since: restartedAt, timeoutMs: 60_000 })
    )
  )
  const since = Date.now()
  const timeline = (client: TestClient) =>
    client
      .eventsOn('realtime:stateChanged')
      .filter((event) => event.at >= restartedAt)
      .map((event) => `${event.payload.state}@${event.at - restartedAt}ms`)
      .join(' → ')
  console.log(`clients reconnected ${since - restartedAt} ms after the server restart began; alice: ${timeline(alice)}; bob: ${timeline(bob)}`)
  await answeredCall()
  expect(bob.ringsReceived.filter((ring) => ring.at >= since)).toHaveLength(1)
  expect(await visibleProblems(alice, since)).toEqual([])
  expect(await visibleProblems(bob, since)).toEqual([])
}, 120_000)

test('the server restarts during a call: the call goes on, and hanging up after it still ends it on both sides at once', async () => {
  await pressCall(alice, DISPLAY_NAMES.bob)
  await acceptRing(bob)
  await Promise.all([waitInCall(alice), waitInCall(bob)])
  await Promise.all([waitForMediaFlowing(alice.page), waitForMediaFlowing(bob.page)])

  // The audit starts afresh with the restarted server.
  const room = harness().server.audit.list('video_call').at(-1)?.room
  if (!room) throw new Error('the server recorded no room for the call')
  const restartedAt = Date.now()
  await harness().restartServer(500)
  await Promise.all(
    [alice, bob].map((client) =>
      client.waitForEvent('realtime:stateChanged', (state) => state.state === 'connected', { since: restartedAt, timeoutMs: 60_000 })
    )
  )
  // The call's own signalling comes back on its own schedule (1, 2, 4 … s into the outage),
  // as the server sees it: both back in the room's presence channel.
  await expect.poll(() => roomMemberCount(room), { timeout: 20_000, interval: 100 }).toBe(2)
  console.log(`after a server restart mid-call, both were back in the call's room ${Date.now() - restartedAt} ms after the restart began`)
  await Promise.all([waitInCall(alice, 1_000), waitInCall(bob, 1_000)])
  await Promise.all([waitForMediaFlowing(alice.page), waitForMediaFlowing(bob.page)])

  const hungUpAt = Date.now()
  await hangUp(alice)
  await waitForEndedText(bob, `${DISPLAY_NAMES.alice} hung up.`, 5_000)
  console.log(`after a server restart mid-call, bob saw alice hang up ${Date.now() - hungUpAt} ms after she did`)
}, 90_000)

test('no event main sent broke the IPC contract', () => {
  expect(alice.contractViolations()).toEqual([])
  expect(bob.contractViolations()).toEqual([])
})
