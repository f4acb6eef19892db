// Wrong-password limiting (src/domain/lockout.ts): five wrong tries in a row
// lock the account for 15 minutes, with the unlock time in Shanghai.
import { describe, expect, it } from 'vitest'
import { afterFailure, afterSuccess, afterWrongGuess, DEFAULT_LOCKOUT, formatUnlockAt, mayGuess, mayTry, NO_ATTEMPTS, NO_GUESSES, withoutGuess, type AttemptState } from '../../src/domain/lockout'

const at = (hhmm: string, day = '2026-12-06', sec = '00') => Date.parse(`${day}T${hhmm}:${sec}+08:00`)

/** Fails `n` times from `state`, a second apart, and returns the last outcome. */
function fail(n: number, from: number, state: AttemptState = NO_ATTEMPTS) {
  let outcome = afterFailure(state, from)
  for (let i = 1; i < n; i++) outcome = afterFailure(outcome.state, from + i * 1000)
  return outcome
}

describe('wrong-password limiting', () => {
  it('When nothing was tried, then a try is allowed with all five tries left', () => {
    expect(mayTry(NO_ATTEMPTS, at('14:00'))).toEqual({ ok: true, triesLeft: 5 })
  })

  it.each([
    [1, '密码错误，还可尝试 4 次'],
    [2, '密码错误，还可尝试 3 次'],
    [3, '密码错误，还可尝试 2 次'],
    [4, '密码错误，还可尝试 1 次'],
  ])('When the password is wrong %i time(s) in a row, then the user reads “%s” and may try again', (n, message) => {
    const outcome = fail(n, at('14:00'))
    expect(outcome).toMatchObject({ locked: false, message, state: { failures: n, lockedUntil: null } })
    expect(mayTry(outcome.state, at('14:01'))).toEqual({ ok: true, triesLeft: 5 - n })
  })

  it('When the fifth wrong password comes at 14:20, then the account is locked until 14:35 and the user is told so', () => {
    const outcome = fail(5, at('14:20') - 4000)
    expect(outcome.locked).toBe(true)
    expect(outcome.state).toEqual({ failures: 0, lockedUntil: at('14:35') })
    expect(outcome.message).toBe('密码错误次数过多，请于 14:35 后再试')
  })

  it.each([
    ['14:20', false, '密码错误次数过多，请于 14:35 后再试'],
    ['14:34', false, '密码错误次数过多，请于 14:35 后再试'],
    ['14:35', true, null],
    ['16:00', true, null],
  ])('When the account locked until 14:35 is tried at %s, then allowed is %s', (time, ok, message) => {
    const locked: AttemptState = { failures: 0, lockedUntil: at('14:35') }
    const d = mayTry(locked, at(time))
    expect(d.ok).toBe(ok)
    if (!d.ok) expect(d.message).toBe(message)
    else expect(d.triesLeft).toBe(5)
  })

  it('When a wrong password is sent while locked, then the lock is not extended', () => {
    const locked: AttemptState = { failures: 0, lockedUntil: at('14:35') }
    expect(afterFailure(locked, at('14:30'))).toEqual({ state: locked, locked: true, message: '密码错误次数过多，请于 14:35 后再试' })
  })

  it('When the lock has run out, then the next wrong password starts a fresh count of five', () => {
    const locked: AttemptState = { failures: 0, lockedUntil: at('14:35') }
    expect(afterFailure(locked, at('14:40'))).toMatchObject({ locked: false, state: { failures: 1, lockedUntil: null }, message: '密码错误，还可尝试 4 次' })
  })

  it('When the right password follows four wrong ones, then the count starts over', () => {
    const four = fail(4, at('14:00')).state
    const ok = afterSuccess()
    expect(ok).toEqual(NO_ATTEMPTS)
    expect(fail(4, at('14:01'), ok).locked).toBe(false)
    expect(afterFailure(four, at('14:01')).locked).toBe(true)
  })

  it('When the lock ends at seconds past a minute, then the time shown is the next whole minute (the lock is over by then)', () => {
    expect(formatUnlockAt(at('14:35', '2026-12-06', '20'), at('14:20'))).toBe('14:36')
    expect(formatUnlockAt(at('14:35'), at('14:20'))).toBe('14:35')
  })

  it('When the lock ends after midnight in Shanghai, then the day is named too (whatever the server zone)', () => {
    const outcome = fail(5, at('23:55') - 4000)
    expect(outcome.message).toBe('密码错误次数过多，请于 12月7日 00:10 后再试')
    // 15:55 UTC is already 23:55 in Shanghai.
    expect(formatUnlockAt(Date.UTC(2026, 11, 6, 16, 10), Date.UTC(2026, 11, 6, 15, 55))).toBe('12月7日 00:10')
  })

  it('When another policy is configured, then its tries and lock length apply', () => {
    const policy = { maxFailures: 3, lockMinutes: 60 }
    let state = NO_ATTEMPTS
    for (let i = 0; i < 2; i++) state = afterFailure(state, at('09:00'), policy).state
    expect(mayTry(state, at('09:00'), policy)).toEqual({ ok: true, triesLeft: 1 })
    expect(afterFailure(state, at('09:00'), policy)).toMatchObject({ locked: true, message: '密码错误次数过多，请于 10:00 后再试' })
  })

  it('When the policy names another thing guessed, then the sentences name it', () => {
    const policy = { maxFailures: 2, lockMinutes: 10, subject: '验证码' }
    const first = afterFailure(NO_ATTEMPTS, at('09:00'), policy)
    expect(first.message).toBe('验证码错误，还可尝试 1 次')
    const second = afterFailure(first.state, at('09:00'), policy)
    expect(second.message).toBe('验证码错误次数过多，请于 09:10 后再试')
    expect(mayTry(second.state, at('09:05'), policy)).toMatchObject({ ok: false, message: '验证码错误次数过多，请于 09:10 后再试' })
  })

  it('When the default policy is read, then it is five tries and fifteen minutes', () => {
    expect(DEFAULT_LOCKOUT).toEqual({ maxFailures: 5, lockMinutes: 15 })
  })
})

