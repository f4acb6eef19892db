// 校园一卡通 through the emulator with the card platform simulator (issue 14):
// binding and its 查询密码 lock, nobody reading a card they have not bound,
// 主界面 and 交易明细 by month, 卡挂失, 微信充值 credited exactly once under
// duplicate notices, an outage (and an answer lost) retried by the sweep, an
// uncreditable top-up refunded once, 充值 他人 with the seed's visitor-card
// numbers and the remembered card, bad input writing nothing, and the day's
// reconciliation listing a difference. The property test of random
// operations checking the money after each is card-property.test.ts.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server'
import { browse, seedDocuments } from '../../emulator/database'
import { payments } from '../../emulator/pay'
import { smsOutbox } from '../../emulator/sms'
import { advanceClock } from '../../emulator/functions/triggers'
import { cardPlatform } from '../../emulator/card/simulator'
import { CARD_APP_KEY, CARD_APP_SECRET, GATEWAY_PATH, signOf } from '../../emulator/card/protocol'
import { randomBytes } from 'node:crypto'
import { CARD_SETTINGS, CARD_SCHOOL } from '../../database/seed-card'
import { startTestEmulator } from '../support/emulator'
import { as, ok, refused, type Call } from '../support/functions'
import { at } from '../support/parking'
import { snapshotDatabase } from '../support/samples'
import { shanghai } from '../../src/domain/time'

let emu: Emulator
const NOW = at('2026-12-07 10:00')
const MIN = 60_000
const HOUR = 60 * MIN

const pay = () => payments(emu)
const card = () => cardPlatform(emu)
const all = (name: string) => browse(emu, name, { limit: 5000 }) as any[]
const topupDoc = (id: string) => all('card_topups').find((d) => d._id === id)
const smsTo = (phone: string, templateId: string) => smsOutbox(emu).filter((m) => m.phone === `+86${phone}` && m.templateId === templateId)
const CREDITED_SMS = '2000006'
const REFUNDED_SMS = '2000007'

let n = 0
function account(name: string): { call: Call; openid: string } {
  const openid = `o-card-${name}-${++n}`
  return { call: as(emu, openid), openid }
}
const office = () => as(emu, 'o-card-office')

/** Binds a fresh account to `cardNo` (the simulator's seeded cards; 查询密码 123456 unless told). */
async function holder(cardNo: string, name: string, queryPassword = '123456') {
  const me = account('holder')
  ok(await me.call('card', 'bind', { name, cardNo, queryPassword }))
  return me
}

/** Tops up and answers the order number (a second later than the last: the test clock stands still). */
async function topUp(who: { call: Call }, input: Record<string, unknown>) {
  emu.clock.set(emu.clock.now() + 1000)
  const r = ok<any>(await who.call('card', 'topUp', { consent: true, ...input }))
  expect(r.orderId).toBe(r.topUp.id)
  return r.orderId as string
}

