// 访客预约 through the emulator (issue 13): host accounts kept by the office
// and 账号绑定 with its wrong-password lock (parallel tries each count, the
// time shown), passes created, listed, modified and cancelled, the signed
// token that cannot be forged or reused after a change, the visitor's view,
// the guard's check and 登记到访 in and out of the window, code guessing
// limited per guard, who is refused what, bad input writing nothing, the
// sweep expiring passes, the SMS to the visitor, and the visitor's car let
// in by the gate. Every test makes the hosts and passes it reads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server'
import { browse, seedDocuments } from '../../emulator/database'
import { subscribeOutbox } from '../../emulator/openapi'
import { smsOutbox } from '../../emulator/sms'
import { advanceClock } from '../../emulator/functions/triggers'
import { deviceRequest } from '../../emulator/lot/device-client'
import { lockedMessage } from '../../src/domain/lockout'
import { startTestEmulator } from '../support/emulator'
import { as, ok, refused, type Call } from '../support/functions'
import { at, seedTestLot, type TestLot } from '../support/parking'
import { SURFACE_RULE } from '../../database/seed-parking'
import { parkingFee } from '../../src/domain/parking/fee'
import { visitWindow } from '../../src/domain/visitor/parking'
import { snapshotDatabase } from '../support/samples'

let emu: Emulator
const NOW = at('2026-12-07 09:00')
const MIN = 60_000
const HOUR = 60 * MIN
const PASSWORD = 'pass2026x'

const all = (name: string) => browse(emu, name, { limit: 5000 }) as any[]
const doc = (name: string, id: string) => all(name).find((d) => d._id === id)
const passDoc = (id: string) => doc('visitor_passes', id)

let n = 0
const office = () => as(emu, 'o-v-office')
function account(name: string): { call: Call; openid: string } {
  const openid = `o-v-${name}-${++n}`
  return { call: as(emu, openid), openid }
}
/** A guard of its own (each has its own wrong-code count). */
function guard(): Call {
  const openid = `o-v-guard-${++n}`
  seedDocuments(emu, { staff: [{ _id: `staff-${openid}`, openid, name: `保安${n}`, roles: ['guard'], active: true }] })
  return as(emu, openid)
}

/** A host account the office adds, and a WeChat account bound to it. */
async function host(name = 'host') {
  const acct = `${name}${++n}`
  const added = ok<any>(await office()('visitor', 'addHost', { account: acct, name: '王老师', department: '基础医学院', phone: '13900139000', password: PASSWORD }))
  const me = account(name)
  ok(await me.call('visitor', 'bind', { account: acct, password: PASSWORD }))
  return { ...me, account: acct, hostId: added.host.id as string }
}

/** A window starting `inMin` minutes from now (whole minutes), `hours` long. */
const window = (inMin = 60, hours = 2) => {
  const t = emu.clock.now()
  const start = t - (t % MIN) + inMin * MIN
  return { start, end: start + hours * HOUR }
}
const form = (extra: Record<string, unknown> = {}) => ({ name: '李明', phone: '13712345678', purpose: '学术交流', ...window(), visitors: 1, plate: null, ...extra })
const created = async (call: Call, extra: Record<string, unknown> = {}) => ok<any>(await call('visitor', 'create', form(extra))).pass
const tokenOf = async (call: Call, passId: string) => ok<any>(await call('visitor', 'share', { passId })).token as string

const seen = (d: { _id: string; secret: string }, plate: string | null) => deviceRequest(emu, { deviceId: d._id, secret: d.secret, event: 'plateSeen', body: { plate } })

beforeAll(async () => {
  emu = await startTestEmulator()
  emu.clock.set(NOW)
  seedDocuments(emu, { staff: [{ _id: 'staff-v-office', openid: 'o-v-office', name: '钱办公', roles: ['office'], active: true }] })
})
afterAll(async () => {
  await emu?.close()
})

