import { describe, expect, it } from 'vitest'
import {
  AMOUNT_MESSAGES,
  checkTopupAmount,
  DEFAULT_AMOUNT_FEN,
  DEFAULT_TOPUP_LIMITS,
  defaultAmount,
  formatAmount,
  parseCustomAmount,
  PRESET_AMOUNTS_FEN,
  presetsWithin,
  type TopupLimits,
} from '../../src/domain/card/amount'

const limits: TopupLimits = { minFen: 100, maxFen: 50000 }

describe('top-up amounts', () => {
  it('When the form opens, then the presets are 10 / 20 / 50 / 100 元 and the default is 100.00', () => {
    expect(PRESET_AMOUNTS_FEN).toEqual([1000, 2000, 5000, 10000])
    expect(DEFAULT_AMOUNT_FEN).toBe(10000)
    expect(formatAmount(defaultAmount())).toBe('100.00')
    expect(DEFAULT_TOPUP_LIMITS).toEqual(limits)
  })

  const typed: Array<[string, number | string, string]> = [
    // [typed, fen or the refusal, why]
    ['50', 5000, 'whole yuan'],
    ['50元', 5000, 'with 元'],
    ['50.00', 5000, 'with zero decimals'],
    ['５０', 5000, 'full-width digits'],
    [' 1 ', 100, 'the smallest allowed'],
    ['500', 50000, 'the largest allowed'],
    ['', AMOUNT_MESSAGES.empty, 'nothing typed'],
    ['abc', AMOUNT_MESSAGES.notNumber, 'not a number'],
    ['-5', AMOUNT_MESSAGES.notNumber, 'negative'],
    ['1e3', AMOUNT_MESSAGES.notNumber, 'exponent'],
    ['50.5', AMOUNT_MESSAGES.notWhole, 'not whole yuan'],
    ['50.123', AMOUNT_MESSAGES.notNumber, 'three decimals'],
    ['0', AMOUNT_MESSAGES.notNumber, 'zero'],
    ['501', '单次充值金额不能超过 500 元', 'above the platform limit'],
    ['12345678', AMOUNT_MESSAGES.notNumber, 'absurdly long'],
  ]
  it.each(typed)('When %j is typed, then it is %j (%s)', (text, expected) => {
    const r = parseCustomAmount(text, limits)
    expect(r).toEqual(typeof expected === 'number' ? { ok: true, fen: expected } : { ok: false, message: expected })
  })

  it('When the platform sets 10–200 元, then 5 元 and 300 元 are refused with those limits', () => {
    const l = { minFen: 1000, maxFen: 20000 }
    expect(parseCustomAmount('5', l)).toEqual({ ok: false, message: '单次充值金额不能低于 10 元' })
    expect(parseCustomAmount('300', l)).toEqual({ ok: false, message: '单次充值金额不能超过 200 元' })
    expect(parseCustomAmount('200', l)).toEqual({ ok: true, fen: 20000 })
  })

  const checked: Array<[number, boolean, string]> = [
    [5000, true, 'a preset'],
    [100, true, 'the minimum'],
    [50000, true, 'the maximum'],
    [50100, false, 'over the maximum'],
    [5050, false, 'not whole yuan'],
    [0, false, 'zero'],
    [-100, false, 'negative'],
    [1.5, false, 'not an integer'],
    [Number.NaN, false, 'not a number'],
  ]
  it.each(checked)('When the server checks %d fen, then it is allowed: %s (%s)', (fen, ok) => {
    expect(checkTopupAmount(fen, limits).ok).toBe(ok)
  })

  it('When the limits exclude some presets, then only the presets inside are offered and the default moves inside', () => {
    expect(presetsWithin({ minFen: 1500, maxFen: 5000 })).toEqual([2000, 5000])
    expect(defaultAmount({ minFen: 100, maxFen: 5000 })).toBe(5000)
    expect(defaultAmount({ minFen: 20000, maxFen: 50000 })).toBe(20000)
    expect(presetsWithin(limits)).toEqual([1000, 2000, 5000, 10000])
  })

  it('When the configured limits make no sense, then it throws (a configuration error)', () => {
    expect(() => checkTopupAmount(100, { minFen: 0, maxFen: 100 })).toThrow(RangeError)
    expect(() => checkTopupAmount(100, { minFen: 150, maxFen: 1000 })).toThrow(RangeError)
    expect(() => presetsWithin({ minFen: 2000, maxFen: 1000 })).toThrow(RangeError)
  })
})
