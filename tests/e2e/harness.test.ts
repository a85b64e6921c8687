// The harness itself: a client's renderer really runs in Chromium, bound to its own
// composition through the contract, and nothing else gets through the binding.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import { launchChromium } from '../support/chromium'
import { startClient, type TestClient } from '../support/harness/client'

let browser: Browser
let dataRoot: string
let client: TestClient

beforeAll(async () => {
  browser = await launchChromium()
  dataRoot = await mkdtemp(path.join(tmpdir(), 'shoutit-e2e-harness-'))
  // No server at this address: the sign-in screen must still come up.
  client = await startClient({
    name: 'solo',
    dataDir: path.join(dataRoot, 'solo'),
    browser,
    rendererUrl: inject('rendererUrl'),
    serverUrl: 'http://127.0.0.1:9'
  })
})

afterAll(async () => {
  await client?.stop()
  await browser?.close()
  await rm(dataRoot, { recursive: true, force: true })
})

test('a signed-out client shows the sign-in screen, rendered from its own composition', async () => {
  await client.page.getByRole('heading', { name: 'Sign in to Shoutit' }).waitFor({ timeout: 15_000 })
  const invoked = [...client.bindings.values()].flatMap((binding) => binding.invokes.map((entry) => entry.channel))
  expect(invoked).toContain('session:get')
})

test('the page bridge refuses channels outside the contract and bad requests, like the preload', async () => {
  const outcome = await client.page.evaluate(async () => {
    const bridge = (window as unknown as { shoutit: { invoke: (c: string, r: unknown) => Promise<{ ok: boolean; error?: { code: string } }> } }).shoutit
    const unknown = await bridge.invoke('fs:readFile', {}).then(
      () => 'resolved',
      (error: Error) => error.message
    )
    const invalid = await bridge.invoke('people:get', { username: '../../etc' })
    return { unknown, invalid }
  })
  expect(outcome.unknown).toMatch(/unknown channel/)
  expect(outcome.invalid).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
})

test('a page that is not one of the client windows is refused by the router', async () => {
  const result = await client.main.ipc.invoke(424242, 'session:get', {})
  expect(result).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } })
})
