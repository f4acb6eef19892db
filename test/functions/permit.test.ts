// Permit renewal end to end through the functions: phone, quote, apply,
// WeChat Pay (the simulator calls the pay function as WeChat Pay would), review,
// the SMS results, and the refund after a rejection.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server'
import { browse } from '../../emulator/database'
import { payments } from '../../emulator/pay'
import { smsOutbox } from '../../emulator/sms'
import { as, ok, refused, type Call } from '../support/functions'
import { applyAndPay as payAndApply, newPermitDriver, startPermitEmulator, statusOf as statusOfApplication, type Driver } from '../support/permit-driver'

let emu: Emulator
let reviewer: Call
const NOW = Date.parse('2026-11-23T09:00:00+08:00')

const newDriver = () => newPermitDriver(emu, 'permit')
const applyAndPay = (d: Driver) => payAndApply(emu, d)
const statusOf = (d: Driver, id: string) => statusOfApplication(d, id)
const smsTo = (phone: string, template: string) => smsOutbox(emu).filter((m) => m.phone === `+86${phone}` && m.templateId === template)

beforeAll(async () => {
  ;({ emu, reviewer } = await startPermitEmulator())
})
beforeEach(() => emu.clock.set(NOW))
afterAll(async () => {
  await emu?.close()
})

