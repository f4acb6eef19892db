// The `pay` function's staff actions: money that did not reach a confirmed
// end in time (the sweep keeps trying; staff see it here and can push a try).
import * as z from '../zod'
import { CHARGE_STATUSES, PAY_DOMAINS, REFUND_STATUSES } from '../pay/intent'
import { staff } from './access'
import type { FunctionContract } from './contract'
import { Id } from './fields'

export const IntentKind = z.enum(['charge', 'refund'])

export const OverdueIntent = z.object({
  kind: IntentKind,
  /** out_trade_no of a charge, out_refund_no of a refund. */
  id: z.string(),
  domain: z.enum(PAY_DOMAINS),
  ref: z.string(),
  amountFen: z.int(),
  status: z.union([z.enum(CHARGE_STATUSES), z.enum(REFUND_STATUSES)]),
  statusLabel: z.string(),
  createdAt: z.int(),
  attempts: z.int(),
  nextAt: z.int(),
  lastError: z.string(),
})

export const payContract = {
  /** Charges and refunds unfinished past the alert deadline, and refunds WeChat Pay gave up on. */
  overdue: { access: staff('reviewer'), input: z.strictObject({}), output: z.object({ items: z.array(OverdueIntent) }) },
  /** Drives one of them now (the same step the sweep takes). */
  retry: { access: staff('reviewer'), input: z.strictObject({ kind: IntentKind, id: Id }), output: z.object({ status: z.string(), failed: z.boolean() }) },
} satisfies FunctionContract
