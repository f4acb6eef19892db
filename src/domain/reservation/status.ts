// A reservation's lifecycle (车位预定, seed 001 §2.3) as one state table:
// status × event → next status. The functions write a move with a
// conditional update on the status they read (so of two concurrent moves
// one wins); pages show the label the server sends and offer 取消预定 by
// `can(status, 'CANCEL')`.
//
// Decisions:
// - With 预约缴费 a reservation starts AWAITING_PAYMENT (待支付) and holds its
//   place while the payer has the pay sheet; paid → BOOKED (待入场). Without
//   it, it starts BOOKED.
// - An unpaid one expires (EXPIRE, the sweep) or is given up (CANCEL) and
//   frees its place: CLOSED (已失效) and CANCELLED (已取消) respectively.
// - BOOKED → ENTERED (已入场) when its plate enters in the window; → CANCELLED
//   by the driver; → NO_SHOW (已爽约) by the sweep once the window has passed.
// - Money going back is its own step: CANCELLED, NO_SHOW (when the lot
//   refunds no-shows) and CLOSED (a payment that arrived after the close)
//   move to REFUNDED (已退款) when WeChat Pay confirms the refund. Whether a
//   refund is owed is the rules' (rules.ts), not the table's.
// - ENTERED and REFUNDED are final. A no-show stays counted (noShowAt) after
//   it is refunded.

export const RESERVATION_STATUSES = ['AWAITING_PAYMENT', 'BOOKED', 'ENTERED', 'CANCELLED', 'NO_SHOW', 'CLOSED', 'REFUNDED'] as const
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number]

export const RESERVATION_EVENTS = ['PAY', 'EXPIRE', 'CANCEL', 'ENTER', 'MISS', 'REFUND'] as const
export type ReservationEvent = (typeof RESERVATION_EVENTS)[number]

export const RESERVATION_STATUS_LABELS: Record<ReservationStatus, string> = {
  AWAITING_PAYMENT: '待支付',
  BOOKED: '待入场',
  ENTERED: '已入场',
  CANCELLED: '已取消',
  NO_SHOW: '已爽约',
  CLOSED: '已失效',
  REFUNDED: '已退款',
}

const TABLE: Partial<Record<ReservationStatus, Partial<Record<ReservationEvent, ReservationStatus>>>> = {
  AWAITING_PAYMENT: { PAY: 'BOOKED', EXPIRE: 'CLOSED', CANCEL: 'CANCELLED' },
  BOOKED: { ENTER: 'ENTERED', CANCEL: 'CANCELLED', MISS: 'NO_SHOW' },
  CANCELLED: { REFUND: 'REFUNDED' },
  NO_SHOW: { REFUND: 'REFUNDED' },
  CLOSED: { REFUND: 'REFUNDED' },
}

export function reservationTransition(status: ReservationStatus, event: ReservationEvent): ReservationStatus | null {
  return TABLE[status]?.[event] ?? null
}

export const canReservation = (status: ReservationStatus, event: ReservationEvent) => reservationTransition(status, event) !== null

/** The statuses that hold one of the lot's reservable places (the quota) and count towards the per-account and per-plate limits. */
export const HOLDS_PLACE: readonly ReservationStatus[] = ['AWAITING_PAYMENT', 'BOOKED']

/** The label a driver reads: a refund under way reads 已取消（退款中）. */
export function reservationStatusLabel(status: ReservationStatus, refunding: boolean): string {
  return refunding && status !== 'REFUNDED' ? `${RESERVATION_STATUS_LABELS[status]}（退款中）` : RESERVATION_STATUS_LABELS[status]
}

export const holdsPlace = (status: ReservationStatus) => HOLDS_PLACE.includes(status)