describe('guessing limited by windows (GuessLimit)', () => {
  const limit = { perHour: 10, perDay: 50, subject: '验证码' }
  const MIN = 60_000

  it('When a right answer follows wrong ones, then it clears nothing: only its own counted try is taken back', () => {
    let state = NO_GUESSES
    for (let i = 0; i < 3; i++) state = afterWrongGuess(state, at('14:00') + i, limit).state
    const counted = afterWrongGuess(state, at('14:01'), limit)
    expect(counted.triesLeft).toBe(6)
    expect(mayGuess(withoutGuess(counted.state, at('14:01')), at('14:02'), limit)).toEqual({ ok: true, triesLeft: 7 })
  })

  it('When the tenth wrong try of an hour is made, then guessing stops until the first of them is an hour old, and a try meanwhile counts nothing', () => {
    let state = NO_GUESSES
    for (let i = 0; i < 9; i++) state = afterWrongGuess(state, at('14:00') + i * MIN, limit).state
    const tenth = afterWrongGuess(state, at('14:30'), limit)
    expect(tenth).toMatchObject({ lockedUntil: at('15:00'), triesLeft: 0, message: '验证码错误次数过多，请于 15:00 后再试' })
    expect(afterWrongGuess(tenth.state, at('14:40'), limit).state).toEqual(tenth.state)
    expect(mayGuess(tenth.state, at('14:59'), limit).ok).toBe(false)
    expect(mayGuess(tenth.state, at('15:00'), limit)).toEqual({ ok: true, triesLeft: 1 })
  })

  it('When fifty wrong tries are spread over a day, then guessing stops until the first of them is a day old', () => {
    let state = NO_GUESSES
    let last = afterWrongGuess(state, at('00:00'), limit)
    for (let i = 0; i < 50; i++) {
      last = afterWrongGuess(state, at('00:00') + i * 20 * MIN, limit)
      state = last.state
    }
    expect(last.lockedUntil).toBe(at('00:00', '2026-12-07'))
    expect(last.message).toBe('验证码错误次数过多，请于 12月7日 00:00 后再试')
    expect(mayGuess(state, at('00:00', '2026-12-07'), limit).ok).toBe(true)
  })
})
