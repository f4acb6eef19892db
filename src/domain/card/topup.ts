// A campus-card top-up (校园卡充值) as a state table: status × event → next
// status, as permit/application.ts. Functions use `transition` as the
// authority and write the result with an update conditional on the status it
// was read in; pages use `can` and the labels.
//
//   AWAITING_PAYMENT 待支付   the WeChat Pay order is placed, not paid
//   PAID             待入账   paid, not yet credited to the platform
//   CREDITED         待圈存   the platform holds it as pending (已入账)
//   CLAIMED          已领取   claimed onto the card at a POS or a kiosk
//   CLOSED           已关闭   never paid; the order was closed
//   REFUNDING        退款中   given up on crediting; the refund is asked for
//   REFUNDED         已退款   refunded, once
//
// Decisions:
// - CREDIT comes from the platform accepting the transfer by our order
//   number, or refusing it as a duplicate serial (it already holds it): both
//   are the same event. A second CREDIT finds nothing to do.
// - GIVE_UP (PAID → REFUNDING) is allowed only when `mayGiveUp` says so: the
//   deadline has passed AND the platform's last answer was a lasting
//   refusal (closed, lost, frozen — not 日结 hours). An
//   unavailable platform (down, timed out) may have taken the transfer
//   without our hearing it, so it never leads to a refund; the next retry's
//   DUPLICATE_SERIAL tells.
// - A payment confirmed for an order already CLOSED (the payer paid as it was
//   being closed) is refunded, as a permit application's is: the holder was
//   already told 交易关闭.
// - CLAIM is learned from the platform (pending back to 0); it changes
//   nothing about money, only what 充值记录 says.
// Pure: no node API.
import { TRANSIENT_REFUSALS, type CardRefusal } from './platform'

export const TOPUP_STATUSES = ['AWAITING_PAYMENT', 'PAID', 'CREDITED', 'CLAIMED', 'CLOSED', 'REFUNDING', 'REFUNDED'] as const
export type TopupStatus = (typeof TOPUP_STATUSES)[number]

export const TOPUP_EVENTS = ['PAY_SUCCEEDED', 'CLOSE', 'CREDIT', 'CLAIM', 'GIVE_UP', 'REFUND_SUCCEEDED'] as const
export type TopupEvent = (typeof TOPUP_EVENTS)[number]

export const TOPUP_STATUS_LABELS: Record<TopupStatus, string> = {
  AWAITING_PAYMENT: '待支付',
  PAID: '待入账',
  CREDITED: '待圈存',
  CLAIMED: '已领取',
  CLOSED: '已关闭',
  REFUNDING: '退款中',
  REFUNDED: '已退款',
}

/**
 * What seed 003's 充值记录 shows under each line: 交易成功 once the money is
 * taken (whatever happens on the campus side), 交易关闭 for an order never
 * paid. A refunded top-up says 已退款 rather than the payment app's
 * 交易关闭, so the holder knows the money came back.
 */
export const TOPUP_RECORD_LABELS: Record<TopupStatus, string> = {
  AWAITING_PAYMENT: '待付款',
  PAID: '交易成功',
  CREDITED: '交易成功',
  CLAIMED: '交易成功',
  CLOSED: '交易关闭',
  REFUNDING: '退款中',
  REFUNDED: '已退款',
}

/** Every allowed move; anything not listed is refused. */
const TABLE: Partial<Record<TopupStatus, Partial<Record<TopupEvent, TopupStatus>>>> = {
  AWAITING_PAYMENT: { PAY_SUCCEEDED: 'PAID', CLOSE: 'CLOSED' },
  PAID: { CREDIT: 'CREDITED', GIVE_UP: 'REFUNDING' },
  CREDITED: { CLAIM: 'CLAIMED' },
  CLOSED: { PAY_SUCCEEDED: 'REFUNDING' },
  REFUNDING: { REFUND_SUCCEEDED: 'REFUNDED' },
}

export function transition(status: TopupStatus, event: TopupEvent): TopupStatus | null {
  return TABLE[status]?.[event] ?? null
}

export const can = (status: TopupStatus, event: TopupEvent) => transition(status, event) !== null

/** Where the holder's money is, for reconciliation: paid = credited + refunded + in flight. */
export type MoneyState = 'unpaid' | 'inFlight' | 'credited' | 'refunded'

export const MONEY_STATE: Record<TopupStatus, MoneyState> = {
  AWAITING_PAYMENT: 'unpaid',
  CLOSED: 'unpaid',
  PAID: 'inFlight',
  REFUNDING: 'inFlight',
  CREDITED: 'credited',
  CLAIMED: 'credited',
  REFUNDED: 'refunded',
}

/** A top-up whose money the platform should hold: the sweep transfers these until credited. */
export const AWAITS_CREDIT: readonly TopupStatus[] = ['PAID']

/** By default a paid top-up is retried for 3 days before a refusal makes it refundable. */
export const DEFAULT_CREDIT_DEADLINE_MS = 3 * 24 * 3600_000

/**
 * Whether a PAID top-up may be given up and refunded: the deadline since
 * payment has passed and the platform's last answer was a refusal that
 * needs a person (lost, frozen, closed…; not 日结 hours). An unavailable
 * platform (down, timed out) or no answer yet never gives up: the transfer
 * may have landed.
 */
export type LastAnswer = { status: 'refused'; code: CardRefusal } | { status: 'unavailable' } | null

export function mayGiveUp(input: { paidAt: number; now: number; deadlineMs?: number; lastAnswer: LastAnswer }): boolean {
  const deadline = input.deadlineMs ?? DEFAULT_CREDIT_DEADLINE_MS
  const a = input.lastAnswer
  return !!a && a.status === 'refused' && !TRANSIENT_REFUSALS.includes(a.code) && input.now - input.paidAt >= deadline
}
