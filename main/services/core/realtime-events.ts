// What the realtime service announces. The incoming-call coordinator, the missed-call
// service and the tray subscribe to these; payloads are already validated against
// common/api.ts. Notifications are not deduplicated here: the catch-up fetch after every
// (re)connect repeats the unread ones, and the missed-calls service keeps one per id.
import type { IncomingVideoCall, Notification, VideoCallRejected } from '../../../common/api'
import type { PresenceChange, RealtimeState } from '../../../common/ipc'

export interface StatsUpdate {
  unread_notifications_count: number
}

export interface RealtimeServiceEvents {
  /** Connection state changed (also sent to windows as realtime:stateChanged). */
  state: RealtimeState
  /** incoming_video_call on presence-v3-p-<me>. The same room may arrive again: dedupe by room. */
  incomingCall: IncomingVideoCall
  /** video_call_rejected: the callee of a call this client places said no or busy. */
  callRejected: VideoCallRejected
  /**
   * A notification pushed live (new_notification, any type), or an unread missed call
   * (`missed_video_call`) from the catch-up fetch after each (re)connect, so the same id
   * arrives again after every reconnect until it is read.
   */
  notification: { notification: Notification; source: 'live' | 'catch-up' }
  stats: StatsUpdate
  /** The watched people's state when a watch starts (again after each reconnect), then each change. */
  presence: PresenceChange
}
