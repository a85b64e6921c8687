// How a person's name is shown, in main (tray, notifications) and in the renderer alike.
import type { Profile } from './api'

const MAX_NAME_LENGTH = 60

/**
 * Characters no name may hold: controls (NUL included), format characters (bidi overrides and
 * isolates, zero-width spaces and joiners, the BOM) and line/paragraph separators. The server
 * refuses them in new names; the client strips them from any name it shows.
 */
export const UNSAFE_NAME_CHARACTERS = /[\p{Cc}\p{Cf}\u2028\u2029]/u

/** Names come from other users: keep them to one short printable line, the username when the name is blank. */
export function displayName(profile: Pick<Profile, 'name' | 'username'>): string {
  return oneLine(profile.name, MAX_NAME_LENGTH) || oneLine(profile.username, MAX_NAME_LENGTH)
}

/** Text from the server, made safe to show: no control or bidi characters, one line, bounded. */
export function oneLine(text: string, max: number): string {
  const cleaned = text.replace(new RegExp(`${UNSAFE_NAME_CHARACTERS.source}+`, 'gu'), ' ').replace(/\s+/g, ' ').trim()
  return cleaned.length > max ? `${cleaned.slice(0, max - 1)}…` : cleaned
}
