import { describe, expect, it } from 'vitest'
import type { CallRecord } from '../../../common/calls'
import { trayIconState, trayMenu, trayTooltip, type TrayStatus } from '../../../main/services/desktop/tray-view'
import { profile } from './calls-fakes'
import { englishT } from '../../support/i18n'

const base: TrayStatus = {
  signedIn: true,
  canCall: true,
  connection: 'connected',
  activity: 'idle',
  missedCount: 0,
  doNotDisturb: false,
  launchAtLogin: false,
  recent: []
}

const record = (username: string, startedAt: number, overrides: Partial<CallRecord> = {}): CallRecord => ({
  id: `${username}-${startedAt}`,
  direction: 'incoming',
  peer: profile(username),
  startedAt,
  outcome: 'missed',
  ...overrides
})

describe('tray model', () => {
  it.each<[Partial<TrayStatus>, string, string]>([
    [{}, 'online', 'Shoutit — Online'],
    [{ signedIn: false, canCall: false, connection: 'disconnected' }, 'signed-out', 'Shoutit — Signed out'],
    [{ connection: 'connecting' }, 'reconnecting', 'Shoutit — Reconnecting…'],
    [{ connection: 'failed' }, 'reconnecting', 'Shoutit — Offline: calls cannot reach you'],
    [{ canCall: false, connection: 'disconnected' }, 'online', 'Shoutit — Online'],
    [{ missedCount: 3, connection: 'connecting' }, 'missed', 'Shoutit — 3 missed calls · Reconnecting…'],
    [{ activity: 'in-call', inCallWith: [{ name: 'Bob', username: 'bob' }], missedCount: 1 }, 'in-call', 'Shoutit — In a call with Bob · 1 missed call'],
    [{ activity: 'in-call', inCallWith: [{ name: 'Bob', username: 'bob' }, { name: '', username: 'carol' }] }, 'in-call', 'Shoutit — In a call with Bob and carol'],
    [
      { activity: 'in-call', inCallWith: ['Bob', 'Carol', 'Dan'].map((name) => ({ name, username: name.toLowerCase() })) },
      'in-call',
      'Shoutit — In a call with Bob and 2 others'
    ],
    [{ activity: 'in-call', inCallWith: [] }, 'in-call', 'Shoutit — In a call'],
    [{ ringingFrom: 'Alice', doNotDisturb: false }, 'ringing', 'Shoutit — Video call from Alice'],
    [{ ringingFrom: 'Alice', ringingKind: 'voice' }, 'ringing', 'Shoutit — Voice call from Alice'],
    [{ doNotDisturb: true }, 'online', 'Shoutit — Online · Do not disturb']
  ])('%j → %s', (overrides, icon, tooltip) => {
    const status = { ...base, ...overrides }
    expect(trayIconState(status)).toBe(icon)
    expect(trayTooltip(status, { t: englishT, language: 'en' })).toBe(tooltip)
  })

  it('lists Open, Call…, recent calls (one per person), the toggles and Quit', () => {
    const menu = trayMenu({
      ...base,
      missedCount: 2,
      recent: [record('bob', 3), record('alice', 2, { direction: 'outgoing', outcome: 'answered', durationSeconds: 30 }), record('bob', 1), record('x', 0, { peer: profile('not valid!') })]
    }, { t: englishT, language: 'en' })
    expect(menu.map((item) => (item.kind === 'separator' ? '—' : item.label))).toEqual([
      'Open Shoutit (2 missed)',
      'Call…',
      'Recent calls',
      '—',
      'Do not disturb',
      'Launch at login',
      '—',
      'Quit Shoutit'
    ])
    const recent = menu[2]!
    expect(recent.kind === 'submenu' && recent.items.map((item) => item.kind === 'item' && [item.label, item.action])).toEqual([
      ['↙ Bob — video call, missed', { type: 'call-back', username: 'bob', video: true }],
      ['↗ Alice — video call, answered, 1 min', { type: 'call-back', username: 'alice', video: true }]
    ])
  })

  it('names a voice ring as one, and offers no separate Audio only for it (Answer already is)', () => {
    const menu = trayMenu({ ...base, ringingFrom: 'Alice', ringingKind: 'voice' }, { t: englishT, language: 'en' })
    expect(menu.slice(0, 3)).toEqual([
      { kind: 'item', label: 'Answer voice call from Alice', action: { type: 'accept' }, enabled: true },
      { kind: 'item', label: 'Decline', action: { type: 'decline' }, enabled: true },
      { kind: 'separator' }
    ])
  })

  it('says voice or video on each recent call and calls back with the same kind', () => {
    const menu = trayMenu({ ...base, recent: [record('bob', 2, { kind: 'voice' }), record('alice', 1, { kind: 'video' })] }, { t: englishT, language: 'en' })
    const recent = menu[2]!
    expect(recent.kind === 'submenu' && recent.items.map((item) => item.kind === 'item' && [item.label, item.action])).toEqual([
      ['↙ Bob — voice call, missed', { type: 'call-back', username: 'bob', video: false }],
      ['↙ Alice — video call, missed', { type: 'call-back', username: 'alice', video: true }]
    ])
  })

  it('offers Answer, Answer with audio only and Decline while ringing, and no calling meanwhile', () => {
    const menu = trayMenu({ ...base, ringingFrom: 'Alice', recent: [record('bob', 1)] }, { t: englishT, language: 'en' })
    expect(menu.slice(0, 3)).toEqual([
      { kind: 'item', label: 'Answer video call from Alice', action: { type: 'accept' }, enabled: true },
      { kind: 'item', label: 'Answer with audio only', action: { type: 'accept-audio' }, enabled: true },
      { kind: 'item', label: 'Decline', action: { type: 'decline' }, enabled: true }
    ])
    expect(menu.find((item) => item.kind === 'item' && item.label === 'Call…')).toMatchObject({ enabled: false })
  })

  it('shows the update entry when there is one, before Quit', () => {
    const menu = trayMenu({ ...base, update: { label: 'Restart to Update', enabled: true } }, { t: englishT, language: 'en' })
    expect(menu.at(-2)).toEqual({ kind: 'item', label: 'Restart to Update', action: { type: 'update' }, enabled: true })
  })

  it('guests and signed-out users cannot call from the tray', () => {
    const menu = trayMenu({ ...base, canCall: false, recent: [record('bob', 1)] }, { t: englishT, language: 'en' })
    expect(menu.find((item) => item.kind === 'item' && item.label === 'Call…')).toMatchObject({ enabled: false })
  })
})
