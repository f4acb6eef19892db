// A lot's layout (寻车 车位指示地图 and 找车路线, issue 11): its floors with the
// parking spaces, aisles and walkways, pillars (whose QR codes tell a driver
// where they stand), lifts, stairs and exits. Stored per lot in `lot_layouts`,
// drawn by the map component and walked by route.ts.
//
// Decisions:
// - GRID, not polygons. A floor is a grid of square cells (`cell` metres a
//   side, 2.5 m by default: one space is 1 × 2 cells) and every element is an
//   axis-aligned rectangle or a cell. Garages and surface lots are drawn on a
//   rectilinear plan anyway; on a grid "never through a space" is a per-cell
//   test, overlap checks are exact integer work, the walking graph is the
//   walkable cells (no polygon clipping, no floating-point visibility graph),
//   and a validation error can name the exact cell. Polygons would buy curved
//   ramps and angled bays, which no seeded lot has; such a bay is drawn as its
//   bounding cells.
// - Compact: spaces are given as ROWS (a numbering prefix, the first number,
//   a count and the rectangle of the first space; the rest follow along x or
//   y), so the 600-space garage is a few dozen rows and a 3,000-space bench
//   layout stays small. `expandSpaces` gives every space with its number and
//   rectangle for the map and the router.
// - Walkable = the union of aisles and walkways (driving aisles are walked
//   too). Spaces, pillars and unmarked cells are not walkable; a route starts
//   at the walkable cell nearest the pillar or the typed space and ends at the
//   walkable cell beside the car's space.
// - Lifts and stairs are declared once for the lot with the floors they serve
//   (`connectors`), and each floor places its door (`doors`, by connector id):
//   the cross-check refuses a connector that names a floor without its door,
//   or a door no connector names. Stairs link consecutive floors of their
//   list; a lift links any two of its floors.
// - Errors are Chinese and name the place: 第 2 层（B2）第 3 排车位第 5 个（B2-045）：编号重复.
import * as z from '../zod'

export const CONNECTOR_KINDS = ['lift', 'stairs'] as const
export type ConnectorKind = (typeof CONNECTOR_KINDS)[number]
export const CONNECTOR_LABELS: Record<ConnectorKind, string> = { lift: '电梯', stairs: '楼梯' }

/** Largest floor side in cells: 400 × 2.5 m = 1 km, far beyond any lot, small enough to keep a floor's grid cheap. */
export const MAX_SIDE = 400
export const MAX_FLOORS = 12
export const MAX_SPACES = 20_000
// Lists are bounded too: an import is validated cell by cell, so unbounded lists of whole-floor rectangles could stall the function.

const cellInt = (label: string, min = 0) =>
  z.int(`${label}应为整数（格）`).check(z.minimum(min, `${label}不能小于 ${min}`), z.maximum(MAX_SIDE, `${label}不能超过 ${MAX_SIDE}`))
const name = (label: string, max = 40) =>
  z.string(`${label}应为文字`).check(z.trim(), z.minLength(1, `请填写${label}`), z.maxLength(max, `${label}不能超过 ${max} 个字`))

/** A rectangle of cells: [x, y, w, h], x to the right, y down, from the floor's top-left cell. */
export const RectSchema = z.tuple([cellInt('x'), cellInt('y'), cellInt('宽', 1), cellInt('高', 1)], '区域应为 [x, y, 宽, 高]')
export type Rect = z.infer<typeof RectSchema>

export const SpaceRowSchema = z.object({
  /** Number prefix: 'B2-' → B2-105. */
  prefix: z.string('车位编号前缀应为文字').check(z.maxLength(12, '车位编号前缀不能超过 12 个字')),
  /** The first space's number; the next ones count up by 1. */
  first: z.int('起始编号应为整数').check(z.minimum(0, '起始编号不能为负数'), z.maximum(99_999, '起始编号过大')),
  /** Zero-padding of the number (3: 005). */
  digits: z.optional(z.int('编号位数应为整数').check(z.minimum(1, '编号位数应为 1–5'), z.maximum(5, '编号位数应为 1–5'))),
  count: z.int('车位数应为整数').check(z.minimum(1, '每排至少 1 个车位'), z.maximum(MAX_SIDE, `每排不能超过 ${MAX_SIDE} 个车位`)),
  /** The first space's rectangle; the others follow along `dir` without gaps. */
  at: RectSchema,
  dir: z.enum(['x', 'y'], '排列方向应为 x（向右）或 y（向下）'),
})
export type SpaceRow = z.infer<typeof SpaceRowSchema>

export const PointSchema = z.tuple([cellInt('x'), cellInt('y')], '位置应为 [x, y]')
export type Point = z.infer<typeof PointSchema>

