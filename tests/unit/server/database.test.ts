import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { MIGRATIONS } from '../../../server/src/storage/migrations'
import { openDatabase, schemaVersion } from '../../../server/src/storage/database'

const dirs: string[] = []
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'shoutit-db-'))
  dirs.push(dir)
  return dir
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('migrations', () => {
  it('brings a fresh database to the latest version in WAL mode', () => {
    const db = openDatabase(tempDir())
    expect(schemaVersion(db)).toBe(MIGRATIONS.length)
    expect(db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' })
    db.close()
  })

  it('applies only the migrations not applied yet', () => {
    const dir = tempDir()
    openDatabase(dir, ['CREATE TABLE a (x INTEGER)']).close()
    const db = openDatabase(dir, ['CREATE TABLE a (x INTEGER)', 'CREATE TABLE b (y INTEGER)'])
    expect(schemaVersion(db)).toBe(2)
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all().map((row) => row.name)
    expect(tables).toEqual(['a', 'b'])
    db.close()
  })

  it('rolls a failing migration back whole and keeps the previous version', () => {
    const dir = tempDir()
    expect(() => openDatabase(dir, ['CREATE TABLE a (x INTEGER)', 'CREATE TABLE b (y INTEGER); CREATE TABLE a (x INTEGER)'])).toThrow()
    const db = openDatabase(dir, ['CREATE TABLE a (x INTEGER)'])
    expect(schemaVersion(db)).toBe(1)
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'b'").get()).toBeUndefined()
    db.close()
  })

  it('refuses a database written by a newer server', () => {
    const dir = tempDir()
    openDatabase(dir, ['CREATE TABLE a (x INTEGER)', 'CREATE TABLE b (y INTEGER)']).close()
    expect(() => openDatabase(dir, ['CREATE TABLE a (x INTEGER)'])).toThrow(/newer/)
  })
})
