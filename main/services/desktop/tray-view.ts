// What the tray shows, as data: the icon state, the tooltip and the menu, derived from the
// app's state in one pure function. main/platform/tray.ts turns it into an Electron Tray;
// tests read it directly. Its words come from `t` (main's LanguageService), in the
// language every window speaks.
import type { TFunction } from 'i18next'
import { UsernameSchema, type CallKind, type CallParticipant } from '../../../common/api'
import { othersInCall } from '../../../common/call-participants'
import { formatMinutes } from '../../../common/i18n/durations'
import type { Language } from '../../../common/i18n/languages'
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
  /** Display name of who rings now. */
  ringingFrom?: string
  /** What kind of call rings: a voice ring is answered with audio only, so it offers no separate Audio only. */
  ringingKind?: CallKind
  /** Everyone in the call with the user ("In a call with Bob and Carol"); empty or absent when nobody is known. */
  inCallWith?: readonly Pick<CallParticipant, 'name' | 'username'>[]
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
  /** `video`: the kind of the call it calls back, voice (false) or video (true). */
  | { type: 'call-back'; username: string; video: boolean }
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

/** How the tray words things: main's translator and the language it is in (for Intl). */
export interface TrayWords {
  t: TFunction
  language: Language
}

export function trayTooltip(status: TrayStatus, { t }: TrayWords): string {
  const parts: string[] = []
  if (status.ringingFrom) parts.push(t(status.ringingKind === 'voice' ? 'tray.isCallingVoice' : 'tray.isCalling', { name: status.ringingFrom }))
  else if (status.activity === 'in-call') {
    const people = othersInCall(t, status.inCallWith)
    parts.push(people ? t('tray.inCallWith', { name: people }) : t('tray.inCall'))
  }
  else if (status.activity === 'outgoing') parts.push(t('tray.calling'))
  if (!status.signedIn) parts.push(t('tray.signedOut'))
  else {
    if (status.missedCount > 0) parts.push(t('tray.missed', { count: status.missedCount }))
    if (status.canCall && status.connection !== 'connected') parts.push(status.connection === 'connecting' ? t('tray.reconnecting') : t('tray.offline'))
    if (parts.length === 0) parts.push(t('tray.online'))
  }
  if (status.doNotDisturb) parts.push(t('tray.doNotDisturb'))
  return t('tray.status', { status: parts.join(' · ') })
}

export function trayMenu(status: TrayStatus, words: TrayWords): TrayMenuItem[] {
  const { t } = words
  const items: TrayMenuItem[] = []
  if (status.ringingFrom) {
    const voice = status.ringingKind === 'voice'
    items.push({ kind: 'item', label: menuText(t(voice ? 'tray.answerVoice' : 'tray.answer', { name: status.ringingFrom })), action: { type: 'accept' }, enabled: true })
    if (!voice) items.push({ kind: 'item', label: t('tray.answerAudioOnly'), action: { type: 'accept-audio' }, enabled: true })
    items.push({ kind: 'item', label: t('tray.decline'), action: { type: 'decline' }, enabled: true }, { kind: 'separator' })
  }
  const openLabel = status.missedCount > 0 ? t('tray.openMissed', { count: status.missedCount }) : t('tray.open')
  items.push({ kind: 'item', label: openLabel, action: { type: 'open' }, enabled: true })
  const idle = status.activity === 'idle' && !status.ringingFrom
  items.push({ kind: 'item', label: t('tray.call'), action: { type: 'call' }, enabled: status.canCall && idle })
  const recent = recentPeers(status.recent)
  items.push({
    kind: 'submenu',
    label: t('tray.recent'),
    enabled: recent.length > 0,
    items: recent.map((record) => ({
      kind: 'item' as const,
      label: recentLabel(record, words),
      // Calling back is the same kind of call; older records without a kind were video calls.
      action: { type: 'call-back' as const, username: record.peer.username, video: record.kind !== 'voice' },
      enabled: status.canCall && idle
    }))
  })
  items.push(
    { kind: 'separator' },
    { kind: 'checkbox', label: t('tray.doNotDisturb'), action: { type: 'toggle-dnd' }, checked: status.doNotDisturb },
    { kind: 'checkbox', label: t('tray.launchAtLogin'), action: { type: 'toggle-launch-at-login' }, checked: status.launchAtLogin },
    { kind: 'separator' }
  )
  if (status.update) items.push({ kind: 'item', label: status.update.label, action: { type: 'update' }, enabled: status.update.enabled })
  items.push({ kind: 'item', label: t('tray.quit'), action: { type: 'quit' }, enabled: true })
  return items
}

export function trayView(status: TrayStatus, words: TrayWords): TrayView {
  return { icon: trayIconState(status), tooltip: trayTooltip(status, words), menu: trayMenu(status, words) }
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

/** "&" would become a mnemonic marker in some menus. */
function menuText(text: string): string {
  return text.replace(/&/g, '&&')
}

function recentLabel(record: CallRecord, { t, language }: TrayWords): string {
  const arrow = record.direction === 'incoming' ? '↙' : '↗'
  const name = menuText((record.peer.name || record.peer.username).replace(/[\p{Cc}\p{Cf}]+/gu, ' ').trim().slice(0, 40) || record.peer.username)
  const outcome = t(`tray.outcome.${record.outcome}`)
  const kind = t(record.kind === 'voice' ? 'tray.voiceCall' : 'tray.videoCall')
  return record.outcome === 'answered' && record.durationSeconds !== undefined
    ? t('tray.recentEntryWithLength', { arrow, name, kind, outcome, length: formatMinutes(record.durationSeconds, language) })
    : t('tray.recentEntry', { arrow, name, kind, outcome })
}
