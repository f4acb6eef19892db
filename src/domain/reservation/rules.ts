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
// - Quota: a lot offers `quota` places to reserve. A reservation holds one
//   from booking until it is used, cancelled, expires unpaid or is missed
//   (status.ts HOLDS_PLACE), whatever its arrival time; so does each against
//   the account's `maxPerAccount` and the plate's `maxPerPlate`. The
//   functions enforce all three atomically (reservation-holds.ts); the
//   messages are here.
// - The free count a driver sees is the sensors' free spaces minus the
//   reservations whose window is open now (their cars may come any minute).
//   A car without a reservation meets a full lot when that is 0; a car with
//   one in its window is let in anyway (gate.ts mayEnter).
// - At the gate: a reserved plate entering during its window uses the
//   reservation (let in even when full). Entering earlier also uses it
//   (ENTERED: the driver kept their word, early), but without the right to
//   pass a full lot. After the window it is no use: the sweep marks it 爽约.
// - 预约缴费 (prepay): when the lot turns it on, the reservation fee by vehicle
//   kind is paid by WeChat Pay before the reservation is confirmed; the payer
//   has `unpaidMinutes` to pay, then it expires and frees its place. The fee
//   is deducted from the stay's parking fee (fee.ts `prepaidFen`), never
//   below zero and never paid back as change.
// - Cancelling (取消预定): free, and the fee refunded in full, before the
//   window opens; once it is open a cancellation frees the place but keeps the
//   fee; after the window there is nothing to cancel. An unpaid one cancels
//   with nothing to refund.
// - 爽约: a reservation whose window ended without its car entering. The fee
//   is kept, unless the lot refunds no-shows (`refundNoShow`). `noShowLimit`
//   no-shows in a calendar month (Asia/Shanghai) block booking at every lot
//   until that month ends, with the reason shown.
import * as z from '../zod'
import { formatYuan } from '../money'
import { VEHICLE_KIND_LABELS, VEHICLE_KINDS, type VehicleKind } from '../parking/fee'
import { shanghai } from '../time'
import type { ReservationStatus } from './status'

const MINUTE = 60_000
const HOUR = 60 * MINUTE

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
}

export function bookingRefusal(b: BookingInput): Refusal | null {
  const s = b.settings
  if (!s.enabled || s.quota === 0) return { code: 'RESERVATION_CLOSED', message: '该停车场暂未开放车位预定' }
  if (b.noShowsThisMonth >= s.noShowLimit) {
    const until = shanghai(monthOf(b.now).end - 1).format('M月D日')
    return { code: 'RESERVATION_BLOCKED', message: `本月已爽约 ${b.noShowsThisMonth} 次，${until}前不能预定车位` }
  }
  if (!Number.isInteger(b.arrivalAt) || b.arrivalAt % MINUTE !== 0) return { code: 'RESERVATION_TIME', message: '预计到场时间应为整分钟' }
  if (b.arrivalAt < b.now) return { code: 'RESERVATION_TIME', message: '预计到场时间不能早于现在' }
  if (b.arrivalAt > b.now + s.horizonHours * HOUR) return { code: 'RESERVATION_TIME', message: `最多可提前 ${s.horizonHours} 小时预定` }
  if (b.activeOfAccount >= s.maxPerAccount) return { code: 'RESERVATION_LIMIT', message: `每个账号最多同时有 ${s.maxPerAccount} 个待入场的预定` }
  if (b.activeOfPlate >= s.maxPerPlate) return { code: 'RESERVATION_LIMIT', message: s.maxPerPlate === 1 ? '该车辆已有待入场的预定' : `每辆车最多同时有 ${s.maxPerPlate} 个待入场的预定` }
  return null
}

/** The reservation fee for this vehicle kind; 0 when the lot does not take one. */
export function prepayFenFor(s: Pick<ReservationSettings, 'prepay' | 'prepayFen'>, kind: VehicleKind): number {
  return s.prepay ? s.prepayFen[kind] : 0
}

/** What a reservation brings to the gate: let in even when full (in its window), used without that right (early), or nothing (late). */
export type GateUse = 'ADMIT' | 'EARLY' | null

export function gateUse(w: EntryWindow, now: number): GateUse {
  if (now > w.until) return null
  return now >= w.from ? 'ADMIT' : 'EARLY'
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

/** What cancelling now would do, stated before confirming. `paidFen`: the fee paid (0: none). */
export function cancelTerms(r: { status: ReservationStatus; window: EntryWindow; paidFen: number }, now: number): CancelTerms {
  if (r.status === 'AWAITING_PAYMENT') return { allowed: true, refundFen: 0, text: '取消后不会产生任何费用。' }
  if (r.status !== 'BOOKED') return { allowed: false, refundFen: 0, text: '当前预定状态不能取消' }
  if (now > r.window.until) return { allowed: false, refundFen: 0, text: '入场时段已过，不能取消' }
  if (now < r.window.from) {
    return r.paidFen > 0
      ? { allowed: true, refundFen: r.paidFen, text: `入场时段开始前取消，预约费 ¥${formatYuan(r.paidFen)} 将原路全额退回。` }
      : { allowed: true, refundFen: 0, text: '入场时段开始前取消，不产生任何费用。' }
  }
  return r.paidFen > 0
    ? { allowed: true, refundFen: 0, text: `入场时段已开始，取消后预约费 ¥${formatYuan(r.paidFen)} 不予退还。` }
    : { allowed: true, refundFen: 0, text: '入场时段已开始，取消后车位将释放给其他车主。' }
}

/** A no-show's refund: the fee when the lot refunds no-shows, else nothing. */
export const noShowRefundFen = (s: Pick<ReservationSettings, 'refundNoShow'>, paidFen: number) => (s.refundNoShow ? paidFen : 0)

/** The settings in words, for the booking page (预定须知). */
export function describeSettings(s: ReservationSettings): string[] {
  const lines = [
    `可预定 ${s.horizonHours} 小时内到场的车位`,
    `请在预计到场时间前 ${s.windowBeforeMinutes} 分钟至后 ${s.windowAfterMinutes} 分钟内入场，车位满时预定车辆仍可入场`,
    `入场时段开始前可免费取消；逾期未入场记为爽约，每月爽约 ${s.noShowLimit} 次后当月不能再预定`,
  ]
  if (s.prepay) {
    const kinds = VEHICLE_KINDS.map((k) => `${VEHICLE_KIND_LABELS[k]} ¥${formatYuan(s.prepayFen[k])}`).join('，')
    lines.push(`预约需先缴纳预约费（${kinds}），出场时抵扣停车费${s.refundNoShow ? '；爽约将全额退款' : '；爽约不退'}`)
  }
  return lines
}
