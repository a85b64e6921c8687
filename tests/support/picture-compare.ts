// Compares a screenshot with its committed baseline, pixel by pixel (pixelmatch), with a
// small tolerance for what rendering alone may change between runs: colour noise below
// pixelmatch's threshold, anti-aliased edge pixels, and a handful of stray pixels. A real
// change to a screen (a word, an icon, a colour, a shift of a few pixels) is far above it.
import pixelmatch from 'pixelmatch'
import { PNG } from 'pngjs'

export const PICTURE_TOLERANCE = {
  /** pixelmatch's per-pixel colour distance (0–1) under which two pixels count as equal. */
  threshold: 0.1,
  /** At most this many pixels may differ beyond the threshold. */
  maxDifferentPixels: 25
} as const

export type PictureComparison =
  | { kind: 'same'; differentPixels: number }
  | { kind: 'different'; differentPixels: number; diff: Buffer }
  | { kind: 'resized'; baseline: { width: number; height: number }; actual: { width: number; height: number } }

/** Compares two PNG files' contents; a `different` result carries a PNG that shows where in red. */
export function comparePictures(baselinePng: Buffer, actualPng: Buffer, tolerance: { threshold: number; maxDifferentPixels: number } = PICTURE_TOLERANCE): PictureComparison {
  const baseline = PNG.sync.read(baselinePng)
  const actual = PNG.sync.read(actualPng)
  if (baseline.width !== actual.width || baseline.height !== actual.height) {
    return { kind: 'resized', baseline: { width: baseline.width, height: baseline.height }, actual: { width: actual.width, height: actual.height } }
  }
  const diff = new PNG({ width: actual.width, height: actual.height })
  const differentPixels = pixelmatch(baseline.data, actual.data, diff.data, actual.width, actual.height, {
    threshold: tolerance.threshold,
    includeAA: false
  })
  if (differentPixels <= tolerance.maxDifferentPixels) return { kind: 'same', differentPixels }
  return { kind: 'different', differentPixels, diff: PNG.sync.write(diff) }
}
