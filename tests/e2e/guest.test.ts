// Scenario 8, guest: a guest looks around but makes no video requests and cannot call.
import { beforeAll, expect, test } from 'vitest'
import { sleep } from '../support/harness/calls'
import { IpcCallError, type TestClient } from '../support/harness/client'
import { useHarness } from '../support/harness/use-harness'

const harness = useHarness()
let guest: TestClient

beforeAll(async () => {
  guest = await harness().startClient('guest')
  await guest.page.getByRole('button', { name: 'Continue as guest' }).click()
  await guest.page.getByRole('heading', { name: 'People' }).waitFor({ timeout: 15_000 })
})

test('a guest sees people but no Call button, and is told calls need an account', async () => {
  await guest.page.getByText('Video calls need an account.').waitFor()
  await guest.page.getByText('Bob Baker').first().waitFor({ timeout: 10_000 })
  expect(await guest.page.getByRole('button', { name: /^Call / }).count()).toBe(0)
})

test('a guest client makes no video requests, even when its page asks main for them', async () => {
  const attempts = await guest.page.evaluate(async () => {
    const bridge = (window as unknown as { shoutit: { invoke: (c: string, r: unknown) => Promise<{ ok: boolean; error?: { code: string } }> } }).shoutit
    return Promise.all([
      bridge.invoke('video:getToken', { minValidSeconds: 60 }),
      bridge.invoke('video:identity', { username: 'bob' }),
      bridge.invoke('video:ring', { identity: '0'.repeat(32), room: 'room-12345678', kind: 'video' })
    ])
  })
  for (const attempt of attempts) expect(attempt).toMatchObject({ ok: false, error: { code: 'guest' } })
  await expect(guest.invoke('video:getToken', { minValidSeconds: 60 })).rejects.toBeInstanceOf(IpcCallError)

  await sleep(1_000)
  expect(guest.requests.filter((request) => request.path.startsWith('/v3/twilio/'))).toEqual([])
  expect(harness().server.audit.list()).toEqual([])
  // Not rung either: a guest has no realtime subscription.
  expect(guest.pusherStats.created).toBe(0)
})
