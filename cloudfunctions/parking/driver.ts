// The driver's side of parking (seed 001 §2.1 step 3, §2.2 steps 7–15):
// lots, 当前停车, the 缴费 lookup, the bill, paying it (with a coupon held by
// the order), the order 支付成功 polls, and 我的交易记录.
//
// Decisions:
// - Who may see a bill and pay it is usage.ts' mayPay (parking-bill.ts
//   viewersOf): anyone for an unverified plate, the verified owner and the
//   accounts they authorized for a verified one, only the tied account for a
//   temporary plate. A lookup lists any plate's stays, with the lot named as
//   the caller may see it, so a driver learns their car is in a lot but not,
//   for someone else's verified car, which.
// - One unpaid order per stay: opening a new one gives the previous ones up
//   through the payment path first (closed with WeChat Pay, their coupons
//   released), then the bill is made from the stay as it is then.
// - A coupon is checked (canApply) and then held by a conditional update
//   ISSUED → HELD naming the new order, before the order is written: of
//   concurrent orders one coupon can hold one. A hold whose order was never
//   written (the function stopped in between) is released by the next hold
//   a minute later.
// - Nothing due before a coupon is NOTHING_DUE (no coupon is spent on ¥0);
//   a bill a coupon brings to ¥0 completes at once, without WeChat Pay, in
//   one transaction (parking-payments.ts applyOrderPayment).
// - 我的交易记录: the orders the caller paid, and — as the verified owner —
//   the orders paid for their plates since they own them (usage.ts: only the
//   owner sees others' orders; a holder or an authorized account sees its
//   own). Orders never paid are not transactions and are not listed.
import { randomInt } from 'node:crypto'
import { AppError } from '../../src/domain/errors'
import { lotNameFor } from '../../src/domain/vehicle/usage'
import type { Caller } from '../_shared/auth'
import { _, type Doc } from '../_shared/cloud'
import { now } from '../_shared/clock'
import { billStay, billView, BillLoader, checkedCoupon, plateTextOf, requireApplicable, requirePayer, spaceNumbers, stayCards, viewersOf, type StayRecord } from '../_shared/parking-bill'
import { freeSpaces, loadParkingLot, loadParkingLots } from '../_shared/parking-context'
import { afterPaid, applyOrderPayment, closeOrder } from '../_shared/parking-payments'
import { coupons, orders, stays, type CouponDoc, type OrderDoc, type OrderStatus } from '../_shared/parking-records'
import { checkout, driveCharge, expireCharge, openCharge } from '../_shared/payments'
import { users } from '../_shared/users'
import { myVehicles, usagesOf } from '../_shared/vehicle-usage'

const MINUTE = 60_000
/** A coupon held by an order that was never written is taken back after this long. */
const ORPHAN_HOLD_MS = MINUTE

// ── Reading ───────────────────────────────────────────────────────────────────

