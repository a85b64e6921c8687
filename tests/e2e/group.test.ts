// Scenario, group call on p2p: alice calls bob, bob accepts, alice invites carol, whose ring
// says who else is in the call; all three see and hear the other two. Bob hangs up and the
// call goes on between alice and carol. Alice invites bob again and he declines; she invites
// dave while he is in a call with bob, and dave answers busy. Every history names who else was
// in the call.
import { beforeAll, expect, test } from 'vitest'
import type { Profile } from '../../common/api'
import { closeEndedCall, DISPLAY_NAMES, hangUp, pressCall, waitForEndedText, waitInCall } from '../support/harness/calls'
import type { TestClient } from '../support/harness/client'
import { invite, invitations, waitForInvitation, waitForMediaFromEach } from '../support/harness/group-calls'
import { useHarness } from '../support/harness/use-harness'

const DAVE = { name: 'Dave Dunn', email: 'dave@example.com', password: 'dave-password' }

/** Four clients on two busy cores: a ring window may take longer to come up than in the 1:1 scenarios. */
const SLOW_MS = 45_000

async function answerRing(callee: TestClient, button: 'Accept' | 'Decline') {
  const ring = await callee.ringPage(SLOW_MS)
  await ring.getByRole('button', { name: button, exact: true }).click({ timeout: SLOW_MS })
  return ring
}

const harness = useHarness({ server: { roomMemberLimit: 4 } })
let alice: TestClient
let bob: TestClient
let carol: TestClient
let dave: TestClient
let people: Record<'bob' | 'carol' | 'dave', Profile>
let groupRoom: string

beforeAll(async () => {
  ;[alice, bob, carol, dave] = await Promise.all([
    harness().signedInClient('alice'),
    harness().signedInClient('bob'),
    harness().signedInClient('carol'),
    harness().startClient('dave')
  ])
  // A fourth account, signed up as a new user would.
  const session = await dave.invoke('session:signUp', DAVE)
  if (session.state !== 'signed-in') throw new Error('dave could not sign up')
  await dave.page.getByRole('heading', { name: 'People' }).waitFor({ timeout: 15_000 })
  await dave.main.ready
  const [bobProfile, carolProfile, daveProfile] = await Promise.all([
    alice.invoke('people:get', { username: 'bob' }),
    alice.invoke('people:get', { username: 'carol' }),
    alice.invoke('people:get', { username: session.profile.username })
  ])
  people = { bob: bobProfile, carol: carolProfile, dave: daveProfile }
}, 90_000)

test('alice invites carol into her call with bob: carol is told who else is in it, and all three see and hear the other two', async () => {
  await pressCall(alice, DISPLAY_NAMES.bob)
  await answerRing(bob, 'Accept')
  await Promise.all([waitInCall(alice, SLOW_MS), waitInCall(bob, SLOW_MS)])
  groupRoom = bob.ringsReceived.at(-1)!.room

  await invite(alice, people.carol)
  await waitForInvitation(alice, 'carol', 'ringing')
  const ring = await carol.ringPage(SLOW_MS)
  await ring.getByText(`${DISPLAY_NAMES.alice} is calling you with ${DISPLAY_NAMES.bob}`).waitFor({ timeout: SLOW_MS })
  expect(carol.ringsReceived.at(-1)).toMatchObject({ room: groupRoom, caller: 'alice' })
  await ring.getByRole('button', { name: 'Accept', exact: true }).click({ timeout: SLOW_MS })
  await waitInCall(carol, SLOW_MS)
  await waitForInvitation(alice, 'carol', 'joined', SLOW_MS)

  // Each of the three receives moving video and audio from each of the other two.
  const media = await Promise.all([alice, bob, carol].map((client) => waitForMediaFromEach(client.page, 2, 45_000)))
  for (const fromEach of media) {
    expect(fromEach).toHaveLength(2)
    for (const flow of fromEach) {
      expect(flow.framesDecoded).toBeGreaterThan(0)
      expect(flow.audioEnergy).toBeGreaterThan(0)
    }
  }
}, 180_000)

