// 找车路线 (寻车 step 6): the shortest walking route from where the driver
// stands (a scanned pillar QR or a space number they type) to their car's
// space, across floors by lift or stairs, with short turn-by-turn text.
//
// Decisions:
// - The walking graph is the layout's walkable cells (aisles and walkways,
//   4-connected): a route can never cut through a space, a pillar or an
//   unmarked area, and moves are along the plan's axes as people walk an
//   aisle. Built once per layout object and version (WeakMap), since a page
//   routes many times on one layout.
// - Across floors the graph has PORTALS, one per lift or stair door on a
//   floor. At build time each portal gets a BFS distance field over its floor;
//   a query then runs a tiny Dijkstra over the portals only (the start's and
//   target's cells read their distance straight from the fields) and walks
//   each floor leg down a field. Only a same-floor direct route runs a BFS per
//   query, from the car's space and stopping once the driver is reached. This
//   keeps a query well under 2 ms on a 3,000-space, 3-floor layout (npm run
//   bench).
// - A route is walked down a distance field preferring to keep straight, so
//   among equally short routes it takes the one with the fewest turns: the one
//   a person would take, and short text (直行约 20 米，左转…).
// - Distance in metres is what the driver walks: cells × cell size, plus a
//   flight of stairs (STAIR_METRES per floor). A lift ride walks nothing but
//   costs LIFT_COST_METRES when choosing (waiting for it), so one floor by the
//   stairs next to you beats a lift across the floor.
import { allSpaces, CELL, CONNECTOR_LABELS, floorGrid, type Connector, type Layout, type Point, type Rect, type RouteStart } from './layout'

export const STAIR_METRES = 12
export const LIFT_COST_METRES = 20

export interface RouteLeg {
  floor: string
  /** The route's corners on this floor, in cells (draw through cell centres: x + 0.5). */
  points: Point[]
}

export interface Route {
  metres: number
  legs: RouteLeg[]
  /** Turn-by-turn text, one short line each. */
  steps: string[]
}

export type RouteResult = { ok: true; route: Route } | { ok: false; reason: string }

interface FloorGraph {
  name: string
  width: number
  height: number
  /** CELL kinds with spaces marked. */
  grid: Uint8Array
}

interface Portal {
  connector: Connector
  floor: number
  cell: number
  /** BFS steps from this door to every cell of its floor (-1: unreachable). */
  field: Int32Array
}

interface Place {
  floor: number
  /** The walkable cells a route may start or end on. */
  cells: number[]
  /** The space's rectangle, for which side the car is on. */
  rect: Rect | null
  label: string
}

export interface WalkGraph {
  version: number
  cell: number
  floors: FloorGraph[]
  spaces: Map<string, Place>
  pillars: Map<string, Place>
  portals: Portal[]
  /** Ride edges between portals: [to, cost in cells, metres walked]. */
  rides: Array<Array<[number, number, number]>>
}

const cache = new WeakMap<Layout, WalkGraph>()

/** The layout's walking graph, built once per layout object and version. */
export function walkGraph(layout: Layout): WalkGraph {
  const hit = cache.get(layout)
  if (hit && hit.version === layout.version) return hit
  const g = buildGraph(layout)
  cache.set(layout, g)
  return g
}

const DIRS: ReadonlyArray<readonly [number, number]> = [
  [1, 0],
  [0, 1],
  [-1, 0],
  [0, -1],
]

