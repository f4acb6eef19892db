import { describe, expect, it } from 'vitest'
import { parkingFee, type FeeRule } from '../../src/domain/parking/fee'
import {
  bookingRefusal,
  cancelTerms,
  heldFromWalkIns,
  lotOffer,
  paymentUsable,
  payByOf,
  DEFAULT_RESERVATION_SETTINGS,
  entryWindow,
  formatWindow,
  gateUse,
  isMissed,
  monthOf,
  noShowRefundFen,
  prepayFenFor,
  ReservationSettingsSchema,
  type BookingInput,
} from '../../src/domain/reservation/rules'
import {
  holdsPlace,
  RESERVATION_EVENTS,
  RESERVATION_STATUS_LABELS,
  RESERVATION_STATUSES,
  reservationTransition,
  type ReservationEvent,
  type ReservationStatus,
} from '../../src/domain/reservation/status'

const MIN = 60_000
const HOUR = 60 * MIN
// 2026-12-06 10:00 in Shanghai.
const NOW = Date.parse('2026-12-06T10:00:00+08:00')

// Every status × every event, written out.
const EXPECTED: Record<ReservationStatus, Record<ReservationEvent, ReservationStatus | null>> = {
  AWAITING_PAYMENT: { PAY: 'BOOKED', EXPIRE: 'CLOSED', CANCEL: 'CANCELLED', ENTER: null, MISS: null, REFUND: null },
  BOOKED: { PAY: null, EXPIRE: null, CANCEL: 'CANCELLED', ENTER: 'ENTERED', MISS: 'NO_SHOW', REFUND: null },
  ENTERED: { PAY: null, EXPIRE: null, CANCEL: null, ENTER: null, MISS: null, REFUND: null },
  CANCELLED: { PAY: null, EXPIRE: null, CANCEL: null, ENTER: null, MISS: null, REFUND: 'REFUNDED' },
  NO_SHOW: { PAY: null, EXPIRE: null, CANCEL: null, ENTER: null, MISS: null, REFUND: 'REFUNDED' },
  CLOSED: { PAY: null, EXPIRE: null, CANCEL: null, ENTER: null, MISS: null, REFUND: 'REFUNDED' },
  REFUNDED: { PAY: null, EXPIRE: null, CANCEL: null, ENTER: null, MISS: null, REFUND: null },
}

describe('reservation lifecycle', () => {
  const pairs = RESERVATION_STATUSES.flatMap((s) => RESERVATION_EVENTS.map((e) => [s, e, EXPECTED[s][e]] as const))
  it.each(pairs)('When a reservation %s receives %s, then it becomes %s', (status, event, next) => {
    expect(reservationTransition(status, event)).toBe(next)
  })

  it('When a reservation is waiting to be paid or to enter, then it holds a place; in every other state it does not', () => {
    expect(RESERVATION_STATUSES.filter(holdsPlace)).toEqual(['AWAITING_PAYMENT', 'BOOKED'])
  })

  it('When a payment notice arrives a second time, then nothing moves (the first made it BOOKED)', () => {
    expect(reservationTransition(reservationTransition('AWAITING_PAYMENT', 'PAY')!, 'PAY')).toBeNull()
  })

  it('When a status is shown, then it reads as the driver expects', () => {
    expect(RESERVATION_STATUSES.map((s) => RESERVATION_STATUS_LABELS[s])).toEqual(['待支付', '待入场', '已入场', '已取消', '已爽约', '已失效', '已退款'])
  })
})

const open = { ...DEFAULT_RESERVATION_SETTINGS, enabled: true, quota: 20 }
const book = (over: Partial<BookingInput> = {}): BookingInput => ({
  settings: open,
  now: NOW,
  arrivalAt: NOW + HOUR,
  activeOfAccount: 0,
  activeOfPlate: 0,
  noShowsThisMonth: 0,
  ...over,
})

