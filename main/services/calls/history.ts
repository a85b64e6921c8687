// Every call, in and out, with how it ended: persisted locally, newest first, capped.
// The store is read back through the same schema the IPC contract uses, so a corrupted
// or older document loses only the records that no longer fit, never the whole history.
import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import type { CallKind } from '../../../common/api'
import { CallRecordSchema, type CallRecord } from '../../../common/calls'
import type { invokeChannels } from '../../../common/ipc'
import { Emitter, type Unsubscribe } from '../core/emitter'
import type { Clock, KeyValueStore, Logger } from '../core/platform'

export const CALL_HISTORY_LIMIT = 500
const RECORDS_KEY = 'records'
/** Each account keeps its own history: whoever signs in next on this computer must not see it. */
const recordsKey = (account: string | undefined): string => (account ? `${RECORDS_KEY}:${account}` : RECORDS_KEY)

export type NewCallRecord = Omit<CallRecord, 'id'>

/**
 * The record a renderer's call:finished report becomes; a duration is kept only for an
 * answered call. `heardKind`: the kind main heard for the call's room, when the report does not say.
 */
export function recordOfFinishedCall(report: z.output<(typeof invokeChannels)['call:finished']['request']>, heardKind?: CallKind): NewCallRecord {
  const kind = report.kind ?? heardKind
  return {
    direction: report.direction,
    peer: report.peer,
    room: report.room,
    startedAt: report.startedAt,
    outcome: report.outcome,
    durationSeconds: report.outcome === 'answered' ? report.durationSeconds : undefined,
    detail: report.detail,
    ...(kind ? { kind } : {}),
    ...(report.participants && report.participants.length > 0 ? { participants: report.participants } : {})
  }
}

export interface CallHistoryOptions {
  store: KeyValueStore
  clock: Pick<Clock, 'now'>
  logger?: Logger
  limit?: number
  newId?: () => string
}

export class CallHistory {
  readonly #events = new Emitter<{ changed: CallRecord[] }>()
  readonly #limit: number
  readonly #newId: () => string
  #records: CallRecord[]
  #account: string | undefined
  /** What the last clear removed, for Undo; in memory only, and never across an account switch. */
  #cleared: CallRecord[] = []

  constructor(private readonly options: CallHistoryOptions) {
    this.#limit = options.limit ?? CALL_HISTORY_LIMIT
    this.#newId = options.newId ?? randomUUID
    this.#records = this.#load()
  }

  /** Switches to this account's history (undefined: signed out, a history of its own). */
  useAccount(account: string | undefined): void {
    if (account === this.#account) return
    this.#account = account
    this.#cleared = []
    this.#records = this.#load()
    this.#events.emit('changed', this.list())
  }

  /** Newest first. */
  list(): CallRecord[] {
    return this.#records.map((record) => ({ ...record }))
  }

  add(input: NewCallRecord): CallRecord {
    const record = CallRecordSchema.parse({ ...input, id: this.#newId() })
    // Insert in time order: the renderer reports a call when it ends, after later rings may have been recorded.
    const index = this.#records.findIndex((existing) => existing.startedAt <= record.startedAt)
    if (index === -1) this.#records.push(record)
    else this.#records.splice(index, 0, record)
    if (this.#records.length > this.#limit) this.#records.length = this.#limit
    this.#save()
    this.options.logger?.info('history: recorded a call', { direction: record.direction, outcome: record.outcome })
    return { ...record }
  }

  clear(): void {
    if (this.#records.length === 0) return
    this.#cleared = this.#records
    this.#records = []
    this.#save()
  }

  /**
   * Undoes the last clear: its records come back as they were, beside any call recorded since
   * (newest first, capped). Once restored, or with nothing cleared, it changes nothing.
   */
  restoreCleared(): void {
    if (this.#cleared.length === 0) return
    const merged = [...this.#records, ...this.#cleared].sort((a, b) => b.startedAt - a.startedAt)
    this.#cleared = []
    this.#records = merged.slice(0, this.#limit)
    this.#save()
    this.options.logger?.info('history: restored the cleared history', { records: this.#records.length })
  }

  /** The newest incoming record from this peer started at or after `sinceMs`. */
  latestIncomingFrom(peerId: string, sinceMs: number): CallRecord | undefined {
    const found = this.#records.find(
      (record) => record.direction === 'incoming' && record.peer.id === peerId && record.startedAt >= sinceMs
    )
    return found && { ...found }
  }

  onChange(listener: (records: CallRecord[]) => void): Unsubscribe {
    return this.#events.on('changed', listener)
  }

  #save(): void {
    this.options.store.set(recordsKey(this.#account), this.#records)
    this.#events.emit('changed', this.list())
  }

  #load(): CallRecord[] {
    const stored = this.options.store.get(recordsKey(this.#account))
    if (stored === undefined) return []
    const list = z.array(z.unknown()).safeParse(stored)
    if (!list.success) {
      this.options.logger?.warn('history: stored history is not a list; starting empty')
      return []
    }
    const records: CallRecord[] = []
    for (const item of list.data) {
      const parsed = CallRecordSchema.safeParse(item)
      if (parsed.success) records.push(parsed.data)
    }
    if (records.length < list.data.length) {
      this.options.logger?.warn('history: dropped stored records that no longer fit', { dropped: list.data.length - records.length })
    }
    records.sort((a, b) => b.startedAt - a.startedAt)
    return records.slice(0, this.#limit)
  }
}