describe('host accounts and 账号绑定', () => {
  it('When the office adds a host, then only a scrypt hash of the password is stored, the list shows the phone masked, and the account cannot be added twice', async () => {
    const added = ok<any>(await office()('visitor', 'addHost', { account: ' ZhangLaoshi ', name: '张老师', department: '药学院', phone: '13800138000', password: PASSWORD }))
    expect(added.host).toMatchObject({ id: 'host:zhanglaoshi', account: 'zhanglaoshi', phone: '138****8000', active: true, bound: false, lockedUntil: null })
    const stored = doc('visitor_hosts', 'host:zhanglaoshi')
    expect(stored.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/)
    expect(JSON.stringify(stored)).not.toContain(PASSWORD)
    expect(ok<any>(await office()('visitor', 'hosts', {})).hosts.map((h: any) => h.account)).toContain('zhanglaoshi')
    expect(refused(await office()('visitor', 'addHost', { account: 'zhanglaoshi', name: '张老师', department: '药学院', phone: '13800138000', password: PASSWORD })).code).toBe('HOST_ACCOUNT_EXISTS')
    expect(refused(await office()('visitor', 'addHost', { account: 'weak1', name: '张老师', department: '药学院', phone: '13800138000', password: 'password' }))).toMatchObject({
      code: 'BAD_INPUT',
      message: '密码须同时包含字母和数字',
    })
  })

  it('When a user binds, then one WeChat account holds one host account and the other way round, until 解除绑定', async () => {
    const acct = `bind${++n}`
    ok(await office()('visitor', 'addHost', { account: acct, name: '赵老师', department: '护理学院', phone: '13900139001', password: PASSWORD }))
    const other = `bind${++n}`
    ok(await office()('visitor', 'addHost', { account: other, name: '钱老师', department: '护理学院', phone: '13900139002', password: PASSWORD }))
    const me = account('binder')
    const someone = account('someone')

    expect(ok<any>(await me.call('visitor', 'bindStatus', {}))).toEqual({ bound: false, host: null })
    expect(refused(await me.call('visitor', 'bind', { account: `nobody${n}`, password: PASSWORD }))).toEqual({ code: 'HOST_PASSWORD_WRONG', message: '账号或密码错误，还可尝试 4 次' })
    expect(refused(await me.call('visitor', 'bind', { account: acct, password: 'wrong-one1' }))).toEqual({ code: 'HOST_PASSWORD_WRONG', message: '账号或密码错误，还可尝试 4 次' })
    const bound = ok<any>(await me.call('visitor', 'bind', { account: acct, password: PASSWORD }))
    expect(bound).toEqual({ bound: true, host: { account: acct, name: '赵老师', department: '护理学院', active: true } })
    // The right password cleared the count.
    expect(doc('visitor_hosts', `host:${acct}`).attempts).toEqual({ failures: 0, lockedUntil: null })

    expect(refused(await someone.call('visitor', 'bind', { account: acct, password: PASSWORD })).code).toBe('HOST_TAKEN')
    expect(refused(await me.call('visitor', 'bind', { account: other, password: PASSWORD }))).toMatchObject({ code: 'HOST_ALREADY_BOUND', message: `您的微信已绑定账号 ${acct}，请先解除绑定` })
    // Binding again to the same account is no error.
    expect(ok<any>(await me.call('visitor', 'bind', { account: acct, password: PASSWORD })).bound).toBe(true)

    expect(ok<any>(await me.call('visitor', 'unbind', {}))).toEqual({ bound: false, host: null })
    expect(ok<any>(await me.call('visitor', 'bindStatus', {})).bound).toBe(false)
    expect(ok<any>(await someone.call('visitor', 'bind', { account: acct, password: PASSWORD })).bound).toBe(true)
    expect(doc('visitor_bindings', me.openid)).toBeUndefined()
  })

  it('When two WeChat accounts bind one host account at once, then exactly one holds it', async () => {
    const acct = `race${++n}`
    ok(await office()('visitor', 'addHost', { account: acct, name: '孙老师', department: '口腔医学院', phone: '13900139003', password: PASSWORD }))
    const callers = Array.from({ length: 4 }, (_, i) => account(`race${i}`))
    const answers = await Promise.all(callers.map((c) => c.call('visitor', 'bind', { account: acct, password: PASSWORD })))
    expect(answers.filter((a) => a.ok)).toHaveLength(1)
    expect(answers.filter((a) => !a.ok).map((a) => refused(a).code)).toEqual(['HOST_TAKEN', 'HOST_TAKEN', 'HOST_TAKEN'])
    expect(all('visitor_bindings').filter((b) => b.hostId === `host:${acct}`)).toHaveLength(1)
  })

  it('When wrong passwords arrive at once, then each counts: the fifth locks the account with the time shown, even the right password waits, and after the lock it binds', async () => {
    const acct = `lock${++n}`
    ok(await office()('visitor', 'addHost', { account: acct, name: '周老师', department: '公共卫生学院', phone: '13900139004', password: PASSWORD }))
    const me = account('locked')
    const answers = await Promise.all(Array.from({ length: 8 }, () => me.call('visitor', 'bind', { account: acct, password: 'wrong-pass1' })))
    const errors = answers.map(refused)
    const wrong = errors.filter((e) => e.code === 'HOST_PASSWORD_WRONG').map((e) => e.message)
    expect(wrong.sort()).toEqual(['账号或密码错误，还可尝试 1 次', '账号或密码错误，还可尝试 2 次', '账号或密码错误，还可尝试 3 次', '账号或密码错误，还可尝试 4 次'])
    expect(errors.filter((e) => e.code === 'HOST_LOCKED')).toHaveLength(4)

    const { lockedUntil } = doc('visitor_hosts', `host:${acct}`).attempts
    expect(lockedUntil - emu.clock.now()).toBeGreaterThan(14 * MIN)
    const right = refused(await me.call('visitor', 'bind', { account: acct, password: PASSWORD }))
    expect(right).toEqual({ code: 'HOST_LOCKED', message: lockedMessage(lockedUntil, emu.clock.now(), '账号或密码'), details: { lockedUntil } })
    expect(right.message).toMatch(/^账号或密码错误次数过多，请于 \d\d:\d\d 后再试$/)
    expect(ok<any>(await office()('visitor', 'hosts', {})).hosts.find((h: any) => h.account === acct).lockedUntil).toBe(lockedUntil)

    emu.clock.set(lockedUntil + 1000)
    expect(ok<any>(await me.call('visitor', 'bind', { account: acct, password: PASSWORD })).bound).toBe(true)
  })

  it('When the office deactivates a host, then binding and new passes are refused, the host still sees and cancels theirs, and reactivating restores it', async () => {
    const h = await host('inactive')
    const p = await created(h.call)
    ok(await office()('visitor', 'setHostActive', { hostId: h.hostId, active: false }))
    expect(refused(await h.call('visitor', 'create', form())).code).toBe('HOST_INACTIVE')
    expect(refused(await h.call('visitor', 'share', { passId: p.id })).code).toBe('HOST_INACTIVE')
    expect(refused(await account('late').call('visitor', 'bind', { account: h.account, password: PASSWORD })).code).toBe('HOST_INACTIVE')
    expect(ok<any>(await h.call('visitor', 'list', {})).passes.map((x: any) => x.id)).toEqual([p.id])
    ok(await h.call('visitor', 'cancel', { passId: p.id }))
    ok(await office()('visitor', 'setHostActive', { hostId: h.hostId, active: true }))
    await created(h.call)
    expect(refused(await office()('visitor', 'setHostActive', { hostId: 'host:nobody', active: true })).code).toBe('HOST_NOT_FOUND')
  })

  it('When an account that does not exist is tried, then every answer is the one a real account gives a wrong password, up to the same lock', async () => {
    const acct = `real${++n}`
    ok(await office()('visitor', 'addHost', { account: acct, name: '吴老师', department: '药学院', phone: '13900139005', password: PASSWORD }))
    const answers = async (name: string) => {
      const me = account('prober')
      const out: Array<{ code: string; message: string }> = []
      for (let i = 0; i < 6; i++) {
        const e = refused(await me.call('visitor', 'bind', { account: name, password: `guess${i}x1` }))
        out.push({ code: e.code, message: e.message })
      }
      return out
    }
    const real = await answers(acct)
    const unknown = await answers(`ghost${++n}`)
    expect(unknown).toEqual(real)
    expect(real.map((a) => a.code)).toEqual(['HOST_PASSWORD_WRONG', 'HOST_PASSWORD_WRONG', 'HOST_PASSWORD_WRONG', 'HOST_PASSWORD_WRONG', 'HOST_LOCKED', 'HOST_LOCKED'])
    expect(real[0].message).toBe('账号或密码错误，还可尝试 4 次')
  })

  it('When one WeChat account tries many host accounts, then its wrong passwords are limited across them: the tenth in an hour stops it, even for its own account', async () => {
    const mine = `own${++n}`
    ok(await office()('visitor', 'addHost', { account: mine, name: '郑老师', department: '药学院', phone: '13900139006', password: PASSWORD }))
    const me = account('sprayer')
    const messages: string[] = []
    for (let i = 0; i < 9; i++) messages.push(refused(await me.call('visitor', 'bind', { account: `spray${n}x${i}`, password: PASSWORD })).message)
    expect(messages).toEqual([...Array(6).fill('账号或密码错误，还可尝试 4 次'), '账号或密码错误，还可尝试 3 次', '账号或密码错误，还可尝试 2 次', '账号或密码错误，还可尝试 1 次'])
    // Its own right password does not clear the count.
    ok(await me.call('visitor', 'bind', { account: mine, password: PASSWORD }))
    ok(await me.call('visitor', 'unbind', {}))
    const tenth = refused(await me.call('visitor', 'bind', { account: `spray${n}x9`, password: PASSWORD }))
    expect(tenth.code).toBe('HOST_LOCKED')
    expect(refused(await me.call('visitor', 'bind', { account: mine, password: PASSWORD })).code).toBe('HOST_LOCKED')
    // Another WeChat account is not stopped, and the host account itself is not locked.
    expect(ok<any>(await account('other').call('visitor', 'bind', { account: mine, password: PASSWORD })).bound).toBe(true)
  })

  it('When a host account’s hash was stored at the former scrypt cost, then binding with the right password stores a new one at today’s cost', async () => {
    const { scryptSync } = await import('node:crypto')
    const acct = `old${++n}`
    const salt = Buffer.alloc(16, 3)
    const former = `scrypt$16384$8$1$${salt.toString('base64url')}$${scryptSync(PASSWORD, salt, 32, { N: 2 ** 14, r: 8, p: 1 }).toString('base64url')}`
    const t = emu.clock.now()
    seedDocuments(emu, {
      visitor_hosts: [
        { _id: `host:${acct}`, account: acct, name: '冯老师', department: '药学院', phone: '13900139007', passwordHash: former, active: true, boundOpenid: null, boundAt: null, attempts: { failures: 0, lockedUntil: null }, attemptsSeq: 0, createdAt: t, updatedAt: t },
      ],
    })
    ok(await account('rehash').call('visitor', 'bind', { account: acct, password: PASSWORD }))
    expect(doc('visitor_hosts', `host:${acct}`).passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/)
  })

  it('When one WeChat account binds several host accounts at once, then at most one host names it, and that one is its binding', async () => {
    const { hashPassword } = await import('../../cloudfunctions/_shared/password')
    const passwordHash = await hashPassword(PASSWORD)
    // Many at once: the hashes finish at scattered moments, so some bind reads another's binding before its host is written.
    for (let round = 0; round < 12; round++) {
      const t = emu.clock.now()
      const accts = Array.from({ length: 6 }, () => `pair${++n}`)
      seedDocuments(emu, {
        visitor_hosts: accts.map((acct) => ({ _id: `host:${acct}`, account: acct, name: '陈老师', department: '药学院', phone: '13900139008', passwordHash, active: true, boundOpenid: null, boundAt: null, attempts: { failures: 0, lockedUntil: null }, attemptsSeq: 0, createdAt: t, updatedAt: t })),
      })
      const me = account('many')
      await Promise.all(accts.map((acct) => me.call('visitor', 'bind', { account: acct, password: PASSWORD })))
      const holding = accts.filter((acct) => doc('visitor_hosts', `host:${acct}`).boundOpenid === me.openid)
      expect(holding.length, `round ${round}`).toBeLessThanOrEqual(1)
      if (holding.length) expect(doc('visitor_bindings', me.openid)?.hostId).toBe(`host:${holding[0]}`)
    }
  }, 90_000)

  it('When the office 解除绑定 a host account, then its WeChat no longer acts as the host, the binding is gone, it is audited, and the account binds again with the password', async () => {
    const h = await host('taken')
    const p = await created(h.call)
    const answer = ok<any>(await office()('visitor', 'unbindHost', { hostId: h.hostId }))
    expect(answer.host).toMatchObject({ id: h.hostId, bound: false })
    expect(doc('visitor_bindings', h.openid)).toBeUndefined()
    expect(doc('visitor_hosts', h.hostId)).toMatchObject({ boundOpenid: null, boundAt: null })
    expect(ok<any>(await h.call('visitor', 'bindStatus', {})).bound).toBe(false)
    expect(refused(await h.call('visitor', 'detail', { passId: p.id })).code).toBe('HOST_NOT_BOUND')
    expect(all('audit_log').filter((a) => a.action === 'visitor.unbindHost' && a.target === h.hostId)).toHaveLength(1)
    // The pass stays; whoever binds with the password finds it.
    const next = account('next')
    ok(await next.call('visitor', 'bind', { account: h.account, password: PASSWORD }))
    expect(ok<any>(await next.call('visitor', 'detail', { passId: p.id })).pass.status).toBe('BOOKED')
    expect(refused(await office()('visitor', 'unbindHost', { hostId: 'host:nobody' })).code).toBe('HOST_NOT_FOUND')
  })

  it('When the office resets a locked host’s password, then the old password no longer binds, the lock is lifted, the new one binds, and it is audited', async () => {
    const h = await host('forgot')
    ok(await h.call('visitor', 'unbind', {}))
    const other = account('forgot-try')
    for (let i = 0; i < 5; i++) refused(await other.call('visitor', 'bind', { account: h.account, password: 'wrong2026x' }))
    expect(refused(await h.call('visitor', 'bind', { account: h.account, password: PASSWORD })).code).toBe('HOST_LOCKED')
    const weak = refused(await office()('visitor', 'resetHostPassword', { hostId: h.hostId, password: '12345678' }))
    expect(weak.code).toBe('BAD_INPUT')
    const answer = ok<any>(await office()('visitor', 'resetHostPassword', { hostId: h.hostId, password: 'fresh2026y' }))
    expect(answer.host).toMatchObject({ id: h.hostId, lockedUntil: null })
    expect(JSON.stringify(doc('visitor_hosts', h.hostId))).not.toContain('fresh2026y')
    expect(refused(await h.call('visitor', 'bind', { account: h.account, password: PASSWORD })).code).not.toBe('HOST_LOCKED')
    ok(await h.call('visitor', 'bind', { account: h.account, password: 'fresh2026y' }))
    expect(all('audit_log').filter((a) => a.action === 'visitor.resetHostPassword' && a.target === h.hostId)).toHaveLength(1)
    expect(refused(await office()('visitor', 'resetHostPassword', { hostId: 'host:nobody', password: 'fresh2026y' })).code).toBe('HOST_NOT_FOUND')
  })

  it('When a host is deactivated, then their pass details show the visitor’s phone masked, also in the form', async () => {
    const h = await host('leaver')
    const p = await created(h.call)
    expect(ok<any>(await h.call('visitor', 'detail', { passId: p.id })).form.phone).toBe('13712345678')
    ok(await office()('visitor', 'setHostActive', { hostId: h.hostId, active: false }))
    const d = ok<any>(await h.call('visitor', 'detail', { passId: p.id }))
    expect(d.form.phone).toBe('137****5678')
    expect(JSON.stringify(d)).not.toContain('13712345678')
  })
})

