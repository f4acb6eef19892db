import { describe, expect, it } from 'vitest'
import { AppError } from '../../src/domain/errors'
import {
  EMBASSY_PREFIX,
  formatPlate,
  normalizePlate,
  parsePlate,
  PLATE_DIGITS,
  PLATE_LETTERS,
  PlateInput,
  plateLength,
  PROVINCES,
  requirePlate,
  SPECIAL_SUFFIXES,
  vehicleTypeOf,
  type PlateKind,
} from '../../src/domain/plate'
import * as z from '../../src/domain/zod'

const valid: Array<[string, string, PlateKind, string]> = [
  // [input, normalised, kind, what it shows]
  ['京A12345', '京A12345', 'ordinary', 'an ordinary plate'],
  ['沪C8A8B8', '沪C8A8B8', 'ordinary', 'an ordinary plate with letters in the serial'],
  ['粤ZABCDE', '粤ZABCDE', 'ordinary', 'an ordinary plate whose serial is all letters'],
  ['琼B00001', '琼B00001', 'ordinary', 'the last province on the keyboard'],
  ['藏A12345', '藏A12345', 'ordinary', 'a plate from Tibet'],
  [' 京a 12345 ', '京A12345', 'ordinary', 'spaces and lowercase are normalised'],
  ['京A·12345', '京A12345', 'ordinary', 'the display dot is dropped'],
  ['京Ａ１２３４５', '京A12345', 'ordinary', 'full-width characters become half-width'],
  ['浙a-b1234', '浙AB1234', 'ordinary', 'a hyphen is dropped'],
  ['粤BD12345', '粤BD12345', 'new-energy', 'a small pure-electric plate (D)'],
  ['粤BF12345', '粤BF12345', 'new-energy', 'a small hybrid plate (F)'],
  ['苏ADA1234', '苏ADA1234', 'new-energy', 'a small new-energy plate with a letter at position 4'],
  ['京AA12345', '京AA12345', 'new-energy', 'the 2021 extension letter A'],
  ['京AK12345', '京AK12345', 'new-energy', 'the 2021 extension letter K'],
  ['粤B12345D', '粤B12345D', 'new-energy', 'a large new-energy plate ending in D'],
  ['粤B12345F', '粤B12345F', 'new-energy', 'a large new-energy plate ending in F'],
  ['京A1234学', '京A1234学', 'special', 'a driving-school plate (学)'],
  ['京A1234警', '京A1234警', 'special', 'a police plate (警)'],
  ['粤Z1234港', '粤Z1234港', 'special', 'a Hong Kong plate (港)'],
  ['粤Z1234澳', '粤Z1234澳', 'special', 'a Macau plate (澳)'],
  ['鲁A1234挂', '鲁A1234挂', 'special', 'a trailer plate (挂)'],
  ['沪A1234领', '沪A1234领', 'special', 'a consulate plate (领)'],
  ['京A1234试', '京A1234试', 'special', 'a test plate (试)'],
  ['京A1234超', '京A1234超', 'special', 'an oversize plate (超)'],
  ['使014578', '使014578', 'embassy', 'an embassy plate led by 使'],
  ['224001使', '224001使', 'embassy', 'an embassy plate ending in 使'],
  ['224·001使', '224001使', 'embassy', 'an embassy plate written with a group dot'],
  ['使 014 578', '使014578', 'embassy', 'an embassy plate written with spaces'],
  ['京\u3000A—12345', '京A12345', 'ordinary', 'an ideographic space and an em dash are dropped'],
  ['粤ｂｄ１２３４５', '粤BD12345', 'new-energy', 'a full-width lowercase new-energy plate'],
  ['粤bd12345', '粤BD12345', 'new-energy', 'a lowercase energy letter'],
  ['京AJ123A', '京AJ123A', 'ordinary', 'an ordinary plate that only looks like new energy (7 characters)'],
  ['京a1234警', '京A1234警', 'special', 'a lowercase police plate'],
]

const invalid: Array<[string, RegExp, string]> = [
  ['', /请输入车牌号/, 'an empty plate'],
  ['   ', /请输入车牌号/, 'only spaces'],
  ['京A1234', /长度不正确/, 'six characters'],
  ['京A123456789', /长度不正确/, 'far too long'],
  ['AA12345', /首位应为省份简称/, 'no province'],
  ['港A12345', /首位应为省份简称/, 'a suffix character in the province position'],
  ['京112345', /第二位应为发牌机关代号/, 'a digit as the authority'],
  ['京I12345', /不能包含字母 I 或 O/, 'the letter I as the authority'],
  ['京A1O345', /不能包含字母 I 或 O/, 'the letter O in the serial'],
  ['京A12#45', /无效字符/, 'a symbol'],
  ['京A12中45', /无效字符/, 'a Chinese character in the serial'],
  ['京A警1234', /只能在最后一位/, 'a suffix in the middle'],
  ['京A12345警', /长度不正确/, 'a suffix on a full serial'],
  ['京A123警', /长度不正确/, 'a suffix on a short serial'],
  ['粤BX12345', /新能源车牌格式不正确/, 'an unknown energy letter'],
  ['粤BD1234A', /新能源车牌格式不正确/, 'a small new-energy plate ending in a letter'],
  ['粤B1234AD', /新能源车牌格式不正确/, 'a large new-energy plate with a letter in the digits'],
  ['粤B12345G', /新能源车牌格式不正确/, 'a large new-energy plate ending in G'],
  ['使01457', /使馆车牌/, 'an embassy plate with five digits'],
  ['使A14578', /使馆车牌/, 'an embassy plate with a letter'],
  ['01457使', /使馆车牌/, 'an embassy plate ending in 使 with five digits'],
  ['京A12使45', /使馆车牌/, 'a 使 inside an ordinary plate'],
  ['京O12345', /不能包含字母 I 或 O/, 'the letter O as the authority'],
  ['京Ai2345', /不能包含字母 I 或 O/, 'a lowercase i that normalises to I'],
  ['粤BD12345警', /长度不正确/, 'a suffix on a new-energy plate'],
  ['粤BDI2345', /不能包含字母 I 或 O/, 'an I at position 4 of a new-energy plate'],
  ['粤BD12345F', /长度不正确/, 'nine characters'],
  ['粤B1234DF', /新能源车牌格式不正确/, 'a large new-energy plate with four digits'],
  ['京', /长度不正确/, 'the province alone'],
]

