// The calls and desktop features as the app runs them: composeMain on the test platform, pushes through
// the fake pusher, the renderer's calls through the IPC router, the desktop surfaces
// (tray, ring window, badge, display sleep, login item, quit guard, deep links) recorded.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Notification } from '../../../common/api'
import type { CallRecord } from '../../../common/calls'
import { composeMain, type MainHandle } from '../../../main/compose'
import type { Unsubscribe } from '../../../main/services/core/emitter'
import type { ConfirmRequest, DesktopPorts } from '../../../main/services/desktop/ports'
import type { TrayAction, TrayView } from '../../../main/services/desktop/tray-view'
import type { DesktopNotification } from '../../../main/services/core/platform'
import { FakeApi } from '../../support/platform/fake-api'
import { FakeClock, settle } from '../../support/platform/fake-clock'
import { fakePusherFactory, type FakeChannel, type FakePusher } from '../../support/platform/fake-pusher'
import { createTestPlatform, type TestPlatform } from '../../support/platform/platform'

const WINDOW = 1
const CALLER_IDENTITY = 'b'.repeat(32)

class RecordingDesktop {
  readonly views: TrayView[] = []
  readonly ringWindow: string[] = []
  /** preload/destroy, apart from the open/close of each ring. */
  readonly ringWindowLoads: string[] = []
  readonly sleep: string[] = []
  readonly loginItem: boolean[] = []
  readonly badge: number[] = []
  readonly themes: string[] = []
  readonly confirms: ConfirmRequest[] = []
  confirmAnswer = false
  quitGuard: (() => Promise<boolean>) | undefined
  quits = 0
  #trayListener: ((action: TrayAction) => void) | undefined
  #closeListener: (() => void) | undefined
  #linkListener: ((raw: string) => void) | undefined

  ports(launchedAtLogin = false): DesktopPorts {
    return {
      tray: {
        render: (view) => void this.views.push(view),
        onAction: (listener) => this.#set(() => (this.#trayListener = listener), () => (this.#trayListener = undefined)),
        destroy: () => {}
      },
      ringWindow: {
        open: () => void this.ringWindow.push('open'),
        close: () => void this.ringWindow.push('close'),
        preload: () => void this.ringWindowLoads.push('preload'),
        destroy: () => void this.ringWindowLoads.push('destroy')
      },
      displaySleep: { preventSleep: () => void this.sleep.push('prevent'), allowSleep: () => void this.sleep.push('allow') },
      loginItem: { setEnabled: (enabled) => void this.loginItem.push(enabled), launchedAtLogin },
      theme: { setTheme: (theme) => void this.themes.push(theme) },
      shell: {
        setBadgeCount: (count) => void this.badge.push(count),
        confirm: async (request) => {
          this.confirms.push(request)
          return this.confirmAnswer
        },
        quit: () => void this.quits++,
        setQuitGuard: (guard) => void (this.quitGuard = guard),
        onMainWindowClosed: (listener) => this.#set(() => (this.#closeListener = listener), () => (this.#closeListener = undefined))
      },
      deepLinks: { onLink: (listener) => this.#set(() => (this.#linkListener = listener), () => (this.#linkListener = undefined)) }
    }
  }
  get tray(): TrayView {
    return this.views.at(-1)!
  }
  click(action: TrayAction): void {
    this.#trayListener?.(action)
  }
  closeMainWindow(): void {
    this.#closeListener?.()
  }
  openLink(raw: string): void {
    this.#linkListener?.(raw)
  }
  #set(on: () => void, off: () => void): Unsubscribe {
    on()
    return off
  }
}

let clock: FakeClock
let api: FakeApi
let platform: TestPlatform
let desktop: RecordingDesktop
let notifications: DesktopNotification[]
let main: MainHandle
let pusher: FakePusher
let channel: FakeChannel

