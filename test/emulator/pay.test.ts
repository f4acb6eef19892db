// cloudPay through the real wx-server-sdk inside a cloud function, and the
// payment simulator that calls the callback function as WeChat Pay does.
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server'
import { browse } from '../../emulator/database'
import { payments } from '../../emulator/pay'
import { startTestEmulator } from '../support/emulator'

let emu: Emulator
const FUNCTIONS = path.resolve(__dirname, '..', 'fixtures', 'functions')
const call = async (event: Record<string, unknown>, openid = 'o-payer') => (await emu.functions.invoke('paydemo', event, { openid })).result as any
const notices = (no: string) => browse(emu, 'notices', { limit: 1000 }).filter((n: any) => n.event.outTradeNo === no)

beforeAll(async () => {
  emu = await startTestEmulator({ functionsDir: FUNCTIONS, extraCollections: [{ name: 'notices', indexes: [] }] })
})
afterAll(async () => {
  await emu?.close()
})

describe('cloudPay', () => {
  it('When an order is placed, then requestPayment parameters come back and the order waits for payment', async () => {
    const r = await call({ action: 'order', outTradeNo: 'P001', totalFee: 12000 })
    expect(r).toMatchObject({ returnCode: 'SUCCESS', resultCode: 'SUCCESS', errCode: 0 })
    expect(r.payment).toMatchObject({ package: expect.stringMatching(/^prepay_id=wx/), signType: 'MD5' })
    expect(payments(emu).order('P001')).toMatchObject({ state: 'NOTPAY', totalFee: 12000, payer: 'o-payer', functionName: 'paydemo' })
  })

  it('When the payment is settled, then the callback runs once as the payer with WeChat Pay’s fields', async () => {
    const d = await payments(emu).settle('P001')
    expect(d.ok).toBe(true)
    const [notice] = notices('P001') as any[]
    expect(notices('P001')).toHaveLength(1)
    expect(notice.openid).toBe('o-payer')
    expect(notice.event).toMatchObject({ returnCode: 'SUCCESS', resultCode: 'SUCCESS', totalFee: 12000, subMchId: '1900000001', subOpenid: 'o-payer' })
    expect(notice.event.transactionId).toMatch(/^4200\d{24}$/)
    expect((await call({ action: 'query', outTradeNo: 'P001' })).tradeState).toBe('SUCCESS')
  })

  it('When the notice is re-delivered, then the same event arrives again', async () => {
    await payments(emu).redeliver('P001')
    const [first, second] = notices('P001') as any[]
    expect(second.event.transactionId).toBe(first.event.transactionId)
    expect(payments(emu).deliveries('P001')).toHaveLength(2)
  })

  it('When a paid order is placed again, then WeChat says it is already paid', async () => {
    await expect(call({ action: 'order', outTradeNo: 'P001', totalFee: 12000 })).resolves.toMatchObject({ resultCode: 'FAIL', errCode: 0 })
    expect((await call({ action: 'order', outTradeNo: 'P001', totalFee: 12000 })).errCodeDes).toBe('该订单已支付')
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
    const first = await call({ action: 'refund', outTradeNo: 'P001', outRefundNo: 'R001', totalFee: 12000, refundFee: 12000 })
    const again = await call({ action: 'refund', outTradeNo: 'P001', outRefundNo: 'R001', totalFee: 12000, refundFee: 12000 })
    expect(first).toMatchObject({ resultCode: 'SUCCESS', refundFee: 12000 })
    expect(again.refundId).toBe(first.refundId)
    expect(payments(emu).refunds().filter((r) => r.outTradeNo === 'P001')).toHaveLength(1)
    await payments(emu).settleRefund('R001')
    const refundNotice = (notices('P001') as any[]).find((n) => n.event.outRefundNo === 'R001')
    expect(refundNotice.event).toMatchObject({ refundStatus: 'SUCCESS', refundFee: 12000 })
    expect(refundNotice.event.attach).toBeUndefined()
    expect(payments(emu).order('P001')!.state).toBe('REFUND')
  })

  it('When a refund exceeds what was paid or the order is unpaid, then WeChat refuses it', async () => {
    expect((await call({ action: 'refund', outTradeNo: 'P002', outRefundNo: 'R002', totalFee: 500, refundFee: 501 })).errCode).toBe(0)
    expect((await call({ action: 'refund', outTradeNo: 'P002', outRefundNo: 'R002', totalFee: 500, refundFee: 501 })).errCodeDes).toBe('退款金额超过可退金额')
    await call({ action: 'order', outTradeNo: 'P003', totalFee: 500 })
    expect((await call({ action: 'refund', outTradeNo: 'P003', outRefundNo: 'R003', totalFee: 500, refundFee: 500 })).resultCode).toBe('FAIL')
  })

  it('When the H5 sheet confirms as someone other than the payer, then it is refused', async () => {
    await call({ action: 'order', outTradeNo: 'P004', totalFee: 100 })
    const r = await fetch(`${emu.url}/h5/pay/confirm`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ outTradeNo: 'P004' }),
    })
    expect(r.status).toBe(400)
    expect(payments(emu).order('P004')!.state).toBe('NOTPAY')
  })
})
