// A user's relation to a plate (one row of 我的车辆), as a state machine
// table: status × event → next status. GONE means the row is deleted.
// Functions use `transition` as the authority and write the result with a
// conditional update on the status they read; pages use `can` to show or
// hide actions. Labels and prompts are the seed's (seed 002).

export const RELATION_STATUSES = [
  'ADDED', // 未认证: added, not verified (anyone may add an unverified plate)
  'AWAITING_AUTH', // 等待授权: added a plate another account has verified; waits for that owner
  'AUTHORIZED', // 已授权: the verified owner let this account use the vehicle
  'VERIFYING', // 认证中: proof submitted, waiting for review
  'VERIFIED', // 已认证: this account is the plate's one verified owner
  'APPEALING', // 申诉中
  'DISPLACED', // lost the vehicle (another account's verification, or an operator); prompt pending
  'APPEAL_FAILED', // 申诉失败; prompt pending
  'REMOVED', // 车辆移除提醒: authorization declined or revoked; prompt pending
] as const
export type RelationStatus = (typeof RELATION_STATUSES)[number]

export const RELATION_EVENTS = [
  'SUBMIT', // 去认证: proof submitted
  'APPROVE', // a reviewer approves the proof
  'REJECT', // a reviewer rejects it; the plate has no other verified owner
  'REJECT_OWNED', // a reviewer rejects it; another account owns the plate
  'SUPERSEDE', // another account became the plate's verified owner
  'OPERATOR_CANCEL', // an operator cancelled this verification
  'OWNER_LEFT', // the verified owner deleted the vehicle
  'AUTH_APPROVE', // the owner authorizes this account
  'AUTH_DECLINE', // the owner declines the request
  'AUTH_REVOKE', // the owner revokes an authorization
  'APPEAL', // 我要申诉
  'UPHOLD', // a reviewer upholds the appeal
  'DISMISS', // a reviewer dismisses the appeal
  'ACKNOWLEDGE', // 我知道了 / 确定 on a prompt
  'CANCEL_ADD', // 取消添加
  'DELETE', // the driver deletes the vehicle
] as const
export type RelationEvent = (typeof RELATION_EVENTS)[number]

export type RelationTarget = RelationStatus | 'GONE'

export const RELATION_LABELS: Record<RelationStatus, string> = {
  ADDED: '未认证',
  AWAITING_AUTH: '等待授权',
  AUTHORIZED: '已授权',
  VERIFYING: '认证中',
  VERIFIED: '已认证',
  APPEALING: '申诉中',
  DISPLACED: '已取消认证',
  APPEAL_FAILED: '申诉失败',
  REMOVED: '已移除',
}

/** Every allowed move; anything not listed is refused. */
const TABLE: Record<RelationStatus, Partial<Record<RelationEvent, RelationTarget>>> = {
  ADDED: { SUBMIT: 'VERIFYING', SUPERSEDE: 'DISPLACED', DELETE: 'GONE' },
  AWAITING_AUTH: {
    SUBMIT: 'VERIFYING', // "I am the real owner": proof instead of waiting
    AUTH_APPROVE: 'AUTHORIZED',
    AUTH_DECLINE: 'REMOVED',
    SUPERSEDE: 'DISPLACED',
    OWNER_LEFT: 'ADDED',
    CANCEL_ADD: 'GONE',
  },
  AUTHORIZED: { AUTH_REVOKE: 'REMOVED', SUPERSEDE: 'DISPLACED', OWNER_LEFT: 'ADDED', DELETE: 'GONE' },
  VERIFYING: { APPROVE: 'VERIFIED', REJECT: 'ADDED', REJECT_OWNED: 'AWAITING_AUTH', SUPERSEDE: 'DISPLACED', DELETE: 'GONE' },
  VERIFIED: { SUPERSEDE: 'DISPLACED', OPERATOR_CANCEL: 'DISPLACED', ACKNOWLEDGE: 'VERIFIED', DELETE: 'GONE' },
  // An appeal is decided by a reviewer; nothing else moves it.
  APPEALING: { UPHOLD: 'VERIFIED', DISMISS: 'APPEAL_FAILED' },
  DISPLACED: { APPEAL: 'APPEALING', ACKNOWLEDGE: 'GONE' },
  APPEAL_FAILED: { ACKNOWLEDGE: 'GONE' },
  REMOVED: { ACKNOWLEDGE: 'GONE' },
}

export function transition(status: RelationStatus, event: RelationEvent): RelationTarget | null {
  return TABLE[status][event] ?? null
}

export const can = (status: RelationStatus, event: RelationEvent) => transition(status, event) !== null

