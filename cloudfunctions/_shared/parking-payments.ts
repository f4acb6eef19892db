// What a parking order does when its money moves (the 'parking' domain's
// hooks on the one payment path, payments.ts), and the two writes an order
// takes: its payment applied to the stay, or the order closed unpaid.
//
// Decisions:
// - A payment applies to the stay only if nothing was applied since the bill
//   was made (the stay's paid sum and count still equal the order's base) and
//   the order's coupon is still its own (held by it, free, or held by an order
//   that will never release it: parking-bill.ts isOrphanHold). Then, in one
//   transaction: the order PAID, the coupon USED, the stay's `paid` moved to
//   the order's `until` and the order added to `paidOrders`. A late payment
//   of a closed order applies the same way.
// - Anything else is money paid twice for one stay (two accounts paying one
//   unverified car, a closed order paid after a newer one) or for a coupon
//   that went elsewhere. That is decided once, in the same transaction that
//   would have applied it: the order is closed with its refund number
//   `R<order id>` and paidAt, its coupon released if it held it; only then is
//   the refund recorded and asked for. A later run finds the refund number and
//   only drives that refund, so a payment is never both applied and refunded,
//   and the `refunded` hook always finds the order by its refund number, even
//   when the refund finished before anything else was written. The order
//   shows 退款中 until WeChat Pay confirms the refund, then 已退款.
// - Every hook is idempotent and safe to run twice at once: the transaction
//   reads what it writes (a concurrent run commits first or retries and finds
//   the order PAID or closed for refund), the refund is recorded under a
//   stable number, the lane command under the order's id. Only the run that
//   applied the payment sends the payment notice.
// - A payment made at an exit lane opens it only while the lane's waiting car
//   is this stay's (parking-lanes.ts waitsAtLane), with an `open` that expires:
//   a payment applied long after (by the sweep) opens nothing.
// - An order is written before its charge and both before its coupon is held
//   (driver.ts pay), so every hold belongs to an order with a charge, which
//   the payments sweep closes at its expiry (releasing the coupon). An order
//   whose pay stopped before its charge was opened holds no coupon; the sweep
//   closes it too (sweepUnchargedOrders), and nobody can have paid it.
import { AppError } from '../../src/domain/errors'
import { stayMinutes } from '../../src/domain/parking/fee'
import { _, type Doc } from './cloud'
import { now } from './clock'
import { isOrphanHold } from './parking-bill'
import { loadParkingLot } from './parking-context'
import { sendOpen, waitsAtLane } from './parking-lanes'
import { orders, stays, type CouponDoc, type OrderDoc, type StayDoc } from './parking-records'
import type { PayDomainHooks } from './pay-domains'
import { charges, driveRefund, expireCharge, requestRefund, type ChargeDoc } from './payments'
import { inTransaction, type Tx } from './transaction'
import { isLocked } from './vehicle-locks'
import { notifyVehicle } from './vehicle-notices'

const MINUTE = 60_000

/** One refund per order, retried under the same number. */
export const orderRefundNo = (orderId: string) => `R${orderId}`

/** The lane command a payment at an exit lane sends, one per order. */
export const laneCommandIdOf = (orderId: string) => `open-${orderId}`

/** An unpaid order this long without a charge is one whose pay stopped before opening it (a pay takes seconds). */
export const ORDER_WITHOUT_CHARGE_MS = 5 * MINUTE

export type ApplyOutcome = 'applied' | 'already' | 'duplicate'

/** Whether the order may take its coupon: held by it, free, or held by an order that will never release it. */
async function couponIsOurs(tx: Tx, coupon: Doc<CouponDoc> | null, orderId: string): Promise<boolean> {
  if (!coupon) return false
  if (coupon.status === 'ISSUED') return true
  if (coupon.status !== 'HELD') return false
  if (coupon.heldBy === orderId) return true
  return isOrphanHold(coupon.heldBy ? await tx.get<OrderDoc>('parking_orders', coupon.heldBy) : null)
}

/**
 * Applies an order's payment to its stay, or closes it for a full refund, in
 * one transaction (see the decisions above). `fresh` is an order of ¥0 (its
 * coupon covers it) not yet written: it is written PAID with the rest, or the
 * call is refused (the coupon taken meanwhile, or the stay paid since) and
 * nothing is written.
 */
