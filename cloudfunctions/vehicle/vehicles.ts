// 我的车辆 (seeds 001 §2.1 and 002): list, add (a plate another account has
// verified becomes a request to that owner, 等待授权), set default, remove
// or 取消添加, and the answer to a prompt (我知道了 / 确定).
import { AppError } from '../../src/domain/errors'
import { MAX_VEHICLES_PER_USER } from '../../src/domain/contracts/vehicle'
import type { Caller } from '../_shared/auth'
import { _ } from '../_shared/cloud'
import { now } from '../_shared/clock'
import { isDuplicateKey } from '../_shared/db-errors'
import { ensureUser, users } from '../_shared/users'
import { releaseOwnership } from './ownership'
import { listOf, loadRelation, move, ownerOf, relations } from './records'

export async function list(_input: unknown, caller: Caller) {
  return listOf(caller.openid)
}

export async function add({ plate }: { plate: string }, caller: Caller) {
  await ensureUser(caller.openid)
  if (await relations.findOne({ openid: caller.openid, plate })) throw new AppError('VEHICLE_DUPLICATE')

  // Reserve a slot: the limit holds even when two adds race.
  const reserved = await users.update({ openid: caller.openid, vehicleCount: _.lt(MAX_VEHICLES_PER_USER) }, { vehicleCount: _.inc(1) })
  if (!reserved) throw new AppError('VEHICLE_LIMIT', `最多可添加 ${MAX_VEHICLES_PER_USER} 辆车`)

  const owned = await ownerOf(plate)
  const t = now()
  let id: string
  try {
    id = await relations.add({
      openid: caller.openid,
      plate,
      createdAt: t,
      status: owned && owned.ownerOpenid !== caller.openid ? 'AWAITING_AUTH' : 'ADDED',
      notice: '',
      proof: null,
      submittedAt: null,
      rejectReason: null,
      changedAt: t,
    })
  } catch (e) {
    await users.update({ openid: caller.openid }, { vehicleCount: _.inc(-1) })
    if (isDuplicateKey(e)) throw new AppError('VEHICLE_DUPLICATE')
    throw e
  }
  // The first plate becomes the default (only while there is none).
  await users.update({ openid: caller.openid, defaultVehicleId: '' }, { defaultVehicleId: id })
  return listOf(caller.openid)
}

export async function setDefault({ id }: { id: string }, caller: Caller) {
  await loadRelation(id, caller.openid)
  await users.update({ openid: caller.openid }, { defaultVehicleId: id })
  return listOf(caller.openid)
}

/** 删除; for a request still waiting, 取消添加; for the verified owner, the plate is left unowned. */
export async function remove({ id }: { id: string }, caller: Caller) {
  const rel = await loadRelation(id, caller.openid)
  if (rel.status === 'VERIFIED') await releaseOwnership(rel.plate, { deletedBy: caller.openid, relationId: rel._id })
  else if (rel.status === 'AWAITING_AUTH') await move(rel, 'CANCEL_ADD')
  else await move(rel, 'DELETE', {}, rel.status === 'APPEALING' ? '申诉处理中，暂不能删除该车辆' : undefined)
  return listOf(caller.openid)
}

/**
 * 我知道了 / 确定 on a prompt: shown once, so answering twice changes nothing
 * (a second tap after the row went answers with the list). Another account's
 * row is refused as not found.
 */
export async function acknowledge({ id }: { id: string }, caller: Caller) {
  const rel = await relations.findOne({ _id: id, openid: caller.openid })
  if (!rel && (await relations.findOne({ _id: id }))) throw new AppError('VEHICLE_NOT_FOUND')
  if (rel?.notice) {
    if (rel.status === 'VERIFIED') await relations.update({ _id: id, status: 'VERIFIED', notice: rel.notice }, { notice: '' })
    else
      await move(rel, 'ACKNOWLEDGE').catch((e) => {
        if (!(e instanceof AppError && e.code === 'CONFLICT')) throw e // a second tap lost the race: already answered
      })
  }
  return listOf(caller.openid)
}