function buildGraph(layout: Layout): WalkGraph {
  const floors: FloorGraph[] = layout.floors.map((f) => ({ name: f.name, width: f.width, height: f.height, grid: floorGrid(f) }))
  const spaceList = allSpaces(layout)
  for (const s of spaceList) {
    const fg = floors[s.floor]!
    const [x, y, w, h] = s.rect
    for (let j = y; j < y + h; j++) for (let i = x; i < x + w; i++) fg.grid[j * fg.width + i] = CELL.space
  }
  const spaces = new Map<string, Place>()
  for (const s of spaceList) {
    const fg = floors[s.floor]!
    const [x, y, w, h] = s.rect
    const cells: number[] = []
    const push = (i: number, j: number) => {
      if (i >= 0 && j >= 0 && i < fg.width && j < fg.height && fg.grid[j * fg.width + i] === CELL.walk) cells.push(j * fg.width + i)
    }
    for (let i = x; i < x + w; i++) push(i, y - 1), push(i, y + h)
    for (let j = y; j < y + h; j++) push(x - 1, j), push(x + w, j)
    spaces.set(s.number, { floor: s.floor, cells, rect: s.rect, label: s.number })
  }
  const pillars = new Map<string, Place>()
  layout.floors.forEach((f, fi) => {
    for (const p of f.pillars ?? []) {
      const near = nearestWalkable(floors[fi]!, p.at)
      pillars.set(p.code, { floor: fi, cells: near === null ? [] : [near], rect: null, label: p.code })
    }
  })
  const portals: Portal[] = []
  const connectors = new Map((layout.connectors ?? []).map((c) => [c.id, c]))
  layout.floors.forEach((f, fi) => {
    for (const d of f.doors ?? []) {
      const connector = connectors.get(d.id)
      if (!connector) continue
      const fg = floors[fi]!
      const cell = d.at[1] * fg.width + d.at[0]
      portals.push({ connector, floor: fi, cell, field: bfs(fg, [cell], null) })
    }
  })
  const rides: WalkGraph['rides'] = portals.map(() => [])
  const floorOrder = new Map(layout.floors.map((f, i) => [f.name, i]))
  portals.forEach((a, ai) =>
    portals.forEach((b, bi) => {
      if (ai === bi || a.connector !== b.connector) return
      const c = a.connector
      const pa = c.floors.indexOf(layout.floors[a.floor]!.name)
      const pb = c.floors.indexOf(layout.floors[b.floor]!.name)
      if (pa < 0 || pb < 0 || !floorOrder.has(c.floors[pb]!)) return
      if (c.kind === 'stairs') {
        if (Math.abs(pa - pb) !== 1) return
        rides[ai]!.push([bi, Math.ceil(STAIR_METRES / layout.cell), STAIR_METRES])
      } else rides[ai]!.push([bi, Math.ceil(LIFT_COST_METRES / layout.cell), 0])
    }),
  )
  return { version: layout.version, cell: layout.cell, floors, spaces, pillars, portals, rides }
}

/** The walkable cell nearest a point (BFS through any cell), or null when the floor has none. */
function nearestWalkable(fg: FloorGraph, at: Point): number | null {
  const start = at[1] * fg.width + at[0]
  if (fg.grid[start] === CELL.walk) return start
  const seen = new Uint8Array(fg.grid.length)
  const queue = [start]
  seen[start] = 1
  for (let q = 0; q < queue.length; q++) {
    const c = queue[q]!
    if (fg.grid[c] === CELL.walk) return c
    const x = c % fg.width
    const y = (c - x) / fg.width
    for (const [dx, dy] of DIRS) {
      const nx = x + dx
      const ny = y + dy
      if (nx < 0 || ny < 0 || nx >= fg.width || ny >= fg.height) continue
      const n = ny * fg.width + nx
      if (!seen[n]) (seen[n] = 1), queue.push(n)
    }
  }
  return null
}

/** BFS steps over walkable cells from `sources`; stops early once every cell marked in `until` is reached. */
function bfs(fg: FloorGraph, sources: number[], until: Set<number> | null): Int32Array {
  const { width, height, grid } = fg
  const dist = new Int32Array(grid.length).fill(-1)
  const queue = new Int32Array(grid.length)
  let tail = 0
  for (const s of sources) if (dist[s] === -1) (dist[s] = 0), (queue[tail++] = s)
  let remaining = until ? until.size : -1
  for (let head = 0; head < tail; head++) {
    const c = queue[head]!
    if (until && until.has(c) && --remaining === 0) break
    const x = c % width
    const d = dist[c]! + 1
    if (x + 1 < width && grid[c + 1] === CELL.walk && dist[c + 1] === -1) (dist[c + 1] = d), (queue[tail++] = c + 1)
    if (x > 0 && grid[c - 1] === CELL.walk && dist[c - 1] === -1) (dist[c - 1] = d), (queue[tail++] = c - 1)
    if (c + width < width * height && grid[c + width] === CELL.walk && dist[c + width] === -1) (dist[c + width] = d), (queue[tail++] = c + width)
    if (c >= width && grid[c - width] === CELL.walk && dist[c - width] === -1) (dist[c - width] = d), (queue[tail++] = c - width)
  }
  return dist
}

