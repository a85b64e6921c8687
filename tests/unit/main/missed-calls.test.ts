import { describe, expect, it } from 'vitest'
import type { Notification } from '../../../common/api'
import type { Navigate } from '../../../common/ipc'
import { CallHistory } from '../../../main/services/calls/history'
import { IncomingCallCoordinator } from '../../../main/services/calls/ring-coordinator'
import { displayName } from '../../../common/display-name'
import { createI18n, translatorOf } from '../../../common/i18n/create'
import { MissedCallsService } from '../../../main/services/calls/missed-calls'
import type { DesktopNotification } from '../../../main/services/core/platform'
import { FakeClock, MemoryStore, incoming, profile, quietLogger } from './calls-fakes'

function missed(id: string, username: string, createdAtMs: number, extra: Partial<Notification> = {}): Notification {
  const caller = profile(username, { image: `https://cdn.example/${username}.png` })
  return {
    id,
    created_at: Math.floor(createdAtMs / 1000),
    is_read: false,
    type: 'missed_video_call',
    display: { title: 'Missed video call', text: `You missed a call from ${caller.name}`, image: caller.image },
    app_url: `shoutit://profile?username=${username}&type=user`,
    attached_object: { profile: caller },
    ...extra
  }
}

function setup(
  options: { supportsActions?: boolean; dnd?: boolean; notifications?: boolean; store?: MemoryStore; historyStore?: MemoryStore; language?: 'en' | 'de' } = {}
) {
  const clock = new FakeClock()
  const store = options.store ?? new MemoryStore()
  const history = new CallHistory({ store: options.historyStore ?? new MemoryStore(), clock })
  const shown: DesktopNotification[] = []
  const navigations: Navigate[] = []
  let resets = 0
  let mainShown = 0
  const coordinator = new IncomingCallCoordinator({
    clock,
    history,
    logger: quietLogger,
    doNotDisturb: () => options.dnd ?? false,
    api: { videoReject: async () => ({}) }
  })
  const service = new MissedCallsService({
    store,
    clock,
    history,
    logger: quietLogger,
    doNotDisturb: () => options.dnd ?? false,
    showNotifications: () => options.notifications ?? true,
    notifier: { supportsActions: options.supportsActions ?? true, notify: (n) => shown.push(n) },
    api: { resetNotifications: async () => void resets++ },
    endRingFrom: (id) => coordinator.handleMissedCallFrom(id),
    ringKindFrom: (id, sinceMs) => coordinator.latestKindFrom(id, sinceMs),
    navigate: (n) => navigations.push(n),
    showMain: () => void mainShown++,
    ...(options.language ? { t: translatorOf(createI18n(options.language)) } : {})
  })
  const counts: number[] = []
  service.onCountChange((c) => counts.push(c))
  return { clock, history, coordinator, service, shown, navigations, counts, store, resets: () => resets, mainShown: () => mainShown }
}

