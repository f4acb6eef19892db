// The driver's side of parking through the emulator: bills (rule version at
// entry, permit, free minutes, a fixed amount, coupons and their refusals),
// who may see and pay a stay, paying through the payment simulator with its
// notices duplicated, lost, late and out of order, the coupon held by one
// order under concurrency, 我的交易记录, and 扫码开闸. Every test seeds the
// lots, rules, stays and coupons it reads (not the demo seed).
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server'
import { browse, seedDocuments } from '../../emulator/database'
import { DEFAULT_VISITOR_SETTINGS } from '../../src/domain/visitor/pass'
import { payments } from '../../emulator/pay'
import { subscribeOutbox } from '../../emulator/openapi'
import { advanceClock } from '../../emulator/functions/triggers'
import { formatCouponCode, generateCouponCode, type CouponBenefit, type CouponStatus } from '../../src/domain/parking/coupon'
import { describeRule, parkingFee, type FeeRule, type VehicleKind } from '../../src/domain/parking/fee'
import { HIDDEN_LOT_NAME, DEFAULT_VEHICLE_SETTINGS } from '../../src/domain/vehicle/usage'
import { startTestEmulator } from '../support/emulator'
import { as, ok, refused, type Call } from '../support/functions'
import { DEMO_RULE } from '../support/parking'
import { snapshotDatabase } from '../support/samples'
import { newStayDoc } from '../../src/domain/parking/stay'

let emu: Emulator
const NOW = Date.parse('2026-11-23T10:00:00+08:00')
const MINUTE = 60_000
const LOT = 'lot-t'
const LOT_NAME = '测试停车场'
const OTHER_LOT = 'lot-u'
const FULL_LOT = 'lot-full'
const RULE_FROM = Date.parse('2020-01-01T00:00:00+08:00')
const LANES = {
  in: { id: 'lt-in', name: '东门入口', kind: 'entry', code: 'In7kQ-x2Lm9Pw4Zr', place: '东门' },
  out: { id: 'lt-out', name: '东门出口', kind: 'exit', code: 'Out3Hd-8sVq2Kn6T', place: '东门' },
}

const pay = () => payments(emu)
const all = (name: string) => browse(emu, name, { limit: 1000 }) as any[]
const doc = (name: string, id: string) => all(name).find((d) => d._id === id)
const stayDoc = (id: string) => doc('stays', id)
const orderDoc = (id: string) => doc('parking_orders', id)
const couponDoc = (code: string) => doc('coupons', code)

let n = 0
/** A plate of its own per test: 京T + 5 digits. */
const newPlate = () => `京T${String(10000 + ++n)}`
/** A signed-in account and its openid. */
function account(name: string): { call: Call; openid: string } {
  const openid = `o-park-${name}-${++n}`
  return { call: as(emu, openid), openid }
}

interface StayOver {
  plate?: string | null
  tempPlate?: string | null
  openid?: string | null
  minutesAgo?: number
  lotId?: string
  fixedFen?: number | null
  paid?: { fen: number; until: number; at: number } | null
  kind?: VehicleKind
  entryAt?: number
  spaceId?: string | null
  /** A stay that ended: OUT at `exitAt`. */
  exitAt?: number
}

function newStay(over: StayOver = {}) {
  const id = `stay-${++n}`
  const plate = over.plate === undefined ? newPlate() : over.plate
  seedDocuments(emu, {
    stays: [
      {
        _id: id,
        ...newStayDoc({
          lotId: over.lotId ?? LOT,
          plate,
          tempPlate: over.tempPlate ?? null,
          openid: over.openid ?? null,
          kind: over.kind ?? 'small',
          at: over.entryAt ?? emu.clock.now() - (over.minutesAgo ?? 60) * MINUTE,
          laneId: LANES.in.id,
          fixedFen: over.fixedFen ?? null,
        }),
        status: over.exitAt === undefined ? 'IN' : 'OUT',
        exitAt: over.exitAt ?? null,
        exitLaneId: over.exitAt === undefined ? null : LANES.out.id,
        paid: over.paid ?? null,
        paidOrders: over.paid ? ['seeded'] : [],
        spaceId: over.spaceId ?? null,
        updatedAt: emu.clock.now(),
      },
    ],
  })
  return { id, plate: plate as string }
}

function newCoupon(
  benefit: CouponBenefit,
  over: { code?: string; lotIds?: string[]; plate?: string | null; validFrom?: number; validUntil?: number; status?: CouponStatus; heldBy?: string | null } = {},
) {
  const code = over.code ?? generateCouponCode((k) => randomBytes(k))
  seedDocuments(emu, {
    coupons: [
      {
        _id: code,
        batchId: 'batch-t',
        benefit,
        lotIds: over.lotIds ?? [LOT],
        plate: over.plate ?? null,
        validFrom: over.validFrom ?? NOW - 86_400_000,
        validUntil: over.validUntil ?? NOW + 30 * 86_400_000,
        status: over.status ?? 'ISSUED',
        heldBy: over.heldBy ?? null,
        usedAt: null,
        updatedAt: NOW - 86_400_000,
      },
    ],
  })
  return code
}

/** `openid`'s 我的车辆 row for `plate`; `owner` also makes it the plate's verified owner. */
function relate(openid: string, plate: string, status: string) {
  const id = `rel-${++n}`
  seedDocuments(emu, {
    vehicles: [{ _id: id, openid, plate, createdAt: NOW - 10 * 86_400_000 + n, status, notice: '', proof: null, submittedAt: null, rejectReason: null, changedAt: NOW - 86_400_000 }],
  })
  if (status === 'VERIFIED')
    seedDocuments(emu, { plates: [{ _id: plate, ownerOpenid: openid, ownerRelationId: id, since: NOW - 5 * 86_400_000, settings: DEFAULT_VEHICLE_SETTINGS }] })
  return id
}

/** A parking order as pay writes it, for states only a stopped function or another account leaves. */
function seedOrder(over: Record<string, unknown> & { stayId: string }) {
  const id = `K-seeded-${++n}`
  seedDocuments(emu, {
    parking_orders: [
      {
        _id: id,
        lotId: LOT,
        plateText: '京T·00000',
        plate: null,
        openid: 'o-someone-else',
        amountFen: 500,
        dueFen: 500,
        couponCode: null,
        couponFen: 0,
        until: emu.clock.now(),
        basePaidFen: 0,
        basePaidCount: 0,
        graceMinutes: 15,
        laneId: null,
        status: 'UNPAID',
        createdAt: emu.clock.now(),
        paidAt: null,
        refundNo: null,
        refundedFen: 0,
        updatedAt: emu.clock.now(),
        ...over,
      },
    ],
  })
  return id
}

/** What the exit lane's camera last did: refused (or let through) this stay's car, or a car whose plate it could not read. */
const refusedAt = (stayId: string | null, plate: string | null, at: number, open = false) =>
  seedDocuments(emu, {
    gate_events: [
      {
        _id: `ge-${++n}`,
        lotId: LOT,
        laneId: LANES.out.id,
        deviceId: 'cam-t-out',
        plate,
        confidence: 0.97,
        decision: { open, reason: open ? 'PAID' : plate === null ? 'NO_PLATE' : 'UNPAID', led: [], voice: '', amountFen: open || plate === null ? 0 : 500, flag: null },
        stayId,
        at,
      },
    ],
  })

const lotDoc = (id: string, name: string, lanes: unknown[]) => ({
  _id: id,
  name,
  parking: { kind: 'surface', floors: ['地面'], capacity: 3, address: '测试路 1 号', lanes },
})

beforeAll(async () => {
  emu = await startTestEmulator()
  emu.clock.set(NOW)
  seedDocuments(emu, {
    lots: [
      lotDoc(LOT, LOT_NAME, [LANES.in, LANES.out]),
      lotDoc(OTHER_LOT, '另一停车场', [{ id: 'lu-out', name: '北门出口', kind: 'exit', code: 'Ux9-north-exit-7', place: '北门' }]),
      lotDoc(FULL_LOT, '满位停车场', [{ id: 'lf-in', name: '南门入口', kind: 'entry', code: 'Full-south-in-42', place: '南门' }]),
    ],
    fee_rules: [
      { _id: `${LOT}:1`, lotId: LOT, from: RULE_FROM, rule: DEMO_RULE, by: 'seed', at: RULE_FROM },
      { _id: `${OTHER_LOT}:1`, lotId: OTHER_LOT, from: RULE_FROM, rule: DEMO_RULE, by: 'seed', at: RULE_FROM },
      { _id: `${FULL_LOT}:1`, lotId: FULL_LOT, from: RULE_FROM, rule: DEMO_RULE, by: 'seed', at: RULE_FROM },
    ],
    spaces: [
      ...['A-1', 'A-2', 'A-3'].map((s) => ({ _id: `${LOT}:${s}`, lotId: LOT, floor: '地面', number: s, occupied: false, plate: null, changedAt: NOW })),
      { _id: `${FULL_LOT}:F-1`, lotId: FULL_LOT, floor: '地面', number: 'F-1', occupied: true, plate: '京Z99999', changedAt: NOW },
    ],
  })
})
beforeEach(() => {
  emu.clock.set(Math.max(emu.clock.now(), NOW))
  pay().setAutoRefund(true)
  for (const f of pay().faults()) pay().failNext(f.api, 0)
})
afterAll(async () => {
  await emu?.close()
})