describe('who may do what', () => {
  it('When a driver or an unbound user calls host actions, then they are refused and nothing is written; guard and office actions are forbidden to them', async () => {
    const h = await host('owner')
    const p = await created(h.call)
    const driver = as(emu, 'o-driver-zhang')
    const before = snapshotDatabase(emu)
    for (const [action, input] of [
      ['create', form()],
      ['list', {}],
      ['detail', { passId: p.id }],
      ['modify', { passId: p.id, version: 1, form: form() }],
      ['cancel', { passId: p.id }],
      ['share', { passId: p.id }],
    ] as const)
      expect(refused(await driver('visitor', action, input)), action).toEqual({ code: 'HOST_NOT_BOUND', message: '请先绑定访客邀请账号' })
    for (const [action, input] of [
      ['check', { code: p.code }],
      ['checkIn', { passId: p.id, version: 1 }],
      ['hosts', {}],
      ['addHost', { account: 'sneaky', name: '某某', department: '某部门', phone: '13800138000', password: PASSWORD }],
    ] as const)
      expect(refused(await driver('visitor', action, input)).code, action).toBe('FORBIDDEN')
    expect(snapshotDatabase(emu)).toBe(before)
  })

  it('When another host asks for, changes, cancels or shares a pass, then it is not found', async () => {
    const a = await host('a')
    const b = await host('b')
    const p = await created(a.call)
    for (const [action, input] of [
      ['detail', { passId: p.id }],
      ['modify', { passId: p.id, version: 1, form: form() }],
      ['cancel', { passId: p.id }],
      ['share', { passId: p.id }],
    ] as const)
      expect(refused(await b.call('visitor', action, input)).code, action).toBe('VISITOR_PASS_NOT_FOUND')
    expect(ok<any>(await b.call('visitor', 'list', {})).passes).toEqual([])
    expect(passDoc(p.id)).toMatchObject({ status: 'BOOKED', version: 1 })
  })
})

