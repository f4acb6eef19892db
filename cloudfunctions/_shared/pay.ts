// WeChat Pay through cloudPay. The sub-merchant is configuration; the amount
// always comes from the caller's server-side record, never from the client.
import { AppError } from '../../src/domain/errors'
import { cloud } from './cloud'

// wx-server-sdk's typings omit cloudPay; these are the calls we make.
type PayCall = (params: Record<string, unknown>) => Promise<unknown>
const cloudPay = (cloud as unknown as { cloudPay: Record<'unifiedOrder' | 'queryOrder' | 'refund' | 'closeOrder', PayCall> }).cloudPay

const subMchId = () => {
  const id = process.env.PAY_SUB_MCH_ID
  if (!id) throw new Error('missing function configuration PAY_SUB_MCH_ID')
  return id
}

export interface Payment {
  timeStamp: string
  nonceStr: string
  package: string
  signType: string
  paySign: string
}

interface PayAnswer {
  returnCode?: string
  resultCode?: string
  errCodeDes?: string
  payment?: Payment
  tradeState?: string
  totalFee?: number
  transactionId?: string
  refundStatus0?: string
}

/** Places (or re-places, same number, same answer) the WeChat Pay order. */
export async function unifiedOrder(outTradeNo: string, body: string, totalFee: number, callbackFunction: string): Promise<Payment> {
  const res = (await cloudPay.unifiedOrder({
    body,
    outTradeNo,
    spbillCreateIp: cloud.getWXContext().CLIENTIP || '127.0.0.1',
    subMchId: subMchId(),
    totalFee,
    envId: cloud.getWXContext().ENV,
    functionName: callbackFunction,
  })) as PayAnswer
  if (res.returnCode !== 'SUCCESS' || res.resultCode !== 'SUCCESS' || !res.payment) {
    console.error('[pay] unifiedOrder failed', res.errCodeDes)
    throw new AppError('PAY_ORDER_FAILED')
  }
  return res.payment
}

/** What WeChat Pay says about an order: the only source a callback trusts. */
export async function queryOrder(outTradeNo: string): Promise<{ state: string; totalFee: number; transactionId: string }> {
  const res = (await cloudPay.queryOrder({ outTradeNo, subMchId: subMchId() })) as PayAnswer
  return { state: res.tradeState ?? 'UNKNOWN', totalFee: Number(res.totalFee ?? 0), transactionId: res.transactionId ?? '' }
}

/** A refund of exactly `fee`; retrying with the same outRefundNo is the same refund. */
export async function refund(outTradeNo: string, outRefundNo: string, fee: number, callbackFunction: string): Promise<void> {
  const res = (await cloudPay.refund({
    outTradeNo,
    outRefundNo,
    totalFee: fee,
    refundFee: fee,
    subMchId: subMchId(),
    envId: cloud.getWXContext().ENV,
    functionName: callbackFunction,
  })) as PayAnswer
  if (res.returnCode !== 'SUCCESS' || res.resultCode !== 'SUCCESS') {
    console.error('[pay] refund failed', res.errCodeDes)
    throw new AppError('INTERNAL', '退款发起失败，请稍后重试')
  }
}

export async function closeOrder(outTradeNo: string): Promise<void> {
  await cloudPay.closeOrder({ outTradeNo, subMchId: subMchId() })
}