/** The fee the domain computes for a seeded stay now (the bill must agree with it). */
const feeNow = (entryAt: number, extra: { rule?: FeeRule; paid?: { fen: number; until: number } | null; coupon?: CouponBenefit | null } = {}) =>
  parkingFee({ rule: extra.rule ?? DEMO_RULE, kind: 'small', entryAt, now: emu.clock.now(), paid: extra.paid, coupon: extra.coupon })

describe('the bill', () => {
  it('When a driver opens the bill of a stay, then it is the fee by the rule in force at entry, with its 收费规则, grace and steps', async () => {
    const me = account('bill')
    const { id } = newStay({ minutesAgo: 125 })
    const { bill } = ok<any>(await me.call('parking', 'bill', { stayId: id }))
    const fee = feeNow(stayDoc(id).entryAt)
    expect(fee.amountFen).toBeGreaterThan(0)
    expect(bill).toMatchObject({
      amountFen: fee.amountFen,
      grossFen: fee.grossFen,
      settledFen: 0,
      couponFen: 0,
      kind: 'small',
      kindLabel: '小型车',
      rule: describeRule(DEMO_RULE, 'small'),
      ruleFrom: RULE_FROM,
      graceMinutes: 15,
      coupon: null,
    })
    // The bill is computed for the moment it is asked (the emulator clock runs).
    expect(Math.abs(bill.until - emu.clock.now())).toBeLessThan(5_000)
    expect(bill.steps).toEqual(fee.steps.map((s) => ({ text: s.text, fen: s.fen })))
    // The lot's name is masked for this account (nobody's verified car), so its id and the entry time are not shown either.
    expect(bill.stay).toMatchObject({ stayId: id, lotId: null, lotName: '测试***', entryAt: null, minutes: 125, amountFen: fee.amountFen, plateless: false, leaveBy: null, left: false })
  })

  it('When the lot changed its rule after the car entered, then the bill keeps the version in force at entry and says from when', async () => {
    const lot = `lot-v${++n}`
    const changedAt = emu.clock.now() - 30 * MINUTE
    const dearer: FeeRule = { ...DEMO_RULE, small: { ...DEMO_RULE.small, firstFen: 1500 } }
    seedDocuments(emu, {
      lots: [lotDoc(lot, '改价停车场', [])],
      fee_rules: [
        { _id: `${lot}:1`, lotId: lot, from: RULE_FROM, rule: DEMO_RULE, by: 'seed', at: RULE_FROM },
        { _id: `${lot}:2`, lotId: lot, from: changedAt, rule: dearer, by: 'o-office', at: changedAt },
      ],
    })
    const before = newStay({ lotId: lot, minutesAgo: 90 })
    const after = newStay({ lotId: lot, minutesAgo: 20 })
    const me = account('version')
    const old = ok<any>(await me.call('parking', 'bill', { stayId: before.id })).bill
    const current = ok<any>(await me.call('parking', 'bill', { stayId: after.id })).bill
    expect(old).toMatchObject({ ruleFrom: RULE_FROM, amountFen: feeNow(stayDoc(before.id).entryAt).amountFen })
    expect(current).toMatchObject({ ruleFrom: changedAt, amountFen: 1500 })
  })

  it('When the car holds a valid permit for the lot, then it parks free and the bill says why', async () => {
    const { id, plate } = newStay({ minutesAgo: 300 })
    seedDocuments(emu, { permits: [{ _id: `permit-${n}`, lotId: LOT, plate, holderName: '持证人', productId: 'annual', validUntil: '2026-12-31' }] })
    const { bill } = ok<any>(await account('permit').call('parking', 'bill', { stayId: id }))
    expect(bill.amountFen).toBe(0)
    expect(bill.steps.map((s: any) => s.text)).toContain('车证有效期内免费')
  })

  it('When the car is within the free minutes, then nothing is due', async () => {
    const { id } = newStay({ minutesAgo: 10 })
    const { bill } = ok<any>(await account('free').call('parking', 'bill', { stayId: id }))
    expect(bill).toMatchObject({ amountFen: 0, steps: [{ text: '15 分钟内免费', fen: 0 }] })
  })

  it('When the stay was opened at the exit with no entry record, then it is billed its fixed amount, less what was paid', async () => {
    const fixed = newStay({ minutesAgo: 1, fixedFen: 500 })
    const { bill } = ok<any>(await account('fixed').call('parking', 'bill', { stayId: fixed.id }))
    expect(bill).toMatchObject({ amountFen: 500, grossFen: 500, steps: [{ text: '无入场记录，按首段收费 ¥5.00', fen: 500 }] })
    expect(bill.rule.at(-1)).toContain('无入场记录')

    const paid = newStay({ minutesAgo: 3, fixedFen: 500, paid: { fen: 500, until: emu.clock.now() - MINUTE, at: emu.clock.now() - MINUTE } })
    const settled = ok<any>(await account('fixed').call('parking', 'bill', { stayId: paid.id })).bill
    expect(settled).toMatchObject({ amountFen: 0, settledFen: 500 })
    expect(settled.stay.leaveBy).toBe(emu.clock.now() - MINUTE + 15 * MINUTE)

    // Paid with a coupon taking part of it: settled all the same, as the exit gate sees it.
    const me = account('fixed-coupon')
    const withCoupon = newStay({ minutesAgo: 1, fixedFen: 500 })
    const r = await payFor(me.call, withCoupon.id, { couponCode: newCoupon({ kind: 'amount', fen: 200 }) })
    expect(r.amountFen).toBe(300)
    await pay().settle(r.orderId)
    const after = ok<any>(await me.call('parking', 'bill', { stayId: withCoupon.id })).bill
    expect(after).toMatchObject({ amountFen: 0, settledFen: 500, steps: [{ fen: 500 }, { text: '已缴 ¥3.00（其余已由优惠券抵扣）', fen: -500 }] })
  })

  describe('with a coupon', () => {
    const cases: Array<[string, CouponBenefit, (due: number) => number]> = [
      ['an amount off', { kind: 'amount', fen: 200 }, (due) => due - 200],
      ['minutes off', { kind: 'time', minutes: 60 }, () => feeNow(emu.clock.now() - 70 * MINUTE, { coupon: { kind: 'time', minutes: 60 } }).amountFen],
      ['a free pass', { kind: 'free' }, () => 0],
    ]
    it.each(cases)('When the driver applies %s, then the bill takes it off and names the coupon, without holding it', async (_name, benefit, expected) => {
      const { id } = newStay({ minutesAgo: 70 })
      const code = newCoupon(benefit)
      const due = feeNow(stayDoc(id).entryAt).amountFen
      const { bill } = ok<any>(await account('coupon').call('parking', 'bill', { stayId: id, couponCode: formatCouponCode(code).toLowerCase() }))
      expect(bill.amountFen).toBe(expected(due))
      expect(bill.couponFen).toBe(due - expected(due))
      expect(bill.coupon).toEqual({ code: formatCouponCode(code), text: expect.stringMatching(/^(抵扣|减免|全免)/) })
      expect(bill.steps.at(-1)).toMatchObject({ text: expect.stringContaining('优惠券'), fen: expected(due) - due })
      expect(couponDoc(code)).toMatchObject({ status: 'ISSUED', heldBy: null })
    })
  })

  describe('a coupon refused', () => {
    const later = NOW + 365 * 86_400_000
    const refusals: Array<[string, () => string, string, string | RegExp]> = [
      ['withdrawn', () => newCoupon({ kind: 'free' }, { status: 'WITHDRAWN' }), 'COUPON_WITHDRAWN', '该优惠券已被停车场撤回'],
      ['used', () => newCoupon({ kind: 'free' }, { status: 'USED' }), 'COUPON_USED', '该优惠券已被使用'],
      ['expired', () => newCoupon({ kind: 'free' }, { validFrom: NOW - 2 * 86_400_000, validUntil: NOW - 86_400_000 }), 'COUPON_EXPIRED', '该优惠券已过期'],
      ['not yet valid', () => newCoupon({ kind: 'free' }, { validFrom: later, validUntil: later + 86_400_000 }), 'COUPON_NOT_YET_VALID', /^该优惠券尚未生效，\d{4}-\d{2}-\d{2} \d{2}:\d{2} 起可用$/],
      ['for another lot', () => newCoupon({ kind: 'free' }, { lotIds: [OTHER_LOT] }), 'COUPON_WRONG_LOT', '该优惠券不适用于本停车场'],
      ['bound to another plate', () => newCoupon({ kind: 'free' }, { plate: '京A88888' }), 'COUPON_WRONG_PLATE', '该优惠券仅限车辆 京A·88888 使用'],
      ['held by another stay’s unpaid order', () => newCoupon({ kind: 'free' }, { status: 'HELD', heldBy: seedOrder({ stayId: newStay().id }) }), 'COUPON_HELD', '该优惠券正被其他订单占用，请稍后再试'],
      ['unknown', () => generateCouponCode((k) => randomBytes(k)), 'COUPON_NOT_FOUND', '优惠券不存在，请核对后重新输入'],
    ]
    it.each(refusals)('When the coupon is %s, then bill and pay refuse it with its reason and nothing is written', async (_name, make, code, message) => {
      const { id } = newStay({ minutesAgo: 70 })
      const coupon = make()
      const me = account('refused')
      for (const action of ['bill', 'pay'] as const) {
        const before = snapshotDatabase(emu)
        const error = refused(await me.call('parking', action, { stayId: id, couponCode: coupon }))
        expect(error.code).toBe(code)
        if (typeof message === 'string') expect(error.message).toBe(message)
        else expect(error.message).toMatch(message)
        expect(snapshotDatabase(emu)).toBe(before)
      }
    })

    it('When the code is mistyped, then the check symbol refuses it before any lookup', async () => {
      const { id } = newStay({ minutesAgo: 70 })
      const code = newCoupon({ kind: 'free' })
      const typo = code.slice(0, 3) + (code[3] === 'A' ? 'B' : 'A') + code.slice(4)
      const error = refused(await account('typo').call('parking', 'bill', { stayId: id, couponCode: typo }))
      expect(error).toMatchObject({ code: 'BAD_INPUT', message: '优惠券码有误，请核对后重新输入' })
    })
  })
})

