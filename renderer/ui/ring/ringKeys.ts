export type RingAction = 'accept' | 'accept-audio' | 'decline'

/**
 * The ring window's shortcuts: Enter or A accepts, V accepts with audio only (voice), Escape
 * or D declines. Enter on a focused button is left to the button itself, so Enter on
 * "Decline" never accepts.
 */
export function ringActionForKey(
  event: Pick<KeyboardEvent, 'key' | 'altKey' | 'ctrlKey' | 'metaKey' | 'repeat'>,
  targetIsControl: boolean
): RingAction | null {
  if (event.altKey || event.ctrlKey || event.metaKey || event.repeat) return null
  switch (event.key) {
    case 'Enter':
      return targetIsControl ? null : 'accept'
    case 'a':
    case 'A':
      return 'accept'
    case 'v':
    case 'V':
      return 'accept-audio'
    case 'Escape':
    case 'd':
    case 'D':
      return 'decline'
    default:
      return null
  }
}
