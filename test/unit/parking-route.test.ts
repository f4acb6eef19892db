import { describe, expect, it } from 'vitest'
import { allSpaces, CELL, floorGrid, parseLayout, type Layout, type Point } from '../../src/domain/parking/layout'
import { generateLayout } from '../../src/domain/parking/layout-gen'
import { findRoute, walkGraph, type Route } from '../../src/domain/parking/route'
import { mulberry32 } from '../support/parking'

type R4 = [number, number, number, number]

// One floor, 12 × 6 cells of 2.5 m: an aisle along y = 2..3 the whole width,
// spaces A-001…A-010 above it (x = 1..10), A-011…A-020 below it; a pillar P1
// in the top-left corner (its nearest aisle cell is (0, 2)).
function surface(): Layout {
  return {
    version: 1,
    cell: 2.5,
    floors: [
      {
        name: '地面',
        width: 12,
        height: 6,
        aisles: [[0, 2, 12, 2]],
        spaces: [
          { prefix: 'A-', first: 1, count: 10, at: [1, 0, 1, 2], dir: 'x' },
          { prefix: 'A-', first: 11, count: 10, at: [1, 4, 1, 2], dir: 'x' },
        ],
        pillars: [{ code: 'P1', at: [0, 0] }],
      },
    ],
  }
}

// Two floors, 10 × 6: an aisle along y = 2..3, four spaces above and below it,
// 1号电梯 at (0, 2) and 1号楼梯 at (9, 2) on both; pillar B1P1 at (5, 0).
function twoFloors(): Layout {
  const floor = (name: string) => ({
    name,
    width: 10,
    height: 6,
    aisles: [[0, 2, 10, 2]] as R4[],
    spaces: [
      { prefix: `${name}-`, first: 1, count: 4, at: [1, 0, 1, 2] as R4, dir: 'x' as const },
      { prefix: `${name}-`, first: 5, count: 4, at: [1, 4, 1, 2] as R4, dir: 'x' as const },
    ],
    pillars: [{ code: `${name}P1`, at: [5, 0] as [number, number] }],
    doors: [
      { id: 'L1', at: [0, 2] as [number, number] },
      { id: 'S1', at: [9, 2] as [number, number] },
    ],
  })
  return {
    version: 1,
    cell: 2.5,
    floors: [floor('B1'), floor('B2')],
    connectors: [
      { id: 'L1', kind: 'lift', name: '1号电梯', floors: ['B1', 'B2'] },
      { id: 'S1', kind: 'stairs', name: '1号楼梯', floors: ['B1', 'B2'] },
    ],
  }
}

// A wall of spaces between two halves: the only way round is the aisle at the bottom (y = 6).
// Spaces W-001…W-006 stand in column x = 3, y = 0..5 (each 1 × 1 here); aisles x = 0..2 and x = 4..5;
// E-001 at (6, 0) is reached from (5, 0).
function detour(): Layout {
  return {
    version: 1,
    cell: 2.5,
    floors: [
      {
        name: 'B1',
        width: 7,
        height: 7,
        aisles: [
          [0, 0, 3, 7],
          [4, 0, 2, 7],
          [0, 6, 7, 1],
        ],
        spaces: [
          { prefix: 'W-', first: 1, count: 6, at: [3, 0, 1, 1], dir: 'y' },
          { prefix: 'E-', first: 1, count: 1, at: [6, 0, 1, 1], dir: 'x' },
        ],
        pillars: [{ code: 'PW', at: [0, 0] }],
      },
    ],
  }
}

const valid = (l: Layout) => {
  const r = parseLayout(l)
  if (!r.ok) throw new Error(r.errors.join('\n'))
  return r.layout
}
const route = (l: Layout, start: { pillar: string } | { space: string }, to: string): Route => {
  const r = findRoute(l, start, to)
  if (!r.ok) throw new Error(r.reason)
  return r.route
}

