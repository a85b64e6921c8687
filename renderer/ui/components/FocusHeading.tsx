import { useEffect, useRef, type ReactNode } from 'react'

/**
 * A screen's heading that takes focus when the screen appears, so keyboard and screen-reader
 * users land at the top of what changed instead of on a control that no longer exists.
 */
export function FocusHeading({ children, className }: { children: ReactNode; className?: string }) {
  const ref = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    // Never steal focus from a field the user is typing in or an open dialog.
    const active = document.activeElement
    if (active && active !== document.body && active.closest('dialog[open], input, textarea, select')) return
    ref.current?.focus({ preventScroll: false })
  }, [])
  return (
    <h1 ref={ref} tabIndex={-1} className={className}>
      {children}
    </h1>
  )
}
