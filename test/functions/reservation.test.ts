// 车位预定 through the emulator: booking and its limits, the quota under
// concurrent requests, 预约缴费 with duplicate, lost and late notices, cancel
// with one refund, no-shows and the month's block, the sweep, the gate
// letting a reserved car into a full lot and the exit bill deducting the fee,
// and who may see what. Every test seeds what it reads (its own lot).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server'
import { browse, seedDocuments } from '../../emulator/database'
import { payments } from '../../emulator/pay'
import { subscribeOutbox } from '../../emulator/openapi'
import { advanceClock } from '../../emulator/functions/triggers'
import { deviceRequest } from '../../emulator/lot/device-client'
import { SURFACE_RULE } from '../../database/seed-parking'
import { parkingFee } from '../../src/domain/parking/fee'
import { DEFAULT_RESERVATION_SETTINGS, type ReservationSettings } from '../../src/domain/reservation/rules'
import { DEFAULT_VEHICLE_SETTINGS } from '../../src/domain/vehicle/usage'
import { startTestEmulator, useSdk } from '../support/emulator'
import { as, ok, refused, type Call } from '../support/functions'
import { at, seedTestLot, type TestLot } from '../support/parking'
import { snapshotDatabase } from '../support/samples'

let emu: Emulator
const NOW = at('2026-11-23 10:00')
const MIN = 60_000
const HOUR = 60 * MIN

const pay = () => payments(emu)
/** The real SDK on the emulator, for states only a function that died midway leaves. */
const sdkDb = () => useSdk(emu, 'o-res-test').database()
const all = (name: string) => browse(emu, name, { limit: 5000 }) as any[]
const doc = (name: string, id: string) => all(name).find((d) => d._id === id)
const resDoc = (id: string) => doc('reservations', id)

let n = 0
const newPlate = () => `京R${String(10000 + ++n)}`
function account(name: string): { call: Call; openid: string } {
  const openid = `o-res-${name}-${++n}`
  return { call: as(emu, openid), openid }
}
const office = () => as(emu, 'o-res-office')

/** A lot of its own (`spaces` spaces, an entry and an exit camera, a sensor gateway, the surface rule) with these reservation settings. */
function makeLot(spaces: number, settings: Partial<ReservationSettings> = {}): TestLot {
  const lot = seedTestLot(emu, `rl-${++n}`, spaces, `预定测试停车场${n}`)
  seedDocuments(emu, {
    reservation_lots: [{ _id: lot.id, settings: { ...DEFAULT_RESERVATION_SETTINGS, enabled: true, quota: Math.min(spaces, 10), ...settings }, holders: [], updatedAt: 0 }],
  })
  return lot
}

const seen = (d: { _id: string; secret: string }, plate: string | null) => deviceRequest(emu, { deviceId: d._id, secret: d.secret, event: 'plateSeen', body: { plate } })
/** Every space of the lot taken (by cars the sensors see, not ours). */
async function fill(lot: TestLot, spaces: number) {
  for (let i = 1; i <= spaces; i++) {
    const r = await deviceRequest(emu, { deviceId: lot.sensor._id, secret: lot.sensor.secret, event: 'spaceChanged', body: { number: `S-${i}`, occupied: true } })
    expect(r.status).toBe(200)
  }
}

/** A verified phone on the account (the contact phone a reservation shows masked). */
const withPhone = (openid: string, phone = '13912345678') =>
  seedDocuments(emu, { users: [{ _id: `u-${openid}`, openid, nickname: 'x', createdAt: 0, vehicleCount: 0, defaultVehicleId: '', verifiedPhone: phone }] })

type Who = { call: Call; openid: string }
/** `openid`'s 我的车辆 row for `plate` (an unverified car it holds), unless it has one. */
function holds(openid: string, plate: string) {
  if (all('vehicles').some((v) => v.openid === openid && v.plate === plate)) return
  seedDocuments(emu, {
    vehicles: [{ _id: `rel-${++n}`, openid, plate, createdAt: NOW, status: 'ADDED', notice: '', proof: null, submittedAt: null, rejectReason: null, changedAt: NOW }],
  })
}
/** Books for a plate of `who`'s 我的车辆 (a new one unless given; `noVehicle`: a plate they never added), arriving in an hour unless told. */
function book(who: Who, lot: TestLot, { noVehicle, ...extra }: Record<string, unknown> = {}) {
  const plate = (extra.plate as string | undefined) ?? newPlate()
  if (!noVehicle && /^京[A-Z]\d{5}$/.test(plate)) holds(who.openid, plate)
  return who.call('reservation', 'book', { lotId: lot.id, arrivalAt: emu.clock.now() - (emu.clock.now() % MIN) + HOUR, ...extra, plate })
}
const booked = async (who: Who, lot: TestLot, extra: Record<string, unknown> = {}) => ok<any>(await book(who, lot, extra)).reservation
const holders = (lotId: string) => doc('reservation_lots', lotId).holders as string[]
const notices = (openid: string) => subscribeOutbox(emu).filter((m) => m.touser === openid && m.templateId === 'tmpl-reservation')

