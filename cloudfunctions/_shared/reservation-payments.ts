// What a reservation does when its money moves (the 'reservation' domain's
// hooks on the one payment path, payments.ts), its refunds, its notice, and
// the sweep's part: unpaid reservations past their time and no-shows.
//
// Decisions:
// - A payment confirms the reservation only if it is still 待支付 and the
//   charge is its current one (the pay screen may have changed the vehicle
//   kind, which opens a new charge): one conditional update, so of a payment
//   and an expiry (or a cancel) one wins. Any other payment — the
//   reservation expired, was cancelled, or another charge paid it — is money
//   that cannot be used and is refunded in full under `R<charge id>`, once.
// - A payment confirmed after the window has ended is of no use
//   (rules.ts paymentUsable): the reservation closes (已失效) and the money
//   goes back in full.
// - A charge closed unpaid closes the reservation (已失效) only while that
//   charge is its current one and its time to pay is over; closed earlier
//   (WeChat Pay could not place the order), the reservation stays 待支付
//   without a charge, so the payer can try again.
// - A refund confirmed moves the reservation to 已退款 only when it is the
//   refund the reservation owes (its refundNo); a refund of a stray payment
//   leaves the reservation as it is.
// - Unpaid past payBy: a reservation's charge expires at payBy too, so the
//   payments sweep closes it with WeChat Pay (finding a payment if the payer
//   did pay) and the hooks move the reservation; the reservation sweep closes
//   only those without a charge (never taken to 微信支付, or whose pay died
//   before writing it).
// - No-shows: 待入场 reservations whose window has passed become 爽约 (counted
//   at the window's end) and free their place; their fee is refunded when
//   they were booked under refundNoShow. A reservation whose car is in the
//   lot, having entered before the window ended (too early for the gate to
//   use it), is no no-show: it is used by that stay, which takes its fee.
// - Each reservation is its own step: one that fails is logged and tried
//   again next minute, after the others.
import { formatYuan } from '../../src/domain/money'
import { noShowRefundFen, paymentUsable } from '../../src/domain/reservation/rules'
import { shanghai } from '../../src/domain/time'
import { _, type Doc } from './cloud'
import { now } from './clock'
import { loadParkingLot, openStayOf } from './parking-context'
import { stays } from './parking-records'
import { useReservation } from './reservation-gate'
import type { PayDomainHooks } from './pay-domains'
import { charges, driveRefund, loadCharge, requestRefund, type ChargeDoc } from './payments'
import { moveReservation, reservations, type ReservationDoc } from './reservations'
import { sendSubscribe } from './subscribe'

const MINUTE = 60_000
/** A charge number set on a reservation whose charge was never written (its pay died) is given up this long after payBy. */
const MISSING_CHARGE_GRACE_MS = 5 * MINUTE

export const chargeNoOf = (reservationId: string, seq: number) => `${reservationId}P${seq}`
export const refundNoOf = (chargeId: string) => `R${chargeId}`

/**
 * 预定信息提醒 to the booker: a subscribe message (weapp asked for it before
 * booking). Fields as WeChat's types take them: the plate without its dot,
 * the arrival as a date-time, the window in a thing. Never throws.
 */
export async function notifyBooked(r: Doc<ReservationDoc>): Promise<void> {
  const lot = await loadParkingLot(r.lotId).catch(() => null)
  // The day is in time3; a thing holds 20 characters.
  const window = `${shanghai(r.windowFrom).format('HH:mm')}~${shanghai(r.windowUntil).format('HH:mm')}`
  await sendSubscribe(r.openid, 'WX_TEMPLATE_RESERVATION', 'packages/reservation/pages/mine/index', {
    thing1: lot?.name ?? '停车场',
    car_number2: r.plate,
    time3: shanghai(r.arrivalAt).format('YYYY年MM月DD日 HH:mm'),
    amount4: `${formatYuan(r.paidFen)}元`,
    thing5: `请于${window}入场`,
  })
}

/** Asks for (or drives on) the refund a reservation owes under its refundNo. */
export async function driveOwedRefund(r: Pick<Doc<ReservationDoc>, '_id' | 'chargeId' | 'refundNo' | 'refundFen'>, reason: string): Promise<void> {
  if (!r.refundNo || r.refundFen <= 0 || !r.chargeId) return
  const charge = await loadCharge(r.chargeId)
  if (!charge) throw new Error(`reservation ${r._id}: charge ${r.chargeId} not found for its refund`)
  const refund = await requestRefund(charge, r.refundNo, r.refundFen, reason)
  await reservations.update({ _id: r._id, refundAskedAt: null }, { refundAskedAt: now() })
  await driveRefund(refund._id)
}

async function refundStray(charge: Doc<ChargeDoc>, reason: string) {
  const refund = await requestRefund(charge, refundNoOf(charge._id), charge.amountFen, reason)
  await driveRefund(refund._id)
}

/** The reservation closed with `charge` as its current one and that charge then paid: it owes the payment back, and reads 已退款 once it is done. */
async function refundClosed(r: Doc<ReservationDoc>, charge: Doc<ChargeDoc>, reason: string) {
  const refundNo = refundNoOf(charge._id)
  await reservations.update({ _id: r._id, status: r.status, refundNo: null }, { refundNo, refundFen: charge.amountFen, refundAskedAt: null, updatedAt: now() })
  const current = await reservations.findOne({ _id: r._id })
  if (current?.refundNo === refundNo) return driveOwedRefund(current, reason)
  return refundStray(charge, reason)
}

