// Renders every icon the installers need from the one source image, offline:
//   assets/icon-source/icon.svg → build/icons/<N>x<N>.png (Linux, AppImage and deb),
//   build/icon.png (1024, the fallback and window icon), build/icon.icns (macOS),
//   build/icon.ico (Windows, NSIS and the .exe).
// Run with `npm run icons` after changing the SVG, and commit the results: packaging must not
// depend on a renderer being installed on the release machine.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Resvg } from '@resvg/resvg-js'
import * as png2icons from 'png2icons'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')

export const ICON_SOURCE = join(root, 'assets/icon-source/icon.svg')
export const BUILD_DIR = join(root, 'build')

/** Freedesktop hicolor sizes (what desktop environments look up) plus 1024 for HiDPI docks. */
export const LINUX_ICON_SIZES = [16, 24, 32, 48, 64, 96, 128, 256, 512, 1024] as const

/** Each size is rendered from the vector, not scaled down from a big bitmap, so small icons stay crisp. */
export function renderPng(svg: string, size: number): Buffer {
  const rendered = new Resvg(svg, { fitTo: { mode: 'width', value: size }, font: { loadSystemFonts: false } }).render()
  return Buffer.from(rendered.asPng())
}

export function generateIcons(outDir = BUILD_DIR): string[] {
  const svg = readFileSync(ICON_SOURCE, 'utf8')
  const written: string[] = []
  const write = (path: string, data: Buffer): void => {
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, data)
    written.push(path)
  }
  for (const size of LINUX_ICON_SIZES) write(join(outDir, 'icons', `${size}x${size}.png`), renderPng(svg, size))
  const master = renderPng(svg, 1024)
  write(join(outDir, 'icon.png'), master)
  // png2icons scales the 1024 master itself; BICUBIC keeps edges smooth at 16 px.
  const icns = png2icons.createICNS(master, png2icons.BICUBIC, 0)
  const ico = png2icons.createICO(master, png2icons.BICUBIC, 0, true, true)
  if (icns === null || ico === null) throw new Error('png2icons could not encode the master PNG')
  write(join(outDir, 'icon.icns'), icns)
  write(join(outDir, 'icon.ico'), ico)
  return written
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const path of generateIcons()) console.log(`wrote ${path.slice(root.length + 1)}`)
}
