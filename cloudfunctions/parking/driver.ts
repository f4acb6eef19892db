// The driver's side of parking (seed 001 §2.1 step 3, §2.2 steps 7–15):
// lots, 当前停车, the 缴费 lookup, the bill, paying it (with a coupon held by
// the order), the order 支付成功 polls, and 我的交易记录.
//
// Decisions:
// - Who may see a bill and pay it is usage.ts' mayPay (parking-bill.ts
//   viewersOf): anyone for an unverified plate, the verified owner and the
//   accounts they authorized for a verified one, only the tied account for a
//   temporary plate. A lookup lists any plate's stays, with the lot named as
//   the caller may see it (and without lot, space or entry time when the name
//   is not shown in full), so a driver learns their car is in a lot but not,
//   for someone else's verified car, which.
// - The stays a driver sees and pays are those in a lot and those that left
//   through a barrier opened by hand still owing (已离场待补缴, billed at their
//   exit; parking-bill.ts). Ended stays are looked for among those that ended
//   within OWED_LOOKBACK_MS.
// - Paying gives up the caller's own unpaid orders of the stay first (through
//   the payment path: closed with WeChat Pay, their coupons released), then
//   bills the stay as it is then. Another account's unpaid order is left
//   alone (anyone may pay an unverified car, and giving up others' orders
//   would let anyone keep cancelling its driver's payment): whichever is paid
//   first applies, the other is refused as paid twice and refunded
//   (parking-payments.ts).
// - Writes in this order: the order, its charge, then the coupon's hold
//   (ISSUED → HELD naming the order, a conditional update: of concurrent
//   orders one coupon can hold one). A pay that stops anywhere leaves nothing
//   the sweep cannot close: a hold always belongs to an order with a charge.
//   A coupon held by an order that will never release it (parking-bill.ts
//   isOrphanHold) is taken over.
// - Nothing due before a coupon is NOTHING_DUE (no coupon is spent on ¥0);
//   a bill a coupon brings to ¥0 completes at once, without WeChat Pay, in
//   one transaction that writes the order PAID and takes the coupon
//   (parking-payments.ts applyOrderPayment).
// - 我的交易记录: the orders the caller paid, and — as the verified owner —
//   the orders paid for their plates since they own them (usage.ts: only the
//   owner sees others' orders; a holder or an authorized account sees its
//   own). Orders never paid are not transactions: only orders with a payment
//   (paidAt) are read, newest first, RECORDS_PAGE at a time.
import { randomInt } from 'node:crypto'
import { AppError } from '../../src/domain/errors'
import { leaveByOf } from '../../src/domain/parking/gate'
import { orderStatusLabel } from '../../src/domain/parking/order'
import { lotNameFor } from '../../src/domain/vehicle/usage'
import type { Caller } from '../_shared/auth'
import { _, type Doc } from '../_shared/cloud'
import { now } from '../_shared/clock'
import {
  billStay,
  billView,
  BillLoader,
  checkedCoupon,
  isOrphanHold,
  isPayable,
  plateTextOf,
  requireApplicable,
  requirePayer,
  spaceNumbers,
  stayCards,
  viewersOf,
  type StayRecord,
} from '../_shared/parking-bill'
import { loadParkingLot, loadParkingLots } from '../_shared/parking-context'
import { freeForWalkIns } from '../_shared/reservation-gate'
import { afterPaid, applyOrderPayment, closeOrder, giveUpOrder } from '../_shared/parking-payments'
import { coupons, orders, stays, type CouponDoc, type OrderDoc } from '../_shared/parking-records'
import { checkout, driveCharge, openCharge } from '../_shared/payments'
import { users } from '../_shared/users'
import { myVehicles, usagesOf } from '../_shared/vehicle-usage'

const DAY = 86_400_000
/** A car that left owing is looked for among the stays that ended this recently. */
const OWED_LOOKBACK_MS = 30 * DAY
/** Orders a page of 我的交易记录 shows. */
const RECORDS_PAGE = 20

// ── Reading ───────────────────────────────────────────────────────────────────

export async function lots() {
  const list = await loadParkingLots()
  const t = now()
  // As a car without a reservation finds it: the spaces held for reservations in their window are not free.
  const free = await Promise.all(list.map((l) => freeForWalkIns(l._id, t)))
  return {
    lots: list.map((l, i) => ({
      id: l._id,
      name: l.name,
      kind: l.parking.kind,
      floors: l.parking.floors,
      capacity: l.parking.capacity,
      free: free[i],
      address: l.parking.address,
      lanes: l.parking.lanes.map(({ id, name, kind, place }) => ({ id, name, kind, place })),
    })),
  }
}

