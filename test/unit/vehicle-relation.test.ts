import { describe, expect, it } from 'vitest'
import { APPEAL_EVENTS, APPEAL_STATUSES, appealTransition, type AppealEvent, type AppealStatus } from '../../src/domain/vehicle/appeal'
import {
  FOLLOWS_OWNER,
  NOTICE_KINDS,
  RELATION_EVENTS,
  RELATION_STATUSES,
  SUPERSEDABLE,
  owedEvent,
  promptOf,
  transition,
  type RelationEvent,
  type RelationStatus,
  type RelationTarget,
} from '../../src/domain/vehicle/relation'

// The whole relation table, written out: every status × every event. Columns in RELATION_EVENTS order.
const _ = null
// prettier-ignore
const ROWS: Record<RelationStatus, Array<RelationTarget | null>> = {
  //              SUBMIT       APPROVE     REJECT   REJECT_OWNED     SUPERSEDE    OPERATOR_CANCEL OWNER_LEFT AUTH_APPROVE  AUTH_DECLINE AUTH_REVOKE APPEAL       UPHOLD      DISMISS          ACKNOWLEDGE CANCEL_ADD DELETE
  ADDED:         ['VERIFYING', _,          _,       _,               'DISPLACED', _,              _,         _,            _,           _,          _,           _,          _,               _,          _,         'GONE'],
  AWAITING_AUTH: ['VERIFYING', _,          _,       _,               'DISPLACED', _,              'ADDED',   'AUTHORIZED', 'REMOVED',   _,          _,           _,          _,               _,          'GONE',    _],
  AUTHORIZED:    [_,           _,          _,       _,               'DISPLACED', _,              'ADDED',   _,            _,           'REMOVED',  _,           _,          _,               _,          _,         'GONE'],
  VERIFYING:     [_,           'VERIFIED', 'ADDED', 'AWAITING_AUTH', 'DISPLACED', _,              _,         _,            _,           _,          _,           _,          _,               _,          _,         'GONE'],
  VERIFIED:      [_,           _,          _,       _,               'DISPLACED', 'DISPLACED',    _,         _,            _,           _,          _,           _,          _,               'VERIFIED', _,         'GONE'],
  APPEALING:     [_,           _,          _,       _,               _,           _,              _,         _,            _,           _,          _,           'VERIFIED', 'APPEAL_FAILED', _,          _,         _],
  DISPLACED:     [_,           _,          _,       _,               _,           _,              _,         _,            _,           _,          'APPEALING', _,          _,               'GONE',     _,         _],
  APPEAL_FAILED: [_,           _,          _,       _,               _,           _,              _,         _,            _,           _,          _,           _,          _,               'GONE',     _,         _],
  REMOVED:       [_,           _,          _,       _,               _,           _,              _,         _,            _,           _,          _,           _,          _,               'GONE',     _,         _],
}

const pairs = RELATION_STATUSES.flatMap((s) => RELATION_EVENTS.map((e, i) => [s, e, ROWS[s][i]] as const))

describe('relation state machine', () => {
  it('When the table is written out, then it has a cell for every status × event', () => {
    expect(RELATION_STATUSES.every((s) => ROWS[s].length === RELATION_EVENTS.length)).toBe(true)
    expect(pairs).toHaveLength(9 * 16)
  })

  it.each(pairs)('When a relation %s receives %s, then it becomes %s', (status: RelationStatus, event: RelationEvent, next) => {
    expect(transition(status, event)).toBe(next)
  })

  it('When another account becomes the owner, then every row but an appeal or a finished one is displaced', () => {
    expect(SUPERSEDABLE).toEqual(['ADDED', 'AWAITING_AUTH', 'AUTHORIZED', 'VERIFYING', 'VERIFIED'])
  })

  it('When the owner leaves, then only the rows that depended on the owner fall back to 未认证', () => {
    expect(FOLLOWS_OWNER).toEqual(['AWAITING_AUTH', 'AUTHORIZED'])
  })

  it('When a prompt ends a relation, then its only way out is an answer (no second appeal after a failed one)', () => {
    expect(transition('APPEAL_FAILED', 'APPEAL')).toBeNull()
    expect(transition('REMOVED', 'APPEAL')).toBeNull()
  })
})

