// 工作台 for the parking office, through the `parking` function on the
// emulator: fee rule versions (a stay is billed by the version in force at its
// entry), coupon batches and their codes, the cars in a lot, opening a barrier
// by hand (audited), and the daily report reconciled with the payment
// simulator. Each test seeds the rows it reads (not the demo seed).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server'
import { browse, getDatabaseStats, queryDocuments, seedDocuments } from '../../emulator/database'
import { deviceRequest } from '../../emulator/lot/device-client'
import { payments } from '../../emulator/pay'
import { parseCouponCode } from '../../src/domain/parking/coupon'
import { parkingFee, type FeeRule } from '../../src/domain/parking/fee'
import { startTestEmulator } from '../support/emulator'
import { as, ok, refused, type Call } from '../support/functions'
import { at, DEMO_RULE } from '../support/parking'
import { snapshotDatabase } from '../support/samples'
import { newStayDoc } from '../../src/domain/parking/stay'

let emu: Emulator
let office: Call
let guard: Call
let driver: Call
const NOW = at('2026-11-23 09:00')
const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** A pricier rule: first hour ¥10, then ¥2 per 30 minutes, all day, at most ¥50 a day. */
const DEARER: FeeRule = {
  capMode: 'calendarDay',
  dayWindow: null,
  graceMinutes: 10,
  small: { freeMinutes: 0, billFreeMinutes: true, firstMinutes: 60, firstFen: 1000, unitMinutes: 30, unitFen: 200, nightUnitFen: null, capFen: 5000 },
  large: null,
  newEnergy: null,
}

/** A time the emulator clock reached shortly after `t` (it runs on from where a test set it). */
const soonAfter = (t: number) => ({ asymmetricMatch: (v: unknown) => typeof v === 'number' && v >= t && v < t + 10_000, toString: () => `soon after ${t}` })

const all = (name: string) => browse(emu, name, { limit: 1000 }) as any[]
/** A batch's coupons as stored (more than `all` reads once other tests issued theirs). */
const couponsOf = (batchId: string) => queryDocuments(emu, 'coupons', { batchId }, { limit: 5000 }) as any[]
const pay = () => payments(emu)

let lots = 0
/** A lot of its own (so tests share no stays, lanes or versions), with the demo rule in force for a month. */
function newLot() {
  const id = `lot-office-${++lots}`
  seedDocuments(emu, {
    lots: [
      {
        _id: id,
        name: `测试停车场${lots}`,
        parking: {
          kind: 'garage',
          floors: ['B1'],
          capacity: 50,
          address: '学院路 38 号',
          lanes: [
            { id: 'in-1', name: '东门入口', kind: 'entry', code: `${id}-in`, place: '东门' },
            { id: 'out-1', name: '东门出口', kind: 'exit', code: `${id}-out`, place: '东门' },
          ],
        },
      },
    ],
    fee_rules: [{ _id: `${id}:seed`, lotId: id, from: NOW - 30 * DAY, rule: DEMO_RULE, by: 'seed', at: NOW - 30 * DAY }],
  })
  return id
}

let stays = 0
function stay(lotId: string, over: Record<string, unknown> = {}) {
  const doc = {
    _id: `stay-office-${++stays}`,
    ...newStayDoc({ lotId, plate: `京A${String(20000 + stays)}`, kind: 'small', at: NOW - HOUR, laneId: 'in-1' }),
    updatedAt: NOW,
    ...over,
  }
  seedDocuments(emu, { stays: [doc] })
  return doc
}

function gateEvent(lotId: string, laneId: string, over: Record<string, unknown> = {}, decision: Record<string, unknown> = {}) {
  const doc = {
    lotId,
    laneId,
    deviceId: `cam-${laneId}`,
    plate: '京A20001',
    confidence: 0.98,
    decision: { open: true, reason: 'WELCOME', led: ['京A·20001', '欢迎光临'], voice: '京A20001，欢迎光临', amountFen: 0, flag: null, ...decision },
    stayId: null,
    at: NOW - MINUTE,
    ...over,
  }
  seedDocuments(emu, { gate_events: [doc] })
  return doc
}

beforeAll(async () => {
  emu = await startTestEmulator()
  seedDocuments(emu, {
    staff: [
      { _id: 'staff-office', openid: 'o-office', name: '钱办公', roles: ['office'], active: true },
      { _id: 'staff-guard', openid: 'o-guard', name: '孙保安', roles: ['guard'], active: true },
    ],
  })
  office = as(emu, 'o-office')
  guard = as(emu, 'o-guard')
  driver = as(emu, 'o-driver-office')
})
beforeEach(() => {
  emu.clock.set(NOW)
})
afterAll(async () => {
  await emu?.close()
})

