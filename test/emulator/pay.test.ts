// cloudPay through the real wx-server-sdk inside a cloud function, and the
// payment simulator that calls the callback function as WeChat Pay does.
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server'
import { browse } from '../../emulator/database'
import { payments } from '../../emulator/pay'
import { setPeople } from '../../emulator/console'
import { startTestEmulator } from '../support/emulator'

let emu: Emulator
const FUNCTIONS = path.resolve(__dirname, '..', 'fixtures', 'functions')
const call = async (event: Record<string, unknown>, openid = 'o-payer') => (await emu.functions.invoke('paydemo', event, { openid })).result as any
const notices = (no: string) => browse(emu, 'notices', { limit: 1000 }).filter((n: any) => n.event.outTradeNo === no)
/** An order placed and paid, its notice delivered: for a test that needs a paid order of its own. */
const paidOrder = async (outTradeNo: string, totalFee: number) => {
  await call({ action: 'order', outTradeNo, totalFee })
  expect((await payments(emu).settle(outTradeNo)).ok).toBe(true)
}
/** Makes `openid` the console's default identity, what the H5 pay sheet acts as without a tab's x-dev-openid. */
const choose = async (openid: string) =>
  expect((await fetch(`${emu.url}/console/api/identity`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ openid }) })).status).toBe(200)

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pay-test-'))

