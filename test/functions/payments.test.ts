// Money as durable intents, through the functions and the payment simulator:
// a lost or unconfirmable payment notice, an unpaid order closed by the
// sweep, refunds whose provider calls fail, forged notices, and staff alerts.
// Time moves with advanceClock, which fires the sweep's timer trigger at each
// minute it passes, as CloudBase would.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server'
import { browse } from '../../emulator/database'
import { payments } from '../../emulator/pay'
import { smsOutbox } from '../../emulator/sms'
import { advanceClock } from '../../emulator/functions/triggers'
import { ok, refused, type Call } from '../support/functions'
import { applyAndPay, applyFor, newPermitDriver, startPermitEmulator, statusOf, type Driver } from '../support/permit-driver'

let emu: Emulator
let reviewer: Call
const NOW = Date.parse('2026-11-23T09:00:00+08:00')
const MINUTE = 60_000

const newDriver = () => newPermitDriver(emu, 'money')
const pay = () => payments(emu)
const charge = (id: string) => browse(emu, 'payments', { limit: 1000 }).find((c: any) => c._id === id) as any
const refundOf = (id: string) => browse(emu, 'refunds', { limit: 1000 }).find((r: any) => r._id === `R${id}`) as any
const providerRefunds = (id: string) => pay().refunds().filter((r) => r.outTradeNo === id)
const refundSms = (d: Driver) => smsOutbox(emu).filter((m) => m.phone === `+86${d.phone}` && m.templateId === '2000004')
const notice = (event: Record<string, unknown>, openid = 'o-forger') => emu.functions.invoke('pay', event, { openid }).then((r) => r.result)

async function rejected(d: Driver) {
  const id = await applyAndPay(emu, d)
  ok(await reviewer('permit', 'reject', { id, reason: '校园一卡通照片不清晰' }))
  return id
}

beforeAll(async () => {
  ;({ emu, reviewer } = await startPermitEmulator())
})
beforeEach(() => {
  emu.clock.set(NOW)
  pay().setAutoRefund(true)
  for (const f of pay().faults()) pay().failNext(f.api, 0)
})
afterAll(async () => {
  await emu?.close()
})

describe('the sweep', () => {
  it('When the clock passes three minutes, then the sweep runs once per minute, on the minute', async () => {
    const firings = (await advanceClock(emu, 3 * MINUTE)).filter((f) => f.function === 'sweep')
    expect(firings.map((f) => f.time - NOW)).toEqual([MINUTE, 2 * MINUTE, 3 * MINUTE])
    expect(firings.every((f) => f.ok)).toBe(true)
    expect(firings[0].answer).toMatchObject({ payments: { failed: 0 } })
  })

  it('When the payment notice is lost, then the sweep confirms the payment with WeChat Pay within minutes', async () => {
    const d = await newDriver()
    const id = await applyFor(d)
    expect(charge(id)).toMatchObject({ status: 'OPEN', domain: 'permit', ref: id, amountFen: 36000, openid: d.openid })
    await pay().settle(id, { deliver: false })
    expect(await statusOf(d, id)).toBe('PENDING_PAYMENT')
    await advanceClock(emu, 2 * MINUTE)
    expect(await statusOf(d, id)).toBe('REVIEWING')
    expect(charge(id)).toMatchObject({ status: 'SETTLED', transactionId: pay().order(id)!.transactionId })
  })

  it('When nobody pays, then the order stays open for 30 minutes, then the sweep closes it and frees the permit', async () => {
    const d = await newDriver()
    const id = await applyFor(d)
    await advanceClock(emu, 29 * MINUTE)
    expect(await statusOf(d, id)).toBe('PENDING_PAYMENT')
    await advanceClock(emu, 2 * MINUTE)
    expect(await statusOf(d, id)).toBe('CANCELLED')
    expect(pay().order(id)!.state).toBe('CLOSED')
    expect(charge(id).status).toBe('VOID')
    expect(ok<any>(await d.call('permit', 'find', { lotId: 'pkuhsc', plate: d.plate })).permits[0].blockedBy).toBeNull()
    expect(await applyFor(d)).not.toBe(id)
  })

  it('When the driver comes back after 30 minutes, before the sweep has run, then the old order is closed then and a new one placed', async () => {
    const d = await newDriver()
    const id = await applyFor(d)
    expect(await applyFor(d)).toBe(id) // within the 30 minutes: the same order again
    emu.clock.advance(31 * MINUTE) // no trigger fires
    const again = await applyFor(d)
    expect(again).not.toBe(id)
    expect(await statusOf(d, id)).toBe('CANCELLED')
    expect(pay().order(id)!.state).toBe('CLOSED')
  })

  it('When the order cannot be placed, then the application is cancelled at once and the permit is free', async () => {
    const d = await newDriver()
    pay().failNext('unifiedOrder', 1, 'http500')
    expect(refused(await d.call('permit', 'apply', { permitId: d.permitId, productId: 'annual', campusCardFileId: 'f', consent: true })).code).toBe('PAY_ORDER_FAILED')
    const [app] = browse(emu, 'applications', { limit: 1000 }).filter((a: any) => a.permitId === d.permitId) as any[]
    expect(app.status).toBe('CANCELLED')
    expect(charge(app._id).status).toBe('VOID')
    await applyFor(d)
  })
})