describe('permit renewal', () => {
  it('When the phone is not verified, then no quote is given', async () => {
    const call = as(emu, 'o-unverified')
    expect(refused(await call('permit', 'quote', { permitId: 'x', productId: 'annual' }))).toMatchObject({ code: 'PHONE_NOT_VERIFIED', message: '请先验证车主手机号' })
  })

  it("When a driver looks up a plate, then the lot's permit shows, and the quote continues it at the server's price", async () => {
    const d = await newDriver()
    const { permits } = ok<any>(await d.call('permit', 'find', { lotId: 'pkuhsc', plate: d.plate.toLowerCase() }))
    expect(permits).toEqual([
      { id: d.permitId, plate: d.plate, productName: '北京大学医学部通行证', validUntil: '2026-12-31', blockedBy: null, renewal: { open: true, opensOn: '2026-11-01' } },
    ])
    const q = ok<any>(await d.call('permit', 'quote', { permitId: d.permitId, productId: 'annual' }))
    expect(q).toMatchObject({ period: { start: '2027-01-01', end: '2027-12-31' }, amountFen: 36000, requiresCampusCard: true })
    expect(q.maskedPhone).toBe(`${d.phone.slice(0, 3)}****${d.phone.slice(7)}`)
  })

  it('When the consent is not accepted or the campus card is missing, then the application is refused and nothing is written', async () => {
    const d = await newDriver()
    const before = browse(emu, 'applications', { limit: 1000 }).length
    expect(refused(await d.call('permit', 'apply', { permitId: d.permitId, productId: 'annual', campusCardFileId: 'f', consent: false })).message).toBe('请阅读并同意线上办证知情同意书')
    expect(refused(await d.call('permit', 'apply', { permitId: d.permitId, productId: 'annual', consent: true })).code).toBe('CAMPUS_CARD_REQUIRED')
    expect(browse(emu, 'applications', { limit: 1000 })).toHaveLength(before)
  })

  it('When the driver pays, then the application is 审核中; a duplicate notice changes nothing', async () => {
    const d = await newDriver()
    const id = await applyAndPay(d)
    expect(payments(emu).order(id)).toMatchObject({ totalFee: 36000, payer: expect.stringMatching(/^o-permit-/) })
    expect(await statusOf(d, id)).toBe('REVIEWING')
    await payments(emu).redeliver(id)
    expect(await statusOf(d, id)).toBe('REVIEWING')
    expect(payments(emu).deliveries(id).every((x) => x.ok)).toBe(true)
  })

  it('When the reviewer approves, then the permit is extended once, the approval SMS goes out and the action is audited', async () => {
    const d = await newDriver()
    const id = await applyAndPay(d)
    const { items } = ok<any>(await reviewer('permit', 'queue', {}))
    expect(items.find((x: any) => x.id === id)).toMatchObject({ plate: d.plate, status: 'REVIEWING', campusCardUrl: null })
    expect(ok<any>(await reviewer('permit', 'pending', {})).count).toBe(items.length)
    expect(ok<any>(await reviewer('permit', 'approve', { id })).application.status).toBe('APPROVED')
    expect(ok<any>(await reviewer('permit', 'pending', {})).count).toBe(items.length - 1)
    expect(refused(await reviewer('permit', 'approve', { id })).code).toBe('APPLICATION_STATE')
    expect(browse(emu, 'permits', { limit: 1000 }).find((p: any) => p._id === d.permitId)).toMatchObject({ validUntil: '2027-12-31', activeApplication: '' })
    expect(smsTo(d.phone, '2000002')[0].params).toEqual([d.plate, '2027.01.01至2027.12.31'])
    expect(browse(emu, 'audit_log', { limit: 1000 }).filter((a: any) => a.target === id)).toMatchObject([{ action: 'approve', by: 'o-reviewer' }])
  })

  it('When a renewal was approved, then the permit cannot be paid for again until its renewal window opens', async () => {
    const d = await newDriver()
    const id = await applyAndPay(d)
    ok(await reviewer('permit', 'approve', { id }))
    const reason = '车证有效期至2027.12.31，2027.11.01起可续费'
    expect(refused(await d.call('permit', 'apply', { permitId: d.permitId, productId: 'annual', campusCardFileId: 'f', consent: true }))).toMatchObject({ code: 'PERMIT_NOT_DUE', message: reason })
    expect(refused(await d.call('permit', 'quote', { permitId: d.permitId, productId: 'annual' }))).toMatchObject({ code: 'PERMIT_NOT_DUE', message: reason })
    expect(ok<any>(await d.call('permit', 'find', { lotId: 'pkuhsc', plate: d.plate })).permits[0]).toMatchObject({ validUntil: '2027-12-31', blockedBy: null, renewal: { open: false, opensOn: '2027-11-01' } })
    expect(ok<any>(await d.call('permit', 'mine', {})).applications).toHaveLength(1)
    // On the day the window opens, the next year can be renewed.
    emu.clock.set(Date.parse('2027-11-01T00:00:00+08:00'))
    ok(await d.call('phone', 'sendCode', { phone: d.phone })) // a phone is remembered for 180 days
    ok(await d.call('phone', 'verify', { phone: d.phone, code: smsTo(d.phone, '2000001')[0].params[0] })) // newest first
    expect(ok<any>(await d.call('permit', 'quote', { permitId: d.permitId, productId: 'annual' })).period).toEqual({ start: '2028-01-01', end: '2028-12-31' })
  })

  it('When a driver has not paid yet, then 我的车证 says until when the order can be paid, and WeChat Pay shows the plate as the app writes it', async () => {
    const d = await newDriver()
    const order = ok<any>(await d.call('permit', 'apply', { permitId: d.permitId, productId: 'annual', campusCardFileId: 'f', consent: true }))
    const shown = `${d.plate.slice(0, 2)}·${d.plate.slice(2)}`
    expect(order.description).toBe(`北京大学医学部车证续费 ${shown}`)
    expect(payments(emu).order(order.applicationId)).toMatchObject({ body: `北京大学医学部车证续费 ${shown}` })
    const [pending] = ok<any>(await d.call('permit', 'mine', {})).applications
    // 30 minutes after the order was placed (the function's clock runs on from NOW by the milliseconds the calls take).
    expect(pending).toMatchObject({ id: order.applicationId, status: 'PENDING_PAYMENT', payBefore: expect.closeTo(NOW + 30 * 60_000, -4) })
    expect(pending.payBefore).toBeGreaterThanOrEqual(NOW + 30 * 60_000)
    expect(ok<any>(await d.call('permit', 'detail', { id: order.applicationId })).application.payBefore).toBe(pending.payBefore)
    await payments(emu).settle(order.applicationId)
    expect(ok<any>(await d.call('permit', 'detail', { id: order.applicationId })).application).toMatchObject({ status: 'REVIEWING', payBefore: null })
  })

  it('When the reviewer rejects, then 审核失败 with the reason, paying again is blocked until the refund is done, and the refund is exactly what was paid', async () => {
    const d = await newDriver()
    const id = await applyAndPay(d)
    ok(await reviewer('permit', 'reject', { id, reason: '校园一卡通照片不清晰' }))
    const rejected = ok<any>(await d.call('permit', 'detail', { id })).application
    expect(rejected).toMatchObject({ status: 'REJECTED', rejectReason: '校园一卡通照片不清晰' })
    expect(smsTo(d.phone, '2000003')[0].params).toEqual([d.plate, '校园一卡通照片不清晰'])

    expect(refused(await d.call('permit', 'apply', { permitId: d.permitId, productId: 'annual', campusCardFileId: 'f', consent: true }))).toMatchObject({
      code: 'PERMIT_BLOCKED_REFUND_FIRST',
      message: '该车证审核失败后尚未退款，请先申请退款后再续费',
    })
    expect(ok<any>(await d.call('permit', 'find', { lotId: 'pkuhsc', plate: d.plate })).permits[0].blockedBy).toEqual({ applicationId: id, status: 'REJECTED' })

    ok(await d.call('permit', 'requestRefund', { id }))
    await expect.poll(() => statusOf(d, id)).toBe('REFUNDED')
    const refunds = payments(emu).refunds().filter((r) => r.outTradeNo === id)
    expect(refunds).toMatchObject([{ refundFee: 36000, outRefundNo: `R${id}` }])
    await expect.poll(() => smsTo(d.phone, '2000004').map((m) => m.params)).toEqual([[d.plate, '360.00']])
    expect(refused(await d.call('permit', 'requestRefund', { id })).code).toBe('APPLICATION_STATE')
    // Refunded: the permit can be renewed again.
    ok(await d.call('permit', 'apply', { permitId: d.permitId, productId: 'annual', campusCardFileId: 'f', consent: true }))
  })

  it('When a driver calls staff actions, reads another driver’s application or refunds an approved one, then it is refused', async () => {
    const a = await newDriver()
    const b = await newDriver()
    const id = await applyAndPay(a)
    expect(refused(await a.call('permit', 'queue', {})).code).toBe('FORBIDDEN')
    expect(refused(await a.call('permit', 'pending', {})).code).toBe('FORBIDDEN')
    expect(refused(await a.call('permit', 'approve', { id })).code).toBe('FORBIDDEN')
    expect(refused(await b.call('permit', 'detail', { id })).code).toBe('APPLICATION_NOT_FOUND')
    ok(await reviewer('permit', 'approve', { id }))
    expect(refused(await a.call('permit', 'requestRefund', { id })).code).toBe('APPLICATION_STATE')
    expect(payments(emu).refunds().filter((r) => r.outTradeNo === id)).toHaveLength(0)
  })

  it('When a payment notice is forged for an unpaid order, then nothing changes', async () => {
    const d = await newDriver()
    const { applicationId } = ok<any>(await d.call('permit', 'apply', { permitId: d.permitId, productId: 'annual', campusCardFileId: 'f', consent: true }))
    const { result } = await emu.functions.invoke('pay', { outTradeNo: applicationId, resultCode: 'SUCCESS', totalFee: 36000 }, { openid: 'o-forger' })
    expect(result).toEqual({ errcode: 0, errmsg: 'OK' })
    expect(await statusOf(d, applicationId)).toBe('PENDING_PAYMENT')
  })

  it('When the notice comes late, then the application moves only when it arrives', async () => {
    const d = await newDriver()
    const { applicationId } = ok<any>(await d.call('permit', 'apply', { permitId: d.permitId, productId: 'annual', campusCardFileId: 'f', consent: true }))
    await payments(emu).settle(applicationId, { deliver: false })
    expect(await statusOf(d, applicationId)).toBe('PENDING_PAYMENT')
    await payments(emu).redeliver(applicationId)
    expect(await statusOf(d, applicationId)).toBe('REVIEWING')
  })

  it('When the same driver applies again before paying, then the same order is offered again', async () => {
    const d = await newDriver()
    const first = ok<any>(await d.call('permit', 'apply', { permitId: d.permitId, productId: 'annual', campusCardFileId: 'f', consent: true }))
    const again = ok<any>(await d.call('permit', 'apply', { permitId: d.permitId, productId: 'annual', campusCardFileId: 'f', consent: true }))
    expect(again.applicationId).toBe(first.applicationId)
    expect(ok<any>(await d.call('permit', 'mine', {})).applications).toHaveLength(1)
  })
})