beforeAll(async () => {
  emu = await startTestEmulator()
  emu.clock.set(NOW)
  // Refunds stay 处理中 until a test settles them, so 退款中 can be seen.
  payments(emu).setAutoRefund(false)
  seedDocuments(emu, { staff: [{ _id: 'staff-res-office', openid: 'o-res-office', name: '钱办公', roles: ['office'], active: true }] })
})
afterAll(async () => {
  await emu?.close()
})

describe('车位查询 and booking without a fee', () => {
  it('When a driver books a free lot, then it is 待入场 at once with its window, holds one place, shows the masked phone, and the booker is told', async () => {
    const lot = makeLot(5)
    const me = account('free')
    withPhone(me.openid)
    const arrivalAt = NOW + 2 * HOUR
    const r = await booked(me, lot, { arrivalAt, remark: '下午开会' })
    expect(r).toMatchObject({
      status: 'BOOKED',
      statusLabel: '待入场',
      lotName: lot.name,
      windowFrom: arrivalAt - 30 * MIN,
      windowUntil: arrivalAt + 30 * MIN,
      windowText: '11-23 11:30–12:30',
      feeFen: 0,
      payBy: null,
      phone: '139****5678',
      remark: '下午开会',
    })
    expect(r.id).toMatch(/^V\d{14}[0-9A-Z]{8}$/)
    expect(holders(lot.id)).toEqual([r.id])
    // As WeChat's field types take them: the plate without its dot, the arrival as a date-time, the window in a thing of ≤ 20 characters.
    expect(notices(me.openid)).toMatchObject([
      { data: { thing1: { value: lot.name }, car_number2: { value: r.plateText.replace('·', '') }, time3: { value: '2026年11月23日 12:00' }, thing5: { value: '请于11:30~12:30入场' } } },
    ])
    const listed = ok<any>(await me.call('reservation', 'lots', {}))
    // The page offers arrival times by the server's clock (a function's clock follows the emulator's to the second).
    expect(Math.abs(listed.now - emu.clock.now())).toBeLessThan(1000)
    const [seenLot] = listed.lots.filter((l: any) => l.id === lot.id)
    expect(seenLot).toMatchObject({ capacity: 5, free: 5, open: true, quotaLeft: 4, prepayFen: null })
    expect(seenLot.terms[0]).toBe('可预定 24 小时内到场的车位')
  })

  it('When the booking breaks a rule, then it is refused in Chinese and nothing is written', async () => {
    const lot = makeLot(5)
    const me = account('rules')
    const t = NOW - (NOW % MIN)
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ arrivalAt: t - MIN }, 'RESERVATION_TIME', /不能早于现在/],
      [{ arrivalAt: t + 25 * HOUR }, 'RESERVATION_TIME', /最多可提前 24 小时/],
      [{ arrivalAt: t + HOUR + 1 }, 'RESERVATION_TIME', /整分钟/],
      [{ lotId: 'no-such-lot' }, 'LOT_NOT_FOUND', /停车场不存在/],
      [{ plate: '京A1' }, 'BAD_INPUT', /车牌/],
      [{ remark: 'x'.repeat(51) }, 'BAD_INPUT', /备注不超过 50 字/],
    ]
    for (const [extra, code, message] of cases) {
      const plate = newPlate()
      holds(me.openid, plate)
      const before = snapshotDatabase(emu)
      const e = refused(await book(me, lot, { plate, ...extra }))
      expect([e.code, e.message]).toEqual([code, expect.stringMatching(message)])
      expect(snapshotDatabase(emu)).toBe(before)
    }
    const closed = makeLot(5, { enabled: false })
    expect(refused(await book(me, closed))).toMatchObject({ code: 'RESERVATION_CLOSED', message: '该停车场暂未开放车位预定' })
  })

  it('When an account or its plate is at its limit, then the next booking is refused; cancelling frees it again; another account booking the same unverified plate blocks nobody', async () => {
    const lot = makeLot(10)
    const me = account('limits')
    const plate = newPlate()
    const a = await booked(me, lot, { plate })
    expect(refused(await book(me, lot, { plate }))).toMatchObject({ code: 'RESERVATION_LIMIT', message: '该车辆已有待入场的预定' })
    await booked(me, lot)
    expect(refused(await book(me, lot))).toMatchObject({ code: 'RESERVATION_LIMIT', message: '每个账号最多同时有 2 个待入场的预定' })
    // A stranger who added the same unverified plate may book it too, and the driver's own limit is untouched.
    await booked(account('same-plate'), lot, { plate })
    ok(await me.call('reservation', 'cancel', { reservationId: a.id }))
    await booked(me, lot, { plate })
  })

  it('When a driver books a plate not in their 我的车辆, or one already in the lot, then it is refused', async () => {
    const lot = makeLot(5)
    const me = account('not-mine')
    expect(refused(await book(me, lot, { noVehicle: true }))).toMatchObject({ code: 'NOT_YOUR_VEHICLE', message: '请先在 我的车辆 中添加该车辆，再预定车位' })
    const plate = newPlate()
    expect((await seen(lot.entry, plate)).body).toMatchObject({ open: true })
    expect(refused(await book(me, lot, { plate }))).toMatchObject({ code: 'RESERVATION_LIMIT', message: '该车辆已在停车场内，无需预定' })
  })

  it('When a driver cancels three times in a day, then a fourth booking that day is refused', async () => {
    const lot = makeLot(10)
    const me = account('cancels')
    for (let i = 0; i < 3; i++) ok(await me.call('reservation', 'cancel', { reservationId: (await booked(me, lot)).id }))
    expect(refused(await book(me, lot))).toMatchObject({ code: 'RESERVATION_BLOCKED', message: '今日已取消 3 次预定，请明天再预定' })
  })

  it('When a verified car is booked by someone its owner did not authorize, then it is refused', async () => {
    const lot = makeLot(5)
    const owner = account('owner')
    const plate = newPlate()
    seedDocuments(emu, {
      vehicles: [{ _id: `rel-${plate}`, openid: owner.openid, plate, createdAt: 0, status: 'VERIFIED', notice: '', proof: null, submittedAt: null, rejectReason: null, changedAt: NOW - HOUR }],
      plates: [{ _id: plate, ownerOpenid: owner.openid, ownerRelationId: `rel-${plate}`, since: NOW - HOUR, settings: DEFAULT_VEHICLE_SETTINGS }],
    })
    expect(refused(await book(account('stranger'), lot, { plate, noVehicle: true })).code).toBe('NOT_YOUR_VEHICLE')
    await booked(owner, lot, { plate })
  })

  it('When 16 accounts ask at once for the last 4 places, then exactly 4 are granted, the rest are told 已约满, and the holders match the reservations', async () => {
    const lot = makeLot(20, { quota: 4 })
    const answers = await Promise.all(Array.from({ length: 16 }, (_, i) => book(account(`race${i}`), lot)))
    const granted = answers.filter((a) => a.ok)
    expect(granted).toHaveLength(4)
    expect(answers.filter((a) => !a.ok).map((a) => refused(a).code)).toEqual(Array(12).fill('RESERVATION_FULL'))
    const ids = granted.map((a) => (a.data as any).reservation.id).sort()
    expect([...holders(lot.id)].sort()).toEqual(ids)
    expect(all('reservations').filter((r) => r.lotId === lot.id).map((r) => r._id).sort()).toEqual(ids)
  })

  it('When one account fires 10 bookings at once, then it still holds only its limit of 2', async () => {
    const lot = makeLot(20, { quota: 10 })
    const me = account('burst')
    const answers = await Promise.all(Array.from({ length: 10 }, () => book(me, lot)))
    expect(answers.filter((a) => a.ok)).toHaveLength(2)
    expect(holders(lot.id)).toHaveLength(2)
    expect(doc('reservation_holds', `account:${me.openid}`).held).toHaveLength(2)
  })
})

