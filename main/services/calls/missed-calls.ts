// Missed calls: a missed_video_call notification (live, or fetched after a reconnect)
// becomes one OS notification, one history line and one unread mark, exactly once per
// notification id, also across restarts. Unread marks feed the tray and the app badge
// and clear when the user has seen them (POST /v3/notifications/reset).
//
// The caller's client posts `missed: true` after every unanswered attempt, including the
// ones the user declined here a moment ago: those are matched to the declined ring in the
// history and stay quiet.
import type { TFunction } from 'i18next'
import { DEFAULT_CALL_KIND, MISSED_VIDEO_CALL, UsernameSchema, type CallKind, type Notification, type Profile } from '../../../common/api'
import { othersInCall } from '../../../common/call-participants'
import { createI18n, translatorOf } from '../../../common/i18n/create'
import type { CallRecord } from '../../../common/calls'
import { displayName, oneLine } from '../../../common/display-name'
import type { Navigate } from '../../../common/ipc'
import { z } from 'zod'
import type { NewCallRecord } from './history'
import { Emitter, type Unsubscribe } from '../core/emitter'
import type { Clock, DesktopNotifier, KeyValueStore, Logger } from '../core/platform'

/** Calls back with the kind of the missed call: a voice call for a missed voice call. */
export const CALL_BACK_ACTION = 'call-back'
/** Offered beside Call back after a missed video call. */
export const VOICE_CALL_BACK_ACTION = 'voice-call-back'
/** Offered beside Call back after a missed voice call. */
export const VIDEO_CALL_BACK_ACTION = 'video-call-back'

/** A missed notice this long after a ring from the same caller belongs to that ring (30 s loop plus slack). */
const CORRELATION_WINDOW_MS = 2 * 60_000
const REMEMBERED_IDS_LIMIT = 1_000
/** A backlog fetched after a long time offline pops at most this many notifications at once, then one summary. */
const BURST_LIMIT = 3
const BURST_WINDOW_MS = 10_000
const STORE_KEY = 'missed-calls'
const storeKey = (account: string | undefined): string => (account ? `${STORE_KEY}:${account}` : STORE_KEY)

export type MissedCallDecision = 'shown' | 'summarised' | 'quiet' | 'declined' | 'duplicate' | 'ignored'

export interface MissedCallsOptions {
  store: KeyValueStore
  clock: Pick<Clock, 'now'>
  history: {
    add(record: NewCallRecord): CallRecord
    latestIncomingFrom(peerId: string, sinceMs: number): CallRecord | undefined
  }
  notifier: DesktopNotifier
  api: { resetNotifications(): Promise<unknown> }
  doNotDisturb(): boolean
  /** The user's choice to see an OS notification per missed call (default: yes). */
  showNotifications?(): boolean
  /** Stops a ring from this caller, if one runs (the coordinator records it). */
  endRingFrom(callerProfileId: string): void
  /**
   * The kind of this caller's latest ring since `sinceMs` (the notice itself does not say);
   * none seen (say, while offline) words it as a video call, as historic calls were.
   */
  ringKindFrom?(callerProfileId: string, sinceMs: number): CallKind | undefined
  navigate(target: Navigate): void
  showMain(): void
  logger: Logger
  /** Translates the notifications' words in the current language (default: English). */
  t?: TFunction
}

const StoredSchema = z.object({
  known: z.array(z.string()).default([]),
  unread: z.array(z.string()).default([])
})

export class MissedCallsService {
  readonly #events = new Emitter<{ countChanged: number }>()
  #known = new Set<string>()
  #unread = new Set<string>()
  /** History records already paired with a missed notice, so two notices never claim one ring. */
  readonly #pairedRecords = new Set<string>()
  #account: string | undefined
  #burst: { startedAt: number; shown: number } = { startedAt: -Infinity, shown: 0 }

  readonly #t: TFunction

  constructor(private readonly options: MissedCallsOptions) {
    this.#t = options.t ?? translatorOf(createI18n('en'))
    this.#load()
  }