export const FloorSchema = z.object({
  /** B1, B2, 地面: also what a route says (乘电梯至 B2). */
  name: name('楼层名称', 12),
  width: cellInt('楼层宽度', 1),
  height: cellInt('楼层高度', 1),
  /** Driving aisles (walkable). */
  aisles: z.array(RectSchema, '通道应为列表').check(z.maxLength(2_000, '每层通道不能超过 2000 条')),
  /** Pedestrian walkways (walkable). */
  walkways: z.optional(z.array(RectSchema, '人行道应为列表').check(z.maxLength(2_000, '每层人行道不能超过 2000 条'))),
  spaces: z.array(SpaceRowSchema, '车位应为列表').check(z.maxLength(2_000, '每层车位不能超过 2000 排')),
  /** Pillars with a QR code: scanning `pillar:<code>` starts a route here. */
  pillars: z.optional(z.array(z.object({ code: z.string('柱子二维码应为文字').check(z.regex(/^[A-Za-z0-9_-]{1,32}$/, '柱子二维码应为 1–32 位字母、数字、- 或 _')), at: PointSchema }), '柱子应为列表').check(z.maxLength(5_000, '每层柱子不能超过 5000 根'))),
  /** Where each lift or staircase (a connector's id) opens on this floor: a walkable cell. */
  doors: z.optional(z.array(z.object({ id: name('电梯/楼梯编号', 20), at: PointSchema }), '电梯/楼梯口应为列表').check(z.maxLength(100, '每层电梯/楼梯口不能超过 100 个'))),
  /** Exits to the street or a building (walkable cells). */
  exits: z.optional(z.array(z.object({ name: name('出口名称'), at: PointSchema }), '出口应为列表').check(z.maxLength(100, '每层出口不能超过 100 个'))),
})
export type Floor = z.infer<typeof FloorSchema>

export const ConnectorSchema = z.object({
  id: name('电梯/楼梯编号', 20),
  kind: z.enum(CONNECTOR_KINDS, '类型应为 lift（电梯）或 stairs（楼梯）'),
  /** Shown in the map and the route text: 1号电梯. */
  name: name('电梯/楼梯名称'),
  /** The floors it serves, by name, in order (stairs link consecutive ones). */
  floors: z.array(name('楼层名称', 12), '所连楼层应为列表').check(z.minLength(2, '电梯/楼梯至少连接 2 层')),
})
export type Connector = z.infer<typeof ConnectorSchema>

const LayoutShape = z.object({
  /** Bumped on every import: route.ts caches the walking graph per layout object and version. */
  version: z.int('版本应为整数').check(z.minimum(1, '版本应从 1 开始')),
  /** Metres per cell side. */
  cell: z.number('格子边长应为数字（米）').check(z.minimum(0.5, '格子边长应为 0.5–5 米'), z.maximum(5, '格子边长应为 0.5–5 米')),
  floors: z.array(FloorSchema, '楼层应为列表').check(z.minLength(1, '至少需要 1 层'), z.maxLength(MAX_FLOORS, `不能超过 ${MAX_FLOORS} 层`)),
  connectors: z.optional(z.array(ConnectorSchema, '电梯/楼梯应为列表').check(z.maxLength(100, '电梯/楼梯不能超过 100 个'))),
})

export const LayoutSchema = LayoutShape.check(
  z.superRefine((layout, ctx) => {
    for (const problem of crossCheck(layout)) ctx.addIssue({ code: 'custom', message: problem.message, path: problem.path, input: undefined })
  }),
)
export type Layout = z.infer<typeof LayoutSchema>

/** One space of a row, expanded. */
export interface Space {
  number: string
  floor: number
  rect: Rect
  /** Which row and which space in it: for error messages. */
  row: number
  index: number
}

export function spaceNumber(row: SpaceRow, i: number): string {
  return row.prefix + String(row.first + i).padStart(row.digits ?? 3, '0')
}

export function spaceRect(row: SpaceRow, i: number): Rect {
  const [x, y, w, h] = row.at
  return row.dir === 'x' ? [x + i * w, y, w, h] : [x, y + i * h, w, h]
}

/** Every space of a floor, in row order. */
export function expandSpaces(floor: Floor, floorIndex: number): Space[] {
  const out: Space[] = []
  floor.spaces.forEach((row, r) => {
    for (let i = 0; i < row.count; i++) out.push({ number: spaceNumber(row, i), floor: floorIndex, rect: spaceRect(row, i), row: r, index: i })
  })
  return out
}

/** Every space of the layout. */
export function allSpaces(layout: Layout): Space[] {
  return layout.floors.flatMap((f, i) => expandSpaces(f, i))
}

/** A floor's cell kinds: 0 nothing, 1 walkable, 2 space. Index y * width + x. */
export const CELL = { none: 0, walk: 1, space: 2 } as const