describe('访客预约: create, list, modify, cancel', () => {
  it('When a host books a visitor, then the pass is 待到访 with a 6-digit code unique among live passes, the phone masked, and who pays parking shown', async () => {
    const h = await host('booker')
    const w = window(90, 2)
    const p = ok<any>(await h.call('visitor', 'create', form({ ...w, plate: '京a·12345', visitors: 3 }))).pass
    expect(p).toMatchObject({
      version: 1,
      name: '李明',
      phone: '137****5678',
      start: w.start,
      end: w.end,
      visitors: 3,
      plate: '京A12345',
      plateText: '京A·12345',
      status: 'BOOKED',
      statusLabel: '待到访',
      parkingPayerLabel: '访客停车：访客自付',
      mayModify: true,
      mayCancel: true,
      mayShare: true,
    })
    expect(p.code).toMatch(/^\d{6}$/)
    // The claim keeps when it was made: a claim younger than a minute stands even before its pass is written.
    expect(doc('visitor_codes', p.code)).toMatchObject({ passId: p.id, until: w.end, at: expect.any(Number) })
    const d = ok<any>(await h.call('visitor', 'detail', { passId: p.id }))
    expect(d.form).toMatchObject({ phone: '13712345678', plate: '京A12345' })
    expect(d.address).toBe('北京市海淀区学院路38号 北京大学医学部')

    // Many passes at once: every code distinct.
    const many = await Promise.all(Array.from({ length: 12 }, () => created(h.call)))
    const codes = [p, ...many].map((x) => x.code)
    expect(new Set(codes).size).toBe(codes.length)
  })

  it('When the form breaks the schema or the office’s limits, then it is refused with the field’s reason and nothing is written', async () => {
    const h = await host('bad')
    const t = emu.clock.now()
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ name: '李' }, 'BAD_INPUT', '访客姓名应为 2–20 个字'],
      [{ phone: '1234' }, 'BAD_INPUT', '请输入正确的 11 位手机号'],
      [{ plate: '京A1' }, 'BAD_INPUT', '车牌'],
      [{ purpose: '' }, 'BAD_INPUT', '请填写来访事由'],
      [{ visitors: 6 }, 'VISITOR_FORM_INVALID', '来访人数不能超过 5 人'],
      [{ ...window(60, 13) }, 'VISITOR_FORM_INVALID', '来访时长不能超过 12 小时'],
      [{ start: t - HOUR, end: t + HOUR }, 'VISITOR_FORM_INVALID', '开始时间不能早于当前时间'],
      [{ start: t + 9 * 24 * HOUR, end: t + 9 * 24 * HOUR + HOUR }, 'VISITOR_FORM_INVALID', '只能预约 7 天内的来访'],
      [{ start: at('2026-12-08 05:00'), end: at('2026-12-08 08:00') }, 'VISITOR_FORM_INVALID', '来访时间应在 07:00–22:00 之间'],
    ]
    for (const [extra, code, message] of cases) {
      const before = snapshotDatabase(emu)
      const e = refused(await h.call('visitor', 'create', form(extra)))
      expect([e.code, e.message], JSON.stringify(extra)).toEqual([code, expect.stringContaining(message)])
      expect(snapshotDatabase(emu)).toBe(before)
    }
    const e = (await h.call('visitor', 'create', form({ visitors: 6, ...window(60, 13) }))) as any
    expect(e.error.details.errors).toEqual({ visitors: '来访人数不能超过 5 人', end: '来访时长不能超过 12 小时' })
  })

  it('When the host lists, then upcoming passes come first (soonest first), then past ones (latest first), a page at a time', async () => {
    const h = await host('lister')
    const later = await created(h.call, window(300, 1))
    const sooner = await created(h.call, window(60, 1))
    const cancelled = await created(h.call, window(120, 1))
    ok(await h.call('visitor', 'cancel', { passId: cancelled.id }))
    const listed = ok<any>(await h.call('visitor', 'list', {}))
    // The office's limits come with the list, so the form offers only what the server takes.
    const { settings } = ok<any>(await office()('visitor', 'settings', {}))
    expect(listed.limits).toEqual({ maxDaysAhead: settings.maxDaysAhead, maxWindowHours: settings.maxWindowHours, visitHours: settings.visitHours })
    expect(listed.passes.map((p: any) => [p.id, p.statusLabel])).toEqual([
      [sooner.id, '待到访'],
      [later.id, '待到访'],
      [cancelled.id, '已取消'],
    ])
    expect(listed.nextCursor).toBeNull()

    // 25 past passes: 20 on the first page after the upcoming ones, 5 on the next.
    const t = emu.clock.now()
    seedDocuments(emu, {
      visitor_passes: Array.from({ length: 25 }, (_, i) => ({
        ...passDoc(later.id),
        _id: `vp-past-${h.hostId}-${i}`,
        code: `past${i}`,
        start: t - (i + 2) * 24 * HOUR,
        end: t - (i + 2) * 24 * HOUR + HOUR,
        status: 'EXPIRED',
      })),
    })
    const first = ok<any>(await h.call('visitor', 'list', {}))
    expect(first.passes).toHaveLength(2 + 20)
    expect(first.passes[2].id).toBe(cancelled.id)
    expect(first.passes[3].id).toBe(`vp-past-${h.hostId}-0`)
    expect(first.nextCursor).toBe(20)
    const second = ok<any>(await h.call('visitor', 'list', { cursor: 20 }))
    // Past ones by start, latest first: the cancelled pass (today) came first, then vp-past-0 … so the second page holds 19…23 (24 past ones, 20 shown).
    expect(second.passes.map((p: any) => p.id)).toEqual([19, 20, 21, 22, 23, 24].map((i) => `vp-past-${h.hostId}-${i}`))
    expect(second.nextCursor).toBeNull()
  })

  it('When the host modifies a pass, then it gets a new version and code: the old QR and code stop working, the visitor’s old link says so, and a stale version is refused', async () => {
    const h = await host('modifier')
    const g = guard()
    const p = await created(h.call, { plate: '京B11111' })
    const oldToken = await tokenOf(h.call, p.id)
    const w = window(120, 3)
    const changed = ok<any>(await h.call('visitor', 'modify', { passId: p.id, version: 1, form: form({ ...w, name: '李明明', plate: null }) })).pass
    expect(changed).toMatchObject({ id: p.id, version: 2, name: '李明明', start: w.start, end: w.end, plate: null, status: 'BOOKED' })
    expect(changed.code).not.toBe(p.code)
    expect(doc('visitor_codes', p.code)).toBeUndefined()

    expect(ok<any>(await h.call('visitor', 'view', { token: oldToken }))).toEqual({ notice: '预约已修改，此凭证已失效，请向被访人索取新的凭证', pass: null })
    expect(refused(await g('visitor', 'check', { token: `visitor:${oldToken}` }))).toEqual({ code: 'VISITOR_PASS_VOID', message: '预约已修改，此凭证已失效，请向被访人索取新的凭证' })
    expect(refused(await g('visitor', 'check', { code: p.code })).code).toBe('VISITOR_CODE_WRONG')
    expect(refused(await g('visitor', 'checkIn', { passId: p.id, version: 1 })).code).toBe('VISITOR_PASS_VOID')

    const newToken = await tokenOf(h.call, p.id)
    expect(ok<any>(await account('visitor').call('visitor', 'view', { token: newToken })).pass).toMatchObject({ name: '李明明', code: changed.code })
    expect(ok<any>(await g('visitor', 'check', { code: changed.code })).pass).toMatchObject({ id: p.id, version: 2 })

    const before = snapshotDatabase(emu)
    expect(refused(await h.call('visitor', 'modify', { passId: p.id, version: 1, form: form() })).code).toBe('CONFLICT')
    expect(refused(await h.call('visitor', 'modify', { passId: p.id, version: 2, form: form({ visitors: 9 }) })).code).toBe('VISITOR_FORM_INVALID')
    expect(snapshotDatabase(emu)).toBe(before)
  })

  it('When the host cancels, then the pass is 已取消, its code is free, the shared link and the guard say it no longer works, and it cannot be cancelled or changed again', async () => {
    const h = await host('canceller')
    const g = guard()
    const p = await created(h.call)
    const token = await tokenOf(h.call, p.id)
    const c = ok<any>(await h.call('visitor', 'cancel', { passId: p.id })).pass
    expect(c).toMatchObject({ status: 'CANCELLED', statusLabel: '已取消', code: null, mayModify: false, mayCancel: false, mayShare: false })
    expect(doc('visitor_codes', p.code)).toBeUndefined()
    expect(ok<any>(await account('v').call('visitor', 'view', { token }))).toEqual({ notice: '预约已取消，此凭证已失效', pass: null })
    expect(ok<any>(await g('visitor', 'check', { token })).pass.checkIn).toEqual({ ok: false, message: '预约已取消' })
    expect(refused(await g('visitor', 'checkIn', { passId: p.id, version: 1 }))).toEqual({ code: 'VISITOR_CHECKIN_REFUSED', message: '预约已取消' })
    expect(refused(await h.call('visitor', 'cancel', { passId: p.id }))).toEqual({ code: 'VISITOR_PASS_STATE', message: '预约已取消' })
    expect(refused(await h.call('visitor', 'modify', { passId: p.id, version: 1, form: form() }))).toEqual({ code: 'VISITOR_PASS_STATE', message: '预约已取消' })
    expect(refused(await h.call('visitor', 'share', { passId: p.id })).code).toBe('VISITOR_PASS_STATE')
  })
})