describe('booking rules', () => {
  const cases: Array<[string, Partial<BookingInput>, string | null, RegExp | null]> = [
    ['an arrival in an hour', {}, null, null],
    ['an arrival now', { arrivalAt: NOW }, null, null],
    ['an arrival exactly at the horizon', { arrivalAt: NOW + 24 * HOUR }, null, null],
    ['an arrival a minute past the horizon', { arrivalAt: NOW + 24 * HOUR + MIN }, 'RESERVATION_TIME', /最多可提前 24 小时预定/],
    ['an arrival in the past', { arrivalAt: NOW - MIN }, 'RESERVATION_TIME', /不能早于现在/],
    ['an arrival not on a whole minute', { arrivalAt: NOW + HOUR + 1 }, 'RESERVATION_TIME', /整分钟/],
    ['a lot that does not take reservations', { settings: { ...open, enabled: false } }, 'RESERVATION_CLOSED', /暂未开放/],
    ['a lot with no places to reserve', { settings: { ...open, quota: 0 } }, 'RESERVATION_CLOSED', /暂未开放/],
    ['an account at its limit', { activeOfAccount: 2 }, 'RESERVATION_LIMIT', /每个账号最多同时有 2 个/],
    ['an account one below its limit', { activeOfAccount: 1 }, null, null],
    ['a plate already booked', { activeOfPlate: 1 }, 'RESERVATION_LIMIT', /该车辆已有待入场的预定/],
    ['a plate below a limit of 2', { activeOfPlate: 1, settings: { ...open, maxPerPlate: 2 } }, null, null],
    ['a plate at a limit of 2', { activeOfPlate: 2, settings: { ...open, maxPerPlate: 2 } }, 'RESERVATION_LIMIT', /每辆车最多同时有 2 个/],
    ['two no-shows this month (limit 3)', { noShowsThisMonth: 2 }, null, null],
    ['three no-shows this month (limit 3)', { noShowsThisMonth: 3 }, 'RESERVATION_BLOCKED', /本月已爽约 3 次，1月1日起可再预定车位/],
    ['three cancellations today', { cancelsToday: 3 }, 'RESERVATION_BLOCKED', /今日已取消 3 次预定，请明天再预定/],
    ['two cancellations today', { cancelsToday: 2 }, null, null],
    ['a plate already in the lot', { plateInLot: true }, 'RESERVATION_LIMIT', /已在停车场内/],
    ['while another of its reservations waits for payment', { awaitingPayment: true }, 'RESERVATION_LIMIT', /待支付的预定/],
  ]
  it.each(cases)('When a driver books %s, then the refusal is %s', (_what, over, code, message) => {
    const r = bookingRefusal(book(over))
    expect(r?.code ?? null).toBe(code)
    if (message) expect(r!.message).toMatch(message)
  })

  it('When the no-show block is read in February, then it lifts on 1 March', () => {
    const feb = Date.parse('2027-02-10T12:00:00+08:00')
    expect(bookingRefusal(book({ now: feb, arrivalAt: feb + HOUR, noShowsThisMonth: 3 }))!.message).toMatch(/3月1日起可再预定/)
  })

  it('When a month is taken in Shanghai, then it starts at local midnight on the 1st, even when UTC is still in the month before', () => {
    const justAfter = Date.parse('2026-12-01T00:05:00+08:00') // 2026-11-30 16:05 UTC
    expect(monthOf(justAfter)).toEqual({ start: Date.parse('2026-12-01T00:00:00+08:00'), end: Date.parse('2027-01-01T00:00:00+08:00') })
  })

  it('When the office saves settings, then each field is checked with a Chinese message', () => {
    expect(ReservationSettingsSchema.safeParse(open).success).toBe(true)
    const bad = ReservationSettingsSchema.safeParse({ ...open, windowAfterMinutes: 5 })
    expect(bad.success).toBe(false)
    expect(bad.error!.issues[0].message).toBe('延后入场分钟数不能小于 10')
    expect(ReservationSettingsSchema.safeParse({ ...open, prepayFen: { small: -1, large: 0, newEnergy: 0 } }).error!.issues[0].message).toBe('小型车预约费不能为负')
    expect(ReservationSettingsSchema.safeParse({ ...open, extra: 1 }).success).toBe(false)
  })
})