export const reservationPayHooks: PayDomainHooks = {
  async paid(charge) {
    const r = await reservations.findOne({ _id: charge.ref })
    if (!r) throw new Error(`reservation ${charge.ref} not found for charge ${charge._id}`)
    const paidAt = charge.paidAt ?? now()
    const window = { from: r.windowFrom, until: r.windowUntil }
    if (r.chargeId === charge._id && r.status === 'AWAITING_PAYMENT') {
      // Paid too late to be used: closed, and the money goes back.
      const moved = paymentUsable(window, paidAt)
        ? await moveReservation(r, 'PAY', { paidFen: charge.amountFen, paidAt, payBy: null }, { chargeId: charge._id })
        : await moveReservation(r, 'EXPIRE', {}, { chargeId: charge._id })
      if (moved?.status === 'BOOKED') return notifyBooked(moved)
      if (moved) return refundClosed(moved, charge, '预定入场时段已过，预约费全额退款')
      return reservationPayHooks.paid(charge) // something moved it first: decide again on what it is now
    }
    // Already confirmed by this charge (a repeated notice): nothing to do.
    if (r.chargeId === charge._id && r.paidAt !== null && r.paidFen === charge.amountFen) return
    if (r.chargeId === charge._id && (r.status === 'CLOSED' || r.status === 'CANCELLED')) return refundClosed(r, charge, '预定已失效，预约费全额退款')
    return refundStray(charge, '预定已失效，预约费全额退款')
  },

  async closed(charge) {
    const r = await reservations.findOne({ _id: charge.ref })
    if (!r || r.status !== 'AWAITING_PAYMENT' || r.chargeId !== charge._id) return
    if (r.payBy !== null && now() < r.payBy) {
      // Closed before its time (WeChat Pay could not place it): the payer may try again.
      await reservations.update({ _id: r._id, status: 'AWAITING_PAYMENT', chargeId: charge._id }, { chargeId: null, updatedAt: now() })
      return
    }
    await moveReservation(r, 'EXPIRE', {}, { chargeId: charge._id })
  },

  async refunded(refund) {
    const r = await reservations.findOne({ _id: refund.ref, refundNo: refund._id })
    if (r) await moveReservation(r, 'REFUND', { refundedFen: refund.amountFen }, { refundNo: refund._id })
  },
}

/** Runs `step` for each item, one failure not stopping the rest; how many did something. */
async function each<T>(job: string, items: T[], step: (item: T) => Promise<boolean>): Promise<number> {
  let done = 0
  for (const item of items) {
    try {
      if (await step(item)) done++
    } catch (e) {
      console.error(`[reservation] ${job} failed; tried again next run`, e)
    }
  }
  return done
}

/** Unpaid past payBy without a charge to drive (see the decisions). */
async function expireUnpaid(limit: number): Promise<number> {
  const t = now()
  const list = await reservations.find({ status: 'AWAITING_PAYMENT', payBy: _.lte(t) }, { orderBy: ['payBy', 'asc'], limit })
  const charged = new Set((await charges.find({ _id: _.in(list.map((r) => r.chargeId ?? '')) }, { limit })).map((c) => c._id))
  return each('closing an unpaid reservation', list, async (r) => {
    if (r.chargeId && charged.has(r.chargeId)) return false // the payments sweep closes it with WeChat Pay
    if (r.chargeId && t - (r.payBy ?? t) < MISSING_CHARGE_GRACE_MS) return false // its pay may be writing the charge
    return !!(await moveReservation(r, 'EXPIRE', {}, { chargeId: r.chargeId }))
  })
}

/** 待入场 past the window: 爽约, the place freed, the fee refunded when it was booked so. */
async function markNoShows(limit: number): Promise<number> {
  const t = now()
  const list = await reservations.find({ status: 'BOOKED', windowUntil: _.lt(t) }, { orderBy: ['windowUntil', 'asc'], limit })
  return each('marking a no-show', list, async (r) => {
    const inLot = await openStayOf(r.lotId, r.plate)
    if (inLot && inLot.entryAt <= r.windowUntil && !inLot.reservation) {
      const used = await useReservation(r, inLot._id, t)
      if (used) await stays.update({ _id: inLot._id, reservation: null }, { reservation: used, updatedAt: t })
      return !!used
    }
    const refundFen = noShowRefundFen(r, r.paidFen)
    const refund = refundFen > 0 && r.chargeId ? { refundNo: refundNoOf(r.chargeId), refundFen } : {}
    const missed = await moveReservation(r, 'MISS', { noShowAt: r.windowUntil, ...refund })
    if (!missed) return false
    if (missed.refundNo) await driveOwedRefund(missed, '预定爽约，预约费按预定时的规则退还')
    return true
  })
}

/**
 * Refunds a reservation owes whose refund was never recorded (the cancel or
 * the sweep stopped between deciding and asking): recorded now; the payments
 * sweep drives every recorded refund.
 */
async function recordOwedRefunds(limit: number): Promise<number> {
  const list = await reservations.find({ refundAskedAt: null, refundFen: _.gt(0), updatedAt: _.lte(now() - MINUTE) }, { orderBy: ['updatedAt', 'asc'], limit })
  return each('recording an owed refund', list, async (r) => {
    if (!r.refundNo || !r.chargeId) return false
    await driveOwedRefund(r, '预定退款')
    return true
  })
}

/** The sweep's job for reservations. */
export async function sweepReservations(limit = 50): Promise<{ expired: number; noShows: number; refunds: number }> {
  const expired = await expireUnpaid(limit)
  const noShows = await markNoShows(limit)
  const refunds = await recordOwedRefunds(limit)
  return { expired, noShows, refunds }
}