describe('MissedCallsService', () => {
  it('turns a missed_video_call into one OS notification with the caller, and a history line', () => {
    const t = setup()
    expect(t.service.handleNotification(missed('n1', 'alice', t.clock.now()))).toBe('shown')
    expect(t.shown).toHaveLength(1)
    expect(t.shown[0]).toMatchObject({
      title: 'Missed video call',
      body: 'You missed a call from Alice',
      imageUrl: 'https://cdn.example/alice.png',
      actions: [
        { id: 'call-back', label: 'Call back' },
        { id: 'voice-call-back', label: 'Voice call back' }
      ]
    })
    expect(t.history.list().map((r) => [r.peer.username, r.outcome])).toEqual([['alice', 'missed']])
    expect(t.service.unreadCount()).toBe(1)
    expect(t.counts).toEqual([1])
  })

  it('with missed-call notifications turned off: no OS notification, but the call is listed and counted', () => {
    const t = setup({ notifications: false })
    expect(t.service.handleNotification(missed('n1', 'alice', t.clock.now()))).toBe('quiet')
    expect(t.shown).toEqual([])
    expect(t.history.list().map((r) => [r.peer.username, r.outcome])).toEqual([['alice', 'missed']])
    expect(t.service.unreadCount()).toBe(1)
  })

  it('shows a notification once, whether it comes live, after a reconnect, or after a restart', () => {
    const store = new MemoryStore()
    const t = setup({ store })
    const n = missed('n1', 'alice', t.clock.now())
    t.service.handleNotification(n)
    expect(t.service.handleNotification(n)).toBe('duplicate')
    const restarted = setup({ store })
    expect(restarted.service.handleNotification(n)).toBe('duplicate')
    expect(restarted.service.unreadCount()).toBe(1)
    expect(t.shown.length + restarted.shown.length).toBe(1)
  })

  it('ends a ring from that caller and pairs the notice with it: one history line', () => {
    const t = setup()
    t.coordinator.handleIncoming(incoming('alice', 'room-aaaa1'))
    t.clock.advance(30_000)
    t.service.handleNotification(missed('n1', 'alice', t.clock.now()))
    expect(t.coordinator.current()).toBeNull()
    expect(t.history.list().map((r) => [r.outcome, r.room])).toEqual([['missed', 'room-aaaa1']])
    expect(t.shown).toHaveLength(1)
  })

  it("words the notice by the kind of that caller's ring: voice, or video (also when no ring was seen)", () => {
    const t = setup()
    t.coordinator.handleIncoming(incoming('alice', 'room-aaaa1', undefined, 'voice'))
    t.coordinator.handleIncoming(incoming('bob', 'room-bbbb1', undefined, 'video'))
    t.clock.advance(50_000) // both rings timed out before their notices came
    t.service.handleNotification(missed('n1', 'alice', t.clock.now()))
    t.service.handleNotification(missed('n2', 'bob', t.clock.now()))
    t.service.handleNotification(missed('n3', 'carol', t.clock.now()))
    expect(t.shown.map((n) => n.title)).toEqual(['Missed voice call', 'Missed video call', 'Missed video call'])
  })

  it('says who else was in a group call the user missed, in English and German', () => {
    for (const [language, body] of [
      ['en', 'You missed a call from Alice with Bob and Carol'],
      ['de', 'Du hast einen Anruf von Alice zusammen mit Bob und Carol verpasst']
    ] as const) {
      const t = setup({ language })
      const group = incoming('alice', 'room-group1')
      const others = [
        { id: 'id-bob', username: 'bob', name: 'Bob' },
        { id: 'id-carol', username: 'carol', name: 'Carol' }
      ]
      t.coordinator.handleIncoming({ ...group, video_call: { ...group.video_call, participants: others } })
      t.clock.advance(30_000)
      t.service.handleNotification(missed('n1', 'alice', t.clock.now()))
      expect(t.shown.map((n) => n.body)).toEqual([body])
      expect(t.history.list().map((r) => r.participants)).toEqual([others])
    }
  })

  it("does not word a notice by a voice ring from long before it", () => {
    const t = setup()
    t.coordinator.handleIncoming(incoming('alice', 'room-aaaa1', undefined, 'voice'))
    t.clock.advance(10 * 60_000)
    t.service.handleNotification(missed('n1', 'alice', t.clock.now()))
    expect(t.shown.map((n) => n.title)).toEqual(['Missed video call'])
  })

  it('says "Verpasster Sprachanruf" in German for a missed voice call', () => {
    const t = setup({ language: 'de' })
    t.coordinator.handleIncoming(incoming('alice', 'room-aaaa1', undefined, 'voice'))
    t.clock.advance(30_000)
    t.service.handleNotification(missed('n1', 'alice', t.clock.now()))
    expect(t.shown.map((n) => [n.title, n.body])).toEqual([['Verpasster Sprachanruf', 'Du hast einen Anruf von Alice verpasst']])
  })

  it('pairs a late notice with a ring that already timed out', () => {
    const t = setup()
    t.coordinator.handleIncoming(incoming('alice', 'room-aaaa1'))
    t.clock.advance(45_000)
    t.clock.advance(5_000)
    expect(t.service.handleNotification(missed('n1', 'alice', t.clock.now()))).toBe('shown')
    expect(t.history.list()).toHaveLength(1)
  })

  it('records but does not pop a missed call the user declined a moment ago', async () => {
    const t = setup()
    t.coordinator.handleIncoming(incoming('alice', 'room-aaaa1'))
    await t.coordinator.decline('room-aaaa1')
    t.clock.advance(1_000)
    expect(t.service.handleNotification(missed('n1', 'alice', t.clock.now()))).toBe('declined')
    expect(t.shown).toHaveLength(0)
    expect(t.service.unreadCount()).toBe(0)
    expect(t.history.list().map((r) => r.outcome)).toEqual(['declined'])
    // The next missed call from the same person is a real one.
    t.clock.advance(60_000)
    expect(t.service.handleNotification(missed('n2', 'alice', t.clock.now()))).toBe('shown')
    expect(t.history.list().map((r) => r.outcome)).toEqual(['missed', 'declined'])
  })

  it('tells about callers answered busy during a call', () => {
    const t = setup()
    t.coordinator.setActivity('in-call')
    t.coordinator.handleIncoming(incoming('bob', 'room-bbbb1'))
    expect(t.service.handleNotification(missed('n1', 'bob', t.clock.now()))).toBe('shown')
    expect(t.history.list().map((r) => r.outcome)).toEqual(['busy'])
  })

  it('under do-not-disturb counts and records but shows nothing', () => {
    const t = setup({ dnd: true })
    expect(t.service.handleNotification(missed('n1', 'alice', t.clock.now()))).toBe('quiet')
    expect(t.shown).toHaveLength(0)
    expect(t.service.unreadCount()).toBe(1)
    expect(t.history.list()).toHaveLength(1)
  })

  it('ignores other notifications and ones already read', () => {
    const t = setup()
    expect(t.service.handleNotification(missed('n1', 'alice', t.clock.now(), { type: 'listen' }))).toBe('ignored')
    expect(t.service.handleNotification(missed('n2', 'alice', t.clock.now(), { is_read: true }))).toBe('ignored')
    expect(t.shown).toHaveLength(0)
    expect(t.history.list()).toHaveLength(0)
  })

  it('"Call back" brings the app forward and starts the call', () => {
    const t = setup()
    t.service.handleNotification(missed('n1', 'alice', t.clock.now()))
    t.shown[0]!.onActivate('call-back')
    expect(t.mainShown()).toBe(1)
    expect(t.navigations).toEqual([{ to: 'call', username: 'alice', confirm: false, video: true }])
    t.shown[0]!.onActivate('default')
    expect(t.navigations[1]).toEqual({ to: 'profile', username: 'alice' })
    t.shown[0]!.onActivate('voice-call-back')
    expect(t.navigations[2]).toEqual({ to: 'call', username: 'alice', confirm: false, video: false })
    expect(t.mainShown()).toBe(3)
  })

  it('where the OS has no buttons, a click on the notification calls back', () => {
    const t = setup({ supportsActions: false })
    t.service.handleNotification(missed('n1', 'alice', t.clock.now()))
    t.shown[0]!.onActivate('default')
    expect(t.mainShown()).toBe(1)
    expect(t.navigations).toEqual([{ to: 'call', username: 'alice', confirm: false, video: true }])
  })

  it('after a missed voice call, "Call back" is a voice call, the other button a video call, and the history keeps the kind', () => {
    const t = setup()
    t.coordinator.handleIncoming(incoming('alice', 'room-aaaa1', undefined, 'voice'))
    t.service.handleNotification(missed('n1', 'alice', t.clock.now()))
    expect(t.shown[0]!.actions).toEqual([
      { id: 'call-back', label: 'Call back' },
      { id: 'video-call-back', label: 'Video call back' }
    ])
    t.shown[0]!.onActivate('call-back')
    t.shown[0]!.onActivate('video-call-back')
    expect(t.navigations).toEqual([
      { to: 'call', username: 'alice', confirm: false, video: false },
      { to: 'call', username: 'alice', confirm: false, video: true }
    ])
    expect(t.history.list().map((record) => [record.peer.username, record.outcome, record.kind])).toEqual([['alice', 'missed', 'voice']])
  })

  it('without buttons, a click on a missed voice call calls back with voice', () => {
    const t = setup({ supportsActions: false })
    t.coordinator.handleIncoming(incoming('alice', 'room-aaaa1', undefined, 'voice'))
    t.service.handleNotification(missed('n1', 'alice', t.clock.now()))
    t.shown[0]!.onActivate('default')
    expect(t.navigations).toEqual([{ to: 'call', username: 'alice', confirm: false, video: false }])
  })

  it('a missed notice with no ring seen is recorded as a video call', () => {
    const t = setup()
    t.service.handleNotification(missed('n1', 'alice', t.clock.now()))
    expect(t.history.list()[0]!.kind).toBe('video')
  })

  it('markSeen clears the count and resets on the server; a server count of zero clears too', async () => {
    const t = setup()
    t.service.handleNotification(missed('n1', 'alice', t.clock.now()))
    t.service.handleNotification(missed('n2', 'bob', t.clock.now()))
    await t.service.markSeen()
    expect(t.service.unreadCount()).toBe(0)
    expect(t.resets()).toBe(1)
    t.service.handleNotification(missed('n3', 'carol', t.clock.now()))
    t.service.handleUnreadCount(3)
    expect(t.service.unreadCount()).toBe(1)
    t.service.handleUnreadCount(0)
    expect(t.counts).toEqual([1, 2, 0, 1, 0])
  })

  it('a backlog pops three notifications and one summary, and counts them all', () => {
    const t = setup()
    const decisions = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6'].map((id, i) => t.service.handleNotification(missed(id, `user${i}`, t.clock.now())))
    expect(decisions).toEqual(['shown', 'shown', 'shown', 'summarised', 'summarised', 'summarised'])
    expect(t.shown.map((n) => n.title)).toEqual(['Missed video call', 'Missed video call', 'Missed video call', 'Missed calls'])
    expect(t.service.unreadCount()).toBe(6)
    expect(t.history.list()).toHaveLength(6)
    t.shown[3]!.onActivate('default')
    expect(t.mainShown()).toBe(1)
    t.clock.advance(11_000)
    expect(t.service.handleNotification(missed('a7', 'late', t.clock.now()))).toBe('shown')
  })

  it('without a caller profile, shows the server text made safe', () => {
    const t = setup()
    t.service.handleNotification(missed('n1', 'alice', t.clock.now(), { attached_object: null, display: { title: 'x', text: 'You missed\u202e a call\n\nfrom Zed', image: null } }))
    expect(t.shown[0]).toMatchObject({ body: 'You missed a call from Zed', actions: [] })
    t.shown[0]!.onActivate('default')
    expect(t.navigations).toEqual([{ to: 'people' }])
  })

  it('keeps caller names to one short printable line', () => {
    expect(displayName({ name: 'Eve\u202e\nEvil', username: 'eve' })).toBe('Eve Evil')
    expect(displayName({ name: '', username: 'eve' })).toBe('eve')
    expect(displayName({ name: 'x'.repeat(100), username: 'eve' })).toHaveLength(60)
  })
})