describe('收费规则: versions, and billing by the version at entry', () => {
  it('When the office saves a new rule, then it is a new version in force from now, audited, and the old one stays listed', async () => {
    const lotId = newLot()
    const before = ok<any>(await office('parking', 'feeRules', { lotId }))
    expect(before.versions).toHaveLength(1)
    expect(before.versions[0]).toMatchObject({ id: `${lotId}:seed`, by: '系统预置', rule: DEMO_RULE })
    expect(before.currentId).toBe(`${lotId}:seed`)

    const { version } = ok<any>(await office('parking', 'setFeeRule', { lotId, rule: DEARER }))
    expect(version).toMatchObject({ from: soonAfter(NOW), at: version.from, by: '钱办公', rule: DEARER })
    // A moment later: the set clock stands still, so each call's "now" is NOW plus its own run time so far.
    emu.clock.set(version.from + 1000)
    const after = ok<any>(await office('parking', 'feeRules', { lotId }))
    expect(after.versions.map((v: any) => v.id)).toEqual([version.id, `${lotId}:seed`])
    expect(after.currentId).toBe(version.id)
    expect(all('audit_log').find((a) => a.target === lotId)).toMatchObject({ by: 'o-office', action: 'parking.setFeeRule', reason: '自 2026-11-23 09:00 起生效' })
  })

  it('When a version is scheduled for tomorrow, then it is listed first but today’s stays the one in force until then', async () => {
    const lotId = newLot()
    const tomorrow = at('2026-11-24 00:00')
    const { version } = ok<any>(await office('parking', 'setFeeRule', { lotId, rule: DEARER, from: tomorrow }))
    const listed = ok<any>(await office('parking', 'feeRules', { lotId }))
    expect(listed.versions[0].id).toBe(version.id)
    expect(listed.currentId).toBe(`${lotId}:seed`)
    emu.clock.set(tomorrow)
    expect(ok<any>(await office('parking', 'feeRules', { lotId })).currentId).toBe(version.id)
  })

  it('When a car entered before the new rule, then it is billed by the old one; a car entering after, by the new one', async () => {
    const lotId = newLot()
    const before = stay(lotId, { entryAt: NOW - 3 * HOUR })
    ok(await office('parking', 'setFeeRule', { lotId, rule: DEARER }))
    emu.clock.set(NOW + MINUTE)
    const after = stay(lotId, { entryAt: NOW + MINUTE })
    const t = NOW + 2 * HOUR
    emu.clock.set(t)
    const { cars } = ok<any>(await office('parking', 'carsInLot', { lotId }))
    const due = (id: string) => cars.find((c: any) => c.stayId === id).amountFen
    const oldFee = parkingFee({ rule: DEMO_RULE, kind: 'small', entryAt: before.entryAt, now: t }).amountFen
    const newFee = parkingFee({ rule: DEARER, kind: 'small', entryAt: after.entryAt, now: t }).amountFen
    expect(oldFee).not.toBe(parkingFee({ rule: DEARER, kind: 'small', entryAt: before.entryAt, now: t }).amountFen)
    expect(due(before._id)).toBe(oldFee)
    expect(due(after._id)).toBe(newFee)
  })

  it('When a lot has more versions than one read returns, then every one is listed, newest first, none left out', async () => {
    const lotId = newLot()
    // A rule changed every few days for a year and a half: 150 saved versions besides the seeded one.
    const saved = Array.from({ length: 150 }, (_x, i) => ({ _id: `${lotId}:v${i}`, lotId, from: NOW - 29 * DAY + i * HOUR, rule: DEARER, by: 'o-office', at: NOW - 29 * DAY + i * HOUR }))
    seedDocuments(emu, { fee_rules: saved })
    const { versions, currentId } = ok<any>(await office('parking', 'feeRules', { lotId }))
    expect(versions).toHaveLength(151)
    expect(versions.map((v: any) => v.id)).toEqual([...saved.reverse().map((v) => v._id), `${lotId}:seed`])
    expect(currentId).toBe(`${lotId}:v149`)
  })

  it('When the rule is invalid, then it is refused with the schema’s Chinese reason and nothing is written', async () => {
    const lotId = newLot()
    const snapshot = snapshotDatabase(emu)
    const bad = { ...DEARER, dayWindow: { start: '07:00', end: '19:00' } } // a day window needs a night price
    const refusal = refused(await office('parking', 'setFeeRule', { lotId, rule: bad }))
    expect(refusal).toMatchObject({ code: 'BAD_INPUT', message: '设置了白天时段，请填写夜间单价' })
    const negative = { ...DEARER, small: { ...DEARER.small, unitFen: -100 } }
    expect(refused(await office('parking', 'setFeeRule', { lotId, rule: negative })).message).toBe('单价不能为负数')
    expect(refused(await office('parking', 'setFeeRule', { lotId, rule: DEARER, from: NOW - MINUTE })).message).toBe('生效时间不能早于当前时间')
    expect(refused(await office('parking', 'setFeeRule', { lotId: 'no-such-lot', rule: DEARER })).code).toBe('LOT_NOT_FOUND')
    expect(snapshotDatabase(emu)).toBe(snapshot)
  })

  it('When a driver tries to save a rule, then FORBIDDEN and nothing is written', async () => {
    const lotId = newLot()
    const snapshot = snapshotDatabase(emu)
    expect(refused(await driver('parking', 'setFeeRule', { lotId, rule: DEARER })).code).toBe('FORBIDDEN')
    expect(refused(await driver('parking', 'feeRules', { lotId })).code).toBe('FORBIDDEN')
    expect(snapshotDatabase(emu)).toBe(snapshot)
  })
})