describe('findRoute on hand-drawn layouts', () => {
  it.each([
    ['straight along the aisle to a car on the left', surface, { pillar: 'P1' }, 'A-008', 20, ['直行约 20 米', '到达车位 A-008（在左侧）']],
    ['from a typed space to the car opposite', surface, { space: 'A-001' }, 'A-011', 3, ['直行约 3 米', '到达车位 A-011（在前方）']],
    ['down one floor by the lift beside you', twoFloors, { space: 'B1-001' }, 'B2-007', 13, ['直行约 3 米', '乘1号电梯至 B2', '出电梯后直行约 10 米', '到达车位 B2-007（在右侧）']],
    // Out of the lift the route steps one cell across the aisle's two lanes: a sidestep, not a turn (its metres count).
    // Lift and stairs nearly as far: a flight of stairs (12 m walked) beats waiting for the lift (counted as 20 m).
    ['down one floor by the stairs rather than wait for the lift', twoFloors, { pillar: 'B1P1' }, 'B2-007', 40, ['直行约 10 米', '走1号楼梯至 B2', '出楼梯后直行约 18 米', '到达车位 B2-007（在左侧）']],
    ['down one floor by the stairs when they are beside you', twoFloors, { space: 'B1-004' }, 'B2-004', 37, ['直行约 13 米', '走1号楼梯至 B2', '出楼梯后直行约 13 米', '到达车位 B2-004（在右侧）']],
    ['round a wall of spaces, never through it', detour, { pillar: 'PW' }, 'E-001', 43, ['直行约 5 米', '右转，直行约 15 米', '左转，直行约 8 米', '左转，直行约 15 米', '到达车位 E-001（在右侧）']],
  ] as const)('%s', (_what, make, start, to, metres, steps) => {
    const r = route(valid(make()), start, to)
    expect(r.steps).toEqual(steps)
    expect(r.metres).toBe(metres)
  })

  it('draws each floor leg as its corners', () => {
    const r = route(valid(twoFloors()), { space: 'B1-001' }, 'B2-007')
    expect(r.legs).toEqual([
      { floor: 'B1', points: [[1, 2], [0, 2]] },
      { floor: 'B2', points: [[0, 2], [0, 3], [3, 3]] },
    ])
  })

  it('same start and end is an empty route', () => {
    expect(route(valid(surface()), { space: 'A-005' }, 'A-005')).toEqual({ metres: 0, legs: [], steps: [] })
  })

  it('says plainly what it cannot find', () => {
    const l = valid(surface())
    expect(findRoute(l, { pillar: 'NOPE' }, 'A-001')).toEqual({ ok: false, reason: '未找到这个柱子二维码，请输入附近的车位号' })
    expect(findRoute(l, { space: 'A-999' }, 'A-001')).toEqual({ ok: false, reason: '未找到车位 A-999' })
    expect(findRoute(l, { space: 'A-001' }, 'Z-1')).toEqual({ ok: false, reason: '未找到车位 Z-1' })
  })

  it('says so when no aisle, lift or stairs joins the driver to the car', () => {
    const l = twoFloors()
    l.connectors = []
    for (const f of l.floors) f.doors = []
    expect(findRoute(valid(l), { pillar: 'B1P1' }, 'B2-001')).toEqual({ ok: false, reason: '无法规划步行路线：起点与车位之间没有连通的通道或电梯/楼梯' })
  })

  it('builds the walking graph once per layout and version', () => {
    const l = valid(surface())
    const g = walkGraph(l)
    expect(walkGraph(l)).toBe(g)
    l.version = 2
    expect(walkGraph(l)).not.toBe(g)
  })
})

