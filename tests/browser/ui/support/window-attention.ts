// Headless Chromium reports every page as visible and focused. This replaces both answers
// with ones a test sets, and fires the events a real window would, so screens that react to
// being watched can be tested both ways. Serialised into the page: no closures.
import type { Page } from 'playwright-core'

export interface WindowAttention {
  visible: boolean
  focused: boolean
}

export interface WindowAttentionControl {
  set(next: WindowAttention): void
}

/** Runs in the page. */
export function installWindowAttention(initial: WindowAttention): void {
  let current = { ...initial }
  Object.defineProperty(Document.prototype, 'visibilityState', { configurable: true, get: () => (current.visible ? 'visible' : 'hidden') })
  Object.defineProperty(Document.prototype, 'hidden', { configurable: true, get: () => !current.visible })
  Document.prototype.hasFocus = () => current.focused
  const control: WindowAttentionControl = {
    set(next) {
      const before = current
      current = { ...next }
      if (before.visible !== next.visible) document.dispatchEvent(new Event('visibilitychange'))
      if (before.focused !== next.focused) window.dispatchEvent(new FocusEvent(next.focused ? 'focus' : 'blur'))
    }
  }
  Object.assign(window, { __windowAttention: control })
}

export async function setWindowAttention(page: Page, next: WindowAttention): Promise<void> {
  await page.evaluate((state) => (window as unknown as { __windowAttention: WindowAttentionControl }).__windowAttention.set(state), next)
}
