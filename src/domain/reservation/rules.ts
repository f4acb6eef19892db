// The rules of 车位预定 (seed 001 §2.3), all in one place: a lot's reservation
// settings (kept by the parking office in 工作台) and every decision the
// functions and pages take from them — who may book, when a car may use its
// reservation at the gate, what a cancellation refunds, when a reservation is
// a no-show and when no-shows block booking.
//
// Decisions:
// - The arrival time (预计到场时间) is a whole minute from now to `horizonHours`
//   ahead. The reservation's entry window is arrival − windowBeforeMinutes to
//   arrival + windowAfterMinutes.
// - Who may book: an account, for a plate of its 我的车辆 that it may pay for
//   (usage.ts mayPay: a verified plate only by its owner and those they
//   authorized), not already in the lot.
// - Quota: a lot offers `quota` places to reserve. A reservation holds one
//   from booking until it is used, cancelled, expires unpaid or is missed
//   (status.ts HOLDS_PLACE), whatever its arrival time; so does each against
//   the account's `maxPerAccount` and, per account, the plate's
//   `maxPerPlate` (counted per account: an unverified plate is anyone's to
//   add, so a count across accounts would let a stranger block its driver).
//   The functions enforce all three atomically (_shared/reservations.ts);
//   the messages are here (limitMessage). At most one reservation of an
//   account waits for payment at a time.
// - Places held: the free count a driver sees is the sensors' free spaces
//   minus the reservations whose window opens within HOLD_LEAD_MINUTES or is
//   open (so walk-ins cannot fill the lot just before a reserved car's
//   window). A car without a reservation meets a full lot when that is 0; a
//   car with one in its window is let in anyway (gate.ts mayEnter).
// - At the gate: a reserved plate entering during its window uses the
//   reservation (let in even when full). Entering up to EARLY_USE_MINUTES
//   before the window also uses it (ENTERED: the driver kept their word,
//   early), but without the right to pass a full lot; earlier than that the
//   car is just a car and the reservation waits. After the window it is no
//   use: the sweep marks it 爽约.
// - 预约缴费 (prepay): when the lot turns it on, the reservation fee by vehicle
//   kind is paid by WeChat Pay before the reservation is confirmed; the payer
//   has `unpaidMinutes` to pay, never past the window's end (payByOf), then
//   it expires and frees its place; a payment confirmed after the window has
//   ended is refunded. The fee is deducted from the stay's parking fee
//   (fee.ts `prepaidFen`), never below zero and never paid back as change.
//   A reservation keeps the fees and the no-show rule it was booked under.
// - Cancelling (取消预定): free, and the fee refunded in full, before the
//   window opens; once it is open a cancellation frees the place but keeps the
//   fee (unless no-shows are refunded: a cancel never gets less than not
//   coming) and counts as 爽约; after the window there is nothing to cancel.
//   An unpaid one cancels with nothing to refund. At most
//   CANCELS_PER_DAY cancellations a day per account (booking and cancelling
//   in a loop would hold places for nothing).
// - 爽约: a reservation whose window ended without its car entering, or
//   cancelled inside its window; counted in the calendar month (Asia/
//   Shanghai) its window ended or it was cancelled. The fee is kept, unless
//   the reservation was booked under `refundNoShow`. `noShowLimit` no-shows
//   in a month block booking at every lot until the next month begins, with
//   the reason shown.
import * as z from '../zod'
import { formatYuan } from '../money'
import { VEHICLE_KIND_LABELS, VEHICLE_KINDS, type VehicleKind } from '../parking/fee'
import { shanghai } from '../time'
import type { ReservationStatus } from './status'

const MINUTE = 60_000
const HOUR = 60 * MINUTE

/** Reservations whose window opens within this are held from walk-ins already. */
export const HOLD_LEAD_MINUTES = 30
/** How long before its window a car entering still uses its reservation. */
export const EARLY_USE_MINUTES = 120
/** Cancellations a day per account (Asia/Shanghai). */
export const CANCELS_PER_DAY = 3

const count = (min: number, max: number, what: string) =>
  z.int(`${what}应为整数`).check(z.minimum(min, `${what}不能小于 ${min}`), z.maximum(max, `${what}不能大于 ${max}`))
const fee = (what: string) => z.int(`${what}应为整数（分）`).check(z.minimum(0, `${what}不能为负`), z.maximum(100_000, `${what}不能超过 1000 元`))

export const ReservationSettingsSchema = z.strictObject({
  /** Drivers may book this lot. */
  enabled: z.boolean(),
  /** Places reservations may hold at once; at most the lot's capacity (checked by the function). */
  quota: count(0, 5000, '可预定车位数'),
  /** How far ahead an arrival may be booked. */
  horizonHours: count(1, 168, '最长提前预定小时数'),
  windowBeforeMinutes: count(0, 180, '提前入场分钟数'),
  windowAfterMinutes: count(10, 240, '延后入场分钟数'),
  maxPerAccount: count(1, 10, '每个账号的待入场预定数'),
  maxPerPlate: count(1, 5, '每辆车的待入场预定数'),
  noShowLimit: count(1, 10, '每月爽约次数上限'),
  /** 预约缴费. */
  prepay: z.boolean(),
  prepayFen: z.strictObject({ small: fee('小型车预约费'), large: fee('大型车预约费'), newEnergy: fee('新能源车预约费') }),
  /** How long an unpaid reservation holds its place. */
  unpaidMinutes: count(3, 30, '待支付保留分钟数'),
  /** A no-show's fee is refunded (else kept). */
  refundNoShow: z.boolean(),
})
export type ReservationSettings = z.infer<typeof ReservationSettingsSchema>

