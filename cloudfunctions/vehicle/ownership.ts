// Who verifiably owns a plate. A plate has at most one verified owner: the
// plate document names it, and it changes only inside a transaction that
// reads the plate document, so two approvals racing for one plate cannot both
// win (the loser's commit conflicts and the SDK re-runs it against the new
// owner). What follows a change of owner — displacing the other rows of the
// plate — is written after the commit, by conditional updates.
import { AppError, type ErrorCode } from '../../src/domain/errors'
import { FOLLOWS_OWNER, SUPERSEDABLE, transition, type NoticeKind, type RelationEvent } from '../../src/domain/vehicle/relation'
import { DEFAULT_VEHICLE_SETTINGS } from '../../src/domain/vehicle/usage'
import { audit } from '../_shared/audit'
import { _, type Doc } from '../_shared/cloud'
import { now } from '../_shared/clock'
import { inTransaction, type Tx } from '../_shared/transaction'
import { forget, relations, type PlateDoc, type RelationDoc } from './records'

const NOT_VERIFIED_ROWS = SUPERSEDABLE.filter((s) => s !== 'VERIFIED')

/**
 * Makes the relation `relationId` the plate's verified owner by `event`
 * (APPROVE a verification, UPHOLD an appeal). The previous owner's row is
 * displaced in the same transaction; `alsoInside` adds writes that must
 * commit with it (the appeal's decision).
 */
export async function takeOwnership(
  relationId: string,
  event: Extract<RelationEvent, 'APPROVE' | 'UPHOLD'>,
  changes: Partial<RelationDoc>,
  opts: { notFound: ErrorCode; alsoInside?: (tx: Tx) => Promise<void> },
): Promise<{ rel: Doc<RelationDoc>; previousOwner: string | null }> {
  const result = await inTransaction(async (tx) => {
    const rel = await tx.get<RelationDoc>('vehicles', relationId)
    if (!rel || transition(rel.status, event) !== 'VERIFIED') throw new AppError(opts.notFound)
    const t = now()
    const plate = await tx.get<PlateDoc>('plates', rel.plate)
    let previousOwner: string | null = null
    if (plate?.ownerRelationId && plate.ownerRelationId !== rel._id) {
      const old = await tx.get<RelationDoc>('vehicles', plate.ownerRelationId)
      const displaced = old && transition(old.status, 'SUPERSEDE')
      if (old && displaced) {
        await tx.update('vehicles', old._id, { status: displaced, notice: 'SUPERSEDED_OWNER' satisfies NoticeKind, changedAt: t })
        previousOwner = old.openid
      }
    }
    // A lock (锁车) set under the previous owner ends with their ownership: lock: null.
    await tx.set<PlateDoc>('plates', rel.plate, { ownerOpenid: rel.openid, ownerRelationId: rel._id, since: t, settings: DEFAULT_VEHICLE_SETTINGS, lock: null })
    const data = { ...changes, status: 'VERIFIED' as const, changedAt: t }
    await tx.update('vehicles', rel._id, data)
    await opts.alsoInside?.(tx)
    return { rel: { ...rel, ...data }, previousOwner, lockEnded: !!plate?.lock }
  })
  if (result.lockEnded) await lockEnded(result.rel.plate, '认证车主变更，原车主设置的锁车解除')
  // Everyone else on the plate — added, waiting, authorized by the old owner, verifying — is displaced.
  await relations.update(
    { plate: result.rel.plate, _id: _.neq(result.rel._id), status: _.in(NOT_VERIFIED_ROWS) },
    { status: 'DISPLACED', notice: 'SUPERSEDED_ADDED' satisfies NoticeKind, changedAt: now() },
  )
  return result
}

/** A lock (锁车) the change of ownership ended is audit-logged like one lifted by hand (locks.ts). */
async function lockEnded(plate: string, reason: string) {
  const t = now()
  await audit(`vehicle-unlock:${plate}:${t}:ownership`, { by: 'system', action: 'vehicle.unlock', target: plate, reason })
}

/**
 * The plate loses its verified owner: an operator cancels the verification
 * (the owner's row is displaced with a prompt) or the owner deletes the
 * vehicle (the row goes). Rows that followed the owner become 未认证.
 */
export async function releaseOwnership(plate: string, how: { cancelledBy: 'operator' } | { deletedBy: string; relationId: string }) {
  const released = await inTransaction(async (tx) => {
    const doc = await tx.get<PlateDoc>('plates', plate)
    if (!doc?.ownerOpenid) throw new AppError('PLATE_NOT_VERIFIED')
    const rel = await tx.get<RelationDoc>('vehicles', doc.ownerRelationId)
    if ('deletedBy' in how) {
      if (doc.ownerRelationId !== how.relationId || doc.ownerOpenid !== how.deletedBy) throw new AppError('NOT_VEHICLE_OWNER')
      if (rel) await tx.remove('vehicles', rel._id)
    } else {
      const cancelled = rel && transition(rel.status, 'OPERATOR_CANCEL')
      if (rel && cancelled) await tx.update('vehicles', rel._id, { status: cancelled, notice: 'OPERATOR_CANCELLED' satisfies NoticeKind, changedAt: now() })
    }
    // No owner, nobody may unlock: the lock ends too, or the car could never leave.
    await tx.set<PlateDoc>('plates', plate, { ownerOpenid: '', ownerRelationId: '', since: now(), settings: DEFAULT_VEHICLE_SETTINGS, lock: null })
    return { owner: doc.ownerOpenid, rel, lockEnded: !!doc.lock }
  })
  if (released.lockEnded) await lockEnded(plate, 'deletedBy' in how ? '车主删除车辆，锁车解除' : '车辆认证已取消，锁车解除')
  if ('deletedBy' in how && released.rel) await forget(released.rel)
  await relations.update({ plate, status: _.in([...FOLLOWS_OWNER]) }, { status: 'ADDED', changedAt: now() })
  return released
}