/**
 * Walk down a distance field from `from` to a cell at distance 0, keeping
 * straight whenever a straight step is also downhill. Returns the cells.
 */
function descend(fg: FloorGraph, field: Int32Array, from: number): number[] {
  const path = [from]
  let c = from
  let heading = -1
  while (field[c]! > 0) {
    const x = c % fg.width
    const y = (c - x) / fg.width
    const want = field[c]! - 1
    let next = -1
    let nextDir = -1
    for (let k = 0; k < 4; k++) {
      const dir = heading < 0 ? k : (heading + k) % 4 // the current heading first
      const nx = x + DIRS[dir]![0]
      const ny = y + DIRS[dir]![1]
      if (nx < 0 || ny < 0 || nx >= fg.width || ny >= fg.height) continue
      const n = ny * fg.width + nx
      if (field[n] === want) {
        next = n
        nextDir = dir
        break
      }
    }
    if (next < 0) break // cannot happen on a BFS field
    path.push(next)
    c = next
    heading = nextDir
  }
  return path
}

function findPlace(g: WalkGraph, start: RouteStart): Place | string {
  if ('pillar' in start) return g.pillars.get(start.pillar) ?? '未找到这个柱子二维码，请输入附近的车位号'
  return g.spaces.get(start.space.trim().toUpperCase()) ?? `未找到车位 ${start.space}`
}

interface Leg {
  floor: number
  cells: number[]
  /** How the driver reached this leg's floor: the connector ridden, or null for the first leg. */
  via: Connector | null
}

/** The shortest walking route from `start` to the space numbered `to`. */
export function findRoute(layout: Layout, start: RouteStart, to: string): RouteResult {
  const g = walkGraph(layout)
  const from = findPlace(g, start)
  if (typeof from === 'string') return { ok: false, reason: from }
  const target = g.spaces.get(to.trim().toUpperCase())
  if (!target) return { ok: false, reason: `未找到车位 ${to}` }
  if ('space' in start && from === target) return { ok: true, route: { metres: 0, legs: [], steps: [] } }
  if (from.cells.length === 0 || target.cells.length === 0) return { ok: false, reason: '无法规划步行路线：起点或车位不与通道相连' }
  const targetSet = new Set(target.cells)
  if (from.floor === target.floor && from.cells.some((c) => targetSet.has(c))) return { ok: true, route: { metres: 0, legs: [], steps: [] } }

  // Via portals: distance from the start to each portal on its floor, then Dijkstra over portals.
  const P = g.portals.length
  const best = new Float64Array(P).fill(Infinity)
  const prev = new Int32Array(P).fill(-1)
  const prevRide = new Uint8Array(P)
  const startCell = new Int32Array(P).fill(-1)
  g.portals.forEach((p, i) => {
    if (p.floor !== from.floor) return
    for (const c of from.cells) {
      const d = p.field[c]!
      if (d >= 0 && d < best[i]!) (best[i] = d), (startCell[i] = c)
    }
  })
  const done = new Uint8Array(P)
  for (;;) {
    let u = -1
    for (let i = 0; i < P; i++) if (!done[i] && best[i]! < Infinity && (u < 0 || best[i]! < best[u]!)) u = i
    if (u < 0) break
    done[u] = 1
    for (const [v, cost] of g.rides[u]!) {
      if (best[u]! + cost < best[v]!) (best[v] = best[u]! + cost), (prev[v] = u), (prevRide[v] = 1), (startCell[v] = -1)
    }
    const pu = g.portals[u]!
    for (let v = 0; v < P; v++) {
      const pv = g.portals[v]!
      if (v === u || pv.floor !== pu.floor) continue
      const d = pv.field[pu.cell]!
      if (d >= 0 && best[u]! + d < best[v]!) (best[v] = best[u]! + d), (prev[v] = u), (prevRide[v] = 0), (startCell[v] = -1)
    }
  }
  let viaCost = Infinity
  let viaPortal = -1
  let viaEnd = -1
  g.portals.forEach((p, i) => {
    if (p.floor !== target.floor || best[i] === Infinity || prev[i] < 0) return // must have ridden: a same-floor route is the direct one
    for (const c of target.cells) {
      const d = p.field[c]!
      if (d >= 0 && best[i]! + d < viaCost) (viaCost = best[i]! + d), (viaPortal = i), (viaEnd = c)
    }
  })

  // Direct, on one floor: BFS from the car's space until the driver's cells are reached.
  let direct: { cost: number; field: Int32Array; from: number } | null = null
  if (from.floor === target.floor) {
    const fg = g.floors[from.floor]!
    const field = bfs(fg, target.cells, new Set(from.cells))
    let bestStart = -1
    for (const c of from.cells) if (field[c]! >= 0 && (bestStart < 0 || field[c]! < field[bestStart]!)) bestStart = c
    if (bestStart >= 0) direct = { cost: field[bestStart]!, field, from: bestStart }
  }

  let legs: Leg[]
  if (direct && direct.cost <= viaCost) {
    legs = [{ floor: from.floor, cells: descend(g.floors[from.floor]!, direct.field, direct.from), via: null }]
  } else if (viaPortal >= 0) {
    legs = portalLegs(g, viaPortal, viaEnd, prev, prevRide, startCell)
  } else return { ok: false, reason: '无法规划步行路线：起点与车位之间没有连通的通道或电梯/楼梯' }
  return { ok: true, route: describe(g, legs, target) }
}