describe('优惠券: batches and codes', () => {
  /** Every batch, following the pages of couponBatches. */
  async function everyBatch(): Promise<any[]> {
    const out: any[] = []
    let cursor: string | undefined
    do {
      const page = ok<any>(await office('parking', 'couponBatches', cursor ? { cursor } : {}))
      out.push(...page.batches)
      cursor = page.next ?? undefined
    } while (cursor)
    return out
  }

  const batchInput = (lotId: string, over: Record<string, unknown> = {}) => ({
    name: '迎新周停车券',
    benefit: { kind: 'amount', fen: 500 },
    lotIds: [lotId],
    plate: null,
    validFrom: NOW,
    validUntil: NOW + 7 * DAY,
    count: 250,
    ...over,
  })

  it('When the office issues 250 coupons, then each code is valid and unique, every coupon is stored unused, and the batch is audited', async () => {
    const lotId = newLot()
    const { batch, codes } = ok<any>(await office('parking', 'issueCoupons', batchInput(lotId)))
    expect(batch).toMatchObject({ name: '迎新周停车券', benefitText: '抵扣 ¥5.00', lotIds: [lotId], count: 250, used: 0, at: soonAfter(NOW) })
    expect(codes).toHaveLength(250)
    expect(new Set(codes).size).toBe(250)
    for (const code of codes) expect(parseCouponCode(code)).toEqual({ ok: true, code })
    const stored = couponsOf(batch.id)
    expect(stored.map((c) => c._id).sort()).toEqual([...codes].sort())
    expect(stored.every((c) => c.status === 'ISSUED' && c.heldBy === null && c.validUntil === NOW + 7 * DAY && c.benefit.fen === 500)).toBe(true)
    expect(all('audit_log').find((a) => a.target === batch.id)).toMatchObject({ by: 'o-office', action: 'parking.issueCoupons', reason: '迎新周停车券：抵扣 ¥5.00 × 250' })

    const listed = (await everyBatch()).find((b: any) => b.id === batch.id)
    expect(listed).toEqual(batch)
    const printed = ok<any>(await office('parking', 'batchCodes', { batchId: batch.id })).codes
    expect(printed).toHaveLength(250)
    expect(new Set(printed.map((c: any) => c.statusLabel))).toEqual(new Set(['未使用']))
  })

  it('When coupons of a batch were used, held or ran out, then the batch counts the used ones and each code says its state', async () => {
    const lotId = newLot()
    // A batch as paying and holding leave it (the driver's side moves coupons; seeded here).
    const batchId = `batch-seeded-${lotId}`
    const benefit = { kind: 'time', minutes: 120 }
    const coupon = (code: string, over: Record<string, unknown>) => ({
      _id: code,
      batchId,
      benefit,
      lotIds: [lotId],
      plate: null,
      validFrom: NOW - DAY,
      validUntil: NOW + DAY,
      status: 'ISSUED',
      heldBy: null,
      usedAt: null,
      updatedAt: NOW,
      ...over,
    })
    const codes = [`USED${lots}`, `HELD${lots}`, `OVER${lots}`, `OPEN${lots}`]
    seedDocuments(emu, {
      coupon_batches: [{ _id: batchId, name: '会议停车券', benefit, lotIds: [lotId], plate: null, validFrom: NOW - DAY, validUntil: NOW + DAY, count: 4, by: 'o-office', at: NOW - DAY }],
      coupons: [
        coupon(codes[0], { status: 'USED', usedAt: NOW - HOUR }),
        coupon(codes[1], { status: 'HELD', heldBy: 'order-x' }),
        coupon(codes[2], { validUntil: NOW - HOUR }),
        coupon(codes[3], {}),
      ],
    })
    const listed = (await everyBatch()).find((b: any) => b.id === batchId)
    expect(listed).toMatchObject({ name: '会议停车券', benefitText: '减免 2 小时', count: 4, used: 1 })
    const printed = ok<any>(await office('parking', 'batchCodes', { batchId })).codes
    expect(Object.fromEntries(printed.map((c: any) => [c.code, c.statusLabel]))).toEqual({
      [codes[0]]: '已使用',
      [codes[1]]: '使用中',
      [codes[2]]: '已过期',
      [codes[3]]: '未使用',
    })
    expect(refused(await office('parking', 'batchCodes', { batchId: 'no-such-batch' })).code).toBe('NOT_FOUND')
  })

  it('When there are more batches than a page, then 优惠券 lists them newest first a page at a time, and following `next` reaches every batch once', async () => {
    const lotId = newLot()
    const benefit = { kind: 'amount', fen: 300 }
    const seeded = Array.from({ length: 45 }, (_x, i) => ({
      _id: `batch-page-${lotId}-${String(i).padStart(2, '0')}`,
      name: `分页测试券${i}`,
      benefit,
      lotIds: [lotId],
      plate: null,
      validFrom: NOW,
      validUntil: NOW + DAY,
      count: 1,
      by: 'o-office',
      at: NOW + DAY + i * MINUTE, // newer than any other test's batch
    }))
    seedDocuments(emu, { coupon_batches: seeded })
    const first = ok<any>(await office('parking', 'couponBatches', {}))
    expect(first.batches).toHaveLength(20)
    expect(first.batches.map((b: any) => b.id)).toEqual(seeded.slice(-20).reverse().map((b) => b._id))
    expect(first.next).toEqual(expect.any(String))

    const ids = (await everyBatch()).map((b) => b.id)
    expect(ids).toHaveLength(all('coupon_batches').length)
    expect(new Set(ids).size).toBe(ids.length)
    expect(ids.slice(0, 45)).toEqual(seeded.reverse().map((b) => b._id))
    expect(refused(await office('parking', 'couponBatches', { cursor: 'abc' }))).toMatchObject({ code: 'BAD_INPUT', message: '分页参数有误' })
  })

  it('When a batch is larger than one call writes within a function’s time limit, then it is refused and nothing is written', async () => {
    const lotId = newLot()
    const snapshot = snapshotDatabase(emu)
    expect(refused(await office('parking', 'issueCoupons', batchInput(lotId, { count: 2001 })))).toMatchObject({ code: 'BAD_INPUT', message: '每批最多发放 2000 张' })
    expect(snapshotDatabase(emu)).toBe(snapshot)
  })

  it('When a lot does not exist or the validity has already ended, then no batch is issued and nothing is written', async () => {
    const lotId = newLot()
    const snapshot = snapshotDatabase(emu)
    expect(refused(await office('parking', 'issueCoupons', batchInput('no-such-lot'))).code).toBe('LOT_NOT_FOUND')
    expect(refused(await office('parking', 'issueCoupons', batchInput(lotId, { validFrom: NOW - 2 * DAY, validUntil: NOW - DAY }))).message).toBe('失效时间应晚于当前时间')
    expect(refused(await office('parking', 'issueCoupons', batchInput(lotId, { validUntil: NOW - 1 }))).message).toBe('失效时间应晚于生效时间')
    expect(refused(await office('parking', 'issueCoupons', batchInput(lotId, { count: 0 }))).message).toBe('发放数量至少为 1')
    expect(snapshotDatabase(emu)).toBe(snapshot)
  })
})

