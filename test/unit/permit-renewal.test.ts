import { describe, expect, it } from 'vitest'
import { nextPeriod } from '../../src/domain/permit/period'
import { DEFAULT_RENEW_WINDOW_DAYS, notYetRenewable, renewalWindow, windowDaysOf } from '../../src/domain/permit/renewal'

const shanghai = (iso: string) => Date.parse(`${iso}+08:00`)

describe('when a permit may be renewed', () => {
  const cases: Array<[string, number, string, boolean, string, string]> = [
    // [valid until, window days, now (Shanghai), open, opens on, why]
    ['2027-12-31', 60, '2027-10-31T23:59:59', false, '2027-11-01', 'the last second before the window'],
    ['2027-12-31', 60, '2027-11-01T00:00:00', true, '2027-11-01', 'exactly at the window start'],
    ['2027-12-31', 60, '2026-12-01T10:00:00', false, '2027-11-01', 'a year early: the renewal just approved cannot be paid for again'],
    ['2026-12-31', 60, '2026-12-01T10:00:00', true, '2026-11-01', 'inside the window (the demo permits on 2026-12-01)'],
    ['2026-12-31', 60, '2026-12-31T23:59:59', true, '2026-11-01', 'on the last valid day'],
    ['2026-11-30', 60, '2026-12-01T10:00:00', true, '2026-10-01', 'expired yesterday: renewable'],
    ['2026-08-31', 60, '2026-12-01T10:00:00', true, '2026-07-02', 'expired months ago: renewable'],
    ['2027-03-31', 30, '2027-03-01T00:00:00', true, '2027-03-01', 'a 30-day window across February'],
    ['2028-03-31', 30, '2028-02-29T23:59:59', false, '2028-03-01', 'a 30-day window in a leap year'],
  ]
  it.each(cases)('When the permit runs until %s with a %i-day window, at %s, then open is %s from %s (%s)', (validUntil, days, now, open, opensOn) => {
    expect(renewalWindow(validUntil, days, shanghai(now))).toEqual({ open, opensOn })
  })

  it('When the day changes in Shanghai but not yet in UTC, then Shanghai decides', () => {
    // 2027-10-31 16:00 UTC is 2027-11-01 00:00 in Shanghai: the window is open.
    expect(renewalWindow('2027-12-31', 60, Date.UTC(2027, 9, 31, 16, 0)).open).toBe(true)
    expect(renewalWindow('2027-12-31', 60, Date.UTC(2027, 9, 31, 15, 59, 59)).open).toBe(false)
  })

  it('When an expired permit is renewed, then the new period starts today', () => {
    const now = shanghai('2026-12-01T10:00:00')
    expect(renewalWindow('2026-11-30', 60, now).open).toBe(true)
    expect(nextPeriod('2026-11-30', 12, now)).toEqual({ start: '2026-12-01', end: '2027-11-30' })
  })

  it('When renewal is not open yet, then the driver reads until when the permit is valid and from when it can be renewed', () => {
    expect(notYetRenewable('2027-12-31', '2027-11-01')).toBe('车证有效期至2027.12.31，2027.11.01起可续费')
  })

  it('When a lot has no setting or a nonsensical one, then the default window applies', () => {
    expect(DEFAULT_RENEW_WINDOW_DAYS).toBe(60)
    expect(windowDaysOf({})).toBe(60)
    expect(windowDaysOf({ renewWindowDays: 0 })).toBe(60)
    expect(windowDaysOf({ renewWindowDays: 1.5 })).toBe(60)
    expect(windowDaysOf({ renewWindowDays: 90 })).toBe(90)
  })

  it('When the input is not a date or the window is out of range, then it throws', () => {
    expect(() => renewalWindow('2027/12/31', 60, 0)).toThrow(RangeError)
    expect(() => renewalWindow('2027-12-31', 0, 0)).toThrow(RangeError)
  })
})