export async function lots() {
  const list = await loadParkingLots()
  const free = await Promise.all(list.map((l) => freeSpaces(l._id)))
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

/** The caller's plateless stays in the lots (their temporary plates), newest first. */
async function tempStaysOf(openid: string, lotId?: string): Promise<StayRecord[]> {
  const list = await stays.find({ openid, status: 'IN', ...(lotId ? { lotId } : {}) }, { orderBy: ['entryAt', 'desc'], limit: 20 })
  return list.filter((s) => !s.plate)
}

/** 首页 当前停车: the stays of the caller's vehicles (default first) and of their temporary plates. */
export async function current(_input: unknown, caller: Caller) {
  const user = await users.findOne({ openid: caller.openid })
  const mine = await myVehicles(caller.openid, user?.defaultVehicleId ?? '')
  const plates = mine.map((v) => v.plate)
  const [byPlate, temp] = await Promise.all([
    plates.length ? stays.find({ plate: _.in(plates), status: 'IN' }, { orderBy: ['entryAt', 'desc'], limit: 50 }) : Promise.resolve([]),
    tempStaysOf(caller.openid),
  ])
  const ordered = [...byPlate].sort((a, b) => plates.indexOf(a.plate!) - plates.indexOf(b.plate!))
  return { stays: await stayCards(caller.openid, [...ordered, ...temp], now()) }
}

/** 缴费: an exact plate's stays in every lot, or the caller's cars without a plate. */
export async function lookup(input: { plate: string } | { noPlate: true }, caller: Caller) {
  const list = 'plate' in input ? await stays.find({ plate: input.plate, status: 'IN' }, { orderBy: ['entryAt', 'desc'], limit: 20 }) : await tempStaysOf(caller.openid)
  return { stays: await stayCards(caller.openid, list, now()) }
}

async function openStay(stayId: string): Promise<StayRecord> {
  const stay = await stays.findOne({ _id: stayId, status: 'IN' })
  if (!stay) throw new AppError('STAY_NOT_FOUND')
  return stay
}

/** The stay, the caller's view of it, refused (NOT_YOUR_STAY) unless they may pay for it. */
async function payableStay(stayId: string, caller: Caller, loader: BillLoader) {
  const stay = await openStay(stayId)
  const lot = await loader.lot(stay.lotId)
  const viewer = (await viewersOf(caller.openid, [stay], () => lot.name)).get(stay._id)!
  requirePayer(stay, viewer)
  return { stay, lot, viewer }
}

export async function bill({ stayId, couponCode }: { stayId: string; couponCode?: string }, caller: Caller) {
  const loader = new BillLoader()
  const { stay, viewer } = await payableStay(stayId, caller, loader)
  const at = now()
  const coupon = couponCode ? await checkedCoupon(couponCode, stay, at) : null
  const [b, numbers] = await Promise.all([billStay(stay, at, coupon?.benefit ?? null, loader), spaceNumbers([stay])])
  return { bill: billView(b, viewer.lotName, stay.spaceId ? (numbers.get(stay.spaceId) ?? null) : null, coupon ? { code: coupon._id, benefit: coupon.benefit } : null) }
}

// ── Orders as the driver sees them ──────────────────────────────────────────────

const STATUS_LABELS: Record<OrderStatus, string> = { UNPAID: '待支付', PAID: '已支付', CLOSED: '已关闭', REFUNDED: '已退款' }

function orderView(o: Doc<OrderDoc>, lotName: string) {
  return {
    orderId: o._id,
    status: o.status,
    // A payment that could not be applied shows as 退款中 until WeChat Pay confirms the refund.
    statusLabel: o.status === 'CLOSED' && o.refundNo ? '退款中' : STATUS_LABELS[o.status],
    lotName,
    plateText: o.plateText,
    amountFen: o.amountFen,
    couponFen: o.couponFen,
    createdAt: o.createdAt,
    paidAt: o.paidAt,
    refundedFen: o.refundedFen,
    leaveBy: o.status === 'PAID' && o.paidAt !== null ? o.paidAt + o.graceMinutes * MINUTE : null,
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
  if (o.status === 'UNPAID' && o.amountFen > 0) {
    await driveCharge(o._id)
    o = (await orders.findOne({ _id: orderId }))!
  }
  const [view] = await orderViews(caller.openid, [o])
  return { order: view }
}

export async function records(_input: unknown, caller: Caller) {
  const owned = (await myVehicles(caller.openid)).filter((v) => v.relation === 'OWNER')
  const lists = await Promise.all([
    orders.find({ openid: caller.openid }, { orderBy: ['createdAt', 'desc'], limit: 100 }),
    ...owned.map((v) => orders.find({ plate: v.plate, createdAt: _.gte(v.ownerSince) }, { orderBy: ['createdAt', 'desc'], limit: 100 })),
  ])
  const byId = new Map<string, Doc<OrderDoc>>()
  for (const o of lists.flat()) if (o.paidAt !== null) byId.set(o._id, o)
  const list = [...byId.values()].sort((a, b) => b.createdAt - a.createdAt || (a._id < b._id ? 1 : -1)).slice(0, 100)
  return { orders: await orderViews(caller.openid, list) }
}

// ── Paying ──────────────────────────────────────────────────────────────────────

/** WeChat Pay's out_trade_no: K, the Shanghai time to the second and 8 random digits (23 characters). */
export function newParkingOrderNo(): string {
  const d = new Date(now() + 8 * 3600_000)
  const p = (n: number, w = 2) => String(n).padStart(w, '0')
  const stamp = `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`
  return `K${stamp}${p(randomInt(100_000_000), 8)}`
}

/** Gives the stay's unpaid orders up through the payment path (their coupons are released); true if there were any. */
async function giveUpUnpaid(stayId: string): Promise<boolean> {
  const unpaid = await orders.find({ stayId, status: 'UNPAID' }, { limit: 20 })
  for (const o of unpaid) {
    if (o.amountFen > 0) await expireCharge(o._id)
    else await closeOrder(o._id)
  }
  return unpaid.length > 0
}

/** ISSUED → HELD by `orderId`, or the reason it cannot be held now. */
async function holdCoupon(doc: Doc<CouponDoc>, stay: StayRecord, orderId: string, at: number): Promise<void> {
  const take = () => coupons.update({ _id: doc._id, status: 'ISSUED' }, { status: 'HELD', heldBy: orderId, updatedAt: now() })
  if (await take()) return
  const held = await coupons.findOne({ _id: doc._id })
  if (held?.status === 'HELD' && held.heldBy && now() - held.updatedAt > ORPHAN_HOLD_MS && !(await orders.findOne({ _id: held.heldBy }))) {
    await coupons.update({ _id: held._id, status: 'HELD', heldBy: held.heldBy }, { status: 'ISSUED', heldBy: null, updatedAt: now() })
    if (await take()) return
  }
  const current = (await coupons.findOne({ _id: doc._id })) ?? doc
  requireApplicable(current, stay, at, orderId)
  throw new AppError('COUPON_HELD')
}

const releaseCoupon = (code: string, orderId: string) =>
  coupons.update({ _id: code, status: 'HELD', heldBy: orderId }, { status: 'ISSUED', heldBy: null, updatedAt: now() })

export async function pay({ stayId, couponCode, laneId }: { stayId: string; couponCode?: string; laneId?: string }, caller: Caller) {
  const loader = new BillLoader()
  const payable = await payableStay(stayId, caller, loader)
  const { lot, viewer } = payable
  let stay = payable.stay
  if (laneId && !lot.parking.lanes.some((l) => l.id === laneId && l.kind === 'exit')) throw new AppError('LANE_NOT_FOUND')
  // A coupon refused refuses the order before anything is written or given up.
  if (couponCode) await checkedCoupon(couponCode, stay, now())
  if (await giveUpUnpaid(stay._id)) stay = await openStay(stayId)

  const at = now()
  const coupon = couponCode ? await checkedCoupon(couponCode, stay, at) : null
  const base = await billStay(stay, at, null, loader)
  if (base.fee.amountFen === 0) throw new AppError('NOTHING_DUE')
  const b = coupon ? await billStay(stay, at, coupon.benefit, loader) : base

  const orderId = newParkingOrderNo()
  const plateText = plateTextOf(stay)
  const description = `${lot.name}停车费 ${plateText}`
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
    until: at,
    basePaidFen: stay.paid?.fen ?? 0,
    basePaidCount: stay.paidOrders.length,
    graceMinutes: b.graceMinutes,
    laneId: laneId ?? null,
    status: 'UNPAID',
    createdAt: at,
    paidAt: null,
    refundNo: null,
    refundedFen: 0,
    updatedAt: at,
  }
  if (coupon) await holdCoupon(coupon, stay, orderId, at)

  if (doc.amountFen === 0) {
    // The coupon covers it: paid now, in one transaction with the coupon and the stay.
    const applied = await applyOrderPayment(orderId, at, doc).catch(async (e) => {
      await releaseCoupon(coupon!._id, orderId)
      throw e
    })
    if (applied.outcome !== 'applied') {
      await releaseCoupon(coupon!._id, orderId)
      throw new AppError('CONFLICT', '该车辆的费用刚刚已支付，请刷新后重试')
    }
    await afterPaid(applied.order, applied.stay, { notify: true })
    return { orderId, amountFen: 0, description, payment: null, order: orderView(applied.order, viewer.lotName) }
  }

  try {
    await orders.insert(orderId, doc)
  } catch (e) {
    if (coupon) await releaseCoupon(coupon._id, orderId)
    throw e
  }
  let charge
  try {
    charge = await openCharge(orderId, { domain: 'parking', ref: orderId, openid: caller.openid, amountFen: doc.amountFen, description })
  } catch (e) {
    await closeOrder(orderId)
    throw e
  }
  // If WeChat Pay cannot place it, checkout closes the charge and the order (its coupon released) before refusing.
  const payment = await checkout(charge, { fresh: true })
  return { orderId, amountFen: doc.amountFen, description, payment, order: orderView({ ...doc, _id: orderId }, viewer.lotName) }
}
