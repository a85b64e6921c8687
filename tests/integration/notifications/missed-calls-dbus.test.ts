// Missed-call notifications end to end on Linux: MissedCallsService → the app's notifier
// (node-notifier, or notify-send with actions) → notify-send → D-Bus → a fake
// org.freedesktop.Notifications server on a private session bus.
import { createServer, type Server } from 'node:http'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { Notification } from '../../../common/api'
import type { Navigate } from '../../../common/ipc'
import { CallHistory } from '../../../main/services/calls/history'
import { MissedCallsService } from '../../../main/services/calls/missed-calls'
import { createDesktopNotifier, type NotifierBackend } from '../../../main/platform/notifier'
import { AvatarCache } from '../../../main/platform/notifier-avatars'
import { notifySendSupportsActions } from '../../../main/platform/notifier-notify-send'
import {
  dbusNotificationTestsCanRun,
  startNotificationSessionBus,
  type FakeNotificationDaemon,
  type NotificationSessionBus
} from '../../support/fake-notification-daemon'
import { FakeClock, MemoryStore, profile, quietLogger } from '../../unit/main/calls-fakes'

const canRun = dbusNotificationTestsCanRun('notifications D-Bus test')

// A 1×1 PNG, served as the caller's avatar.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64')

describe.skipIf(!canRun)('missed-call notifications over D-Bus', () => {
  let bus: NotificationSessionBus
  let daemon: FakeNotificationDaemon
  let avatarServer: Server
  let avatarBase: string
  let cacheDir: string

  beforeAll(async () => {
    bus = await startNotificationSessionBus()
    daemon = bus.daemon
    cacheDir = mkdtempSync(join(tmpdir(), 'avatars-'))
    avatarServer = createServer((request, response) => {
      if (request.url === '/alice.png') response.writeHead(200, { 'content-type': 'image/png' }).end(PNG)
      else response.writeHead(404).end()
    })
    await new Promise<void>((resolve) => avatarServer.listen(0, '127.0.0.1', resolve))
    const address = avatarServer.address()
    avatarBase = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  })

  afterAll(async () => {
    await bus?.stop()
    await new Promise((resolve) => avatarServer?.close(resolve))
    if (cacheDir) rmSync(cacheDir, { recursive: true, force: true })
  })

  function missedCall(id: string, username: string, clock: FakeClock): Notification {
    const caller = profile(username, { image: `${avatarBase}/${username}.png` })
    return {
      id,
      created_at: Math.floor(clock.now() / 1000),
      is_read: false,
      type: 'missed_video_call',
      display: { title: 'Missed video call', text: `You missed a call from ${caller.name}`, image: caller.image },
      attached_object: { profile: caller }
    }
  }

  function app(backend: NotifierBackend) {
    const clock = new FakeClock()
    const navigations: Navigate[] = []
    let shownMain = 0
    const notifier = createDesktopNotifier({
      appName: 'Shoutit',
      defaultIcon: '/nonexistent/shoutit.png',
      avatars: new AvatarCache({ directory: cacheDir, fetch }),
      logger: quietLogger,
      backend
    })
    const service = new MissedCallsService({
      store: new MemoryStore(),
      clock,
      history: new CallHistory({ store: new MemoryStore(), clock }),
      notifier,
      logger: quietLogger,
      api: { resetNotifications: async () => ({}) },
      doNotDisturb: () => false,
      endRingFrom: () => {},
      navigate: (target) => navigations.push(target),
      showMain: () => void shownMain++
    })
    return { clock, service, notifier, navigations, shownMain: () => shownMain }
  }

  it('node-notifier shows title, text and avatar; a missed call fetched again after a reconnect is shown once', async () => {
    const t = app('node-notifier')
    const before = daemon.notifications.length
    const offlineMiss = missedCall('nn-1', 'alice', t.clock)
    // Fetched after the first reconnect, then again after a second one (still unread on the server).
    expect(t.service.handleNotification(offlineMiss)).toBe('shown')
    await t.notifier.idle()
    expect(t.service.handleNotification(offlineMiss)).toBe('duplicate')
    t.service.handleNotification(missedCall('nn-2', 'bob', t.clock))
    await t.notifier.idle()

    const mine = daemon.notifications.slice(before)
    expect(mine.map((n) => [n.appName, n.summary, n.body])).toEqual([
      ['Shoutit', 'Missed video call', 'You missed a call from Alice'],
      ['Shoutit', 'Missed video call', 'You missed a call from Bob']
    ])
    expect(mine[0]!.icon).toMatch(new RegExp(`^${cacheDir}/[0-9a-f]{32}\\.png$`))
    // bob has no avatar on the server: the app icon stands in.
    expect(mine[1]!.icon).toBe('/nonexistent/shoutit.png')
  })

  it.skipIf(!notifySendSupportsActions())('with notify-send actions, "Call back" brings the app forward and calls', async () => {
    const t = app('notify-send-actions')
    expect(t.notifier.supportsActions).toBe(true)
    t.service.handleNotification(missedCall('ns-1', 'alice', t.clock))
    const shown = await daemon.waitFor((n) => n.body === 'You missed a call from Alice' && n.actions.length > 0)
    expect(shown.summary).toBe('Missed video call')
    expect(shown.actions).toEqual([
      ['default', 'Open'],
      ['call-back', 'Call back'],
      ['voice-call-back', 'Voice call back']
    ])
    daemon.invokeAction(shown.id, 'call-back')
    // A missed video call calls back with video (the kind the missed call had).
    await vi.waitFor(() => expect(t.navigations).toEqual([{ to: 'call', username: 'alice', confirm: false, video: true }]), { timeout: 5_000 })
    expect(t.shownMain()).toBe(1)

    t.service.handleNotification(missedCall('ns-2', 'carol', t.clock))
    const second = await daemon.waitFor((n) => n.body === 'You missed a call from Carol')
    daemon.invokeAction(second.id, 'default')
    await vi.waitFor(() => expect(t.navigations.at(-1)).toEqual({ to: 'profile', username: 'carol' }), { timeout: 5_000 })

    // A notification the user dismisses does nothing.
    t.service.handleNotification(missedCall('ns-3', 'dave', t.clock))
    const third = await daemon.waitFor((n) => n.body === 'You missed a call from Dave')
    daemon.close(third.id)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(t.navigations).toHaveLength(2)
    t.notifier.dispose()
  })
})