export async function applyOrderPayment(
  orderId: string,
  paidAt: number,
  fresh?: OrderDoc,
): Promise<{ outcome: ApplyOutcome; order: Doc<OrderDoc>; stay: Doc<StayDoc> | null }> {
  return inTransaction(async (tx) => {
    const order = fresh ? { ...fresh, _id: orderId } : await tx.get<OrderDoc>('parking_orders', orderId)
    if (!order) throw new Error(`parking order ${orderId} not found`)
    if (order.status === 'PAID') return { outcome: 'already' as const, order, stay: null }
    // Decided before: closed for a refund.
    if (order.status === 'REFUNDED' || order.refundNo) return { outcome: 'duplicate' as const, order, stay: null }
    const stay = await tx.get<StayDoc>('stays', order.stayId)
    const coupon = order.couponCode ? await tx.get<CouponDoc>('coupons', order.couponCode) : null
    const ours = !order.couponCode || (await couponIsOurs(tx, coupon, orderId))
    const paidFen = stay?.paid?.fen ?? 0
    const nothingSince = !!stay && paidFen === order.basePaidFen && stay.paidOrders.length === order.basePaidCount && !stay.paidOrders.includes(orderId)
    const t = now()

    if (!ours || !nothingSince) {
      if (fresh) {
        if (!ours) throw new AppError(coupon?.status === 'USED' ? 'COUPON_USED' : coupon?.status === 'WITHDRAWN' ? 'COUPON_WITHDRAWN' : 'COUPON_HELD')
        throw new AppError('CONFLICT', '该车辆的费用刚刚已支付，请刷新后重试')
      }
      // Money that cannot be applied: closed for a full refund, here and once.
      const set = { status: 'CLOSED' as const, refundNo: orderRefundNo(orderId), paidAt, updatedAt: t }
      await tx.update('parking_orders', orderId, set)
      if (coupon?.status === 'HELD' && coupon.heldBy === orderId) await tx.update('coupons', coupon._id, { status: 'ISSUED', heldBy: null, updatedAt: t })
      return { outcome: 'duplicate' as const, order: { ...order, ...set }, stay }
    }

    const paidOrder: Doc<OrderDoc> = { ...order, status: 'PAID', paidAt, updatedAt: t }
    const { _id, ...orderData } = paidOrder
    if (fresh) await tx.set<OrderDoc>('parking_orders', orderId, orderData)
    else await tx.update('parking_orders', orderId, { status: 'PAID', paidAt, updatedAt: t })
    if (coupon) await tx.update('coupons', coupon._id, { status: 'USED', heldBy: orderId, usedAt: paidAt, updatedAt: t })
    const paid = { fen: paidFen + order.amountFen, until: order.until, at: paidAt }
    const paidOrders = [...stay!.paidOrders, orderId]
    await tx.update('stays', stay!._id, { paid, paidOrders, updatedAt: t })
    return { outcome: 'applied' as const, order: paidOrder, stay: { ...stay!, paid, paidOrders } }
  })
}

/**
 * Closes an unpaid order and releases its coupon (only if this order holds
 * it), in one transaction. An order already closed or paid is left as it is.
 */
export async function closeOrder(orderId: string): Promise<Doc<OrderDoc> | null> {
  return inTransaction(async (tx) => {
    const order = await tx.get<OrderDoc>('parking_orders', orderId)
    if (!order || order.status !== 'UNPAID') return order
    const t = now()
    if (order.couponCode) {
      const coupon = await tx.get<CouponDoc>('coupons', order.couponCode)
      if (coupon?.status === 'HELD' && coupon.heldBy === orderId) await tx.update('coupons', coupon._id, { status: 'ISSUED', heldBy: null, updatedAt: t })
    }
    const set = { status: 'CLOSED' as const, updatedAt: t }
    await tx.update('parking_orders', orderId, set)
    return { ...order, ...set }
  })
}

/**
 * Gives an unpaid order up through the payment path: its charge expires now
 * and is closed with WeChat Pay before the order (and its coupon) is; if the
 * payer had in fact just paid, the payment is found and applied instead. An
 * order without a charge is closed directly once ORDER_WITHOUT_CHARGE_MS old
 * (younger, its pay may be opening the charge right now).
 */
