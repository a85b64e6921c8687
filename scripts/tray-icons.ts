// Renders the tray icons, one per state, and the small badge and notification icons, offline:
//   assets/tray/<state>.png (16 px) and <state>@2x.png (32 px; Electron picks it on HiDPI),
//   assets/tray/badge.png (Windows taskbar overlay for unread missed calls),
//   assets/tray/notification.png (256 px, the notification icon when a caller has no avatar).
// Run with `npm run icons:tray` after changing a shape or colour here, and commit the PNGs.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Resvg } from '@resvg/resvg-js'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const OUT_DIR = join(root, 'assets/tray')

/** Must match TrayIconState in main/services/desktop/tray-view.ts. */
const STATES = {
  'signed-out': { glyph: '#8a8f98', dot: null },
  online: { glyph: '#e8334a', dot: '#22c55e' },
  reconnecting: { glyph: '#e8334a', dot: '#f59e0b' },
  'in-call': { glyph: '#e8334a', dot: '#2d8cff' },
  ringing: { glyph: '#22c55e', dot: '#22c55e' },
  missed: { glyph: '#e8334a', dot: '#ff1f1f' }
} as const

// Drawn on a 32-unit grid: a speech bubble with a camera cut out, a status dot bottom right
// with a ring of transparent space so it reads against any panel colour.
function traySvg(glyph: string, dot: string | null): string {
  const dotShape = dot ? `<circle cx="24.5" cy="24.5" r="6.5" fill="${dot}"/>` : ''
  const mask = dot ? `<circle cx="24.5" cy="24.5" r="8.5" fill="#000"/>` : ''
  return `<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32" viewBox="0 0 32 32">
  <defs><mask id="m"><rect width="32" height="32" fill="#fff"/>${mask}
    <rect x="8" y="10" width="10" height="8" rx="1.8" fill="#000"/><path d="M18.5 13l4-2.4v7.8l-4-2.4z" fill="#000"/></mask></defs>
  <path mask="url(#m)" fill="${glyph}" d="M16 3C8.3 3 2 8.1 2 14.4c0 3.5 2 6.7 5.1 8.8L6 29l6.1-2.7c1.3.3 2.6.4 3.9.4 7.7 0 14-5.1 14-11.4S23.7 3 16 3z"/>
  ${dotShape}
</svg>`
}

const BADGE_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 16 16">
  <circle cx="8" cy="8" r="7" fill="#ff1f1f" stroke="#fff" stroke-width="1.5"/></svg>`

function render(svg: string, size: number): Buffer {
  return Buffer.from(new Resvg(svg, { fitTo: { mode: 'width', value: size }, font: { loadSystemFonts: false } }).render().asPng())
}

export function generateTrayIcons(outDir = OUT_DIR): string[] {
  mkdirSync(outDir, { recursive: true })
  const written: string[] = []
  const write = (name: string, data: Buffer): void => {
    writeFileSync(join(outDir, name), data)
    written.push(join(outDir, name))
  }
  for (const [state, { glyph, dot }] of Object.entries(STATES)) {
    const svg = traySvg(glyph, dot)
    write(`${state}.png`, render(svg, 16))
    write(`${state}@2x.png`, render(svg, 32))
  }
  write('badge.png', render(BADGE_SVG, 16))
  write('notification.png', render(readFileSync(join(root, 'assets/icon-source/icon.svg'), 'utf8'), 256))
  return written
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const path of generateTrayIcons()) console.log(`wrote ${path.slice(root.length + 1)}`)
}