// Property tests on generated garages of random sizes: random starts (pillars and spaces) to random spaces.
describe('findRoute properties', () => {
  let seed = 12345
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff
    return seed % n
  }
  const cases: Array<{ layout: Layout; start: { pillar: string } | { space: string }; to: string }> = []
  for (let k = 0; k < 12; k++) {
    const floors = 1 + rand(3)
    const layout = valid(
      generateLayout({
        floors: Array.from({ length: floors }, (_, i) => ({ name: `B${i + 1}`, prefix: `B${i + 1}-`, pillarPrefix: `B${i + 1}-P`, spaces: 20 + rand(120) })),
        perLine: 5 + rand(30),
      }),
    )
    const spaces = allSpaces(layout)
    const pillars = layout.floors.flatMap((f) => (f.pillars ?? []).map((p) => p.code))
    for (let j = 0; j < 25; j++) {
      const to = spaces[rand(spaces.length)]!.number
      const start = pillars.length && rand(2) ? { pillar: pillars[rand(pillars.length)]! } : { space: spaces[rand(spaces.length)]!.number }
      cases.push({ layout, start, to })
    }
  }

  const cellsOf = (points: Point[]): Point[] => {
    const out: Point[] = points.slice(0, 1)
    for (let i = 1; i < points.length; i++) {
      const [ax, ay] = points[i - 1]!
      const [bx, by] = points[i]!
      const n = Math.abs(bx - ax) + Math.abs(by - ay)
      for (let s = 1; s <= n; s++) out.push([ax + Math.sign(bx - ax) * s, ay + Math.sign(by - ay) * s])
    }
    return out
  }

  it('never enters a space or leaves the walkable cells, and moves one axis at a time', () => {
    for (const { layout, start, to } of cases) {
      const r = route(layout, start, to)
      for (const leg of r.legs) {
        const floor = layout.floors.find((f) => f.name === leg.floor)!
        const grid = floorGrid(floor)
        for (let i = 1; i < leg.points.length; i++) {
          const [a, b] = [leg.points[i - 1]!, leg.points[i]!]
          expect(a[0] === b[0] || a[1] === b[1]).toBe(true)
        }
        const spaceCells = new Set(allSpaces(layout).filter((s) => layout.floors[s.floor] === floor).flatMap((s) => cellsOf([[s.rect[0], s.rect[1]], [s.rect[0] + s.rect[2] - 1, s.rect[1]]]).flatMap(([x]) => Array.from({ length: s.rect[3] }, (_, dy) => `${x},${s.rect[1] + dy}`))))
        for (const [x, y] of cellsOf(leg.points)) {
          expect(spaceCells.has(`${x},${y}`)).toBe(false)
          expect(grid[y * floor.width + x]).toBe(CELL.walk)
        }
      }
    }
  })

  // Across floors the doors need not stand one above the other, so the straight line is taken per floor:
  // from where the driver starts (or leaves the lift) to the door (or the car).
  it('is never shorter than the straight line between start and car, floor by floor', () => {
    let multi = 0
    for (const { layout, start, to } of cases) {
      const r = route(layout, start, to)
      if (r.legs.length === 0) continue
      if (r.legs.length > 1) multi++
      const straight = r.legs.reduce((sum, leg) => {
        const [a, b] = [leg.points[0]!, leg.points[leg.points.length - 1]!]
        return sum + Math.hypot(b[0] - a[0], b[1] - a[1]) * layout.cell
      }, 0)
      expect(r.metres).toBeGreaterThanOrEqual(Math.floor(straight))
      expect(r.steps.at(-1)).toMatch(new RegExp(`^到达车位 ${to}`))
    }
    expect(multi).toBeGreaterThan(20)
  })

  it('from a space to itself is always empty', () => {
    for (const { layout, to } of cases.slice(0, 50)) expect(route(layout, { space: to }, to)).toEqual({ metres: 0, legs: [], steps: [] })
  })
})

