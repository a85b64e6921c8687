// Key-value stores for tests: in memory, or one JSON file per store under a data directory
// (the shape electron-store writes), so tests can read back what would reach the disk.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { KeyValueStore, KeyValueStoreFactory } from '../../../main/services/core/platform'

export function memoryStores(): KeyValueStoreFactory & { data: Map<string, Map<string, unknown>> } {
  const data = new Map<string, Map<string, unknown>>()
  const factory = (name: string): KeyValueStore => {
    const store = data.get(name) ?? new Map<string, unknown>()
    data.set(name, store)
    return {
      get: (key) => structuredClone(store.get(key)),
      set: (key, value) => void store.set(key, structuredClone(value)),
      delete: (key) => void store.delete(key)
    }
  }
  return Object.assign(factory, { data })
}

export function jsonFileStores(dataDir: string): KeyValueStoreFactory {
  mkdirSync(dataDir, { recursive: true })
  return (name) => {
    const file = path.join(dataDir, `${name.replace(/[^A-Za-z0-9_-]/g, '_')}.json`)
    let data = readObject(file)
    const write = () => writeFileSync(file, JSON.stringify(data, null, 2))
    return {
      get: (key) => data[key],
      set(key, value) {
        data = { ...data, [key]: value }
        write()
      },
      delete(key) {
        if (!(key in data)) return
        const { [key]: _removed, ...rest } = data
        data = rest
        write()
      }
    }
  }
}

/** The file's JSON object, or {} when it is missing, unreadable or not an object. */
function readObject(file: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'))
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}
