// The driver's side of 车位预定 (seed 001 §2.3, §2.1 step 4): 车位查询,
// 预定车位, 预约缴费, 我的预定 and 取消预定. The rules are
// src/domain/reservation/rules.ts; the records and held places
// _shared/reservations.ts; the money _shared/reservation-payments.ts.
//
// Decisions:
// - A driver may book for a plate of their 我的车辆 they may pay for
//   (usage.ts mayPay): an unverified one they hold, a verified one only as
//   its owner or an account the owner authorized; not one already in the
//   lot. The reservation belongs to the booking account; only it sees, pays
//   and cancels it.
// - Booking checks the rules on what it reads (for the refusal's words),
//   then takes the places atomically (reservations.ts takePlaces: the quota
//   and the limits cannot be beaten by concurrent requests), then writes the
//   reservation. With 预约缴费 it is 待支付 until paid, holding its place
//   for `unpaidMinutes`; else 待入场, and the booker is sent 预定信息提醒.
// - 微信支付 (pay) sets the vehicle kind chosen on the pay screen and with it
//   the fee, from the fees the reservation was booked under; the charge is opened once per kind and amount and reused when
//   the payer comes back to it. Choosing another kind opens a new charge
//   (the reservation names it first, so the old one closing changes nothing)
//   and gives the old one up through the payment path.
// - 取消预定 moves the reservation by a conditional update (of a cancel and
//   the car entering, one wins), frees its place, and records the refund the
//   rules give (and, inside the window, the 爽约) in the same write; when the
//   terms the driver confirmed have changed since (the window opened), it is
//   refused with the new ones; the refund is then asked for (the sweep
//   asks again if this stops midway). An unpaid reservation's charge is given
//   up: if the payer had just paid, the payment is refunded in full.
import { AppError } from '../../src/domain/errors'
import { VEHICLE_KIND_LABELS, vehicleKindOfPlate, type VehicleKind } from '../../src/domain/parking/fee'
import { maskPhone } from '../../src/domain/phone'
import { formatPlate, normalizePlate } from '../../src/domain/plate'
import { bookingRefusal, cancelTerms, describeSettings, entryWindow, formatWindow, lotOffer, monthOf, payByOf, prepayFenFor } from '../../src/domain/reservation/rules'
import { reservationStatusLabel } from '../../src/domain/reservation/status'
import { shanghai } from '../../src/domain/time'
import { mayPay } from '../../src/domain/vehicle/usage'
import type { Caller } from '../_shared/auth'
import { _, type Doc } from '../_shared/cloud'
import { now } from '../_shared/clock'
import { loadParkingLot, loadParkingLots, openStayOf, type ParkingLotDoc } from '../_shared/parking-context'
import { freeForWalkIns } from '../_shared/reservation-gate'
import { checkout, expireCharge, loadCharge, openCharge } from '../_shared/payments'
import { chargeNoOf, driveOwedRefund, notifyBooked, refundNoOf } from '../_shared/reservation-payments'
import {
  accountKey,
  moveReservation,
  newReservationNo,
  plateKey,
  releasePlaces,
  reservationHolds,
  reservations,
  settingsOf,
  takePlaces,
  type ReservationDoc,
} from '../_shared/reservations'
import { users } from '../_shared/users'
import { myVehicles } from '../_shared/vehicle-usage'

/** Reservations a page of 我的预定 shows. */
const MINE_PAGE = 20

/** The ReservationView contract's shape. */
export function reservationView(r: Doc<ReservationDoc>, lotName: string) {
  const window = { from: r.windowFrom, until: r.windowUntil }
  const refunding = r.refundNo !== null && r.refundFen > 0
  return {
    id: r._id,
    lotId: r.lotId,
    lotName,
    plateText: formatPlate(r.plate),
    kind: r.kind,
    kindLabel: VEHICLE_KIND_LABELS[r.kind],
    status: r.status,
    statusLabel: reservationStatusLabel(r.status, refunding),
    arrivalAt: r.arrivalAt,
    windowFrom: r.windowFrom,
    windowUntil: r.windowUntil,
    windowText: formatWindow(window),
    feeFen: r.status === 'AWAITING_PAYMENT' ? r.feeFen : r.paidFen,
    paidFen: r.paidFen,
    refundedFen: r.refundedFen,
    payBy: r.status === 'AWAITING_PAYMENT' ? r.payBy : null,
    phone: r.phone ? maskPhone(r.phone) : '未验证手机号',
    remark: r.remark,
    createdAt: r.createdAt,
    enteredAt: r.enteredAt,
  }
}

const lotNames = async () => new Map((await loadParkingLots()).map((l) => [l._id, l.name]))

// ── 车位查询 ──────────────────────────────────────────────────────────────────

