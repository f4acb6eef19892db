// The WeChat Pay adapter (cloudPay): the only code that calls the provider.
// The sub-merchant is function configuration; amounts always come from our
// own records, never from a client. Every call but unifiedOrder answers an
// outcome instead of throwing: a failed attempt (business failure, HTTP
// error, timeout) is normal here, and the payment intents (payments.ts)
// decide when to try again.
import { AppError } from '../../src/domain/errors'
import { cloud } from './cloud'

// wx-server-sdk's typings omit cloudPay; these are the calls we make.
type PayCall = (params: Record<string, unknown>) => Promise<unknown>
const cloudPay = (cloud as unknown as { cloudPay: Record<'unifiedOrder' | 'queryOrder' | 'refund' | 'queryRefund' | 'closeOrder', PayCall> }).cloudPay

const subMchId = () => {
  const id = process.env.PAY_SUB_MCH_ID
  if (!id) throw new Error('missing function configuration PAY_SUB_MCH_ID')
  return id
}

/** The cloud function WeChat Pay notifies for every order and refund. */
export const PAY_NOTICE_FUNCTION = 'pay'

export interface Payment {
  timeStamp: string
  nonceStr: string
  package: string
  signType: string
  paySign: string
}

/** A provider call that did not give an answer we can act on. */
export interface Failed {
  ok: false
  /** FAIL for a business failure (result_code FAIL), NETWORK when no answer came, UNKNOWN for an answer without the state. */
  code: string
  message: string
}

type Answer = Record<string, unknown> & { returnCode?: string; resultCode?: string; errCode?: string; errCodeDes?: string; returnMsg?: string }

async function ask(api: keyof typeof cloudPay, params: Record<string, unknown>): Promise<{ ok: true; res: Answer } | Failed> {
  try {
    const res = (await cloudPay[api](params)) as Answer
    if (res?.returnCode !== 'SUCCESS') return { ok: false, code: 'NETWORK', message: String(res?.returnMsg ?? 'no answer') }
    // The SDK overwrites WeChat Pay's err_code with its own errCode (0), so a
    // business failure is told apart by err_code_des (e.g. 此交易订单号不存在).
    if (res.resultCode !== 'SUCCESS') return { ok: false, code: 'FAIL', message: String(res.errCodeDes ?? '') }
    return { ok: true, res }
  } catch (e) {
    return { ok: false, code: 'NETWORK', message: (e as Error)?.message ?? String(e) }
  }
}

/** Places (or re-places, same number, same answer) the WeChat Pay order. */
export async function unifiedOrder(outTradeNo: string, body: string, totalFee: number): Promise<Payment> {
  const r = await ask('unifiedOrder', {
    body,
    outTradeNo,
    spbillCreateIp: cloud.getWXContext().CLIENTIP || '127.0.0.1',
    subMchId: subMchId(),
    totalFee,
    envId: cloud.getWXContext().ENV,
    functionName: PAY_NOTICE_FUNCTION,
  })
  const payment = r.ok ? (r.res.payment as Payment | undefined) : undefined
  if (!payment) {
    console.error('[pay] unifiedOrder failed', r.ok ? 'no payment' : `${r.code} ${r.message}`)
    throw new AppError('PAY_ORDER_FAILED')
  }
  return payment
}

/** ORDERNOTEXIST / REFUNDNOTEXIST, as far as the description tells. */
const notExist = (f: Failed) => f.code === 'FAIL' && /不存在|NOTEXIST/.test(f.message)

export type TradeState = 'SUCCESS' | 'REFUND' | 'NOTPAY' | 'CLOSED' | 'PAYERROR' | 'USERPAYING' | 'REVOKED' | 'NOTEXIST'

/** What staff read for each state WeChat Pay gives an order (reconciliation). */
export const TRADE_STATE_LABELS: Record<TradeState, string> = {
  SUCCESS: '已支付',
  REFUND: '已转入退款',
  NOTPAY: '未支付',
  CLOSED: '已关闭',
  PAYERROR: '支付失败',
  USERPAYING: '支付中',
  REVOKED: '已撤销',
  NOTEXIST: '查无此单',
}

/** What WeChat Pay says about an order: the only source of truth for a payment. */
export async function queryOrder(outTradeNo: string): Promise<{ ok: true; state: TradeState; totalFee: number; transactionId: string } | Failed> {
  const r = await ask('queryOrder', { outTradeNo, subMchId: subMchId() })
  if (!r.ok) return notExist(r) ? { ok: true, state: 'NOTEXIST', totalFee: 0, transactionId: '' } : r
  return { ok: true, state: String(r.res.tradeState) as TradeState, totalFee: Number(r.res.totalFee ?? 0), transactionId: String(r.res.transactionId ?? '') }
}

/** Closes an unpaid order (a paid one refuses: the caller queries again). */
export async function closeOrder(outTradeNo: string): Promise<{ ok: true } | Failed> {
  const r = await ask('closeOrder', { outTradeNo, subMchId: subMchId() })
  return r.ok ? { ok: true } : r
}

/** Asks for a refund of `refundFee`; asking again with the same outRefundNo is the same refund. */
export async function refund(outTradeNo: string, outRefundNo: string, totalFee: number, refundFee: number): Promise<{ ok: true } | Failed> {
  const r = await ask('refund', {
    outTradeNo,
    outRefundNo,
    totalFee,
    refundFee,
    subMchId: subMchId(),
    envId: cloud.getWXContext().ENV,
    functionName: PAY_NOTICE_FUNCTION,
  })
  return r.ok ? { ok: true } : r
}

export type RefundState = 'SUCCESS' | 'PROCESSING' | 'REFUNDCLOSE' | 'CHANGE' | 'NOTEXIST'

/** What staff read for each state WeChat Pay gives a refund (reconciliation). */
export const REFUND_STATE_LABELS: Record<RefundState, string> = {
  SUCCESS: '退款成功',
  PROCESSING: '退款处理中',
  REFUNDCLOSE: '退款关闭',
  CHANGE: '退款异常',
  NOTEXIST: '查无此退款',
}

/**
 * What WeChat Pay says about one refund. cloudPay answers per-refund fields
 * as lists; when they come back empty the state is unknown (a failure to
 * retry later), never assumed.
 */
export async function queryRefund(outRefundNo: string): Promise<{ ok: true; state: RefundState; refundFee: number } | Failed> {
  const r = await ask('queryRefund', { outRefundNo, subMchId: subMchId() })
  if (!r.ok) return notExist(r) || /退款订单查询失败/.test(r.message) ? { ok: true, state: 'NOTEXIST', refundFee: 0 } : r
  const nos = r.res.outRefundNoList as unknown[] | undefined
  const states = r.res.refundStatusList as unknown[] | undefined
  const fees = r.res.refundFeeList as unknown[] | undefined
  const i = Array.isArray(nos) ? nos.findIndex((n) => String(n) === outRefundNo) : -1
  if (i < 0 || !Array.isArray(states) || states[i] === undefined) return { ok: false, code: 'UNKNOWN', message: 'queryRefund answered no refund status' }
  return { ok: true, state: String(states[i]) as RefundState, refundFee: Number(fees?.[i] ?? 0) }
}
