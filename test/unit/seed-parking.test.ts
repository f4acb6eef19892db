// The parking demo seed is consistent: its fee rules are valid rules, every
// space, device, lane and stay belongs to a lot that has parking, the parked
// cars stand in the spaces their sensors report, and the demo coupon codes are
// valid codes. Seeded at a fixed `now`, so stays are placed before it.
import { describe, expect, it } from 'vitest'
import { demoDocuments } from '../../database/seed'
import { DEMO_COUPON_CODES, GARAGE_RULE, LOT_IDS, NO_STAY_PLATES, SURFACE_RULE, ZHANG_GARAGE_STAY } from '../../database/seed-parking'
import { FeeRuleSchema, parkingFee, permitWindow } from '../../src/domain/parking/fee'
import { parseCouponCode } from '../../src/domain/parking/coupon'
import { parsePlate } from '../../src/domain/plate'
import { at } from '../support/parking'

const NOW = at('2026-12-06 16:00')
const docs = demoDocuments(NOW) as Record<string, any[]>
const lots = docs.lots.filter((l) => l.parking)
const lotOf = (id: string) => lots.find((l) => l._id === id)

describe('parking seed', () => {
  it('When the seeded fee rules are parsed by FeeRuleSchema, then both are valid, one per lot, in force before every stay', () => {
    expect(FeeRuleSchema.safeParse(SURFACE_RULE).success).toBe(true)
    expect(FeeRuleSchema.safeParse(GARAGE_RULE).success).toBe(true)
    expect(docs.fee_rules.map((r) => r.lotId).sort()).toEqual([LOT_IDS.surface, LOT_IDS.garage].sort())
    for (const r of docs.fee_rules) {
      expect(FeeRuleSchema.parse(r.rule)).toEqual(r.rule)
      expect(r.by).toBe('seed')
      expect(docs.stays.every((s) => s.lotId !== r.lotId || s.entryAt >= r.from)).toBe(true)
    }
    expect(GARAGE_RULE.capMode).toBe('rolling24h')
    expect(SURFACE_RULE.capMode).toBe('calendarDay')
  })

  it('When the lots are read, then 北京大学医学部 (surface, 120) and the garage (B1–B3, 600) have parking with an entry and an exit lane each, and lane codes are unique and long', () => {
    expect(lotOf(LOT_IDS.surface)).toMatchObject({ name: '北京大学医学部', parking: { kind: 'surface', floors: ['地面'], capacity: 120 } })
    expect(lotOf(LOT_IDS.garage)).toMatchObject({ name: '北京大学医学部地下停车场', parking: { kind: 'garage', floors: ['B1', 'B2', 'B3'], capacity: 600 } })
    const lanes = lots.flatMap((l) => l.parking.lanes)
    for (const l of lots) expect(l.parking.lanes.map((x: any) => x.kind).sort()).toEqual(['entry', 'exit'])
    expect(new Set(lanes.map((l) => l.code)).size).toBe(lanes.length)
    expect(new Set(lanes.map((l) => l.id)).size).toBe(lanes.length)
    for (const l of lanes) expect(l.code).toMatch(/^[A-Za-z0-9_-]{16,64}$/)
    expect(lotOf(LOT_IDS.surface).parking.lanes.map((l: any) => [l.id, l.name])).toEqual([
      ['pkuhsc-in', '东门入口'],
      ['pkuhsc-out', '东门出口'],
    ])
  })

  it('When the spaces are counted, then each lot has exactly its capacity, numbered per floor (A-001…A-120, B1-001…B3-200), ids lotId:number', () => {
    for (const lot of lots) {
      const mine = docs.spaces.filter((s) => s.lotId === lot._id)
      expect(mine).toHaveLength(lot.parking.capacity)
      expect(new Set(mine.map((s) => s.number)).size).toBe(mine.length)
      for (const s of mine) {
        expect(s._id).toBe(`${lot._id}:${s.number}`)
        expect(lot.parking.floors).toContain(s.floor)
      }
    }
    const numbers = docs.spaces.map((s) => s.number)
    expect(numbers).toEqual(expect.arrayContaining(['A-001', 'A-120', 'B1-001', 'B2-105', 'B3-200']))
    expect(numbers).not.toContain('A-121')
    expect(docs.spaces.every((s) => s.lotId === LOT_IDS.surface || s.lotId === LOT_IDS.garage)).toBe(true)
  })

  it('When the devices are read, then each lane has an active camera and each lot one space-sensor gateway (laneId ""), with distinct secrets', () => {
    for (const lot of lots) {
      for (const lane of lot.parking.lanes) {
        expect(docs.devices.filter((d) => d.lotId === lot._id && d.laneId === lane.id && d.kind === 'camera' && d.active)).toHaveLength(1)
      }
      expect(docs.devices.filter((d) => d.lotId === lot._id && d.kind === 'sensor')).toEqual([expect.objectContaining({ laneId: '', active: true })])
    }
    expect(new Set(docs.devices.map((d) => d.secret)).size).toBe(docs.devices.length)
    for (const d of docs.devices) expect(d.secret.length).toBeGreaterThanOrEqual(24)
  })

  it('When the stays are read, then a few dozen valid plates are IN before now, each in an occupied space reporting its plate, and no plate is in a lot twice', () => {
    const stays = docs.stays
    expect(stays.length).toBeGreaterThanOrEqual(24)
    const spaces = new Map(docs.spaces.map((s) => [s._id, s]))
    const keys = new Set<string>()
    for (const s of stays) {
      expect(parsePlate(s.plate).ok).toBe(true)
      expect(s).toMatchObject({ status: 'IN', exitAt: null, paid: null, fixedFen: null, tempPlate: null })
      expect(s.entryAt).toBeLessThan(NOW)
      const lane = lotOf(s.lotId).parking.lanes.find((l: any) => l.id === s.entryLaneId)
      expect(lane?.kind).toBe('entry')
      expect(spaces.get(s.spaceId)).toMatchObject({ lotId: s.lotId, occupied: true, plate: s.plate })
      expect(keys.has(`${s.lotId}:${s.plate}`)).toBe(false)
      keys.add(`${s.lotId}:${s.plate}`)
    }
    // Spread over minutes, hours and days.
    const ages = stays.map((s) => (NOW - s.entryAt) / 60_000)
    expect(Math.min(...ages)).toBeLessThan(15)
    expect(Math.max(...ages)).toBeGreaterThan(2 * 1440)
    // Occupied spaces: the stays' and the two cars with no stay.
    expect(docs.spaces.filter((s) => s.occupied)).toHaveLength(stays.length + NO_STAY_PLATES.length)
    for (const c of NO_STAY_PLATES) {
      expect(stays.some((s) => s.plate === c.plate)).toBe(false)
      expect(spaces.get(`${c.lotId}:${c.space}`)).toMatchObject({ occupied: true, plate: c.plate })
    }
  })

  it('When 张伟 looks for 京A12345, then it is in the garage at B2-105 and billed there (his permit is for the surface lot only)', () => {
    const stay = docs.stays.find((s) => s._id === ZHANG_GARAGE_STAY.id)
    expect(stay).toMatchObject({ lotId: LOT_IDS.garage, plate: '京A12345', spaceId: `${LOT_IDS.garage}:B2-105` })
    const permits = docs.permits.filter((p) => p.plate === '京A12345')
    expect(permits.map((p) => p.lotId)).toEqual([LOT_IDS.surface])
    const fee = parkingFee({ rule: GARAGE_RULE, kind: stay.kind, entryAt: stay.entryAt, now: NOW, permit: null })
    // 155 minutes: the first 2 hours ¥6, then one hour ¥3.
    expect(fee.amountFen).toBe(900)
    // The same car at the surface lot would park free under the permit.
    const surface = parkingFee({ rule: SURFACE_RULE, kind: 'small', entryAt: stay.entryAt, now: NOW, permit: permitWindow(permits[0].validUntil) })
    expect(surface.amountFen).toBe(0)
  })

  it('When the demo coupon codes are parsed, then each is a valid distinct code of the demo batch, ISSUED and valid now in both lots', () => {
    expect(DEMO_COUPON_CODES.length).toBeGreaterThanOrEqual(5)
    expect(new Set(DEMO_COUPON_CODES).size).toBe(DEMO_COUPON_CODES.length)
    for (const code of DEMO_COUPON_CODES) expect(parseCouponCode(code)).toEqual({ ok: true, code })
    expect(docs.coupons.map((c) => c._id)).toEqual([...DEMO_COUPON_CODES])
    const [batch] = docs.coupon_batches
    expect(batch.count).toBe(DEMO_COUPON_CODES.length)
    for (const c of docs.coupons) {
      expect(c).toMatchObject({ batchId: batch._id, status: 'ISSUED', heldBy: null, lotIds: [LOT_IDS.surface, LOT_IDS.garage] })
      expect(c.validFrom <= NOW && NOW < c.validUntil).toBe(true)
    }
    // The same codes on every seeding.
    expect((demoDocuments(NOW + 86_400_000) as any).coupons.map((c: any) => c._id)).toEqual([...DEMO_COUPON_CODES])
  })

  it('When seeded at another time, then stays keep their age relative to it', () => {
    const later = demoDocuments(NOW + 3_600_000) as Record<string, any[]>
    const zhang = (d: Record<string, any[]>) => d.stays.find((s) => s._id === ZHANG_GARAGE_STAY.id)
    expect(zhang(later).entryAt - zhang(docs).entryAt).toBe(3_600_000)
    expect(zhang(docs).entryAt).toBe(NOW - ZHANG_GARAGE_STAY.minutesAgo * 60_000)
  })
})
