import { describe, expect, it } from 'vitest'
import {
  APPLICATION_EVENTS,
  APPLICATION_STATUSES,
  BLOCKS_NEW_APPLICATION,
  STATUS_LABELS,
  transition,
  type ApplicationEvent,
  type ApplicationStatus,
} from '../../src/domain/permit/application'
import { formatPeriod, nextPeriod } from '../../src/domain/permit/period'

// The whole table, written out: every status × every event.
const EXPECTED: Record<ApplicationStatus, Record<ApplicationEvent, ApplicationStatus | null>> = {
  PENDING_PAYMENT: { PAY_SUCCEEDED: 'REVIEWING', APPROVE: null, REJECT: null, REQUEST_REFUND: null, REFUND_SUCCEEDED: null, CANCEL: 'CANCELLED' },
  REVIEWING: { PAY_SUCCEEDED: null, APPROVE: 'APPROVED', REJECT: 'REJECTED', REQUEST_REFUND: null, REFUND_SUCCEEDED: null, CANCEL: null },
  APPROVED: { PAY_SUCCEEDED: null, APPROVE: null, REJECT: null, REQUEST_REFUND: null, REFUND_SUCCEEDED: null, CANCEL: null },
  REJECTED: { PAY_SUCCEEDED: null, APPROVE: null, REJECT: null, REQUEST_REFUND: 'REFUNDING', REFUND_SUCCEEDED: null, CANCEL: null },
  REFUNDING: { PAY_SUCCEEDED: null, APPROVE: null, REJECT: null, REQUEST_REFUND: null, REFUND_SUCCEEDED: 'REFUNDED', CANCEL: null },
  REFUNDED: { PAY_SUCCEEDED: null, APPROVE: null, REJECT: null, REQUEST_REFUND: null, REFUND_SUCCEEDED: null, CANCEL: null },
  CANCELLED: { PAY_SUCCEEDED: 'REFUNDING', APPROVE: null, REJECT: null, REQUEST_REFUND: null, REFUND_SUCCEEDED: null, CANCEL: null },
}

const pairs = APPLICATION_STATUSES.flatMap((s) => APPLICATION_EVENTS.map((e) => [s, e, EXPECTED[s][e]] as const))

describe('permit application state machine', () => {
  it.each(pairs)('When an application %s receives %s, then it becomes %s', (status, event, next) => {
    expect(transition(status, event)).toBe(next)
  })

  it('When an approved application is asked for a refund, then it is refused (only a rejection can be refunded)', () => {
    expect(transition('APPROVED', 'REQUEST_REFUND')).toBeNull()
  })

  it('When a payment notice arrives twice, then the second finds nothing to do', () => {
    expect(transition(transition('PENDING_PAYMENT', 'PAY_SUCCEEDED')!, 'PAY_SUCCEEDED')).toBeNull()
  })

  it('When a rejected permit has not been refunded, then a new application for it is blocked', () => {
    expect(BLOCKS_NEW_APPLICATION).toContain('REJECTED')
    expect(BLOCKS_NEW_APPLICATION).toContain('REFUNDING')
    expect(BLOCKS_NEW_APPLICATION).not.toContain('REFUNDED')
    expect(BLOCKS_NEW_APPLICATION).not.toContain('APPROVED')
  })

  it('When a status is shown, then it carries the seed’s label', () => {
    expect([STATUS_LABELS.REVIEWING, STATUS_LABELS.REJECTED, STATUS_LABELS.APPROVED]).toEqual(['审核中', '审核失败', '办理成功'])
  })
})

describe('next validity period', () => {
  const at = (iso: string) => Date.parse(`${iso}T10:00:00+08:00`)

  const periods: Array<[string | null, number, string, string, string, string]> = [
    // [current end, months, today, start, end, why]
    ['2022-05-31', 12, '2022-05-20', '2022-06-01', '2023-05-31', 'renewing before expiry continues the permit (the seed’s example)'],
    ['2022-05-31', 12, '2022-05-31', '2022-06-01', '2023-05-31', 'renewing on the last day continues it'],
    ['2022-05-31', 12, '2022-07-15', '2022-07-15', '2023-07-14', 'renewing after expiry starts today'],
    ['2024-01-31', 1, '2024-01-10', '2024-02-01', '2024-02-29', 'a month from February 1st in a leap year'],
    ['2023-12-31', 6, '2023-12-01', '2024-01-01', '2024-06-30', 'half a year across the new year'],
    [null, 12, '2026-11-23', '2026-11-23', '2027-11-22', 'no current permit starts today'],
  ]
  it.each(periods)('When the permit ends %s and %i months are bought on %s, then it runs %s to %s (%s)', (end, months, today, start, last) => {
    expect(nextPeriod(end, months, at(today))).toEqual({ start, end: last })
  })

  it('When today is computed, then it is the Shanghai calendar day even late at night UTC', () => {
    // 2022-05-31 16:30 UTC is already June 1st in Shanghai: the permit has run out.
    expect(nextPeriod('2022-05-31', 12, Date.UTC(2022, 4, 31, 16, 30)).start).toBe('2022-06-01')
    expect(nextPeriod('2022-05-30', 12, Date.UTC(2022, 4, 31, 16, 30)).start).toBe('2022-06-01')
  })

  it('When a period is shown, then it reads as the seed writes it', () => {
    expect(formatPeriod({ start: '2022-06-01', end: '2023-05-31' })).toBe('2022.06.01至2023.05.31')
  })

  it('When the input is not a date or the months are out of range, then it throws', () => {
    expect(() => nextPeriod('2022/05/31', 12, 0)).toThrow(RangeError)
    expect(() => nextPeriod('2022-05-31', 0, 0)).toThrow(RangeError)
  })
})
