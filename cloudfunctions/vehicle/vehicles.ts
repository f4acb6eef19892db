// 我的车辆: list, add, set default, remove (seed 001 §2.1 steps 1–2).
import { AppError } from '../../src/domain/errors'
import { MAX_VEHICLES_PER_USER, type Vehicle } from '../../src/domain/contracts/vehicle'
import type { Caller } from '../_shared/auth'
import { _, type Doc } from '../_shared/cloud'
import { now } from '../_shared/clock'
import { collection } from '../_shared/collection'
import { isDuplicateKey } from '../_shared/db-errors'
import { ensureUser, users, type UserDoc } from '../_shared/users'

interface VehicleDoc {
  ownerOpenid: string
  plate: string
  createdAt: number
}

const vehicles = collection<VehicleDoc>('vehicles')

async function listOf(openid: string, owner?: Doc<UserDoc>): Promise<{ vehicles: Vehicle[] }> {
  const user = owner ?? (await ensureUser(openid))
  const docs = await vehicles.find({ ownerOpenid: openid }, { orderBy: ['createdAt', 'asc'], limit: MAX_VEHICLES_PER_USER * 2 })
  return {
    vehicles: docs.map((v) => ({ id: v._id, plate: v.plate, isDefault: v._id === user.defaultVehicleId, createdAt: v.createdAt })),
  }
}

export async function list(_input: unknown, caller: Caller) {
  return listOf(caller.openid)
}

export async function add({ plate }: { plate: string }, caller: Caller) {
  await ensureUser(caller.openid)
  if (await vehicles.findOne({ ownerOpenid: caller.openid, plate })) throw new AppError('VEHICLE_DUPLICATE')

  // Reserve a slot: the limit holds even when two adds race.
  const reserved = await users.update({ openid: caller.openid, vehicleCount: _.lt(MAX_VEHICLES_PER_USER) }, { vehicleCount: _.inc(1) })
  if (!reserved) throw new AppError('VEHICLE_LIMIT', `最多可添加 ${MAX_VEHICLES_PER_USER} 辆车`)

  let id: string
  try {
    id = await vehicles.add({ ownerOpenid: caller.openid, plate, createdAt: now() })
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
  await ownVehicle(id, caller.openid)
  await users.update({ openid: caller.openid }, { defaultVehicleId: id })
  return listOf(caller.openid)
}

export async function remove({ id }: { id: string }, caller: Caller) {
  await ownVehicle(id, caller.openid)
  if (await vehicles.remove({ _id: id, ownerOpenid: caller.openid })) {
    await users.update({ openid: caller.openid }, { vehicleCount: _.inc(-1) })
    // Removing the default passes the mark to the oldest remaining vehicle.
    const [next] = await vehicles.find({ ownerOpenid: caller.openid }, { orderBy: ['createdAt', 'asc'], limit: 1 })
    await users.update({ openid: caller.openid, defaultVehicleId: id }, { defaultVehicleId: next?._id ?? '' })
  }
  return listOf(caller.openid)
}

async function ownVehicle(id: string, openid: string): Promise<Doc<VehicleDoc>> {
  const found = await vehicles.findOne({ _id: id, ownerOpenid: openid })
  if (!found) throw new AppError('VEHICLE_NOT_FOUND')
  return found
}
