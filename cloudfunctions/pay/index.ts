// The money function. WeChat Pay (cloudPay) notifies it of every payment and
// refund of every domain; anyone can call it too, so a notice only names the
// intent to drive, and the provider is asked what is true (payments.ts).
// Staff actions on overdue money go through the router like any other.
import { contracts } from '../../src/domain/contracts'
import { onNotice } from '../_shared/payments'
import { route } from '../_shared/route'
import { overdue, retry } from './overdue'

const staffActions = route(contracts.pay, { overdue, retry })

/** A cloudPay notice carries WeChat Pay's fields, never our `{action, input}`. */
const isNotice = (event: unknown): event is Record<string, unknown> =>
  !!event && typeof event === 'object' && !('action' in event) && ('outTradeNo' in event || 'outRefundNo' in event)

export async function main(event: unknown) {
  if (!isNotice(event)) return staffActions(event)
  try {
    return await onNotice(event)
  } catch (e) {
    console.error('[pay] notice not handled', e)
    return { errcode: 1, errmsg: 'retry later' }
  }
}
