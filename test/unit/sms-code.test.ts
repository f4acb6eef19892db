import { describe, expect, it } from 'vitest'
import { checkCode, decideSend, DEFAULT_SMS_LIMITS, secondsToMidnight, voidedNotice, type SendHistory } from '../../src/domain/sms-code'

const at = (hhmm: string, day = '2026-11-23') => Date.parse(`${day}T${hhmm}:00+08:00`)
const history = (phone: number[], caller: number[] = phone, ip: number[] = phone): SendHistory => ({ phone, caller, ip })
const minutes = (from: number, n: number, step = 61_000) => Array.from({ length: n }, (_, i) => from + i * step)

describe('when a code may be sent', () => {
  it('When nothing was sent before, then a code may be sent', () => {
    expect(decideSend(history([]), at('09:00'))).toEqual({ ok: true })
  })

  it('When the last code went out 20 s ago, then the countdown has 40 s left', () => {
    expect(decideSend(history([at('09:00')]), at('09:00') + 20_000)).toEqual({ ok: false, code: 'SMS_TOO_FREQUENT', retryAfterSec: 40 })
  })

  it('When five codes went out within the hour, then the sixth waits until the oldest is an hour old', () => {
    const sent = minutes(at('09:00'), 5, 2 * 60_000) // 09:00, 09:02 … 09:08
    expect(decideSend(history(sent), at('09:10'))).toEqual({ ok: false, code: 'SMS_HOURLY_LIMIT', retryAfterSec: 50 * 60 })
    expect(decideSend(history(sent), at('10:00') + 1000)).toEqual({ ok: true })
  })

  it('When the phone reached its daily cap, then it is locked until Shanghai midnight, and free the next day', () => {
    const sent = minutes(at('08:00'), 10, 7 * 60_000)
    const d = decideSend(history(sent, [], []), at('20:00'))
    expect(d).toEqual({ ok: false, code: 'SMS_PHONE_LOCKED', retryAfterSec: 4 * 3600 })
    expect(decideSend(history(sent, [], []), at('00:00', '2026-11-24'))).toEqual({ ok: true })
  })

  it('When one account asked for codes to many phones, then the account limit refuses it', () => {
    const callerSends = minutes(at('08:00'), DEFAULT_SMS_LIMITS.perCallerPerDay)
    expect(decideSend(history([], callerSends, []), at('12:00')).ok).toBe(false)
    expect(decideSend(history([], callerSends, []), at('12:00'))).toMatchObject({ code: 'SMS_CALLER_LIMIT' })
  })

  it('When one network address asked too often, then the address limit refuses it', () => {
    expect(decideSend(history([], [], minutes(at('08:00'), 30)), at('12:00'))).toMatchObject({ code: 'SMS_IP_LIMIT' })
  })

  it('When limits are configured, then they apply instead of the defaults', () => {
    const strict = { ...DEFAULT_SMS_LIMITS, perPhonePerDay: 2 }
    expect(decideSend(history(minutes(at('08:00'), 2)), at('12:00'), strict)).toMatchObject({ code: 'SMS_PHONE_LOCKED' })
  })

  it('When counting to midnight, then it is Shanghai midnight', () => {
    expect(secondsToMidnight(at('23:59'))).toBe(60)
  })
})

describe('whether a typed code is accepted', () => {
  const issued = { hash: 'h-123456', issuedAt: at('09:00'), wrongTries: 0, used: false }

  it('When the right code is typed in time, then it is accepted', () => {
    expect(checkCode(issued, 'h-123456', at('09:04'))).toEqual({ ok: true })
  })

  it('When a wrong code is typed, then it is refused with the tries left', () => {
    expect(checkCode(issued, 'h-000000', at('09:01'))).toEqual({ ok: false, code: 'CODE_WRONG', triesLeft: 4 })
  })

  it('When five wrong codes were typed, then even the right one is void', () => {
    expect(checkCode({ ...issued, wrongTries: 5 }, 'h-123456', at('09:01'))).toMatchObject({ code: 'CODE_VOID' })
  })

  it('When five minutes have passed, then the code has expired', () => {
    expect(checkCode(issued, 'h-123456', at('09:05') + 1000)).toMatchObject({ code: 'CODE_EXPIRED' })
  })

  it('When the code was used already or never sent, then it is void', () => {
    expect(checkCode({ ...issued, used: true }, 'h-123456', at('09:01'))).toMatchObject({ code: 'CODE_VOID' })
    expect(checkCode(null, 'h-123456', at('09:01'))).toMatchObject({ code: 'CODE_VOID' })
  })
})

describe('what a driver is told when the code is void', () => {
  const cases: Array<[string, number[], number, boolean, string, number]> = [
    // [why, phone sends, now, too many tries, message, retryAfterSec]
    ['voided 20 s after the send: the countdown has 40 s left', [at('09:00')], at('09:00') + 20_000, true, '验证码错误次数过多，已失效，请 40 秒后重新获取', 40],
    ['typed again later: still void, 10 s left', [at('09:00')], at('09:00') + 50_000, false, '验证码已失效，请 10 秒后重新获取', 10],
    ['the countdown is over: a new code may be asked for now', [at('09:00')], at('09:01') + 1000, false, '验证码已失效，请重新获取', 0],
    ['the hourly limit is reached: minutes, not thousands of seconds', minutes(at('09:00'), 5, 2 * 60_000), at('09:10'), true, '验证码错误次数过多，已失效，请 50 分钟后重新获取', 3000],
    ['the phone is locked for the day: the lock is the reason', minutes(at('08:00'), 10, 7 * 60_000), at('20:00'), true, '验证码错误次数过多，已失效，该手机号今日获取验证码次数过多，已被锁定，请明天再试', 4 * 3600],
  ]
  it.each(cases)('When %s, then the message and the wait follow the send rules', (_why, sent, now, tooMany, message, retryAfterSec) => {
    expect(voidedNotice(decideSend(history(sent, [], []), now), tooMany)).toEqual({ message, retryAfterSec })
  })
})
