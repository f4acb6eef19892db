// 工作台 → 支付异常: money the sweep has not brought to a confirmed end within
// the alert deadline, and refunds WeChat Pay closed. Staff can drive one now
// (a campus-card top-up paid but not credited: its transfer tried again).
import { CHARGE_LABELS, REFUND_LABELS } from '../../src/domain/pay/intent'
import { AppError } from '../../src/domain/errors'
import { retryTopupNow } from '../_shared/card-payments'
import { driveCharge, driveRefund, overdue as overdueIntents } from '../_shared/payments'

export async function overdue() {
  const { charges, refunds } = await overdueIntents()
  const pick = ({ _id, domain, ref, amountFen, createdAt, attempts, nextAt, lastError }: (typeof charges)[number] | (typeof refunds)[number]) => ({
    id: _id,
    domain,
    ref,
    amountFen,
    createdAt,
    attempts,
    nextAt,
    lastError,
  })
  return {
    items: [
      ...refunds.map((r) => ({ kind: 'refund' as const, ...pick(r), status: r.status, statusLabel: REFUND_LABELS[r.status] })),
      ...charges.map((c) => ({ kind: 'charge' as const, ...pick(c), status: c.status, statusLabel: CHARGE_LABELS[c.status] })),
    ],
  }
}

export async function retry({ kind, id }: { kind: 'charge' | 'refund'; id: string }) {
  const driven = kind === 'charge' ? await driveCharge(id) : await driveRefund(id)
  if (!driven) throw new AppError('NOT_FOUND')
  // A campus-card top-up paid but not credited is listed by its settled charge: retrying it is the transfer's retry.
  if (kind === 'charge' && driven.status === 'SETTLED') {
    const t = await retryTopupNow(id)
    if (t) return { status: t.status === 'PAID' ? 'PAID' : driven.status, failed: t.status === 'PAID' }
  }
  return driven
}
