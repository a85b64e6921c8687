import { useCallback, useEffect, useState, type Dispatch, type SetStateAction } from 'react'
import type { EventChannel, EventPayload, InvokeChannel, InvokeReply, InvokeRequest } from '../../../common/ipc'
import { messageOf, request, useBridge } from '../bridge'

/** Invoke channels whose request is empty: plain reads of main's state. */
export type ReadChannel = {
  [C in InvokeChannel]: Record<string, never> extends InvokeRequest<C> ? C : never
}[InvokeChannel]

/** Events that carry the same value a read returns. */
export type ChangeOf<G extends InvokeChannel> = {
  [E in EventChannel]: EventPayload<E> extends InvokeReply<G> ? E : never
}[EventChannel]

/**
 * A value main owns: read once, then kept current by its change event (null until known).
 * An event that lands before the initial read answers wins, so older data never overwrites
 * newer. The setter is for replies that carry the new value (e.g. settings:update).
 */
export function useMainState<G extends ReadChannel>(
  getChannel: G,
  changedChannel: ChangeOf<G>
): [InvokeReply<G> | null, Dispatch<SetStateAction<InvokeReply<G> | null>>, MainStateRead] {
  const bridge = useBridge()
  const [value, setValue] = useState<InvokeReply<G> | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [attempt, setAttempt] = useState(0)
  useEffect(() => {
    let changed = false
    let active = true
    const unsubscribe = bridge.on(changedChannel, (payload) => {
      changed = true
      setError(null)
      setValue(payload as InvokeReply<G>)
    })
    request(bridge, getChannel, {} as InvokeRequest<G>)
      .then((initial) => {
        if (active && !changed) setValue(initial)
      })
      // A failed read leaves the value unknown; the change event may still fill it in later.
      .catch((thrown: unknown) => {
        if (active && !changed) setError(messageOf(thrown))
      })
    return () => {
      active = false
      unsubscribe()
    }
  }, [bridge, getChannel, changedChannel, attempt])
  const retry = useCallback(() => {
    setError(null)
    setAttempt((count) => count + 1)
  }, [])
  return [value, setValue, { error, retry }]
}

export interface MainStateRead {
  /** Why the initial read failed, while no value has arrived. */
  error: string | null
  retry(): void
}
