import { useSyncExternalStore } from 'react'

// Blur matters as much as focus: without it a window the user left would still count as
// watched, and whatever arrived while they were away would be taken as seen.
function subscribe(onChange: () => void): () => void {
  window.addEventListener('focus', onChange)
  window.addEventListener('blur', onChange)
  document.addEventListener('visibilitychange', onChange)
  return () => {
    window.removeEventListener('focus', onChange)
    window.removeEventListener('blur', onChange)
    document.removeEventListener('visibilitychange', onChange)
  }
}

function isWatched(): boolean {
  return document.visibilityState === 'visible' && document.hasFocus()
}

/** True while the window is on screen and focused: what it shows is being seen. */
export function useWindowWatched(): boolean {
  return useSyncExternalStore(subscribe, isWatched)
}

function isVisible(): boolean {
  return document.visibilityState === 'visible'
}

/** True while the window is on screen (shown, not minimised), focused or not. */
export function useWindowVisible(): boolean {
  return useSyncExternalStore(subscribe, isVisible)
}
