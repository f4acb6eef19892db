// 寻车 车位指示地图 through the `parking` function on the emulator: any driver
// reads a lot's layout (and routes on it, as the map page does); the parking
// office imports a new layout, which is validated (refused with the line that
// is wrong, nothing written), numbered by the server and audited; no one else
// may import. Each test seeds the rows it reads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server'
import { browse, seedDocuments } from '../../emulator/database'
import { generateLayout } from '../../src/domain/parking/layout-gen'
import type { Layout } from '../../src/domain/parking/layout'
import { findRoute } from '../../src/domain/parking/route'
import { startTestEmulator } from '../support/emulator'
import { as, ok, refused, type Call } from '../support/functions'

let emu: Emulator
let office: Call
let driver: Call
const LOT = 'lot-layout-1'

const twoFloors = (spaces = 40): Layout =>
  generateLayout({ floors: ['B1', 'B2'].map((f) => ({ name: f, prefix: `${f}-`, pillarPrefix: `${f}-P`, spaces })), perLine: 10 })
const stored = () => browse(emu, 'lot_layouts', { limit: 100 }).find((d: any) => d._id === LOT) as any
const audits = () => (browse(emu, 'audit_log', { limit: 1000 }) as any[]).filter((a) => a.action === 'parking.importLayout' && a.target === LOT)

beforeAll(async () => {
  emu = await startTestEmulator()
  seedDocuments(emu, {
    staff: [{ _id: 'staff-office', openid: 'o-office', name: '钱办公', roles: ['office'], active: true }],
    lots: [
      { _id: LOT, name: '测试地库', parking: { kind: 'garage', floors: ['B1', 'B2'], capacity: 80, address: '学院路 38 号', lanes: [] } },
      { _id: 'lot-no-map', name: '无地图停车场', parking: { kind: 'surface', floors: ['地面'], capacity: 10, address: '学院路 38 号', lanes: [] } },
    ],
  })
  office = as(emu, 'o-office')
  driver = as(emu, 'o-driver-layout')
})
afterAll(async () => {
  await emu?.close()
})

describe('parking.layout and parking.importLayout', () => {
  it('When the office imports a layout, then it is stored as version 1, audited, and a driver reads it and routes on it', async () => {
    const out = ok(await office('parking', 'importLayout', { lotId: LOT, layout: { ...twoFloors(), version: 7 } }))
    expect(out).toEqual({ version: 1, spaces: 80 })
    expect(stored()).toMatchObject({ lotId: LOT, by: 'o-office', layout: { version: 1 } })
    expect(audits()).toEqual([expect.objectContaining({ by: 'o-office', reason: '导入车位地图第 1 版（2 层，80 个车位）' })])

    const { layout } = ok(await driver('parking', 'layout', { lotId: LOT }))
    expect(layout.floors.map((f: any) => f.name)).toEqual(['B1', 'B2'])
    const r = findRoute(layout, { pillar: 'B1-P01' }, 'B2-033')
    expect(r.ok ? r.route.steps.at(-1) : r.reason).toMatch(/^到达车位 B2-033/)
  })

  it('When the office imports again, then the server numbers it version 2 and the driver gets the new one', async () => {
    ok(await office('parking', 'importLayout', { lotId: LOT, layout: twoFloors() }))
    const out = ok(await office('parking', 'importLayout', { lotId: LOT, layout: twoFloors(30) }))
    expect(out.version).toBeGreaterThanOrEqual(2)
    const { layout } = ok(await driver('parking', 'layout', { lotId: LOT }))
    expect(layout.version).toBe(out.version)
    expect(layout.floors[0].spaces.reduce((n: number, r: any) => n + r.count, 0)).toBe(30)
  })

  it('When the layout is wrong, then the office is told the line that is wrong and nothing is written', async () => {
    const before = stored()
    const bad = twoFloors()
    bad.floors[1]!.spaces[2]!.first = 1 // B2-001… again
    const e = refused(await office('parking', 'importLayout', { lotId: LOT, layout: bad }))
    expect(e.code).toBe('BAD_INPUT')
    expect(e.message).toBe('第 2 层（B2）第 3 排车位：第 1 个（B2-001）编号重复（第 2 层（B2）第 1 排已有）')

    const wrongFloors = generateLayout({ floors: [{ name: 'B1', prefix: 'B1-', pillarPrefix: 'B1-P', spaces: 10 }] })
    const f = refused(await office('parking', 'importLayout', { lotId: LOT, layout: wrongFloors }))
    expect(f.message).toBe('布局与停车场楼层不一致：缺少楼层 B2')
    expect(stored()).toEqual(before)
  })

  it('When a driver or a stranger imports a layout, then it is refused', async () => {
    const before = stored()
    expect(refused(await driver('parking', 'importLayout', { lotId: LOT, layout: twoFloors() })).code).toBe('FORBIDDEN')
    expect(stored()).toEqual(before)
  })

  it('When a lot has no layout or does not exist, then the driver is told so', async () => {
    expect(refused(await driver('parking', 'layout', { lotId: 'lot-no-map' }))).toMatchObject({ code: 'NOT_FOUND', message: '该停车场暂无车位地图' })
    expect(refused(await driver('parking', 'layout', { lotId: 'lot-nowhere' })).code).toBe('LOT_NOT_FOUND')
  })
})
