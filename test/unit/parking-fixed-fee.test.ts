// The bill of a stay with no entry record: a fixed amount, less what was paid and the coupon.
import { describe, expect, it } from 'vitest'
import { fixedFee, firstPeriodFen, type FeeRule } from '../../src/domain/parking/fee'
import type { CouponBenefit } from '../../src/domain/parking/coupon'
import { DEMO_RULE } from '../support/parking'

const NO_FIRST: FeeRule = { ...DEMO_RULE, small: { ...DEMO_RULE.small, firstMinutes: 0, firstFen: 0 } }

describe('a stay billed a fixed amount (no entry record)', () => {
  const cases: Array<[string, FeeRule, number, { fen: number; until: number } | null, CouponBenefit | null, number]> = [
    // [why, rule, fixedFen, paid, coupon, due]
    ['nothing paid, no coupon: the fixed amount', DEMO_RULE, 500, null, null, 500],
    ['paid in full: nothing more', DEMO_RULE, 500, { fen: 500, until: 0 }, null, 0],
    ['paid with a ¥2 coupon (¥3 paid): settled all the same', DEMO_RULE, 500, { fen: 300, until: 0 }, null, 0],
    ['an amount coupon takes its amount off', DEMO_RULE, 500, null, { kind: 'amount', fen: 200 }, 300],
    ['an amount coupon never takes it below zero', DEMO_RULE, 500, null, { kind: 'amount', fen: 900 }, 0],
    ['a free pass takes all of it', DEMO_RULE, 500, null, { kind: 'free' }, 0],
    ['a time coupon covering the first hour takes all of it', DEMO_RULE, 500, null, { kind: 'time', minutes: 60 }, 0],
    ['a time coupon shorter than the first hour takes nothing', DEMO_RULE, 500, null, { kind: 'time', minutes: 59 }, 500],
    ['without a first period the amount stands for one unit (30 minutes)', NO_FIRST, 100, null, { kind: 'time', minutes: 30 }, 0],
  ]
  it.each(cases)('%s', (_why, rule, fixedFen, paid, coupon, due) => {
    const fee = fixedFee({ rule, kind: 'small', fixedFen, minutes: 3, paid, coupon })
    expect(fee.amountFen).toBe(due)
    expect(fee.grossFen).toBe(fixedFen)
    // The steps add up to what is due, as on every bill.
    expect(fee.steps.reduce((s, x) => s + x.fen, 0)).toBe(due)
    if (paid && paid.fen < fixedFen) expect(fee.steps[1].text).toBe('已缴 ¥3.00（其余已由优惠券抵扣）')
    expect(fee.steps[0].text).toBe(`无入场记录，按首段收费 ${fixedFen ? `¥${(fixedFen / 100).toFixed(2)}` : '免费'}`)
    expect(fee.couponFen + fee.settledFen + fee.amountFen).toBe(fixedFen)
  })

  it('When the gate bills the first period, then the bill names the rule it came from', () => {
    const fee = fixedFee({ rule: DEMO_RULE, kind: 'small', fixedFen: firstPeriodFen(DEMO_RULE, 'small'), minutes: 0 })
    expect(fee.amountFen).toBe(500)
    expect(fee.rule.at(-1)).toContain('无入场记录的车辆按首段价格收费')
  })

  it('When the amount is not whole fen, then it is refused', () => {
    expect(() => fixedFee({ rule: DEMO_RULE, kind: 'small', fixedFen: 1.5, minutes: 0 })).toThrow(RangeError)
  })
})
