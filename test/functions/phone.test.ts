// 车主手机号: SMS codes through the real wx-server-sdk and the real Tencent
// Cloud SMS SDK, against the emulator. Time moves with the emulator clock.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server'
import { browse } from '../../emulator/database'
import { clearSmsOutbox, smsFailNext, smsOutbox } from '../../emulator/sms'
import { startTestEmulator } from '../support/emulator'
import { as, ok, refused } from '../support/functions'

let emu: Emulator
let n = 0
let phoneSeq = 13900000000
// Each driver calls from its own address label (documentation range), so the per-address limit is tested on its own.
const newDriver = (ip?: string) => as(emu, `o-phone-${++n}`, ip ?? `203.0.113.${n % 250}`)
const newPhone = () => String(++phoneSeq)
const lastCode = (phone: string) => smsOutbox(emu).find((m) => m.phone === `+86${phone}`)!.params[0]

beforeAll(async () => {
  emu = await startTestEmulator()
})
beforeEach(() => {
  emu.clock.set(Date.parse('2026-11-23T09:00:00+08:00'))
  clearSmsOutbox(emu)
})
afterAll(async () => {
  await emu?.close()
})

describe('owner phone by SMS code', () => {
  it('When a driver asks for a code and types it, then the phone is verified and remembered, masked', async () => {
    const call = newDriver()
    const phone = newPhone()
    expect(ok(await call('phone', 'sendCode', { phone }))).toEqual({ cooldownSec: 60, expiresInSec: 300 })
    const sms = smsOutbox(emu)[0]
    expect(sms).toMatchObject({ phone: `+86${phone}`, templateId: '2000001', signName: '校园停车' })
    expect(sms.params[0]).toMatch(/^\d{6}$/)
    const verified = ok<any>(await call('phone', 'verify', { phone, code: sms.params[0] }))
    expect(verified.masked).toBe(`${phone.slice(0, 3)}****${phone.slice(7)}`)
    expect(ok<any>(await call('phone', 'status', {})).masked).toBe(verified.masked)
  })

  it('When the code is stored, then only its hash is kept', async () => {
    const call = newDriver()
    const phone = newPhone()
    ok(await call('phone', 'sendCode', { phone }))
    const code = lastCode(phone)
    const stored = browse(emu, 'sms_codes', { limit: 1000 }).find((d: any) => d.phone === phone) as any
    expect(JSON.stringify(stored)).not.toContain(code)
    expect(stored.hash).toMatch(/^[0-9a-f]{64}$/)
  })

  it('When a second code is asked for within 60 s, then it is refused with the seconds left', async () => {
    const call = newDriver()
    const phone = newPhone()
    ok(await call('phone', 'sendCode', { phone }))
    emu.clock.advance(20_000)
    const err = refused(await call('phone', 'sendCode', { phone })) as { code: string; message: string; details?: any }
    // 40 s are left, give or take the milliseconds the first call took.
    expect(err.code).toBe('SMS_TOO_FREQUENT')
    expect(err.message).toMatch(/^验证码发送过于频繁，请 4[01] 秒后再试$/)
    expect([40, 41]).toContain(err.details.retryAfterSec)
    emu.clock.advance(41_000)
    ok(await call('phone', 'sendCode', { phone }))
  })

  it('When two sends race for one phone, then one SMS goes out', async () => {
    const phone = newPhone()
    const results = await Promise.all([newDriver()('phone', 'sendCode', { phone }), newDriver()('phone', 'sendCode', { phone })])
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(smsOutbox(emu).filter((m) => m.phone === `+86${phone}`)).toHaveLength(1)
  })

  it('When the phone reaches its daily cap, then it is locked for the rest of the day and free the next day', async () => {
    const phone = newPhone()
    for (let i = 0; i < 10; i++) {
      ok(await newDriver()('phone', 'sendCode', { phone }))
      emu.clock.advance(13 * 60_000) // past the countdown and the hourly limit
    }
    const err = refused(await newDriver()('phone', 'sendCode', { phone }))
    expect(err.code).toBe('SMS_PHONE_LOCKED')
    expect(err.message).toBe('该手机号今日获取验证码次数过多，已被锁定，请明天再试')
    emu.clock.set(Date.parse('2026-11-24T00:00:30+08:00'))
    ok(await newDriver()('phone', 'sendCode', { phone }))
  })

  it('When one account asks codes for many phones, then its own daily limit stops it', async () => {
    const call = newDriver()
    for (let i = 0; i < 15; i++) ok(await call('phone', 'sendCode', { phone: newPhone() }))
    expect(refused(await call('phone', 'sendCode', { phone: newPhone() })).code).toBe('SMS_CALLER_LIMIT')
  })

  it('When one network address asks for too many codes, then the address limit stops it', async () => {
    for (let i = 0; i < 30; i++) ok(await newDriver('198.51.100.7')('phone', 'sendCode', { phone: newPhone() }))
    expect(refused(await newDriver('198.51.100.7')('phone', 'sendCode', { phone: newPhone() })).code).toBe('SMS_IP_LIMIT')
  })

  it('When the SMS provider fails, then the driver gets a clear error and no quota is spent', async () => {
    const call = newDriver()
    const phone = newPhone()
    smsFailNext(emu, 1)
    expect(refused(await call('phone', 'sendCode', { phone })).code).toBe('SMS_PROVIDER')
    expect(browse(emu, 'sms_sends', { limit: 5000 }).filter((s: any) => s.phone === phone)).toHaveLength(0)
    ok(await call('phone', 'sendCode', { phone })) // no countdown was started by the failure
  })

  it('When a wrong code is typed five times, then the code is void even when right', async () => {
    const call = newDriver()
    const phone = newPhone()
    ok(await call('phone', 'sendCode', { phone }))
    const code = lastCode(phone)
    const wrong = code === '000000' ? '111111' : '000000'
    expect(refused(await call('phone', 'verify', { phone, code: wrong })).message).toBe('验证码不正确，还可尝试 4 次')
    for (let i = 0; i < 4; i++) refused(await call('phone', 'verify', { phone, code: wrong }))
    expect(refused(await call('phone', 'verify', { phone, code })).code).toBe('CODE_VOID')
    expect(ok<any>(await call('phone', 'status', {})).masked).toBeNull()
  })

  it('When wrong tries void the code before a new one may be sent, then the driver is told why and for how long', async () => {
    const call = newDriver()
    const phone = newPhone()
    ok(await call('phone', 'sendCode', { phone }))
    const code = lastCode(phone)
    const wrong = code === '000000' ? '111111' : '000000'
    emu.clock.advance(20_000)
    for (let i = 0; i < 4; i++) refused(await call('phone', 'verify', { phone, code: wrong }))
    // 40 s are left of the countdown, give or take the milliseconds the calls took.
    const last = refused(await call('phone', 'verify', { phone, code: wrong })) as { code: string; message: string; details?: any }
    expect(last.message).toMatch(/^验证码错误次数过多，已失效，请 4[01] 秒后重新获取$/)
    expect(last.details.retryAfterSec).toBeGreaterThanOrEqual(40)
    expect(refused(await call('phone', 'sendCode', { phone })).code).toBe('SMS_TOO_FREQUENT')
    emu.clock.advance(30_000)
    const again = refused(await call('phone', 'verify', { phone, code })) as { code: string; message: string; details?: any }
    expect(again).toMatchObject({ code: 'CODE_VOID', details: { retryAfterSec: expect.any(Number) } })
    expect(again.message).toMatch(/^验证码已失效，请 1[01] 秒后重新获取$/)
    emu.clock.advance(11_000)
    expect(refused(await call('phone', 'verify', { phone, code }))).toMatchObject({ message: '验证码已失效，请重新获取', details: { retryAfterSec: 0 } })
    ok(await call('phone', 'sendCode', { phone }))
  })

  it('When five minutes pass, then the code has expired', async () => {
    const call = newDriver()
    const phone = newPhone()
    ok(await call('phone', 'sendCode', { phone }))
    emu.clock.advance(5 * 60_000 + 1000)
    expect(refused(await call('phone', 'verify', { phone, code: lastCode(phone) })).code).toBe('CODE_EXPIRED')
  })

  it("When someone else types the driver's code, then it does not verify them", async () => {
    const phone = newPhone()
    ok(await newDriver()('phone', 'sendCode', { phone }))
    expect(refused(await newDriver()('phone', 'verify', { phone, code: lastCode(phone) })).code).toBe('CODE_VOID')
  })

  it('When the input is not a phone or not a 6-digit code, then it is refused in Chinese and nothing is sent', async () => {
    const call = newDriver()
    expect(refused(await call('phone', 'sendCode', { phone: '12345' })).message).toBe('请输入正确的 11 位手机号')
    expect(refused(await call('phone', 'verify', { phone: '13912341234', code: '12' })).message).toBe('请输入 6 位数字验证码')
    expect(smsOutbox(emu)).toHaveLength(0)
  })
})