describe('the window, the gate and no-shows', () => {
  const w = entryWindow(NOW + HOUR, open)
  it('When a reservation is for 11:00 with 30 minutes either side, then its window is 10:30–11:30', () => {
    expect(w).toEqual({ from: NOW + 30 * MIN, until: NOW + 90 * MIN })
    expect(formatWindow(w)).toBe('12-06 10:30–11:30')
    expect(formatWindow(entryWindow(Date.parse('2026-12-06T23:50:00+08:00'), open))).toBe('12-06 23:20–12-07 00:20')
  })
  const gate: Array<[string, number, string | null, boolean]> = [
    ['more than two hours before the window', NOW + 30 * MIN - 2 * HOUR - 1, null, false],
    ['two hours before the window', NOW + 30 * MIN - 2 * HOUR, 'EARLY', false],
    ['before the window', NOW, 'EARLY', false],
    ['at its first minute', NOW + 30 * MIN, 'ADMIT', false],
    ['in it', NOW + HOUR, 'ADMIT', false],
    ['at its last instant', NOW + 90 * MIN, 'ADMIT', false],
    ['after it', NOW + 90 * MIN + 1, null, true],
  ]
  it.each(gate)('When the car comes %s, then the reservation is %s and missed is %s', (_what, at, use, missed) => {
    expect(gateUse(w, at)).toBe(use)
    expect(isMissed(w, at)).toBe(missed)
  })

  it('When walk-ins come, then a reservation holds its space from 30 minutes before its window to its end', () => {
    expect([NOW - 1, NOW, NOW + 90 * MIN, NOW + 90 * MIN + 1].map((t) => heldFromWalkIns(w, t))).toEqual([false, true, true, false])
  })

  it('When a 待支付 reservation is booked, then it must be paid within its minutes, never past the window; a payment after the window is of no use', () => {
    expect(payByOf(NOW, open, w)).toBe(NOW + 10 * MIN)
    expect(payByOf(NOW, { unpaidMinutes: 30 }, entryWindow(NOW, { windowBeforeMinutes: 0, windowAfterMinutes: 10 }))).toBe(NOW + 10 * MIN)
    expect([paymentUsable(w, w.until), paymentUsable(w, w.until + 1)]).toEqual([true, false])
  })

  it('When a lot is offered, then it is open with places left only when enabled with a quota', () => {
    expect(lotOffer({ enabled: true, quota: 10 }, 4)).toEqual({ open: true, quotaLeft: 6 })
    expect(lotOffer({ enabled: true, quota: 2 }, 5)).toEqual({ open: true, quotaLeft: 0 })
    expect(lotOffer({ enabled: false, quota: 10 }, 0)).toEqual({ open: false, quotaLeft: 0 })
  })

  it('When a no-show paid a fee, then it is kept unless the lot refunds no-shows', () => {
    expect(noShowRefundFen(open, 500)).toBe(0)
    expect(noShowRefundFen({ refundNoShow: true }, 500)).toBe(500)
  })
})

