import { describe, expect, it } from 'vitest'
import { gridShape, TILE_ASPECT } from '../../../../renderer/ui/call/gridShape'

/** The width of one 16:9 tile in an area of height 1 and this aspect, for a shape. */
function tileWidth(aspect: number, { columns, rows }: { columns: number; rows: number }): number {
  return Math.min(aspect / columns, TILE_ASPECT / rows)
}

describe('gridShape', () => {
  it('puts two people side by side in a wide window and one above the other in a tall one', () => {
    expect(gridShape(2, 16 / 9)).toEqual({ columns: 2, rows: 1 })
    expect(gridShape(2, 9 / 16)).toEqual({ columns: 1, rows: 2 })
  })

  it('lays out the usual group sizes in a landscape window as people expect', () => {
    const window = 1100 / 600
    expect(gridShape(3, window)).toEqual({ columns: 2, rows: 2 })
    expect(gridShape(4, window)).toEqual({ columns: 2, rows: 2 })
    expect(gridShape(6, window)).toEqual({ columns: 3, rows: 2 })
    expect(gridShape(8, window)).toEqual({ columns: 3, rows: 3 })
    // A very wide strip-like area: everyone in one row.
    expect(gridShape(3, 6)).toEqual({ columns: 3, rows: 1 })
  })

  it('always has a cell for every tile and never a whole empty row or column', () => {
    for (let tiles = 2; tiles <= 8; tiles++) {
      for (const aspect of [0.4, 0.75, 1, 4 / 3, 16 / 9, 2.4, 5]) {
        const shape = gridShape(tiles, aspect)
        const what = `${tiles} tiles at ${aspect}`
        expect(shape.columns * shape.rows, what).toBeGreaterThanOrEqual(tiles)
        expect((shape.columns - 1) * shape.rows, what).toBeLessThan(tiles)
        expect(shape.columns * (shape.rows - 1), what).toBeLessThan(tiles)
      }
    }
  })

  it('picks the shape with the largest tiles of all shapes', () => {
    for (let tiles = 2; tiles <= 8; tiles++) {
      for (const aspect of [0.5, 1, 1.5, 16 / 9, 2, 3]) {
        const chosen = tileWidth(aspect, gridShape(tiles, aspect))
        for (let columns = 1; columns <= tiles; columns++) {
          expect(chosen, `${tiles} tiles at ${aspect}, ${columns} columns`).toBeGreaterThanOrEqual(tileWidth(aspect, { columns, rows: Math.ceil(tiles / columns) }) - 1e-12)
        }
      }
    }
  })

  it('prefers fewer empty cells when tiles come out the same size', () => {
    // In a very tall area each tile is as wide as the area in a single column, whatever the
    // row count; 3 tiles take 3 rows, not 4.
    expect(gridShape(3, 0.2)).toEqual({ columns: 1, rows: 3 })
  })

  it('treats a missing or broken measure as a 16:9 area and a count below one as one', () => {
    expect(gridShape(4, Number.NaN)).toEqual(gridShape(4, TILE_ASPECT))
    expect(gridShape(4, 0)).toEqual(gridShape(4, TILE_ASPECT))
    expect(gridShape(0, 1)).toEqual({ columns: 1, rows: 1 })
  })
})
