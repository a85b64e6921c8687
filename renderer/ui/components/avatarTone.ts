// Which of the avatar tones (--avatar-tone-0 … in styles.css) a person's initials sit on:
// a hash of their username, so the same person has the same colour in every list, window
// and session, and a renamed account keeps its colour.

/** How many tones styles.css defines (--avatar-tone-0 to --avatar-tone-7). */
export const AVATAR_TONES = 8

/** FNV-1a (32 bit) of the lower-cased username, modulo the number of tones. */
export function avatarTone(username: string): number {
  let hash = 0x811c9dc5
  for (const unit of username.toLowerCase()) {
    hash ^= unit.codePointAt(0) ?? 0
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash % AVATAR_TONES
}
