// Which permission requests a window gets: camera and microphone, and display capture for
// screen sharing, only for the app's own origin. Everything else (geolocation,
// notifications from the page, MIDI, HID, …) is refused. Pure, so it is tested in Node.
import { APP_ORIGIN } from './renderer-files'

const ALLOWED_PERMISSIONS = new Set(['media', 'display-capture'])
const ALLOWED_MEDIA_TYPES = new Set(['audio', 'video'])

export interface PermissionQuery {
  permission: string
  /** The requesting frame's URL or origin. */
  requestingUrl: string
  /** For `media`: what is asked for ('audio', 'video'). */
  mediaTypes?: readonly string[]
}

export function isPermissionAllowed({ permission, requestingUrl, mediaTypes }: PermissionQuery): boolean {
  if (!ALLOWED_PERMISSIONS.has(permission)) return false
  let url: URL
  try {
    url = new URL(requestingUrl)
  } catch {
    return false
  }
  // WHATWG URL gives custom schemes an opaque ("null") origin: compare scheme and host instead.
  if (`${url.protocol}//${url.host}` !== APP_ORIGIN) return false
  if (permission === 'media' && mediaTypes) return mediaTypes.every((type) => ALLOWED_MEDIA_TYPES.has(type))
  return true
}