// ── Paying ────────────────────────────────────────────────────────────────────

const payFor = async (call: Call, stayId: string, extra: Record<string, unknown> = {}) => ok<any>(await call('parking', 'pay', { stayId, ...extra }))
const paymentNotices = (openid: string) => subscribeOutbox(emu).filter((m) => m.touser === openid && m.templateId === 'tmpl-parking-payment')

describe('paying', () => {
  it('When the driver pays and WeChat Pay confirms, then the stay is paid up to the bill’s time, the order is PAID, and the payer is told once', async () => {
    const me = account('payer')
    const { id, plate } = newStay({ minutesAgo: 70 })
    const due = feeNow(stayDoc(id).entryAt).amountFen
    const r = await payFor(me.call, id)
    expect(r).toMatchObject({ amountFen: due, payment: { paySign: expect.any(String) }, order: { status: 'UNPAID', statusLabel: '待支付', amountFen: due } })
    expect(r.orderId).toMatch(/^K\d{22}$/)
    expect(orderDoc(r.orderId)).toMatchObject({ status: 'UNPAID', stayId: id, plate, openid: me.openid, amountFen: due, dueFen: due, basePaidFen: 0, basePaidCount: 0, graceMinutes: 15 })
    expect(doc('payments', r.orderId)).toMatchObject({ domain: 'parking', ref: r.orderId, status: 'OPEN', amountFen: due, openid: me.openid })

    expect((await pay().settle(r.orderId)).ok).toBe(true)
    const order = orderDoc(r.orderId)
    expect(order).toMatchObject({ status: 'PAID', paidAt: expect.any(Number) })
    expect(stayDoc(id)).toMatchObject({ paid: { fen: due, until: order.until, at: order.paidAt }, paidOrders: [r.orderId] })
    expect(doc('payments', r.orderId).status).toBe('SETTLED')
    const view = ok<any>(await me.call('parking', 'order', { orderId: r.orderId })).order
    expect(view).toMatchObject({ status: 'PAID', statusLabel: '已支付', paidAt: order.paidAt, leaveBy: order.paidAt + 15 * MINUTE })
    const [card] = ok<any>(await me.call('parking', 'lookup', { plate })).stays
    expect(card).toMatchObject({ stayId: id, amountFen: 0, leaveBy: order.paidAt + 15 * MINUTE })
    const notices = paymentNotices(me.openid)
    expect(notices).toHaveLength(1)
    expect(notices[0].data).toMatchObject({ car_number1: { value: plate }, amount4: { value: `${(due / 100).toFixed(2)}元` } })
  })

  it('When WeChat Pay repeats the notice, even twice at once, then the payment is applied exactly once', async () => {
    const me = account('twice')
    const { id } = newStay({ minutesAgo: 70 })
    const r = await payFor(me.call, id)
    await pay().settle(r.orderId, { deliver: false })
    const answers = await Promise.all([pay().redeliver(r.orderId), pay().redeliver(r.orderId), pay().redeliver(r.orderId)])
    expect(answers.every((a) => a.ok)).toBe(true)
    expect((await pay().redeliver(r.orderId)).ok).toBe(true)
    expect(stayDoc(id)).toMatchObject({ paid: { fen: r.amountFen }, paidOrders: [r.orderId] })
    expect(orderDoc(r.orderId).status).toBe('PAID')
    expect(paymentNotices(me.openid)).toHaveLength(1)
  })

  it('When the payment notice is lost, then 支付成功 polling the order confirms the payment with WeChat Pay', async () => {
    const me = account('lost')
    const { id } = newStay({ minutesAgo: 70 })
    const r = await payFor(me.call, id)
    await pay().settle(r.orderId, { deliver: false })
    expect(ok<any>(await me.call('parking', 'order', { orderId: r.orderId })).order.status).toBe('PAID')
    expect(stayDoc(id).paidOrders).toEqual([r.orderId])
  })

  it('When nobody pays for 30 minutes, then the sweep closes the order and releases its coupon; a payment landing after that is still applied, since nothing was paid since', async () => {
    const me = account('late')
    const { id } = newStay({ minutesAgo: 70 })
    const code = newCoupon({ kind: 'amount', fen: 100 })
    const r = await payFor(me.call, id, { couponCode: code })
    expect(couponDoc(code)).toMatchObject({ status: 'HELD', heldBy: r.orderId })
    await advanceClock(emu, 31 * MINUTE)
    expect(orderDoc(r.orderId).status).toBe('CLOSED')
    expect(couponDoc(code)).toMatchObject({ status: 'ISSUED', heldBy: null })
    expect(doc('payments', r.orderId).status).toBe('VOID')
    // closeOrder raced the payer in the simulator: the payment lands anyway.
    pay().putOrder({ ...pay().order(r.orderId)!, state: 'NOTPAY' })
    expect((await pay().settle(r.orderId)).ok).toBe(true)
    expect(orderDoc(r.orderId)).toMatchObject({ status: 'PAID', refundNo: null })
    expect(couponDoc(code)).toMatchObject({ status: 'USED', heldBy: r.orderId })
    expect(stayDoc(id)).toMatchObject({ paid: { fen: r.amountFen, until: orderDoc(r.orderId).until }, paidOrders: [r.orderId] })
  })

  it('When an order given up for a newer one is paid after the newer one was, then that payment is refunded in full and the stay counts the newer one only', async () => {
    const me = account('dup')
    const { id } = newStay({ minutesAgo: 70 })
    const first = await payFor(me.call, id)
    const second = await payFor(me.call, id)
    expect(orderDoc(first.orderId).status).toBe('CLOSED')
    expect(pay().order(first.orderId)!.state).toBe('CLOSED')
    await pay().settle(second.orderId)
    pay().putOrder({ ...pay().order(first.orderId)!, state: 'NOTPAY' })
    expect((await pay().settle(first.orderId)).ok).toBe(true)
    expect(orderDoc(first.orderId)).toMatchObject({ status: 'REFUNDED', refundedFen: first.amountFen, refundNo: `R${first.orderId}`, paidAt: expect.any(Number) })
    expect(pay().refunds().filter((x) => x.outTradeNo === first.orderId)).toMatchObject([{ refundFee: first.amountFen }])
    expect(stayDoc(id)).toMatchObject({ paid: { fen: second.amountFen }, paidOrders: [second.orderId] })
    const mine = ok<any>(await me.call('parking', 'records', {})).orders
    expect(mine.map((o: any) => [o.orderId, o.statusLabel, o.refundedFen])).toEqual([
      [second.orderId, '已支付', 0],
      [first.orderId, '已退款', first.amountFen],
    ])
  })

  it('When the notice of a paid order arrives only after the driver asked to pay again, then the payment was found on the way, nothing is due, and the late notice changes nothing', async () => {
    const me = account('order')
    const { id } = newStay({ minutesAgo: 70 })
    const first = await payFor(me.call, id)
    await pay().settle(first.orderId, { deliver: false })
    // Opening a new order gives the unpaid one up through WeChat Pay, which says it was paid.
    expect(refused(await me.call('parking', 'pay', { stayId: id })).code).toBe('NOTHING_DUE')
    expect(orderDoc(first.orderId).status).toBe('PAID')
    expect((await pay().redeliver(first.orderId)).ok).toBe(true)
    expect(stayDoc(id)).toMatchObject({ paid: { fen: first.amountFen }, paidOrders: [first.orderId] })
    expect(all('parking_orders').filter((o) => o.stayId === id)).toHaveLength(1)
  })

  it('When the driver stays past the grace period after paying, then the next bill is the overstay only — no second free period or first hour', async () => {
    const me = account('overstay')
    const { id } = newStay({ minutesAgo: 70 })
    const first = await payFor(me.call, id)
    await pay().settle(first.orderId)
    const paid = stayDoc(id).paid
    emu.clock.advance(40 * MINUTE)
    const { bill } = ok<any>(await me.call('parking', 'bill', { stayId: id }))
    const expected = feeNow(stayDoc(id).entryAt, { paid: { fen: paid.fen, until: paid.until } })
    expect(bill).toMatchObject({ amountFen: expected.amountFen, settledFen: first.amountFen })
    expect(bill.amountFen).toBe(200) // two ¥1 units began after the paid time
    expect(bill.steps.find((s: any) => s.text.startsWith('已缴'))).toMatchObject({ fen: -first.amountFen })
    expect(bill.stay.leaveBy).toBeNull()
    const second = await payFor(me.call, id)
    expect(orderDoc(second.orderId)).toMatchObject({ amountFen: 200, basePaidFen: first.amountFen, basePaidCount: 1 })
    await pay().settle(second.orderId)
    expect(stayDoc(id)).toMatchObject({ paid: { fen: first.amountFen + 200 }, paidOrders: [first.orderId, second.orderId] })
  })

  it('When a coupon brings the bill to ¥0, then the order completes at once without WeChat Pay: PAID, the coupon USED, the stay paid', async () => {
    const me = account('zero')
    const { id } = newStay({ minutesAgo: 70 })
    const code = newCoupon({ kind: 'free' })
    const r = await payFor(me.call, id, { couponCode: code })
    expect(r).toMatchObject({ amountFen: 0, payment: null, order: { status: 'PAID', statusLabel: '已支付', couponFen: feeNow(stayDoc(id).entryAt).amountFen } })
    expect(orderDoc(r.orderId)).toMatchObject({ status: 'PAID', amountFen: 0, couponCode: code })
    expect(couponDoc(code)).toMatchObject({ status: 'USED', heldBy: r.orderId, usedAt: expect.any(Number) })
    expect(stayDoc(id)).toMatchObject({ paid: { fen: 0, until: orderDoc(r.orderId).until }, paidOrders: [r.orderId] })
    expect(doc('payments', r.orderId)).toBeUndefined()
    expect(pay().order(r.orderId)).toBeUndefined()
    expect(refused(await me.call('parking', 'pay', { stayId: id })).code).toBe('NOTHING_DUE')
  })

  it('When nothing is due, then 支付 says so, with or without a coupon, and writes nothing', async () => {
    const me = account('nothing')
    const { id } = newStay({ minutesAgo: 5 })
    const code = newCoupon({ kind: 'free' })
    const before = snapshotDatabase(emu)
    expect(refused(await me.call('parking', 'pay', { stayId: id }))).toEqual({ code: 'NOTHING_DUE', message: '当前无需缴费' })
    expect(refused(await me.call('parking', 'pay', { stayId: id, couponCode: code })).code).toBe('NOTHING_DUE')
    expect(snapshotDatabase(emu)).toBe(before)
  })

  for (const benefit of [{ kind: 'amount', fen: 100 }, { kind: 'free' }] as CouponBenefit[]) {
    it(`When 20 drivers pay 20 stays at once with one ${benefit.kind} coupon, then exactly one order holds it, and once paid exactly one consumed it`, async () => {
      const list = Array.from({ length: 20 }, () => newStay({ minutesAgo: 70 }))
      const code = newCoupon(benefit)
      const answers = await Promise.all(list.map((s) => account('race').call('parking', 'pay', { stayId: s.id, couponCode: code })))
      const winners = answers.filter((a) => a.ok).map((a) => (a as any).data)
      expect(winners).toHaveLength(1)
      // The others find it held by the winner's order, or (a ¥0 order completes at once) already used.
      const losers = answers.filter((a) => !a.ok).map((a) => (a as any).error.code)
      const allowed = benefit.kind === 'free' ? ['COUPON_HELD', 'COUPON_USED'] : ['COUPON_HELD']
      expect(losers).toHaveLength(19)
      expect(losers.filter((c: string) => !allowed.includes(c))).toEqual([])
      // An order and its charge are written before the coupon is held: a loser's order is closed at once, never placed with WeChat Pay.
      const withCoupon = all('parking_orders').filter((o) => o.couponCode === code)
      expect(withCoupon.filter((o) => o.status !== 'CLOSED').map((o) => o._id)).toEqual([winners[0].orderId])
      for (const o of withCoupon.filter((x) => x._id !== winners[0].orderId)) expect(pay().order(o._id)).toBeUndefined()
      if (benefit.kind === 'amount') {
        expect(couponDoc(code)).toMatchObject({ status: 'HELD', heldBy: winners[0].orderId })
        await pay().settle(winners[0].orderId)
      }
      expect(couponDoc(code)).toMatchObject({ status: 'USED', heldBy: winners[0].orderId })
      const paidStays = list.filter((s) => stayDoc(s.id).paid)
      expect(paidStays).toHaveLength(1)
    })
  }

  it('When an order holding a coupon is given up for a new one, then the coupon is free again for any order', async () => {
    const me = account('giveup')
    const { id } = newStay({ minutesAgo: 70 })
    const code = newCoupon({ kind: 'amount', fen: 100 })
    const first = await payFor(me.call, id, { couponCode: code })
    const second = await payFor(me.call, id)
    expect(orderDoc(first.orderId).status).toBe('CLOSED')
    expect(orderDoc(second.orderId)).toMatchObject({ status: 'UNPAID', couponCode: null })
    expect(couponDoc(code)).toMatchObject({ status: 'ISSUED', heldBy: null })
    const other = newStay({ minutesAgo: 70 })
    const third = await payFor(account('giveup').call, other.id, { couponCode: code })
    expect(couponDoc(code)).toMatchObject({ status: 'HELD', heldBy: third.orderId })
  })

  it('When the driver backs out of the pay sheet and pays again with the same coupon, then the bill still takes it and the new order holds it, the old one closed', async () => {
    const me = account('backout')
    const { id } = newStay({ minutesAgo: 70 })
    const code = newCoupon({ kind: 'amount', fen: 100 })
    const first = await payFor(me.call, id, { couponCode: code })
    expect(couponDoc(code)).toMatchObject({ status: 'HELD', heldBy: first.orderId })
    const { bill } = ok(await me.call('parking', 'bill', { stayId: id, couponCode: code }))
    expect(bill).toMatchObject({ couponFen: 100, coupon: { code: formatCouponCode(code) } })
    const second = await payFor(me.call, id, { couponCode: code })
    expect(orderDoc(first.orderId).status).toBe('CLOSED')
    expect(orderDoc(second.orderId)).toMatchObject({ status: 'UNPAID', couponCode: code, couponFen: 100 })
    expect(couponDoc(code)).toMatchObject({ status: 'HELD', heldBy: second.orderId })
    // Another stay cannot borrow it while this stay's order holds it.
    const other = newStay({ minutesAgo: 70 })
    expect(refused(await account('backout-2').call('parking', 'bill', { stayId: other.id, couponCode: code })).code).toBe('COUPON_HELD')
  })

  it('When WeChat Pay cannot place the order, then the order is closed at once and its coupon released', async () => {
    const me = account('unplaced')
    const { id } = newStay({ minutesAgo: 70 })
    const code = newCoupon({ kind: 'amount', fen: 100 })
    pay().failNext('unifiedOrder', 1, 'http500')
    expect(refused(await me.call('parking', 'pay', { stayId: id, couponCode: code })).code).toBe('PAY_ORDER_FAILED')
    const [order] = all('parking_orders').filter((o) => o.stayId === id)
    expect(order.status).toBe('CLOSED')
    expect(couponDoc(code)).toMatchObject({ status: 'ISSUED', heldBy: null })
  })

  it('When the driver pays at the exit lane that refused their car, then that lane gets one open command for the stay once the payment is applied, good for 2 minutes', async () => {
    const me = account('lane')
    const { id, plate } = newStay({ minutesAgo: 70 })
    refusedAt(id, plate, emu.clock.now())
    const r = await payFor(me.call, id, { laneId: LANES.out.id })
    expect(all('lane_commands').filter((c) => c.stayId === id)).toHaveLength(0)
    await pay().settle(r.orderId)
    await pay().redeliver(r.orderId)
    expect(all('lane_commands').filter((c) => c.stayId === id)).toMatchObject([
      { _id: `open-${r.orderId}`, lotId: LOT, laneId: LANES.out.id, command: 'open', stayId: id, reason: 'paid', status: 'pending', createdAt: expect.any(Number) },
    ])
    const [command] = all('lane_commands').filter((c) => c.stayId === id)
    expect(command.expiresAt).toBe(command.createdAt + 2 * MINUTE)
  })

  it('When the lane named is not an exit of the stay’s lot, or the stay has left, then 支付 refuses and writes nothing', async () => {
    const me = account('badlane')
    const { id } = newStay({ minutesAgo: 70 })
    const before = snapshotDatabase(emu)
    expect(refused(await me.call('parking', 'pay', { stayId: id, laneId: LANES.in.id })).code).toBe('LANE_NOT_FOUND')
    expect(refused(await me.call('parking', 'pay', { stayId: id, laneId: 'lu-out' })).code).toBe('LANE_NOT_FOUND')
    expect(refused(await me.call('parking', 'pay', { stayId: 'stay-nowhere' })).code).toBe('STAY_NOT_FOUND')
    expect(refused(await me.call('parking', 'pay', { stayId: id, couponCode: 42 })).code).toBe('BAD_INPUT')
    expect(refused(await me.call('parking', 'pay', { stayId: { $ne: null } })).code).toBe('BAD_INPUT')
    expect(snapshotDatabase(emu)).toBe(before)
  })

  it('When the driver pays naming an exit lane that last refused another car, or none, then the payment is applied but that lane does not open', async () => {
    const me = account('lane-other')
    const mine = newStay({ minutesAgo: 70 })
    const waiting = newStay({ minutesAgo: 70 })
    refusedAt(waiting.id, waiting.plate, emu.clock.now())
    const r = await payFor(me.call, mine.id, { laneId: LANES.out.id })
    await pay().settle(r.orderId)
    expect(stayDoc(mine.id).paidOrders).toEqual([r.orderId])
    // Nor does a lane whose last car was let through.
    const later = newStay({ minutesAgo: 70 })
    refusedAt(later.id, later.plate, emu.clock.now() - MINUTE)
    refusedAt(waiting.id, waiting.plate, emu.clock.now(), true)
    const r2 = await payFor(me.call, later.id, { laneId: LANES.out.id })
    await pay().settle(r2.orderId)
    expect(stayDoc(later.id).paidOrders).toEqual([r2.orderId])
    expect(all('lane_commands').filter((c) => [mine.id, later.id].includes(c.stayId))).toEqual([])
  })

  it('When a payment made at the exit lane is applied only by the sweep long after, then the lane does not open', async () => {
    const me = account('lane-late')
    const { id, plate } = newStay({ minutesAgo: 70 })
    refusedAt(id, plate, emu.clock.now())
    const r = await payFor(me.call, id, { laneId: LANES.out.id })
    await pay().settle(r.orderId, { deliver: false })
    // Nobody looks until the sweep does, 12 minutes later: the car is long gone from the lane (or another stands there).
    emu.clock.advance(11 * MINUTE)
    await advanceClock(emu, MINUTE)
    expect(orderDoc(r.orderId).status).toBe('PAID')
    expect(stayDoc(id).paidOrders).toEqual([r.orderId])
    expect(all('lane_commands').filter((c) => c.stayId === id)).toEqual([])
  })

  it('When a coupon is held by an order that was never written (a pay that stopped half-way), then the next payment takes it over', async () => {
    const me = account('orphan')
    const { id } = newStay({ minutesAgo: 70 })
    const code = newCoupon({ kind: 'amount', fen: 100 }, { status: 'HELD', heldBy: 'K-never-written' })
    const { bill } = ok<any>(await me.call('parking', 'bill', { stayId: id, couponCode: code }))
    expect(bill.couponFen).toBe(100)
    const r = await payFor(me.call, id, { couponCode: code })
    expect(r.amountFen).toBe(feeNow(stayDoc(id).entryAt).amountFen - 100)
    expect(couponDoc(code)).toMatchObject({ status: 'HELD', heldBy: r.orderId })
    await pay().settle(r.orderId)
    expect(couponDoc(code)).toMatchObject({ status: 'USED', heldBy: r.orderId })
  })

  it('When a pay stopped between writing its order and its charge, then the sweep closes that order and frees its coupon', async () => {
    const me = account('uncharged')
    const { id } = newStay({ minutesAgo: 70 })
    const code = generateCouponCode((k) => randomBytes(k))
    const orderId = seedOrder({ stayId: id, openid: me.openid, couponCode: code, couponFen: 100, createdAt: emu.clock.now() - 6 * MINUTE })
    newCoupon({ kind: 'amount', fen: 100 }, { code, status: 'HELD', heldBy: orderId })
    // A young one is left alone: its pay may be opening the charge right now.
    const young = seedOrder({ stayId: newStay({ minutesAgo: 70 }).id, createdAt: emu.clock.now() })
    await advanceClock(emu, MINUTE)
    expect(orderDoc(orderId).status).toBe('CLOSED')
    expect(couponDoc(code)).toMatchObject({ status: 'ISSUED', heldBy: null })
    expect(orderDoc(young).status).toBe('UNPAID')
    const r = await payFor(me.call, id, { couponCode: code })
    expect(couponDoc(code)).toMatchObject({ status: 'HELD', heldBy: r.orderId })
  })

  it('When two accounts pay one unverified car, then neither gives the other’s order up; the one paid second is refunded in full', async () => {
    const a = account('two-a')
    const b = account('two-b')
    const { id } = newStay({ minutesAgo: 70 })
    const first = await payFor(a.call, id)
    const second = await payFor(b.call, id)
    expect(orderDoc(first.orderId).status).toBe('UNPAID')
    expect(pay().order(first.orderId)!.state).toBe('NOTPAY')
    // B opens the pay sheet again: only B's own order is given up.
    const third = await payFor(b.call, id)
    expect(orderDoc(second.orderId).status).toBe('CLOSED')
    expect(orderDoc(first.orderId).status).toBe('UNPAID')
    await pay().settle(third.orderId)
    expect(stayDoc(id).paidOrders).toEqual([third.orderId])
    // A's order is given up now that the car is paid; A pays it after all (the pay sheet was open): refunded in full.
    expect(orderDoc(first.orderId).status).toBe('CLOSED')
    pay().putOrder({ ...pay().order(first.orderId)!, state: 'NOTPAY' })
    expect((await pay().settle(first.orderId)).ok).toBe(true)
    expect(orderDoc(first.orderId)).toMatchObject({ status: 'REFUNDED', refundNo: `R${first.orderId}`, refundedFen: first.amountFen })
    expect(stayDoc(id)).toMatchObject({ paid: { fen: third.amountFen }, paidOrders: [third.orderId] })
  })

  it('When a late payment’s notice arrives many times at once while its coupon comes free, then the payment is either applied or refunded, never both', async () => {
    // One race, run five times at once with the coupon freed at different points among the notices (the interleaving is the platform's).
    const race = async (early: number) => {
      const x = account('race-late')
      const y = account('race-other')
      const s1 = newStay({ minutesAgo: 70 })
      const s2 = newStay({ minutesAgo: 70 })
      const code = newCoupon({ kind: 'amount', fen: 100 })
      const a = await payFor(x.call, s1.id, { couponCode: code })
      await payFor(x.call, s1.id) // gives A up: closed with WeChat Pay, the coupon released
      await payFor(y.call, s2.id, { couponCode: code }) // B holds the coupon now
      // A was paid after all (its pay sheet was open); its notice is held back.
      pay().putOrder({ ...pay().order(a.orderId)!, state: 'NOTPAY' })
      await pay().settle(a.orderId, { deliver: false })
      // A's notice arrives again and again while Y pays once more without the coupon, which gives B (and its hold) up.
      const notices = (k: number) => Array.from({ length: k }, () => pay().redeliver(a.orderId))
      await Promise.all([...notices(early), payFor(y.call, s2.id), ...notices(8 - early)])
      return { a, s1 }
    }
    const runs = await Promise.all([0, 2, 4, 6, 8].map(race))
    await advanceClock(emu, 2 * MINUTE)
    for (const { a, s1 } of runs) {
      const applied = stayDoc(s1.id).paidOrders.includes(a.orderId)
      const refunded = pay().refunds().filter((r) => r.outTradeNo === a.orderId)
      expect({ applied, refunds: refunded.length }).toEqual(applied ? { applied: true, refunds: 0 } : { applied: false, refunds: 1 })
      expect(orderDoc(a.orderId)).toMatchObject(applied ? { status: 'PAID', refundNo: null } : { status: 'REFUNDED', refundNo: `R${a.orderId}` })
    }
  })

  it('When a car left through a barrier opened by hand with money owed, then 缴费 and 当前停车 list it as left, billed at its exit, and paying it settles it', async () => {
    const owner = account('left-owner')
    const exitAt = emu.clock.now() - 20 * MINUTE
    const { id, plate } = newStay({ entryAt: exitAt - 70 * MINUTE, exitAt })
    relate(owner.openid, plate, 'VERIFIED')
    const due = parkingFee({ rule: DEMO_RULE, kind: 'small', entryAt: exitAt - 70 * MINUTE, now: exitAt }).amountFen
    expect(due).toBeGreaterThan(0)
    const [card] = ok<any>(await owner.call('parking', 'lookup', { plate })).stays
    expect(card).toMatchObject({ stayId: id, left: true, amountFen: due, minutes: 70, leaveBy: null })
    expect(ok<any>(await owner.call('parking', 'current', {})).stays.map((s: any) => [s.stayId, s.left])).toEqual([[id, true]])
    const { bill } = ok<any>(await owner.call('parking', 'bill', { stayId: id }))
    expect(bill).toMatchObject({ amountFen: due, until: exitAt, stay: { left: true } })
    // The car is gone: paying names the lane, but opens nothing.
    refusedAt(id, plate, exitAt - MINUTE)
    const r = await payFor(owner.call, id, { laneId: LANES.out.id })
    expect(orderDoc(r.orderId)).toMatchObject({ amountFen: due, until: exitAt, laneId: null })
    await pay().settle(r.orderId)
    expect(stayDoc(id)).toMatchObject({ status: 'OUT', paid: { fen: due, until: exitAt }, paidOrders: [r.orderId] })
    expect(ok<any>(await owner.call('parking', 'lookup', { plate })).stays).toEqual([])
    expect(refused(await owner.call('parking', 'bill', { stayId: id })).code).toBe('STAY_NOT_FOUND')
    expect(all('lane_commands').filter((c) => c.stayId === id)).toEqual([])

    // A car that left paid within its grace period owes nothing, even if a unit began after it paid.
    const paidAt = exitAt - 10 * MINUTE
    const gone = newStay({ entryAt: exitAt - 80 * MINUTE, exitAt, paid: { fen: 500, until: paidAt, at: paidAt } })
    expect(ok<any>(await owner.call('parking', 'lookup', { plate: gone.plate })).stays).toEqual([])
    expect(refused(await owner.call('parking', 'pay', { stayId: gone.id })).code).toBe('STAY_NOT_FOUND')
  })
})