describe('预约缴费', () => {
  const prepaid = { prepay: true, prepayFen: { small: 500, large: 1000, newEnergy: 300 } }

  it('When the lot takes a fee, then the reservation waits for payment; choosing 大型车 sets ¥10, the payment confirms it once however often WeChat Pay repeats the notice', async () => {
    const lot = makeLot(5, prepaid)
    const me = account('prepay')
    const r = await booked(me, lot)
    expect(r).toMatchObject({ status: 'AWAITING_PAYMENT', statusLabel: '待支付', feeFen: 500, kind: 'small' })
    expect(r.payBy - r.createdAt).toBe(10 * MIN)
    expect(notices(me.openid)).toEqual([])
    const small = ok<any>(await me.call('reservation', 'pay', { reservationId: r.id, kind: 'small' }))
    const large = ok<any>(await me.call('reservation', 'pay', { reservationId: r.id, kind: 'large' }))
    expect(large.reservation).toMatchObject({ kind: 'large', kindLabel: '大型车', feeFen: 1000 })
    const first = `${r.id}P1`
    const second = `${r.id}P2`
    expect(small.payment.paySign).toEqual(expect.any(String))
    // The trade number the H5 pay sheet settles, and what the payer reads.
    expect([small.orderId, large.orderId]).toEqual([first, second])
    expect(large.description).toBe(`${lot.name}车位预定 ${r.plateText}`)
    // The ¥5 order was given up for the ¥10 one.
    expect(pay().order(first)!.state).toBe('CLOSED')
    expect(resDoc(r.id)).toMatchObject({ status: 'AWAITING_PAYMENT', chargeId: second })
    await pay().settle(second, { deliver: false })
    await Promise.all([pay().redeliver(second), pay().redeliver(second), pay().redeliver(second)])
    expect(resDoc(r.id)).toMatchObject({ status: 'BOOKED', paidFen: 1000, payBy: null })
    expect(notices(me.openid)).toHaveLength(1)
    expect(pay().refunds().filter((x) => x.outTradeNo.startsWith(r.id))).toEqual([])
    // Paying again is refused.
    expect(refused(await me.call('reservation', 'pay', { reservationId: r.id, kind: 'small' }))).toMatchObject({ code: 'RESERVATION_STATE', message: '该预定已支付' })
  })

  it('When nobody pays in time, then the sweep closes the order and the reservation (已失效) and frees its place; a payment landing after that is refunded in full, once', async () => {
    const lot = makeLot(5, prepaid)
    const me = account('late')
    const r = await booked(me, lot)
    await me.call('reservation', 'pay', { reservationId: r.id, kind: 'small' })
    expect(holders(lot.id)).toEqual([r.id])
    await advanceClock(emu, 11 * MIN)
    expect(resDoc(r.id)).toMatchObject({ status: 'CLOSED' })
    expect(holders(lot.id)).toEqual([])
    expect(refused(await me.call('reservation', 'pay', { reservationId: r.id, kind: 'small' })).code).toBe('RESERVATION_STATE')
    // The payer's confirmation raced the close in the simulator: the money lands anyway.
    const chargeId = `${r.id}P1`
    pay().putOrder({ ...pay().order(chargeId)!, state: 'NOTPAY' })
    await pay().settle(chargeId)
    await pay().redeliver(chargeId)
    const refunds = pay().refunds().filter((x) => x.outTradeNo === chargeId)
    expect(refunds).toMatchObject([{ refundFee: 500 }])
    expect(resDoc(r.id)).toMatchObject({ status: 'CLOSED', refundNo: `R${chargeId}`, refundFen: 500 })
    await pay().settleRefund(refunds[0].outRefundNo)
    expect(resDoc(r.id)).toMatchObject({ status: 'REFUNDED', refundedFen: 500 })
  })

  it('When a reservation is never taken to 微信支付, then the sweep closes it after its minutes too', async () => {
    const lot = makeLot(5, prepaid)
    const r = await booked(account('never'), lot)
    await advanceClock(emu, 11 * MIN)
    expect(resDoc(r.id).status).toBe('CLOSED')
    expect(holders(lot.id)).toEqual([])
  })

  it('When a paid reservation is cancelled before its window, then the fee is refunded in full, exactly once, and it reads 已退款', async () => {
    const lot = makeLot(5, prepaid)
    const me = account('cancel')
    const r = await booked(me, lot, { arrivalAt: emu.clock.now() - (emu.clock.now() % MIN) + 3 * HOUR })
    await me.call('reservation', 'pay', { reservationId: r.id, kind: 'small' })
    await pay().settle(`${r.id}P1`)
    const detail = ok<any>(await me.call('reservation', 'detail', { reservationId: r.id }))
    expect(detail.cancel).toEqual({ allowed: true, refundFen: 500, text: '入场时段开始前取消，预约费 ¥5.00 将原路全额退回。' })
    const answers = await Promise.all([me.call('reservation', 'cancel', { reservationId: r.id }), me.call('reservation', 'cancel', { reservationId: r.id })])
    expect(answers.filter((a) => a.ok)).toHaveLength(1)
    const done = ok<any>(answers.find((a) => a.ok)!)
    expect(done).toMatchObject({ refundFen: 500, reservation: { status: 'CANCELLED', statusLabel: '已取消（退款中）' } })
    expect(holders(lot.id)).toEqual([])
    const refunds = pay().refunds().filter((x) => x.outTradeNo === `${r.id}P1`)
    expect(refunds).toMatchObject([{ refundFee: 500 }])
    await pay().settleRefund(refunds[0].outRefundNo)
    await pay().settleRefund(refunds[0].outRefundNo)
    await advanceClock(emu, 2 * MIN)
    expect(pay().refunds().filter((x) => x.outTradeNo === `${r.id}P1`)).toHaveLength(1)
    expect(ok<any>(await me.call('reservation', 'detail', { reservationId: r.id })).reservation).toMatchObject({ status: 'REFUNDED', statusLabel: '已退款', refundedFen: 500 })
  })

  it('When a paid reservation is cancelled in its window, then the place is freed and the fee kept, as the terms said', async () => {
    const lot = makeLot(5, prepaid)
    const me = account('late-cancel')
    const r = await booked(me, lot, { arrivalAt: emu.clock.now() - (emu.clock.now() % MIN) + 20 * MIN })
    await me.call('reservation', 'pay', { reservationId: r.id, kind: 'small' })
    await pay().settle(`${r.id}P1`)
    const terms = ok<any>(await me.call('reservation', 'detail', { reservationId: r.id })).cancel
    expect(terms).toEqual({ allowed: true, refundFen: 0, text: '入场时段已开始，取消后预约费 ¥5.00 不予退还，并记为爽约一次。' })
    expect(ok<any>(await me.call('reservation', 'cancel', { reservationId: r.id }))).toMatchObject({ refundFen: 0, reservation: { statusLabel: '已取消' } })
    expect(pay().refunds().filter((x) => x.outTradeNo === `${r.id}P1`)).toEqual([])
  })
})

