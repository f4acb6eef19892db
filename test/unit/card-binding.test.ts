import { describe, expect, it } from 'vitest'
import { afterRightPassword, afterWrongPassword, bindGate, DEFAULT_BIND_LIMITS, formatLockEnd, NO_ATTEMPTS, normaliseQueryPassword, type BindAttempts } from '../../src/domain/card/binding'

// 2026-12-06 14:05 in Beijing.
const now = Date.parse('2026-12-06T14:05:00+08:00')
const MIN = 60_000

describe('binding a card: wrong query passwords', () => {
  it('When passwords are wrong, then each says how many tries are left and the fifth locks for 30 minutes with the time shown', () => {
    let a: BindAttempts = NO_ATTEMPTS
    const messages: string[] = []
    for (let i = 0; i < 5; i++) {
      expect(bindGate(a, now)).toEqual({ ok: true })
      const r = afterWrongPassword(a, now)
      a = r.attempts
      messages.push(r.message)
    }
    expect(messages).toEqual(['查询密码不正确，还可尝试 4 次', '查询密码不正确，还可尝试 3 次', '查询密码不正确，还可尝试 2 次', '查询密码不正确，还可尝试 1 次', '查询密码错误次数过多，请于 14:35 后再试'])
    expect(a).toEqual({ wrongTries: 5, lockedUntil: now + 30 * MIN })
  })

  const locked: BindAttempts = { wrongTries: 5, lockedUntil: now + 30 * MIN }
  const gates: Array<[string, number, boolean]> = [
    ['just after locking', now, false],
    ['a minute before the end', now + 29 * MIN, false],
    ['at the end', now + 30 * MIN, true],
    ['later', now + 3 * 60 * MIN, true],
  ]
  it.each(gates)('When a locked binding is tried %s, then it is allowed: %s', (_when, at, ok) => {
    const g = bindGate(locked, at)
    expect(g.ok).toBe(ok)
    if (!g.ok) expect(g.message).toBe('查询密码错误次数过多，请于 14:35 后再试')
  })

  it('When the lock has ended and the password is wrong again, then the count starts again', () => {
    expect(afterWrongPassword(locked, now + 31 * MIN)).toEqual({ attempts: { wrongTries: 1, lockedUntil: null }, message: '查询密码不正确，还可尝试 4 次' })
  })

  it('When the password is right, then the record is cleared', () => {
    expect(afterRightPassword()).toEqual({ wrongTries: 0, lockedUntil: null })
  })

  it('When the lock ends on another day, then the date is shown too', () => {
    const late = Date.parse('2026-12-06T23:50:00+08:00')
    expect(formatLockEnd(late + 30 * MIN, late)).toBe('12月7日 00:20')
  })

  it('When the limits are configured, then they are used', () => {
    const r = afterWrongPassword({ wrongTries: 2, lockedUntil: null }, now, { maxWrongTries: 3, lockMinutes: 60 })
    expect(r).toEqual({ attempts: { wrongTries: 3, lockedUntil: now + 60 * MIN }, message: '查询密码错误次数过多，请于 15:05 后再试' })
    expect(DEFAULT_BIND_LIMITS).toEqual({ maxWrongTries: 5, lockMinutes: 30 })
  })
})

describe('query password as typed', () => {
  it.each([
    ['123456', { ok: true, password: '123456' }],
    [' 802315 ', { ok: true, password: '802315' }],
    ['８０２３１５', { ok: true, password: '802315' }],
    ['', { ok: false, message: '请输入查询密码' }],
    ['12345', { ok: false, message: '查询密码为 6 位数字（初始密码为 123456）' }],
    ['1234567', { ok: false, message: '查询密码为 6 位数字（初始密码为 123456）' }],
    ['12a456', { ok: false, message: '查询密码为 6 位数字（初始密码为 123456）' }],
  ])('When %j is typed, then it reads %j', (typed, result) => {
    expect(normaliseQueryPassword(typed)).toEqual(result)
  })
})
