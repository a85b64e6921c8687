import { useEffect, useRef, useState, type ReactNode } from 'react'
import { createRoot, type Root } from 'react-dom/client'
import { I18nextProvider } from 'react-i18next'
import { currentLanguage, i18n } from '../../i18n'
import { openPipWindow, type PipWindowHandle } from './pipWindow'

interface PipWindowProps {
  title: string
  /** The window was closed by the user or the OS, or could not be opened. */
  onClosedByUser: () => void
  children: ReactNode
}

/**
 * Renders its children into the picture-in-picture window while mounted. A separate React
 * root, not a portal: React listens for events at its root's container, and a portal into
 * another document would show buttons that never hear a click.
 */
export function PipWindow({ title, onClosedByUser, children }: PipWindowProps) {
  const [open, setOpen] = useState<{ pip: PipWindowHandle; root: Root } | null>(null)
  const closed = useRef(onClosedByUser)
  closed.current = onClosedByUser

  useEffect(() => {
    const pip = openPipWindow(window, { title, onClosedByUser: () => closed.current() })
    if (!pip) {
      // Refused (the setting changed in main, or a browser's popup blocker): not again for this absence.
      closed.current()
      return
    }
    const root = createRoot(pip.container)
    setOpen({ pip, root })
    return () => {
      pip.close()
      // Not synchronously: this runs while React commits the main window's root.
      queueMicrotask(() => root.unmount())
    }
    // Opened once per mount; the title follows below.
  }, [])

  useEffect(() => {
    if (open) open.pip.window.document.title = title
  }, [open, title])

  useEffect(() => {
    if (!open) return
    // Its own root has no context from the main window's: the same i18next instance is
    // provided again, so the small window speaks the app's language and follows a change.
    open.pip.window.document.documentElement.lang = currentLanguage()
    open.root.render(<I18nextProvider i18n={i18n}>{children}</I18nextProvider>)
  })

  return null
}