describe('cancelling and the fee', () => {
  const w = entryWindow(NOW + HOUR, open)
  const cases: Array<[string, ReservationStatus, number, number, boolean, boolean, number, boolean, RegExp]> = [
    ['unpaid', 'AWAITING_PAYMENT', NOW, 0, false, true, 0, false, /不会产生任何费用/],
    ['paid, before the window', 'BOOKED', NOW, 500, false, true, 500, false, /预约费 ¥5\.00 将原路全额退回/],
    ['free, before the window', 'BOOKED', NOW, 0, false, true, 0, false, /不产生任何费用/],
    ['paid, in the window', 'BOOKED', NOW + 45 * MIN, 500, false, true, 0, true, /^入场时段已开始，取消后预约费 ¥5\.00 不予退还，并记为爽约一次。$/],
    ['paid, in the window, no-shows refunded', 'BOOKED', NOW + 45 * MIN, 500, true, true, 500, true, /^入场时段已开始，取消后预约费 ¥5\.00 将原路退回，并记为爽约一次。$/],
    ['free, in the window', 'BOOKED', NOW + 45 * MIN, 0, false, true, 0, true, /^入场时段已开始，取消将记为爽约一次。$/],
    ['after the window', 'BOOKED', NOW + 2 * HOUR, 500, false, false, 0, false, /入场时段已过/],
    ['entered', 'ENTERED', NOW, 500, false, false, 0, false, /不能取消/],
    ['cancelled already', 'CANCELLED', NOW, 500, false, false, 0, false, /不能取消/],
  ]
  it.each(cases)('When a reservation %s is cancelled, then it is allowed/refunded/counted as the rules say', (_what, status, at, paidFen, refundNoShow, allowed, refundFen, late, text) => {
    const t = cancelTerms({ status, window: w, paidFen, refundNoShow }, at)
    expect([t.allowed, t.refundFen, t.late]).toEqual([allowed, refundFen, late])
    expect(t.text).toMatch(text)
  })

  it('When the lot takes a fee by vehicle kind, then the kind chosen on the pay screen sets it; without prepay it is 0', () => {
    const s = { ...open, prepay: true }
    expect([prepayFenFor(s, 'small'), prepayFenFor(s, 'large'), prepayFenFor(open, 'large')]).toEqual([500, 1000, 0])
  })
})

describe('the fee paid when booking, on the parking bill', () => {
  const rule: FeeRule = {
    capMode: 'calendarDay',
    graceMinutes: 15,
    dayWindow: null,
    small: { freeMinutes: 15, billFreeMinutes: false, firstMinutes: 60, firstFen: 500, unitMinutes: 30, unitFen: 200, nightUnitFen: null, capFen: 5000 },
    large: null,
    newEnergy: null,
  }
  const entryAt = NOW
  it('When a car with a ¥5 reservation fee parks 2 hours (¥9), then ¥4 is due and the bill says the fee was deducted', () => {
    const fee = parkingFee({ rule, kind: 'small', entryAt, now: entryAt + 2 * HOUR, prepaidFen: 500 })
    const plain = parkingFee({ rule, kind: 'small', entryAt, now: entryAt + 2 * HOUR })
    expect(plain.amountFen).toBe(plain.grossFen)
    expect(fee.amountFen).toBe(plain.amountFen - 500)
    expect(fee.prepaidFen).toBe(500)
    expect(fee.steps.at(-1)).toEqual({ kind: 'prepaid', text: '预约费已付 ¥5.00', fen: -500 })
    expect(fee.steps.reduce((a, s) => a + s.fen, 0)).toBe(fee.amountFen)
  })
  it('When the stay costs less than the fee paid, then nothing is due and no change is given', () => {
    const fee = parkingFee({ rule, kind: 'small', entryAt, now: entryAt + 20 * MIN, prepaidFen: 800 })
    expect(fee.amountFen).toBe(0)
    expect(fee.prepaidFen).toBe(500)
    expect(fee.steps.at(-1)!.text).toBe('预约费已付 ¥8.00（抵扣 ¥5.00）')
  })
  it('When the stay was paid once (the fee used up then), then an overstay is billed without it again', () => {
    const paid = { fen: 0, until: entryAt + 2 * HOUR }
    const over = parkingFee({ rule, kind: 'small', entryAt, now: entryAt + 3 * HOUR, paid, prepaidFen: 500 })
    const plainOver = parkingFee({ rule, kind: 'small', entryAt, now: entryAt + 3 * HOUR, paid })
    expect(over.amountFen).toBe(plainOver.amountFen)
    expect(over.prepaidFen).toBe(0)
  })
  it('When a ¥3 coupon is used with a ¥5 reservation fee on ¥9, then ¥1 is due', () => {
    const fee = parkingFee({ rule, kind: 'small', entryAt, now: entryAt + 2 * HOUR, prepaidFen: 500, coupon: { kind: 'amount', fen: 300 } })
    expect(fee.amountFen).toBe(parkingFee({ rule, kind: 'small', entryAt, now: entryAt + 2 * HOUR }).amountFen - 800)
  })
})