describe('场内车辆', () => {
  it('When cars are in the lot, then each is listed with plate, time, amount due, space, flags and what was paid, newest first; each lane shows its last event', async () => {
    const lotId = newLot()
    seedDocuments(emu, { spaces: [{ _id: `${lotId}:B1-007`, lotId, floor: 'B1', number: 'B1-007', occupied: true, plate: null, changedAt: NOW - 2 * HOUR }] })
    const parked = stay(lotId, { entryAt: NOW - 3 * HOUR, spaceId: `${lotId}:B1-007`, paid: { fen: 500, until: NOW - 2 * HOUR, at: NOW - 2 * HOUR }, paidOrders: ['o-1'] })
    const plateless = stay(lotId, { plate: null, tempPlate: '临A3F7K9', openid: 'o-someone', entryAt: NOW - 20 * MINUTE, flags: ['DUPLICATE_ENTRY'] })
    stay(lotId, { status: 'OUT', exitAt: NOW - MINUTE, exitLaneId: 'out-1' })
    stay(newLot())
    gateEvent(lotId, 'in-1', { at: NOW - 30 * MINUTE, plate: '京A99999' })
    gateEvent(lotId, 'in-1', { at: NOW - 20 * MINUTE, plate: null, stayId: plateless._id }, { open: false, reason: 'NO_PLATE', led: ['未识别车牌', '请扫码入场'] })

    const { cars, lanes } = ok<any>(await guard('parking', 'carsInLot', { lotId }))
    expect(cars.map((c: any) => c.stayId)).toEqual([plateless._id, parked._id])
    expect(cars[1]).toEqual({
      stayId: parked._id,
      plateText: `京A·${parked.plate!.slice(2)}`,
      entryAt: NOW - 3 * HOUR,
      minutes: 180,
      amountFen: parkingFee({ rule: DEMO_RULE, kind: 'small', entryAt: NOW - 3 * HOUR, now: NOW, paid: { fen: 500, until: NOW - 2 * HOUR } }).amountFen,
      space: 'B1-007',
      flags: [],
      paidFen: 500,
    })
    expect(cars[1].amountFen).toBeGreaterThan(0)
    expect(cars[0]).toMatchObject({
      plateText: '临A3F7K9',
      minutes: 20,
      amountFen: parkingFee({ rule: DEMO_RULE, kind: 'small', entryAt: NOW - 20 * MINUTE, now: NOW }).amountFen,
      space: null,
      flags: ['无车牌', '重复入场'],
      paidFen: 0,
    })
    expect(lanes).toEqual([
      { laneId: 'in-1', lastEvent: { plate: null, reason: 'NO_PLATE', open: false, led: ['未识别车牌', '请扫码入场'], at: NOW - 20 * MINUTE } },
      { laneId: 'out-1', lastEvent: null },
    ])
  })

  it('When the lot is empty, then no cars; an unknown lot is refused', async () => {
    const lotId = newLot()
    expect(ok<any>(await office('parking', 'carsInLot', { lotId })).cars).toEqual([])
    expect(refused(await office('parking', 'carsInLot', { lotId: 'no-such-lot' })).code).toBe('LOT_NOT_FOUND')
  })
})