export async function giveUpOrder(order: Doc<OrderDoc>): Promise<void> {
  const driven = await expireCharge(order._id)
  if (driven === null && now() - order.createdAt >= ORDER_WITHOUT_CHARGE_MS) await closeOrder(order._id)
}

/** Opens the exit lane an order was paid at, once per order, if the car waiting there is still this stay's. */
async function openLaneFor(order: Doc<OrderDoc>) {
  if (!order.laneId) return
  const stay = await stays.findOne({ _id: order.stayId })
  if (!stay || !(await waitsAtLane(stay, order.laneId, now()))) return
  // Paid, but locked (锁车): the payment stands, the barrier stays shut until the car is unlocked and read again.
  if (await isLocked(stay.plate)) return
  await sendOpen(laneCommandIdOf(order._id), { lotId: order.lotId, laneId: order.laneId, stayId: order.stayId, reason: 'paid', by: order._id }, { again: false })
}

/** The stay's other unpaid orders would only be paid twice now: give them up (the sweep would at their expiry). */
async function giveUpOthers(order: Doc<OrderDoc>) {
  const others = await orders.find({ stayId: order.stayId, status: 'UNPAID', _id: _.neq(order._id) }, { limit: 20 })
  for (const o of others) {
    try {
      await giveUpOrder(o)
    } catch (e) {
      console.error('[parking] giving up an unpaid order failed; the sweep closes it', o._id, e)
    }
  }
}

/** What follows a payment applied now: the lane opens, the payer is told, other unpaid orders go. */
export async function afterPaid(order: Doc<OrderDoc>, stay: Doc<StayDoc> | null, opts: { notify: boolean }) {
  await openLaneFor(order)
  if (opts.notify && stay) {
    const lot = await loadParkingLot(order.lotId).catch(() => null)
    await notifyVehicle(stay.plate ?? stay.tempPlate ?? order.plateText, { kind: 'PAYMENT' }, order.openid, {
      lotName: lot?.name ?? '',
      minutes: stayMinutes(stay.entryAt, order.until),
      amountFen: order.amountFen,
    })
  }
  await giveUpOthers(order)
}

/** The refund the transaction decided on, recorded and asked for under the number it wrote. */
async function refundDuplicate(charge: Doc<ChargeDoc>, order: Doc<OrderDoc>) {
  if (order.status === 'REFUNDED') return
  const r = await requestRefund(charge, order.refundNo ?? orderRefundNo(order._id), charge.amountFen, '停车费重复支付，全额退款')
  await driveRefund(r._id)
}

/**
 * The sweep's part: unpaid orders ORDER_WITHOUT_CHARGE_MS old that have no
 * charge (their pay stopped before opening it) are closed, their coupon
 * released if they held one. Orders with a charge are the payments sweep's.
 */
export async function sweepUnchargedOrders(limit = 50): Promise<{ closed: number }> {
  const list = await orders.find({ status: 'UNPAID', createdAt: _.lte(now() - ORDER_WITHOUT_CHARGE_MS) }, { orderBy: ['createdAt', 'asc'], limit })
  if (!list.length) return { closed: 0 }
  const charged = new Set((await charges.find({ _id: _.in(list.map((o) => o._id)) }, { limit })).map((c) => c._id))
  let closed = 0
  for (const o of list) {
    if (charged.has(o._id)) continue
    await closeOrder(o._id)
    closed++
  }
  return { closed }
}

export const parkingPayHooks: PayDomainHooks = {
  async paid(charge) {
    const { outcome, order, stay } = await applyOrderPayment(charge.ref, charge.paidAt ?? now())
    if (outcome === 'duplicate') return refundDuplicate(charge, order)
    // 'already': a run before this one applied it (and may have stopped short of the lane command).
    await afterPaid(order, stay, { notify: outcome === 'applied' })
  },

  async closed(charge) {
    await closeOrder(charge.ref)
  },

  async refunded(refund) {
    const t = now()
    await orders.update(
      { _id: refund.ref, refundNo: refund._id, status: _.neq('REFUNDED') },
      { status: 'REFUNDED', refundedFen: refund.amountFen, updatedAt: t },
    )
  },
}
