import { describe, expect, it } from 'vitest'
import { allSpaces, parseLayout, parseStart, type Layout } from '../../src/domain/parking/layout'

// Two floors, 10 × 6 cells: an aisle along y = 2..3, a row of 4 spaces above it
// and below it, a lift L1 at (0, 2) on both.
function twoFloors(): Layout {
  const floor = (name: string) => ({
    name,
    width: 10,
    height: 6,
    aisles: [[0, 2, 10, 2]] as [number, number, number, number][],
    spaces: [
      { prefix: `${name}-`, first: 1, count: 4, at: [1, 0, 1, 2] as [number, number, number, number], dir: 'x' as const },
      { prefix: `${name}-`, first: 5, count: 4, at: [1, 4, 1, 2] as [number, number, number, number], dir: 'x' as const },
    ],
    pillars: [{ code: `${name}P1`, at: [5, 0] as [number, number] }],
    doors: [{ id: 'L1', at: [0, 2] as [number, number] }],
  })
  return { version: 1, cell: 2.5, floors: [floor('B1'), floor('B2')], connectors: [{ id: 'L1', kind: 'lift', name: '1号电梯', floors: ['B1', 'B2'] }] }
}

describe('layout schema', () => {
  it('accepts a well-drawn layout and expands its rows into numbered spaces', () => {
    const r = parseLayout(twoFloors())
    expect(r.ok).toBe(true)
    if (!r.ok) return
    const spaces = allSpaces(r.layout)
    expect(spaces).toHaveLength(16)
    expect(spaces.slice(0, 5).map((s) => s.number)).toEqual(['B1-001', 'B1-002', 'B1-003', 'B1-004', 'B1-005'])
    expect(spaces[5]!.rect).toEqual([2, 4, 1, 2])
  })

  const refused = (edit: (l: Layout) => void) => {
    const l = twoFloors()
    edit(l)
    const r = parseLayout(l)
    expect(r.ok).toBe(false)
    return r.ok ? [] : r.errors
  }

  it.each([
    ['a duplicate number', (l: Layout) => (l.floors[1]!.spaces[1]!.first = 4), '第 2 层（B2）第 2 排车位：第 1 个（B2-004）编号重复'],
    ['a space over the aisle', (l: Layout) => (l.floors[0]!.spaces[0]!.at = [1, 1, 1, 2]), '第 1 层（B1）第 1 排车位：第 1 个（B1-001）与通道重叠'],
    ['overlapping spaces', (l: Layout) => l.floors[0]!.spaces.push({ prefix: 'X-', first: 1, count: 1, at: [2, 0, 1, 2], dir: 'x' }), '第 1 层（B1）第 3 排车位：第 1 个（X-001）与其他车位重叠'],
    ['a space outside the floor', (l: Layout) => (l.floors[0]!.spaces[0]!.count = 12), '第 1 层（B1）第 1 排车位：第 10 个（B1-010）超出楼层范围'],
    ['a lift missing its door on a floor it serves', (l: Layout) => (l.floors[1]!.doors = []), '第 1 个电梯/楼梯：1号电梯在 B2 层没有出入口（该层 doors 中缺少 L1）'],
    ['a lift serving an unknown floor', (l: Layout) => l.connectors![0]!.floors.push('B9'), '第 1 个电梯/楼梯：没有名为 B9 的楼层'],
    ['a door of no connector', (l: Layout) => l.floors[0]!.doors!.push({ id: 'S9', at: [9, 2] }), '第 1 层（B1）第 2 个电梯/楼梯口：没有编号为 S9 的电梯/楼梯'],
    ['a duplicate pillar code', (l: Layout) => (l.floors[1]!.pillars![0]!.code = 'B1P1'), '第 2 层（B2）第 1 根柱子：二维码 B1P1 重复'],
    ['a pillar inside a space', (l: Layout) => (l.floors[0]!.pillars![0]!.at = [1, 0]), '第 1 层（B1）第 1 根柱子：位于车位内'],
    ['a space no aisle reaches', (l: Layout) => l.floors[0]!.spaces.push({ prefix: 'X-', first: 1, count: 1, at: [9, 0, 1, 1], dir: 'x' }), '第 1 层（B1）第 3 排车位：第 1 个（X-001）不与任何通道相邻'],
    ['a bad rectangle', (l: Layout) => ((l.floors[0]!.aisles[0] as unknown as number[])[2] = 0), '第 1 层（B1）第 1 条通道：宽不能小于 1'],
    ['too many rows on a floor', (l: Layout) => (l.floors[0]!.spaces = Array.from({ length: 2_001 }, (_, i) => ({ prefix: 'Z-', first: i, count: 1, at: [0, 0, 1, 1] as [number, number, number, number], dir: 'x' as const }))), '第 1 层（B1）车位：每层车位不能超过 2000 排'],
    ['a duplicate floor', (l: Layout) => (l.floors[1]!.name = 'B1'), '楼层名称 B1 重复'],
  ])('refuses %s, naming where', (_what, edit, message) => {
    expect(refused(edit).join('\n')).toContain(message)
  })

  it('refuses what is not a layout at all with a Chinese line', () => {
    const r = parseLayout({ version: 1, cell: 2.5, floors: 'B1' })
    expect(r).toEqual({ ok: false, errors: ['楼层应为列表'] })
  })

  it('reads a pillar QR or a typed space number', () => {
    expect(parseStart('pillar:B1P1')).toEqual({ pillar: 'B1P1' })
    expect(parseStart(' b2-105 ')).toEqual({ space: 'B2-105' })
    expect(parseStart('')).toBeNull()
  })
})
