// The 访客预约 form (src/domain/visitor/form.ts): each field's refusal lands
// under that field, in Chinese; the office's 人数 limit and the window rules
// apply on top of the static schema.
import { describe, expect, it } from 'vitest'
import { checkVisitorForm, VisitorFormSchema, type VisitorFormField } from '../../src/domain/visitor/form'
import { DEFAULT_VISITOR_SETTINGS } from '../../src/domain/visitor/pass'

const at = (s: string) => Date.parse(`${s.replace(' ', 'T')}:00+08:00`)
const NOW = at('2026-12-06 10:00')
const S = DEFAULT_VISITOR_SETTINGS // up to 5 visitors, 07:00–22:00, 12 hours, 7 days ahead

const good = {
  name: '李雷',
  phone: '13912345678',
  purpose: '参加学术会议',
  start: at('2026-12-06 14:00'),
  end: at('2026-12-06 16:00'),
  visitors: 2,
  plate: '京A12345',
}

describe('the visitor form', () => {
  it('When every field is right, then the form is accepted, trimmed and with the plate normalised', () => {
    const r = checkVisitorForm({ ...good, name: '  李雷 ', plate: '京a 12345' }, S, NOW)
    expect(r).toEqual({ ok: true, form: { ...good, name: '李雷', plate: '京A12345' } })
  })

  it.each([undefined, null, '', '   '])('When the plate is %j, then the visitor comes without a car', (plate) => {
    const r = checkVisitorForm({ ...good, plate }, S, NOW)
    expect(r.ok && r.form.plate).toBeNull()
  })

  it('When a rare character is in the name, then it counts as one character', () => {
    expect(checkVisitorForm({ ...good, name: '𠮷' }, S, NOW)).toMatchObject({ ok: false, errors: { name: '访客姓名应为 2–20 个字' } })
    expect(checkVisitorForm({ ...good, name: '𠮷野' }, S, NOW).ok).toBe(true)
  })

  const refusals: Array<[string, Record<string, unknown>, VisitorFormField, string]> = [
    ['a one-character name', { name: '李' }, 'name', '访客姓名应为 2–20 个字'],
    ['a 21-character name', { name: '李'.repeat(21) }, 'name', '访客姓名应为 2–20 个字'],
    ['no name', { name: undefined }, 'name', '请填写访客姓名'],
    ['a name with a control character', { name: '李\u0007雷' }, 'name', '内容包含无法识别的字符，请删除后重试'],
    ['a landline', { phone: '01012345678' }, 'phone', '请输入正确的 11 位手机号'],
    ['an empty purpose', { purpose: '  ' }, 'purpose', '请填写来访事由'],
    ['a 61-character purpose', { purpose: '会'.repeat(61) }, 'purpose', '来访事由不超过 60 字'],
    ['no visitors', { visitors: 0 }, 'visitors', '来访人数至少 1 人'],
    ['half a visitor', { visitors: 1.5 }, 'visitors', '请填写来访人数'],
    ['more visitors than the office allows', { visitors: 6 }, 'visitors', '来访人数不能超过 5 人'],
    ['more visitors than any office may allow', { visitors: 51 }, 'visitors', '来访人数不能超过 50 人'],
    ['a wrong plate', { plate: '京A1234' }, 'plate', '车牌号长度不正确（普通车牌 7 位，新能源车牌 8 位）'],
    ['no start', { start: undefined }, 'start', '请选择来访开始时间'],
    ['an end before the start', { end: at('2026-12-06 13:00') }, 'end', '结束时间应晚于开始时间'],
    ['a start before visiting hours', { start: at('2026-12-07 06:00'), end: at('2026-12-07 08:00') }, 'start', '来访时间应在 07:00–22:00 之间'],
  ]
  it.each(refusals)('When the form has %s, then %s… is refused under “%s”', (_name, over, field, message) => {
    const r = checkVisitorForm({ ...good, ...over }, S, NOW)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.errors).toEqual({ [field]: message })
  })

  it('When several fields are wrong, then each shows its own refusal', () => {
    const r = checkVisitorForm({ ...good, name: '', phone: '123', visitors: 9, start: at('2026-12-20 09:00'), end: at('2026-12-20 10:00') }, S, NOW)
    expect(r).toEqual({
      ok: false,
      errors: { name: '访客姓名应为 2–20 个字', phone: '请输入正确的 11 位手机号', visitors: '来访人数不能超过 5 人', start: '只能预约 7 天内的来访' },
    })
  })

  it('When the input carries a field the form does not have, or is not an object, then it is refused as a whole', () => {
    expect(checkVisitorForm({ ...good, hostId: 'someone-else' }, S, NOW)).toEqual({ ok: false, errors: { form: '输入有误，请检查后重试' } })
    expect(checkVisitorForm('nonsense', S, NOW)).toEqual({ ok: false, errors: { form: '输入有误，请检查后重试' } })
  })

  it('When a visit under way is modified keeping its start, then the past start is accepted', () => {
    const previous = { start: at('2026-12-06 09:00'), end: at('2026-12-06 11:00') }
    expect(checkVisitorForm({ ...good, start: previous.start, end: at('2026-12-06 12:00') }, S, NOW, previous).ok).toBe(true)
    expect(checkVisitorForm({ ...good, start: previous.start, end: at('2026-12-06 12:00') }, S, NOW).ok).toBe(false)
  })

  it('When the contract parses the input, then the static schema alone accepts what the office would refuse (人数 up to 50)', () => {
    expect(VisitorFormSchema.safeParse({ ...good, visitors: 50 }).success).toBe(true)
  })
})