describe('手动抬杆', () => {
  const commandsOf = (lotId: string) => all('lane_commands').filter((c) => c.lotId === lotId)

  it('When staff open an entry barrier by hand, then a pending open command waits for the lane, and who, where and why is audited', async () => {
    const lotId = newLot()
    const { commandId } = ok<any>(await guard('parking', 'openBarrier', { lotId, laneId: 'in-1', reason: '  车牌识别故障  ' }))
    expect(commandsOf(lotId)).toEqual([
      { _id: commandId, lotId, laneId: 'in-1', command: 'open', reason: '车牌识别故障', status: 'pending', createdAt: soonAfter(NOW), by: 'o-guard' },
    ])
    expect(all('audit_log').find((a) => a._id === `barrier:${commandId}`)).toMatchObject({
      by: 'o-guard',
      action: 'parking.openBarrier',
      target: `${lotId}/in-1`,
      reason: '车牌识别故障',
      at: soonAfter(NOW),
    })
  })

  it('When the exit gate refused a car within 10 minutes, then opening it by hand names that car’s stay; a refusal 11 minutes ago does not', async () => {
    const lotId = newLot()
    const waiting = stay(lotId)
    gateEvent(lotId, 'out-1', { at: NOW - 9 * MINUTE, stayId: waiting._id }, { open: false, reason: 'UNPAID', amountFen: 500 })
    const { commandId } = ok<any>(await office('parking', 'openBarrier', { lotId, laneId: 'out-1', reason: '车主现金缴费' }))
    expect(commandsOf(lotId).find((c) => c._id === commandId)).toMatchObject({ laneId: 'out-1', stayId: waiting._id, by: 'o-office' })

    const later = newLot()
    const old = stay(later)
    gateEvent(later, 'out-1', { at: NOW - 11 * MINUTE, stayId: old._id }, { open: false, reason: 'UNPAID', amountFen: 500 })
    ok(await office('parking', 'openBarrier', { lotId: later, laneId: 'out-1', reason: '车主现金缴费' }))
    expect(commandsOf(later)[0].stayId).toBeUndefined()
  })

  it('When the exit camera refuses an unpaid car and staff open the barrier by hand, then the exit device gets the open at its heartbeat and the stay ends', async () => {
    const lotId = newLot()
    const camera = { _id: `cam-${lotId}-out`, lotId, laneId: 'out-1', kind: 'camera', secret: `secret-${lotId}-${'x'.repeat(24)}`, active: true }
    seedDocuments(emu, { devices: [camera] })
    const waiting = stay(lotId, { entryAt: NOW - 3 * HOUR })
    const send = (event: string, body: unknown) => deviceRequest(emu, { deviceId: camera._id, secret: camera.secret, event, body })
    const seen = await send('plateSeen', { plate: waiting.plate })
    expect(seen.body).toMatchObject({ open: false, reason: 'UNPAID' })

    const { commandId } = ok<any>(await office('parking', 'openBarrier', { lotId, laneId: 'out-1', reason: '车主现金缴费' }))
    expect(commandsOf(lotId)).toEqual([expect.objectContaining({ _id: commandId, stayId: waiting._id, status: 'pending' })])
    const beat = await send('heartbeat', {})
    expect(beat.body).toEqual({ ok: true, commands: [{ id: commandId, command: 'open', reason: '车主现金缴费' }] })
    expect(all('stays').find((s) => s._id === waiting._id)).toMatchObject({ status: 'OUT', exitLaneId: 'out-1' })
    expect(ok<any>(await office('parking', 'carsInLot', { lotId })).cars).toEqual([])
  })

  it('When the lane is unknown, the reason missing, or the caller a driver, then it is refused and nothing is written', async () => {
    const lotId = newLot()
    const snapshot = snapshotDatabase(emu)
    expect(refused(await office('parking', 'openBarrier', { lotId, laneId: 'no-such-lane', reason: '设备故障' }))).toEqual({ code: 'LANE_NOT_FOUND', message: '该停车场没有这个车道' })
    expect(refused(await office('parking', 'openBarrier', { lotId, laneId: 'in-1', reason: ' ' })).message).toBe('请填写原因（至少 2 个字）')
    expect(refused(await driver('parking', 'openBarrier', { lotId, laneId: 'in-1', reason: '设备故障' })).code).toBe('FORBIDDEN')
    expect(snapshotDatabase(emu)).toBe(snapshot)
    expect(commandsOf(lotId)).toEqual([])
  })
})

