import { describe, expect, it } from 'vitest'
import { DEFAULT_RESERVATION_SETTINGS } from '../../src/domain/reservation/rules'
import { formOf, settingsOf } from '../../src/packages/office/components/reservation-form'

describe('预定设置 form', () => {
  const base = { ...DEFAULT_RESERVATION_SETTINGS, enabled: true, quota: 10, prepay: true }

  it('When settings are shown and saved unchanged, then the same settings come back (fees in yuan on the form)', () => {
    const form = formOf(base)
    expect([form.quota, form.fee_small, form.fee_large]).toEqual(['10', '5', '10'])
    expect(settingsOf(form)).toEqual({ ok: true, settings: base })
  })

  it('When a fee is typed as 2.5 元, then it is kept as 250 fen', () => {
    const r = settingsOf({ ...formOf(base), fee_newEnergy: '2.5' })
    expect(r.ok && r.settings.prepayFen.newEnergy).toBe(250)
  })

  it.each([
    ['quota', 'abc', '请输入整数'],
    ['fee_small', '1.234', '请输入金额，最多两位小数'],
    ['windowAfterMinutes', '5', '延后入场分钟数不能小于 10'],
    ['horizonHours', '0', '最长提前预定小时数不能小于 1'],
    ['fee_large', '1001', '大型车预约费不能超过 1000 元'],
  ] as const)('When %s is %s, then the form says %s under it', (field, value, message) => {
    const r = settingsOf({ ...formOf(base), [field]: value })
    expect(r).toEqual({ ok: false, errors: { [field]: message } })
  })
})