const sent = (channelName: string) => platform.windows.sent.filter((event) => event.channel === channelName).map((event) => event.payload)
const invoke = async (name: string, request: unknown = {}) => main.ipc.invoke(WINDOW, name, request)
const caller = (username = 'bob') => ({ id: `id-${username}`, username, name: username.toUpperCase(), type: 'user' as const, image: null })
const ringPush = (room: string, username = 'bob', kind?: 'video' | 'voice') => ({
  ...caller(username),
  video_call: { room, identity: CALLER_IDENTITY, ...(kind ? { kind } : {}) }
})
const missedPush = (id: string, username = 'bob'): Notification => ({
  id,
  created_at: Math.floor(clock.now() / 1000),
  is_read: false,
  type: 'missed_video_call',
  display: { title: 'Missed video call', text: `You missed a call from ${username.toUpperCase()}`, image: null },
  attached_object: { profile: { ...caller(username), first_name: '', last_name: '' } }
})

async function start(launchedAtLogin = false): Promise<void> {
  clock = new FakeClock()
  api = new FakeApi({ clock })
  const pushers = fakePusherFactory()
  platform = createTestPlatform({ clock, fetch: api.fetch, createPusher: pushers })
  desktop = new RecordingDesktop()
  notifications = []
  platform.desktop = desktop.ports(launchedAtLogin)
  platform.notifier = { supportsActions: true, notify: (n) => void notifications.push(n) }
  main = composeMain(platform)
  await main.ready
  await invoke('session:signIn', { login: 'alice', password: 'alice-pass' })
  await settle()
  pusher = pushers.created.at(-1)!
  await pusher.connectAndSubscribe()
  await settle()
  channel = [...pusher.channels.values()][0]!
}

beforeEach(async () => {
  await start()
})
afterEach(async () => {
  await main.dispose()
})