describe('at the gate', () => {
  it('When the lot is full, then a car without a reservation is refused and a reserved car in its window enters; the reservation is 已入场 and the exit bill deducts the fee', async () => {
    const spaces = 3
    const lot = makeLot(spaces, { prepay: true, prepayFen: { small: 500, large: 1000, newEnergy: 500 } })
    const me = account('gate')
    const plate = newPlate()
    const r = await booked(me, lot, { plate, arrivalAt: emu.clock.now() - (emu.clock.now() % MIN) + 20 * MIN })
    await me.call('reservation', 'pay', { reservationId: r.id, kind: 'small' })
    await pay().settle(`${r.id}P1`)
    await fill(lot, spaces)
    expect(ok<any>(await me.call('reservation', 'lots', {})).lots.find((l: any) => l.id === lot.id).free).toBe(0)

    const walkIn = await seen(lot.entry, newPlate())
    expect(walkIn.body).toMatchObject({ open: false, reason: 'FULL' })
    const entry = await seen(lot.entry, plate)
    expect(entry.body).toMatchObject({ open: true, reason: 'RESERVATION', led: expect.arrayContaining(['预约车位']) })
    const stay = all('stays').find((s) => s.plate === plate && s.status === 'IN')
    expect(stay.reservation).toEqual({ id: r.id, prepaidFen: 500 })
    expect(resDoc(r.id)).toMatchObject({ status: 'ENTERED', stayId: stay._id })
    expect(refused(await me.call('reservation', 'cancel', { reservationId: r.id })).code).toBe('RESERVATION_STATE')

    emu.clock.set(emu.clock.now() + 2 * HOUR)
    const bill = ok<any>(await me.call('parking', 'bill', { stayId: stay._id })).bill
    const full = parkingFee({ rule: SURFACE_RULE, kind: 'small', entryAt: stay.entryAt, now: bill.until })
    expect(bill).toMatchObject({ prepaidFen: 500, amountFen: full.amountFen - 500 })
    expect(bill.steps.at(-1)).toEqual({ text: '预约费已付 ¥5.00', fen: -500 })
    const exit = await seen(lot.exit, plate)
    expect(exit.body).toMatchObject({ open: false, reason: 'UNPAID', amountFen: full.amountFen - 500 })
  })

  it('When a reservation’s window is open, then its place is not free for walk-ins: one free space and one reservation due now make the lot full for others', async () => {
    const lot = makeLot(2)
    const r = await booked(account('held'), lot, { arrivalAt: emu.clock.now() - (emu.clock.now() % MIN) + 10 * MIN })
    await fill({ ...lot }, 1)
    expect((await seen(lot.entry, newPlate())).body).toMatchObject({ open: false, reason: 'FULL' })
    expect(resDoc(r.id).status).toBe('BOOKED')
  })

  it('When the car never comes, then after the window the sweep marks 爽约 and frees its place; three in a month block booking until the month ends', async () => {
    const lot = makeLot(10, { maxPerAccount: 5 })
    const me = account('noshow')
    const start = emu.clock.now()
    for (let i = 0; i < 3; i++) await booked(me, lot, { arrivalAt: start - (start % MIN) + 10 * MIN })
    expect(holders(lot.id)).toHaveLength(3)
    await advanceClock(emu, 42 * MIN)
    const mine = ok<any>(await me.call('reservation', 'mine', {})).reservations
    expect(mine.map((r: any) => r.statusLabel)).toEqual(['已爽约', '已爽约', '已爽约'])
    expect(holders(lot.id)).toEqual([])
    expect(refused(await book(me, lot))).toMatchObject({ code: 'RESERVATION_BLOCKED', message: '本月已爽约 3 次，12月1日起可再预定车位' })
  })
})