test('bob hangs up: alice and carol stay in the call, still seeing and hearing each other', async () => {
  await hangUp(bob)
  await waitForEndedText(bob, 'Call ended', SLOW_MS)
  await Promise.all([waitInCall(alice, SLOW_MS), waitInCall(carol, SLOW_MS)])
  const [aliceMedia, carolMedia] = await Promise.all([waitForMediaFromEach(alice.page, 1, SLOW_MS), waitForMediaFromEach(carol.page, 1, SLOW_MS)])
  expect(aliceMedia[0]!.framesDecoded).toBeGreaterThan(0)
  expect(carolMedia[0]!.audioEnergy).toBeGreaterThan(0)
  await closeEndedCall(bob)
}, 120_000)

test('alice invites bob back and he declines: her invitation says declined, and the call goes on', async () => {
  const since = Date.now()
  await invite(alice, people.bob)
  await answerRing(bob, 'Decline')
  await waitForInvitation(alice, 'bob', 'declined', SLOW_MS)
  expect(harness().server.audit.list('video_reject').filter((entry) => entry.at >= since)).toMatchObject([{ reason: 'rejected', room: groupRoom }])
  await Promise.all([waitInCall(alice, SLOW_MS), waitInCall(carol, SLOW_MS)])
  expect((await invitations(alice)).map((invitation) => [invitation.profile.username, invitation.state])).toEqual([
    ['carol', 'joined'],
    ['bob', 'declined']
  ])
}, 120_000)

test('an invitation to someone in another call is answered busy, and nobody rings', async () => {
  await pressCall(bob, DAVE.name)
  await answerRing(dave, 'Accept')
  await Promise.all([waitInCall(bob, SLOW_MS), waitInCall(dave, SLOW_MS)])
  const since = Date.now()
  await invite(alice, people.dave)
  await waitForInvitation(alice, 'dave', 'busy', SLOW_MS)
  expect(harness().server.audit.list('video_reject').filter((entry) => entry.at >= since)).toMatchObject([{ reason: 'busy', room: groupRoom }])
  expect(dave.eventsOn('ring:incoming').filter((event) => event.at >= since)).toEqual([])
  await Promise.all([waitInCall(alice, SLOW_MS), waitInCall(carol, SLOW_MS), waitInCall(bob, SLOW_MS), waitInCall(dave, SLOW_MS)])
  await hangUp(bob)
  await Promise.all([waitForEndedText(bob, 'Call ended'), waitForEndedText(dave, 'Call ended')])
}, 120_000)

test('the histories name everyone else who was in the group call', async () => {
  await hangUp(alice)
  await Promise.all([waitForEndedText(alice, 'Call ended'), waitForEndedText(carol, 'Call ended')])
  const named = (participants: { username: string }[] | undefined) => (participants ?? []).map((person) => person.username).sort()
  await expect
    .poll(async () => {
      const [aliceHistory, bobHistory, carolHistory] = await Promise.all([alice, bob, carol].map((client) => client.invoke('history:list', {})))
      const ofGroup = (history: typeof aliceHistory) => history.find((record) => record.room === groupRoom && record.outcome === 'answered')
      const [a, b, c] = [ofGroup(aliceHistory), ofGroup(bobHistory), ofGroup(carolHistory)]
      return [
        [a?.direction, a?.peer.username, named(a?.participants)],
        [b?.direction, b?.peer.username, named(b?.participants)],
        [c?.direction, c?.peer.username, named(c?.participants)]
      ]
    }, { timeout: 10_000 })
    .toEqual([
      ['outgoing', 'bob', ['carol']],
      ['incoming', 'alice', ['carol']],
      ['incoming', 'alice', ['bob']]
    ])
})

test('no event main sent broke the IPC contract', () => {
  for (const client of [alice, bob, carol, dave]) expect(client.contractViolations()).toEqual([])
})
