// How a group call's tiles share the call area: the columns and rows that give each tile the
// largest picture at the video's own shape (16:9), so that neither a wide window nor a tall
// one leaves the faces small. Pure: the screen measures the area and asks.

export interface GridShape {
  columns: number
  rows: number
}

/** Camera pictures are 16:9 (a 4:3 camera is letterboxed inside its tile). */
export const TILE_ASPECT = 16 / 9

/**
 * The shape for `tiles` tiles in an area `areaAspect` wide per unit of height. Each candidate
 * column count is scored by the width a tile of TILE_ASPECT gets in it; among equal tiles the
 * shape with fewer empty cells wins, then the one with fewer rows (a wider row reads better).
 */
export function gridShape(tiles: number, areaAspect: number): GridShape {
  const count = Math.max(1, Math.floor(tiles))
  const aspect = Number.isFinite(areaAspect) && areaAspect > 0 ? areaAspect : TILE_ASPECT
  let best: GridShape & { width: number; empty: number } = { columns: 1, rows: count, width: -1, empty: 0 }
  for (let columns = 1; columns <= count; columns++) {
    const rows = Math.ceil(count / columns)
    // Area height 1, width `aspect`: a tile is as wide as its cell allows, or as its cell's height does.
    const width = Math.min(aspect / columns, (1 / rows) * TILE_ASPECT)
    const empty = columns * rows - count
    const better =
      width > best.width * (1 + EPSILON) ||
      (Math.abs(width - best.width) <= best.width * EPSILON && (empty < best.empty || (empty === best.empty && rows < best.rows)))
    if (better) best = { columns, rows, width, empty }
  }
  return { columns: best.columns, rows: best.rows }
}

/** Tile widths within this fraction of each other count as equal (float noise, not a real gain). */
const EPSILON = 1e-9
