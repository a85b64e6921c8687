// Server-generated secrets that must outlive a restart (tokens signed before it stay valid).
import { randomBytes } from 'node:crypto'
import { statement, type Database } from './database'

export class SettingsStore {
  constructor(private readonly db: Database) {}

  get(key: string): string | undefined {
    const row = statement(this.db, 'SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined
    return row?.value
  }

  /** The stored secret under `key`, generated and stored on first use. */
  secret(key: string): string {
    const existing = this.get(key)
    if (existing !== undefined) return existing
    const value = randomBytes(32).toString('hex')
    statement(this.db, 'INSERT INTO settings (key, value) VALUES (?, ?)').run(key, value)
    return value
  }
}