/** The caller's plateless stays (their temporary plates): in a lot, then those that ended lately (stayCards keeps the ones left owing). */
async function tempStaysOf(openid: string, at: number): Promise<StayRecord[]> {
  const [inLot, ended] = await Promise.all([
    stays.find({ openid, status: 'IN' }, { orderBy: ['entryAt', 'desc'], limit: 20 }),
    stays.find({ openid, status: 'OUT', exitAt: _.gte(at - OWED_LOOKBACK_MS) }, { orderBy: ['exitAt', 'desc'], limit: 20 }),
  ])
  return [...inLot, ...ended].filter((s) => !s.plate)
}

/** The stays of these plates: in a lot, then those that ended lately (stayCards keeps the ones left owing). */
async function plateStays(plates: string[], at: number): Promise<StayRecord[]> {
  if (!plates.length) return []
  const [inLot, ended] = await Promise.all([
    stays.find({ plate: _.in(plates), status: 'IN' }, { orderBy: ['entryAt', 'desc'], limit: 50 }),
    stays.find({ plate: _.in(plates), status: 'OUT', exitAt: _.gte(at - OWED_LOOKBACK_MS) }, { orderBy: ['exitAt', 'desc'], limit: 50 }),
  ])
  return [...inLot, ...ended]
}

/** 首页 当前停车: the stays of the caller's vehicles (default first) and of their temporary plates. */
export async function current(_input: unknown, caller: Caller) {
  const t = now()
  const user = await users.findOne({ openid: caller.openid })
  const mine = await myVehicles(caller.openid, user?.defaultVehicleId ?? '')
  const plates = mine.map((v) => v.plate)
  const [byPlate, temp] = await Promise.all([plateStays(plates, t), tempStaysOf(caller.openid, t)])
  // Stable: a plate's stay in a lot before one it left owing.
  const ordered = [...byPlate].sort((a, b) => plates.indexOf(a.plate!) - plates.indexOf(b.plate!))
  return { stays: await stayCards(caller.openid, [...ordered, ...temp], t) }
}

/** 缴费: an exact plate's stays in every lot, or the caller's cars without a plate. */
export async function lookup(input: { plate: string } | { noPlate: true }, caller: Caller) {
  const t = now()
  const list = 'plate' in input ? await plateStays([input.plate], t) : await tempStaysOf(caller.openid, t)
  return { stays: await stayCards(caller.openid, list, t) }
}

/**
 * The stay, its bill now and the caller's view of it: STAY_NOT_FOUND unless a
 * driver can still pay it (in a lot, or gone owing), NOT_YOUR_STAY unless the
 * caller may pay for it.
 */
async function payableStay(stayId: string, caller: Caller, loader: BillLoader, at: number) {
  const stay = await stays.findOne({ _id: stayId })
  if (!stay) throw new AppError('STAY_NOT_FOUND')
  const base = await billStay(stay, at, null, loader)
  if (!isPayable(base)) throw new AppError('STAY_NOT_FOUND')
  const viewer = (await viewersOf(caller.openid, [stay], () => base.lot.name)).get(stay._id)!
  requirePayer(stay, viewer)
  return { stay, lot: base.lot, viewer }
}

export async function bill({ stayId, couponCode }: { stayId: string; couponCode?: string }, caller: Caller) {
  const loader = new BillLoader()
  const at = now()
  const { stay, viewer } = await payableStay(stayId, caller, loader, at)
  const coupon = couponCode ? await checkedCoupon(couponCode, stay, at, caller.openid) : null
  const [b, numbers] = await Promise.all([billStay(stay, at, coupon?.benefit ?? null, loader), spaceNumbers([stay])])
  return { bill: billView(b, viewer, stay.spaceId ? (numbers.get(stay.spaceId) ?? null) : null, coupon ? { code: coupon._id, benefit: coupon.benefit } : null) }
}

// ── Orders as the driver sees them ──────────────────────────────────────────────

function orderView(o: Doc<OrderDoc>, lotName: string) {
  return {
    orderId: o._id,
    status: o.status,
    statusLabel: orderStatusLabel(o.status, o.refundNo),
    lotName,
    plateText: o.plateText,
    amountFen: o.amountFen,
    couponFen: o.couponFen,
    createdAt: o.createdAt,
    paidAt: o.paidAt,
    refundedFen: o.refundedFen,
    leaveBy: o.status === 'PAID' && o.paidAt !== null ? leaveByOf(o.paidAt, o.graceMinutes) : null,
  }
}

