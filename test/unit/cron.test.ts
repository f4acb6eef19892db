// CloudBase's 7-field cron (second minute hour day month weekday year) in
// Beijing time: what it accepts and when it fires next.
import { describe, expect, it } from 'vitest'
import { CronError, fireTimesBetween, nextFire, parseCron } from '../../emulator/functions/cron'

/** Epoch ms of a Beijing wall time `YYYY-MM-DD HH:mm:ss`. */
const bj = (text: string) => {
  const [d, t] = text.split(' ')
  const [y, mo, day] = d.split('-').map(Number)
  const [h, mi, s] = t.split(':').map(Number)
  return Date.UTC(y, mo - 1, day, h, mi, s) - 8 * 3600_000
}
/** Beijing wall time of epoch ms, with the weekday (0 = Sunday). */
const show = (ms: number | null) => {
  if (ms === null) return null
  const d = new Date(ms + 8 * 3600_000)
  return `${d.toISOString().slice(0, 19).replace('T', ' ')} w${d.getUTCDay()}`
}
const nextTwo = (expr: string, from: string) => {
  const cron = parseCron(expr)
  const first = nextFire(cron, bj(from))
  return [show(first), show(first === null ? null : nextFire(cron, first))]
}

describe('cron: next fire times', () => {
  it.each([
    ['every 5 seconds', '*/5 * * * * * *', '2026-01-05 09:58:31', ['2026-01-05 09:58:35 w1', '2026-01-05 09:58:40 w1']],
    ['every 5 minutes at second 0', '0 */5 * * * * *', '2026-01-05 09:58:30', ['2026-01-05 10:00:00 w1', '2026-01-05 10:05:00 w1']],
    ['strictly after a fire time', '0 */5 * * * * *', '2026-01-05 10:00:00', ['2026-01-05 10:05:00 w1', '2026-01-05 10:10:00 w1']],
    ['a/n counts from a', '1/20 * * * * * *', '2026-01-05 10:00:00', ['2026-01-05 10:00:01 w1', '2026-01-05 10:00:21 w1']],
    ['monthly on the 1st at 02:00', '0 0 2 1 * * *', '2026-01-05 00:00:00', ['2026-02-01 02:00:00 w0', '2026-03-01 02:00:00 w0']],
    ['weekdays by name', '0 15 10 * * MON-FRI *', '2026-01-09 11:00:00', ['2026-01-12 10:15:00 w1', '2026-01-13 10:15:00 w2']],
    ['0 is Sunday', '0 0 0 * * 0 *', '2026-01-05 12:00:00', ['2026-01-11 00:00:00 w0', '2026-01-18 00:00:00 w0']],
    ['3 is Wednesday', '0 0 12 * * 3 *', '2026-01-05 12:00:00', ['2026-01-07 12:00:00 w3', '2026-01-14 12:00:00 w3']],
    ['? in the weekday field', '0 0 0 ? * SAT *', '2026-01-05 12:00:00', ['2026-01-10 00:00:00 w6', '2026-01-17 00:00:00 w6']],
    ['hour list', '0 0 10,14,16 * * * *', '2026-01-05 10:00:00', ['2026-01-05 14:00:00 w1', '2026-01-05 16:00:00 w1']],
    ['half-hourly in office hours, past the last', '0 */30 9-17 * * * *', '2026-01-05 17:40:00', ['2026-01-06 09:00:00 w2', '2026-01-06 09:30:00 w2']],
    ['day and weekday both given: either matches', '0 0 8 1 * MON *', '2026-01-31 12:00:00', ['2026-02-01 08:00:00 w0', '2026-02-02 08:00:00 w1']],
    ['the 31st skips short months', '0 0 0 31 * * *', '2026-01-31 00:00:00', ['2026-03-31 00:00:00 w2', '2026-05-31 00:00:00 w0']],
    ['29 February waits for a leap year', '0 0 0 29 2 * *', '2026-03-01 00:00:00', ['2028-02-29 00:00:00 w2', '2032-02-29 00:00:00 w0']],
    ['month names, any case', '0 0 9 1 JAN,jul * *', '2026-01-31 10:00:00', ['2026-07-01 09:00:00 w3', '2027-01-01 09:00:00 w5']],
    ['month range with step', '0 0 0 1 1-12/3 * *', '2026-01-05 00:00:00', ['2026-04-01 00:00:00 w3', '2026-07-01 00:00:00 w3']],
    ['across the year end', '59 59 23 31 12 * *', '2026-12-31 23:59:59', ['2027-12-31 23:59:59 w5', '2028-12-31 23:59:59 w0']],
    ['a single year, then never', '0 0 0 1 1 * 2027', '2026-06-01 00:00:00', ['2027-01-01 00:00:00 w5', null]],
    ['a past year: never', '0 0 0 1 1 * 2020', '2026-06-01 00:00:00', [null, null]],
    ['31 February: never', '0 0 0 31 2 * *', '2026-01-01 00:00:00', [null, null]],
  ])('%s: "%s" after %s fires at %j', (_name, expr, from, expected) => {
    expect(nextTwo(expr, from)).toEqual(expected)
  })

  it('When the fire time is Beijing midnight, then it is 16:00 UTC the day before', () => {
    expect(new Date(nextFire(parseCron('0 0 0 * * * *'), Date.UTC(2026, 0, 5, 0, 0, 0))!).toISOString()).toBe('2026-01-05T16:00:00.000Z')
  })

  it('When fire times are listed over a day, then every one in (from, to] comes in order', () => {
    const times = fireTimesBetween(parseCron('0 0 */6 * * * *'), bj('2026-01-05 00:00:00'), bj('2026-01-06 00:00:00'))
    expect(times.map(show)).toEqual(['2026-01-05 06:00:00 w1', '2026-01-05 12:00:00 w1', '2026-01-05 18:00:00 w1', '2026-01-06 00:00:00 w2'])
  })

  it('When a rare time is decades away, then it is found quickly (jumping years, months and days)', () => {
    const started = performance.now()
    expect(show(nextFire(parseCron('0 0 0 29 2 1 2096'), bj('1970-01-01 00:00:00')))).toBe('2096-02-06 00:00:00 w1')
    expect(show(nextFire(parseCron('0 0 0 29 2 * 2096'), bj('1970-01-01 00:00:00')))).toBe('2096-02-29 00:00:00 w3')
    expect(performance.now() - started).toBeLessThan(200)
  })
})

