// What the campus-card platform can answer, in our words: the refusals a
// caller can act on (cloudfunctions/_shared/campus-card.ts turns the
// platform's codes into these) with the Chinese sentence the holder reads,
// and the account statuses with their labels. Shared by the adapter, the
// functions and the pages; the platform's own wire codes stay in the adapter
// and the emulator's simulator.
//
// Decisions:
// - "No such card" and "name does not match" are one refusal,
//   HOLDER_MISMATCH: anyone may top up anyone's card (seed 003), so telling
//   the two apart would let a stranger find which card numbers exist.
// - A card's daily limit (DAILY_LIMIT_EXCEEDED) is its own refusal, not
//   AMOUNT_OVER_LIMIT: it clears the next day, so a paid top-up it refuses is
//   retried, never refunded for it (TRANSIENT_REFUSALS).
// - Only refusals are listed; an unavailable platform is not a refusal (the
//   adapter answers `unavailable`, and a transfer is retried).
// Pure: no node API.

export const CARD_STATUSES = ['normal', 'lost', 'frozen', 'closed'] as const
export type CardStatus = (typeof CARD_STATUSES)[number]

export const CARD_STATUS_LABELS: Record<CardStatus, string> = {
  normal: '正常',
  lost: '已挂失',
  frozen: '已冻结',
  closed: '已销户',
}

export const CARD_KINDS = ['student', 'staff', 'visitor'] as const
export type CardKind = (typeof CARD_KINDS)[number]

export const CARD_KIND_LABELS: Record<CardKind, string> = { student: '学生卡', staff: '教师卡', visitor: '访客卡' }

export const CARD_REFUSALS = [
  'HOLDER_MISMATCH',
  'QUERY_PASSWORD_WRONG',
  'ACCOUNT_LOST',
  'ACCOUNT_FROZEN',
  'ACCOUNT_CLOSED',
  'ALREADY_LOST',
  'AMOUNT_INVALID',
  'AMOUNT_OVER_LIMIT',
  'DAILY_LIMIT_EXCEEDED',
  'OUTSIDE_SERVICE_HOURS',
  'SERIAL_CONFLICT',
  'BAD_REQUEST',
] as const
export type CardRefusal = (typeof CARD_REFUSALS)[number]

export const CARD_REFUSAL_MESSAGES: Record<CardRefusal, string> = {
  HOLDER_MISMATCH: '姓名与卡号不匹配，请核对后重新输入',
  QUERY_PASSWORD_WRONG: '查询密码不正确',
  ACCOUNT_LOST: '该校园卡已挂失，暂不能充值；解挂请携带有效证件到校园卡受理中心办理',
  ACCOUNT_FROZEN: '该校园卡已冻结，请到校园卡受理中心办理',
  ACCOUNT_CLOSED: '该校园卡已销户，无法充值',
  ALREADY_LOST: '该校园卡已挂失，无需重复挂失',
  AMOUNT_INVALID: '充值金额不正确',
  AMOUNT_OVER_LIMIT: '充值金额超过校园卡系统的限额',
  DAILY_LIMIT_EXCEEDED: '该校园卡今日充值金额已达校园卡系统的每日限额，请明天再试',
  OUTSIDE_SERVICE_HOURS: '校园卡系统日结中，暂停服务，请稍后再试',
  SERIAL_CONFLICT: '充值流水号冲突，请联系管理员',
  BAD_REQUEST: '校园卡系统拒绝了请求，请联系管理员',
}

export const CARD_UNAVAILABLE_MESSAGE = '校园卡系统暂时无法访问，请稍后再试'

/**
 * Refusals that may clear by themselves (service hours; a card's daily limit,
 * which clears the next day) as against those that need a person (lost,
 * frozen, closed…).
 */
export const TRANSIENT_REFUSALS: readonly CardRefusal[] = ['OUTSIDE_SERVICE_HOURS', 'DAILY_LIMIT_EXCEEDED']

/** Seed 004 七: where pending money is claimed, unless settings name other places. */
export const DEFAULT_KIOSK_PLACES = ['二号餐厅', '图书馆一楼', '受理中心', '行政中心一楼'] as const

/** YYYY-MM, a statement month (交易明细). */
export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/
