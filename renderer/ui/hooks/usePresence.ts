import { useCallback, useEffect, useMemo, useState } from 'react'
import { MAX_WATCHED_PROFILES, type Profile } from '../../../common/api'
import { useBridge } from '../bridge'
import { useBridgeEvent } from './useBridgeEvent'

/**
 * Whether each shown person is online, live. Main watches exactly the people given here
 * (docs/api.md §5, watch channels): the rows on screen, so presence costs the server per
 * person shown, not per person online; whoever leaves the list is unwatched. Until main has
 * said anything about someone, what the server answered with the search result.
 */
export function usePresence(shown: readonly Profile[]): (person: Profile) => boolean | undefined {
  const bridge = useBridge()
  const [live, setLive] = useState<ReadonlyMap<string, boolean>>(new Map())
  // Beyond the cap, the first rows are watched and the rest keep their search result's is_online.
  const ids = useMemo(() => [...new Set(shown.map((person) => person.id))].slice(0, MAX_WATCHED_PROFILES), [shown])
  const key = ids.join(',')

  useEffect(() => {
    const watched = new Set(key === '' ? [] : key.split(','))
    void bridge.invoke('presence:watch', { profileIds: [...watched] })
    // What was heard about people no longer shown goes stale: their next search result is fresher.
    setLive((previous) => new Map([...previous].filter(([id]) => watched.has(id))))
  }, [bridge, key])
  useEffect(() => () => void bridge.invoke('presence:watch', { profileIds: [] }), [bridge])

  useBridgeEvent('presence:changed', ({ online, offline }) => {
    setLive((previous) => {
      const next = new Map(previous)
      for (const id of online) next.set(id, true)
      for (const id of offline) next.set(id, false)
      return next
    })
  })
  return useCallback((person: Profile) => live.get(person.id) ?? person.is_online, [live])
}
