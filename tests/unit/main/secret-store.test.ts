// Secrets at rest: encrypted with the keyring, never in plaintext under the data directory,
// never written at all without a real keyring, and a changed keyring handled with a reason.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { composeMain, type MainHandle } from '../../../main/compose'
import type { SecretStorage } from '../../../main/services/core/platform'
import { FakeApi } from '../../support/platform/fake-api'
import { FakeClock, settle } from '../../support/platform/fake-clock'
import { fakePusherFactory } from '../../support/platform/fake-pusher'
import { createTestPlatform } from '../../support/platform/platform'
import { NoKeyring, TestKeyring } from '../../support/platform/secret-storage'
import { jsonFileStores } from '../../support/platform/stores'

const SENDER = 1
let dataDir: string
let clock: FakeClock
let api: FakeApi
const handles: MainHandle[] = []

beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'shoutit-secrets-'))
  clock = new FakeClock()
  api = new FakeApi({ clock })
})
afterEach(async () => {
  for (const handle of handles.splice(0)) await handle.dispose()
  rmSync(dataDir, { recursive: true, force: true })
})

function start(secretStorage: SecretStorage): MainHandle {
  const platform = createTestPlatform({ clock, fetch: api.fetch, secretStorage, createStore: jsonFileStores(dataDir), dataDir, createPusher: fakePusherFactory() })
  const handle = composeMain(platform)
  handles.push(handle)
  return handle
}

async function signIn(main: MainHandle): Promise<void> {
  await main.ready
  const result = await main.ipc.invoke(SENDER, 'session:signIn', { login: 'alice', password: 'alice-pass' })
  expect(result.ok).toBe(true)
  await settle()
  expect(api.videoAuths).toBe(1)
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name)
    return statSync(full).isDirectory() ? filesUnder(full) : [full]
  })
}

function sessionOf(result: Awaited<ReturnType<MainHandle['ipc']['invoke']>>) {
  return result.ok ? (result.value as { state: string; reason?: string; storage: { persistent: boolean; warning?: string } }) : undefined
}

describe('secret store', () => {
  it('writes no token in plaintext anywhere under the data directory', async () => {
    await signIn(start(new TestKeyring()))
    const secrets = api.allSecrets()
    expect(secrets.length).toBe(3) // access, refresh, video
    const files = filesUnder(dataDir)
    expect(files.length).toBeGreaterThan(0)
    for (const file of files) {
      const content = readFileSync(file, 'utf8')
      for (const secret of secrets) expect(content, file).not.toContain(secret)
    }
  })

  it('restores the session on the next start with the same keyring', async () => {
    const keyring = new TestKeyring()
    await signIn(start(keyring))
    await handles.pop()!.dispose()
    const again = start(keyring)
    await again.ready
    expect(sessionOf(await again.ipc.invoke(SENDER, 'session:get', {}))).toMatchObject({ state: 'signed-in' })
  })

  it('writes nothing without a real keyring and tells the user why', async () => {
    for (const keyring of [new NoKeyring('basic_text'), new NoKeyring('unavailable')]) {
      const main = start(keyring)
      const notices: unknown[] = []
      main.onEvent((event) => {
        if (event.channel === 'notice') notices.push(event.payload)
      })
      await signIn(main)
      const view = sessionOf(await main.ipc.invoke(SENDER, 'session:get', {}))
      expect(view).toMatchObject({ state: 'signed-in', storage: { persistent: false, warning: expect.stringMatching(/sign in again/) } })
      expect(notices).toEqual([{ level: 'warning', message: expect.stringMatching(/sign in again next time/) }])
      const written = filesUnder(dataDir).map((file) => readFileSync(file, 'utf8')).join('\n')
      for (const secret of api.allSecrets()) expect(written).not.toContain(secret)
      expect(filesUnder(dataDir).map((file) => path.basename(file))).not.toContain('secrets.json')
      await handles.pop()!.dispose()
      api.videoAuths = 0
    }
  })

  it('sign-out wipes every secret from disk', async () => {
    const main = start(new TestKeyring())
    await signIn(main)
    await main.ipc.invoke(SENDER, 'session:signOut', {})
    const stored = JSON.parse(readFileSync(path.join(dataDir, 'secrets.json'), 'utf8')) as Record<string, unknown>
    expect(stored).toEqual({})
  })

  it('sign-out revokes the tokens on the server, so a copied refresh token is worth nothing', async () => {
    const main = start(new TestKeyring())
    await signIn(main)
    const copied = api.allSecrets().filter((secret) => secret.startsWith('rt-'))
    expect(copied).toHaveLength(1)
    await main.ipc.invoke(SENDER, 'session:signOut', {})
    await settle()
    expect(api.revocations).toBe(1)
    expect(api.allSecrets().filter((secret) => secret.startsWith('rt-') || secret.startsWith('at-'))).toEqual([])
  })

  it('signs out at once and wipes the secrets when the server cannot be reached for the revocation', async () => {
    const main = start(new TestKeyring())
    await signIn(main)
    api.offline = true
    const result = await main.ipc.invoke(SENDER, 'session:signOut', {})
    expect(sessionOf(result)).toMatchObject({ state: 'signed-out' })
    await settle()
    expect(api.paths).toContain('POST /v3/oauth2/revoke')
    expect(JSON.parse(readFileSync(path.join(dataDir, 'secrets.json'), 'utf8'))).toEqual({})
  })

  it('migrates silently when a new keyring can read the old secrets', async () => {
    const keyring = new TestKeyring('kwallet5')
    await signIn(start(keyring))
    await handles.pop()!.dispose()
    const again = start(keyring.renamed('kwallet6'))
    await again.ready
    expect(sessionOf(await again.ipc.invoke(SENDER, 'session:get', {}))).toMatchObject({ state: 'signed-in' })
    const stored = JSON.parse(readFileSync(path.join(dataDir, 'secrets.json'), 'utf8')) as { backend: string }
    expect(stored.backend).toBe('kwallet6')
  })

  it('asks to sign in again, with the reason, when the keyring changed and cannot read the secrets', async () => {
    await signIn(start(new TestKeyring('gnome_libsecret')))
    await handles.pop()!.dispose()
    const again = start(new TestKeyring('kwallet6'))
    await again.ready
    const view = sessionOf(await again.ipc.invoke(SENDER, 'session:get', {}))
    expect(view).toMatchObject({ state: 'signed-out', reason: expect.stringMatching(/keyring changed \(from gnome_libsecret to kwallet6\)/) })
  })

  it('keeps the stored secrets for later when the keyring is missing on this start', async () => {
    const keyring = new TestKeyring('gnome_libsecret')
    await signIn(start(keyring))
    await handles.pop()!.dispose()
    const without = start(new NoKeyring('basic_text'))
    await without.ready
    expect(sessionOf(await without.ipc.invoke(SENDER, 'session:get', {}))).toMatchObject({
      state: 'signed-out',
      reason: expect.stringMatching(/gnome_libsecret, which is not available/)
    })
    await handles.pop()!.dispose()
    // The keyring is back: so is the session.
    const back = start(keyring)
    await back.ready
    expect(sessionOf(await back.ipc.invoke(SENDER, 'session:get', {}))).toMatchObject({ state: 'signed-in' })
  })
})