export const DEFAULT_RESERVATION_SETTINGS: ReservationSettings = {
  enabled: false,
  quota: 0,
  horizonHours: 24,
  windowBeforeMinutes: 30,
  windowAfterMinutes: 30,
  maxPerAccount: 2,
  maxPerPlate: 1,
  noShowLimit: 3,
  prepay: false,
  prepayFen: { small: 500, large: 1000, newEnergy: 500 },
  unpaidMinutes: 10,
  refundNoShow: false,
}

export interface EntryWindow {
  from: number
  until: number
}

/** The window a car may use its reservation in. */
export function entryWindow(arrivalAt: number, s: Pick<ReservationSettings, 'windowBeforeMinutes' | 'windowAfterMinutes'>): EntryWindow {
  return { from: arrivalAt - s.windowBeforeMinutes * MINUTE, until: arrivalAt + s.windowAfterMinutes * MINUTE }
}

/** 12-06 09:30–10:30 (the same day) or 12-06 23:30–12-07 00:30. */
export function formatWindow(w: EntryWindow): string {
  const a = shanghai(w.from)
  const b = shanghai(w.until)
  return `${a.format('MM-DD HH:mm')}–${a.isSame(b, 'day') ? b.format('HH:mm') : b.format('MM-DD HH:mm')}`
}

/** The calendar month (Asia/Shanghai) holding `at`: [start, end). */
export function monthOf(at: number): { start: number; end: number } {
  const m = shanghai(at).startOf('month')
  return { start: m.valueOf(), end: m.add(1, 'month').valueOf() }
}

/** Why a booking is refused, as the code and the sentence the driver reads; null: it may be made (the quota aside). */
export interface Refusal {
  code: 'RESERVATION_CLOSED' | 'RESERVATION_TIME' | 'RESERVATION_LIMIT' | 'RESERVATION_BLOCKED'
  message: string
}

export interface BookingInput {
  settings: ReservationSettings
  now: number
  arrivalAt: number
  /** Reservations of this account / plate that hold a place now (any lot). */
  activeOfAccount: number
  activeOfPlate: number
  /** This account's no-shows this calendar month. */
  noShowsThisMonth: number
  /** This account's cancellations today. */
  cancelsToday?: number
  /** This account has a reservation waiting for payment. */
  awaitingPayment?: boolean
  /** The plate is in the lot now. */
  plateInLot?: boolean
}

/** The refusal of a limit reached, in the words the driver reads. */
export function limitMessage(limit: 'account' | 'plate', n: number): string {
  if (limit === 'account') return `每个账号最多同时有 ${n} 个待入场的预定`
  return n === 1 ? '该车辆已有待入场的预定' : `每辆车最多同时有 ${n} 个待入场的预定`
}

export function bookingRefusal(b: BookingInput): Refusal | null {
  const s = b.settings
  if (!s.enabled || s.quota === 0) return { code: 'RESERVATION_CLOSED', message: '该停车场暂未开放车位预定' }
  if (b.noShowsThisMonth >= s.noShowLimit) {
    const from = shanghai(monthOf(b.now).end).format('M月D日')
    return { code: 'RESERVATION_BLOCKED', message: `本月已爽约 ${b.noShowsThisMonth} 次，${from}起可再预定车位` }
  }
  if ((b.cancelsToday ?? 0) >= CANCELS_PER_DAY) return { code: 'RESERVATION_BLOCKED', message: `今日已取消 ${CANCELS_PER_DAY} 次预定，请明天再预定` }
  if (!Number.isInteger(b.arrivalAt) || b.arrivalAt % MINUTE !== 0) return { code: 'RESERVATION_TIME', message: '预计到场时间应为整分钟' }
  if (b.arrivalAt < b.now) return { code: 'RESERVATION_TIME', message: '预计到场时间不能早于现在' }
  if (b.arrivalAt > b.now + s.horizonHours * HOUR) return { code: 'RESERVATION_TIME', message: `最多可提前 ${s.horizonHours} 小时预定` }
  if (b.plateInLot) return { code: 'RESERVATION_LIMIT', message: '该车辆已在停车场内，无需预定' }
  if (b.awaitingPayment) return { code: 'RESERVATION_LIMIT', message: '您有一个待支付的预定，请先支付或取消' }
  if (b.activeOfAccount >= s.maxPerAccount) return { code: 'RESERVATION_LIMIT', message: limitMessage('account', s.maxPerAccount) }
  if (b.activeOfPlate >= s.maxPerPlate) return { code: 'RESERVATION_LIMIT', message: limitMessage('plate', s.maxPerPlate) }
  return null
}

