// Server profiles: local by default, a custom address validated, and switching servers
// signing out cleanly (tokens wiped, realtime closed, requests going to the new server).
import { describe, expect, it } from 'vitest'
import { composeMain } from '../../../main/compose'
import { ServerDirectory, DEFAULT_LOCAL_SERVER_URL } from '../../../main/services/core/servers'
import { FakeApi } from '../../support/platform/fake-api'
import { FakeClock, settle } from '../../support/platform/fake-clock'
import { fakePusherFactory } from '../../support/platform/fake-pusher'
import { createTestPlatform } from '../../support/platform/platform'
import { memoryStores } from '../../support/platform/stores'

describe('server directory', () => {
  it('selects local by default and remembers the choice', () => {
    const stores = memoryStores()
    const servers = new ServerDirectory(stores('servers'))
    expect(servers.view()).toMatchObject({ selected: 'local', url: DEFAULT_LOCAL_SERVER_URL })
    expect(servers.view().profiles.map((profile) => profile.id)).toEqual(['production', 'development', 'local'])
    expect(servers.select({ id: 'custom', url: 'https://calls.example.org/' })).toBe(true)
    const again = new ServerDirectory(stores('servers'))
    expect(again.view()).toMatchObject({ selected: 'custom', url: 'https://calls.example.org' })
    expect(again.select({ id: 'custom', url: 'https://calls.example.org' })).toBe(false)
  })

  it('takes the local address from the platform', () => {
    expect(new ServerDirectory(memoryStores()('servers'), 'http://127.0.0.1:9999').currentUrl()).toBe('http://127.0.0.1:9999')
  })
})

describe('servers over IPC', () => {
  it('switching signs out, disconnects realtime and sends the next requests to the new server', async () => {
    const clock = new FakeClock()
    const api = new FakeApi({ clock })
    const origins: string[] = []
    const fetch: typeof globalThis.fetch = (input, init) => {
      origins.push(new URL(String(input)).origin)
      return api.fetch(input, init)
    }
    const platform = createTestPlatform({ clock, fetch, createPusher: fakePusherFactory() })
    const main = composeMain(platform)
    await main.ready
    await main.ipc.invoke(1, 'session:signIn', { login: 'alice', password: 'alice-pass' })
    await settle()
    const events: Array<{ channel: string; payload: unknown }> = []
    main.onEvent((event) => events.push(event))

    const result = await main.ipc.invoke(1, 'servers:select', { id: 'custom', url: 'https://calls.example.org' })
    expect(result).toMatchObject({ ok: true, value: { selected: 'custom', url: 'https://calls.example.org' } })
    expect(events).toContainEqual({ channel: 'session:changed', payload: expect.objectContaining({ state: 'signed-out' }) })
    expect(main.services.realtime.state().state).toBe('disconnected')

    const bad = await main.ipc.invoke(1, 'servers:select', { id: 'custom', url: 'file:///etc' })
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_request' } })

    await main.ipc.invoke(1, 'session:signIn', { login: 'alice', password: 'alice-pass' })
    expect(origins.at(-1)).toBe('https://calls.example.org')
    await main.dispose()
  })
})
