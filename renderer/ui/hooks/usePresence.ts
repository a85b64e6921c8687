import { useCallback, useState } from 'react'
import type { Profile } from '../../../common/api'
import { useBridgeEvent } from './useBridgeEvent'

interface LivePresence {
  /** The whole list from the last (re)subscription, or null before the first one. */
  snapshot: ReadonlySet<string> | null
  /** Changes since that list. */
  changes: ReadonlyMap<string, boolean>
}

/**
 * Whether a person is online, following main's presence:changed events live; until main has
 * said anything about them, what the server answered with the search result.
 */
export function usePresence(): (person: Profile) => boolean | undefined {
  const [live, setLive] = useState<LivePresence>({ snapshot: null, changes: new Map() })
  useBridgeEvent('presence:changed', ({ online, offline, complete }) => {
    setLive((previous) => {
      if (complete) return { snapshot: new Set(online), changes: new Map() }
      const changes = new Map(previous.changes)
      for (const id of online) changes.set(id, true)
      for (const id of offline) changes.set(id, false)
      return { snapshot: previous.snapshot, changes }
    })
  })
  return useCallback(
    (person: Profile) => live.changes.get(person.id) ?? (live.snapshot ? live.snapshot.has(person.id) : person.is_online),
    [live]
  )
}
