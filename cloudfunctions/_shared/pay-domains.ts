// Which domain's hooks take the outcome of a payment or refund. Every domain
// that takes money adds one entry; the payment path (payments.ts), the
// notices and the sweep then serve it with nothing else to write.
import type { PayDomain } from '../../src/domain/pay/intent'
import type { Doc } from './cloud'
import type { ChargeDoc, RefundDoc } from './payments'
import { cardPayHooks } from './card-payments'
import { parkingPayHooks } from './parking-payments'
import { permitPayHooks } from './permit-payments'
import { reservationPayHooks } from './reservation-payments'

export interface PayDomainHooks {
  /** The payment is confirmed by WeChat Pay: record it. Called until it returns; must be idempotent. */
  paid(charge: Doc<ChargeDoc>): Promise<void>
  /** The order was closed unpaid: give the business record up. Idempotent. */
  closed(charge: Doc<ChargeDoc>): Promise<void>
  /** The refund is confirmed by WeChat Pay: record it, tell the payer. Idempotent. */
  refunded(refund: Doc<RefundDoc>): Promise<void>
}

export type { PayDomain }

// Looked up when called, not at load: the hooks themselves use payments.ts.
export function hooksFor(domain: PayDomain): PayDomainHooks {
  switch (domain) {
    case 'permit':
      return permitPayHooks
    case 'parking':
      return parkingPayHooks
    case 'reservation':
      return reservationPayHooks
    case 'card':
      return cardPayHooks
    default:
      throw new Error(`no payment hooks for domain ${String(domain)}`)
  }
}
