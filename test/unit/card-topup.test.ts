import { describe, expect, it } from 'vitest'
import {
  AWAITS_CREDIT,
  DEFAULT_CREDIT_DEADLINE_MS,
  mayGiveUp,
  MONEY_STATE,
  TOPUP_EVENTS,
  TOPUP_RECORD_LABELS,
  TOPUP_STATUS_LABELS,
  TOPUP_STATUSES,
  transition,
  type TopupEvent,
  type TopupStatus,
} from '../../src/domain/card/topup'
import { CARD_REFUSALS, TRANSIENT_REFUSALS } from '../../src/domain/card/platform'

// The whole table, written out: every status × every event.
const _ = null
const EXPECTED: Record<TopupStatus, Record<TopupEvent, TopupStatus | null>> = {
  AWAITING_PAYMENT: { PAY_SUCCEEDED: 'PAID', CLOSE: 'CLOSED', CREDIT: _, CLAIM: _, GIVE_UP: _, REFUND_SUCCEEDED: _ },
  PAID: { PAY_SUCCEEDED: _, CLOSE: _, CREDIT: 'CREDITED', CLAIM: _, GIVE_UP: 'REFUNDING', REFUND_SUCCEEDED: _ },
  CREDITED: { PAY_SUCCEEDED: _, CLOSE: _, CREDIT: _, CLAIM: 'CLAIMED', GIVE_UP: _, REFUND_SUCCEEDED: _ },
  CLAIMED: { PAY_SUCCEEDED: _, CLOSE: _, CREDIT: _, CLAIM: _, GIVE_UP: _, REFUND_SUCCEEDED: _ },
  CLOSED: { PAY_SUCCEEDED: 'REFUNDING', CLOSE: _, CREDIT: _, CLAIM: _, GIVE_UP: _, REFUND_SUCCEEDED: _ },
  REFUNDING: { PAY_SUCCEEDED: _, CLOSE: _, CREDIT: _, CLAIM: _, GIVE_UP: _, REFUND_SUCCEEDED: 'REFUNDED' },
  REFUNDED: { PAY_SUCCEEDED: _, CLOSE: _, CREDIT: _, CLAIM: _, GIVE_UP: _, REFUND_SUCCEEDED: _ },
}

const pairs = TOPUP_STATUSES.flatMap((s) => TOPUP_EVENTS.map((e) => [s, e, EXPECTED[s][e]] as const))

describe('campus card top-up state table', () => {
  it('When the table is written out, then it covers every status and event', () => {
    expect(pairs).toHaveLength(TOPUP_STATUSES.length * TOPUP_EVENTS.length)
  })

  it.each(pairs)('When a top-up %s receives %s, then it becomes %s', (status, event, next) => {
    expect(transition(status, event)).toBe(next)
  })

  it('When the platform credits a top-up twice (a duplicate notice, a retried transfer), then the second finds nothing to do', () => {
    expect(transition(transition('PAID', 'CREDIT')!, 'CREDIT')).toBeNull()
  })

  it('When a refund is done, then nothing moves it again (refunded once)', () => {
    for (const e of TOPUP_EVENTS) expect(transition('REFUNDED', e)).toBeNull()
  })

  it('When a credited top-up is asked to give up, then it is refused (credited money is never refunded)', () => {
    expect(transition('CREDITED', 'GIVE_UP')).toBeNull()
    expect(transition('CLAIMED', 'GIVE_UP')).toBeNull()
  })

  it('When statuses are shown, then they carry the issue’s labels', () => {
    expect(TOPUP_STATUS_LABELS).toEqual({
      AWAITING_PAYMENT: '待支付',
      PAID: '待入账',
      CREDITED: '待圈存',
      CLAIMED: '已领取',
      CLOSED: '已关闭',
      REFUNDING: '退款中',
      REFUNDED: '已退款',
    })
  })

  it.each([
    ['AWAITING_PAYMENT', '待付款'],
    ['PAID', '交易成功'],
    ['CREDITED', '交易成功'],
    ['CLAIMED', '交易成功'],
    ['CLOSED', '交易关闭'],
    ['REFUNDING', '退款中'],
    ['REFUNDED', '已退款'],
  ] as const)('When 充值记录 lists a %s top-up, then it reads %s (seed 003)', (status, label) => {
    expect(TOPUP_RECORD_LABELS[status]).toBe(label)
  })

  it('When money is accounted, then every status is unpaid, in flight, credited or refunded, and every move keeps paid money paid', () => {
    expect(MONEY_STATE.PAID).toBe('inFlight')
    expect(AWAITS_CREDIT).toEqual(['PAID'])
    for (const [s, , next] of pairs) {
      if (next && MONEY_STATE[s] !== 'unpaid') expect(MONEY_STATE[next]).not.toBe('unpaid')
    }
  })
})

describe('giving up on crediting', () => {
  const paidAt = Date.UTC(2026, 10, 1)
  const late = paidAt + DEFAULT_CREDIT_DEADLINE_MS
  const cases: Array<[string, number, Parameters<typeof mayGiveUp>[0]['lastAnswer'], boolean]> = [
    ['closed after the deadline', late, { status: 'refused', code: 'ACCOUNT_CLOSED' }, true],
    ['lost after the deadline', late, { status: 'refused', code: 'ACCOUNT_LOST' }, true],
    ['closed before the deadline', late - 1, { status: 'refused', code: 'ACCOUNT_CLOSED' }, false],
    ['unavailable after the deadline (it may have landed)', late + 86400_000, { status: 'unavailable' }, false],
    ['日结 hours after the deadline (clears by itself)', late, { status: 'refused', code: 'OUTSIDE_SERVICE_HOURS' }, false],
    ['no answer yet', late, null, false],
  ]
  it.each(cases)('When the platform answered %s, then giving up is %s', (_why, now, lastAnswer, expected) => {
    expect(mayGiveUp({ paidAt, now, lastAnswer })).toBe(expected)
  })

  it('When the deadline is configured, then it is used', () => {
    expect(mayGiveUp({ paidAt, now: paidAt + 60_000, deadlineMs: 60_000, lastAnswer: { status: 'refused', code: 'ACCOUNT_CLOSED' } })).toBe(true)
  })

  it('When refusals are classed, then only 日结 hours and the card\'s daily limit (it clears the next day) are transient', () => {
    expect(TRANSIENT_REFUSALS).toEqual(['OUTSIDE_SERVICE_HOURS', 'DAILY_LIMIT_EXCEEDED'])
    expect(mayGiveUp({ paidAt, now: paidAt + 10 * 24 * 3600_000, lastAnswer: { status: 'refused', code: 'DAILY_LIMIT_EXCEEDED' } })).toBe(false)
    expect(CARD_REFUSALS).toContain('ACCOUNT_CLOSED')
  })
})
