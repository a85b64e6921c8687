// A camera picture with a known person in it, for the background tests: a head with hair,
// face, eyes and mouth, a neck and shirt-covered shoulders, in front of a busy wall (fine
// stripes and dots, so a blur or a replaced background changes it visibly). Pure: the test
// page imports the regions to measure, the test writes the frames as a y4m file for
// Chromium's fake camera (`--use-file-for-fake-video-capture`).

export const PERSON_SIZE = { width: 640, height: 480 } as const

type Rgb = readonly [number, number, number]

const SKIN: Rgb = [224, 172, 138]
const HAIR: Rgb = [60, 40, 28]
const SHIRT: Rgb = [40, 90, 160]

/** Shapes in 0..1 coordinates of the picture (x right, y down). */
const head = (x: number, y: number) => ((x - 0.5) / 0.11) ** 2 + ((y - 0.38) / 0.17) ** 2 <= 1
const hair = (x: number, y: number) => ((x - 0.5) / 0.12) ** 2 + ((y - 0.32) / 0.15) ** 2 <= 1 && y < 0.33
const neck = (x: number, y: number) => Math.abs(x - 0.5) < 0.05 && y > 0.5 && y < 0.62
/** Shoulders: a rounded trapezoid from y 0.6 to the bottom. */
const torso = (x: number, y: number) => {
  if (y < 0.6) return false
  const half = 0.16 + Math.min((y - 0.6) * 1.6, 0.2)
  const shoulderRound = y < 0.66 ? Math.sqrt(Math.max(0, 1 - ((0.66 - y) / 0.06) ** 2)) : 1
  return Math.abs(x - 0.5) < half * shoulderRound
}

export function isPerson(x: number, y: number): boolean {
  return head(x, y) || hair(x, y) || neck(x, y) || torso(x, y)
}

/** Well inside the person (their edge, where the mask is soft, is left out). */
export function isInsidePerson(x: number, y: number): boolean {
  const m = 0.04
  return [
    [0, 0],
    [m, 0],
    [-m, 0],
    [0, m],
    [0, -m]
  ].every(([dx, dy]) => isPerson(x + dx!, y + dy!))
}

/** Well away from the person. */
export function isWellOutsidePerson(x: number, y: number): boolean {
  const m = 0.08
  for (let dx = -m; dx <= m; dx += m / 2) for (let dy = -m; dy <= m; dy += m / 2) if (isPerson(x + dx, y + dy)) return false
  return true
}

function pixel(x: number, y: number): Rgb {
  if (hair(x, y)) return HAIR
  if (head(x, y)) {
    const eye = ((x - 0.46) / 0.015) ** 2 + ((y - 0.37) / 0.012) ** 2 <= 1 || ((x - 0.54) / 0.015) ** 2 + ((y - 0.37) / 0.012) ** 2 <= 1
    const mouth = Math.abs(x - 0.5) < 0.03 && Math.abs(y - 0.47) < 0.006
    if (eye) return [30, 30, 30]
    if (mouth) return [150, 70, 70]
    // A little shading across the face, as light from one side.
    const shade = 1 - (x - 0.39) * 0.6
    return [SKIN[0] * shade, SKIN[1] * shade, SKIN[2] * shade]
  }
  if (neck(x, y)) return [SKIN[0] * 0.85, SKIN[1] * 0.85, SKIN[2] * 0.85]
  if (torso(x, y)) return SHIRT
  // The wall: vertical stripes 8 px wide with bright dots, light warm tones.
  const px = Math.floor(x * PERSON_SIZE.width)
  const py = Math.floor(y * PERSON_SIZE.height)
  const stripe = Math.floor(px / 8) % 2 === 0
  const dot = px % 24 < 4 && py % 24 < 4
  if (dot) return [250, 250, 250]
  return stripe ? [200, 190, 170] : [120, 130, 110]
}

/** One 4:2:0 frame (C420jpeg: full-range BT.601) of the picture as a y4m file's bytes. */
export function syntheticPersonY4m(): Uint8Array {
  const { width, height } = PERSON_SIZE
  const luma = new Uint8Array(width * height)
  const u = new Uint8Array((width / 2) * (height / 2))
  const v = new Uint8Array((width / 2) * (height / 2))
  const clamp = (value: number) => Math.max(0, Math.min(255, Math.round(value)))
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel((x + 0.5) / width, (y + 0.5) / height)
      luma[y * width + x] = clamp(0.299 * r + 0.587 * g + 0.114 * b)
      if (x % 2 === 0 && y % 2 === 0) {
        const i = (y / 2) * (width / 2) + x / 2
        u[i] = clamp(128 - 0.168736 * r - 0.331264 * g + 0.5 * b)
        v[i] = clamp(128 + 0.5 * r - 0.418688 * g - 0.081312 * b)
      }
    }
  }
  const header = new TextEncoder().encode(`YUV4MPEG2 W${width} H${height} F30:1 Ip A1:1 C420jpeg\nFRAME\n`)
  const out = new Uint8Array(header.length + luma.length + u.length + v.length)
  out.set(header, 0)
  out.set(luma, header.length)
  out.set(u, header.length + luma.length)
  out.set(v, header.length + luma.length + u.length)
  return out
}
