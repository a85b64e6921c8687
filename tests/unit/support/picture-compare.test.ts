// The screenshot baselines are only as good as the comparison: it must pass a picture equal
// to its baseline (or off by rendering noise), and fail a real change, however small a
// screen's change is (a word, a shifted control, another colour).
import { PNG } from 'pngjs'
import { describe, expect, it } from 'vitest'
import { comparePictures, PICTURE_TOLERANCE } from '../../support/picture-compare'

type Paint = (x: number, y: number) => [number, number, number]

function picture(width: number, height: number, paint: Paint): Buffer {
  const png = new PNG({ width, height })
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const offset = (y * width + x) * 4
      const [r, g, b] = paint(x, y)
      png.data[offset] = r
      png.data[offset + 1] = g
      png.data[offset + 2] = b
      png.data[offset + 3] = 255
    }
  }
  return PNG.sync.write(png)
}

const white: Paint = () => [255, 255, 255]
/** A white screen with a dark block where `inBlock` says. */
const withBlock =
  (inBlock: (x: number, y: number) => boolean): Paint =>
  (x, y) =>
    inBlock(x, y) ? [20, 30, 40] : [255, 255, 255]
const button = (left: number) => withBlock((x, y) => x >= left && x < left + 40 && y >= 20 && y < 36)

describe('comparePictures', () => {
  it('passes a picture identical to its baseline', () => {
    expect(comparePictures(picture(100, 60, button(10)), picture(100, 60, button(10)))).toEqual({ kind: 'same', differentPixels: 0 })
  })

  it('passes colour noise below the threshold', () => {
    const noisy: Paint = (x, y) => ((x + y) % 2 ? [254, 255, 255] : [255, 255, 254])
    expect(comparePictures(picture(100, 60, white), picture(100, 60, noisy)).kind).toBe('same')
  })

  it('fails a control moved by two pixels and draws a diff of the same size', () => {
    const result = comparePictures(picture(100, 60, button(10)), picture(100, 60, button(12)))
    expect(result.kind).toBe('different')
    if (result.kind !== 'different') return
    expect(result.differentPixels).toBeGreaterThan(PICTURE_TOLERANCE.maxDifferentPixels)
    const diff = PNG.sync.read(result.diff)
    expect([diff.width, diff.height]).toEqual([100, 60])
  })

  it('fails a change of colour', () => {
    const blue: Paint = (x, y) => (x >= 10 && x < 50 && y >= 20 && y < 36 ? [11, 92, 173] : [255, 255, 255])
    expect(comparePictures(picture(100, 60, button(10)), picture(100, 60, blue)).kind).toBe('different')
  })

  it('fails a small mark, just over the tolerance', () => {
    const side = Math.ceil(Math.sqrt(PICTURE_TOLERANCE.maxDifferentPixels + 1)) + 1
    const mark = withBlock((x, y) => x >= 50 && x < 50 + side && y >= 10 && y < 10 + side)
    expect(comparePictures(picture(100, 60, white), picture(100, 60, mark)).kind).toBe('different')
  })

  it('reports a change of size instead of comparing', () => {
    expect(comparePictures(picture(100, 60, white), picture(100, 61, white))).toEqual({
      kind: 'resized',
      baseline: { width: 100, height: 60 },
      actual: { width: 100, height: 61 }
    })
  })
})
