import { useLayoutEffect, useRef, useState, type RefObject } from 'react'

/**
 * The width a row of controls needs with every label showing: each control's width, the
 * gaps between them and the row's own padding. Measured while the labels show, so that a
 * row made compact knows when there is room for them again.
 */
export function fullRowWidth(controlWidths: readonly number[], gap: number, padding: number): number {
  const controls = controlWidths.reduce((sum, width) => sum + width, 0)
  return controls + gap * Math.max(0, controlWidths.length - 1) + padding
}

/**
 * Whether a call's control row should show its controls as icons only: when, with their
 * labels, they would wrap onto a second row (eight controls in a window 1,100 px wide, or
 * fewer with German's longer words), leaving Hang up alone under the rest. Labels come back
 * once the row is wide enough for all of them again. `layoutKey` names what changes the
 * labels' widths (the language, which controls there are): a new key measures again.
 */
export function useCompactControls(row: RefObject<HTMLElement | null>, layoutKey: string): boolean {
  const [compact, setCompact] = useState(false)
  // The width the row needs with its labels, measured the last time they showed.
  const neededWidth = useRef<number | null>(null)

  // Before paint: a row that wraps is never drawn wrapped, not even for one frame.
  useLayoutEffect(() => {
    neededWidth.current = null
    setCompact(false)
  }, [layoutKey])

  useLayoutEffect(() => {
    const element = row.current
    if (!element || typeof ResizeObserver === 'undefined') return
    const check = (): void => {
      if (!compact) {
        const controls = [...element.children].filter((child): child is HTMLElement => child instanceof HTMLElement)
        const style = getComputedStyle(element)
        const needed = fullRowWidth(
          controls.map((control) => control.getBoundingClientRect().width),
          parseFloat(style.columnGap) || 0,
          (parseFloat(style.paddingLeft) || 0) + (parseFloat(style.paddingRight) || 0)
        )
        neededWidth.current = needed
        // A pixel of rounding is not a wrap.
        if (needed > element.clientWidth + 1) setCompact(true)
      } else if (neededWidth.current !== null && element.clientWidth >= neededWidth.current) {
        setCompact(false)
      }
    }
    check()
    const observer = new ResizeObserver(check)
    observer.observe(element)
    return () => observer.disconnect()
  }, [row, compact, layoutKey])

  return compact
}