describe('the signed token and the visitor’s view', () => {
  it('When the visitor opens a genuine link, then they see only their name, window, host, address, code, status and who pays parking', async () => {
    const h = await host('sharer')
    const p = await created(h.call, { plate: '京C22222' })
    const shared = ok<any>(await h.call('visitor', 'share', { passId: p.id }))
    expect(shared).toMatchObject({ qr: `visitor:${shared.token}`, code: p.code, smsSent: false, hostName: '王老师' })
    expect(shared.path).toBe(`packages/visitor/pages/view/index?token=${encodeURIComponent(shared.token)}`)
    const v = ok<any>(await account('stranger').call('visitor', 'view', { token: shared.token }))
    expect(v.notice).toBeNull()
    expect(Object.keys(v.pass).sort()).toEqual(['address', 'code', 'end', 'hostName', 'name', 'parkingPayerLabel', 'start', 'status', 'statusLabel', 'windowText'])
    expect(v.pass).toMatchObject({ name: '李明', hostName: '王老师', code: p.code, statusLabel: '待到访' })
    expect(JSON.stringify(v)).not.toContain('13712345678')
    expect(JSON.stringify(v)).not.toContain(p.id)
  })

  it('When a token is forged or altered, then the view gives the notice and no data, and the guard is refused', async () => {
    const h = await host('forge')
    const g = guard()
    const p = await created(h.call)
    const token = await tokenOf(h.call, p.id)
    const [id, version, mac] = token.split('.')
    const flip = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1)
    const other = await created(h.call)
    const [otherId] = (await tokenOf(h.call, other.id)).split('.')
    const forged = [
      `${id}.${version}.${flip(mac)}`,
      `${id}.2.${mac}`,
      `${otherId}.${version}.${mac}`,
      `${Buffer.from(p.id).toString('base64url')}.1.${'A'.repeat(22)}`,
      `${id}.${version}`,
      'not-a-token',
    ]
    for (const f of forged) {
      expect(ok<any>(await account('v').call('visitor', 'view', { token: f })), f).toEqual({ notice: '无效的访客凭证，请向被访人索取新的凭证', pass: null })
      expect(refused(await g('visitor', 'check', { token: f })), f).toEqual({ code: 'VISITOR_PASS_INVALID', message: '无效的访客凭证' })
    }
    expect(passDoc(p.id)).toMatchObject({ status: 'BOOKED', entries: [] })
  })
})

