import { createContext, useCallback, useContext, useMemo, useRef, useState } from 'react'
import type { Notice } from '../../../common/ipc'
import { useBridgeEvent } from './useBridgeEvent'

export interface ShownNotice extends Notice {
  id: number
}

const MAX_SHOWN = 4

export interface Notices {
  shown: ShownNotice[]
  notify(notice: Notice): void
  dismiss(id: number): void
}

/** main's `notice` events plus the renderer's own, in one list the toasts render. */
export function useNoticeList(): Notices {
  const [shown, setShown] = useState<ShownNotice[]>([])
  const nextId = useRef(1)
  const notify = useCallback((notice: Notice) => {
    const id = nextId.current++
    setShown((current) => [...current, { ...notice, id }].slice(-MAX_SHOWN))
  }, [])
  const dismiss = useCallback((id: number) => setShown((current) => current.filter((notice) => notice.id !== id)), [])
  useBridgeEvent('notice', notify)
  return useMemo(() => ({ shown, notify, dismiss }), [shown, notify, dismiss])
}

export const NoticeContext = createContext<(notice: Notice) => void>(() => undefined)

/** Shows a toast from anywhere below the app. */
export function useNotify(): (notice: Notice) => void {
  return useContext(NoticeContext)
}
