// The seeded layouts are valid layouts whose spaces are exactly the seeded
// spaces of their lot (same numbers, same floors), and a driver can be routed
// in them: 张伟 from a pillar on B1 to his car at B2-105.
import { describe, expect, it } from 'vitest'
import { demoDocuments } from '../../database/seed'
import { LOT_IDS, ZHANG_GARAGE_STAY } from '../../database/seed-parking'
import { allSpaces, parseLayout } from '../../src/domain/parking/layout'
import { findRoute } from '../../src/domain/parking/route'

const docs = demoDocuments(Date.parse('2026-12-06T08:00:00Z')) as Record<string, any[]>

describe('seeded lot layouts', () => {
  it('there is one valid layout per lot with parking', () => {
    const parkingLots = docs.lots.filter((l) => l.parking).map((l) => l._id).sort()
    expect(docs.lot_layouts.map((d) => d._id).sort()).toEqual(parkingLots)
    for (const d of docs.lot_layouts) {
      expect(d.lotId).toBe(d._id)
      const r = parseLayout(d.layout)
      expect(r.ok ? [] : r.errors).toEqual([])
    }
  })

  it.each([LOT_IDS.surface, LOT_IDS.garage])('the layout of %s has exactly the seeded spaces, on their floors', (lotId) => {
    const layout = docs.lot_layouts.find((d) => d.lotId === lotId)!.layout
    const drawn = allSpaces(layout).map((s) => `${layout.floors[s.floor].name} ${s.number}`).sort()
    const seeded = docs.spaces.filter((s) => s.lotId === lotId).map((s) => `${s.floor} ${s.number}`).sort()
    expect(drawn).toEqual(seeded)
    expect(drawn.length).toBe(lotId === LOT_IDS.garage ? 600 : 120)
  })

  it('routes 张伟 from a B1 pillar down to B2-105 by lift or stairs', () => {
    const layout = docs.lot_layouts.find((d) => d.lotId === ZHANG_GARAGE_STAY.lotId)!.layout
    const r = findRoute(layout, { pillar: 'B1-P01' }, ZHANG_GARAGE_STAY.space)
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.route.legs.map((l) => l.floor)).toEqual(['B1', 'B2'])
    expect(r.route.steps.some((s) => /^(乘1号电梯|走1号楼梯)至 B2$/.test(s))).toBe(true)
    expect(r.route.steps.at(-1)).toMatch(/^到达车位 B2-105/)
    expect(r.route.metres).toBeGreaterThan(0)
  })

  it('walks the garage floor the way a person would: out of the row, along the aisles, no lane sidesteps as turns', () => {
    const layout = docs.lot_layouts.find((d) => d.lotId === LOT_IDS.garage)!.layout
    const r = findRoute(layout, { space: 'B2-001' }, 'B2-200')
    expect(r.ok && r.route).toMatchObject({ metres: 118, steps: ['直行约 5 米', '左转，直行约 60 米', '左转，直行约 53 米', '到达车位 B2-200（在右侧）'] })
  })
})
