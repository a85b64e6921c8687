// What the package must contain, worked out independently of electron-builder: the closure
// of package.json's `dependencies` through package-lock.json, resolved the way Node resolves
// (nearest node_modules first), as name@version.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'

const LockEntrySchema = z
  .object({
    version: z.string().optional(),
    dependencies: z.record(z.string(), z.string()).optional(),
    optionalDependencies: z.record(z.string(), z.string()).optional(),
    link: z.boolean().optional()
  })
  .passthrough()
const LockSchema = z.object({ lockfileVersion: z.number().min(2), packages: z.record(z.string(), LockEntrySchema) })
const ManifestSchema = z.object({
  dependencies: z.record(z.string(), z.string()).default({}),
  optionalDependencies: z.record(z.string(), z.string()).default({})
})

type LockPackages = z.infer<typeof LockSchema>['packages']

/** The lockfile path Node would load `name` from, required by the package at `fromPath`. */
function resolveFrom(packages: LockPackages, fromPath: string, name: string): string | undefined {
  let base = fromPath
  for (;;) {
    const candidate = base === '' ? `node_modules/${name}` : `${base}/node_modules/${name}`
    if (packages[candidate] !== undefined) return candidate
    if (base === '') return undefined
    const parent = base.lastIndexOf('/node_modules/')
    base = parent === -1 ? '' : base.slice(0, parent)
  }
}

export function expectedRuntimePackages(root: string): Set<string> {
  const lock = LockSchema.parse(JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')))
  const manifest = ManifestSchema.parse(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')))
  const found = new Set<string>()
  const visited = new Set<string>()

  const visit = (fromPath: string, name: string, optional: boolean): void => {
    const path = resolveFrom(lock.packages, fromPath, name)
    if (path === undefined) {
      // Optional dependencies for other systems are legitimately absent.
      if (optional) return
      throw new Error(`package-lock.json has no ${name} for ${fromPath || 'the app'}`)
    }
    if (visited.has(path)) return
    visited.add(path)
    const entry = lock.packages[path]
    if (entry === undefined || entry.version === undefined) throw new Error(`package-lock.json entry ${path} has no version`)
    found.add(`${name}@${entry.version}`)
    for (const dependency of Object.keys(entry.dependencies ?? {})) visit(path, dependency, false)
    for (const dependency of Object.keys(entry.optionalDependencies ?? {})) visit(path, dependency, true)
  }

  for (const name of Object.keys(manifest.dependencies)) visit('', name, false)
  for (const name of Object.keys(manifest.optionalDependencies)) visit('', name, true)
  return found
}