/** The statuses another account's new verified ownership displaces. */
export const SUPERSEDABLE: readonly RelationStatus[] = RELATION_STATUSES.filter((s) => transition(s, 'SUPERSEDE') !== null)
/** The statuses that follow the verified owner (they become 未认证 when the owner leaves). */
export const FOLLOWS_OWNER: readonly RelationStatus[] = RELATION_STATUSES.filter((s) => transition(s, 'OWNER_LEFT') !== null)

// ---- Prompts shown once on the next visit to 我的车辆 -------------------

export const NOTICE_KINDS = [
  'SUPERSEDED_OWNER', // a verified owner lost the plate to another account's verification or appeal
  'SUPERSEDED_ADDED', // an added (not verified) plate was verified by another account
  'OPERATOR_CANCELLED', // an operator cancelled the verification
  'APPEAL_UPHELD',
  'APPEAL_DISMISSED',
  'AUTH_DECLINED',
  'AUTH_REVOKED',
] as const
export type NoticeKind = (typeof NOTICE_KINDS)[number]

export type PromptAction = 'APPEAL' | 'ACKNOWLEDGE'

export interface Prompt {
  title: string
  message: string
  /** In the order shown: the first is the secondary button, the last the primary. */
  actions: Array<{ action: PromptAction; text: string }>
}

const APPEAL_OR_ACK: Prompt['actions'] = [
  { action: 'APPEAL', text: '我要申诉' },
  { action: 'ACKNOWLEDGE', text: '我知道了' },
]

export function promptOf(kind: NoticeKind, plate: string): Prompt {
  switch (kind) {
    case 'SUPERSEDED_OWNER':
      return { title: '温馨提示', message: `车辆${plate}的其他账号提交的认证申诉已通过，当前账号与车辆的认证关系已取消。`, actions: APPEAL_OR_ACK }
    case 'OPERATOR_CANCELLED':
      return { title: '温馨提示', message: `车辆${plate}的认证关系存在异常，当前账号与车辆的认证关系已取消。`, actions: APPEAL_OR_ACK }
    case 'SUPERSEDED_ADDED':
      return { title: '温馨提示', message: `车辆${plate}已被其他账号认证，当前账号将移除该车辆。`, actions: APPEAL_OR_ACK }
    case 'APPEAL_UPHELD':
      return { title: '申诉成功', message: `当前账号已成功添加并认证车辆${plate}`, actions: [{ action: 'ACKNOWLEDGE', text: '确定' }] }
    case 'APPEAL_DISMISSED':
      return { title: '申诉失败', message: `车辆${plate}的申诉失败，当前账号无法添加该车辆。`, actions: [{ action: 'ACKNOWLEDGE', text: '确定' }] }
    case 'AUTH_DECLINED':
      return { title: '车辆移除提醒', message: `${plate}已移除，原因：车主未同意授权`, actions: [{ action: 'ACKNOWLEDGE', text: '确定' }] }
    case 'AUTH_REVOKED':
      return { title: '车辆移除提醒', message: `${plate}已移除，原因：授权取消`, actions: [{ action: 'ACKNOWLEDGE', text: '确定' }] }
  }
}

// ---- Fixed texts of the seed ---------------------------------------------

export const REVIEW_NOTICE = '您的补充信息已提交人工审核，我们会在3个工作日内处理。'
export const APPEAL_NOTICE = '您提交的申诉信息已提交人工审核，我们会在3个工作日内处理。'
export const AWAITING_AUTH_NOTICE = '添加车辆的授权申请提交车主确认。请耐心等待车主确认结果。'

export const VERIFY_BENEFITS = ['防止他人绑定；', '设置隐私，防止他人代缴费，查看停车踪迹；', '可设置是否接收车辆相关通知；']
export const UNVERIFIED_DRAWBACKS = ['他人可随意添加，可代缴费；', '无法设置车辆的隐私信息，如：查看订单的停车场、充电站名称、时间节点信息；', '最新缴费的用户可接收车辆通知；']
export const VERIFIED_BENEFITS = ['认证车辆可保护隐私，防止他人绑定；', '认证车辆后可看到完整的车场名称；', '认证后可开启“隐私保护”功能，（开启隐私保护，可隐藏车场名称）。']

// ---- Catching up with the plate ------------------------------------------

/**
 * The move a row still owes its plate's current ownership: when ownership
 * changes, the other rows of the plate are swept after the commit; a row
 * whose last change predates the current ownership and was not swept (the
 * sweep did not run to the end) catches up when it is next read.
 */
export function owedEvent(
  row: { status: RelationStatus; changedAt: number },
  plate: { ownedByOther: boolean; owned: boolean; since: number } | null,
): RelationEvent | null {
  if (!plate || row.changedAt >= plate.since) return null
  if (plate.ownedByOther && row.status !== 'VERIFIED' && SUPERSEDABLE.includes(row.status)) return 'SUPERSEDE'
  if (!plate.owned && FOLLOWS_OWNER.includes(row.status)) return 'OWNER_LEFT'
  return null
}