describe('继续支付 and 取消订单', () => {
  it('When the driver pays a 待支付 application later, then it is the same order and amount; another driver cannot', async () => {
    const d = await newDriver()
    const other = await newDriver()
    const id = await applyFor(d)
    const again = ok<any>(await d.call('permit', 'pay', { id }))
    expect(again).toMatchObject({ applicationId: id, amountFen: 36000 })
    expect(pay().orders().filter((o) => o.outTradeNo === id)).toHaveLength(1)
    expect(refused(await other.call('permit', 'pay', { id })).code).toBe('APPLICATION_NOT_FOUND')
    expect(refused(await other.call('permit', 'cancel', { id })).code).toBe('APPLICATION_NOT_FOUND')
    await pay().settle(id)
    expect(refused(await d.call('permit', 'pay', { id })).message).toBe('该申请无需支付')
  })

  it('When the driver cancels a 待支付 application, then WeChat Pay closes the order first, the application is 已取消 and the permit is free', async () => {
    const d = await newDriver()
    const id = await applyFor(d)
    expect(ok<any>(await d.call('permit', 'cancel', { id })).application.status).toBe('CANCELLED')
    expect(pay().order(id)!.state).toBe('CLOSED')
    expect(charge(id).status).toBe('VOID')
    expect(refused(await d.call('permit', 'pay', { id })).message).toBe('该申请无需支付')
    expect(refused(await d.call('permit', 'cancel', { id })).message).toBe('只有待支付的申请可以取消')
    await applyFor(d)
  })

  it('When the driver cancels just after paying, then the payment wins and the application goes on to review', async () => {
    const d = await newDriver()
    const id = await applyFor(d)
    await pay().settle(id, { deliver: false })
    expect(refused(await d.call('permit', 'cancel', { id })).message).toBe('该订单已支付，无法取消')
    expect(await statusOf(d, id)).toBe('REVIEWING')
  })

  it('When WeChat Pay cannot be reached to close the order, then cancelling says so and the sweep finishes the close', async () => {
    const d = await newDriver()
    const id = await applyFor(d)
    pay().failNext('queryOrder', 1, 'http500')
    expect(refused(await d.call('permit', 'cancel', { id })).message).toBe('暂时无法取消，请稍后重试')
    expect(await statusOf(d, id)).toBe('PENDING_PAYMENT')
    await advanceClock(emu, 3 * MINUTE)
    expect(await statusOf(d, id)).toBe('CANCELLED')
  })

  it('When the order has expired but the sweep has not run, then 继续支付 closes it and says so', async () => {
    const d = await newDriver()
    const id = await applyFor(d)
    emu.clock.advance(31 * MINUTE)
    expect(refused(await d.call('permit', 'pay', { id })).message).toBe('订单已超时关闭，请重新办理')
    expect(await statusOf(d, id)).toBe('CANCELLED')
  })
})