describe('访客核验 and 登记到访', () => {
  it('When the guard checks a visitor before, in and after the window, then 登记到访 is refused with the reason, admitted once, and the host is told', async () => {
    const h = await host('visited')
    const g = guard()
    const w = window(120, 2)
    const p = await created(h.call, { ...w, plate: '京D33333' })
    const token = await tokenOf(h.call, p.id)

    const early = ok<any>(await g('visitor', 'check', { token })).pass
    expect(early).toMatchObject({ name: '李明', phone: '137****5678', hostName: '王老师', hostDepartment: '基础医学院', plateText: '京D·33333', checkIn: { ok: false, message: '未到来访时间' } })
    expect(refused(await g('visitor', 'checkIn', { passId: p.id, version: 1 }))).toEqual({ code: 'VISITOR_CHECKIN_REFUSED', message: '未到来访时间' })

    // 30 minutes early is allowed (the default settings).
    emu.clock.set(w.start - 25 * MIN)
    expect(ok<any>(await g('visitor', 'check', { code: p.code })).pass.checkIn).toEqual({ ok: true, message: null })
    const arrived = ok<any>(await g('visitor', 'checkIn', { passId: p.id, version: 1 })).pass
    expect(arrived).toMatchObject({ status: 'ARRIVED', statusLabel: '已到访', entries: 1, checkIn: { ok: false, message: '已登记到访' } })
    expect(passDoc(p.id)).toMatchObject({ status: 'ARRIVED', arrivedAt: expect.any(Number), entries: [{ by: 'guard', who: expect.stringMatching(/^o-v-guard-/) }] })
    const told = subscribeOutbox(emu).filter((m) => m.touser === h.openid && m.templateId === 'tmpl-visitor-arrived')
    expect(told).toHaveLength(1)
    expect(told[0].data).toMatchObject({ thing1: { value: '李明 京D·33333' }, thing3: { value: '门岗登记到访' } })
    expect(told[0].page).toBe(`packages/visitor/pages/detail/index?id=${p.id}`)

    expect(refused(await g('visitor', 'checkIn', { passId: p.id, version: 1 }))).toEqual({ code: 'VISITOR_CHECKIN_REFUSED', message: '已登记到访' })
    expect(refused(await h.call('visitor', 'cancel', { passId: p.id }))).toEqual({ code: 'VISITOR_PASS_STATE', message: '访客已到访，不能取消预约' })

    // After the window.
    const late = await created(h.call, window(30, 1))
    emu.clock.set(late.end + MIN)
    expect(ok<any>(await g('visitor', 'check', { token: await tokenOfPassDoc(late.id) })).pass.checkIn).toEqual({ ok: false, message: '来访时间已过' })
    expect(refused(await g('visitor', 'checkIn', { passId: late.id, version: 1 }))).toEqual({ code: 'VISITOR_CHECKIN_REFUSED', message: '来访时间已过' })
  })

  it('When the office allows several entries, then an arrived pass is admitted again within its window (再次入场) and the host is told only once', async () => {
    ok(await office()('visitor', 'setSettings', { settings: { ...(await settingsNow()), allowMultipleEntries: true }, address: '北京市海淀区学院路38号 北京大学医学部' }))
    try {
      const h = await host('multi')
      const g = guard()
      const p = await created(h.call, window(0, 2))
      ok(await g('visitor', 'checkIn', { passId: p.id, version: 1 }))
      const again = ok<any>(await g('visitor', 'checkIn', { passId: p.id, version: 1 })).pass
      expect(again).toMatchObject({ status: 'ARRIVED', entries: 2 })
      expect(subscribeOutbox(emu).filter((m) => m.touser === h.openid && m.templateId === 'tmpl-visitor-arrived')).toHaveLength(1)
    } finally {
      ok(await office()('visitor', 'setSettings', { settings: { ...(await settingsNow()), allowMultipleEntries: false }, address: '北京市海淀区学院路38号 北京大学医学部' }))
    }
  })

  it('When a guard types wrong codes, then the tenth wrong one in an hour stops their typing until an hour after the first (the time shown), while scanning still works and other guards are not affected', async () => {
    const h = await host('guessed')
    const g = guard()
    const p = await created(h.call, window(0, 2))
    const claimed = new Set(all('visitor_codes').map((c) => c._id))
    const wrongCodes = Array.from({ length: 1000 }, (_, i) => String(100000 + i)).filter((c) => !claimed.has(c)).slice(0, 12)

    const messages: string[] = []
    for (const c of wrongCodes.slice(0, 4)) messages.push(refused(await g('visitor', 'check', { code: c })).message)
    expect(messages).toEqual(['验证码错误，还可尝试 9 次', '验证码错误，还可尝试 8 次', '验证码错误，还可尝试 7 次', '验证码错误，还可尝试 6 次'])
    // A right code clears nothing.
    ok(await g('visitor', 'check', { code: p.code }))
    expect(refused(await g('visitor', 'check', { code: wrongCodes[4] })).message).toBe('验证码错误，还可尝试 5 次')
    for (const c of wrongCodes.slice(5, 9)) refused(await g('visitor', 'check', { code: c }))
    const locking = refused(await g('visitor', 'check', { code: wrongCodes[9] }))
    expect(locking.code).toBe('VISITOR_CODE_LOCKED')
    expect(locking.message).toMatch(/^验证码错误次数过多，请于 \d\d:\d\d 后再试$/)
    // Even the right code waits now; scanning the QR does not.
    expect(refused(await g('visitor', 'check', { code: p.code })).code).toBe('VISITOR_CODE_LOCKED')
    ok(await g('visitor', 'check', { token: await tokenOf(h.call, p.id) }))
    ok(await guard()('visitor', 'check', { code: p.code }))

    emu.clock.set(emu.clock.now() + 61 * MIN)
    expect(ok<any>(await g('visitor', 'check', { code: p.code })).pass.id).toBe(p.id)
  })

  it('When a guard alternates four random codes with one known live code, then the known code buys no more guesses: typing stops', async () => {
    const h = await host('alternate')
    const g = guard()
    const p = await created(h.call, window(0, 2))
    const claimed = new Set(all('visitor_codes').map((c) => c._id))
    const wrongCodes = Array.from({ length: 1000 }, (_, i) => String(200000 + i)).filter((c) => !claimed.has(c))
    let wrong = 0
    let locked = false
    for (let round = 0; round < 5 && !locked; round++) {
      for (let i = 0; i < 4 && !locked; i++) locked = refused(await g('visitor', 'check', { code: wrongCodes[wrong++] })).code === 'VISITOR_CODE_LOCKED'
      if (!locked) ok(await g('visitor', 'check', { code: p.code }))
    }
    expect(locked).toBe(true)
    expect(wrong).toBe(10)
    expect(refused(await g('visitor', 'check', { code: p.code })).code).toBe('VISITOR_CODE_LOCKED')
  })

  it('When a guard fires many wrong codes at once, then at most 10 are looked up before typing stops', async () => {
    const g = guard()
    const answers = await Promise.all(Array.from({ length: 14 }, (_, i) => g('visitor', 'check', { code: String(900000 + i) })))
    const codes = answers.map((a) => refused(a).code)
    expect(codes.filter((c) => c === 'VISITOR_CODE_WRONG')).toHaveLength(9)
    expect(codes.filter((c) => c === 'VISITOR_CODE_LOCKED')).toHaveLength(5)
  })

  it('When an arrived visitor opens their link after the window, then it says the visit has ended and shows no code', async () => {
    const h = await host('ended')
    const g = guard()
    const p = await created(h.call, window(0, 1))
    const token = await tokenOf(h.call, p.id)
    ok(await g('visitor', 'checkIn', { passId: p.id, version: 1 }))
    expect(ok<any>(await account('v').call('visitor', 'view', { token })).pass).toMatchObject({ code: p.code, status: 'ARRIVED' })
    emu.clock.set(p.end)
    expect(ok<any>(await account('v').call('visitor', 'view', { token }))).toEqual({ notice: '来访已结束，此凭证已失效', pass: null })
  })
})

