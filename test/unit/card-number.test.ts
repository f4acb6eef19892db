import { describe, expect, it } from 'vitest'
import { CARD_NUMBER_MESSAGES, HOLDER_NAME_MESSAGES, maskHolderName, normaliseCardNumber, normaliseHolderName, toHalfWidth } from '../../src/domain/card/card-number'

const accepted: Array<[string, string, boolean, string]> = [
  // [typed, number, visitor, why]
  ['2021110001', '2021110001', false, 'a student number as it is'],
  ['  2021110001 ', '2021110001', false, 'spaces around are trimmed'],
  ['2021 1100 01', '2021110001', false, 'spaces inside are removed'],
  ['２０２１１１０００１', '2021110001', false, 'full-width digits become half-width'],
  ['T2008001', 'T2008001', false, 'a staff number with a letter prefix'],
  ['t2008001', 'T2008001', false, 'letters are upper-cased'],
  ['SN：000999', '999', true, 'the seed: SN：000999 is entered as 999'],
  ['SN:000999', '999', true, 'a half-width colon'],
  ['SN000999', '999', true, 'no colon'],
  ['sn：000999', '999', true, 'a lower-case prefix'],
  ['ＳＮ：０００９９９', '999', true, 'all full-width'],
  ['SN: 000999', '999', true, 'a space after the colon'],
  ['SN：999', '999', true, 'no leading zeros to drop'],
  ['999', '999', false, 'the visitor number as the seed says to type it'],
  ['F000999', 'F000999', false, 'the seed: F000999 stays F000999'],
  ['f000999', 'F000999', false, 'F000999 typed in lower case'],
  ['000123', '000123', false, 'a plain number keeps its leading zeros'],
]

const refused: Array<[string, string, string]> = [
  ['', CARD_NUMBER_MESSAGES.empty, 'nothing typed'],
  ['   ', CARD_NUMBER_MESSAGES.empty, 'only spaces'],
  ['SN：', CARD_NUMBER_MESSAGES.visitor, 'the prefix alone'],
  ['SN：000000', CARD_NUMBER_MESSAGES.visitor, 'only zeros after SN'],
  ['SN：F000999', CARD_NUMBER_MESSAGES.visitor, 'letters after SN'],
  ['SN：12-3', CARD_NUMBER_MESSAGES.visitor, 'a dash after SN'],
  ['2021-110001', CARD_NUMBER_MESSAGES.shape, 'a dash'],
  ['张伟', CARD_NUMBER_MESSAGES.shape, 'a name in the number field'],
  ['ABCDE123', CARD_NUMBER_MESSAGES.shape, 'a five-letter prefix'],
  ['123ABC', CARD_NUMBER_MESSAGES.shape, 'letters after the digits'],
  ['ABC', CARD_NUMBER_MESSAGES.shape, 'no digits'],
  ['1'.repeat(25), CARD_NUMBER_MESSAGES.tooLong, 'too long'],
  ['A' + '1'.repeat(21), CARD_NUMBER_MESSAGES.shape, 'more than 20 digits'],
]

describe('campus card number (seed 003)', () => {
  it.each(accepted)('When %j is typed, then the number is %s (visitor %s: %s)', (typed, number, visitor) => {
    expect(normaliseCardNumber(typed)).toEqual({ ok: true, number, visitor })
  })

  it.each(refused)('When %j is typed, then it is refused with "%s" (%s)', (typed, message) => {
    expect(normaliseCardNumber(typed)).toEqual({ ok: false, message })
  })

  it('When a message is shown, then it is Chinese and says what to type', () => {
    expect(CARD_NUMBER_MESSAGES.visitor).toContain('请输入 999')
    expect(CARD_NUMBER_MESSAGES.shape).toContain('学号')
    expect(CARD_NUMBER_MESSAGES.shape).toContain('工号')
  })

  it('When full-width text is converted, then the ideographic space becomes a space and other characters stay', () => {
    expect(toHalfWidth('Ａ１　：张')).toBe('A1 :张')
  })
})

describe('holder name', () => {
  const names: Array<[string, { ok: true; name: string } | { ok: false; message: string }]> = [
    ['张伟', { ok: true, name: '张伟' }],
    [' 张 伟 ', { ok: true, name: '张伟' }],
    ['阿卜杜.热合曼', { ok: true, name: '阿卜杜·热合曼' }],
    ['Alice', { ok: true, name: 'ALICE' }],
    ['', { ok: false, message: HOLDER_NAME_MESSAGES.empty }],
    ['张伟1', { ok: false, message: HOLDER_NAME_MESSAGES.shape }],
    ['·张伟', { ok: false, message: HOLDER_NAME_MESSAGES.shape }],
    ['张伟·', { ok: false, message: HOLDER_NAME_MESSAGES.shape }],
    ['张'.repeat(31), { ok: false, message: HOLDER_NAME_MESSAGES.shape }],
  ]
  it.each(names)('When the name %j is typed, then it reads %j', (typed, result) => {
    expect(normaliseHolderName(typed)).toEqual(result)
  })

  it.each([
    ['张伟', '张*'],
    ['欧阳娜娜', '欧***'],
    ['李', '李'],
  ])('When %s is shown to someone else, then it reads %s', (name, masked) => {
    expect(maskHolderName(name)).toBe(masked)
  })
})
