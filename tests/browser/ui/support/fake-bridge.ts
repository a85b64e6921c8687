// A scripted `window.shoutit` for UI tests and the renderer benchmark: it answers each invoke
// channel from a scenario, records every call, and lets the test emit main's events. It is
// serialised into the page with addInitScript, so it must not close over anything.
import type { Profile } from '../../../../common/api'
import type { EventChannel, InvokeChannel, IpcError, SessionView, Settings } from '../../../../common/ipc'

export interface FakeScenario {
  /** Fixed replies by channel; `{ __error: IpcError }` answers with an error. */
  replies: Partial<Record<InvokeChannel, unknown>>
  /** people:search and people:get answer from this list when they have no fixed reply. */
  people?: Profile[]
  /** Replies are delayed this long, to see loading states. */
  latencyMs?: number
}

export interface FakeBridgeControl {
  calls: { channel: string; request: unknown }[]
  emit(channel: EventChannel, payload: unknown): void
  setReply(channel: InvokeChannel, reply: unknown): void
  listenerCount(channel: EventChannel): number
}

export function errorReply(error: IpcError): { __error: IpcError } {
  return { __error: error }
}

/** Runs in the page. */
export function installFakeBridge(scenario: FakeScenario): void {
  const replies: Record<string, unknown> = { ...scenario.replies }
  const listeners = new Map<string, Set<(payload: unknown) => void>>()
  const calls: { channel: string; request: unknown }[] = []
  const people = scenario.people ?? []
  const emit = (channel: string, payload: unknown) => {
    for (const listener of [...(listeners.get(channel) ?? [])]) listener(payload)
  }
  const dynamic = (channel: string, request: Record<string, unknown>): { found: boolean; value?: unknown } => {
    if (channel === 'people:search') {
      const search = String(request.search ?? '').toLowerCase()
      const results = people.filter((person) => `${person.name} ${person.username}`.toLowerCase().includes(search))
      return { found: true, value: { count: results.length, next: null, previous: null, results } }
    }
    if (channel === 'people:get') {
      const person = people.find((candidate) => candidate.username === request.username)
      return person
        ? { found: true, value: person }
        : { found: true, value: { __error: { code: 'api_error', status: 404, reason: 'not_found', message: 'Profile not found' } } }
    }
    if (channel === 'settings:update' && replies['settings:get']) {
      const next = { ...(replies['settings:get'] as Settings), ...request }
      replies['settings:get'] = next
      setTimeout(() => emit('settings:changed', next), 0)
      return { found: true, value: next }
    }
    if (channel === 'presence:watch') return { found: true, value: { ok: true } }
    if (channel === 'session:signOut') {
      const signedOut: SessionView = { state: 'signed-out', storage: { persistent: true, backend: 'test' } }
      setTimeout(() => emit('session:changed', signedOut), 0)
      return { found: true, value: signedOut }
    }
    return { found: false }
  }
  const control: FakeBridgeControl = {
    calls,
    emit,
    setReply: (channel, reply) => {
      replies[channel] = reply
    },
    listenerCount: (channel) => listeners.get(channel)?.size ?? 0
  }
  const bridge = {
    invoke: async (channel: string, request: unknown) => {
      calls.push({ channel, request })
      if (scenario.latencyMs) await new Promise((resolve) => setTimeout(resolve, scenario.latencyMs))
      let value: unknown
      if (channel in replies) value = replies[channel]
      else {
        const answer = dynamic(channel, (request ?? {}) as Record<string, unknown>)
        if (!answer.found) return { ok: false, error: { code: 'internal', message: `the fake bridge has no reply for ${channel}` } }
        value = answer.value
      }
      if (value && typeof value === 'object' && '__error' in value) return { ok: false, error: (value as { __error: unknown }).__error }
      // A copy, as structured clone over IPC would give.
      return { ok: true, value: value === undefined ? undefined : JSON.parse(JSON.stringify(value)) }
    },
    on: (channel: string, listener: (payload: unknown) => void) => {
      const set = listeners.get(channel) ?? new Set()
      set.add(listener)
      listeners.set(channel, set)
      return () => set.delete(listener)
    }
  }
  Object.assign(window, { shoutit: bridge, __fakeBridge: control })
}
