// The `reservation` function (issue 12, 车位预定 — seed 001 §2.3 and §2.1 step 4):
// 车位查询 (each lot's spaces and free count), 预定车位 with optional 预约缴费,
// 我的预定 with 取消预定; and in 工作台 a lot's reservation settings and the
// day's reservations. The rules are src/domain/reservation/.
import * as z from '../zod'
import { VEHICLE_KINDS } from '../parking/fee'
import { PlateInput } from '../plate'
import { ReservationSettingsSchema } from '../reservation/rules'
import { RESERVATION_STATUSES } from '../reservation/status'
import { anyUser, staff } from './access'
import type { FunctionContract } from './contract'
import { Id, plainText } from './fields'
import { Payment } from './permit'

/** 车位查询: a lot's spaces now, and what it offers to reserve. */
export const ReservableLot = z.object({
  id: z.string(),
  name: z.string(),
  address: z.string(),
  capacity: z.int(),
  /** The sensors' free spaces minus those held for reservations whose window is open now. */
  free: z.int(),
  /** The lot takes reservations now (enabled with a quota). */
  open: z.boolean(),
  /** Reservable places not held now. */
  quotaLeft: z.int(),
  horizonHours: z.int(),
  windowBeforeMinutes: z.int(),
  windowAfterMinutes: z.int(),
  /** 预约缴费: the fee by vehicle kind, or null when the lot takes none. */
  prepayFen: z.nullable(z.object({ small: z.int(), large: z.int(), newEnergy: z.int() })),
  /** 预定须知 in words. */
  terms: z.array(z.string()),
})

/** A reservation as its driver (我的预定) and staff see it. */
export const ReservationView = z.object({
  id: z.string(),
  lotId: z.string(),
  lotName: z.string(),
  plateText: z.string(),
  kind: z.enum(VEHICLE_KINDS),
  kindLabel: z.string(),
  status: z.enum(RESERVATION_STATUSES),
  /** 已取消 with a refund under way reads 退款中. */
  statusLabel: z.string(),
  arrivalAt: z.int(),
  windowFrom: z.int(),
  windowUntil: z.int(),
  /** 12-06 10:30–11:30 */
  windowText: z.string(),
  /** The fee to pay (待支付) or paid, in fen; 0 without 预约缴费. */
  feeFen: z.int(),
  paidFen: z.int(),
  refundedFen: z.int(),
  /** 待支付: pay by then, or the place is released. */
  payBy: z.nullable(z.int()),
  /** The contact phone, masked (139****1234). */
  phone: z.string(),
  remark: z.string(),
  createdAt: z.int(),
  enteredAt: z.nullable(z.int()),
})

/** What 取消预定 would do now, stated before confirming. */
export const CancelTermsView = z.object({ allowed: z.boolean(), refundFen: z.int(), text: z.string() })

const Remark = z.string('备注有误').check(z.trim(), plainText(), z.maxLength(50, '备注不超过 50 字'))
const Before = z.int('分页参数有误').check(z.positive('分页参数有误'))
const Day = z.string('请选择日期').check(z.regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD'))

export const reservationContract = {
  /** 车位查询: every lot with its spaces, free count and reservation terms. */
  lots: {
    access: anyUser,
    input: z.strictObject({}),
    /** `now`: the server's clock, so the page offers arrival times (and counts down 待支付) by it, not by the phone's. */
    output: z.object({ lots: z.array(ReservableLot), now: z.int() }),
  },
  /**
   * 预定车位: holds one of the lot's reservable places for the plate (one of
   * the caller's vehicles) and the arrival time. With 预约缴费 it is 待支付
   * until paid (pay); else 待入场 at once.
   */
  book: {
    access: anyUser,
    input: z.strictObject({
      lotId: Id,
      plate: PlateInput,
      arrivalAt: z.int('请选择预计到场时间'),
      remark: z.optional(Remark),
    }),
    output: z.object({ reservation: ReservationView }),
  },
  /** 微信支付 of a 待支付 reservation, for the vehicle kind chosen on the pay screen (it sets the fee). */
  pay: {
    access: anyUser,
    input: z.strictObject({ reservationId: Id, kind: z.enum(VEHICLE_KINDS, '请选择车辆类型') }),
    /** `orderId`: WeChat Pay's out_trade_no of the charge (the H5 simulator's sheet settles it); `description` as the payer sees it. */
    output: z.object({ reservation: ReservationView, payment: Payment, orderId: z.string(), description: z.string() }),
  },
  /** 我的预定: the caller's reservations, newest first, a page at a time (`before`: the `nextBefore` of the page before). */
  mine: {
    access: anyUser,
    input: z.strictObject({ before: z.optional(Before) }),
    output: z.object({ reservations: z.array(ReservationView), nextBefore: z.nullable(z.int()) }),
  },
  /** 预定详情, with what cancelling would do now. */
  detail: {
    access: anyUser,
    input: z.strictObject({ reservationId: Id }),
    output: z.object({ reservation: ReservationView, cancel: CancelTermsView, terms: z.array(z.string()) }),
  },
  /** 取消预定: frees the place; refunds the fee when the rules say so. */
  cancel: {
    access: anyUser,
    /** `refundFen`: the refund the terms shown promised; when the terms have changed since, refused with the new ones. */
    input: z.strictObject({ reservationId: Id, refundFen: z.optional(z.int().check(z.nonnegative())) }),
    output: z.object({ reservation: ReservationView, refundFen: z.int() }),
  },

  // The parking office (工作台).
  /** A lot's reservation settings, with its capacity and the places held now. */
  settings: {
    access: staff('office'),
    input: z.strictObject({ lotId: Id }),
    output: z.object({ lotId: z.string(), lotName: z.string(), capacity: z.int(), held: z.int(), settings: ReservationSettingsSchema }),
  },
  setSettings: {
    access: staff('office'),
    input: z.strictObject({ lotId: Id, settings: ReservationSettingsSchema }),
    output: z.object({ settings: ReservationSettingsSchema, held: z.int() }),
  },
  /** A day's reservations at a lot (by arrival time), every status, with counts by status. */
  day: {
    access: staff('office', 'guard'),
    input: z.strictObject({ lotId: Id, day: Day }),
    output: z.object({ reservations: z.array(ReservationView), counts: z.record(z.string(), z.int()) }),
  },
} satisfies FunctionContract
