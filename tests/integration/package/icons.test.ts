// The installers' icons: every size each target needs, all rendered from the one SVG, and
// the committed files are what the SVG renders to today.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BUILD_DIR, generateIcons, LINUX_ICON_SIZES } from '../../../scripts/icons'

function pngSize(file: Buffer): { width: number; height: number } {
  expect(file.subarray(1, 4).toString('latin1')).toBe('PNG')
  return { width: file.readUInt32BE(16), height: file.readUInt32BE(20) }
}

/** Widths in an .ico directory (0 means 256). */
function icoSizes(file: Buffer): number[] {
  expect(file.readUInt16LE(2)).toBe(1)
  const count = file.readUInt16LE(4)
  return Array.from({ length: count }, (_, index) => file.readUInt8(6 + index * 16) || 256)
}

/** Chunk types of an .icns file. */
function icnsTypes(file: Buffer): string[] {
  expect(file.subarray(0, 4).toString('latin1')).toBe('icns')
  const types: string[] = []
  for (let offset = 8; offset < file.length; offset += file.readUInt32BE(offset + 4)) {
    types.push(file.subarray(offset, offset + 4).toString('latin1'))
  }
  return types
}

describe('icons', () => {
  it('Linux: one PNG per hicolor size, each exactly that size', () => {
    for (const size of LINUX_ICON_SIZES) {
      expect(pngSize(readFileSync(join(BUILD_DIR, 'icons', `${size}x${size}.png`)))).toEqual({ width: size, height: size })
    }
    expect(pngSize(readFileSync(join(BUILD_DIR, 'icon.png')))).toEqual({ width: 1024, height: 1024 })
  })

  it('Windows: the .ico holds 16 to 256 pixels', () => {
    expect(icoSizes(readFileSync(join(BUILD_DIR, 'icon.ico')))).toEqual(expect.arrayContaining([16, 24, 32, 48, 64, 128, 256]))
  })

  it('macOS: the .icns holds every Retina size up to 1024', () => {
    // ic07..ic10: 128, 256, 512, 1024 (512@2x); ic11..ic14: the @2x variants of 16..256.
    expect(icnsTypes(readFileSync(join(BUILD_DIR, 'icon.icns')))).toEqual(
      expect.arrayContaining(['ic07', 'ic08', 'ic09', 'ic10', 'ic11', 'ic12', 'ic13', 'ic14'])
    )
  })

  // The committed icons are rendered on Linux x64; other systems' resvg builds may differ in
  // anti-aliasing by a bit, which says nothing about staleness.
  it.runIf(process.platform === 'linux' && process.arch === 'x64')('the committed icons are what the source SVG renders to (run `npm run icons` after editing it)', () => {
    const fresh = mkdtempSync(join(tmpdir(), 'shoutit-icons-'))
    try {
      for (const file of generateIcons(fresh)) {
        const name = relative(fresh, file)
        expect(readFileSync(file).equals(readFileSync(join(BUILD_DIR, name))), `${name} is stale`).toBe(true)
      }
    } finally {
      rmSync(fresh, { recursive: true, force: true })
    }
  }, 60_000)
})