describe('money and entries at the edges', () => {
  const prepaid = { prepay: true, prepayFen: { small: 500, large: 1000, newEnergy: 300 } }
  const arriving = (minutes: number) => emu.clock.now() - (emu.clock.now() % MIN) + minutes * MIN

  it('When the ¥5 order was paid after the driver switched to 大型车, then the ¥10 payment confirms the reservation and the ¥5 is refunded in full, once', async () => {
    const lot = makeLot(5, prepaid)
    const me = account('switch')
    const r = await booked(me, lot)
    ok(await me.call('reservation', 'pay', { reservationId: r.id, kind: 'small' }))
    ok(await me.call('reservation', 'pay', { reservationId: r.id, kind: 'large' }))
    // The payer had confirmed the ¥5 sheet on another phone just before it was closed.
    pay().putOrder({ ...pay().order(`${r.id}P1`)!, state: 'NOTPAY' })
    await pay().settle(`${r.id}P1`)
    await pay().settle(`${r.id}P2`)
    await pay().redeliver(`${r.id}P1`)
    expect(resDoc(r.id)).toMatchObject({ status: 'BOOKED', paidFen: 1000, chargeId: `${r.id}P2`, refundNo: null })
    expect(pay().refunds().filter((x) => x.outTradeNo.startsWith(r.id))).toMatchObject([{ outTradeNo: `${r.id}P1`, refundFee: 500 }])
  })

  it('When a 待支付 reservation is cancelled just as its payment lands, then the payment is refunded in full and it ends 已退款', async () => {
    const lot = makeLot(5, prepaid)
    const me = account('cancel-paying')
    const r = await booked(me, lot)
    ok(await me.call('reservation', 'pay', { reservationId: r.id, kind: 'small' }))
    await pay().settle(`${r.id}P1`, { deliver: false })
    expect(ok<any>(await me.call('reservation', 'cancel', { reservationId: r.id })).reservation.status).toBe('CANCELLED')
    const refunds = pay().refunds().filter((x) => x.outTradeNo === `${r.id}P1`)
    expect(refunds).toMatchObject([{ refundFee: 500 }])
    expect(resDoc(r.id)).toMatchObject({ status: 'CANCELLED', refundNo: `R${r.id}P1`, refundFen: 500 })
    await pay().settleRefund(refunds[0].outRefundNo)
    expect(resDoc(r.id).status).toBe('REFUNDED')
    expect(holders(lot.id)).toEqual([])
  })

  it('When a payment is confirmed only after the window has ended, then the reservation closes and the money goes back', async () => {
    const lot = makeLot(5, { ...prepaid, unpaidMinutes: 30, windowBeforeMinutes: 0, windowAfterMinutes: 10 })
    const me = account('paid-late')
    const r = await booked(me, lot, { arrivalAt: arriving(1) })
    expect(r.payBy).toBe(r.windowUntil)
    ok(await me.call('reservation', 'pay', { reservationId: r.id, kind: 'small' }))
    await pay().settle(`${r.id}P1`, { deliver: false })
    emu.clock.set(r.windowUntil + MIN)
    await pay().redeliver(`${r.id}P1`)
    expect(resDoc(r.id)).toMatchObject({ status: 'CLOSED', refundNo: `R${r.id}P1`, refundFen: 500 })
    expect(pay().refunds().filter((x) => x.outTradeNo === `${r.id}P1`)).toHaveLength(1)
  })

  it('When WeChat Pay cannot place the order, then the reservation stays 待支付 and the driver can try again', async () => {
    const lot = makeLot(5, prepaid)
    const me = account('retry')
    const r = await booked(me, lot)
    pay().failNext('unifiedOrder', 1)
    expect(refused(await me.call('reservation', 'pay', { reservationId: r.id, kind: 'small' })).code).toBe('PAY_ORDER_FAILED')
    expect(resDoc(r.id)).toMatchObject({ status: 'AWAITING_PAYMENT', chargeId: null })
    const again = ok<any>(await me.call('reservation', 'pay', { reservationId: r.id, kind: 'small' }))
    expect(again.orderId).toBe(`${r.id}P2`)
  })

  it('When the terms shown no longer hold (the window opened before the driver confirmed), then the cancel is refused with the new terms', async () => {
    const lot = makeLot(5, prepaid)
    const me = account('terms')
    const r = await booked(me, lot, { arrivalAt: arriving(40) })
    ok(await me.call('reservation', 'pay', { reservationId: r.id, kind: 'small' }))
    await pay().settle(`${r.id}P1`)
    const shown = ok<any>(await me.call('reservation', 'detail', { reservationId: r.id })).cancel
    expect(shown.refundFen).toBe(500)
    emu.clock.set(r.windowFrom + MIN)
    expect(refused(await me.call('reservation', 'cancel', { reservationId: r.id, refundFen: shown.refundFen }))).toMatchObject({
      code: 'RESERVATION_STATE',
      message: '取消条件已变化：入场时段已开始，取消后预约费 ¥5.00 不予退还，并记为爽约一次。请确认后重试',
    })
    ok(await me.call('reservation', 'cancel', { reservationId: r.id, refundFen: 0 }))
    expect(resDoc(r.id)).toMatchObject({ status: 'CANCELLED', noShowAt: expect.any(Number) })
  })

  it('When a no-show was booked under 爽约全额退款, then its fee is refunded even after the office turned that off', async () => {
    const lot = makeLot(5, { ...prepaid, refundNoShow: true })
    const me = account('noshow-refund')
    const r = await booked(me, lot, { arrivalAt: arriving(20) })
    ok(await me.call('reservation', 'pay', { reservationId: r.id, kind: 'small' }))
    await pay().settle(`${r.id}P1`)
    const s = ok<any>(await office()('reservation', 'settings', { lotId: lot.id })).settings
    ok(await office()('reservation', 'setSettings', { lotId: lot.id, settings: { ...s, refundNoShow: false } }))
    await advanceClock(emu, 52 * MIN)
    expect(resDoc(r.id)).toMatchObject({ status: 'NO_SHOW', noShowAt: r.windowUntil, refundNo: `R${r.id}P1`, refundFen: 500 })
    expect(pay().refunds().filter((x) => x.outTradeNo === `${r.id}P1`)).toMatchObject([{ refundFee: 500 }])
  })

  it('When a car with a reservation enters by 扫码入场 at a full lot, then it is let in, the reservation is 已入场 and the stay carries the fee', async () => {
    const lot = makeLot(2)
    const me = account('scan-in')
    const plate = newPlate()
    const r = await booked(me, lot, { plate, arrivalAt: arriving(10) })
    await fill(lot, 2)
    const walkIn = account('walk-in')
    const other = newPlate()
    holds(walkIn.openid, other)
    expect(refused(await walkIn.call('parking', 'enter', { code: `${lot.id}-code-in-0123456789`, plate: other })).code).toBe('LOT_FULL')
    const { stay } = ok<any>(await me.call('parking', 'enter', { code: `${lot.id}-code-in-0123456789`, plate }))
    expect(resDoc(r.id)).toMatchObject({ status: 'ENTERED', stayId: stay.stayId })
    expect(all('stays').find((x) => x._id === stay.stayId).reservation).toEqual({ id: r.id, prepaidFen: 0 })
  })

  it('When an entry used the reservation but its stay was never written, then the car’s next read at the entry uses it again', async () => {
    const lot = makeLot(1)
    const me = account('orphan-entry')
    const plate = newPlate()
    const r = await booked(me, lot, { plate, arrivalAt: arriving(10) })
    await fill(lot, 1)
    // What a function that died between the two writes leaves: 已入场, naming a stay that does not exist.
    await sdkDb().collection('reservations').doc(r.id).update({ data: { status: 'ENTERED', stayId: 'stay-never-written', enteredAt: emu.clock.now() } })
    expect((await seen(lot.entry, plate)).body).toMatchObject({ open: true, reason: 'RESERVATION' })
    const stay = all('stays').find((x) => x.plate === plate && x.status === 'IN')
    expect(resDoc(r.id)).toMatchObject({ status: 'ENTERED', stayId: stay._id })
    expect(stay.reservation).toEqual({ id: r.id, prepaidFen: 0 })
  })

  it('When a car comes more than two hours before its window, then it enters as any car and the reservation waits; still parked when the window ends, it is no 爽约: its stay uses it', async () => {
    const lot = makeLot(5)
    const me = account('too-early')
    const plate = newPlate()
    const r = await booked(me, lot, { plate, arrivalAt: arriving(3 * 60) })
    expect((await seen(lot.entry, plate)).body).toMatchObject({ open: true, reason: 'WELCOME' })
    expect(resDoc(r.id).status).toBe('BOOKED')
    await advanceClock(emu, 3 * 60 * MIN + 32 * MIN)
    const stay = all('stays').find((x) => x.plate === plate && x.status === 'IN')
    expect(resDoc(r.id)).toMatchObject({ status: 'ENTERED', stayId: stay._id, noShowAt: null })
    expect(stay.reservation).toEqual({ id: r.id, prepaidFen: 0 })
  })

  it('When a booking died between taking its places and writing itself, then the sweep gives the places back after two minutes, and never a live booking’s', async () => {
    const lot = makeLot(5, { quota: 2 })
    const me = account('orphan')
    const live = await booked(me, lot)
    const dead = `V${new Date(emu.clock.now() + 8 * 3_600_000).toISOString().slice(0, 19).replace(/\D/g, '')}DEADBEEF`
    await sdkDb().collection('reservation_lots').doc(lot.id).update({ data: { holders: [live.id, dead] } })
    expect(refused(await book(account('orphan-other'), lot)).code).toBe('RESERVATION_FULL')
    await advanceClock(emu, 3 * MIN)
    expect(holders(lot.id)).toEqual([live.id])
    await booked(account('orphan-after'), lot)
  })
})