export async function lots() {
  const t = now()
  const list = await loadParkingLots()
  return {
    now: t,
    lots: await Promise.all(
      list.map(async (l) => {
        const [{ settings, holders }, free] = await Promise.all([settingsOf(l._id), freeForWalkIns(l._id, t)])
        return {
          id: l._id,
          name: l.name,
          address: l.parking.address,
          capacity: l.parking.capacity,
          free,
          ...lotOffer(settings, holders.length),
          horizonHours: settings.horizonHours,
          windowBeforeMinutes: settings.windowBeforeMinutes,
          windowAfterMinutes: settings.windowAfterMinutes,
          prepayFen: settings.prepay ? settings.prepayFen : null,
          terms: describeSettings(settings),
        }
      }),
    ),
  }
}

// ── 预定车位 ──────────────────────────────────────────────────────────────────

export async function book(input: { lotId: string; plate: string; arrivalAt: number; remark?: string }, caller: Caller) {
  const lot = await loadParkingLot(input.lotId)
  const plate = normalizePlate(input.plate)
  const t = now()
  const vehicle = (await myVehicles(caller.openid)).find((v) => v.plate === plate)
  if (!vehicle) throw new AppError('NOT_YOUR_VEHICLE', '请先在 我的车辆 中添加该车辆，再预定车位')
  if (!mayPay(vehicle.vehicle, vehicle.relation)) throw new AppError('NOT_VEHICLE_OWNER', '该车辆已由车主认证，仅车主及其授权的用户可以预定')

  const { settings, holders } = await settingsOf(lot._id)
  const [accountHold, plateHold, noShows, cancels, unpaid, inLot] = await Promise.all([
    reservationHolds.findOne({ _id: accountKey(caller.openid) }),
    reservationHolds.findOne({ _id: plateKey(plate, caller.openid) }),
    reservations.count({ openid: caller.openid, noShowAt: _.gte(monthOf(t).start) }),
    reservations.count({ openid: caller.openid, cancelledAt: _.gte(shanghai(t).startOf('day').valueOf()) }),
    reservations.count({ openid: caller.openid, status: 'AWAITING_PAYMENT' }),
    openStayOf(lot._id, plate),
  ])
  const refusal = bookingRefusal({
    settings,
    now: t,
    arrivalAt: input.arrivalAt,
    activeOfAccount: accountHold?.held.length ?? 0,
    activeOfPlate: plateHold?.held.length ?? 0,
    noShowsThisMonth: noShows,
    cancelsToday: cancels,
    awaitingPayment: unpaid > 0,
    plateInLot: !!inLot,
  })
  if (refusal) throw new AppError(refusal.code, refusal.message)
  // Full as read: refused without taking anything (a place freed a moment later is the next booking's).
  if (holders.length >= settings.quota) throw new AppError('RESERVATION_FULL')

  const id = newReservationNo(t)
  const user = await users.findOne({ openid: caller.openid })
  const window = entryWindow(input.arrivalAt, settings)
  const kind = vehicleKindOfPlate(plate)
  const feeFen = prepayFenFor(settings, kind)
  const doc: ReservationDoc = {
    lotId: lot._id,
    plate,
    kind,
    openid: caller.openid,
    phone: user?.verifiedPhone ?? '',
    remark: input.remark ?? '',
    fees: settings.prepay ? { ...settings.prepayFen } : null,
    refundNoShow: settings.refundNoShow,
    arrivalAt: input.arrivalAt,
    windowFrom: window.from,
    windowUntil: window.until,
    status: feeFen > 0 ? 'AWAITING_PAYMENT' : 'BOOKED',
    feeFen,
    payBy: feeFen > 0 ? payByOf(t, settings, window) : null,
    chargeId: null,
    chargeSeq: 0,
    paidFen: 0,
    paidAt: null,
    refundNo: null,
    refundFen: 0,
    refundAskedAt: null,
    refundedFen: 0,
    stayId: null,
    enteredAt: null,
    cancelledAt: null,
    noShowAt: null,
    createdAt: t,
    updatedAt: t,
  }
  await takePlaces(id, doc, settings, { account: !!accountHold, plate: !!plateHold })
  try {
    await reservations.insert(id, doc)
  } catch (e) {
    // Give the places back only if no reservation holds this number (a number is never shared, but a refusal must not free another's place).
    if (!(await reservations.findOne({ _id: id }))) await releasePlaces(id, doc)
    throw e
  }
  const saved = { ...doc, _id: id }
  if (saved.status === 'BOOKED') await notifyBooked(saved)
  return { reservation: reservationView(saved, lot.name) }
}

/** The caller's own reservation, or NOT_FOUND (another account's is not theirs to see). */
async function mine(id: string, caller: Caller): Promise<Doc<ReservationDoc>> {
  const r = await reservations.findOne({ _id: id })
  if (!r || r.openid !== caller.openid) throw new AppError('RESERVATION_NOT_FOUND')
  return r
}

// ── 预约缴费 ──────────────────────────────────────────────────────────────────

