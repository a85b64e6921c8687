// What the tray shows, as data: the icon state, the tooltip and the menu, derived from the
// app's state in one pure function. main/platform/tray.ts turns it into an Electron Tray;
// tests read it directly.
import { UsernameSchema } from '../../../common/api'
import type { CallActivity, CallRecord } from '../../../common/calls'
import type { RealtimeState } from '../../../common/ipc'

export const TRAY_ICON_STATES = ['signed-out', 'online', 'reconnecting', 'in-call', 'ringing', 'missed'] as const
export type TrayIconState = (typeof TRAY_ICON_STATES)[number]

const RECENT_LIMIT = 8

export interface TrayStatus {
  signedIn: boolean
  /** Guests cannot call or be called. */
  canCall: boolean
  connection: RealtimeState['state']
  activity: CallActivity
  /** Display names: who rings now, who the call is with. */
  ringingFrom?: string
  inCallWith?: string
  missedCount: number
  doNotDisturb: boolean
  launchAtLogin: boolean
  recent: readonly CallRecord[]
  /** The update entry (main/services/updates/menu.ts), when this build updates itself. */
  update?: { label: string; enabled: boolean }
}

export type TrayAction =
  | { type: 'open' }
  | { type: 'call' }
  | { type: 'call-back'; username: string }
  | { type: 'accept' }
  | { type: 'accept-audio' }
  | { type: 'decline' }
  | { type: 'toggle-dnd' }
  | { type: 'toggle-launch-at-login' }
  | { type: 'update' }
  | { type: 'quit' }

export type TrayMenuItem =
  | { kind: 'item'; label: string; action: TrayAction; enabled: boolean }
  | { kind: 'checkbox'; label: string; action: TrayAction; checked: boolean }
  | { kind: 'submenu'; label: string; items: TrayMenuItem[]; enabled: boolean }
  | { kind: 'separator' }

export interface TrayView {
  icon: TrayIconState
  tooltip: string
  menu: TrayMenuItem[]
}

export function trayIconState(status: TrayStatus): TrayIconState {
  if (status.ringingFrom) return 'ringing'
  if (status.activity === 'in-call') return 'in-call'
  if (!status.signedIn) return 'signed-out'
  // Unread missed calls outrank a connection hiccup: they are what the user must act on.
  if (status.missedCount > 0) return 'missed'
  if (status.canCall && status.connection !== 'connected') return 'reconnecting'
  return 'online'
}

export function trayTooltip(status: TrayStatus): string {
  const parts: string[] = []
  if (status.ringingFrom) parts.push(`${status.ringingFrom} is calling`)
  else if (status.activity === 'in-call') parts.push(status.inCallWith ? `In a call with ${status.inCallWith}` : 'In a call')
  else if (status.activity === 'outgoing') parts.push('Calling…')
  if (!status.signedIn) parts.push('Signed out')
  else {
    if (status.missedCount > 0) parts.push(status.missedCount === 1 ? '1 missed call' : `${status.missedCount} missed calls`)
    if (status.canCall && status.connection !== 'connected') parts.push(status.connection === 'connecting' ? 'Reconnecting…' : 'Offline: calls cannot reach you')
    if (parts.length === 0) parts.push('Online')
  }
  if (status.doNotDisturb) parts.push('Do not disturb')
  return `Shoutit — ${parts.join(' · ')}`
}

export function trayMenu(status: TrayStatus): TrayMenuItem[] {
  const items: TrayMenuItem[] = []
  if (status.ringingFrom) {
    items.push(
      { kind: 'item', label: `Answer ${status.ringingFrom}`, action: { type: 'accept' }, enabled: true },
      { kind: 'item', label: 'Answer with audio only', action: { type: 'accept-audio' }, enabled: true },
      { kind: 'item', label: 'Decline', action: { type: 'decline' }, enabled: true },
      { kind: 'separator' }
    )
  }
  const openLabel = status.missedCount > 0 ? `Open Shoutit (${status.missedCount} missed)` : 'Open Shoutit'
  items.push({ kind: 'item', label: openLabel, action: { type: 'open' }, enabled: true })
  const idle = status.activity === 'idle' && !status.ringingFrom
  items.push({ kind: 'item', label: 'Call…', action: { type: 'call' }, enabled: status.canCall && idle })
  const recent = recentPeers(status.recent)
  items.push({
    kind: 'submenu',
    label: 'Recent calls',
    enabled: recent.length > 0,
    items: recent.map((record) => ({
      kind: 'item' as const,
      label: recentLabel(record),
      action: { type: 'call-back' as const, username: record.peer.username },
      enabled: status.canCall && idle
    }))
  })
  items.push(
    { kind: 'separator' },
    { kind: 'checkbox', label: 'Do not disturb', action: { type: 'toggle-dnd' }, checked: status.doNotDisturb },
    { kind: 'checkbox', label: 'Launch at login', action: { type: 'toggle-launch-at-login' }, checked: status.launchAtLogin },
    { kind: 'separator' }
  )
  if (status.update) items.push({ kind: 'item', label: status.update.label, action: { type: 'update' }, enabled: status.update.enabled })
  items.push({ kind: 'item', label: 'Quit Shoutit', action: { type: 'quit' }, enabled: true })
  return items
}

export function trayView(status: TrayStatus): TrayView {
  return { icon: trayIconState(status), tooltip: trayTooltip(status), menu: trayMenu(status) }
}

/** The latest call with each person, newest first; only people a link can name. */
function recentPeers(records: readonly CallRecord[]): CallRecord[] {
  const seen = new Set<string>()
  const result: CallRecord[] = []
  for (const record of records) {
    if (seen.has(record.peer.id) || !UsernameSchema.safeParse(record.peer.username).success) continue
    seen.add(record.peer.id)
    result.push(record)
    if (result.length === RECENT_LIMIT) break
  }
  return result
}

const OUTCOME_WORDS: Record<CallRecord['outcome'], string> = {
  answered: 'answered',
  missed: 'missed',
  declined: 'declined',
  busy: 'busy',
  failed: 'failed',
  cancelled: 'cancelled'
}

function recentLabel(record: CallRecord): string {
  const arrow = record.direction === 'incoming' ? '↙' : '↗'
  const name = (record.peer.name || record.peer.username).replace(/[\p{Cc}\p{Cf}]+/gu, ' ').trim().slice(0, 40) || record.peer.username
  const minutes = record.outcome === 'answered' && record.durationSeconds !== undefined ? `, ${Math.max(1, Math.round(record.durationSeconds / 60))} min` : ''
  // "&" would become a mnemonic marker in some menus.
  return `${arrow} ${name.replace(/&/g, '&&')} — ${OUTCOME_WORDS[record.outcome]}${minutes}`
}
