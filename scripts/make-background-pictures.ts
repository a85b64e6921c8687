// Draws the built-in call backgrounds (renderer/calling/backgrounds/*.png): simple original
// scenes made of gradients and shapes, so the app ships no photographs it would need rights
// to. Run again after changing a scene: `npx tsx scripts/make-background-pictures.ts`.
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { deflateSync } from 'node:zlib'

const WIDTH = 640
const HEIGHT = 360

type Rgb = [number, number, number]
type Scene = (x: number, y: number) => Rgb

const mix = (a: Rgb, b: Rgb, t: number): Rgb => [0, 1, 2].map((i) => a[i]! + (b[i]! - a[i]!) * Math.max(0, Math.min(1, t))) as Rgb

/** A sky from deep blue to warm orange, a low sun, dark rolling hills. */
const dawn: Scene = (x, y) => {
  const hill = 0.72 + 0.05 * Math.sin(x * 7) + 0.03 * Math.sin(x * 17 + 1)
  if (y > hill) return mix([40, 52, 60], [22, 30, 36], (y - hill) * 4)
  const sun = Math.hypot((x - 0.7) * 1.78, y - 0.62)
  const sky = mix([36, 56, 110], [250, 170, 110], y / 0.72)
  if (sun < 0.07) return mix([255, 236, 190], sky, (sun - 0.055) / 0.015)
  return mix(sky, [255, 210, 150], 0.25 - sun)
}

/** Mountains over a still lake that mirrors them, a pale sky. */
const lake: Scene = (x, y) => {
  const ridge = (u: number) => 0.35 + 0.12 * Math.abs(Math.sin(u * 4.2)) + 0.05 * Math.sin(u * 11)
  const shore = 0.6
  if (y < shore) {
    if (y > ridge(x)) return mix([70, 95, 110], [50, 70, 80], (y - ridge(x)) * 3)
    return mix([170, 205, 230], [225, 235, 240], y / 0.5)
  }
  // The reflection, darker and rippled.
  const mirrored = shore - (y - shore) * 1.2 + 0.004 * Math.sin(y * 300)
  const above: Rgb = mirrored > ridge(x) ? [55, 78, 92] : mix([130, 165, 190], [180, 200, 215], mirrored / 0.5)
  return mix(above, [30, 50, 70], (y - shore) * 1.5)
}

/** A calm room: a warm wall, a wooden shelf with books, a plant's pot. */
const shelves: Scene = (x, y) => {
  const wall = mix([214, 200, 180], [190, 172, 150], y)
  const shelfTop = 0.45
  if (y > shelfTop && y < shelfTop + 0.03 && x > 0.08 && x < 0.62) return [120, 84, 52]
  if (y > shelfTop - 0.2 && y < shelfTop && x > 0.1 && x < 0.5) {
    const book = Math.floor((x - 0.1) / 0.035)
    const colours: Rgb[] = [[150, 60, 50], [60, 90, 120], [200, 160, 80], [80, 110, 80], [120, 70, 110]]
    const height = 0.12 + (book % 3) * 0.03
    if (y > shelfTop - height && (x - 0.1) % 0.035 > 0.004) return colours[book % colours.length]!
  }
  if (x > 0.7 && x < 0.86 && y > 0.7) return mix([170, 100, 70], [140, 80, 55], (y - 0.7) * 3)
  if (Math.hypot((x - 0.78) * 1.78, y - 0.6) < 0.12) return mix([70, 120, 70], [50, 95, 55], y)
  if (y > 0.88) return [150, 120, 90]
  return wall
}

function crc32(bytes: Buffer): number {
  let crc = ~0
  for (const byte of bytes) {
    crc ^= byte
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1))
  }
  return ~crc >>> 0
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

function png(scene: Scene): Buffer {
  const rows: Buffer[] = []
  for (let y = 0; y < HEIGHT; y++) {
    const row = Buffer.alloc(1 + WIDTH * 3)
    for (let x = 0; x < WIDTH; x++) {
      const [r, g, b] = scene((x + 0.5) / WIDTH, (y + 0.5) / HEIGHT)
      row.set([Math.round(r), Math.round(g), Math.round(b)], 1 + x * 3)
    }
    rows.push(row)
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(WIDTH, 0)
  header.writeUInt32BE(HEIGHT, 4)
  header.set([8, 2, 0, 0, 0], 8) // 8-bit RGB
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })), chunk('IEND', Buffer.alloc(0))])
}

const out = path.join(import.meta.dirname, '../renderer/calling/backgrounds')
for (const [name, scene] of Object.entries({ dawn, lake, shelves })) writeFileSync(path.join(out, `${name}.png`), png(scene))
