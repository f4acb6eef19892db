import { describe, expect, it } from 'vitest'
import { AppError, ERROR_MESSAGES } from '../../src/domain/errors'
import { Fen, formatYuan, parseYuan } from '../../src/domain/money'
import { maskPhone, Phone } from '../../src/domain/phone'
import { dayKey, formatDate, formatDateTime } from '../../src/domain/time'

describe('money in fen', () => {
  it.each([
    [0, '0.00'],
    [5, '0.05'],
    [100, '1.00'],
    [12345, '123.45'],
    [-250, '-2.50'],
  ])('When %i fen is shown, then it reads %s yuan', (fen, text) => {
    expect(formatYuan(fen)).toBe(text)
  })

  it.each([
    ['123.45', 12345],
    ['1', 100],
    ['0.5', 50],
    [' 8.00 ', 800],
    ['1.234', null],
    ['-1', null],
    ['abc', null],
    ['', null],
  ])('When "%s" is parsed as yuan, then it is %s fen', (text, fen) => {
    expect(parseYuan(text)).toBe(fen)
  })

  it('When a fractional or negative amount reaches the Fen schema, then it is refused', () => {
    expect(Fen.safeParse(1.5).success).toBe(false)
    expect(Fen.safeParse(-1).success).toBe(false)
    expect(Fen.safeParse(100).success).toBe(true)
    expect(() => formatYuan(1.5)).toThrow(RangeError)
  })
})

describe('phone numbers', () => {
  it.each([
    ['13912341234', '139****1234'],
    ['139 1234 1234', '139****1234'],
    ['1234', '****'],
  ])('When %s is shown, then it is masked as %s', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked)
  })

  it.each([
    ['13912341234', true],
    [' 18800001111 ', true],
    ['12912341234', false],
    ['1391234123', false],
    ['139123412345', false],
  ])('When %s is validated, then valid is %s', (phone, valid) => {
    const r = Phone.safeParse(phone)
    expect(r.success).toBe(valid)
    if (!r.success) expect(r.error.issues[0].message).toBe('请输入正确的 11 位手机号')
  })
})

describe('time in Asia/Shanghai', () => {
  it('When a UTC instant late in the day is shown, then it is already the next day in Shanghai', () => {
    const t = Date.UTC(2026, 10, 23, 17, 30) // 01:30 on the 24th in Shanghai
    expect(formatDateTime(t)).toBe('2026-11-24 01:30')
    expect(formatDate(t)).toBe('2026.11.24')
    expect(dayKey(t)).toBe('20261124')
  })
})

describe('errors that cross the wire', () => {
  it('When an AppError is serialised and parsed back, then its code and Chinese message survive', () => {
    const back = AppError.fromJSON(JSON.parse(JSON.stringify(new AppError('VEHICLE_LIMIT'))))
    expect(back).toBeInstanceOf(AppError)
    expect([back.code, back.message]).toEqual(['VEHICLE_LIMIT', ERROR_MESSAGES.VEHICLE_LIMIT])
  })

  it('When an unknown or malformed error arrives, then it becomes INTERNAL with its Chinese message', () => {
    expect(AppError.fromJSON({ code: 'NOPE' }).code).toBe('INTERNAL')
    expect(AppError.fromJSON(null).message).toBe(ERROR_MESSAGES.INTERNAL)
  })

  it('When any error code is listed, then its message is Chinese', () => {
    for (const m of Object.values(ERROR_MESSAGES)) expect(m).toMatch(/[\u4e00-\u9fa5]/)
  })
})
