// Online status follows presence live: alice's People screen shows bob online, then offline
// when his client's realtime connection goes, then online again when it is back, without
// another search (docs/api.md §5, watch channels).
import { beforeAll, expect, test } from 'vitest'
import { DISPLAY_NAMES } from '../support/harness/calls'
import type { TestClient } from '../support/harness/client'
import { useHarness } from '../support/harness/use-harness'

const harness = useHarness()
let alice: TestClient
let bob: TestClient

beforeAll(async () => {
  ;[alice, bob] = await Promise.all([harness().signedInClient('alice'), harness().signedInClient('bob')])
})

test("bob's client disconnecting and connecting again flips his row on alice's People screen, with no new search", async () => {
  const people = alice.page.getByRole('list', { name: 'People' })
  const bobRow = people.getByRole('listitem').filter({ hasText: DISPLAY_NAMES.bob })
  await bobRow.getByText('Online', { exact: true }).waitFor({ timeout: 15_000 })
  const searches = () => alice.requests.filter((request) => request.method === 'GET' && request.path.startsWith('/v3/profiles')).length
  const searchesBefore = searches()

  bob.main.services.realtime.disconnect()
  await bobRow.getByText('Offline', { exact: true }).waitFor({ timeout: 10_000 })

  await bob.main.services.realtime.connect(bob.profileId)
  await bobRow.getByText('Online', { exact: true }).waitFor({ timeout: 10_000 })
  expect(searches()).toBe(searchesBefore)
})

test('no event main sent broke the IPC contract', () => {
  for (const client of [alice, bob]) expect(client.contractViolations()).toEqual([])
})