export async function pay({ reservationId, kind }: { reservationId: string; kind: VehicleKind }, caller: Caller) {
  let r = await mine(reservationId, caller)
  const lot = await loadParkingLot(r.lotId)
  if (r.status !== 'AWAITING_PAYMENT') throw new AppError('RESERVATION_STATE', r.status === 'BOOKED' ? '该预定已支付' : undefined)
  const t = now()
  if (r.payBy === null || t >= r.payBy) throw new AppError('RESERVATION_PAY_EXPIRED')
  // The fees it was booked under (a reservation keeps them whatever the office changes since).
  const feeFen = r.fees ? r.fees[kind] : 0
  if (feeFen <= 0) throw new AppError('RESERVATION_STATE', '该预定无需支付')

  const current = r.chargeId ? await loadCharge(r.chargeId) : undefined
  const reusable = current && current.status === 'OPEN' && current.amountFen === feeFen && t < current.expiresAt
  if (!reusable) {
    const seq = r.chargeSeq + 1
    const chargeId = chargeNoOf(r._id, seq)
    // Named first: the old charge closing later no longer speaks for this reservation.
    const n = await reservations.update(
      { _id: r._id, status: 'AWAITING_PAYMENT', chargeSeq: r.chargeSeq, payBy: _.gt(t) },
      { chargeId, chargeSeq: seq, kind, feeFen, updatedAt: t },
    )
    if (n !== 1) throw new AppError('CONFLICT', '预定状态已变化，请刷新后重试')
    if (r.chargeId) await expireCharge(r.chargeId).catch((e) => console.error('[reservation] giving up the old charge failed; the sweep closes it', r.chargeId, e))
    r = { ...r, chargeId, chargeSeq: seq, kind, feeFen }
    const description = `${lot.name}车位预定 ${formatPlate(r.plate)}`
    const charge = await openCharge(chargeId, { domain: 'reservation', ref: r._id, openid: caller.openid, amountFen: feeFen, description, expiresAt: r.payBy! })
    const payment = await checkout(charge, { fresh: true })
    return { reservation: reservationView(r, lot.name), payment, orderId: chargeId, description }
  }
  const payment = await checkout(current, { fresh: false })
  return { reservation: reservationView(r, lot.name), payment, orderId: current._id, description: current.description }
}

// ── 我的预定 ──────────────────────────────────────────────────────────────────

export async function list({ before }: { before?: number }, caller: Caller) {
  const page = await reservations.find(
    { openid: caller.openid, ...(before ? { createdAt: _.lt(before) } : {}) },
    { orderBy: ['createdAt', 'desc'], limit: MINE_PAGE + 1 },
  )
  const names = await lotNames()
  const shown = page.slice(0, MINE_PAGE)
  return {
    reservations: shown.map((r) => reservationView(r, names.get(r.lotId) ?? '')),
    nextBefore: page.length > MINE_PAGE ? shown[shown.length - 1].createdAt : null,
  }
}

export async function detail({ reservationId }: { reservationId: string }, caller: Caller) {
  const r = await mine(reservationId, caller)
  const [lot, { settings }] = await Promise.all([loadParkingLot(r.lotId), settingsOf(r.lotId)])
  return {
    reservation: reservationView(r, lot.name),
    cancel: termsOf(r, now()),
    terms: describeSettings(settings),
  }
}

// ── 取消预定 ──────────────────────────────────────────────────────────────────

/** What cancelling `r` now would do (rules.ts cancelTerms, with the no-show rule it was booked under). */
const termsOf = (r: Doc<ReservationDoc>, at: number) =>
  cancelTerms({ status: r.status, window: { from: r.windowFrom, until: r.windowUntil }, paidFen: r.paidFen, refundNoShow: r.refundNoShow }, at)

export async function cancel({ reservationId, refundFen: expected }: { reservationId: string; refundFen?: number }, caller: Caller) {
  const r = await mine(reservationId, caller)
  const lot: ParkingLotDoc = await loadParkingLot(r.lotId)
  const t = now()
  const { late, ...terms } = termsOf(r, t)
  if (!terms.allowed) throw new AppError('RESERVATION_STATE', terms.text)
  // The driver confirmed the terms shown before; if the window opened since, they changed: say so instead of cancelling.
  if (expected !== undefined && expected !== terms.refundFen) throw new AppError('RESERVATION_STATE', `取消条件已变化：${terms.text}请确认后重试`)
  const refund = terms.refundFen > 0 && r.chargeId ? { refundNo: refundNoOf(r.chargeId), refundFen: terms.refundFen } : {}
  const cancelled = await moveReservation(r, 'CANCEL', { cancelledAt: t, ...(late ? { noShowAt: t } : {}), ...refund })
  if (!cancelled) throw new AppError('CONFLICT', '预定状态已变化，请刷新后重试')
  if (r.status === 'AWAITING_PAYMENT' && r.chargeId) {
    // If the payer had just paid, the payment is found here and refunded in full (reservation-payments.ts).
    await expireCharge(r.chargeId).catch((e) => console.error('[reservation] giving up the charge of a cancelled reservation failed; the sweep closes it', r.chargeId, e))
  }
  if (cancelled.refundNo) {
    await driveOwedRefund(cancelled, '取消预定，预约费全额退款').catch((e) => console.error('[reservation] asking for the refund failed; the sweep asks again', r._id, e))
  }
  const after = (await reservations.findOne({ _id: r._id })) ?? cancelled
  return { reservation: reservationView(after, lot.name), refundFen: terms.refundFen }
}