// ── Who may see and pay ─────────────────────────────────────────────────────────

describe('who may see and pay a stay', () => {
  it('When the plate is verified, then its owner and the accounts they authorized pay; anyone else sees the stay without the lot’s name and is refused', async () => {
    const owner = account('owner')
    const authorized = account('authorized')
    const waiting = account('waiting')
    const stranger = account('stranger')
    const { id, plate } = newStay({ minutesAgo: 70 })
    relate(owner.openid, plate, 'VERIFIED')
    relate(authorized.openid, plate, 'AUTHORIZED')
    relate(waiting.openid, plate, 'AWAITING_AUTH')

    expect(ok<any>(await owner.call('parking', 'bill', { stayId: id })).bill.stay.lotName).toBe(LOT_NAME)
    expect(ok<any>(await authorized.call('parking', 'bill', { stayId: id })).bill.stay.lotName).toBe(LOT_NAME)
    const before = snapshotDatabase(emu)
    for (const who of [stranger, waiting])
      for (const action of ['bill', 'pay'])
        expect(refused(await who.call('parking', action, { stayId: id }))).toEqual({ code: 'NOT_YOUR_STAY', message: '该车辆已认证，仅车主及其授权的用户可以缴费' })
    expect(snapshotDatabase(emu)).toBe(before)
    expect(ok<any>(await stranger.call('parking', 'lookup', { plate })).stays).toMatchObject([{ stayId: id, lotName: HIDDEN_LOT_NAME }])

    const r = await payFor(authorized.call, id)
    await pay().settle(r.orderId)
    expect(stayDoc(id).paidOrders).toEqual([r.orderId])
  })

  it('When the owner turned on privacy protection, then those they authorized still pay but see no lot name', async () => {
    const owner = account('private')
    const authorized = account('private-auth')
    const { id, plate } = newStay({ minutesAgo: 70 })
    relate(owner.openid, plate, 'VERIFIED')
    relate(authorized.openid, plate, 'AUTHORIZED')
    // The owner turns it on through the vehicle function, as in 设置.
    ok(await owner.call('vehicle', 'updateSettings', { id: all('vehicles').find((v) => v.openid === owner.openid)._id, settings: { hideLotNames: true, notify: { entry: true, exit: true, coupon: true } } }))
    expect(ok<any>(await authorized.call('parking', 'bill', { stayId: id })).bill.stay.lotName).toBe(HIDDEN_LOT_NAME)
    expect(ok<any>(await owner.call('parking', 'bill', { stayId: id })).bill.stay.lotName).toBe(LOT_NAME)
  })

  it('When the plate is not verified, then anyone may pay for it and sees the lot’s name masked', async () => {
    const holder = account('holder')
    const stranger = account('anyone')
    const { id, plate } = newStay({ minutesAgo: 70 })
    relate(holder.openid, plate, 'ADDED')
    expect(ok<any>(await holder.call('parking', 'bill', { stayId: id })).bill.stay.lotName).toBe('测试***')
    expect(ok<any>(await stranger.call('parking', 'lookup', { plate })).stays).toMatchObject([{ stayId: id, lotName: '测试***' }])
    const r = await payFor(stranger.call, id)
    await pay().settle(r.orderId)
    expect(stayDoc(id)).toMatchObject({ paidOrders: [r.orderId] })
  })

  it('When a car has no plate, then only the account its temporary plate is tied to sees and pays it', async () => {
    const tied = account('tied')
    const other = account('untied')
    const { id } = newStay({ plate: null, tempPlate: '临K7M3QX', openid: tied.openid, minutesAgo: 70 })
    expect(ok<any>(await tied.call('parking', 'lookup', { noPlate: true })).stays).toMatchObject([{ stayId: id, plateText: '临K7M3QX', plateless: true, lotName: LOT_NAME }])
    expect(ok<any>(await other.call('parking', 'lookup', { noPlate: true })).stays).toEqual([])
    expect(refused(await other.call('parking', 'bill', { stayId: id }))).toEqual({ code: 'NOT_YOUR_STAY', message: '该临时车牌仅限扫码入场的微信账号缴费' })
    expect(refused(await other.call('parking', 'pay', { stayId: id })).code).toBe('NOT_YOUR_STAY')
    const r = await payFor(tied.call, id)
    expect(orderDoc(r.orderId)).toMatchObject({ plate: null, plateText: '临K7M3QX' })
    await pay().settle(r.orderId)
    expect(paymentNotices(tied.openid)).toHaveLength(1)
  })

  it('When the driver opens 首页, then 当前停车 lists the stays of their vehicles (default first) and of their temporary plates, and nobody else’s', async () => {
    const me = account('home')
    const other = account('home-other')
    seedDocuments(emu, { spaces: [{ _id: `${LOT}:B-${n}`, lotId: LOT, floor: '地面', number: `B-${n}`, occupied: true, plate: null, changedAt: NOW }] })
    const a = newStay({ minutesAgo: 70, spaceId: `${LOT}:B-${n}` })
    const b = newStay({ minutesAgo: 20, lotId: OTHER_LOT })
    const waitingFor = newStay({ minutesAgo: 30 })
    const temp = newStay({ plate: null, tempPlate: '临H4N8WR', openid: me.openid, minutesAgo: 5 })
    newStay({ plate: null, tempPlate: '临H4N8WS', openid: other.openid, minutesAgo: 5 })
    relate(me.openid, a.plate, 'VERIFIED')
    const defaultRow = relate(me.openid, b.plate, 'ADDED')
    relate(me.openid, waitingFor.plate, 'AWAITING_AUTH')
    seedDocuments(emu, { users: [{ _id: `user-${n}`, openid: me.openid, nickname: '首页', createdAt: NOW, vehicleCount: 3, defaultVehicleId: defaultRow }] })
    const { stays } = ok<any>(await me.call('parking', 'current', {}))
    expect(stays.map((s: any) => s.stayId)).toEqual([b.id, a.id, temp.id])
    expect(stays[1]).toMatchObject({ lotName: LOT_NAME, space: stayDoc(a.id).spaceId.split(':')[1], plateText: `京T·${a.plate.slice(2)}`, amountFen: feeNow(stayDoc(a.id).entryAt).amountFen })
    expect(stays[0]).toMatchObject({ lotName: '另一***' })
    expect(stays[2]).toMatchObject({ plateless: true, amountFen: 0 })
    expect(ok<any>(await other.call('parking', 'current', {})).stays.map((s: any) => s.plateText)).toEqual(['临H4N8WS'])
  })

  it('When someone looks up another’s verified car, then the stay shows neither the lot, its space nor the entry time; a masked lot hides them too; the owner sees them', async () => {
    const owner = account('where-owner')
    const stranger = account('where-stranger')
    const space = `B-${++n}`
    seedDocuments(emu, { spaces: [{ _id: `${LOT}:${space}`, lotId: LOT, floor: '地面', number: space, occupied: true, plate: null, changedAt: NOW }] })
    const verified = newStay({ minutesAgo: 70, spaceId: `${LOT}:${space}` })
    relate(owner.openid, verified.plate, 'VERIFIED')
    const hidden = { lotId: null, entryAt: null, space: null, minutes: 70 }
    expect(ok<any>(await stranger.call('parking', 'lookup', { plate: verified.plate })).stays).toMatchObject([{ stayId: verified.id, lotName: HIDDEN_LOT_NAME, ...hidden }])
    expect(ok<any>(await owner.call('parking', 'lookup', { plate: verified.plate })).stays).toMatchObject([
      { stayId: verified.id, lotId: LOT, lotName: LOT_NAME, entryAt: stayDoc(verified.id).entryAt, space },
    ])
    const unverified = newStay({ minutesAgo: 70, spaceId: `${LOT}:${space}` })
    expect(ok<any>(await stranger.call('parking', 'lookup', { plate: unverified.plate })).stays).toMatchObject([{ stayId: unverified.id, lotName: '测试***', ...hidden }])
    expect(ok<any>(await stranger.call('parking', 'bill', { stayId: unverified.id })).bill.stay).toMatchObject({ lotName: '测试***', ...hidden })
  })
})

