// Who may watch whose presence (docs/api.md §5): a signed-in account (not a guest) may watch
// any other account, the people it could call. Guests are nobody's contact and watch nobody.
import type { UserRecord, UserStore } from '../storage/users'

export type WatchRefusal = 'guest' | 'self' | 'unknown'

/** undefined when `watcher` may watch `profileId`, else why not. */
export async function watchRefusal(users: UserStore, watcher: UserRecord, profileId: string): Promise<WatchRefusal | undefined> {
  if (watcher.isGuest) return 'guest'
  if (profileId === watcher.id) return 'self'
  if (profileId.length === 0 || profileId.length > 100) return 'unknown'
  const target = await users.byId(profileId)
  if (!target || target.isGuest) return 'unknown'
  return undefined
}
