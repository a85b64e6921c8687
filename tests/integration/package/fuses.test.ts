// The fuse list against @electron/fuses' own list, and the afterPack hook run on synthetic
// Electron binaries (a real fuse wire behind the real sentinel), since no Electron binary
// can be downloaded here.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses'
import { Arch, type AfterPackContext } from 'electron-builder'
import { afterEach, describe, expect, it } from 'vitest'
import { applyFuses, electronBinaryPath, FUSES, fuseConfig, REQUIRED_FUSES, STAND_IN_MARKER } from '../../../build/fuses'

// The marker @electron/fuses looks for in an Electron binary (its constants module is not exported).
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'
const FUSE_OPTION_INDEXES = Object.values(FuseV1Options).filter((value): value is number => typeof value === 'number')

const directories: string[] = []
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true })
})

/**
 * A file laid out like an Electron binary: code, the sentinel, version 1, the wire, more code.
 * Every fuse starts opposite to the list, so each one must really be flipped.
 */
function fakeElectron(wireLength: number): { appOutDir: string; binary: string } {
  const appOutDir = mkdtempSync(join(tmpdir(), 'shoutit-fuses-'))
  directories.push(appOutDir)
  const binary = join(appOutDir, 'shoutit')
  const wire = Buffer.from(
    Array.from({ length: wireLength }, (_, index) => (FUSES[index as FuseV1Options] === true ? FuseState.DISABLE : FuseState.ENABLE))
  )
  writeFileSync(binary, Buffer.concat([Buffer.alloc(4096, 0xcc), Buffer.from(SENTINEL), Buffer.from([1, wireLength]), wire, Buffer.alloc(4096, 0xcc)]))
  return { appOutDir, binary }
}

function linuxContext(appOutDir: string): AfterPackContext {
  return {
    appOutDir,
    outDir: appOutDir,
    electronPlatformName: 'linux',
    arch: Arch.x64,
    targets: [],
    packager: { appInfo: { productFilename: 'Shoutit' }, executableName: 'shoutit' }
  } as unknown as AfterPackContext
}

describe('the fuse list', () => {
  it('sets every fuse @electron/fuses knows, and nothing else', () => {
    expect(Object.keys(FUSES).map(Number).sort((a, b) => a - b)).toEqual(FUSE_OPTION_INDEXES.sort((a, b) => a - b))
    for (const value of Object.values(FUSES)) expect(typeof value).toBe('boolean')
  })

  it('holds the settings the release promises', () => {
    expect(Object.keys(REQUIRED_FUSES)).toHaveLength(6)
    for (const [name, wanted] of Object.entries(REQUIRED_FUSES)) {
      expect(FUSES[FuseV1Options[name as keyof typeof FuseV1Options]], name).toBe(wanted)
    }
  })

  it('asks @electron/fuses to refuse a binary with a fuse we have not decided on', () => {
    expect(fuseConfig('linux', Arch.x64).strictlyRequireAllFuses).toBe(true)
    expect(fuseConfig('darwin', Arch.arm64).resetAdHocDarwinSignature).toBe(true)
    expect(fuseConfig('darwin', Arch.x64).resetAdHocDarwinSignature).toBe(false)
  })
})

describe('the afterPack hook', () => {
  it('flips every fuse of an Electron binary to the list', async () => {
    const { appOutDir, binary } = fakeElectron(FUSE_OPTION_INDEXES.length)
    await expect(applyFuses(linuxContext(appOutDir))).resolves.toEqual({ flipped: true, binary })
    const wire = await getCurrentFuseWire(binary)
    for (const index of FUSE_OPTION_INDEXES) {
      const wanted = FUSES[index as FuseV1Options] ? FuseState.ENABLE : FuseState.DISABLE
      expect(wire[index as FuseV1Options], FuseV1Options[index]).toBe(wanted)
    }
  })

  it('fails the build on an Electron with a fuse missing from the list', async () => {
    const { appOutDir } = fakeElectron(FUSE_OPTION_INDEXES.length + 1)
    await expect(applyFuses(linuxContext(appOutDir))).rejects.toThrow(/strictlyRequireAllFuses/)
  })

  it('fails the build when the executable is not Electron and no stand-in marker excuses it', async () => {
    const { appOutDir, binary } = fakeElectron(0)
    writeFileSync(binary, '#!/bin/sh\nexit 1\n')
    await expect(applyFuses(linuxContext(appOutDir))).rejects.toThrow(/sentinel/)
  })

  it('skips, saying why, on the offline stand-in, leaving it untouched', async () => {
    const { appOutDir, binary } = fakeElectron(0)
    writeFileSync(binary, '#!/bin/sh\nexit 1\n')
    writeFileSync(join(appOutDir, STAND_IN_MARKER), 'stand-in')
    const outcome = await applyFuses(linuxContext(appOutDir))
    expect(outcome).toMatchObject({ flipped: false, reason: expect.stringContaining('stand-in') })
    expect(readFileSync(binary, 'utf8')).toBe('#!/bin/sh\nexit 1\n')
  })

  it('finds the binary that holds the fuse wire on each platform', () => {
    const context = (electronPlatformName: string) => ({ ...linuxContext('/pack'), electronPlatformName }) as AfterPackContext
    expect(electronBinaryPath(context('linux'))).toBe(join('/pack', 'shoutit'))
    expect(electronBinaryPath(context('win32'))).toBe(join('/pack', 'Shoutit.exe'))
    expect(electronBinaryPath(context('darwin'))).toBe(join('/pack', 'Shoutit.app'))
  })
})