// ── 我的交易记录 and the order ─────────────────────────────────────────────────────

describe('我的交易记录', () => {
  it('When the verified owner opens it, then it lists every payment for their plate since they own it; the authorized account and a holder see their own only', async () => {
    const owner = account('rec-owner')
    const authorized = account('rec-auth')
    const holder = account('rec-holder')
    const stranger = account('rec-stranger')
    const verified = newStay({ minutesAgo: 70 })
    const unverified = newStay({ minutesAgo: 70 })
    relate(owner.openid, verified.plate, 'VERIFIED')
    relate(authorized.openid, verified.plate, 'AUTHORIZED')
    relate(holder.openid, unverified.plate, 'ADDED')
    // A payment for the plate before the owner verified it is not theirs to see.
    seedDocuments(emu, {
      parking_orders: [
        {
          _id: `K-before-${n}`,
          stayId: 'stay-old',
          lotId: LOT,
          plateText: verified.plate,
          plate: verified.plate,
          openid: 'o-previous-driver',
          amountFen: 500,
          dueFen: 500,
          couponCode: null,
          couponFen: 0,
          until: NOW - 20 * 86_400_000,
          basePaidFen: 0,
          basePaidCount: 0,
          graceMinutes: 15,
          laneId: null,
          status: 'PAID',
          createdAt: NOW - 20 * 86_400_000,
          paidAt: NOW - 20 * 86_400_000,
          refundNo: null,
          refundedFen: 0,
          updatedAt: NOW - 20 * 86_400_000,
        },
      ],
    })

    const byAuthorized = await payFor(authorized.call, verified.id)
    await pay().settle(byAuthorized.orderId)
    emu.clock.advance(40 * MINUTE)
    const byOwner = await payFor(owner.call, verified.id)
    await pay().settle(byOwner.orderId)
    const byStranger = await payFor(stranger.call, unverified.id)
    await pay().settle(byStranger.orderId)
    emu.clock.advance(40 * MINUTE)
    const byHolder = await payFor(holder.call, unverified.id)
    await pay().settle(byHolder.orderId)
    // Unpaid orders are not transactions.
    const unpaid = await payFor(owner.call, newStay({ minutesAgo: 70 }).id)

    const ids = async (who: { call: Call }) => ok<any>(await who.call('parking', 'records', {})).orders.map((o: any) => o.orderId)
    expect(await ids(owner)).toEqual([byOwner.orderId, byAuthorized.orderId])
    expect(await ids(authorized)).toEqual([byAuthorized.orderId])
    expect(await ids(holder)).toEqual([byHolder.orderId])
    expect(await ids(stranger)).toEqual([byStranger.orderId])
    expect(await ids(owner)).not.toContain(unpaid.orderId)
    const [line] = ok<any>(await owner.call('parking', 'records', {})).orders
    expect(line).toMatchObject({ status: 'PAID', statusLabel: '已支付', lotName: LOT_NAME, plateText: `京T·${verified.plate.slice(2)}`, amountFen: byOwner.amountFen, refundedFen: 0 })
    expect(ok<any>(await stranger.call('parking', 'records', {})).orders[0].lotName).toBe('测试***')
  })

  it('When another account asks for an order, then it is not found', async () => {
    const me = account('mine')
    const r = await payFor(me.call, newStay({ minutesAgo: 70 }).id)
    expect(refused(await account('nosy').call('parking', 'order', { orderId: r.orderId }))).toEqual({ code: 'ORDER_NOT_FOUND', message: '订单不存在' })
    expect(ok<any>(await me.call('parking', 'order', { orderId: r.orderId })).order).toMatchObject({ orderId: r.orderId, status: 'UNPAID', leaveBy: null })
  })

  it('When many newer orders were never paid, then 我的交易记录 still lists the payments, a page at a time with `before`', async () => {
    const me = account('rec-page')
    const t = emu.clock.now()
    const stayId = newStay({ minutesAgo: 70 }).id
    const paid = Array.from({ length: 25 }, (_x, i) => seedOrder({ stayId, openid: me.openid, status: 'PAID', createdAt: t - (200 + i) * MINUTE, paidAt: t - (200 + i) * MINUTE }))
    for (let i = 0; i < 110; i++) seedOrder({ stayId, openid: me.openid, status: i % 2 ? 'UNPAID' : 'CLOSED', createdAt: t - i * MINUTE })
    const first = ok<any>(await me.call('parking', 'records', {}))
    expect(first.orders.map((o: any) => o.orderId)).toEqual(paid.slice(0, 20))
    expect(first.nextBefore).toBe(t - 219 * MINUTE)
    const second = ok<any>(await me.call('parking', 'records', { before: first.nextBefore }))
    expect(second).toMatchObject({ orders: paid.slice(20).map((orderId) => ({ orderId })), nextBefore: null })
    expect(refused(await me.call('parking', 'records', { before: 'yesterday' })).code).toBe('BAD_INPUT')
  })
})

