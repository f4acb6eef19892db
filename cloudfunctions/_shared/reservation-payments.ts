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
// - A charge closed unpaid closes the reservation (已失效) only while that
//   charge is its current one; closing frees its place.
// - A refund confirmed moves the reservation to 已退款 only when it is the
//   refund the reservation owes (its refundNo); a refund of a stray payment
//   leaves the reservation as it is.
// - Unpaid past payBy: a reservation with a charge is given up through the
//   payment path (closed with WeChat Pay first; if the payer did pay, the
//   payment is found and confirms or is refunded); one without a charge is
//   closed directly.
// - No-shows: 待入场 reservations whose window has passed become 爽约 and free
//   their place; their fee is refunded when the lot says so.
import { formatYuan } from '../../src/domain/money'
import { formatPlate } from '../../src/domain/plate'
import { formatWindow, noShowRefundFen } from '../../src/domain/reservation/rules'
import { _, type Doc } from './cloud'
import { now } from './clock'
import { loadParkingLot } from './parking-context'
import type { PayDomainHooks } from './pay-domains'
import { driveRefund, expireCharge, loadCharge, requestRefund, type ChargeDoc } from './payments'
import { moveReservation, reservations, settingsOf, type ReservationDoc } from './reservations'
import { sendSubscribe } from './subscribe'

const MINUTE = 60_000
/** A charge number set on a reservation whose charge was never written (its pay died) is given up this long after payBy. */
const MISSING_CHARGE_GRACE_MS = 5 * MINUTE

export const chargeNoOf = (reservationId: string, seq: number) => `${reservationId}P${seq}`
export const refundNoOf = (chargeId: string) => `R${chargeId}`

/** 预定信息提醒 to the booker: a subscribe message (weapp asked for it before booking). Never throws. */
export async function notifyBooked(r: Doc<ReservationDoc>): Promise<void> {
  const lot = await loadParkingLot(r.lotId).catch(() => null)
  await sendSubscribe(r.openid, 'WX_TEMPLATE_RESERVATION', 'packages/reservation/pages/mine/index', {
    thing1: lot?.name ?? '停车场',
    car_number2: formatPlate(r.plate),
    time3: formatWindow({ from: r.windowFrom, until: r.windowUntil }),
    amount4: `${formatYuan(r.paidFen)}元`,
    thing5: '请在预约时段内入场，车位满时也可入场',
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

export const reservationPayHooks: PayDomainHooks = {
  async paid(charge) {
    const r = await reservations.findOne({ _id: charge.ref })
    if (!r) throw new Error(`reservation ${charge.ref} not found for charge ${charge._id}`)
    if (r.chargeId === charge._id && r.status === 'AWAITING_PAYMENT') {
      const booked = await moveReservation(r, 'BOOKED', { paidFen: charge.amountFen, paidAt: charge.paidAt ?? now(), payBy: null }, { chargeId: charge._id })
      if (booked) return notifyBooked(booked)
      return reservationPayHooks.paid(charge) // something moved it first: decide again on what it is now
    }
    // Already confirmed by this charge (a repeated notice): nothing to do.
    if (r.chargeId === charge._id && r.paidAt !== null && r.paidFen === charge.amountFen) return
    // The reservation closed (expired or cancelled unpaid) with this as its charge: it owes this refund, and reads 已退款 once it is done.
    if (r.chargeId === charge._id && (r.status === 'CLOSED' || r.status === 'CANCELLED')) {
      const refundNo = refundNoOf(charge._id)
      await reservations.update({ _id: r._id, status: r.status, refundNo: null }, { refundNo, refundFen: charge.amountFen, updatedAt: now() })
      const current = await reservations.findOne({ _id: r._id })
      if (current?.refundNo === refundNo) return driveOwedRefund(current, '预定已失效，预约费全额退款')
    }
    return refundStray(charge, '预定已失效，预约费全额退款')
  },

  async closed(charge) {
    const r = await reservations.findOne({ _id: charge.ref })
    if (!r || r.status !== 'AWAITING_PAYMENT' || r.chargeId !== charge._id) return
    await moveReservation(r, 'CLOSED', {}, { chargeId: charge._id })
  },

  async refunded(refund) {
    await reservations.update(
      { _id: refund.ref, refundNo: refund._id, status: _.in(['CANCELLED', 'NO_SHOW', 'CLOSED']) },
      { status: 'REFUNDED', refundedFen: refund.amountFen, updatedAt: now() },
    )
  },
}

/** Unpaid past payBy: given up (see the decisions). */
async function expireUnpaid(limit: number): Promise<number> {
  const t = now()
  const list = await reservations.find({ status: 'AWAITING_PAYMENT', payBy: _.lte(t) }, { orderBy: ['payBy', 'asc'], limit })
  let done = 0
  for (const r of list) {
    if (!r.chargeId) {
      if (await moveReservation(r, 'CLOSED', {}, { chargeId: null })) done++
      continue
    }
    const driven = await expireCharge(r.chargeId)
    if (driven === null && t - (r.payBy ?? t) >= MISSING_CHARGE_GRACE_MS) {
      if (await moveReservation(r, 'CLOSED', {}, { chargeId: r.chargeId })) done++
    } else if (driven) done++
  }
  return done
}

/** 待入场 past the window: 爽约, the place freed, the fee refunded when the lot says so. */
async function markNoShows(limit: number): Promise<number> {
  const t = now()
  const list = await reservations.find({ status: 'BOOKED', windowUntil: _.lt(t) }, { orderBy: ['windowUntil', 'asc'], limit })
  let done = 0
  for (const r of list) {
    const { settings } = await settingsOf(r.lotId)
    const refundFen = noShowRefundFen(settings, r.paidFen)
    const refund = refundFen > 0 && r.chargeId ? { refundNo: refundNoOf(r.chargeId), refundFen } : {}
    const missed = await moveReservation(r, 'NO_SHOW', { noShowAt: t, ...refund })
    if (!missed) continue
    done++
    if (missed.refundNo) await driveOwedRefund(missed, '预定爽约，预约费按停车场规则退还')
  }
  return done
}

/**
 * Refunds a reservation owes whose refund was never recorded (the cancel or
 * the sweep stopped between deciding and asking): recorded now; the payments
 * sweep drives every recorded refund.
 */
async function recordOwedRefunds(limit: number): Promise<number> {
  const list = await reservations.find({ refundAskedAt: null, refundFen: _.gt(0), updatedAt: _.lte(now() - MINUTE) }, { orderBy: ['updatedAt', 'asc'], limit })
  let done = 0
  for (const r of list) {
    if (!r.refundNo || !r.chargeId) continue
    await driveOwedRefund(r, '预定退款')
    done++
  }
  return done
}

/** The sweep's job for reservations. */
export async function sweepReservations(limit = 50): Promise<{ expired: number; noShows: number; refunds: number }> {
  const expired = await expireUnpaid(limit)
  const noShows = await markNoShows(limit)
  const recorded = await recordOwedRefunds(limit)
  return { expired, noShows, refunds: recorded }
}