describe('cron: what is refused', () => {
  it.each([
    ['six fields', '0 */5 * * * *', '7 段'],
    ['second 60', '60 * * * * * *', '超出范围 0-59'],
    ['hour 24', '0 0 24 * * * *', '超出范围 0-23'],
    ['day 0', '0 0 0 0 * * *', '超出范围 1-31'],
    ['month 13', '0 0 0 1 13 * *', '超出范围 1-12'],
    ['weekday 7 (SCF takes 0-6)', '0 0 0 * * 7 *', '超出范围 0-6'],
    ['year 1969', '0 0 0 1 1 * 1969', '超出范围 1970-2099'],
    ['step 0', '*/0 * * * * * *', '步长'],
    ['backwards range', '5-1 * * * * * *', '起点大于终点'],
    ['L in the day field', '0 0 0 L * * *', '不支持'],
    ['L in the weekday field', '0 0 0 ? * 5L *', '5L'],
    ['unknown name', '0 0 0 * * FOO *', 'FOO'],
    ['? outside the day fields', '? * * * * * *', '?'],
    ['empty list item', '1,,2 * * * * * *', '空的列表项'],
  ])('%s: "%s" is refused', (_name, expr, message) => {
    expect(() => parseCron(expr)).toThrow(CronError)
    expect(() => parseCron(expr)).toThrow(message)
  })
})