describe('分享 by SMS', () => {
  it('When the host shares with SMS, then the visitor gets the code with the host and time, counted against the SMS limits: a second at once is refused', async () => {
    const h = await host('sms')
    const p = await created(h.call, { phone: '13612345678' })
    const sent = ok<any>(await h.call('visitor', 'share', { passId: p.id, sms: true }))
    expect(sent.smsSent).toBe(true)
    const [msg] = smsOutbox(emu).filter((m) => m.phone === '+8613612345678')
    expect(msg).toMatchObject({ templateId: '2000005', params: ['王老师', expect.stringMatching(/^12月7日 \d\d:\d\d$/), p.code] })
    expect(all('sms_sends').filter((s) => s.phone === '13612345678')).toEqual([expect.objectContaining({ openid: h.openid, kind: 'visitorPass' })])
    expect(refused(await h.call('visitor', 'share', { passId: p.id, sms: true })).code).toBe('SMS_TOO_FREQUENT')
    expect(smsOutbox(emu).filter((m) => m.phone === '+8613612345678')).toHaveLength(1)
  })
})

describe('分享 by SMS at once', () => {
  it('When a host shares many passes by SMS at once (different phones), then no more are sent than the account’s daily limit', async () => {
    const h = await host('burst')
    const passes = []
    for (let i = 0; i < 18; i++) passes.push(await created(h.call, { phone: `135000000${String(i).padStart(2, '0')}` }))
    const call = as(emu, h.openid, '10.9.9.9')
    const answers = await Promise.all(passes.map((p) => call('visitor', 'share', { passId: p.id, sms: true })))
    // Overlapping shares see each other, so fewer may go out, never more.
    const sent = answers.filter((a) => a.ok).length
    expect(sent).toBeLessThanOrEqual(15)
    expect(all('sms_sends').filter((s) => s.openid === h.openid)).toHaveLength(sent)
    expect(smsOutbox(emu).filter((m) => m.phone.startsWith('+86135000000'))).toHaveLength(sent)
    expect(answers.filter((a) => !a.ok).map((a) => refused(a).code)).toEqual(Array(18 - sent).fill('SMS_CALLER_LIMIT'))
    // A refused share took nothing: one at a time, the rest of the day's quota goes out.
    const refusedPasses = passes.filter((_p, i) => !answers[i].ok)
    for (const p of refusedPasses.slice(0, 15 - sent)) ok(await call('visitor', 'share', { passId: p.id, sms: true }))
    expect(all('sms_sends').filter((s) => s.openid === h.openid)).toHaveLength(15)
  })
})

describe('the sweep', () => {
  it('When a pass’s window ends without the visitor, then the sweep makes it 已过期 and frees its code; the shared link says so', async () => {
    const h = await host('expiring')
    const p = await created(h.call, window(5, 1))
    const token = await tokenOf(h.call, p.id)
    await advanceClock(emu, 67 * MIN)
    expect(passDoc(p.id)).toMatchObject({ status: 'EXPIRED', expiredAt: expect.any(Number) })
    expect(doc('visitor_codes', p.code)).toBeUndefined()
    expect(ok<any>(await h.call('visitor', 'list', {})).passes.find((x: any) => x.id === p.id)).toMatchObject({ statusLabel: '已过期', code: null })
    expect(ok<any>(await account('v').call('visitor', 'view', { token }))).toEqual({ notice: '预约已过期，此凭证已失效', pass: null })
  })
})

describe('at the gate', () => {
  let lot: TestLot
  beforeAll(() => {
    lot = seedTestLot(emu, `vl-${++n}`, 2, '访客测试停车场')
  })

  it('When the visitor’s car reaches the entry lane in the window, then the barrier opens for 访客车辆 without a guard, the pass is 已到访 and the host is told', async () => {
    const h = await host('gate')
    const p = await created(h.call, { ...window(0, 2), plate: '京E44444' })
    const entry = await seen(lot.entry, '京E44444')
    expect(entry.body).toMatchObject({ open: true, reason: 'VISITOR', led: ['京E·44444', '欢迎光临', '访客车辆'] })
    expect(passDoc(p.id)).toMatchObject({ status: 'ARRIVED', entries: [{ by: 'gate', who: `${lot.id}-in` }] })
    expect(all('stays').find((s) => s.plate === '京E44444' && s.status === 'IN')).toBeDefined()
    const told = subscribeOutbox(emu).filter((m) => m.touser === h.openid && m.templateId === 'tmpl-visitor-arrived')
    expect(told).toHaveLength(1)
    // The lot, not the lane.
    expect(told[0].data.thing3.value).toBe('访客测试停车场车辆入场')
  })

  it('When the pass’s window has not begun, or the lot is full, then the pass is not used', async () => {
    const h = await host('gate2')
    const early = await created(h.call, { ...window(180, 1), plate: '京E55555' })
    const r = await seen(lot.entry, '京E55555')
    expect(r.body).toMatchObject({ open: true, reason: 'WELCOME' })
    expect(passDoc(early.id)).toMatchObject({ status: 'BOOKED', entries: [] })

    const now = await created(h.call, { ...window(0, 1), plate: '京E66666' })
    for (let i = 1; i <= 2; i++)
      expect((await deviceRequest(emu, { deviceId: lot.sensor._id, secret: lot.sensor.secret, event: 'spaceChanged', body: { number: `S-${i}`, occupied: true } })).status).toBe(200)
    expect((await seen(lot.entry, '京E66666')).body).toMatchObject({ open: false, reason: 'FULL' })
    expect(passDoc(now.id)).toMatchObject({ status: 'BOOKED', entries: [] })
  })
})

