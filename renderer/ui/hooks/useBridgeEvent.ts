import { useEffect, useRef } from 'react'
import type { EventChannel, EventPayload } from '../../../common/ipc'
import { useBridge } from '../bridge'

/** Listens to one of main's events for the component's lifetime; the latest listener always runs. */
export function useBridgeEvent<C extends EventChannel>(channel: C, listener: (payload: EventPayload<C>) => void): void {
  const bridge = useBridge()
  const latest = useRef(listener)
  useEffect(() => {
    latest.current = listener
  })
  useEffect(() => bridge.on(channel, (payload) => latest.current(payload)), [bridge, channel])
}
