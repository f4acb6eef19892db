// The permit application (车证续费申请) as a state machine table: status ×
// event → next status. Functions use `transition` as the authority and write
// the result with a conditional update on the previous status; pages use
// `can` to show or hide actions. Labels are the seed's.

export const APPLICATION_STATUSES = ['PENDING_PAYMENT', 'REVIEWING', 'APPROVED', 'REJECTED', 'REFUNDING', 'REFUNDED', 'CANCELLED'] as const
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number]

export const APPLICATION_EVENTS = ['PAY_SUCCEEDED', 'APPROVE', 'REJECT', 'REQUEST_REFUND', 'REFUND_SUCCEEDED', 'CANCEL'] as const
export type ApplicationEvent = (typeof APPLICATION_EVENTS)[number]

export const STATUS_LABELS: Record<ApplicationStatus, string> = {
  PENDING_PAYMENT: '待支付',
  REVIEWING: '审核中',
  APPROVED: '办理成功',
  REJECTED: '审核失败',
  REFUNDING: '退款中',
  REFUNDED: '已退款',
  CANCELLED: '已取消',
}

/** Every allowed move; anything not listed is refused. */
const TABLE: Partial<Record<ApplicationStatus, Partial<Record<ApplicationEvent, ApplicationStatus>>>> = {
  PENDING_PAYMENT: { PAY_SUCCEEDED: 'REVIEWING', CANCEL: 'CANCELLED' },
  REVIEWING: { APPROVE: 'APPROVED', REJECT: 'REJECTED' },
  REJECTED: { REQUEST_REFUND: 'REFUNDING' },
  REFUNDING: { REFUND_SUCCEEDED: 'REFUNDED' },
  // A payment that lands after the unpaid order was cancelled is refunded automatically.
  CANCELLED: { PAY_SUCCEEDED: 'REFUNDING' },
}

export function transition(status: ApplicationStatus, event: ApplicationEvent): ApplicationStatus | null {
  return TABLE[status]?.[event] ?? null
}

export const can = (status: ApplicationStatus, event: ApplicationEvent) => transition(status, event) !== null

/**
 * The seed's rule: after a rejection, the same permit cannot be paid for
 * again until its refund is done. An application in any of these statuses
 * blocks a new one for the same permit.
 */
export const BLOCKS_NEW_APPLICATION: readonly ApplicationStatus[] = ['PENDING_PAYMENT', 'REVIEWING', 'REJECTED', 'REFUNDING']
