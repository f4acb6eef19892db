// 预定车位's arrival choices: half-hour slots from the next half hour to the
// lot's horizon, by the clock given (the server's), labelled by day.
import { describe, expect, it } from 'vitest'
import { arrivalSlots, countdown, kindOptions, windowHint } from '../../src/packages/reservation/slots'

const at = (s: string) => Date.parse(`${s}+08:00`)

describe('arrival slots', () => {
  it('When it is 10:07, then the slots start at 10:30 and end at the horizon, each a whole half hour', () => {
    const slots = arrivalSlots(at('2026-12-06T10:07:31'), 24)
    expect(slots[0]).toEqual({ at: at('2026-12-06T10:30:00'), label: '今天 10:30' })
    expect(slots.at(-1)).toEqual({ at: at('2026-12-07T10:00:00'), label: '明天 10:00' })
    expect(slots).toHaveLength(48)
    expect(slots.every((s) => s.at % 1_800_000 === 0)).toBe(true)
  })

  it('When it is exactly on a half hour, then that moment is not offered (it is no longer ahead)', () => {
    expect(arrivalSlots(at('2026-12-06T10:30:00'), 1).map((s) => s.label)).toEqual(['今天 11:00', '今天 11:30'])
  })

  it('When the horizon reaches two days and more, then the labels say 后天 and then the date', () => {
    const labels = arrivalSlots(at('2026-12-06T23:40:00'), 72).map((s) => s.label)
    expect(labels[0]).toBe('明天 00:00')
    expect(labels).toContain('后天 12:00')
    expect(labels.at(-1)).toBe('12月9日 23:30')
  })
})

describe('what the pages state', () => {
  it('When an arrival is chosen, then its window reads as the lot sets it, across midnight with the day', () => {
    const now = at('2026-12-06T10:07:00')
    expect(windowHint(at('2026-12-06T11:00:00'), 30, 30, now)).toBe('今天 10:30–11:30')
    expect(windowHint(at('2026-12-07T00:00:00'), 30, 30, now)).toBe('今天 23:30–明天 00:30')
  })

  it('When the fee is by vehicle kind, then each kind is offered with its price; the time left counts down to 00:00', () => {
    expect(kindOptions({ small: 500, large: 1000, newEnergy: 300 }).map((o) => `${o.label} ${o.price}`)).toEqual(['小型车 ¥5.00', '大型车 ¥10.00', '新能源车 ¥3.00'])
    expect(countdown(10 * 60_000, 1)).toBe('10:00')
    expect(countdown(65_000, 0)).toBe('01:05')
    expect(countdown(0, 5000)).toBe('00:00')
  })
})
