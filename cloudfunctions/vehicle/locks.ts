// 锁车 (seed 001 §2.2 steps 16–18): the caller's vehicles from 我的车辆 that
// they may lock, 锁定车辆 and 解锁. Who may is usage.ts lockOption: the
// verified owner and the accounts they authorized; a holder of an unverified
// vehicle is sent to 去认证 (otherwise anyone could add a stranger's plate and
// lock them in).
//
// Decisions:
// - The lock is a field of the plate's document in `plates` (_id = the plate),
//   not a collection of its own: it is a right of the verified ownership
//   recorded there, so it is written only by a conditional update naming the
//   ownership it was checked against (ownerRelationId and since, as
//   owner.ts writes settings), and a change of owner — which rewrites the
//   document in its transaction (ownership.ts) — ends it: a lock set by a
//   former owner or by an account they authorized can neither outlive their
//   right nor trap a car nobody may unlock. The exit camera reads it by key.
// - Locking a locked car, or unlocking an unlocked one, changes nothing and
//   answers with the list (a double tap); every change is audit-logged
//   (vehicle.lock / vehicle.unlock, the plate, by whom).
// - Any account the owner authorized may unlock a lock another one set: they
//   share the vehicle, and the owner can revoke an authorization.
import { AppError } from '../../src/domain/errors'
import { lockOption } from '../../src/domain/vehicle/usage'
import type { LockItem } from '../../src/domain/contracts/vehicle'
import type { Caller } from '../_shared/auth'
import { audit } from '../_shared/audit'
import { _ } from '../_shared/cloud'
import { now } from '../_shared/clock'
import { users } from '../_shared/users'
import { myVehicles, usageOf } from '../_shared/vehicle-usage'
import { loadRelation, plates, type PlateLock } from './records'

/** 锁车's list: the caller's vehicles with a lock option, the default first, and whether each is locked. */
export async function lockList(openid: string): Promise<{ vehicles: LockItem[] }> {
  const user = await users.findOne({ openid })
  const mine = await myVehicles(openid, user?.defaultVehicleId ?? '')
  const shown = mine.map((v) => ({ v, option: lockOption(v.vehicle, v.relation) })).filter((x) => x.option !== 'NONE')
  const docs = shown.length ? await plates.find({ _id: _.in(shown.map((x) => x.v.plate)) }, { limit: 100 }) : []
  return {
    vehicles: shown.map(({ v, option }) => {
      const doc = docs.find((d) => d._id === v.plate)
      const lock = option === 'MAY_LOCK' && doc?.ownerOpenid ? (doc.lock ?? null) : null
      return {
        id: v.relationId,
        plate: v.plate,
        isDefault: v.isDefault,
        option: option as LockItem['option'],
        locked: !!lock,
        lockedAt: lock?.at ?? null,
        lockedByMe: lock?.by === openid,
      }
    }),
  }
}

export async function locks(_input: unknown, caller: Caller) {
  return lockList(caller.openid)
}

/** Sets or clears the lock of the caller's vehicle `id`, if they may; conditional on the ownership they were checked against. */
async function setLock(id: string, caller: Caller, locked: boolean) {
  const rel = await loadRelation(id, caller.openid)
  const usage = await usageOf(caller.openid, rel.plate)
  const option = lockOption(usage.vehicle, usage.relation)
  if (option === 'VERIFY_FIRST') throw new AppError('LOCK_NOT_ALLOWED', '该车辆尚未认证，请先去认证，认证后才能锁车')
  if (option !== 'MAY_LOCK') throw new AppError('LOCK_NOT_ALLOWED')
  const doc = await plates.findOne({ _id: rel.plate })
  if (!doc?.ownerOpenid || doc.ownerOpenid !== usage.ownerOpenid) throw new AppError('CONFLICT')
  if (!!doc.lock === locked) return lockList(caller.openid)
  const t = now()
  const lock: PlateLock | null = locked ? { by: caller.openid, at: t } : null
  // Only while the plate has the owner it was checked against: a change of owner meanwhile refuses it.
  if (!(await plates.update({ _id: rel.plate, ownerRelationId: doc.ownerRelationId, since: doc.since }, { lock }))) throw new AppError('CONFLICT')
  await audit(`vehicle-${locked ? 'lock' : 'unlock'}:${rel.plate}:${t}:${caller.openid}`, {
    by: caller.openid,
    action: locked ? 'vehicle.lock' : 'vehicle.unlock',
    target: rel.plate,
    reason: usage.relation === 'OWNER' ? '认证车主' : '车主授权用户',
  })
  return lockList(caller.openid)
}

export async function lock({ id }: { id: string }, caller: Caller) {
  return setLock(id, caller, true)
}

export async function unlock({ id }: { id: string }, caller: Caller) {
  return setLock(id, caller, false)
}