  /** Switches to this account's missed calls (notification ids and unread marks are per account). */
  useAccount(account: string | undefined): void {
    if (account === this.#account) return
    const before = this.#unread.size
    this.#account = account
    this.#load()
    if (this.#unread.size !== before) this.#events.emit('countChanged', this.#unread.size)
  }

  unreadCount(): number {
    return this.#unread.size
  }

  onCountChange(listener: (count: number) => void): Unsubscribe {
    return this.#events.on('countChanged', listener)
  }

  handleNotification(notification: Notification): MissedCallDecision {
    if (notification.type !== MISSED_VIDEO_CALL) return 'ignored'
    if (this.#known.has(notification.id)) return 'duplicate'
    this.#remember(notification.id)
    if (notification.is_read) {
      this.#save()
      return 'ignored'
    }

    const caller = notification.attached_object?.profile
    const createdAtMs = notification.created_at * 1000
    let recorded: CallRecord | undefined
    let kind: CallKind = DEFAULT_CALL_KIND
    if (caller) {
      const since = Math.min(createdAtMs, this.options.clock.now()) - CORRELATION_WINDOW_MS
      kind = this.options.ringKindFrom?.(caller.id, since) ?? DEFAULT_CALL_KIND
      this.options.endRingFrom(caller.id)
      const ring = this.options.history.latestIncomingFrom(caller.id, since)
      if (ring && !this.#pairedRecords.has(ring.id)) {
        this.#pairedRecords.add(ring.id)
        recorded = ring
      } else {
        recorded = this.options.history.add({ direction: 'incoming', peer: caller, startedAt: createdAtMs, outcome: 'missed', kind })
        this.#pairedRecords.add(recorded.id)
      }
    }
    if (recorded?.outcome === 'declined') {
      this.#save()
      this.options.logger.info('missed: a call the user declined; not notifying', { id: notification.id })
      return 'declined'
    }

    this.#unread.add(notification.id)
    this.#save()
    this.#events.emit('countChanged', this.#unread.size)
    if (this.options.doNotDisturb() || this.options.showNotifications?.() === false) return 'quiet'
    const now = this.options.clock.now()
    if (now - this.#burst.startedAt > BURST_WINDOW_MS) this.#burst = { startedAt: now, shown: 0 }
    this.#burst.shown += 1
    if (this.#burst.shown <= BURST_LIMIT) {
      this.#notify(notification, caller, kind, recorded?.participants)
      return 'shown'
    }
    if (this.#burst.shown === BURST_LIMIT + 1) this.#notifySummary()
    return 'summarised'
  }

  /** stats_update: zero unread on the server means the user saw them elsewhere. */
  handleUnreadCount(serverUnread: number): void {
    if (serverUnread === 0) this.#clearUnread()
  }

  /** The user has seen their missed calls: clear locally now, and on the server. */
  async markSeen(): Promise<void> {
    this.#clearUnread()
    try {
      await this.options.api.resetNotifications()
    } catch (error) {
      // Local marks are already gone and notification ids are remembered, so nothing reappears here.
      this.options.logger.warn('missed: notifications/reset failed', { error: error instanceof Error ? error.message : String(error) })
    }
  }

  /** `participants`: who else was in the call the ring came from (a group call), as its history record kept them. */
  #notify(notification: Notification, caller: Profile | undefined, kind: CallKind, participants: CallRecord['participants']): void {
    const name = caller ? displayName(caller) : undefined
    const username = caller && UsernameSchema.safeParse(caller.username).success ? caller.username : undefined
    const supportsActions = this.options.notifier.supportsActions
    const t = this.#t
    const voice = kind === 'voice'
    const title = voice ? t('notifications.missedVoiceTitle') : t('notifications.missedTitle')
    try {
      this.options.notifier.notify({
        title,
        // Without a caller profile, the server's own text (in its language) beats nothing.
        body: name ? this.#missedBody(name, participants) : oneLine(notification.display.text, 200) || title,
        imageUrl: caller?.image ?? notification.display.image ?? null,
        actions: username
          ? [
              { id: CALL_BACK_ACTION, label: t('notifications.callBack') },
              voice
                ? { id: VIDEO_CALL_BACK_ACTION, label: t('notifications.videoCallBack') }
                : { id: VOICE_CALL_BACK_ACTION, label: t('notifications.voiceCallBack') }
            ]
          : [],
        onActivate: (actionId) => {
          this.options.showMain()
          if (!username) return this.options.navigate({ to: 'people' })
          // Without action buttons, a click on the notification is its Call back.
          if (actionId === CALL_BACK_ACTION || !supportsActions) {
            this.options.navigate({ to: 'call', username, confirm: false, video: !voice })
          } else if (actionId === VOICE_CALL_BACK_ACTION || actionId === VIDEO_CALL_BACK_ACTION) {
            this.options.navigate({ to: 'call', username, confirm: false, video: actionId === VIDEO_CALL_BACK_ACTION })
          } else {
            this.options.navigate({ to: 'profile', username })
          }
        }
      })
    } catch (error) {
      this.options.logger.error('missed: could not show the notification', { error: String(error) })
    }
  }

  /** "You missed a call from Alice", or "… from Alice with Bob" for a group call. */
  #missedBody(name: string, participants: CallRecord['participants']): string {
    const others = othersInCall(this.#t, participants)
    return others === undefined ? this.#t('notifications.missedBody', { name }) : this.#t('notifications.missedBodyWith', { name, others })
  }

  #notifySummary(): void {
    try {
      this.options.notifier.notify({
        title: this.#t('notifications.missedSummaryTitle'),
        body: this.#t('notifications.missedSummaryBody'),
        actions: [],
        onActivate: () => this.options.showMain()
      })
    } catch (error) {
      this.options.logger.error('missed: could not show the notification', { error: String(error) })
    }
  }

  #clearUnread(): void {
    if (this.#unread.size === 0) return
    this.#unread.clear()
    this.#save()
    this.#events.emit('countChanged', 0)
  }

  #remember(id: string): void {
    this.#known.add(id)
    // Sets iterate in insertion order: drop the oldest ids first.
    for (const old of this.#known) {
      if (this.#known.size <= REMEMBERED_IDS_LIMIT) break
      this.#known.delete(old)
    }
  }

  #save(): void {
    this.options.store.set(storeKey(this.#account), { known: [...this.#known], unread: [...this.#unread] })
  }

  #load(): void {
    const parsed = StoredSchema.safeParse(this.options.store.get(storeKey(this.#account)) ?? {})
    const stored = parsed.success ? parsed.data : { known: [], unread: [] }
    this.#known = new Set(stored.known)
    this.#unread = new Set(stored.unread)
  }
}