/** The views of orders as `openid` may see their lots' names (per the usage rules of each plate). */
async function orderViews(openid: string, list: Array<Doc<OrderDoc>>) {
  const lotIds = [...new Set(list.map((o) => o.lotId))]
  const [lotDocs, usages] = await Promise.all([
    Promise.all(lotIds.map((id) => loadParkingLot(id).catch(() => null))),
    usagesOf(
      openid,
      list.flatMap((o) => (o.plate ? [o.plate] : [])),
    ),
  ])
  const names = new Map(lotIds.map((id, i) => [id, lotDocs[i]?.name ?? '']))
  return list.map((o) => {
    const name = names.get(o.lotId) ?? ''
    const u = o.plate ? usages.get(o.plate) : undefined
    return orderView(o, u ? lotNameFor(u.vehicle, u.relation, name) : name)
  })
}

/** One of the caller's orders. An unpaid one is confirmed with WeChat Pay first, so 支付成功 sees a payment whose notice is late. */
export async function order({ orderId }: { orderId: string }, caller: Caller) {
  let o = await orders.findOne({ _id: orderId, openid: caller.openid })
  if (!o) throw new AppError('ORDER_NOT_FOUND')
  if (o.status === 'UNPAID') {
    await driveCharge(o._id)
    o = (await orders.findOne({ _id: orderId }))!
  }
  const [view] = await orderViews(caller.openid, [o])
  return { order: view }
}

/** Newest first; orders of one instant by id, so a page boundary is well defined. */
const newestFirst = (a: Doc<OrderDoc>, b: Doc<OrderDoc>) => b.createdAt - a.createdAt || (a._id < b._id ? 1 : -1)

/**
 * A page of 我的交易记录, created before `before` (the `nextBefore` of the
 * page before). Only orders with a payment are read, so unpaid and abandoned
 * orders never push a payment off a page. A page never splits the orders of
 * one instant (the cursor is a time), unless a whole page shares it.
 */
export async function records({ before }: { before?: number }, caller: Caller) {
  const owned = (await myVehicles(caller.openid)).filter((v) => v.relation === 'OWNER')
  const created = (since?: number) =>
    since === undefined ? (before === undefined ? {} : { createdAt: _.lt(before) }) : { createdAt: before === undefined ? _.gte(since) : _.gte(since).and(_.lt(before)) }
  const page = { orderBy: ['createdAt', 'desc'] as [string, 'desc'], limit: RECORDS_PAGE + 1 }
  const lists = await Promise.all([
    orders.find({ openid: caller.openid, paidAt: _.gt(0), ...created() }, page),
    ...owned.map((v) => orders.find({ plate: v.plate, paidAt: _.gt(0), ...created(v.ownerSince) }, page)),
  ])
  const byId = new Map<string, Doc<OrderDoc>>()
  for (const o of lists.flat()) byId.set(o._id, o)
  const sorted = [...byId.values()].sort(newestFirst)
  let list = sorted.slice(0, RECORDS_PAGE)
  let nextBefore: number | null = null
  if (sorted.length > RECORDS_PAGE) {
    const cut = sorted[RECORDS_PAGE].createdAt
    const whole = list.filter((o) => o.createdAt !== cut)
    if (whole.length) list = whole
    nextBefore = list[list.length - 1].createdAt
  }
  return { orders: await orderViews(caller.openid, list), nextBefore }
}

// ── Paying ──────────────────────────────────────────────────────────────────────

/** WeChat Pay's out_trade_no: K, the Shanghai time to the second and 8 random digits (23 characters). */
export function newParkingOrderNo(): string {
  const d = new Date(now() + 8 * 3600_000)
  const p = (n: number, w = 2) => String(n).padStart(w, '0')
  const stamp = `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`
  return `K${stamp}${p(randomInt(100_000_000), 8)}`
}

/** Gives the caller's own unpaid orders of the stay up (their coupons are released); true if there were any. */
async function giveUpUnpaid(stayId: string, openid: string): Promise<boolean> {
  const unpaid = await orders.find({ stayId, openid, status: 'UNPAID' }, { limit: 20 })
  for (const o of unpaid) await giveUpOrder(o)
  return unpaid.length > 0
}

