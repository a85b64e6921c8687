// Server-generated secrets that must outlive a restart (tokens signed before it stay valid)
// and be the same on every instance sharing the database.
import { randomBytes } from 'node:crypto'
import type { SqlClient } from './sql'

export class SettingsStore {
  constructor(private readonly db: SqlClient) {}

  async get(key: string): Promise<string | undefined> {
    return (await this.db.get<{ value: string }>('SELECT value FROM settings WHERE key = ?', [key]))?.value
  }

  /** The stored secret under `key`, generated on first use; when two instances race, the first write wins for both. */
  async secret(key: string): Promise<string> {
    const existing = await this.get(key)
    if (existing !== undefined) return existing
    await this.db.run('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING', [key, randomBytes(32).toString('hex')])
    const stored = await this.get(key)
    if (stored === undefined) throw new Error(`the setting ${key} could not be stored`)
    return stored
  }
}
