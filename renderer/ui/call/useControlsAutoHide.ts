import { useEffect, useRef, useState, type RefObject } from 'react'
import { systemClock } from '../../calling/clock'
import { controlsMayHide, createControlsAutoHide, type AutoHideConditions } from './controlsAutoHide'

const REDUCED_MOTION = '(prefers-reduced-motion: reduce)'

function usePrefersReducedMotion(): boolean {
  const [reduced, setReduced] = useState(() => typeof matchMedia === 'function' && matchMedia(REDUCED_MOTION).matches)
  useEffect(() => {
    if (typeof matchMedia !== 'function') return
    const query = matchMedia(REDUCED_MOTION)
    const follow = () => setReduced(query.matches)
    query.addEventListener('change', follow)
    return () => query.removeEventListener('change', follow)
  }, [])
  return reduced
}

/**
 * Whether the call's controls are hidden now (controlsAutoHide.ts): follows pointer
 * movement over `screen`, and stops hiding for the rest of the call once the keyboard is
 * used there (a key pressed, or a control focused with a visible focus ring).
 */
export function useControlsAutoHide(screen: RefObject<HTMLElement | null>, conditions: Omit<AutoHideConditions, 'keyboardUsed' | 'reducedMotion'>): boolean {
  const [hidden, setHidden] = useState(false)
  const [keyboardUsed, setKeyboardUsed] = useState(false)
  const reducedMotion = usePrefersReducedMotion()
  const autoHide = useRef<ReturnType<typeof createControlsAutoHide> | null>(null)
  useEffect(() => {
    const policy = createControlsAutoHide(systemClock, setHidden)
    autoHide.current = policy
    return () => {
      policy.dispose()
      autoHide.current = null
    }
  }, [])
  const allowed = controlsMayHide({ ...conditions, keyboardUsed, reducedMotion })
  useEffect(() => {
    autoHide.current?.setAllowed(allowed)
    if (allowed) autoHide.current?.activity()
  }, [allowed])
  useEffect(() => {
    const element = screen.current
    if (!element) return
    const onPointer = () => autoHide.current?.activity()
    const onKey = () => {
      setKeyboardUsed(true)
      autoHide.current?.activity()
    }
    const onFocus = (event: FocusEvent) => {
      // A click focuses its button too; only keyboard focus (the visible ring) is the keyboard.
      if (event.target instanceof Element && event.target.matches(':focus-visible')) onKey()
    }
    element.addEventListener('pointermove', onPointer)
    element.addEventListener('pointerdown', onPointer)
    element.addEventListener('focusin', onFocus)
    // Keys pressed with focus outside the call (on the page's body) count too.
    window.addEventListener('keydown', onKey)
    return () => {
      element.removeEventListener('pointermove', onPointer)
      element.removeEventListener('pointerdown', onPointer)
      element.removeEventListener('focusin', onFocus)
      window.removeEventListener('keydown', onKey)
    }
  }, [screen])
  return hidden
}
