// 收费规则's edit form (src/packages/office/components/rule-form.ts): a rule
// round-trips through its text fields, yuan become fen, and every refusal of
// the schema lands under the field it is about.
import { describe, expect, it } from 'vitest'
import { formOf, ruleOf, type RuleForm } from '../../src/packages/office/components/rule-form'
import { DEMO_RULE } from '../support/parking'

const edited = (over: Partial<RuleForm>) => ruleOf({ ...formOf(DEMO_RULE), ...over }, DEMO_RULE)

describe('the fee rule form', () => {
  it('When the demo rule is put in the form and read back untouched, then it is the same rule', () => {
    expect(formOf(DEMO_RULE)).toMatchObject({ firstYuan: '5', unitYuan: '1', nightYuan: '0.50', capYuan: '20', dayNight: true, dayStart: '07:00' })
    expect(ruleOf(formOf(DEMO_RULE), DEMO_RULE)).toEqual({ ok: true, rule: DEMO_RULE })
  })

  it('When prices are typed in yuan, then the rule holds fen; an empty cap means no cap', () => {
    const r = edited({ firstYuan: '8.5', unitYuan: '2', capYuan: '' })
    expect(r.ok && r.rule.small).toMatchObject({ firstFen: 850, unitFen: 200, capFen: null })
  })

  it('When day and night pricing is switched off, then there is no day window and no night price, for the overrides either', () => {
    const r = edited({ dayNight: false })
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.rule.dayWindow).toBeNull()
    expect(r.rule.small.nightUnitFen).toBeNull()
    expect(r.rule.large).toEqual({ firstFen: 1000, unitFen: 200, capFen: 4000 })
  })

  it.each([
    [{ unitYuan: 'abc' }, 'unitYuan', '请输入金额，如 5 或 0.50'],
    [{ freeMinutes: '1.5' }, 'freeMinutes', '请输入整数（分钟）'],
    [{ freeMinutes: '2000' }, 'freeMinutes', '免费时长应为 0–1440 分钟的整数'],
    [{ unitMinutes: '0' }, 'unitMinutes', '计费单位应为 1–1440 分钟的整数'],
    [{ firstMinutes: '0' }, 'firstYuan', '未设首段时长时，首段价格应为 0'],
    [{ dayStart: '20:00' }, 'dayEnd', '白天开始时间应早于结束时间'],
    [{ capYuan: '0' }, 'capYuan', '封顶金额应大于 0'],
    [{ graceMinutes: '200' }, 'graceMinutes', '缴费后免费离场时间应为 0–120 分钟的整数'],
  ] as const)('When the form has %o, then %s says “%s”', (over, field, message) => {
    const r = edited(over)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.errors[field]).toBe(message)
  })
})
