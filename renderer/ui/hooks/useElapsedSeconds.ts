import { useEffect, useState } from 'react'

/** Whole seconds since `startedAt` (Unix ms), ticking once a second. */
export function useElapsedSeconds(startedAt: number, now: () => number = Date.now): number {
  const [elapsed, setElapsed] = useState(() => Math.max(0, Math.floor((now() - startedAt) / 1000)))
  useEffect(() => {
    const update = () => setElapsed(Math.max(0, Math.floor((now() - startedAt) / 1000)))
    update()
    const timer = setInterval(update, 1000)
    return () => clearInterval(timer)
  }, [startedAt, now])
  return elapsed
}
