import { describe, expect, it } from 'vitest'
import {
  CHARGE_EVENTS,
  CHARGE_LABELS,
  CHARGE_STATUSES,
  CHARGE_UNFINISHED,
  chargeTransition,
  nextChargeCheck,
  REFUND_EVENTS,
  REFUND_LABELS,
  REFUND_STATUSES,
  REFUND_UNFINISHED,
  refundTransition,
  retryDelayMs,
  type ChargeEvent,
  type ChargeStatus,
  type RefundEvent,
  type RefundStatus,
} from '../../src/domain/pay/intent'

// The whole tables, written out: every status × every event.
const CHARGE: Record<ChargeStatus, Record<ChargeEvent, ChargeStatus | null>> = {
  OPEN: { CONFIRMED_PAID: 'PAID', CONFIRMED_CLOSED: 'CLOSED', APPLIED: null },
  PAID: { CONFIRMED_PAID: null, CONFIRMED_CLOSED: null, APPLIED: 'SETTLED' },
  SETTLED: { CONFIRMED_PAID: null, CONFIRMED_CLOSED: null, APPLIED: null },
  CLOSED: { CONFIRMED_PAID: 'PAID', CONFIRMED_CLOSED: null, APPLIED: 'VOID' },
  VOID: { CONFIRMED_PAID: 'PAID', CONFIRMED_CLOSED: null, APPLIED: null },
}
const REFUND: Record<RefundStatus, Record<RefundEvent, RefundStatus | null>> = {
  DUE: { ACCEPTED: 'PROCESSING', CONFIRMED_SUCCESS: 'SUCCEEDED', CONFIRMED_FAILED: 'FAILED', APPLIED: null },
  PROCESSING: { ACCEPTED: null, CONFIRMED_SUCCESS: 'SUCCEEDED', CONFIRMED_FAILED: 'FAILED', APPLIED: null },
  SUCCEEDED: { ACCEPTED: null, CONFIRMED_SUCCESS: null, CONFIRMED_FAILED: null, APPLIED: 'DONE' },
  DONE: { ACCEPTED: null, CONFIRMED_SUCCESS: null, CONFIRMED_FAILED: null, APPLIED: null },
  FAILED: { ACCEPTED: null, CONFIRMED_SUCCESS: null, CONFIRMED_FAILED: null, APPLIED: null },
}

const chargePairs = CHARGE_STATUSES.flatMap((s) => CHARGE_EVENTS.map((e) => [s, e, CHARGE[s][e]] as const))
const refundPairs = REFUND_STATUSES.flatMap((s) => REFUND_EVENTS.map((e) => [s, e, REFUND[s][e]] as const))

describe('charge state table', () => {
  it('has every pair written out', () => expect(chargePairs).toHaveLength(15))
  it.each(chargePairs)('When a charge %s receives %s, then it becomes %s', (status, event, next) => {
    expect(chargeTransition(status, event)).toBe(next)
  })
  it('When a charge is settled, then no notice can move it again', () => {
    for (const e of CHARGE_EVENTS) expect(chargeTransition('SETTLED', e)).toBeNull()
  })
  it('The sweep works on exactly the statuses that can still move without a notice', () => {
    expect([...CHARGE_UNFINISHED].sort()).toEqual(['CLOSED', 'OPEN', 'PAID'])
    expect(Object.keys(CHARGE_LABELS).sort()).toEqual([...CHARGE_STATUSES].sort())
  })
})

describe('refund state table', () => {
  it('has every pair written out', () => expect(refundPairs).toHaveLength(20))
  it.each(refundPairs)('When a refund %s receives %s, then it becomes %s', (status, event, next) => {
    expect(refundTransition(status, event)).toBe(next)
  })
  it('The sweep works on the unfinished refunds; FAILED waits for staff', () => {
    expect([...REFUND_UNFINISHED].sort()).toEqual(['DUE', 'PROCESSING', 'SUCCEEDED'])
    expect(REFUND_LABELS.FAILED).toBe('退款失败')
  })
})

describe('retry timing', () => {
  it.each([
    [0, 60_000],
    [1, 120_000],
    [2, 240_000],
    [5, 1_920_000],
    [6, 3_600_000],
    [40, 3_600_000],
    [-3, 60_000],
  ])('When %i tries have failed, then the next waits %i ms', (attempts, ms) => {
    expect(retryDelayMs(attempts)).toBe(ms)
  })

  const T = 1_000_000_000
  it.each([
    ['a new order is looked at after a minute', T, 0, T + 30 * 60_000, T + 60_000],
    ['a late check never passes the expiry', T + 25 * 60_000, 4, T + 30 * 60_000, T + 30 * 60_000],
    ['past the expiry, a failed close backs off', T + 31 * 60_000, 1, T + 30 * 60_000, T + 33 * 60_000],
  ])('When %s', (_name, now, attempts, expiresAt, next) => {
    expect(nextChargeCheck(now, attempts, expiresAt)).toBe(next)
  })
})
