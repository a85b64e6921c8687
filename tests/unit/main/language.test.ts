// Main's language as the app runs it: composeMain on the test platform with the OS's
// languages and a recording tray and shell. The setting overrides the OS, the renderer is
// told, the tray and the quit question follow at once, and a bad setting is refused.
import { afterEach, describe, expect, it } from 'vitest'
import { composeMain, type MainHandle } from '../../../main/compose'
import type { ConfirmRequest, DesktopPorts } from '../../../main/services/desktop/ports'
import type { TrayView } from '../../../main/services/desktop/tray-view'
import { FakeApi } from '../../support/platform/fake-api'
import { FakeClock, settle } from '../../support/platform/fake-clock'
import { fakePusherFactory } from '../../support/platform/fake-pusher'
import { createTestPlatform } from '../../support/platform/platform'

const WINDOW = 1
let main: MainHandle | undefined

afterEach(async () => {
  await main?.dispose()
  main = undefined
})

function start(osLanguages: readonly string[], fetch?: typeof globalThis.fetch) {
  const clock = new FakeClock()
  const api = new FakeApi({ clock })
  const views: TrayView[] = []
  const confirms: ConfirmRequest[] = []
  let guard: (() => Promise<boolean>) | undefined
  const desktop: DesktopPorts = {
    tray: { render: (view) => void views.push(view), onAction: () => () => undefined, destroy: () => undefined },
    shell: {
      setBadgeCount: () => undefined,
      confirm: async (request) => {
        confirms.push(request)
        return false
      },
      quit: () => undefined,
      setQuitGuard: (next) => void (guard = next),
      onMainWindowClosed: () => () => undefined
    }
  }
  const platform = { ...createTestPlatform({ clock, fetch: fetch ?? api.fetch, createPusher: fakePusherFactory() }), preferredLanguages: () => osLanguages, desktop }
  const handle = composeMain(platform, { autoStart: false })
  main = handle
  const events: unknown[] = []
  handle.onEvent((event) => {
    if (event.channel === 'app:languageChanged') events.push(event.payload)
  })
  const lastTray = () => views[views.length - 1]
  return { handle, events, lastTray, confirms, quitGuard: () => guard }
}

describe('the language main speaks', () => {
  it('follows the OS: an Austrian German system gets German, a French one English', async () => {
    const austrian = start(['de-AT', 'en-US'])
    expect(await austrian.handle.ipc.invoke(WINDOW, 'app:language', {})).toEqual({ ok: true, value: { language: 'de', system: 'de' } })
    expect(austrian.lastTray()?.tooltip).toBe('Shoutit — Abgemeldet')
    expect(austrian.lastTray()?.menu.at(-1)).toMatchObject({ label: 'Shoutit beenden' })
    await austrian.handle.dispose()

    const french = start(['fr-FR'])
    expect(await french.handle.ipc.invoke(WINDOW, 'app:language', {})).toEqual({ ok: true, value: { language: 'en', system: 'en' } })
    expect(french.lastTray()?.tooltip).toBe('Shoutit — Signed out')
  })

  it('lets the setting override the OS, tells the windows, and re-words the tray at once', async () => {
    const app = start(['de-DE'])
    const changed = await app.handle.ipc.invoke(WINDOW, 'settings:update', { language: 'en' })
    expect(changed).toMatchObject({ ok: true, value: { language: 'en' } })
    await settle()
    expect(app.events).toEqual([{ language: 'en', system: 'de' }])
    expect(app.lastTray()?.tooltip).toBe('Shoutit — Signed out')
    expect(app.handle.services.language.t('call.hangUp')).toBe('Hang up')

    await app.handle.ipc.invoke(WINDOW, 'settings:update', { language: 'system' })
    expect(app.events.at(-1)).toEqual({ language: 'de', system: 'de' })
    expect(app.lastTray()?.tooltip).toBe('Shoutit — Abgemeldet')
  })

  it('asks the quit question in the current language', async () => {
    const app = start(['de'])
    app.handle.services.calls.coordinator.setActivity('in-call')
    await app.quitGuard()?.()
    expect(app.confirms.at(-1)).toEqual({
      message: 'Du bist in einem Anruf.',
      detail: 'Wenn du Shoutit beendest, legst du auf.',
      confirmLabel: 'Auflegen und beenden',
      cancelLabel: 'Im Anruf bleiben'
    })
  })

  it("words main's own refusals in German; the server's words pass through", async () => {
    const app = start(['de-DE'])
    expect(await app.handle.ipc.invoke(WINDOW, 'people:search', { search: '', page: 1 })).toMatchObject({
      ok: false,
      error: { code: 'not_signed_in', message: 'Du bist nicht angemeldet.' }
    })
    await app.handle.dispose()

    const offline = start(['de-DE'], async () => {
      throw new TypeError('fetch failed')
    })
    const refused = await offline.handle.ipc.invoke(WINDOW, 'session:signIn', { login: 'alice', password: 'alice-pass' })
    expect(refused).toMatchObject({ ok: false, error: { code: 'network', message: expect.stringMatching(/^Der Shoutit-Server unter .+ ist nicht erreichbar\./) } })
  })

  it('refuses a language it does not have, at the IPC boundary', async () => {
    const app = start(['en'])
    const refused = await app.handle.ipc.invoke(WINDOW, 'settings:update', { language: 'fr' })
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    expect(app.handle.services.settings.get().language).toBe('system')
    expect(app.events).toEqual([])
  })
})
