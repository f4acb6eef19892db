// The WeChat Pay callback for permit applications (cloudPay functionName).
// It trusts nothing in the event but the order number: the payment is
// confirmed with queryOrder, and every notice is idempotent — a duplicate,
// late or out-of-order one changes nothing twice. It answers {errcode: 0}
// once the notice is handled, so WeChat stops retrying.
import { formatYuan } from '../../src/domain/money'
import { now } from '../_shared/clock'
import { AppError } from '../../src/domain/errors'
import { queryOrder, refund } from '../_shared/pay'
import { sendSms } from '../_shared/sms'
import { advance, applications, PAY_CALLBACK, release, type ApplicationDoc } from '../_shared/permit-records'
import type { Doc } from '../_shared/cloud'

interface PayNotice {
  outTradeNo?: string
  outRefundNo?: string
  refundStatus?: string
}

const OK = { errcode: 0, errmsg: 'OK' }

export async function main(event: PayNotice) {
  const no = String(event?.outTradeNo ?? '')
  const app = no ? await applications.findOne({ _id: no }) : undefined
  if (!app) {
    console.error('[permitPay] notice for an unknown order', no)
    return OK // nothing of ours: stop the retries
  }
  try {
    if (event.outRefundNo) await onRefund(app, event)
    else await onPayment(app)
    return OK
  } catch (e) {
    console.error('[permitPay] notice not handled', no, e)
    return { errcode: 1, errmsg: 'retry later' }
  }
}

async function onPayment(app: Doc<ApplicationDoc>) {
  const order = await queryOrder(app._id)
  if (order.state !== 'SUCCESS' && order.state !== 'REFUND') return // not paid (a forged or early notice)
  if (order.totalFee !== app.amountFen) {
    console.error('[permitPay] amount mismatch', app._id, order.totalFee, app.amountFen)
    return
  }
  await step(app, async (current) => {
    if (current.status === 'PENDING_PAYMENT') {
      await advance(current, 'PAY_SUCCEEDED', { paidAt: now(), transactionId: order.transactionId })
    } else if (current.status === 'CANCELLED') {
      // Paid after the order was given up: refund it automatically.
      const moved = await advance(current, 'PAY_SUCCEEDED', { paidAt: now(), transactionId: order.transactionId, refundNo: `R${current._id}` })
      await refund(moved._id, moved.refundNo, moved.amountFen, PAY_CALLBACK)
    }
    // Any other status: this payment was handled before.
  })
}

async function onRefund(app: Doc<ApplicationDoc>, event: PayNotice) {
  if (event.refundStatus !== 'SUCCESS' || event.outRefundNo !== app.refundNo) return
  await step(app, async (current) => {
    if (current.status !== 'REFUNDING') return // handled before
    const done = await advance(current, 'REFUND_SUCCEEDED', { refundedAt: now() })
    await release(done)
    try {
      await sendSms(done.phone, 'permitRefunded', [done.plate, formatYuan(done.amountFen)])
    } catch (e) {
      console.error('[permitPay] refund SMS not sent', (e as Error).message)
    }
  })
}

/** Runs `fn` on the current application; if a concurrent notice moved it first, re-reads once. */
async function step(app: Doc<ApplicationDoc>, fn: (current: Doc<ApplicationDoc>) => Promise<void>) {
  try {
    await fn(app)
  } catch (e) {
    if (!(e instanceof AppError && e.code === 'CONFLICT')) throw e
    const fresh = await applications.findOne({ _id: app._id })
    if (fresh) await fn(fresh)
  }
}