beforeAll(async () => {
  emu = await startTestEmulator({ functionsDir: FUNCTIONS, dataDir, extraCollections: [{ name: 'notices', indexes: [] }] })
})
// Each test starts from the simulator's default settings (notices at once, refunds settled by themselves),
// whatever an earlier test changed.
beforeEach(() => {
  payments(emu).setNotifyDelay(0)
  payments(emu).setAutoRefund(true)
})
afterAll(async () => {
  await emu?.close()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('cloudPay', () => {
  it('When an order is placed, then requestPayment parameters come back and the order waits for payment', async () => {
    const r = await call({ action: 'order', outTradeNo: 'P001', totalFee: 12000 })
    expect(r).toMatchObject({ returnCode: 'SUCCESS', resultCode: 'SUCCESS', errCode: 0 })
    expect(r.payment).toMatchObject({ package: expect.stringMatching(/^prepay_id=wx/), signType: 'MD5' })
    expect(payments(emu).order('P001')).toMatchObject({ state: 'NOTPAY', totalFee: 12000, payer: 'o-payer', functionName: 'paydemo' })
  })

  it('When the payment is settled, then the callback runs once as the payer with WeChat Pay’s fields', async () => {
    await call({ action: 'order', outTradeNo: 'P005', totalFee: 12000 })
    const d = await payments(emu).settle('P005')
    expect(d.ok).toBe(true)
    const [notice] = notices('P005') as any[]
    expect(notices('P005')).toHaveLength(1)
    expect(notice.openid).toBe('o-payer')
    expect(notice.event).toMatchObject({ returnCode: 'SUCCESS', resultCode: 'SUCCESS', totalFee: 12000, subMchId: '1900000001', subOpenid: 'o-payer' })
    // As in WeChat's example: `openid` is the payer under the provider's appid, not the mini program's openid.
    expect(notice.event.openid).toMatch(/^o[\w-]{27}$/)
    expect(notice.event.openid).not.toBe('o-payer')
    expect(notice.event.transactionId).toMatch(/^4200\d{24}$/)
    expect((await call({ action: 'query', outTradeNo: 'P005' })).tradeState).toBe('SUCCESS')
  })

  it('When the notice is re-delivered, then the same event arrives again', async () => {
    await paidOrder('P006', 12000)
    await payments(emu).redeliver('P006')
    const [first, second] = notices('P006') as any[]
    expect(second.event.transactionId).toBe(first.event.transactionId)
    expect(payments(emu).deliveries('P006')).toHaveLength(2)
  })

  it('When a paid order is placed again, then WeChat says it is already paid', async () => {
    await paidOrder('P007', 12000)
    await expect(call({ action: 'order', outTradeNo: 'P007', totalFee: 12000 })).resolves.toMatchObject({ resultCode: 'FAIL', errCode: 0 })
    expect((await call({ action: 'order', outTradeNo: 'P007', totalFee: 12000 })).errCodeDes).toBe('该订单已支付')
  })

  it('When the callback does not answer errcode 0, then the delivery is recorded as failed', async () => {
    await call({ action: 'order', outTradeNo: 'BAD01', totalFee: 100 })
    const d = await payments(emu).settle('BAD01')
    expect(d.ok).toBe(false)
    expect(payments(emu).deliveries('BAD01')[0]).toMatchObject({ ok: false })
  })

  it('When a notice comes late, then nothing runs at settlement and the callback runs on re-delivery', async () => {
    await call({ action: 'order', outTradeNo: 'P002', totalFee: 500 })
    await payments(emu).settle('P002', { deliver: false })
    expect(notices('P002')).toHaveLength(0)
    await payments(emu).redeliver('P002')
    expect(notices('P002')).toHaveLength(1)
  })

  it('When a refund is requested twice with the same number, then one refund is made and its notice arrives', async () => {
    payments(emu).setAutoRefund(false)
    await paidOrder('P008', 12000)
    const first = await call({ action: 'refund', outTradeNo: 'P008', outRefundNo: 'R001', totalFee: 12000, refundFee: 12000 })
    const again = await call({ action: 'refund', outTradeNo: 'P008', outRefundNo: 'R001', totalFee: 12000, refundFee: 12000 })
    expect(first).toMatchObject({ resultCode: 'SUCCESS', refundFee: 12000 })
    expect(again.refundId).toBe(first.refundId)
    expect(payments(emu).refunds().filter((r) => r.outTradeNo === 'P008')).toHaveLength(1)
    await payments(emu).settleRefund('R001')
    const refundNotice = (notices('P008') as any[]).find((n) => n.event.outRefundNo === 'R001')
    expect(refundNotice.event).toMatchObject({ refundStatus: 'SUCCESS', refundFee: 12000 })
    expect(refundNotice.event.attach).toBeUndefined()
    expect(payments(emu).order('P008')!.state).toBe('REFUND')
  })

  it('When a refund exceeds what was paid or the order is unpaid, then WeChat refuses it', async () => {
    await paidOrder('P009', 500)
    expect((await call({ action: 'refund', outTradeNo: 'P009', outRefundNo: 'R002', totalFee: 500, refundFee: 501 })).errCode).toBe(0)
    expect((await call({ action: 'refund', outTradeNo: 'P009', outRefundNo: 'R002', totalFee: 500, refundFee: 501 })).errCodeDes).toBe('退款金额超过可退金额')
    await call({ action: 'order', outTradeNo: 'P003', totalFee: 500 })
    expect((await call({ action: 'refund', outTradeNo: 'P003', outRefundNo: 'R003', totalFee: 500, refundFee: 500 })).resultCode).toBe('FAIL')
  })

  it('When the H5 sheet confirms as someone other than the payer, then it is refused', async () => {
    setPeople(emu, [
      { openid: 'o-payer', name: '付款人', label: '车主' },
      { openid: 'o-bystander', name: '旁人', label: '车主' },
    ])
    await choose('o-bystander')
    await call({ action: 'order', outTradeNo: 'P004', totalFee: 100 })
    const r = await fetch(`${emu.url}/h5/pay/confirm`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ outTradeNo: 'P004' }),
    })
    expect(r.status).toBe(400)
    expect(payments(emu).order('P004')!.state).toBe('NOTPAY')
  })

  it('When a payment is settled, then the callback event carries exactly the fields of WeChat’s documented example', async () => {
    await call({ action: 'order', outTradeNo: 'P010', totalFee: 2500 })
    await payments(emu).settle('P010')
    const [{ event }] = notices('P010') as any[]
    expect(Object.keys(event).sort()).toEqual(
      ['appid', 'bankType', 'cashFee', 'feeType', 'isSubscribe', 'mchId', 'nonceStr', 'openid', 'outTradeNo', 'resultCode', 'returnCode',
        'subAppid', 'subIsSubscribe', 'subMchId', 'subOpenid', 'timeEnd', 'totalFee', 'tradeType', 'transactionId'].sort(),
    )
    expect(event.timeEnd).toMatch(/^\d{14}$/)
    expect(event).toMatchObject({ cashFee: 2500, feeType: 'CNY', tradeType: 'JSAPI' })
  })

  it('When a payment fails, then no callback runs and the order reads PAYERROR; it can still be paid afterwards', async () => {
    await call({ action: 'order', outTradeNo: 'P011', totalFee: 300 })
    payments(emu).fail('P011')
    expect(notices('P011')).toHaveLength(0)
    expect((await call({ action: 'query', outTradeNo: 'P011' })).tradeState).toBe('PAYERROR')
    expect((await payments(emu).settle('P011')).ok).toBe(true)
    expect(notices('P011')).toHaveLength(1)
  })

  it('When an order is closed, then it reads CLOSED, cannot be paid, and placing it again is refused', async () => {
    await call({ action: 'order', outTradeNo: 'P012', totalFee: 300 })
    expect(await call({ action: 'close', outTradeNo: 'P012' })).toMatchObject({ returnCode: 'SUCCESS', resultCode: 'SUCCESS' })
    expect((await call({ action: 'query', outTradeNo: 'P012' })).tradeState).toBe('CLOSED')
    await expect(payments(emu).settle('P012')).rejects.toThrow(/CLOSED/)
    expect((await call({ action: 'order', outTradeNo: 'P012', totalFee: 300 })).errCode).toBe(0)
    expect((await call({ action: 'order', outTradeNo: 'P012', totalFee: 300 })).errCodeDes).toBe('该订单已关闭')
    await paidOrder('P019', 300)
    expect((await call({ action: 'close', outTradeNo: 'P019' })).resultCode).toBe('FAIL')
  })

  it('When partial refunds add up past the amount paid, then the one that would exceed is refused and queryRefund lists the others', async () => {
    payments(emu).setAutoRefund(false)
    await call({ action: 'order', outTradeNo: 'P013', totalFee: 500 })
    await payments(emu).settle('P013')
    expect((await call({ action: 'refund', outTradeNo: 'P013', outRefundNo: 'R013a', totalFee: 500, refundFee: 300 })).resultCode).toBe('SUCCESS')
    const over = await call({ action: 'refund', outTradeNo: 'P013', outRefundNo: 'R013b', totalFee: 500, refundFee: 300 })
    expect(over).toMatchObject({ resultCode: 'FAIL', errCode: 0 })
    expect((await call({ action: 'refund', outTradeNo: 'P013', outRefundNo: 'R013c', totalFee: 500, refundFee: 200 })).resultCode).toBe('SUCCESS')
    const q = await call({ action: 'queryRefund', outTradeNo: 'P013' })
    expect(q).toMatchObject({ resultCode: 'SUCCESS', refundCount: 2, outTradeNo: 'P013', totalFee: 500 })
    // cloudPay answers lists (outRefundNoList…), not WeChat Pay v2's out_refund_no_$n.
    expect(q.outRefundNoList).toEqual(['R013a', 'R013c'])
    expect(q.refundFeeList).toEqual([300, 200])
    expect(q.refundStatusList).toEqual(['PROCESSING', 'PROCESSING'])
    expect(q.outRefundNo_0).toBeUndefined()
    const one = await call({ action: 'queryRefund', outRefundNo: 'R013c' })
    expect(one).toMatchObject({ refundCount: 1, outRefundNoList: ['R013c'] })
    expect(payments(emu).order('P013')!.refundedFee).toBe(500)
  })

  it('When a refund notice is delivered again, then the same refund event arrives again', async () => {
    payments(emu).setAutoRefund(false)
    await paidOrder('P021', 500)
    expect((await call({ action: 'refund', outTradeNo: 'P021', outRefundNo: 'R021', totalFee: 500, refundFee: 300 })).resultCode).toBe('SUCCESS')
    await payments(emu).settleRefund('R021')
    await payments(emu).settleRefund('R021')
    const events = (notices('P021') as any[]).filter((n) => n.event.outRefundNo === 'R021').map((n) => n.event)
    expect(events).toHaveLength(2)
    expect(events[1].refundId).toBe(events[0].refundId)
    expect(events[0]).toMatchObject({ outTradeNo: 'P021', refundFee: 300, totalFee: 500, refundStatus: 'SUCCESS' })
    expect(payments(emu).deliveries('R021').map((d) => [d.kind, d.ok])).toEqual([
      ['refund', true],
      ['refund', true],
    ])
  })

  it('When the console lists, settles and re-delivers over HTTP, then the callback runs as it does from the API', async () => {
    await call({ action: 'order', outTradeNo: 'P014', totalFee: 800 })
    const post = (p: string, body: unknown) =>
      fetch(`${emu.url}/console/api/pay/${p}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    const listed = await (await fetch(`${emu.url}/console/api/pay`)).json()
    expect(listed.orders.find((o: any) => o.outTradeNo === 'P014')).toMatchObject({ state: 'NOTPAY', totalFee: 800 })
    const settled = await (await post('settle', { outTradeNo: 'P014' })).json()
    expect(settled).toMatchObject({ ok: true, result: { ok: true } })
    expect((await post('redeliver', { outTradeNo: 'P014' })).status).toBe(200)
    expect(notices('P014')).toHaveLength(2)
    const refused = await post('fail', { outTradeNo: 'P014' })
    expect(refused.status).toBe(400)
    expect((await refused.json()).message).toBe('只有待支付的订单可以置为支付失败')
  })

  it('When the H5 sheet confirms as the payer, then the order is paid and the callback runs', async () => {
    setPeople(emu, [{ openid: 'o-payer', name: '付款人', label: '车主' }])
    await choose('o-payer')
    await call({ action: 'order', outTradeNo: 'P015', totalFee: 100 })
    const r = await fetch(`${emu.url}/h5/pay/confirm`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ outTradeNo: 'P015' }) })
    expect(r.status).toBe(200)
    expect(payments(emu).order('P015')!.state).toBe('SUCCESS')
    expect(notices('P015')).toHaveLength(1)
  })

  it('When notices are set to arrive late, then settle returns before the callback runs and it runs once afterwards', async () => {
    await call({ action: 'order', outTradeNo: 'P016', totalFee: 100 })
    payments(emu).setNotifyDelay(150)
    expect(payments(emu).settings().notifyDelayMs).toBe(150)
    const d = await payments(emu).settle('P016')
    expect(d).toMatchObject({ ok: false, scheduled: true })
    expect(payments(emu).order('P016')!.state).toBe('SUCCESS')
    expect(notices('P016')).toHaveLength(0)
    await payments(emu).flush()
    expect(notices('P016')).toHaveLength(1)
    expect(payments(emu).deliveries('P016')).toMatchObject([{ kind: 'pay', ok: true }])
    payments(emu).setNotifyDelay(0)
  })

  it('When failed notices are retried, after the tests above left BAD01’s notice failed and P010’s delivered, then only orders whose last notice failed are delivered again', async () => {
    const before = payments(emu).deliveries('P010').length
    const redelivered = await payments(emu).retryFailed()
    expect(redelivered).toBe(1) // BAD01: its callback still answers errcode 1
    const bad = payments(emu).deliveries('BAD01')
    expect(bad.map((d) => d.ok)).toEqual([false, false])
    expect(payments(emu).deliveries('P010')).toHaveLength(before)
    const r = await fetch(`${emu.url}/console/api/pay/retry-failed`, { method: 'POST', body: '{}' })
    expect(await r.json()).toMatchObject({ ok: true, result: { redelivered: 1 } })
  })

  it('When an order is queried by its WeChat transaction id, then the same order is found', async () => {
    await paidOrder('P018', 400)
    const { transactionId } = payments(emu).order('P018')!
    const q = await emu.functions.invoke('paydemo', { action: 'queryByTransaction', transactionId }, { openid: 'o-payer' })
    expect(q.result).toMatchObject({ resultCode: 'SUCCESS', outTradeNo: 'P018', tradeState: 'SUCCESS' })
  })

  it('When the H5 sheet is cancelled, then the order stays unpaid and nothing is notified; a stranger cannot cancel it', async () => {
    setPeople(emu, [{ openid: 'o-payer', name: '付款人', label: '车主' }])
    await call({ action: 'order', outTradeNo: 'P017', totalFee: 100 })
    const post = (headers: Record<string, string>) =>
      fetch(`${emu.url}/h5/pay/cancel`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ outTradeNo: 'P017' }) })
    expect(await (await post({ 'x-dev-openid': 'o-payer' })).json()).toMatchObject({ ok: true, result: { cancelled: true, state: 'NOTPAY' } })
    expect((await post({ 'x-dev-openid': 'o-stranger' })).status).toBe(400)
    expect(payments(emu).order('P017')!.state).toBe('NOTPAY')
    expect(notices('P017')).toHaveLength(0)
  })

  it('When the simulator settings are changed and the emulator restarts, then they are kept', async () => {
    payments(emu).setAutoRefund(false)
    const r = await fetch(`${emu.url}/console/api/pay/settings`, { method: 'POST', body: JSON.stringify({ notifyDelayMs: 2000 }) })
    expect(await r.json()).toMatchObject({ ok: true, result: { autoRefund: false, notifyDelayMs: 2000 } })
    const dataDir = emu.config.dataDir
    const orders = payments(emu).orders().length
    await emu.close()
    emu = await startTestEmulator({ functionsDir: FUNCTIONS, dataDir, extraCollections: [{ name: 'notices', indexes: [] }] })
    expect(payments(emu).settings()).toEqual({ autoRefund: false, notifyDelayMs: 2000 })
    expect(payments(emu).orders()).toHaveLength(orders)
  })

  it('When the next calls are made to fail, then cloudPay answers SYSTEMERROR, HTTP 500 or empty refund lists that many times, then recovers', async () => {
    await call({ action: 'order', outTradeNo: 'P020', totalFee: 700 })
    const post = (body: unknown) => fetch(`${emu.url}/console/api/pay/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    expect((await post({ api: 'queryOrder', count: '2' })).status).toBe(400)
    expect((await post({ api: 'nope', count: 1 })).status).toBe(400)
    expect((await post({ api: 'queryOrder', count: 1, mode: 'empty' })).status).toBe(400)
    const nullBody = await fetch(`${emu.url}/console/api/pay/faults`, { method: 'POST', body: 'null' })
    expect(nullBody.status).toBe(400)
    expect((await nullBody.json()).message).toMatch(/[\u4e00-\u9fa5]/)
    expect(payments(emu).faults()).toEqual([])
    expect(await (await post({ api: 'queryOrder', count: 2 })).json()).toMatchObject({ ok: true, result: [{ api: 'queryOrder', mode: 'business', remaining: 2 }] })
    for (let i = 0; i < 2; i++) expect(await call({ action: 'query', outTradeNo: 'P020' })).toMatchObject({ resultCode: 'FAIL', errCodeDes: '系统超时，请稍后再试' })
    expect((await call({ action: 'query', outTradeNo: 'P020' })).tradeState).toBe('NOTPAY')

    payments(emu).failNext('queryOrder', 1, 'http500')
    await expect(call({ action: 'query', outTradeNo: 'P020' })).rejects.toThrow(/500/)
    expect((await call({ action: 'query', outTradeNo: 'P020' })).tradeState).toBe('NOTPAY')

    await payments(emu).settle('P020')
    payments(emu).setAutoRefund(false)
    expect((await call({ action: 'refund', outTradeNo: 'P020', outRefundNo: 'R020', totalFee: 700, refundFee: 700 })).resultCode).toBe('SUCCESS')
    payments(emu).failNext('queryRefund', 1, 'empty')
    expect(await call({ action: 'queryRefund', outRefundNo: 'R020' })).toMatchObject({ resultCode: 'SUCCESS', outRefundNoList: [], refundStatusList: [] })
    expect((await call({ action: 'queryRefund', outRefundNo: 'R020' })).refundStatusList).toEqual(['PROCESSING'])
    expect(payments(emu).faults()).toEqual([])
  })
})
