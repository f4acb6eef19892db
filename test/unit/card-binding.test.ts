import { describe, expect, it } from 'vitest'
import {
  afterMismatch,
  afterRightPassword,
  afterWrongPassword,
  bindGate,
  bindLimitsOf,
  DEFAULT_BIND_LIMITS,
  DEFAULT_MISMATCH_LIMITS,
  formatLockEnd,
  NO_ATTEMPTS,
  normaliseQueryPassword,
  type BindAttempts,
} from '../../src/domain/card/binding'

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

describe('the office\'s bindLimits as stored', () => {
  it.each([
    ['absent', undefined, DEFAULT_BIND_LIMITS],
    ['only lockMinutes', { lockMinutes: 10 }, { maxWrongTries: 5, lockMinutes: 10 }],
    ['only maxWrongTries', { maxWrongTries: 3 }, { maxWrongTries: 3, lockMinutes: 30 }],
    ['both', { maxWrongTries: 3, lockMinutes: 10 }, { maxWrongTries: 3, lockMinutes: 10 }],
    ['zero, negative, fractional or text', { maxWrongTries: 0, lockMinutes: '10' }, DEFAULT_BIND_LIMITS],
    ['a fraction and a negative', { maxWrongTries: 2.5, lockMinutes: -1 }, DEFAULT_BIND_LIMITS],
    ['not an object', 'strict', DEFAULT_BIND_LIMITS],
  ])('When they are %s, then each field missing or bad takes its default, so the lock still works', (_name, raw, limits) => {
    const read = bindLimitsOf(raw)
    expect(read).toEqual(limits)
    // The lock engages at the configured try: a partial setting never disables it.
    let a: BindAttempts = NO_ATTEMPTS
    for (let i = 0; i < read.maxWrongTries; i++) a = afterWrongPassword(a, now, read).attempts
    expect(a.lockedUntil).toBe(now + read.lockMinutes * MIN)
  })
})

describe('name and number checks that do not match, per account', () => {
  it('When 10 checks in an hour do not match, then the tenth locks until the hour from the first is over, and the count starts again after it', () => {
    expect(DEFAULT_MISMATCH_LIMITS).toEqual({ maxMismatches: 10, windowMinutes: 60 })
    let a: BindAttempts = NO_ATTEMPTS
    for (let i = 0; i < 9; i++) {
      a = afterMismatch(a, now + i * MIN).attempts
      expect(bindGate(a, now + i * MIN).ok).toBe(true)
    }
    expect(a).toEqual({ wrongTries: 9, lockedUntil: null, since: now })
    const tenth = afterMismatch(a, now + 20 * MIN)
    expect(tenth).toEqual({ attempts: { wrongTries: 10, lockedUntil: now + 60 * MIN, since: now }, message: '姓名与卡号核对失败次数过多，请于 15:05 后再试' })
    expect(bindGate(tenth.attempts, now + 59 * MIN).ok).toBe(false)
    expect(bindGate(tenth.attempts, now + 60 * MIN).ok).toBe(true)
    expect(afterMismatch(tenth.attempts, now + 60 * MIN).attempts).toEqual({ wrongTries: 1, lockedUntil: null, since: now + 60 * MIN })
  })

  it('When the window has passed without a lock, then the count starts again', () => {
    const a = { wrongTries: 9, lockedUntil: null, since: now }
    expect(afterMismatch(a, now + 61 * MIN).attempts).toEqual({ wrongTries: 1, lockedUntil: null, since: now + 61 * MIN })
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
