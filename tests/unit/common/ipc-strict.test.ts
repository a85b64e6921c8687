// Every object that crosses IPC refuses keys the contract does not name: each invoke reply
// and each event payload is walked down to its leaves, and every object schema on the way
// must be strict. A new channel (or a shape borrowed from common/api.ts, which drops
// unknown server fields instead) that is not strict fails here.
import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { eventChannels, invokeChannels } from '../../../common/ipc'

type Def = { type: string } & Record<string, unknown>
const defOf = (schema: unknown): Def => (schema as z.core.$ZodType)._zod.def as unknown as Def

/** The paths of every object schema inside `schema` that accepts unknown keys. */
function looseObjects(schema: unknown, path: string, seen = new Set<unknown>()): string[] {
  if (seen.has(schema)) return []
  seen.add(schema)
  const def = defOf(schema)
  const walk = (child: unknown, at: string) => looseObjects(child, at, seen)
  switch (def.type) {
    case 'object': {
      const catchall = def.catchall === undefined ? undefined : defOf(def.catchall).type
      const own = catchall === 'never' ? [] : [path || '(payload)']
      return [...own, ...Object.entries(def.shape as Record<string, unknown>).flatMap(([key, child]) => walk(child, `${path}.${key}`))]
    }
    case 'array':
      return walk(def.element, `${path}[]`)
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return walk(def.innerType, path)
    case 'union':
      return (def.options as unknown[]).flatMap((option, index) => walk(option, `${path}|${index}`))
    case 'pipe':
      return [...walk(def.in, path), ...walk(def.out, path)]
    case 'intersection':
      return [...walk(def.left, path), ...walk(def.right, path)]
    case 'record':
      return walk(def.valueType, `${path}{}`)
    case 'tuple':
      return (def.items as unknown[]).flatMap((item, index) => walk(item, `${path}[${index}]`))
    case 'lazy':
      return walk((def.getter as () => unknown)(), path)
    default:
      return []
  }
}

describe('the IPC contract is strict', () => {
  it.each(Object.entries(eventChannels))('event %s refuses unknown keys everywhere', (_channel, schema) => {
    expect(looseObjects(schema, '')).toEqual([])
  })

  it.each(Object.entries(invokeChannels))('the reply of %s refuses unknown keys everywhere', (_channel, { reply }) => {
    expect(looseObjects(reply, '')).toEqual([])
  })

  it('the walker sees a loose object (so the checks above can fail)', async () => {
    const { z: zod } = await import('zod')
    expect(looseObjects(zod.array(zod.strictObject({ inner: zod.object({}).optional() })), '')).toEqual(['[].inner'])
  })
})