/** ISSUED (or held by an order that will never release it) → HELD by `orderId`, or the reason it cannot be held now. */
async function holdCoupon(doc: Doc<CouponDoc>, stay: StayRecord, orderId: string, at: number): Promise<void> {
  const t = now()
  if (await coupons.update({ _id: doc._id, status: 'ISSUED' }, { status: 'HELD', heldBy: orderId, updatedAt: t })) return
  const held = await coupons.findOne({ _id: doc._id })
  if (held?.status === 'HELD' && held.heldBy && held.heldBy !== orderId && isOrphanHold(await orders.findOne({ _id: held.heldBy }))) {
    if (await coupons.update({ _id: held._id, status: 'HELD', heldBy: held.heldBy }, { heldBy: orderId, updatedAt: t })) return
  }
  const current = (await coupons.findOne({ _id: doc._id })) ?? doc
  requireApplicable(current, stay, at, orderId)
  throw new AppError('COUPON_HELD')
}

export async function pay({ stayId, couponCode, laneId }: { stayId: string; couponCode?: string; laneId?: string }, caller: Caller) {
  const loader = new BillLoader()
  const payable = await payableStay(stayId, caller, loader, now())
  const { lot, viewer } = payable
  let stay = payable.stay
  if (laneId && !lot.parking.lanes.some((l) => l.id === laneId && l.kind === 'exit')) throw new AppError('LANE_NOT_FOUND')
  // A coupon refused refuses the order before anything is written or given up.
  if (couponCode) await checkedCoupon(couponCode, stay, now(), caller.openid)
  if (await giveUpUnpaid(stay._id, caller.openid)) stay = (await stays.findOne({ _id: stayId }))!

  const at = now()
  const coupon = couponCode ? await checkedCoupon(couponCode, stay, at, caller.openid) : null
  const base = await billStay(stay, at, null, loader)
  if (base.fee.amountFen === 0) throw new AppError('NOTHING_DUE')
  const b = coupon ? await billStay(stay, at, coupon.benefit, loader) : base

  const orderId = newParkingOrderNo()
  const plateText = plateTextOf(stay)
  // The lot as the payer may see it: WeChat Pay's bill shows the description.
  const description = `${viewer.lotName}停车费 ${plateText}`
  const doc: OrderDoc = {
    stayId: stay._id,
    lotId: stay.lotId,
    plateText,
    plate: stay.plate,
    openid: caller.openid,
    amountFen: b.fee.amountFen,
    dueFen: base.fee.amountFen,
    couponCode: coupon?._id ?? null,
    couponFen: b.fee.couponFen,
    // Settles the stay up to the bill's time: now, or the exit of a car that left owing.
    until: b.at,
    basePaidFen: stay.paid?.fen ?? 0,
    basePaidCount: stay.paidOrders.length,
    graceMinutes: b.graceMinutes,
    // A car that has left opens no lane.
    laneId: stay.status === 'IN' ? (laneId ?? null) : null,
    status: 'UNPAID',
    createdAt: at,
    paidAt: null,
    refundNo: null,
    refundedFen: 0,
    updatedAt: at,
  }

  if (doc.amountFen === 0) {
    // The coupon covers it: written PAID with the coupon taken and the stay paid, in one transaction, or refused.
    const applied = await applyOrderPayment(orderId, at, doc)
    if (applied.outcome !== 'applied') throw new AppError('CONFLICT', '该车辆的费用刚刚已支付，请刷新后重试')
    await afterPaid(applied.order, applied.stay, { notify: true })
    return { orderId, amountFen: 0, description, payment: null, order: orderView(applied.order, viewer.lotName) }
  }

  await orders.insert(orderId, doc)
  let charge
  try {
    charge = await openCharge(orderId, { domain: 'parking', ref: orderId, openid: caller.openid, amountFen: doc.amountFen, description })
  } catch (e) {
    await closeOrder(orderId)
    throw e
  }
  if (coupon) {
    try {
      await holdCoupon(coupon, stay, orderId, at)
    } catch (e) {
      // Never placed with WeChat Pay: given up through the payment path (or by the sweep if that fails now).
      await giveUpOrder({ ...doc, _id: orderId }).catch((err) => console.error('[parking] giving up an order whose coupon was taken failed; the sweep closes it', orderId, err))
      throw e
    }
  }
  // If WeChat Pay cannot place it, checkout closes the charge and the order (its coupon released) before refusing.
  const payment = await checkout(charge, { fresh: true })
  return { orderId, amountFen: doc.amountFen, description, payment, order: orderView({ ...doc, _id: orderId }, viewer.lotName) }
}
