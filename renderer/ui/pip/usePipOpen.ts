import { useCallback, useEffect, useRef, useState } from 'react'
import { PipPolicy, type PipInputs } from './pipPolicy'

/** PipPolicy as React state: whether the window is open, and how to say the user closed it. */
export function usePipOpen({ callActive, watched, enabled }: PipInputs): { open: boolean; userClosed: () => void } {
  const [open, setOpen] = useState(false)
  const policy = useRef<PipPolicy | null>(null)
  policy.current ??= new PipPolicy(setOpen)
  useEffect(() => {
    policy.current?.update({ callActive, watched, enabled })
  }, [callActive, watched, enabled])
  useEffect(() => () => policy.current?.dispose(), [])
  const userClosed = useCallback(() => policy.current?.userClosed(), [])
  return { open, userClosed }
}