// ── 扫码开闸 ───────────────────────────────────────────────────────────────────────

describe('扫码开闸', () => {
  it('When the driver scans an entry lane’s QR (or types its code), then it names the lane and lists their plates, default first', async () => {
    const me = account('scan')
    const first = newPlate()
    const second = newPlate()
    relate(me.openid, first, 'ADDED')
    const def = relate(me.openid, second, 'VERIFIED')
    relate(me.openid, newPlate(), 'AWAITING_AUTH')
    seedDocuments(emu, { users: [{ _id: `user-${n}`, openid: me.openid, nickname: '扫码', createdAt: NOW, vehicleCount: 3, defaultVehicleId: def }] })
    const scanned = ok<any>(await me.call('parking', 'scanLane', { code: `lane:${LANES.in.code}` }))
    expect(scanned).toEqual({ lotId: LOT, lotName: LOT_NAME, lane: { id: LANES.in.id, name: '东门入口', kind: 'entry', place: '东门' }, plates: [second, first], stay: null })
    expect(ok<any>(await me.call('parking', 'scanLane', { code: ` ${LANES.in.code.toLowerCase()} ` })).lane.id).toBe(LANES.in.id)
    const before = snapshotDatabase(emu)
    expect(refused(await me.call('parking', 'scanLane', { code: 'lane:not-a-lane' }))).toEqual({ code: 'LANE_NOT_FOUND', message: '无法识别该车道码，请扫描车道上的二维码' })
    expect(refused(await me.call('parking', 'scanLane', { code: '' })).code).toBe('BAD_INPUT')
    expect(snapshotDatabase(emu)).toBe(before)
  })

  it('When the driver scans the exit lane that just refused a car they may pay for, then it shows that car’s bill; later, their own car in the lot', async () => {
    const me = account('exit')
    const mine = newStay({ minutesAgo: 90 })
    relate(me.openid, mine.plate, 'ADDED')
    const waiting = newStay({ minutesAgo: 70 })
    refusedAt(waiting.id, waiting.plate, emu.clock.now() - MINUTE)
    const scanned = ok<any>(await me.call('parking', 'scanLane', { code: `lane:${LANES.out.code}` }))
    expect(scanned.stay).toMatchObject({ stayId: waiting.id, amountFen: feeNow(stayDoc(waiting.id).entryAt).amountFen })
    // Paying it there opens that lane.
    const r = await payFor(me.call, waiting.id, { laneId: LANES.out.id })
    await pay().settle(r.orderId)
    expect(doc('lane_commands', `open-${r.orderId}`)).toMatchObject({ laneId: LANES.out.id, stayId: waiting.id, status: 'pending' })

    emu.clock.advance(11 * MINUTE)
    expect(ok<any>(await me.call('parking', 'scanLane', { code: `lane:${LANES.out.code}` })).stay).toMatchObject({ stayId: mine.id })
  })

  it('When the car refused at the exit is someone else’s verified car, then the scan shows the driver’s own car instead', async () => {
    const me = account('exit-own')
    const mine = newStay({ minutesAgo: 90 })
    relate(me.openid, mine.plate, 'ADDED')
    const theirs = newStay({ minutesAgo: 70 })
    relate(account('exit-owner').openid, theirs.plate, 'VERIFIED')
    refusedAt(theirs.id, theirs.plate, emu.clock.now() - MINUTE)
    expect(ok<any>(await me.call('parking', 'scanLane', { code: `lane:${LANES.out.code}` })).stay).toMatchObject({ stayId: mine.id })
    expect(ok<any>(await account('exit-none').call('parking', 'scanLane', { code: `lane:${LANES.out.code}` })).stay).toBeNull()
  })

  const IN = `lane:${LANES.in.code}`
  const OUT = `lane:${LANES.out.code}`

  it('When a visitor confirms entry of a car with a visitor pass for now, then the pass lets it in as at the camera: 已到访, and the stay carries who pays its parking', async () => {
    const me = account('enter-visitor')
    const plate = '京AV2468'
    relate(me.openid, plate, 'ADDED')
    const t = emu.clock.now()
    const passId = `vp-scan-${t}`
    // The office lets visitors park free (without a setting, visitors pay).
    seedDocuments(emu, { settings: [{ _id: 'visitor', settings: { ...DEFAULT_VISITOR_SETTINGS, parkingPayer: 'free' }, address: '北京大学医学部', updatedAt: t }] })
    seedDocuments(emu, {
      visitor_passes: [
        {
          _id: passId,
          hostId: 'host:nobody',
          hostName: '王老师',
          hostDepartment: '基础医学院',
          name: '李明',
          phone: '13712345678',
          purpose: '学术交流',
          start: t - 10 * MINUTE,
          end: t + 2 * 60 * MINUTE,
          visitors: 1,
          plate,
          status: 'BOOKED',
          version: 1,
          code: '135792',
          parkingPayer: 'free',
          entries: [],
          arrivedAt: null,
          cancelledAt: null,
          expiredAt: null,
          createdAt: t - 60 * MINUTE,
          updatedAt: t - 60 * MINUTE,
        },
      ],
    })
    const { stay } = ok<any>(await me.call('parking', 'enter', { code: IN, plate }))
    expect(stayDoc(stay.stayId)).toMatchObject({ plate, status: 'IN', visitor: { passId, payer: 'free', until: t + 2 * 60 * MINUTE } })
    expect(doc('visitor_passes', passId)).toMatchObject({ status: 'ARRIVED', entries: [{ by: 'gate', who: LANES.in.id }] })
  })

  it('When the driver confirms entry with a plate, then a stay begins at that lane, the lane gets an open command and the verified owner is told; a second entry is ALREADY_IN_LOT', async () => {
    const me = account('enter')
    const plate = '京AD12345'
    const owner = account('enter-owner')
    relate(owner.openid, plate, 'VERIFIED')
    relate(me.openid, plate, 'AUTHORIZED')
    const { stay } = ok<any>(await me.call('parking', 'enter', { code: IN, plate: '京ad 12345' }))
    expect(stay).toMatchObject({ lotId: LOT, plateText: '京A·D12345', plateless: false, amountFen: 0, minutes: 0 })
    expect(stayDoc(stay.stayId)).toMatchObject({ plate, tempPlate: null, openid: null, kind: 'newEnergy', status: 'IN', entryLaneId: LANES.in.id, paid: null, paidOrders: [], fixedFen: null })
    const command = doc('lane_commands', `enter-${stay.stayId}`)
    expect(command).toMatchObject({ lotId: LOT, laneId: LANES.in.id, command: 'open', stayId: stay.stayId, status: 'pending' })
    expect(command.expiresAt).toBe(command.createdAt + 2 * MINUTE)
    expect(subscribeOutbox(emu).filter((m) => m.templateId === 'tmpl-parking-entry' && m.data.car_number1.value === plate).map((m) => m.touser)).toEqual([owner.openid])
    const before = snapshotDatabase(emu)
    expect(refused(await owner.call('parking', 'enter', { code: IN, plate }))).toEqual({ code: 'ALREADY_IN_LOT', message: '该车辆已在场内' })
    expect(snapshotDatabase(emu)).toBe(before)
  })

  it('When a driver confirms entry with a plate that is not theirs to use, then it is refused and nothing is written; a verified owner, an account they authorized and the holder of an unverified plate enter', async () => {
    const me = account('enter-who')
    const owner = account('enter-who-owner')
    const someoneElses = newPlate()
    relate(owner.openid, someoneElses, 'VERIFIED')
    const asked = newPlate()
    relate(owner.openid, asked, 'VERIFIED')
    relate(me.openid, asked, 'AWAITING_AUTH')
    const nobodys = newPlate()
    const before = snapshotDatabase(emu)
    for (const plate of [someoneElses, asked])
      expect(refused(await me.call('parking', 'enter', { code: IN, plate }))).toEqual({ code: 'NOT_YOUR_VEHICLE', message: '该车辆已认证，仅车主及其授权的用户可以扫码入场' })
    expect(refused(await me.call('parking', 'enter', { code: IN, plate: nobodys }))).toEqual({ code: 'NOT_YOUR_VEHICLE', message: '请先在 我的车辆 中添加该车辆，再扫码入场' })
    expect(snapshotDatabase(emu)).toBe(before)

    const mine = newPlate()
    relate(me.openid, mine, 'VERIFIED')
    const authorized = newPlate()
    relate(owner.openid, authorized, 'VERIFIED')
    relate(me.openid, authorized, 'AUTHORIZED')
    const held = newPlate()
    relate(me.openid, held, 'ADDED')
    for (const plate of [mine, authorized, held]) expect(ok<any>(await me.call('parking', 'enter', { code: IN, plate })).stay.plateText).toBe(`京T·${plate.slice(2)}`)
  })

  it('When the car has no plate, then it gets a temporary plate tied to the account, which alone finds and pays it; scanning again opens for the same stay', async () => {
    const me = account('noplate')
    const { stay } = ok<any>(await me.call('parking', 'enter', { code: IN, plate: null }))
    expect(stay.plateText).toMatch(/^临[2-9A-HJKMNP-TV-Z]{6}$/)
    // The stay is keyed by its temporary plate, so no two stays can ever share one.
    expect(stay.stayId).toBe(`tmp-${stay.plateText.slice(1)}`)
    expect(stayDoc(stay.stayId)).toMatchObject({ plate: null, tempPlate: stay.plateText, openid: me.openid, kind: 'small', status: 'IN' })
    expect(ok<any>(await me.call('parking', 'lookup', { noPlate: true })).stays.map((s: any) => s.stayId)).toEqual([stay.stayId])
    expect(ok<any>(await me.call('parking', 'current', {})).stays.map((s: any) => s.stayId)).toEqual([stay.stayId])
    expect(refused(await account('noplate-other').call('parking', 'bill', { stayId: stay.stayId })).code).toBe('NOT_YOUR_STAY')

    // The driver scans again at once (the barrier was slow, say).
    const again = ok<any>(await me.call('parking', 'enter', { code: IN, plate: null })).stay
    expect(again.stayId).toBe(stay.stayId)
    expect(all('stays').filter((s) => s.openid === me.openid)).toHaveLength(1)
  })

  it('When a driver whose car without a plate is in the lot scans an entry again later, then a second temporary plate is refused; scans at the same moment make one stay', async () => {
    const me = account('noplate-twice')
    // Six at once: several losers, so one can never open for another loser's stay that is being undone.
    const answers = await Promise.all([1, 2, 3, 4, 5, 6].map(() => me.call('parking', 'enter', { code: IN, plate: null })))
    const ids = new Set(answers.map((a) => ok<any>(a).stay.stayId))
    expect(ids.size).toBe(1)
    const mine = all('stays').filter((s) => s.openid === me.openid)
    expect(mine.map((s) => s._id)).toEqual([...ids])
    emu.clock.advance(3 * MINUTE)
    const before = snapshotDatabase(emu)
    expect(refused(await me.call('parking', 'enter', { code: IN, plate: null }))).toEqual({ code: 'ALREADY_IN_LOT', message: `您已有一辆无牌车（${mine[0].tempPlate}）在本停车场内，出场后才能再次扫码入场` })
    expect(snapshotDatabase(emu)).toBe(before)
  })

  it('When the lot is full, then entry is refused with 车位已满 and nothing is written, but a permit holder still enters', async () => {
    const me = account('full')
    const full = 'lane:Full-south-in-42'
    const plate = newPlate()
    relate(me.openid, plate, 'ADDED')
    const before = snapshotDatabase(emu)
    expect(refused(await me.call('parking', 'enter', { code: full, plate }))).toEqual({ code: 'LOT_FULL', message: '车位已满，暂时无法入场' })
    expect(refused(await me.call('parking', 'enter', { code: full, plate: null })).code).toBe('LOT_FULL')
    expect(snapshotDatabase(emu)).toBe(before)
    const holder = newPlate()
    relate(me.openid, holder, 'VERIFIED')
    seedDocuments(emu, { permits: [{ _id: `permit-${n}`, lotId: FULL_LOT, plate: holder, holderName: '持证人', productId: 'annual', validUntil: '2026-12-31' }] })
    expect(ok<any>(await me.call('parking', 'enter', { code: full, plate: holder })).stay.lotId).toBe(FULL_LOT)
  })

  it('When the lane is an exit, unknown, named by id, or the plate is malformed, then entry is refused and nothing is written', async () => {
    const me = account('badenter')
    const plate = newPlate()
    relate(me.openid, plate, 'ADDED')
    const before = snapshotDatabase(emu)
    expect(refused(await me.call('parking', 'enter', { code: OUT, plate }))).toEqual({ code: 'LANE_NOT_FOUND', message: '该车道是出口车道，请扫描入口车道的二维码' })
    expect(refused(await me.call('parking', 'enter', { code: 'lane:nowhere', plate })).code).toBe('LANE_NOT_FOUND')
    // A lane is named by the code on its QR, never by its id (ids are listed to every account by `lots`).
    expect(refused(await me.call('parking', 'enter', { lotId: LOT, laneId: LANES.in.id, plate })).code).toBe('BAD_INPUT')
    expect(refused(await me.call('parking', 'enter', { code: IN, plate: '京I12345' })).code).toBe('BAD_INPUT')
    expect(refused(await me.call('parking', 'enter', { code: IN })).code).toBe('BAD_INPUT')
    expect(snapshotDatabase(emu)).toBe(before)
  })

  it('When a car the exit cannot read has nothing to pay, then 开闸出场 opens that lane for its stay; money due, no car at the lane, or an entry lane is refused', async () => {
    const me = account('leave')
    const other = account('leave-other')
    const free = newStay({ plate: null, tempPlate: '临LV2E7Q', openid: me.openid, minutesAgo: 10 })
    const owing = newStay({ plate: null, tempPlate: '临LV2E7R', openid: other.openid, minutesAgo: 70 })
    const due = feeNow(stayDoc(owing.id).entryAt).amountFen
    let before = snapshotDatabase(emu)
    expect(refused(await me.call('parking', 'exit', { code: OUT, stayId: free.id }))).toEqual({ code: 'CAR_NOT_AT_LANE', message: '出口道闸前未检测到您的车辆，请驶至道闸前再扫码' })
    expect(refused(await me.call('parking', 'exit', { code: IN, stayId: free.id }))).toEqual({ code: 'LANE_NOT_FOUND', message: '该车道是入口车道，请扫描出口车道的二维码' })
    expect(snapshotDatabase(emu)).toBe(before)
    // The camera saw a car it could not read 11 minutes ago: gone by now.
    refusedAt(null, null, emu.clock.now() - 11 * MINUTE)
    expect(refused(await me.call('parking', 'exit', { code: OUT, stayId: free.id })).code).toBe('CAR_NOT_AT_LANE')
    // Now a car it cannot read stands at the exit.
    refusedAt(null, null, emu.clock.now() - 30_000)
    before = snapshotDatabase(emu)
    expect(refused(await other.call('parking', 'exit', { code: OUT, stayId: free.id })).code).toBe('NOT_YOUR_STAY')
    expect(refused(await other.call('parking', 'exit', { code: OUT, stayId: owing.id }))).toEqual({ code: 'FEE_DUE', message: `请先缴清停车费 ¥${(due / 100).toFixed(2)} 再出场` })
    expect(snapshotDatabase(emu)).toBe(before)

    const { stay } = ok<any>(await me.call('parking', 'exit', { code: OUT, stayId: free.id }))
    expect(stay).toMatchObject({ stayId: free.id, amountFen: 0 })
    const command = doc('lane_commands', `leave-${free.id}`)
    expect(command).toMatchObject({ lotId: LOT, laneId: LANES.out.id, command: 'open', stayId: free.id, reason: 'exit', by: me.openid, status: 'pending' })
    expect(command.expiresAt).toBe(command.createdAt + 2 * MINUTE)

    // A car with a plate the camera could not read, paid within the grace period, leaves the same way.
    const paid = newStay({ minutesAgo: 90, paid: { fen: 600, until: emu.clock.now() - 5 * MINUTE, at: emu.clock.now() - 5 * MINUTE } })
    relate(other.openid, paid.plate, 'ADDED')
    ok(await other.call('parking', 'exit', { code: OUT, stayId: paid.id }))
    expect(doc('lane_commands', `leave-${paid.id}`)).toMatchObject({ stayId: paid.id, status: 'pending' })
  })
})
