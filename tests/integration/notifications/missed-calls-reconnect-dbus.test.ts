// The whole main composition (composeMain on the test platform, fake API and pusher) with
// the real notifier: a missed call made while the app was offline is fetched after each
// reconnect, and reaches the desktop notification server over D-Bus exactly once, also
// after signing out and in again, and after a restart of the services.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Notification } from '../../../common/api'
import { composeMain, type MainHandle } from '../../../main/compose'
import { createDesktopNotifier, type ClosableDesktopNotifier } from '../../../main/platform/notifier'
import { FakeApi } from '../../support/platform/fake-api'
import { FakeClock, settle } from '../../support/platform/fake-clock'
import { fakePusherFactory } from '../../support/platform/fake-pusher'
import { createTestPlatform } from '../../support/platform/platform'
import { TestKeyring } from '../../support/platform/secret-storage'
import { jsonFileStores } from '../../support/platform/stores'
import {
  dbusNotificationTestsCanRun,
  startNotificationSessionBus,
  type FakeNotificationDaemon,
  type NotificationSessionBus
} from '../../support/fake-notification-daemon'

const canRun = dbusNotificationTestsCanRun('reconnect D-Bus test')

describe.skipIf(!canRun)('missed call fetched after reconnects, over D-Bus', () => {
  let bus: NotificationSessionBus
  let daemon: FakeNotificationDaemon
  let dataDir: string

  beforeAll(async () => {
    bus = await startNotificationSessionBus()
    daemon = bus.daemon
    dataDir = mkdtempSync(join(tmpdir(), 'shoutit-data-'))
  })

  afterAll(async () => {
    await bus?.stop()
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  })

  it('shows it once', async () => {
    const clock = new FakeClock()
    const api = new FakeApi({ clock })
    const createStore = jsonFileStores(dataDir)
    const pushers = fakePusherFactory()
    // The same keyring across the restart, so the session (and with it the account's history) comes back.
    const secretStorage = new TestKeyring()
    const missed: Notification = {
      id: 'offline-1',
      created_at: Math.floor(clock.now() / 1000) - 600,
      is_read: false,
      type: 'missed_video_call',
      display: { title: 'Missed video call', text: 'You missed a call from Bob Builder', image: null },
      attached_object: { profile: { id: 'id-bob', username: 'bob', name: 'Bob Builder', type: 'user', first_name: '', last_name: '', image: null } }
    }
    api.notifications.push(missed)

    const boot = (): { main: MainHandle; notifier: ClosableDesktopNotifier } => {
      const platform = createTestPlatform({ clock, fetch: api.fetch, createPusher: pushers, createStore, secretStorage })
      const notifier = createDesktopNotifier({ appName: 'Shoutit', defaultIcon: '/nonexistent/icon.png', logger: platform.logger, backend: 'node-notifier' })
      platform.notifier = notifier
      return { main: composeMain(platform), notifier }
    }
    const reconnect = async (): Promise<void> => {
      await pushers.created.at(-1)!.connectAndSubscribe()
      await settle()
    }
    const shownForBob = () => daemon.notifications.filter((n) => n.body === 'You missed a call from Bob Builder')

    let app = boot()
    await app.main.ready
    await app.main.ipc.invoke(1, 'session:signIn', { login: 'alice', password: 'alice-pass' })
    await settle()
    await reconnect()
    await daemon.waitFor((n) => n.body === 'You missed a call from Bob Builder')
    await reconnect()
    await reconnect()
    // Every reconnect and every sign-in re-announces the unread missed calls; the notifier
    // remembers, per account and across restarts, which ones it has already shown.
    await app.main.ipc.invoke(1, 'session:signOut', {})
    await app.main.ipc.invoke(1, 'session:signIn', { login: 'alice', password: 'alice-pass' })
    await settle()
    await reconnect()
    await app.notifier.idle()
    expect(shownForBob()).toHaveLength(1)
    expect(shownForBob()[0]).toMatchObject({ appName: 'Shoutit', summary: 'Missed video call', icon: '/nonexistent/icon.png' })
    const count = await app.main.ipc.invoke(1, 'missed:count', {})
    expect(count).toEqual({ ok: true, value: { count: 1 } })
    await app.main.dispose()

    // A restart of the services: same data directory, new composition.
    app = boot()
    await app.main.ready
    await settle()
    await reconnect()
    await app.notifier.idle()
    expect(shownForBob()).toHaveLength(1)
    const history = await app.main.ipc.invoke(1, 'history:list', {})
    expect(history.ok && (history.value as Array<{ outcome: string; peer: { username: string } }>).map((r) => [r.peer.username, r.outcome])).toEqual([['bob', 'missed']])
    await app.main.dispose()
  })
})