/** Rebuild the floor legs of a route that ends at `last` (a portal on the target floor), then walks to `end`. */
function portalLegs(g: WalkGraph, last: number, end: number, prev: Int32Array, prevRide: Uint8Array, startCell: Int32Array): Leg[] {
  const chain: number[] = []
  for (let p = last; p >= 0; p = prev[p]!) chain.unshift(p)
  const legs: Leg[] = []
  // The first portal is reached on foot from the start cell.
  const first = g.portals[chain[0]!]!
  let cells = descend(g.floors[first.floor]!, first.field, startCell[chain[0]!]!)
  let via: Connector | null = null
  for (let i = 1; i < chain.length; i++) {
    const a = g.portals[chain[i - 1]!]!
    const b = g.portals[chain[i]!]!
    if (prevRide[chain[i]!]) {
      // Riding on with the same lift or stairs past a floor (stairs B1 → B2 → B3) is one ride, not a leg per floor.
      if (!(cells.length === 1 && via === a.connector && legs.length > 0)) legs.push({ floor: a.floor, cells, via })
      via = a.connector
      cells = [b.cell]
    } else {
      // Walk on the same floor from door a to door b (descend b's field from a).
      cells = cells.concat(descend(g.floors[b.floor]!, b.field, a.cell).slice(1))
    }
  }
  const lastPortal = g.portals[last]!
  const tail = descend(g.floors[lastPortal.floor]!, lastPortal.field, end).reverse()
  cells = cells.concat(tail.slice(1))
  legs.push({ floor: lastPortal.floor, cells, via })
  return legs
}

const heading = (fg: FloorGraph, a: number, b: number): number => {
  const d = b - a
  return d === 1 ? 0 : d === fg.width ? 1 : d === -1 ? 2 : 3
}

/** Straight runs of a leg: [direction, cells, index in `cells` where the run ends]. */
type Run = [dir: number, n: number, end: number]

function runs(fg: FloorGraph, cells: number[]): Run[] {
  const out: Run[] = []
  for (let i = 1; i < cells.length; i++) {
    const h = heading(fg, cells[i - 1]!, cells[i]!)
    const last = out[out.length - 1]
    if (last && last[0] === h) (last[1]++, (last[2] = i))
    else out.push([h, 1, i])
  }
  return out
}

/**
 * The runs as said to a driver: a one-cell sidestep is not a turn. Aisles are
 * two or three cells wide, so a shortest route may step across a lane (at the
 * start, out of a space's doorway; in the middle, from one lane to the other;
 * at the end, up to the car): "右转，直行约 3 米，左转" would be noise. Such a
 * step is folded into the run it joins (its metres still count).
 */
