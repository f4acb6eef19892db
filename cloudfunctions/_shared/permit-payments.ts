// What a permit application does when its payment or refund is confirmed
// (the permit domain's hooks on the one payment path). Each hook moves the
// application by its state table and is idempotent: a second call finds the
// application already moved and does nothing.
import { formatYuan } from '../../src/domain/money'
import { AppError } from '../../src/domain/errors'
import type { Doc } from './cloud'
import { now } from './clock'
import type { PayDomainHooks } from './pay-domains'
import { driveRefund, requestRefund, type ChargeDoc } from './payments'
import { advance, applications, release, type ApplicationDoc } from './permit-records'
import { sendSms } from './sms'

/** The refund number of an application: one refund per application, retried under the same number. */
export const refundNoOf = (applicationId: string) => `R${applicationId}`

async function loadByRef(ref: string): Promise<Doc<ApplicationDoc>> {
  const app = await applications.findOne({ _id: ref })
  if (!app) throw new Error(`permit application ${ref} not found`)
  return app
}

/** Runs `fn` on the application; if a concurrent step moved it first, re-reads once. */
async function onApplication(ref: string, fn: (app: Doc<ApplicationDoc>) => Promise<void>) {
  try {
    await fn(await loadByRef(ref))
  } catch (e) {
    if (!(e instanceof AppError && e.code === 'CONFLICT')) throw e
    await fn(await loadByRef(ref))
  }
}

/** Records the refund of an application's whole payment (idempotent). */
export function refundApplication(charge: Doc<ChargeDoc>) {
  return requestRefund(charge, refundNoOf(charge.ref), charge.amountFen, '车证续费退款')
}

export const permitPayHooks: PayDomainHooks = {
  async paid(charge) {
    await onApplication(charge.ref, async (app) => {
      const changes = { paidAt: charge.paidAt ?? now(), transactionId: charge.transactionId }
      if (app.status === 'PENDING_PAYMENT') {
        await advance(app, 'PAY_SUCCEEDED', changes)
      } else if (app.status === 'CANCELLED') {
        // Paid after the unpaid order was given up: the refund is recorded first, then the move.
        const r = await refundApplication(charge)
        await advance(app, 'PAY_SUCCEEDED', { ...changes, refundNo: r._id })
        await driveRefund(r._id)
      }
      // Any other status: this payment was recorded before.
    })
  },

  async closed(charge) {
    await onApplication(charge.ref, async (app) => {
      if (app.status !== 'PENDING_PAYMENT') return
      await release(await advance(app, 'CANCEL'))
    })
  },

  async refunded(refund) {
    await onApplication(refund.ref, async (app) => {
      if (app.status !== 'REFUNDING' || app.refundNo !== refund._id) return
      const done = await advance(app, 'REFUND_SUCCEEDED', { refundedAt: refund.refundedAt ?? now() })
      await release(done)
      // Only the step that moved the application sends the SMS: at most once.
      try {
        await sendSms(done.phone, 'permitRefunded', [done.plate, formatYuan(refund.amountFen)])
      } catch (e) {
        console.error('[permit] refund SMS not sent', (e as Error).message)
      }
    })
  },
}