/** The reservation fee for this vehicle kind; 0 when the lot does not take one. */
export function prepayFenFor(s: Pick<ReservationSettings, 'prepay' | 'prepayFen'>, kind: VehicleKind): number {
  return s.prepay ? s.prepayFen[kind] : 0
}

/** The time a 待支付 reservation must be paid by: `unpaidMinutes` from booking, never past the window's end. */
export const payByOf = (bookedAt: number, s: Pick<ReservationSettings, 'unpaidMinutes'>, w: EntryWindow) => Math.min(bookedAt + s.unpaidMinutes * MINUTE, w.until)

/** A payment confirmed at `paidAt` can still be used (else it is refunded in full). */
export const paymentUsable = (w: EntryWindow, paidAt: number) => paidAt <= w.until

/** The lot's offer to a driver: open for booking, and the places not held. */
export function lotOffer(s: Pick<ReservationSettings, 'enabled' | 'quota'>, held: number): { open: boolean; quotaLeft: number } {
  const open = s.enabled && s.quota > 0
  return { open, quotaLeft: open ? Math.max(0, s.quota - held) : 0 }
}

/** A reservation (待入场) holds its space from walk-ins from HOLD_LEAD_MINUTES before its window until the window ends. */
export const heldFromWalkIns = (w: EntryWindow, now: number) => w.from - HOLD_LEAD_MINUTES * MINUTE <= now && now <= w.until

/** What a reservation brings to the gate: let in even when full (in its window), used without that right (a little early), or nothing (too early, or late). */
export type GateUse = 'ADMIT' | 'EARLY' | null

export function gateUse(w: EntryWindow, now: number): GateUse {
  if (now > w.until) return null
  if (now >= w.from) return 'ADMIT'
  return now >= w.from - EARLY_USE_MINUTES * MINUTE ? 'EARLY' : null
}

/** The window has passed without the car: 爽约. */
export const isMissed = (w: EntryWindow, now: number) => now > w.until

export interface CancelTerms {
  allowed: boolean
  /** What goes back to the payer. */
  refundFen: number
  /** Stated before the driver confirms (取消预定). */
  text: string
}

/**
 * What cancelling now would do, stated before confirming. `paidFen`: the fee
 * paid (0: none); `refundNoShow`: the rule it was booked under. `late`: a
 * cancel inside the window, counted as 爽约.
 */
export function cancelTerms(r: { status: ReservationStatus; window: EntryWindow; paidFen: number; refundNoShow: boolean }, now: number): CancelTerms & { late: boolean } {
  const no = { allowed: false, refundFen: 0, late: false }
  if (r.status === 'AWAITING_PAYMENT') return { allowed: true, refundFen: 0, late: false, text: '取消后不会产生任何费用。' }
  if (r.status !== 'BOOKED') return { ...no, text: '当前预定状态不能取消' }
  if (now > r.window.until) return { ...no, text: '入场时段已过，不能取消' }
  if (now < r.window.from) {
    return r.paidFen > 0
      ? { allowed: true, refundFen: r.paidFen, late: false, text: `入场时段开始前取消，预约费 ¥${formatYuan(r.paidFen)} 将原路全额退回。` }
      : { allowed: true, refundFen: 0, late: false, text: '入场时段开始前取消，不产生任何费用。' }
  }
  const refundFen = noShowRefundFen(r, r.paidFen)
  if (r.paidFen === 0) return { allowed: true, refundFen, late: true, text: '入场时段已开始，取消将记为爽约一次。' }
  const money = refundFen > 0 ? `预约费 ¥${formatYuan(refundFen)} 将原路退回` : `预约费 ¥${formatYuan(r.paidFen)} 不予退还`
  return { allowed: true, refundFen, late: true, text: `入场时段已开始，取消后${money}，并记为爽约一次。` }
}

/** A no-show's refund: the fee when the lot refunds no-shows, else nothing. */
export const noShowRefundFen = (s: Pick<ReservationSettings, 'refundNoShow'>, paidFen: number) => (s.refundNoShow ? paidFen : 0)

/** The settings in words, for the booking page (预定须知). */
export function describeSettings(s: ReservationSettings): string[] {
  const lines = [
    `可预定 ${s.horizonHours} 小时内到场的车位`,
    `请在预计到场时间前 ${s.windowBeforeMinutes} 分钟至后 ${s.windowAfterMinutes} 分钟内入场，车位满时预定车辆仍可入场`,
    `入场时段开始前可免费取消；逾期未入场或入场时段开始后取消记为爽约，每月爽约 ${s.noShowLimit} 次后当月不能再预定`,
  ]
  if (s.prepay) {
    const kinds = VEHICLE_KINDS.map((k) => `${VEHICLE_KIND_LABELS[k]} ¥${formatYuan(s.prepayFen[k])}`).join('，')
    lines.push(`预约需先缴纳预约费（${kinds}），出场时抵扣停车费，不足部分不退${s.refundNoShow ? '；爽约将全额退款' : '；爽约不退'}`)
  }
  return lines
}