describe('at the gate: which entries use a pass', () => {
  let lot: TestLot
  beforeAll(() => {
    lot = seedTestLot(emu, `vl-${++n}`, 5, '访客测试停车场二')
  })

  it('When the pass’s car enters on its own permit, then the pass is not used and the host is not told', async () => {
    const h = await host('tracker')
    seedDocuments(emu, { permits: [{ _id: `permit-${n}`, lotId: lot.id, plate: '京F77777', holderName: '员工', productId: 'month', validUntil: '2027-12-31' }] })
    const p = await created(h.call, { ...window(0, 2), plate: '京F77777' })
    expect((await seen(lot.entry, '京F77777')).body).toMatchObject({ open: true, reason: 'PERMIT' })
    expect(passDoc(p.id)).toMatchObject({ status: 'BOOKED', entries: [] })
    expect(subscribeOutbox(emu).filter((m) => m.touser === h.openid && m.templateId === 'tmpl-visitor-arrived')).toHaveLength(0)
  })

  it('When the plate has more than 20 past arrived passes, then its current pass still lets it in', async () => {
    const h = await host('regular')
    const t = emu.clock.now()
    const past = Array.from({ length: 25 }, (_, i) => ({
      _id: `vp-past-${n}-${i}`,
      hostId: h.hostId,
      hostName: '王老师',
      hostDepartment: '基础医学院',
      name: '李明',
      phone: '13712345678',
      purpose: '学术交流',
      start: t - (30 - i) * 24 * HOUR,
      end: t - (30 - i) * 24 * HOUR + 2 * HOUR,
      visitors: 1,
      plate: '京F88888',
      status: 'ARRIVED',
      version: 1,
      code: String(300000 + i),
      parkingPayer: 'visitor',
      entries: [{ at: t - (30 - i) * 24 * HOUR, by: 'guard', who: 'o-guard' }],
      arrivedAt: t - (30 - i) * 24 * HOUR,
      cancelledAt: null,
      expiredAt: null,
      createdAt: t - 31 * 24 * HOUR,
      updatedAt: t - 31 * 24 * HOUR,
    }))
    seedDocuments(emu, { visitor_passes: past })
    const p = await created(h.call, { ...window(0, 2), plate: '京F88888' })
    expect((await seen(lot.entry, '京F88888')).body).toMatchObject({ open: true, reason: 'VISITOR' })
    expect(passDoc(p.id)).toMatchObject({ status: 'ARRIVED' })
  })
})

async function settingsNow() {
  return ok<any>(await office()('visitor', 'settings', {})).settings
}

/** A pass's current token, signed as the function signs it (the host's share needs a pass that still works). */
async function tokenOfPassDoc(passId: string): Promise<string> {
  const { signPassToken } = await import('../../cloudfunctions/_shared/visitor-token')
  const saved = process.env.VISITOR_TOKEN_SECRET
  process.env.VISITOR_TOKEN_SECRET = emu.config.functionEnv.VISITOR_TOKEN_SECRET
  try {
    return signPassToken(passId, passDoc(passId).version)
  } finally {
    if (saved === undefined) delete process.env.VISITOR_TOKEN_SECRET
    else process.env.VISITOR_TOKEN_SECRET = saved
  }
}

describe('访客停车 by who pays', () => {
  let lot: TestLot
  const address = '北京市海淀区学院路38号 北京大学医学部'
  const payer = async (parkingPayer: 'free' | 'host' | 'visitor') => ok(await office()('visitor', 'setSettings', { settings: { ...(await settingsNow()), parkingPayer }, address }))
  beforeAll(() => {
    lot = seedTestLot(emu, `vl-${++n}`, 5, '访客测试停车场三')
  })
  afterAll(async () => {
    await payer('visitor')
  })
  const stayOf = (plate: string) => all('stays').find((s) => s.plate === plate && s.status === 'IN')
  /** The test lot's fee (the surface rule) for a stay from `entryAt` to `now`, with the visit's window or without. */
  const feeOf = (entryAt: number, now: number, window: ReturnType<typeof visitWindow>) => parkingFee({ rule: SURFACE_RULE, kind: 'small', entryAt, now, permit: window }).amountFen

  it('When the host pays, then the visitor leaves free within the visit, the stay says so, and the host sees what the visit took off', async () => {
    await payer('host')
    const h = await host('hostpays')
    const p = await created(h.call, { ...window(0, 1), plate: '京G12121' })
    expect(p.parkingPayerLabel).toBe('访客停车：被访人支付')
    expect((await seen(lot.entry, '京G12121')).body).toMatchObject({ open: true, reason: 'VISITOR' })
    const stay = stayOf('京G12121')
    expect(stay).toMatchObject({ visitor: { passId: p.id, payer: 'host', until: p.end } })
    emu.clock.set(emu.clock.now() + 50 * MIN)
    const due = feeOf(stay.entryAt, emu.clock.now(), null)
    expect(due).toBeGreaterThan(0)
    expect((await seen(lot.exit, '京G12121')).body).toMatchObject({ open: true, reason: 'FREE', amountFen: 0 })
    const d = ok<any>(await h.call('visitor', 'detail', { passId: p.id }))
    expect(d.parking).toEqual({ coveredFen: due, text: `访客停车费 ¥${(due / 100).toFixed(2)} 由您承担（访客出场免缴）` })
  })

  it('When the visit is free and the car overstays, then only the time after the window is due at the exit, and the bill names the window', async () => {
    await payer('free')
    const h = await host('freevisit')
    const p = await created(h.call, { ...window(0, 1), plate: '京G34343' })
    expect((await seen(lot.entry, '京G34343')).body).toMatchObject({ open: true, reason: 'VISITOR' })
    const stay = stayOf('京G34343')
    emu.clock.set(emu.clock.now() + 3 * HOUR)
    const full = feeOf(stay.entryAt, emu.clock.now(), null)
    const after = feeOf(stay.entryAt, emu.clock.now(), visitWindow(stay.visitor, stay.entryAt))
    expect(after).toBeGreaterThan(0)
    expect(after).toBeLessThan(full)
    expect((await seen(lot.exit, '京G34343')).body).toMatchObject({ open: false, reason: 'UNPAID', amountFen: after })
    const d = ok<any>(await h.call('visitor', 'detail', { passId: p.id }))
    expect(d.parking).toEqual({ coveredFen: full - after, text: `访客停车费 ¥${((full - after) / 100).toFixed(2)} 已免收` })
  })

  it('When the office switches to 访客自付 after a free pass was given, then the car entering now pays', async () => {
    await payer('free')
    const h = await host('switched')
    const p = await created(h.call, { ...window(0, 1), plate: '京G78787' })
    expect(p.parkingPayerLabel).toBe('访客停车：免费')
    await payer('visitor')
    expect((await seen(lot.entry, '京G78787')).body).toMatchObject({ open: true, reason: 'VISITOR' })
    const stay = stayOf('京G78787')
    expect(stay.visitor).toMatchObject({ passId: p.id, payer: 'visitor' })
    emu.clock.set(emu.clock.now() + 50 * MIN)
    expect((await seen(lot.exit, '京G78787')).body).toMatchObject({ open: false, reason: 'UNPAID', amountFen: feeOf(stay.entryAt, emu.clock.now(), null) })
    expect(ok<any>(await h.call('visitor', 'detail', { passId: p.id })).parking).toBeNull()
  })

  it('When the visitor pays, then the stay is billed like anyone’s and the host sees no parking line', async () => {
    await payer('visitor')
    const h = await host('selfpay')
    const p = await created(h.call, { ...window(0, 1), plate: '京G56565' })
    expect((await seen(lot.entry, '京G56565')).body).toMatchObject({ open: true, reason: 'VISITOR' })
    const stay = stayOf('京G56565')
    emu.clock.set(emu.clock.now() + 50 * MIN)
    expect((await seen(lot.exit, '京G56565')).body).toMatchObject({ open: false, reason: 'UNPAID', amountFen: feeOf(stay.entryAt, emu.clock.now(), null) })
    expect(ok<any>(await h.call('visitor', 'detail', { passId: p.id })).parking).toBeNull()
  })
})
