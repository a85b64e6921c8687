// An in-process record of the calling API's side effects, so tests can assert what the
// server was asked to do (who rang whom, with which room) without scraping logs.
export type AuditEntry =
  | { kind: 'video_auth'; at: number; profileId: string; identity: string; reminted: boolean }
  | {
      kind: 'video_call'
      at: number
      callerProfileId: string
      callerUsername: string
      calleeIdentity: string
      calleeProfileId: string
      missed: boolean
      room: string | null
      available: boolean | null
    }
  | { kind: 'video_reject'; at: number; calleeProfileId: string; callerIdentity: string; callerProfileId: string; room: string; reason: string }

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never

export class Audit {
  private readonly entries: AuditEntry[] = []

  constructor(
    private readonly nowMs: () => number,
    private readonly limit = 10_000
  ) {}

  record(entry: DistributiveOmit<AuditEntry, 'at'>): void {
    this.entries.push({ ...entry, at: this.nowMs() } as AuditEntry)
    if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit)
  }

  /** A copy, oldest first; optionally only one kind. */
  list<K extends AuditEntry['kind']>(kind?: K): Extract<AuditEntry, { kind: K }>[] {
    const selected = kind ? this.entries.filter((entry) => entry.kind === kind) : [...this.entries]
    return selected as Extract<AuditEntry, { kind: K }>[]
  }

  clear(): void {
    this.entries.length = 0
  }
}
