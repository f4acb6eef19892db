// Money as durable intents (WeChat Pay through cloudPay). A payment (charge)
// or refund that is due is written first; every provider call is an attempt
// that may fail; one sweep drives each intent until the provider confirms it
// and the owning domain has applied it. A notice from WeChat Pay is only a
// hint to drive the intent now: what it claims is always confirmed with the
// provider (queryOrder / queryRefund) before anything changes.
//
// Both workflows are state tables: status × event → next status. Functions
// write a move as an update conditional on the status it was read in.

/** The domains that take money through this path, and what staff call their orders. */
export const PAY_DOMAINS = ['permit', 'parking', 'reservation', 'card'] as const
export type PayDomain = (typeof PAY_DOMAINS)[number]
export const PAY_DOMAIN_LABELS: Record<PayDomain, string> = { permit: '车证续费', parking: '停车缴费', reservation: '车位预定', card: '校园卡充值' }

/** A charge: the payer's WeChat Pay order for a domain's business record. */
export const CHARGE_STATUSES = ['OPEN', 'PAID', 'SETTLED', 'CLOSED', 'VOID'] as const
export type ChargeStatus = (typeof CHARGE_STATUSES)[number]

export const CHARGE_EVENTS = [
  /** queryOrder answered SUCCESS (or REFUND: it was paid). */
  'CONFIRMED_PAID',
  /** The order is closed at the provider (closeOrder succeeded, or queryOrder answered CLOSED / ORDERNOTEXIST). */
  'CONFIRMED_CLOSED',
  /** The owning domain recorded the outcome (the application moved to 审核中, or was cancelled). */
  'APPLIED',
] as const
export type ChargeEvent = (typeof CHARGE_EVENTS)[number]

const CHARGE_TABLE: Partial<Record<ChargeStatus, Partial<Record<ChargeEvent, ChargeStatus>>>> = {
  OPEN: { CONFIRMED_PAID: 'PAID', CONFIRMED_CLOSED: 'CLOSED' },
  PAID: { APPLIED: 'SETTLED' },
  CLOSED: { APPLIED: 'VOID', CONFIRMED_PAID: 'PAID' },
  // Closing races the payer: a payment confirmed after the close still counts
  // (the domain then refunds it, since its business record was given up).
  VOID: { CONFIRMED_PAID: 'PAID' },
}

export function chargeTransition(status: ChargeStatus, event: ChargeEvent): ChargeStatus | null {
  return CHARGE_TABLE[status]?.[event] ?? null
}

/** Statuses the sweep still works on. VOID is looked at again only when a notice arrives. */
export const CHARGE_UNFINISHED: readonly ChargeStatus[] = ['OPEN', 'PAID', 'CLOSED']

/** A refund of (part of) a paid charge, under a stable out_refund_no. */
export const REFUND_STATUSES = ['DUE', 'PROCESSING', 'SUCCEEDED', 'DONE', 'FAILED'] as const
export type RefundStatus = (typeof REFUND_STATUSES)[number]

export const REFUND_EVENTS = [
  /** The provider accepted the refund request (it is now processing). */
  'ACCEPTED',
  /** queryRefund answered SUCCESS for this out_refund_no. */
  'CONFIRMED_SUCCESS',
  /** queryRefund answered REFUNDCLOSE or CHANGE: the money did not go back; staff must act. */
  'CONFIRMED_FAILED',
  /** The owning domain recorded the refund (e.g. 已退款, SMS sent). */
  'APPLIED',
] as const
export type RefundEvent = (typeof REFUND_EVENTS)[number]

const REFUND_TABLE: Partial<Record<RefundStatus, Partial<Record<RefundEvent, RefundStatus>>>> = {
  DUE: { ACCEPTED: 'PROCESSING', CONFIRMED_SUCCESS: 'SUCCEEDED', CONFIRMED_FAILED: 'FAILED' },
  PROCESSING: { CONFIRMED_SUCCESS: 'SUCCEEDED', CONFIRMED_FAILED: 'FAILED' },
  SUCCEEDED: { APPLIED: 'DONE' },
}

export function refundTransition(status: RefundStatus, event: RefundEvent): RefundStatus | null {
  return REFUND_TABLE[status]?.[event] ?? null
}

export const REFUND_UNFINISHED: readonly RefundStatus[] = ['DUE', 'PROCESSING', 'SUCCEEDED']

export const CHARGE_LABELS: Record<ChargeStatus, string> = { OPEN: '待支付', PAID: '已支付待入账', SETTLED: '已入账', CLOSED: '已关闭待处理', VOID: '已关闭' }
export const REFUND_LABELS: Record<RefundStatus, string> = { DUE: '待发起', PROCESSING: '退款处理中', SUCCEEDED: '已退款待入账', DONE: '已退款', FAILED: '退款失败' }

/** How long an unpaid order waits for its payer before the sweep closes it. */
export const UNPAID_TIMEOUT_MS = 30 * 60_000
/** How long an intent may stay unfinished before staff are alerted (the sweep keeps trying). */
export const ALERT_AFTER_MS = 24 * 3600_000
/** An attempt in flight holds its intent this long; a crashed attempt is retried after it. */
export const LEASE_MS = 2 * 60_000

/**
 * When to look at an intent again after `attempts` tries that did not finish
 * it: 1, 2, 4 … minutes, at most an hour (the sweep runs every minute).
 */
export function retryDelayMs(attempts: number): number {
  const n = Math.max(0, Math.min(Math.floor(attempts), 30))
  return Math.min(60_000 * 2 ** n, 3600_000)
}

/**
 * When an open charge is next checked: soon after it is placed (a lost
 * payment notice is noticed within minutes), backing off while unpaid, and
 * never later than its expiry, when the sweep closes it.
 */
export function nextChargeCheck(now: number, attempts: number, expiresAt: number): number {
  const later = now + retryDelayMs(attempts)
  return now < expiresAt ? Math.min(later, expiresAt) : later
}
