// API shapes (docs/api.md §2–5) from stored records. Typed against common/api so the reference
// server cannot drift from what the client parses.
import { MISSED_VIDEO_CALL, type DetailedProfile, type Notification, type Profile } from '../../../common/api'
import type { NotificationRecord } from '../storage/notifications'
import type { UserRecord } from '../storage/users'

export function profileJson(user: UserRecord, isOnline?: boolean): Profile {
  const profile: Profile = {
    id: user.id,
    username: user.username,
    name: user.name,
    type: 'user',
    first_name: user.firstName,
    last_name: user.lastName,
    image: user.image,
    app_url: `shoutit://profile?username=${encodeURIComponent(user.username)}&type=user`
  }
  if (isOnline !== undefined) profile.is_online = isOnline
  return profile
}

export function statsJson(unreadNotifications: number): NonNullable<DetailedProfile['stats']> & { unread_conversations_count: number } {
  return { unread_notifications_count: unreadNotifications, unread_conversations_count: 0 }
}

export function detailedProfileJson(user: UserRecord, unreadNotifications: number, isOnline?: boolean): DetailedProfile {
  const detailed: DetailedProfile = {
    ...profileJson(user, isOnline),
    date_joined: user.dateJoined,
    is_guest: user.isGuest,
    stats: statsJson(unreadNotifications)
  }
  if (user.email !== null) detailed.email = user.email
  return detailed
}

export function notificationJson(notification: NotificationRecord, actor: UserRecord | undefined): Notification {
  const missedCall = notification.type === MISSED_VIDEO_CALL
  const actorName = actor?.name ?? 'someone'
  const profile = actor && profileJson(actor)
  return {
    id: notification.id,
    created_at: notification.createdAt,
    is_read: notification.isRead,
    type: notification.type,
    display: {
      title: missedCall ? 'Missed video call' : 'Notification',
      text: missedCall ? `You missed a call from ${actorName}` : '',
      image: actor?.image ?? null
    },
    app_url: profile?.app_url ?? null,
    attached_object: profile ? { profile } : null
  }
}
