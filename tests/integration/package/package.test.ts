// Builds the unpacked package offline (package:dir, with the Electron stand-in where the
// binary is missing) and inspects what a user would install: the asar, what is unpacked
// beside it, the update feed, the fuses. Needs out/ (npm test builds it first; built here
// when missing).
import { spawnSync } from 'node:child_process'
import { builtinModules } from 'node:module'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, sep } from 'node:path'
import { extractFile, listPackage, statFile } from '@electron/asar'
import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { FUSES, STAND_IN_MARKER } from '../../../build/fuses'
import { packageApp, ROOT, type PackageResult } from '../../../scripts/package'
import { expectedRuntimePackages } from './runtime-packages'

const BUILT = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html']
const PackagedManifestSchema = z.object({ main: z.string(), dependencies: z.record(z.string(), z.string()) }).passthrough()

let output: string
let result: PackageResult
let asarPath: string
let entries: string[]
let packagingSeconds: number

/** Paths inside the asar, relative, with forward slashes. */
function asarEntries(archive: string): string[] {
  return listPackage(archive, { isPack: false }).map((entry) => entry.split(sep).join('/').replace(/^\//, ''))
}

function readFromAsar(path: string): string {
  return extractFile(asarPath, path).toString('utf8')
}

/** The package a bare specifier names: `zod/v4` → `zod`, `@scope/pkg/x` → `@scope/pkg`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/')
  return (specifier.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/')
}

/** Node's lookup, on asar paths: <dir>/node_modules/<name>, then each parent's. */
function resolvesInAsar(fromDir: string, name: string, present: Set<string>): boolean {
  let dir = fromDir
  for (;;) {
    if (present.has(`${dir === '' ? '' : `${dir}/`}node_modules/${name}/package.json`)) return true
    if (dir === '') return false
    dir = dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : ''
  }
}

function directorySize(path: string): number {
  const stats = statSync(path)
  if (!stats.isDirectory()) return stats.size
  return readdirSync(path).reduce((total, name) => total + directorySize(join(path, name)), 0)
}

function filesUnder(directory: string): string[] {
  return readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(directory, join(entry.parentPath, entry.name)).split(sep).join('/'))
}

beforeAll(async () => {
  if (BUILT.some((file) => !existsSync(join(ROOT, file)))) {
    const build = spawnSync('npx', ['electron-vite', 'build'], { cwd: ROOT, stdio: 'inherit', timeout: 150_000, shell: process.platform === 'win32' })
    if (build.status !== 0) throw new Error('electron-vite build failed: the package cannot be built')
  }
  output = mkdtempSync(join(tmpdir(), 'shoutit-package-'))
  const started = performance.now()
  result = await packageApp({ dir: true, publish: 'never', outputDir: output })
  packagingSeconds = (performance.now() - started) / 1000
  asarPath = join(result.resourcesDir, 'app.asar')
  entries = asarEntries(asarPath)
}, 180_000)

afterAll(() => {
  if (output) rmSync(output, { recursive: true, force: true })
})

describe('the unpacked package (package:dir)', () => {
  it('reports its size without the Electron runtime, and how long packing took', () => {
    // Ours alone: on macOS the Resources folder also holds Electron's own files.
    const asarBytes = statSync(asarPath).size
    const unpackedBytes = directorySize(join(result.resourcesDir, 'app.asar.unpacked'))
    const totalBytes = asarBytes + unpackedBytes + statSync(join(result.resourcesDir, 'app-update.yml')).size
    console.log(
      `[package] app without the Electron runtime: ${(totalBytes / 1024 / 1024).toFixed(2)} MiB ` +
        `(app.asar ${(asarBytes / 1024 / 1024).toFixed(2)} MiB, app.asar.unpacked ${(unpackedBytes / 1024).toFixed(0)} KiB); ` +
        `${entries.length} asar entries; packed in ${packagingSeconds.toFixed(1)} s${result.standIn ? ' (Electron stand-in)' : ''}`
    )
    expect(totalBytes).toBeGreaterThan(asarBytes)
    // A guard against the whole node_modules (or the renderer's libraries) leaking in again.
    expect(totalBytes).toBeLessThan(25 * 1024 * 1024)
  })

  it('starts where the packaged package.json says, which lists runtime dependencies only', () => {
    const manifest = PackagedManifestSchema.parse(JSON.parse(readFromAsar('package.json')))
    expect(entries).toContain(manifest.main)
    expect(manifest.main).toBe('out/main/index.js')
    expect(manifest).not.toHaveProperty('devDependencies')
    expect(manifest).not.toHaveProperty('scripts')
  })

  it('holds the preload and the renderer with every file its page loads', () => {
    expect(entries).toContain('out/preload/index.cjs')
    expect(entries).toContain('out/renderer/index.html')
    const html = readFromAsar('out/renderer/index.html')
    const referenced = [...html.matchAll(/(?:src|href)="\.?\/?([^"]+)"/g)].map((match) => match[1] as string)
    const local = referenced.filter((path) => !/^[a-z]+:/i.test(path))
    expect(local.length).toBeGreaterThan(0)
    for (const path of local) expect(entries, path).toContain(`out/renderer/${path}`)
  })

  it('holds exactly the runtime dependencies of main, at the versions the lockfile pins', () => {
    const packaged = entries
      .filter((path) => /^(?:node_modules\/(?:@[^/]+\/)?[^/]+\/)+package\.json$/.test(path))
      .map((path) => {
        const manifest = z.object({ name: z.string(), version: z.string() }).parse(JSON.parse(readFromAsar(path)))
        return `${manifest.name}@${manifest.version}`
      })
    expect([...new Set(packaged)].sort()).toEqual([...expectedRuntimePackages(ROOT)].sort())
  })

  it('every module main imports, and every dependency of those, resolves inside the asar', () => {
    const present = new Set(entries)
    const mainSource = readFromAsar('out/main/index.js')
    const specifiers = [...mainSource.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)["']([^"'.][^"']*)["']/g)].map((match) => match[1] as string)
    const external = [...new Set(specifiers.map(packageOf))].filter(
      (name) => !name.startsWith('node:') && !builtinModules.includes(name) && name !== 'electron'
    )
    // Anything main imports at run time must be a runtime dependency, or it is missing from the package.
    const declared = Object.keys(PackagedManifestSchema.parse(JSON.parse(readFromAsar('package.json'))).dependencies)
    expect(external.length).toBeGreaterThan(0)
    expect(declared).toEqual(expect.arrayContaining(external))
    for (const name of external) expect(resolvesInAsar('out/main', name, present), name).toBe(true)

    const manifests = entries.filter((path) => /^(?:node_modules\/(?:@[^/]+\/)?[^/]+\/)+package\.json$/.test(path))
    for (const manifestPath of manifests) {
      const manifest = z
        .object({ dependencies: z.record(z.string(), z.string()).default({}) })
        .parse(JSON.parse(readFromAsar(manifestPath)))
      const packageDir = manifestPath.slice(0, -'/package.json'.length)
      for (const dependency of Object.keys(manifest.dependencies)) {
        expect(resolvesInAsar(packageDir, dependency, present), `${packageDir} → ${dependency}`).toBe(true)
      }
    }
  })

  it('holds nothing else: no sources, tests, server, dev tools or source maps', () => {
    const topLevel = new Set(entries.map((path) => path.split('/')[0]))
    expect([...topLevel].sort()).toEqual(['assets', 'node_modules', 'out', 'package.json'])
    expect(entries.filter((path) => path.startsWith('assets/') && path !== 'assets/tray' && !/^assets\/tray\/[^/]+\.png$/.test(path))).toEqual([])
    const outDirs = new Set(entries.filter((path) => path.startsWith('out/')).map((path) => path.split('/')[1]))
    expect([...outDirs].sort()).toEqual(['main', 'preload', 'renderer'])
    expect(entries.filter((path) => path.endsWith('.map'))).toEqual([])
    expect(entries.filter((path) => /\.(ts|tsx|mts|cts)$/.test(path))).toEqual([])
    for (const banned of ['shoutit-server', 'react', 'react-dom', 'twilio-video', 'electron', 'vite', 'typescript', 'ws', 'twilio']) {
      expect(entries, banned).not.toContain(`node_modules/${banned}`)
    }
  })

  it("unpacks node-notifier's helper programs so they can run", () => {
    const vendor = join(ROOT, 'node_modules/node-notifier/vendor')
    // electron-builder leaves Windows executables out of packages for other systems.
    const expected = filesUnder(vendor).filter((file) => process.platform === 'win32' || !/\.(exe|dll)$/i.test(file))
    expect(expected.length).toBeGreaterThan(0)
    const unpackedVendor = join(result.resourcesDir, 'app.asar.unpacked/node_modules/node-notifier/vendor')
    for (const file of expected) {
      expect(existsSync(join(unpackedVendor, file)), file).toBe(true)
      expect(statFile(asarPath, `node_modules/node-notifier/vendor/${file}`), file).toMatchObject({ unpacked: true })
    }
  })

  it('carries the tray and notification icons, unpacked so notification servers can read them', () => {
    const icons = readdirSync(join(ROOT, 'assets/tray')).filter((name) => name.endsWith('.png'))
    expect(icons.length).toBeGreaterThan(0)
    for (const icon of icons) {
      expect(existsSync(join(result.resourcesDir, 'app.asar.unpacked/assets/tray', icon)), icon).toBe(true)
      expect(statFile(asarPath, `assets/tray/${icon}`), icon).toMatchObject({ unpacked: true })
    }
  })

  it('carries the update feed electron-updater reads', () => {
    const feed = readFileSync(join(result.resourcesDir, 'app-update.yml'), 'utf8')
    expect(feed).toMatch(/^provider: github$/m)
    expect(feed).toMatch(/^repo: shoutit-desktop$/m)
  })

  it('has its fuses flipped, or says it could not because the executable is a stand-in', async () => {
    if (result.standIn) {
      expect(existsSync(join(result.appOutDir, STAND_IN_MARKER))).toBe(true)
      console.log('[package] fuses not checked on the package: the Electron binary is not installed (stand-in executable)')
      return
    }
    const executable = { darwin: 'Shoutit.app', win32: 'Shoutit.exe' }[process.platform as string] ?? 'shoutit'
    const wire = await getCurrentFuseWire(join(result.appOutDir, executable))
    for (const [option, enabled] of Object.entries(FUSES)) {
      expect(wire[Number(option) as FuseV1Options], FuseV1Options[Number(option)]).toBe(enabled ? FuseState.ENABLE : FuseState.DISABLE)
    }
  })
})
