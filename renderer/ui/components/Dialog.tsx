import { useId, useLayoutEffect, useRef, type ReactNode } from 'react'

interface DialogProps {
  title: string
  /** Escape, or the dialog closing for any reason other than a button. */
  onCancel: () => void
  children: ReactNode
  className?: string
}

/**
 * A modal on the native <dialog>: the browser traps focus, restores it on close, makes the
 * rest of the page inert and maps Escape to cancel.
 */
export function Dialog({ title, onCancel, children, className }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  // A layout effect: its cleanup runs while the dialog is still in the document, so close()
  // gives the focus back to what had it (a dialog closed after removal leaves it on the body).
  useLayoutEffect(() => {
    const dialog = ref.current
    if (dialog && !dialog.open) dialog.showModal()
    return () => dialog?.close()
  }, [])
  return (
    <dialog
      ref={ref}
      className={`dialog ${className ?? ''}`}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault()
        onCancel()
      }}
    >
      <h2 id={titleId}>{title}</h2>
      {children}
    </dialog>
  )
}