// Irregular floors: random aisle rectangles, 1 × 1 spaces on cells beside them, pillars anywhere else.
// An independent BFS is the oracle: the route is exactly as long as the shortest walk over aisle cells
// from where it starts to a cell beside the car, and "no route" only when there is none.
describe('findRoute against a BFS oracle on irregular floors', () => {
  const random = mulberry32(777)
  const rand = (n: number) => random() % n
  function randomFloor(): Layout {
    const width = 8 + rand(12)
    const height = 8 + rand(12)
    const aisles: R4[] = Array.from({ length: 3 + rand(4) }, () => {
      const x = rand(width)
      const y = rand(height)
      return [x, y, 1 + rand(width - x), 1 + rand(Math.min(3, height - y))] as R4
    }).concat(Array.from({ length: 2 }, () => {
      const x = rand(width)
      const y = rand(height)
      return [x, y, 1 + rand(Math.min(3, width - x)), 1 + rand(height - y)] as R4
    }))
    const walk = new Set<string>()
    for (const [x, y, w, h] of aisles) for (let j = y; j < y + h; j++) for (let i = x; i < x + w; i++) walk.add(`${i},${j}`)
    const spaces: Layout['floors'][number]['spaces'] = []
    const pillars: NonNullable<Layout['floors'][number]['pillars']> = []
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        if (walk.has(`${x},${y}`)) continue
        const beside = [[1, 0], [-1, 0], [0, 1], [0, -1]].some(([dx, dy]) => walk.has(`${x + dx!},${y + dy!}`))
        if (beside && rand(2)) spaces.push({ prefix: 'R-', first: spaces.length + 1, count: 1, at: [x, y, 1, 1], dir: 'x' })
        else if (rand(6) === 0) pillars.push({ code: `P${pillars.length + 1}`, at: [x, y] })
      }
    return { version: 1, cell: 2.5, floors: [{ name: 'B1', width, height, aisles, spaces, pillars }] }
  }
  function oracle(layout: Layout, from: number, targets: Set<number>): number {
    const f = layout.floors[0]!
    const grid = floorGrid(f)
    const dist = new Map([[from, 0]])
    const queue = [from]
    for (let q = 0; q < queue.length; q++) {
      const c = queue[q]!
      if (targets.has(c)) return dist.get(c)!
      const x = c % f.width
      const y = Math.floor(c / f.width)
      for (const [dx, dy] of [[1, 0], [-1, 0], [0, 1], [0, -1]] as const) {
        const nx = x + dx
        const ny = y + dy
        const n = ny * f.width + nx
        if (nx < 0 || ny < 0 || nx >= f.width || ny >= f.height || grid[n] !== CELL.walk || dist.has(n)) continue
        dist.set(n, dist.get(c)! + 1)
        queue.push(n)
      }
    }
    return -1
  }

  it('is exactly as long as the shortest walk, never through a space, and refuses only when no walk exists', () => {
    let routed = 0
    let refusedCount = 0
    for (let k = 0; k < 60; k++) {
      const layout = valid(randomFloor())
      const f = layout.floors[0]!
      const grid = floorGrid(f)
      const spaces = allSpaces(layout)
      if (spaces.length < 2) continue
      for (let j = 0; j < 10; j++) {
        const a = spaces[rand(spaces.length)]!
        const b = spaces[rand(spaces.length)]!
        const r = findRoute(layout, { space: a.number }, b.number)
        const beside = (s: typeof a) => {
          const [x, y] = s.rect
          return new Set([[x + 1, y], [x - 1, y], [x, y + 1], [x, y - 1]].filter(([i, jj]) => i! >= 0 && jj! >= 0 && i! < f.width && jj! < f.height && grid[jj! * f.width + i!] === CELL.walk).map(([i, jj]) => jj! * f.width + i!))
        }
        const starts = [...beside(a)]
        const best = a === b ? 0 : Math.min(...starts.map((c) => oracle(layout, c, beside(b))).map((d) => (d < 0 ? Infinity : d)))
        if (!r.ok) {
          refusedCount++
          expect(best).toBe(Infinity)
          continue
        }
        routed++
        expect(r.route.metres).toBe(Math.round(best * layout.cell))
        const spaceCells = new Set(spaces.map((s) => `${s.rect[0]},${s.rect[1]}`))
        for (const leg of r.route.legs)
          for (let i = 1; i < leg.points.length; i++) {
            const [p, q] = [leg.points[i - 1]!, leg.points[i]!]
            for (let t = 0; t <= Math.abs(q[0] - p[0]) + Math.abs(q[1] - p[1]); t++) {
              const x = p[0] + Math.sign(q[0] - p[0]) * t
              const y = p[1] + Math.sign(q[1] - p[1]) * t
              expect(spaceCells.has(`${x},${y}`)).toBe(false)
              expect(grid[y * f.width + x]).toBe(CELL.walk)
            }
          }
      }
    }
    expect(routed).toBeGreaterThan(100)
    expect(refusedCount).toBeGreaterThan(0)
  })
})