export function floorGrid(floor: Floor): Uint8Array {
  const grid = new Uint8Array(floor.width * floor.height)
  const fill = (r: Rect, v: number) => {
    const [x, y, w, h] = r
    for (let j = y; j < Math.min(y + h, floor.height); j++) for (let i = x; i < Math.min(x + w, floor.width); i++) grid[j * floor.width + i] = v
  }
  for (const r of floor.aisles) fill(r, CELL.walk)
  for (const r of floor.walkways ?? []) fill(r, CELL.walk)
  return grid
}

const floorLabel = (floors: readonly { name: string }[], i: number) => `第 ${i + 1} 层（${floors[i]?.name ?? '?'}）`

/** Where in the layout a zod path points, in Chinese: 第 2 层（B2）第 3 排车位. */
export function describePath(layout: unknown, path: ReadonlyArray<PropertyKey>): string {
  const floors = (layout as { floors?: Array<{ name?: unknown }> } | null)?.floors
  const floorNames = Array.isArray(floors) ? floors.map((f) => ({ name: typeof f?.name === 'string' ? f.name : '?' })) : []
  const parts: string[] = []
  const [a, b, c] = path
  if (a === 'floors' && typeof b === 'number') {
    parts.push(floorLabel(floorNames, b))
    const item = path[3]
    const what: Record<string, string> = { aisles: '通道', walkways: '人行道', spaces: '排车位', pillars: '根柱子', doors: '个电梯/楼梯口', exits: '个出口' }
    if (typeof c === 'string' && what[c]) {
      if (typeof item === 'number') parts.push(c === 'aisles' || c === 'walkways' ? `第 ${item + 1} 条${what[c]}` : `第 ${item + 1} ${what[c]}`)
      else parts.push(what[c].replace(/^(排|根|个)/, ''))
    }
  } else if (a === 'connectors' && typeof b === 'number') {
    parts.push(`第 ${b + 1} 个电梯/楼梯`)
  }
  return parts.join('')
}

export type LayoutResult = { ok: true; layout: Layout } | { ok: false; errors: string[] }

/** Validate an imported layout: every problem as one Chinese line naming where it is (at most 20 lines). */
export function parseLayout(input: unknown): LayoutResult {
  const parsed = LayoutSchema.safeParse(input)
  if (parsed.success) return { ok: true, layout: parsed.data }
  const errors = parsed.error.issues.slice(0, 20).map((issue) => {
    const where = describePath(input, issue.path)
    return where ? `${where}：${issue.message}` : issue.message
  })
  return { ok: false, errors }
}

interface Problem {
  message: string
  path: Array<string | number>
}