describe('calls and desktop wiring in composeMain', () => {
  it('registers every ring, call, history, missed and settings channel', () => {
    for (const name of ['ring:current', 'ring:accept', 'ring:decline', 'call:activity', 'call:finished', 'history:list', 'history:clear', 'history:restoreCleared', 'missed:markSeen', 'missed:count', 'settings:get', 'settings:update']) {
      expect(main.ipc.channels()).toContain(name)
    }
  })

  it('rings once per room: window, event, tray; Accept opens the main window in the call once the renderer is ready', async () => {
    channel.emit('incoming_video_call', ringPush('room-bbbb01'))
    channel.emit('incoming_video_call', ringPush('room-bbbb01'))
    expect(sent('ring:incoming')).toHaveLength(1)
    expect(desktop.ringWindow).toEqual(['open'])
    expect(desktop.tray.icon).toBe('ringing')
    expect(desktop.tray.menu[0]).toMatchObject({ label: 'Answer video call from BOB' })
    expect(await invoke('ring:current')).toMatchObject({ ok: true, value: { room: 'room-bbbb01' } })

    expect(await invoke('ring:accept', { room: 'room-bbbb01' })).toEqual({ ok: true, value: { ok: true } })
    expect(sent('ring:ended')).toEqual([{ room: 'room-bbbb01', reason: 'accepted' }])
    expect(desktop.ringWindow).toEqual(['open', 'close'])
    expect(platform.windows.shown).toBeGreaterThan(0)
    expect(sent('navigate')).toEqual([])
    await invoke('app:ready')
    expect(sent('navigate')).toEqual([{ to: 'answer', room: 'room-bbbb01', callerIdentity: CALLER_IDENTITY, caller: expect.objectContaining({ username: 'bob' }), video: true }])
    expect(await invoke('ring:accept', { room: 'room-bbbb01' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
  })

  it('keeps voice or video in the history: from the ring, from video:ring, and for a missed ring; the tray calls back with that kind', async () => {
    await invoke('app:ready')
    channel.emit('incoming_video_call', ringPush('room-bbbb21', 'bob', 'voice'))
    expect(desktop.tray.menu[0]).toMatchObject({ label: 'Answer voice call from BOB', action: { type: 'accept' } })
    expect(await invoke('ring:accept', { room: 'room-bbbb21', video: false })).toMatchObject({ ok: true })
    await invoke('call:finished', { direction: 'incoming', peer: caller('bob'), room: 'room-bbbb21', startedAt: clock.now(), durationSeconds: 3, outcome: 'answered' })

    // The renderer rings carol as a voice call; what the fake server answers does not matter here, the kind was asked for.
    await invoke('video:ring', { identity: 'c'.repeat(32), room: 'room-cccc22', kind: 'voice' })
    await invoke('call:finished', { direction: 'outgoing', peer: caller('carol'), room: 'room-cccc22', startedAt: clock.now(), outcome: 'missed' })

    channel.emit('incoming_video_call', ringPush('room-dddd23', 'dave', 'video'))
    await clock.advance(45_000)

    const list = await invoke('history:list')
    expect(list.ok && (list.value as CallRecord[]).map((record) => [record.peer.username, record.outcome, record.kind])).toEqual([
      ['dave', 'missed', 'video'],
      ['carol', 'missed', 'voice'],
      ['bob', 'answered', 'voice']
    ])
    const recent = desktop.tray.menu.find((item) => item.kind === 'submenu')
    const actions = recent?.kind === 'submenu' ? recent.items.map((item) => item.kind === 'item' && item.action) : []
    expect(actions).toEqual([
      { type: 'call-back', username: 'dave', video: true },
      { type: 'call-back', username: 'carol', video: false },
      { type: 'call-back', username: 'bob', video: false }
    ])
    desktop.click({ type: 'call-back', username: 'bob', video: false })
    await settle()
    expect(sent('navigate').at(-1)).toEqual({ to: 'call', username: 'bob', confirm: true, video: false })
  })

  it('answers with audio only from the ring window or the tray: the call opens with the camera off', async () => {
    await invoke('app:ready')
    channel.emit('incoming_video_call', ringPush('room-bbbb05'))
    expect(await invoke('ring:accept', { room: 'room-bbbb05', video: false })).toEqual({ ok: true, value: { ok: true } })
    expect(sent('navigate').at(-1)).toMatchObject({ to: 'answer', room: 'room-bbbb05', video: false })
    await invoke('call:finished', { direction: 'incoming', peer: caller('bob'), room: 'room-bbbb05', startedAt: clock.now(), durationSeconds: 3, outcome: 'answered' })

    channel.emit('incoming_video_call', ringPush('room-bbbb06'))
    expect(desktop.tray.menu[1]).toMatchObject({ label: 'Answer with audio only', action: { type: 'accept-audio' } })
    desktop.click({ type: 'accept-audio' })
    await settle()
    expect(sent('navigate').at(-1)).toMatchObject({ to: 'answer', room: 'room-bbbb06', video: false })
    await invoke('call:finished', { direction: 'incoming', peer: caller('bob'), room: 'room-bbbb06', startedAt: clock.now(), durationSeconds: 3, outcome: 'answered' })

    expect(await invoke('ring:accept', { room: 'room-bbbb06', video: 'no' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
  })

  it("a voice call rings as one, and the tray's Answer takes it with audio only", async () => {
    await invoke('app:ready')
    channel.emit('incoming_video_call', ringPush('room-bbbb07', 'bob', 'voice'))
    expect(sent('ring:incoming').at(-1)).toMatchObject({ room: 'room-bbbb07', kind: 'voice' })
    expect(await invoke('ring:current')).toMatchObject({ ok: true, value: { room: 'room-bbbb07', kind: 'voice' } })
    desktop.click({ type: 'accept' })
    await settle()
    expect(sent('navigate').at(-1)).toMatchObject({ to: 'answer', room: 'room-bbbb07', video: false })
  })

  it('a ring from a server that does not say its kind is a video call', async () => {
    channel.emit('incoming_video_call', ringPush('room-bbbb08'))
    expect(sent('ring:incoming').at(-1)).toMatchObject({ room: 'room-bbbb08', kind: 'video' })
  })

  it('a group call: the tray names everyone in it as they come and go, and the display stays awake once', async () => {
    const carol = caller('carol')
    const dan = { id: caller('dan').id, username: 'dan', name: 'Dan Doe' }
    await invoke('call:activity', { activity: 'in-call', room: 'room-mine0002', peer: carol })
    expect(desktop.tray.tooltip).toContain('In a call with CAROL')
    await invoke('call:activity', { activity: 'in-call', room: 'room-mine0002', peer: carol, inCallWith: [{ id: carol.id, username: carol.username, name: carol.name }, dan] })
    expect(desktop.tray.tooltip).toContain('In a call with CAROL and Dan Doe')
    // Carol left; Dan is still there.
    await invoke('call:activity', { activity: 'in-call', room: 'room-mine0002', peer: carol, inCallWith: [dan] })
    expect(desktop.tray.tooltip).toContain('In a call with Dan Doe')
    expect(desktop.tray.tooltip).not.toContain('CAROL')
    expect(desktop.sleep).toEqual(['prevent'])
    await invoke('call:activity', { activity: 'idle' })
    expect(desktop.tray.tooltip).not.toContain('In a call')
    expect(await invoke('call:activity', { activity: 'in-call', inCallWith: [{ id: 'x', username: 'x', name: 'X', extra: 1 }] })).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
  })

  it('during a call: display kept awake, callers answered busy, quitting asks first', async () => {
    await invoke('call:activity', { activity: 'in-call', room: 'room-mine0001', peer: caller('carol') })
    expect(desktop.sleep).toEqual(['prevent'])
    expect(desktop.tray.icon).toBe('in-call')
    expect(desktop.tray.tooltip).toContain('In a call with CAROL')

    channel.emit('incoming_video_call', ringPush('room-bbbb02'))
    await settle()
    expect(sent('ring:incoming')).toHaveLength(0)
    expect(api.paths).toContain('POST /v3/twilio/video_reject')

    desktop.click({ type: 'quit' })
    expect(desktop.quits).toBe(1)
    expect(await desktop.quitGuard!()).toBe(false)
    expect(desktop.confirms).toHaveLength(1)

    await invoke('call:activity', { activity: 'idle' })
    expect(desktop.sleep).toEqual(['prevent', 'allow'])
    expect(await desktop.quitGuard!()).toBe(true)
    expect(desktop.confirms).toHaveLength(1)
  })

  it('Decline sends video_reject and is recorded; call:finished records outgoing calls', async () => {
    const changesBefore = sent('history:changed').length
    channel.emit('incoming_video_call', ringPush('room-bbbb03'))
    expect(await invoke('ring:decline', { room: 'room-bbbb03' })).toEqual({ ok: true, value: { ok: true } })
    expect(api.paths).toContain('POST /v3/twilio/video_reject')
    await invoke('call:finished', { direction: 'outgoing', peer: caller('dave'), startedAt: clock.now() + 1, durationSeconds: 125, outcome: 'answered' })
    const list = await invoke('history:list')
    expect(list.ok && list.value).toMatchObject([
      { direction: 'outgoing', outcome: 'answered', durationSeconds: 125 },
      { direction: 'incoming', outcome: 'declined' }
    ])
    expect(sent('history:changed')).toHaveLength(changesBefore + 2)
    const recent = desktop.tray.menu.find((item) => item.kind === 'submenu')
    expect(recent && recent.kind === 'submenu' && recent.items.map((item) => item.kind === 'item' && item.label)).toEqual(['↗ DAVE — video call, answered, 2 min', '↙ BOB — video call, declined'])
  })

  it('Undo of Clear call history: history:restoreCleared brings the cleared records back, and takes no payload', async () => {
    await invoke('call:finished', { direction: 'outgoing', peer: caller('dave'), startedAt: clock.now(), durationSeconds: 9, outcome: 'answered' })
    const before = await invoke('history:list')
    expect(await invoke('history:clear')).toEqual({ ok: true, value: { ok: true } })
    expect(await invoke('history:list')).toEqual({ ok: true, value: [] })
    expect(await invoke('history:restoreCleared', { records: [] })).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    expect(await invoke('history:restoreCleared')).toEqual({ ok: true, value: { ok: true } })
    expect(await invoke('history:list')).toEqual(before)
    expect(sent('history:changed').at(-1)).toEqual(before.ok && before.value)
  })

  it('a missed call: one notification even after a reconnect, tray and badge, cleared when seen', async () => {
    const missed = missedPush('n-1')
    channel.emit('new_notification', missed)
    expect(notifications.map((n) => [n.title, n.body])).toEqual([['Missed video call', 'You missed a call from BOB']])
    expect(sent('missed:countChanged')).toEqual([{ count: 1 }])
    expect(desktop.badge.at(-1)).toBe(1)
    expect(desktop.tray.icon).toBe('missed')
    expect(desktop.tray.tooltip).toContain('1 missed call')

    api.notifications.push(missed)
    await pusher.connectAndSubscribe()
    await settle()
    expect(notifications).toHaveLength(1)

    expect(await invoke('missed:markSeen')).toEqual({ ok: true, value: { ok: true } })
    expect(api.paths).toContain('POST /v3/notifications/reset')
    expect(await invoke('missed:count')).toEqual({ ok: true, value: { count: 0 } })
    expect(desktop.badge.at(-1)).toBe(0)
    expect(desktop.tray.icon).toBe('online')

    notifications[0]!.onActivate('call-back')
    await invoke('app:ready')
    expect(sent('navigate')).toEqual([{ to: 'call', username: 'bob', confirm: false, video: true }])
  })

  it('do not disturb: no ring window, nothing to answer, still recorded as missed', async () => {
    expect(await invoke('settings:update', { doNotDisturb: true })).toMatchObject({ ok: true, value: { doNotDisturb: true } })
    expect(sent('settings:changed')).toHaveLength(1)
    channel.emit('incoming_video_call', ringPush('room-bbbb04'))
    expect(desktop.ringWindow).toEqual([])
    expect(sent('ring:incoming')).toEqual([])
    expect(await invoke('ring:current')).toEqual({ ok: true, value: null })
    await clock.advance(45_000)
    const list = await invoke('history:list')
    expect(list.ok && (list.value as CallRecord[]).map((r) => r.outcome)).toEqual(['missed'])
    expect(sent('ring:ended')).toEqual([])
  })

  it('tray actions: do not disturb, launch at login, call…', async () => {
    expect(desktop.loginItem).toEqual([false])
    desktop.click({ type: 'toggle-launch-at-login' })
    expect(desktop.loginItem).toEqual([false, true])
    desktop.click({ type: 'toggle-dnd' })
    const settings = await invoke('settings:get')
    expect(settings.ok && settings.value).toMatchObject({ doNotDisturb: true, launchAtLogin: true })
    expect(desktop.tray.menu.filter((item) => item.kind === 'checkbox').map((item) => item.kind === 'checkbox' && item.checked)).toEqual([true, true])
    desktop.click({ type: 'call' })
    await invoke('app:ready')
    expect(sent('navigate')).toEqual([{ to: 'people' }])
  })

  it('deep links: buffered until ready, bad ones refused with a notice', async () => {
    desktop.openLink('shoutit://call/carol')
    desktop.openLink('shoutit://call/carol/../eve')
    expect(sent('navigate')).toEqual([])
    await invoke('app:ready')
    expect(sent('navigate')).toEqual([{ to: 'call', username: 'carol', confirm: true }])
    expect(sent('notice')).toEqual([{ level: 'warning', message: expect.stringContaining('could not open that link') }])
  })

  it('closing the main window says once that Shoutit keeps running in the tray', () => {
    desktop.closeMainWindow()
    desktop.closeMainWindow()
    expect(notifications.map((n) => n.title)).toEqual(['Shoutit is still running'])
  })

  it('closing the main window during a call ends it in main: idle, recorded, quitting no longer guarded', async () => {
    await invoke('call:activity', { activity: 'in-call', room: 'room-abcdefgh', peer: caller('bob') })
    expect(main.services.calls.coordinator.activity()).toBe('in-call')
    desktop.closeMainWindow()
    expect(main.services.calls.coordinator.activity()).toBe('idle')
    expect(main.services.calls.history.list()[0]).toMatchObject({ peer: { username: 'bob' }, outcome: 'answered', detail: 'The window was closed during the call.' })
    expect(await desktop.quitGuard?.()).toBe(true)
    expect(desktop.confirms).toEqual([])
  })

  it('applies the theme setting to the windows at start and on each change; About has the version', async () => {
    expect(desktop.themes).toEqual(['system'])
    await invoke('settings:update', { theme: 'dark' })
    expect(desktop.themes.at(-1)).toBe('dark')
    expect(await invoke('app:about', {})).toEqual({ ok: true, value: { name: 'Shoutit', version: 'development build' } })
  })

  it('navigation waits for the next main window after the last one closed', async () => {
    await invoke('app:ready')
    desktop.closeMainWindow()
    desktop.openLink('shoutit://profile?username=carol&type=user')
    expect(sent('navigate')).toEqual([])
    await invoke('app:ready')
    expect(sent('navigate')).toEqual([{ to: 'profile', username: 'carol' }])
  })

  it('starts hidden when the OS launched it at login', async () => {
    expect(main.services.desktop.startHidden).toBe(false)
    await main.dispose()
    await start(true)
    expect(main.services.desktop.startHidden).toBe(true)
  })

  it('keeps history and missed calls per account: the next person to sign in sees none of them', async () => {
    channel.emit('new_notification', missedPush('n-9'))
    expect(await invoke('missed:count')).toEqual({ ok: true, value: { count: 1 } })
    await invoke('session:signOut')
    expect(await invoke('history:list')).toEqual({ ok: true, value: [] })
    expect(await invoke('missed:count')).toEqual({ ok: true, value: { count: 0 } })
    expect(desktop.badge.at(-1)).toBe(0)
    await invoke('session:signIn', { login: 'alice', password: 'alice-pass' })
    const list = await invoke('history:list')
    expect(list.ok && (list.value as CallRecord[]).map((r) => r.peer.username)).toEqual(['bob'])
    expect(await invoke('missed:count')).toEqual({ ok: true, value: { count: 1 } })
  })

  it('keeps the ring window open a while after a missed ring, whose Call back calls them with the same kind and closes it', async () => {
    await invoke('app:ready')
    channel.emit('incoming_video_call', ringPush('room-bbbb31', 'bob', 'voice'))
    await clock.advance(45_000)
    expect(sent('ring:ended').at(-1)).toEqual({ room: 'room-bbbb31', reason: 'timeout' })
    expect(desktop.ringWindow).toEqual(['open'])
    expect(await invoke('ring:callBack', { username: 'bob', video: false })).toEqual({ ok: true, value: { ok: true } })
    expect(desktop.ringWindow).toEqual(['open', 'close'])
    expect(sent('navigate').at(-1)).toEqual({ to: 'call', username: 'bob', confirm: false, video: false })
    expect(await invoke('ring:callBack', { username: 'not valid!', video: false })).toMatchObject({ ok: false, error: { code: 'invalid_request' } })

    // Left alone, it closes by itself; a new ring meanwhile takes the window over.
    channel.emit('incoming_video_call', ringPush('room-bbbb32'))
    await clock.advance(45_000)
    expect(desktop.ringWindow).toEqual(['open', 'close', 'open'])
    await clock.advance(19_000)
    expect(desktop.ringWindow).toEqual(['open', 'close', 'open'])
    await clock.advance(1_000)
    expect(desktop.ringWindow).toEqual(['open', 'close', 'open', 'close'])

    channel.emit('incoming_video_call', ringPush('room-bbbb33'))
    await clock.advance(45_000)
    expect(await invoke('ring:dismiss')).toEqual({ ok: true, value: { ok: true } })
    expect(desktop.ringWindow).toEqual(['open', 'close', 'open', 'close', 'open', 'close'])
    await clock.advance(20_000)
    expect(desktop.ringWindow).toHaveLength(6)
  })

  it('loads the ring window hidden once connected, keeps it across rings, and frees it at sign-out', async () => {
    expect(desktop.ringWindowLoads).toEqual(['preload'])
    channel.emit('incoming_video_call', ringPush('room-bbbb06'))
    await invoke('ring:decline', { room: 'room-bbbb06' })
    expect(desktop.ringWindow).toEqual(['open', 'close'])
    expect(desktop.ringWindowLoads).toEqual(['preload'])
    await invoke('session:signOut')
    expect(desktop.ringWindowLoads).toEqual(['preload', 'destroy'])
  })

  it('signing out ends a ring and shows the signed-out tray', async () => {
    channel.emit('incoming_video_call', ringPush('room-bbbb05'))
    await invoke('session:signOut')
    expect(sent('ring:ended')).toEqual([{ room: 'room-bbbb05', reason: 'cancelled' }])
    expect(desktop.tray.icon).toBe('signed-out')
  })
})
