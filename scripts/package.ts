// Packages the built app (out/) with electron-builder and electron-builder.yml.
//   npm run package       installers for this OS (downloads Electron: needs internet);
//                         `-- --publish always` uploads them to the release (CI)
//   npm run package:dir   the unpacked app only, in release/<platform>-unpacked. Without the
//                         Electron binary (no internet) it packs around a stand-in executable so
//                         everything else in the package (asar, dependencies, unpacked helpers,
//                         icons, metadata) can still be built and inspected.
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { Arch, archFromString, build, DIR_TARGET, Platform, type Configuration } from 'electron-builder'
import { z } from 'zod'
import flipFusesAfterPack, { STAND_IN_MARKER } from '../build/fuses'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')

const PublishSchema = z.enum(['never', 'always', 'onTag', 'onTagOrDraft'])

export interface PackageOptions {
  /** Only the unpacked app (no installers). */
  dir: boolean
  publish: z.infer<typeof PublishSchema>
  /** Where electron-builder writes; default release/ (from electron-builder.yml). */
  outputDir?: string
  /** Use this Electron distribution instead of downloading one (a folder with the executable). */
  electronDist?: string
}

export interface PackageResult {
  /** The unpacked app folder for this OS and architecture. */
  appOutDir: string
  /** Where app.asar, app.asar.unpacked and app-update.yml are (inside the .app on macOS). */
  resourcesDir: string
  /** True when the executable is the offline stand-in (fuses were skipped). */
  standIn: boolean
  artifacts: string[]
}

function installedElectronDist(): string | undefined {
  // node_modules/electron/dist exists only where the binary download worked.
  const dist = join(ROOT, 'node_modules/electron/dist')
  return existsSync(dist) ? dist : undefined
}

function electronVersion(): string {
  const manifest = z.object({ version: z.string() }).parse(JSON.parse(readFileSync(join(ROOT, 'node_modules/electron/package.json'), 'utf8')))
  return manifest.version
}

/**
 * A minimal Linux Electron distribution: a placeholder executable that explains itself, the
 * licence, and the marker build/fuses.ts recognises. electron-builder copies it as it would
 * a real one. Only Linux: Windows and macOS packaging edits the real binary's resources.
 */
export function assembleStandInElectronDist(): string {
  if (process.platform !== 'linux') {
    throw new Error(
      'The Electron binary is not installed and the offline stand-in only works on Linux: ' +
        'run `node node_modules/electron/install.js` (needs internet), then package again.'
    )
  }
  const dist = mkdtempSync(join(tmpdir(), 'shoutit-electron-stand-in-'))
  const version = electronVersion()
  const executable = join(dist, 'electron')
  writeFileSync(
    executable,
    `#!/bin/sh\necho "This Shoutit package was built offline around a stand-in for Electron ${version}; it cannot run." >&2\nexit 1\n`
  )
  chmodSync(executable, 0o755)
  mkdirSync(join(dist, 'resources'))
  writeFileSync(join(dist, 'version'), version)
  copyFileSync(join(ROOT, 'node_modules/electron/LICENSE'), join(dist, 'LICENSE'))
  writeFileSync(
    join(dist, STAND_IN_MARKER),
    `Built without the Electron ${version} binary: the executable is a placeholder and no fuses were flipped.\n`
  )
  return dist
}

export async function packageApp(options: PackageOptions): Promise<PackageResult> {
  if (!existsSync(join(ROOT, 'out/main/index.js'))) {
    throw new Error('out/ is not built: run `npx electron-vite build` first (npm run package does)')
  }

  let electronDist = options.electronDist
  let standIn = false
  if (electronDist === undefined && options.dir) {
    electronDist = installedElectronDist()
    if (electronDist === undefined) {
      electronDist = assembleStandInElectronDist()
      standIn = true
      console.log(`Electron binary not installed: packing around a stand-in executable (${electronDist})`)
    }
  }

  // Merged over electron-builder.yml by electron-builder itself. The hook is the same module
  // the YAML names, passed as a function so that no Node version's TypeScript support and no
  // working directory decide whether fuses get flipped.
  const config: Configuration = {
    afterPack: flipFusesAfterPack,
    ...(electronDist === undefined ? {} : { electronDist }),
    ...(options.outputDir === undefined ? {} : { directories: { output: options.outputDir } })
  }

  const platform = Platform.current()
  const arch = archFromString(process.arch)
  let artifacts: string[]
  try {
    artifacts = await build({
      projectDir: ROOT,
      config,
      publish: options.publish,
      ...(options.dir ? { targets: platform.createTarget(DIR_TARGET, arch) } : {})
    })
  } finally {
    // The stand-in was copied into the package; its temporary source is no longer needed.
    if (standIn && electronDist !== undefined) rmSync(electronDist, { recursive: true, force: true })
  }

  const output = options.outputDir ?? join(ROOT, 'release')
  const archSuffix = arch === Arch.x64 ? '' : `-${Arch[arch]}`
  const folder = platform === Platform.MAC ? `mac${archSuffix}` : `${platform.buildConfigurationKey}${archSuffix}-unpacked`
  const appOutDir = join(output, folder)
  const resourcesDir = platform === Platform.MAC ? join(appOutDir, 'Shoutit.app', 'Contents', 'Resources') : join(appOutDir, 'resources')
  return { appOutDir, resourcesDir, standIn, artifacts }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      dir: { type: 'boolean', default: false },
      publish: { type: 'string', default: 'never' },
      output: { type: 'string' },
      'electron-dist': { type: 'string' }
    }
  })
  const publish = PublishSchema.safeParse(values.publish)
  if (!publish.success) throw new Error(`--publish must be one of ${PublishSchema.options.join(', ')}`)
  const result = await packageApp({
    dir: values.dir,
    publish: publish.data,
    ...(values.output === undefined ? {} : { outputDir: resolve(values.output) }),
    ...(values['electron-dist'] === undefined ? {} : { electronDist: resolve(values['electron-dist']) })
  })
  console.log(`unpacked app: ${result.appOutDir}${result.standIn ? ' (stand-in executable: not runnable)' : ''}`)
  for (const artifact of result.artifacts) console.log(`artifact: ${artifact}`)
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  })
}