/** A signed request to the platform's gateway as our app, from outside any function. */
async function gateway(method: string, params: Record<string, unknown>) {
  const fields = { app_key: CARD_APP_KEY, biz_content: JSON.stringify(params), method, nonce: randomBytes(16).toString('hex'), timestamp: String(Math.floor(emu.clock.now() / 1000)) }
  const res = await fetch(`${emu.url}${GATEWAY_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...fields, sign: signOf(fields, CARD_APP_SECRET) }) })
  return (await res.json()) as { code: string }
}

/** Every ledger line of ours (our app's serials) on a card. */
const ourTransfers = (cardNo: string) => card().ledger(cardNo).filter((l) => l.kind === 'transfer' && l.channel !== 'alipay')

beforeAll(async () => {
  emu = await startTestEmulator()
  emu.clock.set(NOW)
  pay().setAutoRefund(false)
  seedDocuments(emu, {
    staff: [{ _id: 'staff-card-office', openid: 'o-card-office', name: '钱办公', roles: ['office'], active: true }],
    // An uncreditable top-up is refunded an hour after payment here (3 days in the seed).
    settings: [{ _id: 'card', settings: { ...CARD_SETTINGS, creditDeadlineMinutes: 60 }, updatedAt: NOW }],
  })
})
beforeEach(() => {
  // The platform's books as seeded, dated from the test's clock (the database keeps its own rows).
  card().reset()
})
afterAll(async () => {
  await emu?.close()
})

describe('绑定', () => {
  it('When the name or number is wrong, then it says so in place and counts no try; 5 wrong 查询密码 lock the card with the end shown, for every account, until the lock ends', async () => {
    const me = account('bind')
    expect(refused(await me.call('card', 'bind', { name: '陈静', cardNo: 'SN:12a', queryPassword: '802315' }))).toMatchObject({ code: 'CARD_NUMBER_INVALID', message: '访客卡卡号格式不正确：如卡号为 SN：000999，请输入 999' })
    expect(refused(await me.call('card', 'bind', { name: '陈晶', cardNo: '2023110003', queryPassword: '802315' }))).toMatchObject({ code: 'CARD_HOLDER_MISMATCH', message: '姓名与卡号不匹配，请核对后重新输入' })
    expect(refused(await me.call('card', 'bind', { name: '陈静', cardNo: '2023110003', queryPassword: '12345' })).message).toBe('查询密码为 6 位数字（初始密码为 123456）')
    expect(all('card_attempts').filter((d) => d._id === 'card:2023110003')).toEqual([])
    for (let i = 1; i <= 4; i++) {
      expect(refused(await me.call('card', 'bind', { name: '陈静', cardNo: '2023110003', queryPassword: '123456' }))).toEqual({ code: 'CARD_PASSWORD_WRONG', message: `查询密码不正确，还可尝试 ${5 - i} 次` })
    }
    const locked = refused(await me.call('card', 'bind', { name: '陈静', cardNo: '2023110003', queryPassword: '123456' }))
    expect(locked).toMatchObject({ code: 'CARD_BIND_LOCKED', message: '查询密码错误次数过多，请于 10:30 后再试' })
    // The right password now, from this account or another, is refused unchecked.
    const before = card().requests().length
    const other = account('bind-other')
    expect(refused(await me.call('card', 'bind', { name: '陈静', cardNo: '2023110003', queryPassword: '802315' })).code).toBe('CARD_BIND_LOCKED')
    expect(refused(await other.call('card', 'bind', { name: '陈静', cardNo: '2023110003', queryPassword: '802315' })).code).toBe('CARD_BIND_LOCKED')
    expect(card().requests().filter((r) => r.method === 'card.holder.verify').length - before).toBeLessThanOrEqual(2) // the uncounted name checks only
    expect(ok<any>(await me.call('card', 'mine', {}))).toEqual({ bound: false, card: null })

    emu.clock.set(emu.clock.now() + 31 * MIN)
    const bound = ok<any>(await other.call('card', 'bind', { name: '陈静', cardNo: '2023110003', queryPassword: '802315' }))
    expect(bound).toMatchObject({ bound: true, card: { cardNo: '2023110003', name: '陈静', kind: 'student', kindLabel: '学生卡', school: CARD_SCHOOL } })
    expect(ok<any>(await other.call('card', 'mine', {})).card.cardNo).toBe('2023110003')
    // Binding another card needs unbinding first.
    expect(refused(await other.call('card', 'bind', { name: '张伟', cardNo: '2021110001', queryPassword: '123456' })).code).toBe('CARD_ALREADY_BOUND')
    ok(await other.call('card', 'unbind', {}))
    expect(ok<any>(await other.call('card', 'mine', {}))).toEqual({ bound: false, card: null })
  })

  it('When 10 wrong passwords arrive at once, then at most 5 reach the platform', async () => {
    const me = account('burst')
    await Promise.all(Array.from({ length: 10 }, () => me.call('card', 'bind', { name: '王建国', cardNo: 'T2008001', queryPassword: '000000' })))
    const checked = card().requests().filter((r) => r.method === 'card.holder.verify' && r.code === 'QUERY_PASSWORD_ERROR')
    expect(checked.length).toBeLessThanOrEqual(5)
    expect(refused(await me.call('card', 'bind', { name: '王建国', cardNo: 'T2008001', queryPassword: '123456' })).code).toBe('CARD_BIND_LOCKED')
    emu.clock.set(emu.clock.now() + 31 * MIN)
  })

  it('When an account has bound no card, then it reads none — not 主界面, 交易明细, 卡挂失 nor another holder\'s top-ups', async () => {
    const li = await holder('2022110002', '李娜')
    const orderId = await topUp(li, { card: 'mine', amountFen: 1000 })
    const stranger = account('stranger')
    for (const [action, input] of [['home', {}], ['statements', { month: '2026-12' }], ['reportLost', { queryPassword: '123456' }]] as const) {
      expect(refused(await stranger.call('card', action, input)), action).toEqual({ code: 'CARD_NOT_BOUND', message: '请先绑定校园卡' })
    }
    expect(refused(await stranger.call('card', 'topUpDetail', { id: orderId })).code).toBe('TOPUP_NOT_FOUND')
    expect(ok<any>(await stranger.call('card', 'topUps', {})).topUps).toEqual([])
    expect(refused(await stranger.call('card', 'topUp', { card: 'mine', amountFen: 1000, consent: true })).code).toBe('CARD_NOT_BOUND')
  })
})

describe('主界面, 交易明细 and 卡挂失', () => {
  it('When 李娜 opens her card, then 余额 117.78 with 3.00 待圈存 are the platform\'s, with where to claim; 交易明细 goes month by month', async () => {
    const li = await holder('2022110002', '李娜')
    const home = ok<any>(await li.call('card', 'home', {}))
    expect(home).toMatchObject({ status: 'normal', statusLabel: '正常', balanceFen: 11778, pendingFen: 300, unavailable: null, kiosks: CARD_SETTINGS.kiosks })
    expect(home.kiosks).toEqual(['二号餐厅', '图书馆一楼', '受理中心', '行政中心一楼'])
    expect(home.claimText).toMatch(/POS 机/)
    // Seeded from now: a meal 2 days ago and the Alipay top-up an hour ago in December, a meal 12 days ago in November.
    const dec = ok<any>(await li.call('card', 'statements', { month: '2026-12' }))
    expect(dec).toMatchObject({ month: '2026-12', incomeFen: 300, expenseFen: 600 })
    expect(dec.items.map((i: any) => [i.title, i.amountFen])).toEqual([['支付宝充值', 300], ['消费(校园超市)', -600]])
    const nov = ok<any>(await li.call('card', 'statements', { month: '2026-11' }))
    expect(nov).toMatchObject({ incomeFen: 0, expenseFen: 650 })
    expect(ok<any>(await li.call('card', 'statements', { month: '2025-01' })).items).toEqual([])
    expect(refused(await li.call('card', 'statements', { month: '2026-13' })).code).toBe('BAD_INPUT')
    // The platform down: the page says so instead of numbers.
    card().outage('http503')
    expect(ok<any>(await li.call('card', 'home', {}))).toMatchObject({ balanceFen: null, pendingFen: null, unavailable: '校园卡系统暂时无法访问，请稍后再试' })
    expect(refused(await li.call('card', 'statements', { month: '2026-12' })).code).toBe('CARD_UNAVAILABLE')
    card().outage(false)
  })

  it('When the holder reports the card lost with the 查询密码, then it reads 已挂失, unfreezing is in person, and it takes no top-up', async () => {
    const me = await holder('2021110001', '张伟')
    expect(refused(await me.call('card', 'reportLost', { queryPassword: '654321' }))).toEqual({ code: 'CARD_PASSWORD_WRONG', message: '查询密码不正确，还可尝试 4 次' })
    const lost = ok<any>(await me.call('card', 'reportLost', { queryPassword: '123456' }))
    expect(lost).toMatchObject({ status: 'lost', statusLabel: '已挂失', lostAt: emu.clock.now() })
    expect(lost.notice).toMatch(/解挂请本人携带有效证件到校园卡受理中心办理/)
    expect(card().account('2021110001')!.status).toBe('lost')
    expect(ok<any>(await me.call('card', 'home', {}))).toMatchObject({ status: 'lost', statusLabel: '已挂失' })
    expect(refused(await me.call('card', 'reportLost', { queryPassword: '123456' }))).toMatchObject({ code: 'CARD_REFUSED', message: '该校园卡已挂失，无需重复挂失' })
    const before = snapshotDatabase(emu)
    expect(refused(await me.call('card', 'topUp', { card: 'mine', amountFen: 1000, consent: true }))).toMatchObject({ code: 'CARD_REFUSED', message: expect.stringMatching(/已挂失/) })
    expect(snapshotDatabase(emu)).toBe(before)
  })
})

describe('微信充值', () => {
  it('When a top-up is paid and WeChat Pay repeats its notice while the sweep runs, then the card is credited exactly once, shows 待圈存 at once, one SMS goes out, and a POS swipe makes it 已领取', async () => {
    const me = await holder('T2008001', '王建国')
    const orderId = await topUp(me, { card: 'mine', amountFen: 5000, phone: '13912345678' })
    expect(topupDoc(orderId)).toMatchObject({ status: 'AWAITING_PAYMENT', amountFen: 5000, cardNo: 'T2008001', mine: true })
    expect(pay().order(orderId)).toMatchObject({ totalFee: 5000, body: '校园一卡通充值', state: 'NOTPAY' })
    await pay().settle(orderId, { deliver: false })
    await Promise.all([pay().redeliver(orderId), pay().redeliver(orderId), pay().redeliver(orderId), advanceClock(emu, MIN)])
    await pay().redeliver(orderId)
    expect(topupDoc(orderId)).toMatchObject({ status: 'CREDITED' })
    expect(ourTransfers('T2008001')).toMatchObject([{ serialNo: orderId, amountFen: 5000, pendingDeltaFen: 5000 }])
    expect(card().check('T2008001').ok).toBe(true)
    expect(smsTo('13912345678', CREDITED_SMS)).toMatchObject([{ params: ['8001', '50.00'] }])
    const home = ok<any>(await me.call('card', 'home', {}))
    expect(home).toMatchObject({ balanceFen: 35600, pendingFen: 5000 })
    const detail = ok<any>(await me.call('card', 'topUpDetail', { id: orderId })).topUp
    expect(detail).toMatchObject({ status: 'CREDITED', statusLabel: '待圈存', recordLabel: '交易成功', name: '王建国', phone: '139****5678' })

    expect(card().swipe('T2008001', 1200)).toMatchObject({ ok: true, claimedFen: 5000, balanceFen: 35600 + 5000 - 1200, pendingFen: 0 })
    const listed = ok<any>(await me.call('card', 'topUps', {})).topUps
    expect(listed).toMatchObject([{ id: orderId, status: 'CLAIMED', statusLabel: '已领取', recordLabel: '交易成功' }])
    const month = ok<any>(await me.call('card', 'statements', { month: '2026-12' })).items.map((i: any) => [i.title, i.amountFen])
    expect(month.slice(0, 3)).toEqual([['消费(上海亚惠博海餐饮有限公司)', -1200], ['领取转账金额', 0], ['微信充值', 5000]])
    // Later notices change nothing.
    await pay().redeliver(orderId)
    await advanceClock(emu, 2 * MIN)
    expect(ourTransfers('T2008001')).toHaveLength(1)
    expect(smsTo('13912345678', CREDITED_SMS)).toHaveLength(1)
    expect(topupDoc(orderId).status).toBe('CLAIMED')
  })

  it('When the platform is down at payment, then the top-up waits 待入账 and the sweep credits it once the platform is back; an answer lost after the work is done is found by the retry, not credited twice', async () => {
    const me = await holder('2021110001', '张伟')
    const down = await topUp(me, { card: 'mine', amountFen: 2000, phone: '13812345678' })
    card().outage('http503')
    await pay().settle(down)
    expect(topupDoc(down)).toMatchObject({ status: 'PAID', lastAnswer: { status: 'unavailable' }, attempts: 1 })
    expect(ok<any>(await me.call('card', 'topUpDetail', { id: down })).topUp).toMatchObject({ statusLabel: '待入账', recordLabel: '交易成功' })
    await advanceClock(emu, 3 * MIN)
    expect(topupDoc(down).status).toBe('PAID')
    card().outage(false)
    await advanceClock(emu, 5 * MIN)
    expect(topupDoc(down).status).toBe('CREDITED')
    expect(smsTo('13812345678', CREDITED_SMS)).toHaveLength(1)

    const lost = await topUp(me, { card: 'mine', amountFen: 3000 })
    card().outage('lostAnswer')
    await pay().settle(lost)
    expect(topupDoc(lost).status).toBe('PAID')
    card().outage(false)
    await advanceClock(emu, 2 * MIN)
    expect(topupDoc(lost).status).toBe('CREDITED')
    expect(ourTransfers('2021110001').map((l) => [l.serialNo, l.amountFen])).toEqual([[down, 2000], [lost, 3000]])
    expect(card().account('2021110001')!.pendingFen).toBe(5000)
    expect(card().check('2021110001').ok).toBe(true)

    // No answer at all: the call gives up within the function's time, and the sweep credits it later.
    const silent = await topUp(me, { card: 'mine', amountFen: 1000 })
    card().outage('timeout')
    await pay().settle(silent)
    expect(topupDoc(silent)).toMatchObject({ status: 'PAID', lastAnswer: { status: 'unavailable' } })
    card().outage(false)
    await advanceClock(emu, 5 * MIN)
    expect(topupDoc(silent).status).toBe('CREDITED')
    expect(ourTransfers('2021110001').filter((l) => l.serialNo === silent)).toHaveLength(1)
  }, 30_000)

  it('When the card is closed after the top-up was paid, then it is retried until the deadline and then refunded in full exactly once (a 日结 refusal never gives up)', async () => {
    const payer = await holder('2023110003', '陈静', '802315')
    // A frozen card is refused before any payment.
    expect(refused(await payer.call('card', 'topUp', { card: { school: CARD_SCHOOL, name: '孙丽', cardNo: '2019110005' }, amountFen: 1000, consent: true }))).toMatchObject({
      code: 'CARD_REFUSED',
      message: '该校园卡已冻结，请到校园卡受理中心办理',
    })
    const orderId = await topUp(payer, { card: 'mine', amountFen: 1000, phone: '13712345678' })
    card().setStatus('2023110003', 'closed')
    await pay().settle(orderId)
    expect(topupDoc(orderId)).toMatchObject({ status: 'PAID', lastAnswer: { status: 'refused', code: 'ACCOUNT_CLOSED' } })
    // Before the deadline: still retried, not refunded.
    emu.clock.set(emu.clock.now() + 28 * MIN)
    await advanceClock(emu, 2 * MIN)
    expect(topupDoc(orderId).status).toBe('PAID')
    expect(pay().refunds().filter((r) => r.outTradeNo === orderId)).toEqual([])
    emu.clock.set(emu.clock.now() + 30 * MIN)
    await advanceClock(emu, 2 * MIN)
    expect(topupDoc(orderId)).toMatchObject({ status: 'REFUNDING', refundNo: `R${orderId}` })
    const refunds = pay().refunds().filter((r) => r.outTradeNo === orderId)
    expect(refunds).toMatchObject([{ refundFee: 1000 }])
    await pay().settleRefund(refunds[0].outRefundNo)
    await pay().settleRefund(refunds[0].outRefundNo)
    await advanceClock(emu, 5 * MIN)
    expect(topupDoc(orderId)).toMatchObject({ status: 'REFUNDED' })
    expect(pay().refunds().filter((r) => r.outTradeNo === orderId)).toHaveLength(1)
    expect(smsTo('13712345678', REFUNDED_SMS)).toHaveLength(1)
    expect(ourTransfers('2023110003')).toEqual([])
    expect(ok<any>(await payer.call('card', 'topUpDetail', { id: orderId })).topUp).toMatchObject({ statusLabel: '已退款', recordLabel: '已退款' })

    // 日结 (outside service hours) is no lasting refusal: past the deadline it is still retried, then credited.
    card().setStatus('2023110003', 'normal')
    const later = await topUp(payer, { card: 'mine', amountFen: 1000 })
    // Open one minute twelve hours from now: closed now and for the next hours.
    const opens = emu.clock.now() + 12 * HOUR
    card().configure({ serviceHours: { start: shanghai(opens).format('HH:mm'), end: shanghai(opens + MIN).format('HH:mm') } })
    await pay().settle(later)
    expect(topupDoc(later)).toMatchObject({ status: 'PAID', lastAnswer: { status: 'refused', code: 'OUTSIDE_SERVICE_HOURS' } })
    emu.clock.set(emu.clock.now() + 2 * HOUR)
    await advanceClock(emu, 2 * MIN)
    expect(topupDoc(later)).toMatchObject({ status: 'PAID', lastAnswer: { code: 'OUTSIDE_SERVICE_HOURS' } })
    expect(pay().refunds().filter((r) => r.outTradeNo === later)).toEqual([])
    card().configure({ serviceHours: null })
    await advanceClock(emu, 10 * MIN)
    expect(topupDoc(later).status).toBe('CREDITED')
  })

  it('When a kiosk claims the pending money between two top-ups, then only the earlier reads 已领取 and the later stays 待圈存', async () => {
    const li = await holder('2022110002', '李娜')
    const first = await topUp(li, { card: 'mine', amountFen: 1000 })
    await pay().settle(first)
    expect(card().kioskClaim('2022110002', '123456', '图书馆一楼')).toMatchObject({ ok: true, claimedFen: 1300, pendingFen: 0 })
    const second = await topUp(li, { card: 'mine', amountFen: 2000 })
    await pay().settle(second)
    expect(ok<any>(await li.call('card', 'home', {}))).toMatchObject({ balanceFen: 11778 + 1300, pendingFen: 2000 })
    const listed = ok<any>(await li.call('card', 'topUps', {})).topUps
    expect(listed.map((t: any) => [t.id, t.statusLabel])).toEqual([[second, '待圈存'], [first, '已领取']])
  })

  it('When an unpaid top-up is left, then the sweep closes it 交易关闭 and nothing reaches the card', async () => {
    const me = await holder('2021110001', '张伟')
    const orderId = await topUp(me, { card: 'mine', amountFen: 1000 })
    emu.clock.set(emu.clock.now() + 29 * MIN)
    await advanceClock(emu, 2 * MIN)
    expect(topupDoc(orderId).status).toBe('CLOSED')
    expect(ok<any>(await me.call('card', 'topUps', {})).topUps.find((t: any) => t.id === orderId)).toMatchObject({ statusLabel: '已关闭', recordLabel: '交易关闭' })
    expect(ourTransfers('2021110001').filter((l) => l.serialNo === orderId)).toEqual([])
  })
})

describe('充值 他人', () => {
  it('When a visitor card is typed as on the card (SN：000999 → 999, F000999 kept), then the platform checks name and number before payment; the card is remembered after paying and topped up again by the amount alone', async () => {
    const payer = account('others')
    const school = CARD_SCHOOL
    expect(refused(await payer.call('card', 'topUp', { card: { school, name: '王芳', cardNo: 'F000999' }, amountFen: 10000, consent: true })).code).toBe('CARD_HOLDER_MISMATCH')
    // A mismatch writes only its count against the payer's account (10 an hour).
    expect(all('card_attempts').find((d) => d._id === `check:${payer.openid}`)).toMatchObject({ attempts: { wrongTries: 1 } })
    const before = snapshotDatabase(emu)
    expect(refused(await payer.call('card', 'topUp', { card: { school, name: '王芳', cardNo: 'SN：00０a' }, amountFen: 10000, consent: true })).code).toBe('CARD_NUMBER_INVALID')
    expect(refused(await payer.call('card', 'topUp', { card: { school: '哈尔滨理工大学(荣成)', name: '王芳', cardNo: '999' }, amountFen: 10000, consent: true })).code).toBe('CARD_SCHOOL_UNSUPPORTED')
    expect(snapshotDatabase(emu)).toBe(before)

    const first = await topUp(payer, { card: { school, name: '王芳', cardNo: 'SN：000999' }, amountFen: 10000 })
    expect(topupDoc(first)).toMatchObject({ cardNo: '999', holderName: '王芳', kind: 'visitor', mine: false })
    expect(ok<any>(await payer.call('card', 'cards', {})).cards).toEqual([]) // remembered only once paid
    await pay().settle(first)
    expect(card().account('999')).toMatchObject({ balanceFen: 5000, pendingFen: 10000 })
    const { cards } = ok<any>(await payer.call('card', 'cards', {}))
    expect(cards).toMatchObject([{ school, name: '王*', cardNo: '999', kindLabel: '访客卡' }])
    const again = await topUp(payer, { card: { cardId: cards[0].id }, amountFen: 2000 })
    await pay().settle(again)
    expect(card().account('999')!.pendingFen).toBe(12000)

    const f = await topUp(payer, { card: { school, name: '李强', cardNo: 'f000999' }, amountFen: 1000 })
    await pay().settle(f)
    expect(card().account('F000999')!.pendingFen).toBe(1000)
    const listed = ok<any>(await payer.call('card', 'topUps', {})).topUps
    expect(listed.map((t: any) => [t.cardNo, t.name, t.amountFen, t.recordLabel])).toEqual([
      ['F000999', '李*', 1000, '交易成功'],
      ['999', '王*', 2000, '交易成功'],
      ['999', '王*', 10000, '交易成功'],
    ])
    // Someone else's remembered card is not this payer's to use.
    expect(refused(await account('x').call('card', 'topUp', { card: { cardId: cards[0].id }, amountFen: 1000, consent: true })).code).toBe('CARD_NOT_REMEMBERED')
    ok(await payer.call('card', 'forgetCard', { cardId: cards[0].id }))
    expect(ok<any>(await payer.call('card', 'cards', {})).cards.map((c: any) => c.cardNo)).toEqual(['F000999'])
  })

  it('When the input is bad, then it is refused in Chinese and nothing is written — no top-up, no order', async () => {
    const me = await holder('2021110001', '张伟')
    const before = snapshotDatabase(emu)
    const orders = pay().orders().length
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ card: 'mine', amountFen: 5050, consent: true }, 'CARD_AMOUNT_INVALID', /整数元/],
      [{ card: 'mine', amountFen: 60000, consent: true }, 'CARD_AMOUNT_INVALID', /不能超过 500 元/],
      [{ card: 'mine', amountFen: 1000, consent: false }, 'BAD_INPUT', /用户服务协议/],
      [{ card: 'mine', amountFen: 1000, consent: true, phone: '12345' }, 'BAD_INPUT', /手机号/],
      [{ card: 'theirs', amountFen: 1000, consent: true }, 'BAD_INPUT', /./],
      [{ card: { school: CARD_SCHOOL, name: '', cardNo: '999' }, amountFen: 1000, consent: true }, 'CARD_NAME_INVALID', /持卡人姓名/],
    ]
    for (const [input, code, message] of cases) {
      const e = refused(await me.call('card', 'topUp', input))
      expect(e.code, JSON.stringify(input)).toBe(code)
      expect(e.message).toMatch(message)
    }
    expect(refused(await me.call('card', 'bind', { name: '张伟', cardNo: '', queryPassword: '123456' })).code).toBe('CARD_NUMBER_INVALID')
    expect(snapshotDatabase(emu)).toBe(before)
    expect(pay().orders()).toHaveLength(orders)
  })
})

describe('对账', () => {
  it('When one paid top-up is credited and another is not, then the day\'s reconciliation matches one and lists the other as a difference', async () => {
    const day = new Date(emu.clock.now() + 8 * 3600_000).toISOString().slice(0, 10)
    const before = ok<any>(await office()('card', 'reconciliation', { day }))
    const me = await holder('2022110002', '李娜')
    const good = await topUp(me, { card: 'mine', amountFen: 1000 })
    await pay().settle(good)
    const stuck = await topUp(me, { card: 'mine', amountFen: 2000 })
    card().outage('http503')
    await pay().settle(stuck)
    card().outage(false)
    const r = ok<any>(await office()('card', 'reconciliation', { day }))
    expect(r.matched).toBe(before.matched + 1)
    expect(r.paid.count).toBe(before.paid.count + 2)
    expect(r.differences.filter((d: any) => d.serialNo === stuck)).toMatchObject([{ kind: 'notCredited', label: '已支付，校园卡系统无此转账', paidFen: 2000, creditedFen: 0, statusLabel: '待入账' }])
    expect(r.differences.some((d: any) => d.serialNo === good)).toBe(false)
    expect(refused(await me.call('card', 'reconciliation', { day })).code).toBe('FORBIDDEN')
    // Once the sweep credits it, the difference is gone.
    await advanceClock(emu, 2 * MIN)
    const after = ok<any>(await office()('card', 'reconciliation', { day }))
    expect(after.differences.some((d: any) => d.serialNo === stuck)).toBe(false)
    expect(after.matched).toBe(r.matched + 1)

    // A transfer under our app that no paid top-up explains (say, a script run by hand) is listed too.
    const stray = await gateway('card.transfer.create', { cardNo: '2022110002', amountFen: 700, serialNo: 'CSTRAY0001' })
    expect(stray.code).toBe('SUCCESS')
    const withStray = ok<any>(await office()('card', 'reconciliation', { day }))
    expect(withStray.differences.filter((d: any) => d.serialNo === 'CSTRAY0001')).toEqual([
      expect.objectContaining({ kind: 'noPayment', label: '校园卡系统有转账，无对应的已支付订单', cardNo: '2022110002', paidFen: 0, creditedFen: 700, status: null }),
    ])
    expect(withStray.credited.totalFen).toBe(after.credited.totalFen + 700)
  })
})

describe('review findings', () => {
  const reviewer = () => as(emu, 'o-card-reviewer')
  beforeAll(() => {
    seedDocuments(emu, { staff: [{ _id: 'staff-card-reviewer', openid: 'o-card-reviewer', name: '孙审核', roles: ['reviewer'], active: true }] })
  })
  const dayOf = (ms: number) => shanghai(ms).format('YYYY-MM-DD')

  it('When someone binds a card another account holds, with its 查询密码, then it is taken over: the other binding is gone (audited) and reads CARD_NOT_BOUND; two binds at once leave one binding', async () => {
    const first = await holder('T2008001', '王建国')
    const second = await holder('T2008001', '王建国')
    expect(ok<any>(await second.call('card', 'mine', {})).card.cardNo).toBe('T2008001')
    expect(ok<any>(await first.call('card', 'mine', {}))).toEqual({ bound: false, card: null })
    for (const [action, input] of [['home', {}], ['statements', { month: '2026-12' }], ['reportLost', { queryPassword: '123456' }]] as const) {
      expect(refused(await first.call('card', action, input)).code, action).toBe('CARD_NOT_BOUND')
    }
    expect(all('audit_log').filter((a) => a.action === 'card.evict' && a.target === `T2008001:${first.openid}`)).toMatchObject([{ by: second.openid }])
    // The evicted holder binding again takes it back.
    ok(await first.call('card', 'bind', { name: '王建国', cardNo: 'T2008001', queryPassword: '123456' }))
    expect(ok<any>(await second.call('card', 'mine', {})).bound).toBe(false)

    const racers = [account('race'), account('race'), account('race'), account('race')]
    await Promise.all(racers.map((r) => r.call('card', 'bind', { name: '王建国', cardNo: 'T2008001', queryPassword: '123456' })))
    const bound = all('card_bindings').filter((b) => b.cardNo === 'T2008001')
    expect(bound).toHaveLength(1)
    const mine = await Promise.all([first, ...racers].map(async (r) => ok<any>(await r.call('card', 'mine', {})).bound))
    expect(mine.filter(Boolean)).toHaveLength(1)
  })

  it('When a stranger fails 5 binds of a card, then its bound holder can still report it lost (卡挂失 is limited per account and card)', async () => {
    const me = await holder('2023110003', '陈静', '802315')
    const stranger = account('stranger-lost')
    for (let i = 0; i < 5; i++) await stranger.call('card', 'bind', { name: '陈静', cardNo: '2023110003', queryPassword: '123456' })
    expect(refused(await stranger.call('card', 'bind', { name: '陈静', cardNo: '2023110003', queryPassword: '802315' })).code).toBe('CARD_BIND_LOCKED')
    expect(ok<any>(await me.call('card', 'reportLost', { queryPassword: '802315' }))).toMatchObject({ status: 'lost' })
    emu.clock.set(emu.clock.now() + 31 * MIN) // the card's lock ends for the tests after
  })

  it('When an account binds its own card between wrong passwords for others, then its count goes on: the fifth wrong try locks it', async () => {
    const me = account('alternate')
    for (let i = 0; i < 4; i++) expect(refused(await me.call('card', 'bind', { name: '李强', cardNo: 'F000999', queryPassword: '000000' })).code).toBe('CARD_PASSWORD_WRONG')
    ok(await me.call('card', 'bind', { name: '王芳', cardNo: '999', queryPassword: '123456' }))
    ok(await me.call('card', 'unbind', {}))
    expect(refused(await me.call('card', 'bind', { name: '赵敏', cardNo: 'T2015023', queryPassword: '000000' }))).toMatchObject({ code: 'CARD_BIND_LOCKED', message: expect.stringMatching(/^查询密码错误次数过多，请于 .+ 后再试$/) })
    emu.clock.set(emu.clock.now() + 31 * MIN)
  })

  it('When an account tries 10 names and numbers that do not match within an hour, then the next check is refused without asking the platform, binding included, until the hour is over', async () => {
    const me = account('walker')
    for (let i = 0; i < 10; i++) {
      const r = refused(await me.call('card', 'topUp', { card: { school: CARD_SCHOOL, name: `王${'一二三四五六七八九十'[i]}`, cardNo: '999' }, amountFen: 1000, consent: true }))
      expect(r.code).toBe('CARD_HOLDER_MISMATCH')
    }
    const asked = card().requests().filter((r) => r.method === 'card.holder.verify').length
    expect(refused(await me.call('card', 'topUp', { card: { school: CARD_SCHOOL, name: '王芳', cardNo: '999' }, amountFen: 1000, consent: true }))).toMatchObject({
      code: 'CARD_CHECK_LOCKED',
      message: expect.stringMatching(/^姓名与卡号核对失败次数过多，请于 .+ 后再试$/),
    })
    expect(refused(await me.call('card', 'bind', { name: '王芳', cardNo: '999', queryPassword: '123456' })).code).toBe('CARD_CHECK_LOCKED')
    expect(card().requests().filter((r) => r.method === 'card.holder.verify').length).toBe(asked)
    // Another account is not affected.
    expect(refused(await account('walker-other').call('card', 'topUp', { card: { school: CARD_SCHOOL, name: '王一', cardNo: '999' }, amountFen: 1000, consent: true })).code).toBe('CARD_HOLDER_MISMATCH')
    emu.clock.set(emu.clock.now() + 61 * MIN)
    ok(await me.call('card', 'bind', { name: '王芳', cardNo: '999', queryPassword: '123456' }))
  })

  it('When the card\'s daily limit refuses a paid top-up, then it waits 待入账 past the deadline (the limit clears the next day) and is credited, never refunded', async () => {
    const me = await holder('2022110002', '李娜')
    card().configure({ dailyLimitFen: 1000 })
    const orderId = await topUp(me, { card: 'mine', amountFen: 2000 })
    await pay().settle(orderId)
    expect(topupDoc(orderId)).toMatchObject({ status: 'PAID', lastAnswer: { status: 'refused', code: 'DAILY_LIMIT_EXCEEDED' } })
    emu.clock.set(emu.clock.now() + 61 * MIN)
    await advanceClock(emu, 2 * MIN)
    expect(topupDoc(orderId)).toMatchObject({ status: 'PAID', lastAnswer: { code: 'DAILY_LIMIT_EXCEEDED' } })
    expect(pay().refunds().filter((r) => r.outTradeNo === orderId)).toEqual([])
    card().configure({ dailyLimitFen: 1_000_000 })
    emu.clock.set(emu.clock.now() + 61 * MIN)
    await advanceClock(emu, 2 * MIN)
    expect(topupDoc(orderId).status).toBe('CREDITED')
  })

  it('When a notice\'s transfer is still in flight, then the sweep does not transfer the same top-up again (the step that claims it holds it)', async () => {
    const me = await holder('2022110002', '李娜')
    const orderId = await topUp(me, { card: 'mine', amountFen: 1000 })
    card().outage('timeout', 2000)
    // The gateway's log keeps its last 300 lines: count this test's only (topUp moved the clock past every earlier line).
    const since = emu.clock.now()
    const outages = () => card().requests().filter((r) => r.code === 'OUTAGE' && r.at >= since).length
    const before = outages()
    const settling = pay().settle(orderId)
    for (let i = 0; i < 200 && outages() === before; i++) await new Promise((r) => setTimeout(r, 10))
    expect(outages()).toBe(before + 1) // the notice's transfer hangs
    const sweepAt = (Math.floor(emu.clock.now() / MIN) + 1) * MIN // the every-minute trigger's next firing
    const otherDue = all('card_topups').filter((t) => t._id !== orderId && t.status === 'PAID' && t.nextAt <= sweepAt).length
    await advanceClock(emu, MIN)
    await settling
    expect(outages()).toBe(before + 1 + otherDue)
    expect(topupDoc(orderId)).toMatchObject({ status: 'PAID', lastAnswer: { status: 'unavailable' }, attempts: 1 })
    card().outage(false)
    await advanceClock(emu, 3 * MIN)
    expect(topupDoc(orderId).status).toBe('CREDITED')
    expect(ourTransfers('2022110002').filter((l) => l.serialNo === orderId)).toHaveLength(1)
  }, 30_000)

  it('When the platform holds our serial for another card or amount, then the top-up is neither credited nor refunded past the deadline: it stays 待入账 and is listed in 支付异常', async () => {
    const payer = account('conflict')
    const orderId = await topUp(payer, { card: { school: CARD_SCHOOL, name: '李强', cardNo: 'F000999' }, amountFen: 1000 })
    // Someone else's transfer under our serial, to another card.
    expect((await gateway('card.transfer.create', { cardNo: '999', amountFen: 700, serialNo: orderId })).code).toBe('SUCCESS')
    await pay().settle(orderId)
    expect(topupDoc(orderId)).toMatchObject({ status: 'PAID', lastAnswer: { status: 'refused', code: 'SERIAL_CONFLICT' } })
    emu.clock.set(emu.clock.now() + 61 * MIN)
    await advanceClock(emu, 2 * MIN)
    expect(topupDoc(orderId)).toMatchObject({ status: 'PAID', lastError: expect.stringMatching(/流水号冲突/) })
    expect(pay().refunds().filter((r) => r.outTradeNo === orderId)).toEqual([])
    expect(ourTransfers('F000999').filter((l) => l.serialNo === orderId)).toEqual([])
    const alerts = ok<any>(await reviewer()('pay', 'overdue', {})).items.filter((x: any) => x.id === orderId)
    expect(alerts).toMatchObject([{ kind: 'charge', domain: 'card', ref: orderId, amountFen: 1000, status: 'PAID', statusLabel: '已支付待入账', lastError: expect.stringMatching(/流水号冲突/) }])
  })

  it('When a paid top-up is still 待入账 past the deadline because the platform was down, then 支付异常 lists it and 立即重试 credits it once the platform is back', async () => {
    const payer = account('stuck')
    const orderId = await topUp(payer, { card: { school: CARD_SCHOOL, name: '李强', cardNo: 'F000999' }, amountFen: 2000 })
    card().outage(true)
    await pay().settle(orderId)
    expect(topupDoc(orderId)).toMatchObject({ status: 'PAID', lastAnswer: { status: 'unavailable' } })
    emu.clock.set(emu.clock.now() + 61 * MIN)
    const listed = ok<any>(await reviewer()('pay', 'overdue', {})).items.filter((x: any) => x.id === orderId)
    expect(listed).toMatchObject([{ kind: 'charge', domain: 'card', status: 'PAID', statusLabel: '已支付待入账' }])
    // Still down: the retry answers failed and the top-up waits.
    expect(ok<any>(await reviewer()('pay', 'retry', { kind: 'charge', id: orderId }))).toEqual({ status: 'PAID', failed: true })
    card().outage(false)
    expect(ok<any>(await reviewer()('pay', 'retry', { kind: 'charge', id: orderId }))).toEqual({ status: 'SETTLED', failed: false })
    expect(topupDoc(orderId).status).toBe('CREDITED')
    expect(ourTransfers('F000999').filter((l) => l.serialNo === orderId)).toHaveLength(1)
    expect(ok<any>(await reviewer()('pay', 'overdue', {})).items.filter((x: any) => x.id === orderId)).toEqual([])
  })

  it('When the platform holds the transfer of a top-up already refunded, then the reconciliation lists it as 已入账又已退款, not matched', async () => {
    const payer = account('twice')
    const orderId = await topUp(payer, { card: { school: CARD_SCHOOL, name: '赵敏', cardNo: 'T2015023' }, amountFen: 1000 })
    card().setStatus('T2015023', 'closed')
    await pay().settle(orderId)
    emu.clock.set(emu.clock.now() + 61 * MIN)
    await advanceClock(emu, 2 * MIN)
    expect(topupDoc(orderId).status).toBe('REFUNDING')
    // A transfer that landed after all (a step whose lease ran out, say).
    card().setStatus('T2015023', 'normal')
    expect((await gateway('card.transfer.create', { cardNo: 'T2015023', amountFen: 1000, serialNo: orderId })).code).toBe('SUCCESS')
    const r = ok<any>(await office()('card', 'reconciliation', { day: dayOf(emu.clock.now()) }))
    expect(r.differences.filter((d: any) => d.serialNo === orderId)).toMatchObject([{ kind: 'creditedAndRefunded', label: '已入账又已退款', paidFen: 1000, creditedFen: 1000, status: 'REFUNDING' }])
  })
})