describe('plate rules', () => {
  it.each(valid)('When the plate is %s, then it is accepted as %s (%s — %s)', (input, plate, kind) => {
    const parsed = parsePlate(input)
    expect(parsed).toMatchObject({ ok: true, plate, kind, energy: kind === 'new-energy' })
  })

  it.each(invalid)('When the plate is "%s", then it is refused with %s (%s)', (input, reason) => {
    const parsed = parsePlate(input)
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) expect(parsed.reason).toMatch(reason)
  })

  it('When a plate goes through the contract schema, then it comes out normalised', () => {
    expect(PlateInput.parse(' 粤b·d12345 ')).toBe('粤BD12345')
  })

  it('When the contract schema refuses a plate, then the issue carries the Chinese reason', () => {
    const r = PlateInput.safeParse('京I12345')
    expect(r.success).toBe(false)
    expect(r.error?.issues[0].message).toBe('车牌号不能包含字母 I 或 O')
    expect(PlateInput.safeParse(12345).error?.issues[0].message).toBe('请输入车牌号')
  })

  it.each([
    ['京A12345', '小汽车'],
    ['粤BD12345', '能源车'],
    ['粤B12345F', '能源车'],
    ['京A1234警', '小汽车'],
  ])('When the plate is %s, then the vehicle type is %s', (plate, type) => {
    expect(vehicleTypeOf(plate)).toBe(type)
  })

  it('When a plate is shown, then a dot follows the authority letter', () => {
    expect(formatPlate('京a12345')).toBe('京A·12345')
    expect(formatPlate('粤BD12345')).toBe('粤B·D12345')
    expect(formatPlate('使014578')).toBe('使014578')
  })

  it('When text is normalised, then separators go and letters are uppercase half-width', () => {
    expect(normalizePlate(' 京ａ•1２3 45 ')).toBe('京A12345')
  })

  it('When a plate goes through an API contract, then the object carries the normalised plate', () => {
    const Contract = z.strictObject({ plate: PlateInput })
    expect(Contract.parse({ plate: '京a·1234警' })).toEqual({ plate: '京A1234警' })
    const r = Contract.safeParse({ plate: '粤BX12345' })
    expect(r.success).toBe(false)
    expect(r.error?.issues[0]).toMatchObject({ path: ['plate'], message: expect.stringMatching(/新能源车牌格式不正确/) })
  })

  it('When a cloud function requires a plate, then an invalid one raises PLATE_INVALID with the reason', () => {
    expect(requirePlate('粤b12345d')).toBe('粤B12345D')
    try {
      requirePlate('京A1234')
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(AppError)
      expect((e as AppError).code).toBe('PLATE_INVALID')
      expect((e as AppError).message).toMatch(/车牌号长度不正确/)
    }
  })

  it('When the keyboard data is read, then it has 31 provinces, 24 letters without I and O, 10 digits and the 8 suffixes', () => {
    expect(PROVINCES).toHaveLength(31)
    expect(new Set(PROVINCES).size).toBe(31)
    expect(PROVINCES.slice(0, 4)).toEqual(['京', '津', '沪', '渝'])
    expect(PLATE_LETTERS).toHaveLength(24)
    expect(PLATE_LETTERS).not.toContain('I')
    expect(PLATE_LETTERS).not.toContain('O')
    expect(PLATE_DIGITS).toHaveLength(10)
    expect(SPECIAL_SUFFIXES).toEqual(['学', '警', '港', '澳', '挂', '领', '试', '超'])
    expect(EMBASSY_PREFIX).toBe('使')
    expect([plateLength(false), plateLength(true)]).toEqual([7, 8])
  })

  it('When every province and every suffix is combined, then each plate is accepted', () => {
    for (const p of PROVINCES) expect(parsePlate(`${p}A12345`)).toMatchObject({ ok: true, kind: 'ordinary' })
    for (const s of SPECIAL_SUFFIXES) expect(parsePlate(`京A1234${s}`)).toMatchObject({ ok: true, kind: 'special', energy: false })
  })

  it.each([...'DFABCEGHJK'])('When a small new-energy plate has the energy letter %s, then it is accepted', (letter) => {
    expect(parsePlate(`粤B${letter}12345`)).toMatchObject({ ok: true, kind: 'new-energy', energy: true })
  })

  it.each([...'LMNPQRSTUVWXYZ'])('When an 8-character plate has %s at position 3, then it is refused as new energy', (letter) => {
    expect(parsePlate(`粤B${letter}12345`)).toMatchObject({ ok: false, reason: expect.stringMatching(/新能源车牌格式不正确/) })
  })
})