/** The checks a schema cannot express: unique numbers and codes, overlaps, bounds, connectors present on their floors. */
function crossCheck(layout: z.infer<typeof LayoutShape>): Problem[] {
  const problems: Problem[] = []
  const add = (path: Array<string | number>, message: string) => {
    if (problems.length < 50) problems.push({ path, message })
  }
  const floorIndex = new Map<string, number>()
  layout.floors.forEach((f, i) => {
    if (floorIndex.has(f.name)) add(['floors', i, 'name'], `楼层名称 ${f.name} 重复`)
    else floorIndex.set(f.name, i)
  })
  const numbers = new Map<string, string>()
  const pillarCodes = new Set<string>()
  const connectors = new Map((layout.connectors ?? []).map((c) => [c.id, c]))
  let spaceCount = 0

  layout.floors.forEach((floor, fi) => {
    const inside = (r: Rect) => r[0] + r[2] <= floor.width && r[1] + r[3] <= floor.height
    const grid = floorGrid(floor)
    floor.aisles.forEach((r, i) => inside(r) || add(['floors', fi, 'aisles', i], '超出楼层范围'))
    ;(floor.walkways ?? []).forEach((r, i) => inside(r) || add(['floors', fi, 'walkways', i], '超出楼层范围'))
    floor.spaces.forEach((row, ri) => {
      spaceCount += row.count
      if (spaceCount > MAX_SPACES) return
      for (let i = 0; i < row.count; i++) {
        const number = spaceNumber(row, i)
        const rect = spaceRect(row, i)
        const path = ['floors', fi, 'spaces', ri]
        const at = `第 ${i + 1} 个（${number}）`
        const seen = numbers.get(number)
        if (seen) add(path, `${at}编号重复（${seen}已有）`)
        else numbers.set(number, `${floorLabel(layout.floors, fi)}第 ${ri + 1} 排`)
        if (!inside(rect)) {
          add(path, `${at}超出楼层范围`)
          continue
        }
        let touchesWalk = false
        let bad: 'walk' | 'space' | null = null
        const [x, y, w, h] = rect
        for (let j = y; j < y + h && !bad; j++)
          for (let k = x; k < x + w; k++) {
            const v = grid[j * floor.width + k]
            if (v === CELL.walk) bad = 'walk'
            else if (v === CELL.space) bad = 'space'
            if (bad) break
            grid[j * floor.width + k] = CELL.space
          }
        if (bad) {
          add(path, bad === 'walk' ? `${at}与通道重叠` : `${at}与其他车位重叠`)
          continue
        }
        // A space a driver cannot walk to is a drawing mistake: some cell of its border must touch a walkable cell.
        for (let k = x; k < x + w && !touchesWalk; k++)
          touchesWalk = (y > 0 && isWalk(floor, grid, k, y - 1)) || isWalk(floor, grid, k, y + h)
        for (let j = y; j < y + h && !touchesWalk; j++)
          touchesWalk = (x > 0 && isWalk(floor, grid, x - 1, j)) || isWalk(floor, grid, x + w, j)
        if (!touchesWalk) add(path, `${at}不与任何通道相邻，无法步行到达`)
      }
    })
    const walkAt = (p: Point) => p[0] < floor.width && p[1] < floor.height && grid[p[1] * floor.width + p[0]] === CELL.walk
    ;(floor.pillars ?? []).forEach((p, i) => {
      if (pillarCodes.has(p.code)) add(['floors', fi, 'pillars', i], `二维码 ${p.code} 重复`)
      pillarCodes.add(p.code)
      if (p.at[0] >= floor.width || p.at[1] >= floor.height) add(['floors', fi, 'pillars', i], '超出楼层范围')
      else if (grid[p.at[1] * floor.width + p.at[0]] === CELL.space) add(['floors', fi, 'pillars', i], '位于车位内')
    })
    const doorIds = new Set<string>()
    ;(floor.doors ?? []).forEach((d, i) => {
      if (doorIds.has(d.id)) add(['floors', fi, 'doors', i], `${d.id} 在本层重复`)
      doorIds.add(d.id)
      const c = connectors.get(d.id)
      if (!c) add(['floors', fi, 'doors', i], `没有编号为 ${d.id} 的电梯/楼梯`)
      else if (!c.floors.includes(floor.name)) add(['floors', fi, 'doors', i], `${c.name}不停靠本层`)
      if (!walkAt(d.at)) add(['floors', fi, 'doors', i], '应位于通道或人行道上')
    })
    ;(floor.exits ?? []).forEach((e, i) => walkAt(e.at) || add(['floors', fi, 'exits', i], `${e.name}应位于通道或人行道上`))
  })
  if (spaceCount > MAX_SPACES) add(['floors'], `车位总数不能超过 ${MAX_SPACES}`)

  const seenConnectors = new Set<string>()
  ;(layout.connectors ?? []).forEach((c, i) => {
    if (seenConnectors.has(c.id)) add(['connectors', i, 'id'], `编号 ${c.id} 重复`)
    seenConnectors.add(c.id)
    const seenFloors = new Set<string>()
    for (const f of c.floors) {
      if (seenFloors.has(f)) add(['connectors', i, 'floors'], `楼层 ${f} 重复`)
      seenFloors.add(f)
      const fi = floorIndex.get(f)
      if (fi === undefined) add(['connectors', i, 'floors'], `没有名为 ${f} 的楼层`)
      else if (!(layout.floors[fi]!.doors ?? []).some((d) => d.id === c.id)) add(['connectors', i, 'floors'], `${c.name}在 ${f} 层没有出入口（该层 doors 中缺少 ${c.id}）`)
    }
  })
  return problems
}

function isWalk(floor: Floor, grid: Uint8Array, x: number, y: number): boolean {
  return x >= 0 && y >= 0 && x < floor.width && y < floor.height && grid[y * floor.width + x] === CELL.walk
}

/** Where a route starts: a scanned pillar QR (`pillar:<code>`) or a space number typed by the driver. */
export type RouteStart = { pillar: string } | { space: string }

/** A pillar QR's text: `pillar:<code>`. */
export const pillarQr = (code: string) => `pillar:${code}`

/** Read what the driver scanned or typed: `pillar:<code>` is a pillar, anything else a space number (B2-105, b2-105). */
export function parseStart(text: string): RouteStart | null {
  const t = text.trim()
  const m = /^pillar:([A-Za-z0-9_-]{1,32})$/.exec(t)
  if (m) return { pillar: m[1]! }
  if (!t || t.length > 20) return null
  return { space: t.toUpperCase() }
}

/**
 * A layout as the office imports it (工作台 导入布局): refused with every
 * problem as its own issue, each message naming where it is (the function
 * shows the first; `details.issues` carries up to 10). The handler parses the
 * accepted value with LayoutSchema for its type.
 */
export const LayoutInput = z.unknown().check(
  z.superRefine((value, ctx) => {
    const r = parseLayout(value)
    if (!r.ok) for (const message of r.errors) ctx.addIssue({ code: 'custom', message, input: value })
  }),
)