describe('a payment WeChat Pay cannot confirm at once', () => {
  for (const mode of ['business', 'http500'] as const) {
    it(`When queryOrder fails (${mode}) on the only payment notice, then WeChat is asked to retry, and the sweep credits the payment instead of cancelling it`, async () => {
      const d = await newDriver()
      const id = await applyFor(d)
      pay().failNext('queryOrder', 1, mode)
      const delivered = await pay().settle(id)
      expect(delivered.ok).toBe(false)
      expect(JSON.parse(delivered.answer)).toEqual({ errcode: 1, errmsg: 'retry later' })
      expect(await statusOf(d, id)).toBe('PENDING_PAYMENT')
      expect(charge(id)).toMatchObject({ status: 'OPEN', attempts: 1, lastError: expect.stringMatching(mode === 'business' ? /^FAIL/ : /^NETWORK/) })
      // WeChat's retries never come (as if all were lost); the unpaid timeout passes.
      await advanceClock(emu, 31 * MINUTE)
      expect(await statusOf(d, id)).toBe('REVIEWING')
      expect(providerRefunds(id)).toHaveLength(0)
    })
  }
})

describe('refunds that fail on the way', () => {
  it('When a payment lands after the order was closed and the first refund call fails, then the sweep asks again until the money is back', async () => {
    const d = await newDriver()
    const id = await applyFor(d)
    await advanceClock(emu, 31 * MINUTE)
    expect(await statusOf(d, id)).toBe('CANCELLED')
    // closeOrder raced the payer in the simulator: the payment lands anyway.
    pay().putOrder({ ...pay().order(id)!, state: 'NOTPAY' })
    pay().failNext('refund', 1, 'http500')
    expect((await pay().settle(id)).ok).toBe(true)
    expect(await statusOf(d, id)).toBe('REFUNDING')
    expect(refundOf(id)).toMatchObject({ status: 'DUE', attempts: 1, amountFen: 36000 })
    expect(providerRefunds(id)).toHaveLength(0)
    // A re-delivered payment notice changes nothing twice.
    expect((await pay().redeliver(id)).ok).toBe(true)
    // The retry is due two minutes after the failure; the sweep runs on the minute.
    await advanceClock(emu, 3 * MINUTE)
    await expect.poll(() => statusOf(d, id)).toBe('REFUNDED')
    expect(providerRefunds(id)).toMatchObject([{ refundFee: 36000, outRefundNo: `R${id}` }])
    expect(refundOf(id).status).toBe('DONE')
    expect(refundSms(d)).toHaveLength(1)
  })

  it('When 申请退款 meets failing refund calls, then the driver sees 退款中, asking again tries at once, and the sweep finishes it', async () => {
    const d = await newDriver()
    const id = await rejected(d)
    pay().failNext('refund', 2, 'business')
    expect(ok<any>(await d.call('permit', 'requestRefund', { id })).application.status).toBe('REFUNDING')
    expect(refundOf(id)).toMatchObject({ status: 'DUE', attempts: 1 })
    // The permit stays blocked while the refund is owed, with a reason the driver can read.
    expect(refused(await d.call('permit', 'apply', { permitId: d.permitId, productId: 'annual', campusCardFileId: 'f', consent: true })).code).toBe('PERMIT_BLOCKED_REFUND_FIRST')
    expect(ok<any>(await d.call('permit', 'requestRefund', { id })).application.status).toBe('REFUNDING')
    expect(refundOf(id)).toMatchObject({ status: 'DUE', attempts: 2 })
    await advanceClock(emu, 5 * MINUTE)
    await expect.poll(() => statusOf(d, id)).toBe('REFUNDED')
    expect(providerRefunds(id)).toHaveLength(1)
    expect(refundSms(d).map((m) => m.params)).toEqual([[d.plate, '360.00']])
    await applyFor(d)
  })
})

