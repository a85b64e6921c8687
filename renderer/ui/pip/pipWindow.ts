// Opens the picture-in-picture window and prepares its document for a React root. The window
// is a same-origin about:blank child of this page (common/pip.ts; main allows exactly this
// request), so this page draws into it directly: its own React root, the app's stylesheets,
// and the call's MediaStreams as they are, with no second negotiation.
import { PIP_FEATURES, PIP_FRAME_NAME, PIP_URL } from '../../../common/pip'

export interface PipWindowHandle {
  readonly window: Window
  /** Where the window's React root renders. */
  readonly container: HTMLElement
  /** Closes the window from here; onClosedByUser is not called for it. */
  close(): void
}

/** How often to check for a window closed without a pagehide (the OS closing it while this page is throttled). */
const CLOSED_POLL_MS = 500

/** Null when the window could not be opened (refused by main, or a popup blocker). */
export function openPipWindow(opener: Window, options: { title: string; onClosedByUser: () => void }): PipWindowHandle | null {
  const child = opener.open(PIP_URL, PIP_FRAME_NAME, PIP_FEATURES)
  if (!child) return null
  const doc = child.document
  // A window of the same name left over from before is reused by window.open: start clean.
  doc.head.replaceChildren()
  doc.body.replaceChildren()
  doc.title = options.title
  doc.documentElement.lang = opener.document.documentElement.lang || 'en'
  const colorScheme = doc.createElement('meta')
  colorScheme.name = 'color-scheme'
  colorScheme.content = 'light dark'
  doc.head.append(colorScheme)
  copyStylesheets(opener.document, doc)
  doc.body.className = 'pip-window'
  const container = doc.createElement('div')
  container.className = 'pip-root'
  doc.body.append(container)

  let done = false
  const finish = () => {
    done = true
    opener.clearInterval(poll)
    child.removeEventListener('pagehide', closedByUser)
  }
  const closedByUser = () => {
    if (done) return
    finish()
    options.onClosedByUser()
  }
  child.addEventListener('pagehide', closedByUser)
  const poll = opener.setInterval(() => {
    if (child.closed) closedByUser()
  }, CLOSED_POLL_MS)

  return {
    window: child,
    container,
    close() {
      if (done) return
      finish()
      child.close()
    }
  }
}

/**
 * The app's own stylesheets, as links to the same files (the CSP allows 'self' styles, and the
 * child inherits it). Inline <style> (the development server's) is copied as text.
 */
function copyStylesheets(from: Document, to: Document): void {
  for (const node of Array.from(from.querySelectorAll<HTMLLinkElement | HTMLStyleElement>('link[rel~="stylesheet"], style'))) {
    if (node.tagName === 'LINK') {
      const link = to.createElement('link')
      link.rel = 'stylesheet'
      // Absolute: the child's base URL is about:blank's.
      link.href = (node as HTMLLinkElement).href
      to.head.append(link)
    } else {
      const style = to.createElement('style')
      style.textContent = node.textContent
      to.head.append(style)
    }
  }
}
