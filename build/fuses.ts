// Electron fuses, flipped in the packaged binary by electron-builder's afterPack hook (this
// module's default export). Fuses are bits compiled into the Electron executable that switch
// features off before any of our code runs, so a user or malware cannot turn the app into a
// general-purpose Node runtime or load a tampered app.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { flipFuses, FuseV1Options, FuseVersion, type FuseV1Config } from '@electron/fuses'
import { Arch, type AfterPackContext } from 'electron-builder'

/**
 * Every fuse @electron/fuses knows, each set on purpose. Typed as a full Record so that a
 * fuse added by an @electron/fuses upgrade is a compile error here until someone decides it.
 */
export const FUSES: Record<FuseV1Options, boolean> = {
  // ELECTRON_RUN_AS_NODE would turn the signed app into a Node interpreter for any script.
  [FuseV1Options.RunAsNode]: false,
  // Cookies (and so any session the renderer keeps) encrypted with the OS keyring.
  [FuseV1Options.EnableCookieEncryption]: true,
  // NODE_OPTIONS could inject --require of arbitrary code into main.
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  // --inspect and friends would let anyone attach a debugger to main.
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // The asar's hash is embedded at packaging (macOS, Windows) and checked at start.
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  // Without it Electron falls back to a loose resources/app folder, bypassing the integrity check.
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  // We ship no custom V8 snapshot.
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  // The renderer is served from the app's own scheme, never file://, so file: needs no extra powers.
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  // Electron's default; WebAssembly bounds checks stay cheap and safe.
  [FuseV1Options.WasmTrapHandlers]: true
}

/** Named in the issue, and checked by the packaging tests, so nobody weakens them unnoticed. */
export const REQUIRED_FUSES = {
  RunAsNode: false,
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  EnableCookieEncryption: true,
  OnlyLoadAppFromAsar: true,
  EnableEmbeddedAsarIntegrityValidation: true
} as const satisfies Partial<Record<keyof typeof FuseV1Options, boolean>>

/**
 * Written into an offline stand-in Electron distribution (scripts/package.ts). Its executable
 * is a placeholder with no fuse wire, so there is nothing to flip.
 */
export const STAND_IN_MARKER = 'SHOUTIT_STAND_IN_ELECTRON.txt'

export function fuseConfig(platform: string, arch: Arch): FuseV1Config {
  return {
    version: FuseVersion.V1,
    // Fail the build if this Electron has a fuse we have not decided on.
    strictlyRequireAllFuses: true,
    // Flipping fuses breaks the ad-hoc signature arm64 macOS requires; a real identity re-signs later.
    resetAdHocDarwinSignature: platform === 'darwin' && arch === Arch.arm64,
    ...FUSES
  }
}

/** The file that holds the fuse wire: the executable, or the .app bundle on macOS. */
export function electronBinaryPath(context: AfterPackContext): string {
  const { appOutDir, electronPlatformName, packager } = context
  const productFilename = packager.appInfo.productFilename
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      return join(appOutDir, `${productFilename}.app`)
    case 'win32':
      return join(appOutDir, `${productFilename}.exe`)
    default: {
      const executableName = 'executableName' in packager ? String(packager.executableName) : productFilename
      return join(appOutDir, executableName)
    }
  }
}

export type FuseOutcome = { flipped: true; binary: string } | { flipped: false; binary: string; reason: string }

export async function applyFuses(context: AfterPackContext): Promise<FuseOutcome> {
  const binary = electronBinaryPath(context)
  // Only the marker excuses skipping: on a real build any failure below must fail the release.
  if (existsSync(join(context.appOutDir, STAND_IN_MARKER))) {
    return { flipped: false, binary, reason: 'the executable is an offline stand-in, not an Electron binary (package:dir without Electron)' }
  }
  await flipFuses(binary, fuseConfig(context.electronPlatformName, context.arch))
  return { flipped: true, binary }
}

export default async function afterPack(context: AfterPackContext): Promise<void> {
  const outcome = await applyFuses(context)
  if (outcome.flipped) console.log(`  • fuses flipped  binary=${outcome.binary}`)
  else console.log(`  • fuses skipped  reason="${outcome.reason}"  binary=${outcome.binary}`)
}
