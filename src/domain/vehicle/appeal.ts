// An appeal (我的车辆申诉) as a state machine table. A pending appeal is
// decided once by a reviewer: upheld moves the verification to the
// appellant, dismissed leaves the plate as it is.

export const APPEAL_STATUSES = ['PENDING', 'UPHELD', 'DISMISSED'] as const
export type AppealStatus = (typeof APPEAL_STATUSES)[number]

export const APPEAL_EVENTS = ['UPHOLD', 'DISMISS'] as const
export type AppealEvent = (typeof APPEAL_EVENTS)[number]

export const APPEAL_LABELS: Record<AppealStatus, string> = { PENDING: '待处理', UPHELD: '申诉成功', DISMISSED: '申诉失败' }

const TABLE: Record<AppealStatus, Partial<Record<AppealEvent, AppealStatus>>> = {
  PENDING: { UPHOLD: 'UPHELD', DISMISS: 'DISMISSED' },
  UPHELD: {},
  DISMISSED: {},
}

export function appealTransition(status: AppealStatus, event: AppealEvent): AppealStatus | null {
  return TABLE[status][event] ?? null
}