describe('notices prove nothing', () => {
  it('When a refund-success notice is forged, then nothing changes until WeChat Pay confirms the refund, and empty answers are not taken as success', async () => {
    pay().setAutoRefund(false)
    const d = await newDriver()
    const id = await rejected(d)
    ok(await d.call('permit', 'requestRefund', { id }))
    expect(refundOf(id).status).toBe('PROCESSING')
    const forged = await notice({ outTradeNo: id, outRefundNo: `R${id}`, refundStatus: 'SUCCESS', returnCode: 'SUCCESS' })
    expect(forged).toEqual({ errcode: 0, errmsg: 'OK' })
    expect(await statusOf(d, id)).toBe('REFUNDING')
    expect(refundSms(d)).toHaveLength(0)

    // The provider finishes, but its first answer to queryRefund has empty lists: still unknown.
    pay().failNext('queryRefund', 1, 'empty')
    const real = await pay().settleRefund(`R${id}`)
    expect(JSON.parse(real.answer)).toEqual({ errcode: 1, errmsg: 'retry later' })
    expect(await statusOf(d, id)).toBe('REFUNDING')
    expect(refundOf(id)).toMatchObject({ status: 'PROCESSING', attempts: 2, lastError: expect.stringMatching(/^UNKNOWN/) })
    // Polled with backoff: the third look is four minutes after the second.
    await advanceClock(emu, 5 * MINUTE)
    expect(await statusOf(d, id)).toBe('REFUNDED')
    expect(refundSms(d)).toHaveLength(1)
  })

  it('When a payment notice is forged for an unpaid order or names an unknown one, then nothing changes', async () => {
    const d = await newDriver()
    const id = await applyFor(d)
    expect(await notice({ outTradeNo: id, resultCode: 'SUCCESS', totalFee: 36000 })).toEqual({ errcode: 0, errmsg: 'OK' })
    expect(await notice({ outTradeNo: 'P-nobody', resultCode: 'SUCCESS' })).toEqual({ errcode: 0, errmsg: 'OK' })
    expect(await notice({ outTradeNo: { $ne: null } })).toEqual({ errcode: 0, errmsg: 'OK' })
    expect(await statusOf(d, id)).toBe('PENDING_PAYMENT')
    expect(charge(id).status).toBe('OPEN')
  })
})

describe('staff alerts', () => {
  it('When a refund is still not made a day later, then 工作台 lists it, and staff can push a try once WeChat Pay recovers', async () => {
    const d = await newDriver()
    const id = await rejected(d)
    pay().failNext('refund', 100, 'business')
    ok(await d.call('permit', 'requestRefund', { id }))
    expect(ok<any>(await reviewer('pay', 'overdue', {})).items.find((x: any) => x.id === `R${id}`)).toBeUndefined()
    emu.clock.advance(24 * 60 * MINUTE)
    await advanceClock(emu, MINUTE)
    const item = ok<any>(await reviewer('pay', 'overdue', {})).items.find((x: any) => x.id === `R${id}`)
    expect(item).toMatchObject({ kind: 'refund', domain: 'permit', ref: id, amountFen: 36000, status: 'DUE', statusLabel: '待发起', lastError: expect.stringContaining('系统超时') })
    expect(item.attempts).toBeGreaterThanOrEqual(2)
    expect(refused(await d.call('pay', 'overdue', {})).code).toBe('FORBIDDEN')

    pay().failNext('refund', 0)
    expect(ok<any>(await reviewer('pay', 'retry', { kind: 'refund', id: `R${id}` }))).toMatchObject({ failed: false })
    await expect.poll(() => statusOf(d, id)).toBe('REFUNDED')
    expect(ok<any>(await reviewer('pay', 'overdue', {})).items.find((x: any) => x.id === `R${id}`)).toBeUndefined()
  })
})