function spoken(r: Run[]): Run[] {
  const out: Run[] = r.map((x) => [...x] as Run)
  if (out.length >= 2 && out[0]![1] === 1) {
    out[1]![1] += 1
    out.shift()
  }
  for (let i = 1; i + 1 < out.length; i++) {
    if (out[i]![1] === 1 && out[i - 1]![0] === out[i + 1]![0]) {
      out[i - 1]![1] += 1 + out[i + 1]![1]
      out[i - 1]![2] = out[i + 1]![2]
      out.splice(i, 2)
      i--
    }
  }
  if (out.length >= 2 && out[out.length - 1]![1] === 1) {
    // Kept run's end index unchanged: the car's side is judged where the driver stops walking straight, before the sidestep.
    out.pop()
    out[out.length - 1]![1] += 1
  }
  return out
}

const about = (m: number) => `约 ${Math.max(1, Math.round(m))} 米`

function describe(g: WalkGraph, legs: Leg[], target: Place): Route {
  const steps: string[] = []
  const out: RouteLeg[] = []
  let metres = 0
  let lastHeading = -1
  let lastCell = -1
  legs.forEach((leg, li) => {
    const fg = g.floors[leg.floor]!
    if (leg.via) {
      const verb = leg.via.kind === 'lift' ? '乘' : '走'
      steps.push(`${verb}${leg.via.name}至 ${fg.name}`)
      if (leg.via.kind === 'stairs') metres += STAIR_METRES * Math.abs(floorStep(leg.via, g, legs[li - 1]!.floor, leg.floor))
    }
    const all = runs(fg, leg.cells)
    for (const [, n] of all) metres += n * g.cell
    const r = spoken(all)
    r.forEach(([h, n], i) => {
      const m = n * g.cell
      if (i === 0) {
        const lead = li === 0 ? '' : `出${CONNECTOR_LABELS[leg.via!.kind]}后`
        steps.push(`${lead}直行${about(m)}`)
      } else {
        const turn = (h - r[i - 1]![0] + 4) % 4 === 1 ? '右转' : '左转'
        steps.push(`${turn}，直行${about(m)}`)
      }
    })
    if (r.length) {
      const [h, , end] = r[r.length - 1]!
      lastHeading = h
      lastCell = leg.cells[end]!
    } else lastCell = leg.cells[leg.cells.length - 1]!
    out.push({ floor: fg.name, points: corners(fg, leg.cells) })
  })
  steps.push(`到达车位 ${target.label}${side(g.floors[target.floor]!, lastCell, lastHeading, target.rect!)}`)
  return { metres: Math.round(metres), legs: out, steps }
}

function floorStep(c: Connector, g: WalkGraph, from: number, to: number): number {
  return c.floors.indexOf(g.floors[to]!.name) - c.floors.indexOf(g.floors[from]!.name)
}

/** Which side the car is on, seen walking `heading` at `cell`: （在左侧）, （在右侧）, （在前方）. */
function side(fg: FloorGraph, cell: number, h: number, rect: Rect): string {
  if (h < 0) return ''
  const x = cell % fg.width
  const y = (cell - x) / fg.width
  const cx = rect[0] + rect[2] / 2 - (x + 0.5)
  const cy = rect[1] + rect[3] / 2 - (y + 0.5)
  const [dx, dy] = DIRS[h]!
  const ahead = cx * dx + cy * dy
  const cross = dx * cy - dy * cx // y down: positive is to the right
  if (Math.abs(ahead) > Math.abs(cross)) return ahead > 0 ? '（在前方）' : ''
  return cross > 0 ? '（在右侧）' : '（在左侧）'
}

function corners(fg: FloorGraph, cells: number[]): Point[] {
  const pt = (c: number): Point => [c % fg.width, Math.floor(c / fg.width)]
  if (cells.length === 0) return []
  const out: Point[] = [pt(cells[0]!)]
  for (let i = 1; i < cells.length - 1; i++) {
    if (heading(fg, cells[i - 1]!, cells[i]!) !== heading(fg, cells[i]!, cells[i + 1]!)) out.push(pt(cells[i]!))
  }
  if (cells.length > 1) out.push(pt(cells[cells.length - 1]!))
  return out
}
