// 我的车辆: list, add, set default, remove (seed 001 §2.1 steps 1–2).
import { AppError } from '../../src/domain/errors'
import { MAX_VEHICLES_PER_USER, type Vehicle } from '../../src/domain/contracts/vehicle'
import type { Caller } from '../_shared/auth'
import { _, db, type Doc } from '../_shared/cloud'
import { isDuplicateKey } from '../_shared/db-errors'
import { ensureUser, users, type UserDoc } from '../_shared/users'

interface VehicleDoc {
  ownerOpenid: string
  plate: string
  createdAt: number
}

const vehicles = () => db.collection('vehicles')

async function listOf(openid: string, user?: Doc<UserDoc>): Promise<{ vehicles: Vehicle[] }> {
  const owner = user ?? (await ensureUser(openid))
  const { data } = await vehicles().where({ ownerOpenid: openid }).orderBy('createdAt', 'asc').limit(MAX_VEHICLES_PER_USER * 2).get()
  const docs = data as Doc<VehicleDoc>[]
  return {
    vehicles: docs.map((v) => ({ id: v._id, plate: v.plate, isDefault: v._id === owner.defaultVehicleId, createdAt: v.createdAt })),
  }
}

export async function list(_input: unknown, caller: Caller) {
  return listOf(caller.openid)
}

export async function add({ plate }: { plate: string }, caller: Caller) {
  const user = await ensureUser(caller.openid)
  const { data: existing } = await vehicles().where({ ownerOpenid: caller.openid, plate }).limit(1).get()
  if (existing.length) throw new AppError('VEHICLE_DUPLICATE')

  // Reserve a slot: the limit holds even when two adds race.
  const reserved = await users()
    .where({ openid: caller.openid, vehicleCount: _.lt(MAX_VEHICLES_PER_USER) })
    .update({ data: { vehicleCount: _.inc(1) } })
  if (!reserved.stats.updated) throw new AppError('VEHICLE_LIMIT', `最多可添加 ${MAX_VEHICLES_PER_USER} 辆车`)

  let id: string
  try {
    const added = await vehicles().add({ data: { ownerOpenid: caller.openid, plate, createdAt: Date.now() } satisfies VehicleDoc })
    id = String(added._id)
  } catch (e) {
    await users().where({ openid: caller.openid }).update({ data: { vehicleCount: _.inc(-1) } })
    if (isDuplicateKey(e)) throw new AppError('VEHICLE_DUPLICATE')
    throw e
  }
  // The first plate becomes the default (only if there is none yet).
  await users().where({ openid: caller.openid, defaultVehicleId: '' }).update({ data: { defaultVehicleId: id } })
  return listOf(caller.openid, user.defaultVehicleId ? user : undefined)
}

export async function setDefault({ id }: { id: string }, caller: Caller) {
  await ensureUser(caller.openid)
  await ownVehicle(id, caller.openid)
  await users().where({ openid: caller.openid }).update({ data: { defaultVehicleId: id } })
  return listOf(caller.openid)
}

export async function remove({ id }: { id: string }, caller: Caller) {
  await ensureUser(caller.openid)
  await ownVehicle(id, caller.openid)
  const removed = await vehicles().where({ _id: id, ownerOpenid: caller.openid }).remove()
  if (removed.stats.removed) {
    await users().where({ openid: caller.openid }).update({ data: { vehicleCount: _.inc(-1) } })
    // Removing the default passes the mark to the oldest remaining vehicle.
    const { data: rest } = await vehicles().where({ ownerOpenid: caller.openid }).orderBy('createdAt', 'asc').limit(1).get()
    const next = (rest[0] as Doc<VehicleDoc> | undefined)?._id ?? ''
    await users().where({ openid: caller.openid, defaultVehicleId: id }).update({ data: { defaultVehicleId: next } })
  }
  return listOf(caller.openid)
}

async function ownVehicle(id: string, openid: string): Promise<Doc<VehicleDoc>> {
  const { data } = await vehicles().where({ _id: id, ownerOpenid: openid }).limit(1).get()
  if (!data.length) throw new AppError('VEHICLE_NOT_FOUND')
  return data[0] as Doc<VehicleDoc>
}
