// A small pure generator of regular lot layouts: the seeded lots' layouts
// (database/seed-parking.ts), the bench's 3,000-space garage and the route
// property tests. Numbers run from <prefix>001 up row by row, so a lot whose
// spaces are numbered the same way (seed-parking's spacesOf) matches exactly.
//
// The plan of a floor, in cells of 2.5 m (a space is 1 × 2):
// - a walkable side aisle 2 cells wide down the left and right edges;
// - bands 6 cells high: a line of spaces facing down, a 2-cell aisle, a line
//   facing up; the next band's top line backs onto this band's bottom line;
// - after every 10 spaces along a line (and at its end) a pillar column (a
//   pillar, not walkable), as between bays in a real garage; each pillar
//   carries a QR code;
// - a lift at the top of the left aisle and stairs at the bottom of the right
//   one on every floor (when there are several), and the floors' exits.
import type { Floor, Layout, SpaceRow } from './layout'

export interface GenFloor {
  name: string
  /** Number prefix: 'B1-' → B1-001. */
  prefix: string
  /** Pillar code prefix (letters, digits, -): 'B1-P' → B1-P01. */
  pillarPrefix: string
  spaces: number
  /** Exits on this floor (placed at the top right of the right aisle, then the bottom left). */
  exits?: string[]
}

export interface GenOptions {
  floors: GenFloor[]
  /** Spaces along one line (default 20). */
  perLine?: number
  version?: number
}

const GROUP = 10

export function generateLayout(opts: GenOptions): Layout {
  const perLine = opts.perLine ?? 20
  const groups = Math.ceil(perLine / GROUP)
  const width = 2 + perLine + groups + 2
  const multi = opts.floors.length > 1
  const floors: Floor[] = opts.floors.map((f) => {
    const lines = Math.ceil(f.spaces / perLine)
    const bands = Math.ceil(lines / 2)
    const height = bands * 6
    const aisles: Floor['aisles'] = [
      [0, 0, 2, height],
      [width - 2, 0, 2, height],
    ]
    const spaces: SpaceRow[] = []
    const pillars: NonNullable<Floor['pillars']> = []
    let next = 1
    for (let line = 0; line < lines; line++) {
      const band = Math.floor(line / 2)
      const y = band * 6 + (line % 2 === 0 ? 0 : 4)
      if (line % 2 === 0) aisles.push([2, band * 6 + 2, width - 4, 2])
      for (let g = 0; g < groups; g++) {
        const x = 2 + g * (GROUP + 1)
        const room = Math.min(GROUP, perLine - g * GROUP)
        const count = Math.min(room, f.spaces - next + 1)
        if (count <= 0) break
        spaces.push({ prefix: f.prefix, first: next, count, at: [x, y, 1, 2], dir: 'x' })
        next += count
        pillars.push({ code: `${f.pillarPrefix}${String(pillars.length + 1).padStart(2, '0')}`, at: [x + room, y] })
      }
    }
    const exitSpots: Array<[number, number]> = [
      [width - 1, 0],
      [0, height - 1],
    ]
    return {
      name: f.name,
      width,
      height,
      aisles,
      spaces,
      pillars,
      doors: multi
        ? [
            { id: 'L1', at: [0, 0] as [number, number] },
            { id: 'S1', at: [width - 1, height - 1] as [number, number] },
          ]
        : [],
      exits: (f.exits ?? []).slice(0, 2).map((name, i) => ({ name, at: exitSpots[i]! })),
    }
  })
  const names = opts.floors.map((f) => f.name)
  return {
    version: opts.version ?? 1,
    cell: 2.5,
    floors,
    connectors: multi
      ? [
          { id: 'L1', kind: 'lift', name: '1号电梯', floors: names },
          { id: 'S1', kind: 'stairs', name: '1号楼梯', floors: names },
        ]
      : [],
  }
}
