// What a parking order does when its money moves (the 'parking' domain's
// hooks on the one payment path, payments.ts), and the two writes an order
// takes: its payment applied to the stay, or the order closed unpaid.
//
// Decisions:
// - A payment applies to the stay only if nothing was applied since the bill
//   was made (the stay's paid sum and count still equal the order's base) and
//   the order's coupon is still its own (held by it, or released and free to
//   take again after the order was closed). Then, in one transaction: the
//   order PAID, the coupon USED, the stay's `paid` moved to the order's
//   `until` and the order added to `paidOrders`. A late payment of a closed
//   order applies the same way.
// - Anything else is money paid twice for one stay (two accounts paying one
//   unverified car, a closed order paid after a newer one) or for a coupon
//   that went elsewhere: it is refunded in full under `R<order id>`, the
//   order shows 已关闭 with the refund until WeChat Pay confirms it, then
//   已退款. First money wins; nothing is ever applied twice.
// - Every hook is idempotent and safe to run twice at once: the transaction
//   reads what it writes (a concurrent run commits first or retries and finds
//   the order PAID), the refund is recorded under a stable number, the lane
//   command under the order's id. Only the run that applied the payment sends
//   the payment notice.
import type { Doc } from './cloud'
import { _ } from './cloud'
import { now } from './clock'
import { isDuplicateKey } from './db-errors'
import { stayMinutes } from '../../src/domain/parking/fee'
import { loadParkingLot } from './parking-context'
import { laneCommands, orders, type CouponDoc, type OrderDoc, type StayDoc } from './parking-records'
import type { PayDomainHooks } from './pay-domains'
import { driveRefund, expireCharge, requestRefund, type ChargeDoc } from './payments'
import { inTransaction } from './transaction'
import { notifyVehicle } from './vehicle-notices'

/** One refund per order, retried under the same number. */
export const orderRefundNo = (orderId: string) => `R${orderId}`

/** The lane command a payment at an exit lane sends, one per order. */
export const laneCommandIdOf = (orderId: string) => `open-${orderId}`

export type ApplyOutcome = 'applied' | 'already' | 'duplicate'

/**
 * Applies an order's payment to its stay, in one transaction (see the
 * decisions above). `fresh` is an order of ¥0 not yet written: it is written
 * PAID with the rest, or not at all.
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
    if (order.status === 'REFUNDED' || order.refundNo) return { outcome: 'duplicate' as const, order, stay: null }
    const stay = await tx.get<StayDoc>('stays', order.stayId)
    if (!stay) return { outcome: 'duplicate' as const, order, stay: null }
    let coupon: Doc<CouponDoc> | null = null
    if (order.couponCode) {
      coupon = await tx.get<CouponDoc>('coupons', order.couponCode)
      const ours = !!coupon && ((coupon.status === 'HELD' && coupon.heldBy === orderId) || (coupon.status === 'ISSUED' && order.status === 'CLOSED'))
      if (!ours) return { outcome: 'duplicate' as const, order, stay }
    }
    const paidFen = stay.paid?.fen ?? 0
    if (paidFen !== order.basePaidFen || stay.paidOrders.length !== order.basePaidCount || stay.paidOrders.includes(orderId)) {
      return { outcome: 'duplicate' as const, order, stay }
    }
    const t = now()
    const paidOrder: Doc<OrderDoc> = { ...order, status: 'PAID', paidAt, updatedAt: t }
    const { _id, ...orderData } = paidOrder
    if (fresh) await tx.set<OrderDoc>('parking_orders', orderId, orderData)
    else await tx.update('parking_orders', orderId, { status: 'PAID', paidAt, updatedAt: t })
    if (coupon) await tx.update('coupons', coupon._id, { status: 'USED', heldBy: orderId, usedAt: paidAt, updatedAt: t })
    const paid = { fen: paidFen + order.amountFen, until: order.until, at: paidAt }
    const paidOrders = [...stay.paidOrders, orderId]
    await tx.update('stays', stay._id, { paid, paidOrders, updatedAt: t })
    return { outcome: 'applied' as const, order: paidOrder, stay: { ...stay, paid, paidOrders } }
  })
}

/**
 * Closes an unpaid order and releases its coupon (only if this order holds
 * it), in one transaction; `changes` are written with it (a refund number).
 * An order already closed takes only the changes; a paid one nothing.
 */
export async function closeOrder(orderId: string, changes: Partial<OrderDoc> = {}): Promise<Doc<OrderDoc> | null> {
  return inTransaction(async (tx) => {
    const order = await tx.get<OrderDoc>('parking_orders', orderId)
    if (!order || (order.status !== 'UNPAID' && order.status !== 'CLOSED')) return order
    const t = now()
    if (order.couponCode && order.status === 'UNPAID') {
      const coupon = await tx.get<CouponDoc>('coupons', order.couponCode)
      if (coupon?.status === 'HELD' && coupon.heldBy === orderId) await tx.update('coupons', coupon._id, { status: 'ISSUED', heldBy: null, updatedAt: t })
    }
    const set = { ...changes, status: 'CLOSED' as const, updatedAt: t }
    await tx.update('parking_orders', orderId, set)
    return { ...order, ...set }
  })
}

/** Opens the exit lane an order was paid at (once per order, whoever asks twice). */
async function openLaneFor(order: Doc<OrderDoc>) {
  if (!order.laneId) return
  try {
    await laneCommands.insert(laneCommandIdOf(order._id), {
      lotId: order.lotId,
      laneId: order.laneId,
      command: 'open',
      stayId: order.stayId,
      reason: 'paid',
      by: order._id,
      status: 'pending',
      createdAt: now(),
    })
  } catch (e) {
    if (!isDuplicateKey(e)) throw e
  }
}

/** The stay's other unpaid orders would only be paid twice now: give them up (the sweep would at their expiry). */
async function giveUpOthers(order: Doc<OrderDoc>) {
  const others = await orders.find({ stayId: order.stayId, status: 'UNPAID', _id: _.neq(order._id) }, { limit: 20 })
  for (const o of others) {
    try {
      if (o.amountFen > 0) await expireCharge(o._id)
      else await closeOrder(o._id)
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

/** A payment that cannot be applied: recorded for refund first, the order closed with it, then the refund asked for. */
async function refundPayment(charge: Doc<ChargeDoc>, order: Doc<OrderDoc>) {
  const r = await requestRefund(charge, orderRefundNo(order._id), charge.amountFen, '停车费重复支付，全额退款')
  if (order.status !== 'REFUNDED' && order.refundNo !== r._id) await closeOrder(order._id, { paidAt: charge.paidAt ?? now(), refundNo: r._id })
  await driveRefund(r._id)
}

export const parkingPayHooks: PayDomainHooks = {
  async paid(charge) {
    const { outcome, order, stay } = await applyOrderPayment(charge.ref, charge.paidAt ?? now())
    if (outcome === 'duplicate') return refundPayment(charge, order)
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