describe('日报: payments, refunds and reconciliation with WeChat Pay', () => {
  let n = 0
  /** A parking order paid at `paidAt` (null: unpaid), and WeChat Pay's order for it in `provider` state (none: not placed). */
  function order(lotId: string, amountFen: number, paidAt: number | null, status: string, provider: { state: string; totalFee?: number } | null, over: Record<string, unknown> = {}) {
    const id = `PK${String(++n).padStart(6, '0')}office`
    seedDocuments(emu, {
      parking_orders: [
        {
          _id: id,
          stayId: `stay-of-${id}`,
          lotId,
          plateText: `京B·${String(30000 + n)}`,
          plate: `京B${String(30000 + n)}`,
          openid: 'o-payer',
          amountFen,
          dueFen: amountFen,
          couponCode: null,
          couponFen: 0,
          until: paidAt ?? NOW,
          basePaidFen: 0,
          laneId: null,
          status,
          createdAt: (paidAt ?? NOW) - MINUTE,
          paidAt,
          // A paid order closed or refunded was paid twice: it holds its refund's number.
          refundNo: status === 'REFUNDED' || (status === 'CLOSED' && paidAt !== null) ? `R${id}` : null,
          refundedFen: status === 'REFUNDED' ? amountFen : 0,
          updatedAt: paidAt ?? NOW,
          ...over,
        },
      ],
    })
    if (provider)
      pay().putOrder({
        outTradeNo: id,
        body: '停车费',
        totalFee: provider.totalFee ?? amountFen,
        subMchId: '1900000001',
        functionName: 'pay',
        payer: 'o-payer',
        attach: '',
        state: provider.state as any,
        transactionId: provider.state === 'NOTPAY' ? '' : `4200${String(n).padStart(24, '0')}`,
        timeEnd: '',
        refundedFee: provider.state === 'REFUND' ? amountFen : 0,
        createdAt: (paidAt ?? NOW) - MINUTE,
      })
    return id
  }

  /** Our refund intent for an order (refundedAt null: not refunded yet), and WeChat Pay's refund in `provider` state. */
  function refund(orderId: string, amountFen: number, refundedAt: number | null, provider: 'SUCCESS' | 'PROCESSING', status = 'DONE') {
    const id = `R${orderId}`
    const t = refundedAt ?? NOW
    seedDocuments(emu, {
      refunds: [
        {
          _id: id,
          domain: 'parking',
          ref: orderId,
          outTradeNo: orderId,
          totalFen: amountFen,
          amountFen,
          reason: '重复缴费',
          status,
          createdAt: t - MINUTE,
          refundedAt,
          attempts: 0,
          nextAt: t,
          lastError: '',
          updatedAt: t,
        },
      ],
    })
    pay().putRefund({ outRefundNo: id, outTradeNo: orderId, refundFee: amountFen, refundId: `5030${id}`, state: provider, functionName: 'pay', createdAt: t - MINUTE })
  }

  it('When a day had payments and a refund, then the totals count them, and a payment WeChat Pay has not taken, or took a different amount, is a mismatch', async () => {
    const lotId = newLot()
    const day = (hhmm: string) => at(`2026-11-20 ${hhmm}`)
    const matched = order(lotId, 800, day('08:10'), 'PAID', { state: 'SUCCESS' })
    const notPaid = order(lotId, 500, day('09:30'), 'PAID', { state: 'NOTPAY' })
    const otherAmount = order(lotId, 600, day('10:00'), 'PAID', { state: 'SUCCESS', totalFee: 700 })
    const refunded = order(lotId, 1000, day('11:00'), 'REFUNDED', { state: 'REFUND' })
    refund(refunded, 1000, day('15:00'), 'SUCCESS')
    const free = order(lotId, 0, day('12:00'), 'PAID', null)
    order(lotId, 900, at('2026-11-19 23:59'), 'PAID', { state: 'SUCCESS' }) // the day before
    order(lotId, 900, at('2026-11-21 00:00'), 'PAID', { state: 'SUCCESS' }) // the day after
    order(lotId, 400, null, 'UNPAID', { state: 'NOTPAY' })

    const r = ok<any>(await office('parking', 'report', { day: '2026-11-20' }))
    expect(r).toMatchObject({ day: '2026-11-20', paidFen: 800 + 500 + 600 + 1000 + 0, refundedFen: 1000, count: 5, mismatches: 2 })
    const line = (orderId: string, kind = 'payment') => r.lines.find((l: any) => l.orderId === orderId && l.kind === kind)
    expect(r.lines.map((l: any) => [l.orderId, l.kind])).toEqual([
      [matched, 'payment'],
      [notPaid, 'payment'],
      [otherAmount, 'payment'],
      [refunded, 'payment'],
      [free, 'payment'],
      [refunded, 'refund'],
    ])
    expect(line(matched)).toMatchObject({ matches: true, provider: '已支付 ¥8.00', amountFen: 800, at: day('08:10'), lotName: expect.stringMatching(/^测试停车场/), plateText: expect.stringMatching(/^京B·/) })
    expect(line(notPaid)).toMatchObject({ matches: false, provider: '未支付' })
    expect(line(otherAmount)).toMatchObject({ matches: false, provider: '已支付 ¥7.00' })
    expect(line(refunded)).toMatchObject({ matches: true, provider: '已转入退款 ¥10.00', refund: { status: 'DONE', label: '已退款', amountFen: 1000 } })
    expect(line(matched).refund).toBeNull()
    expect(r).toMatchObject({ owedFen: 0, failedRefunds: 0, total: 6, next: null })
    expect(line(free)).toMatchObject({ matches: true, provider: '无需支付' })
    expect(line(refunded, 'refund')).toMatchObject({ matches: true, provider: '退款成功 ¥10.00', amountFen: 1000, at: day('15:00'), refund: { status: 'DONE', label: '已退款' } })
  })

  it('When a payment could not be applied, then it is still the day’s payment, with its refund as it stands: pending or failed, what is owed is counted', async () => {
    const lotId = newLot()
    const day = (hhmm: string) => at(`2026-11-16 ${hhmm}`)
    // Paid twice: the second payment is closed for a full refund that WeChat Pay is still processing…
    const pending = order(lotId, 700, day('09:00'), 'CLOSED', { state: 'REFUND' })
    refund(pending, 700, null, 'PROCESSING', 'PROCESSING')
    // …and one whose refund failed (WeChat Pay closed it): the money is still ours to give back.
    const failed = order(lotId, 400, day('10:00'), 'CLOSED', { state: 'REFUND' })
    refund(failed, 400, null, 'PROCESSING', 'FAILED')
    const kept = order(lotId, 500, day('11:00'), 'PAID', { state: 'SUCCESS' })
    order(lotId, 900, null, 'CLOSED', { state: 'CLOSED' }) // never paid: given up

    const r = ok<any>(await office('parking', 'report', { day: '2026-11-16' }))
    expect(r).toMatchObject({ paidFen: 700 + 400 + 500, refundedFen: 0, count: 3, owedFen: 700 + 400, failedRefunds: 1, mismatches: 0, total: 3, next: null })
    const line = (orderId: string) => r.lines.find((l: any) => l.orderId === orderId)
    expect(r.lines.map((l: any) => l.orderId)).toEqual([pending, failed, kept])
    expect(line(pending)).toMatchObject({ kind: 'payment', amountFen: 700, matches: true, provider: '已转入退款 ¥7.00', refund: { status: 'PROCESSING', label: '退款处理中', amountFen: 700 } })
    expect(line(failed)).toMatchObject({ kind: 'payment', amountFen: 400, matches: true, refund: { status: 'FAILED', label: '退款失败', amountFen: 400 } })
    expect(line(kept)).toMatchObject({ refund: null, matches: true })
  })

  it('When other domains have many refunds, then the report reads only parking’s through an index', async () => {
    const t = at('2026-11-15 12:00')
    seedDocuments(emu, {
      refunds: Array.from({ length: 300 }, (_x, i) => ({
        _id: `R-permit-${i}`,
        domain: 'permit',
        ref: `app-${i}`,
        outTradeNo: `PM${i}`,
        totalFen: 100,
        amountFen: 100,
        reason: '车证退款',
        status: 'DONE',
        createdAt: t,
        refundedAt: t,
        attempts: 0,
        nextAt: t,
        lastError: '',
        updatedAt: t,
      })),
    })
    const before = getDatabaseStats(emu)
    expect(ok<any>(await office('parking', 'report', { day: '2026-11-15' }))).toMatchObject({ refundedFen: 0, lines: [] })
    const examined = getDatabaseStats(emu).docsExamined - before.docsExamined
    expect(examined).toBeLessThan(300)
  })

  it('When a day has more lines than one call checks, then totals cover the whole day and `next` pages through the rest, each line once', async () => {
    const lotId = newLot()
    const ids = Array.from({ length: 45 }, (_x, i) => order(lotId, 100 + i, at('2026-11-14 08:00') + i * MINUTE, 'PAID', { state: 'SUCCESS' }))
    const first = ok<any>(await office('parking', 'report', { day: '2026-11-14' }))
    const whole = { paidFen: ids.reduce((sum, _id, i) => sum + 100 + i, 0), count: 45, total: 45, refundedFen: 0, owedFen: 0 }
    expect(first).toMatchObject({ ...whole, mismatches: 0, next: expect.any(String) })
    expect(first.lines).toHaveLength(40)
    const second = ok<any>(await office('parking', 'report', { day: '2026-11-14', cursor: first.next }))
    expect(second).toMatchObject({ ...whole, next: null })
    expect([...first.lines, ...second.lines].map((l: any) => l.orderId)).toEqual(ids)
    expect(second.lines.every((l: any) => l.matches && l.provider.startsWith('已支付'))).toBe(true)
    expect(refused(await office('parking', 'report', { day: '2026-11-14', cursor: 'nonsense' }))).toMatchObject({ code: 'BAD_INPUT', message: '分页参数有误' })
  })

  it('When WeChat Pay cannot be asked, then the line says so and counts as a mismatch; a day without payments is all zeros', async () => {
    const lotId = newLot()
    order(lotId, 300, at('2026-11-18 10:00'), 'PAID', { state: 'SUCCESS' })
    pay().failNext('queryOrder', 1, 'http500')
    const r = ok<any>(await office('parking', 'report', { day: '2026-11-18' }))
    expect(r).toMatchObject({ paidFen: 300, count: 1, mismatches: 1 })
    expect(r.lines[0].provider).toMatch(/^暂无法查询/)
    expect(ok<any>(await office('parking', 'report', { day: '2026-11-17' }))).toEqual({
      day: '2026-11-17',
      paidFen: 0,
      refundedFen: 0,
      count: 0,
      owedFen: 0,
      failedRefunds: 0,
      total: 0,
      mismatches: 0,
      lines: [],
      next: null,
    })
  })

  it('When the day is not a date, then it is refused; a guard may not read the report', async () => {
    expect(refused(await office('parking', 'report', { day: '2026-02-30' }))).toMatchObject({ code: 'BAD_INPUT', message: '日期有误' })
    expect(refused(await office('parking', 'report', { day: '20261120' })).message).toBe('日期格式应为 YYYY-MM-DD')
    expect(refused(await guard('parking', 'report', { day: '2026-11-20' })).code).toBe('FORBIDDEN')
  })
})