describe('prompts', () => {
  // prettier-ignore
  const EXPECTED: Record<(typeof NOTICE_KINDS)[number], [string, string, string[]]> = {
    SUPERSEDED_OWNER: ['温馨提示', '车辆闽D12337的其他账号提交的认证申诉已通过，当前账号与车辆的认证关系已取消。', ['我要申诉', '我知道了']],
    SUPERSEDED_ADDED: ['温馨提示', '车辆闽D12337已被其他账号认证，当前账号将移除该车辆。', ['我要申诉', '我知道了']],
    OPERATOR_CANCELLED: ['温馨提示', '车辆闽D12337的认证关系存在异常，当前账号与车辆的认证关系已取消。', ['我要申诉', '我知道了']],
    APPEAL_UPHELD: ['申诉成功', '当前账号已成功添加并认证车辆闽D12337', ['确定']],
    APPEAL_DISMISSED: ['申诉失败', '车辆闽D12337的申诉失败，当前账号无法添加该车辆。', ['确定']],
    AUTH_DECLINED: ['车辆移除提醒', '闽D12337已移除，原因：车主未同意授权', ['确定']],
    AUTH_REVOKED: ['车辆移除提醒', '闽D12337已移除，原因：授权取消', ['确定']],
  }
  it.each(NOTICE_KINDS)("When the notice is %s, then the prompt is the seed's", (kind) => {
    const p = promptOf(kind, '闽D12337')
    expect([p.title, p.message, p.actions.map((a) => a.text)]).toEqual(EXPECTED[kind])
  })

  it('When a prompt offers 我要申诉, then it leads to the APPEAL event, which only a displaced row accepts', () => {
    const appealable = NOTICE_KINDS.filter((k) => promptOf(k, 'x').actions.some((a) => a.action === 'APPEAL'))
    expect(appealable).toEqual(['SUPERSEDED_OWNER', 'SUPERSEDED_ADDED', 'OPERATOR_CANCELLED'])
    expect(RELATION_STATUSES.filter((s) => transition(s, 'APPEAL'))).toEqual(['DISPLACED'])
  })
})

describe('appeal state machine', () => {
  const EXPECTED: Record<AppealStatus, Record<AppealEvent, AppealStatus | null>> = {
    PENDING: { UPHOLD: 'UPHELD', DISMISS: 'DISMISSED' },
    UPHELD: { UPHOLD: null, DISMISS: null },
    DISMISSED: { UPHOLD: null, DISMISS: null },
  }
  const appealPairs = APPEAL_STATUSES.flatMap((s) => APPEAL_EVENTS.map((e) => [s, e, EXPECTED[s][e]] as const))

  it.each(appealPairs)('When an appeal %s receives %s, then it becomes %s', (status, event, next) => {
    expect(appealTransition(status, event)).toBe(next)
  })

  it('When the table is written out, then it covers every pair', () => {
    expect(appealPairs).toHaveLength(6)
  })
})

describe('catching up with the plate', () => {
  const SINCE = 1_000
  const PLATES = {
    otherOwnsSince: { owned: true, ownedByOther: true, since: SINCE },
    iOwn: { owned: true, ownedByOther: false, since: SINCE },
    nobodyOwnsSince: { owned: false, ownedByOther: false, since: SINCE },
  }
  // For a row last changed before the plate's current ownership. Columns: otherOwnsSince, iOwn, nobodyOwnsSince.
  // prettier-ignore
  const OWED: Record<RelationStatus, [RelationEvent | null, RelationEvent | null, RelationEvent | null]> = {
    ADDED:         ['SUPERSEDE', null, null],
    AWAITING_AUTH: ['SUPERSEDE', null, 'OWNER_LEFT'],
    AUTHORIZED:    ['SUPERSEDE', null, 'OWNER_LEFT'],
    VERIFYING:     ['SUPERSEDE', null, null],
    VERIFIED:      [null, null, null],
    APPEALING:     [null, null, null],
    DISPLACED:     [null, null, null],
    APPEAL_FAILED: [null, null, null],
    REMOVED:       [null, null, null],
  }
  const rows = RELATION_STATUSES.flatMap((status) =>
    (Object.keys(PLATES) as Array<keyof typeof PLATES>).map((plate, i) => [status, plate, OWED[status][i]] as const),
  )

  it.each(rows)('When a %s row predates the ownership (%s), then it owes %s', (status, plate, owed) => {
    expect(owedEvent({ status, changedAt: SINCE - 1 }, PLATES[plate])).toBe(owed)
  })

  it.each(RELATION_STATUSES)('When a %s row changed after the ownership, or the plate is unknown, then it owes nothing', (status) => {
    for (const plate of Object.values(PLATES)) expect(owedEvent({ status, changedAt: SINCE }, plate)).toBeNull()
    expect(owedEvent({ status, changedAt: 0 }, null)).toBeNull()
  })
})
