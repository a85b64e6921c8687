// What the realtime service announces. The incoming-call coordinator, the missed-call
// service and the tray subscribe to these; payloads are already validated against
// common/api.ts, and notifications are deduplicated by id across live pushes and the
// catch-up fetch that follows every (re)connect.
import type { IncomingVideoCall, Notification, VideoCallRejected } from '../../common/api'
import type { RealtimeState } from '../../common/ipc'

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
   * A notification seen for the first time, live (new_notification) or from the catch-up
   * fetch after a (re)connect. Missed calls have type `missed_video_call`.
   */
  notification: { notification: Notification; source: 'live' | 'catch-up' }
  stats: StatsUpdate
}