describe('who may see what, and the office', () => {
  it('When another account asks for, pays or cancels someone’s reservation, then it is not found', async () => {
    const lot = makeLot(5, { prepay: true })
    const r = await booked(account('mine'), lot)
    const stranger = account('stranger')
    for (const action of ['detail', 'cancel'])
      expect(refused(await stranger.call('reservation', action, { reservationId: r.id })).code).toBe('RESERVATION_NOT_FOUND')
    expect(refused(await stranger.call('reservation', 'pay', { reservationId: r.id, kind: 'small' })).code).toBe('RESERVATION_NOT_FOUND')
    expect(ok<any>(await stranger.call('reservation', 'mine', {})).reservations).toEqual([])
  })

  it('When the office saves settings, then bookings follow them; a quota above the capacity is refused; the day list counts by status', async () => {
    const lot = makeLot(4)
    const s = ok<any>(await office()('reservation', 'settings', { lotId: lot.id }))
    expect(s).toMatchObject({ capacity: 4, held: 0, settings: { enabled: true, quota: 4 } })
    expect(refused(await office()('reservation', 'setSettings', { lotId: lot.id, settings: { ...s.settings, quota: 5 } }))).toMatchObject({
      code: 'BAD_INPUT',
      message: '可预定车位数不能超过车场车位总数 4',
    })
    ok(await office()('reservation', 'setSettings', { lotId: lot.id, settings: { ...s.settings, quota: 1 } }))
    const r = await booked(account('a'), lot)
    expect(refused(await book(account('b'), lot)).code).toBe('RESERVATION_FULL')
    const day = ok<any>(await office()('reservation', 'day', { lotId: lot.id, day: '2026-11-23' }))
    expect(day.reservations.map((x: any) => x.id)).toContain(r.id)
    expect(day.counts.BOOKED).toBeGreaterThanOrEqual(1)
    expect(refused(await account('driver').call('reservation', 'settings', { lotId: lot.id })).code).toBe('FORBIDDEN')
  })
})
