// Named server profiles, as Shoutit's own clients had them, plus a custom address. The
// choice is remembered (not a secret); switching is wired in compose to sign out first.
import { z } from 'zod'
import { ServerProfileIdSchema, ServerUrlSchema, type ServerProfileId, type ServersView } from '../../../common/ipc'
import type { KeyValueStore } from './platform'

export const DEFAULT_LOCAL_SERVER_URL = 'http://127.0.0.1:8787'

const FIXED_PROFILES = {
  production: { label: 'Shoutit', url: 'https://api.shoutit.com' },
  development: { label: 'Shoutit (development)', url: 'https://dev.api.shoutit.com' }
} as const

const StoredChoiceSchema = z.object({ id: ServerProfileIdSchema, customUrl: ServerUrlSchema.optional() })

export type ServerSelection = { id: 'production' | 'development' | 'local' } | { id: 'custom'; url: string }

export class ServerDirectory {
  #selected: ServerProfileId = 'local'
  #customUrl: string | undefined

  constructor(
    private readonly store: KeyValueStore,
    private readonly localUrl: string = DEFAULT_LOCAL_SERVER_URL
  ) {
    const stored = StoredChoiceSchema.safeParse(store.get('selection'))
    if (stored.success && (stored.data.id !== 'custom' || stored.data.customUrl !== undefined)) {
      this.#selected = stored.data.id
      this.#customUrl = stored.data.customUrl
    }
  }

  /** The selected server's address, without a trailing slash. */
  currentUrl(): string {
    return this.#urlOf(this.#selected)
  }

  view(): ServersView {
    const ids: ServerProfileId[] = this.#customUrl === undefined ? ['production', 'development', 'local'] : ['production', 'development', 'local', 'custom']
    return {
      profiles: ids.map((id) => ({ id, label: this.#labelOf(id), url: this.#urlOf(id) })),
      selected: this.#selected,
      url: this.currentUrl()
    }
  }

  /** Returns true when the address actually changed. */
  select(selection: ServerSelection): boolean {
    const before = this.currentUrl()
    this.#selected = selection.id
    if (selection.id === 'custom') this.#customUrl = normalise(selection.url)
    this.store.set('selection', { id: this.#selected, customUrl: this.#customUrl })
    return before !== this.currentUrl()
  }

  #urlOf(id: ServerProfileId): string {
    if (id === 'local') return normalise(this.localUrl)
    if (id === 'custom') return this.#customUrl ?? normalise(this.localUrl)
    return FIXED_PROFILES[id].url
  }

  #labelOf(id: ServerProfileId): string {
    if (id === 'local') return 'This computer'
    if (id === 'custom') return 'Custom address'
    return FIXED_PROFILES[id].label
  }
}

function normalise(url: string): string {
  const parsed = new URL(url)
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`
}
