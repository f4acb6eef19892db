// What the verified owner controls (隐私设置 / 设置): privacy and notices,
// and who else may use the vehicle — answering requests, revoking
// authorizations. Only the account the plate document names may act.
import { AppError } from '../../src/domain/errors'
import type { VehicleSettingsValue } from '../../src/domain/vehicle/usage'
import type { Caller } from '../_shared/auth'
import { _, type Doc } from '../_shared/cloud'
import { now } from '../_shared/clock'
import { plates, loadRelation, move, nicknameOf, relations, type PlateDoc, type RelationDoc } from './records'

/** The caller's own verified row and its plate document, or a refusal. */
async function ownedVehicle(id: string, openid: string): Promise<{ rel: Doc<RelationDoc>; plate: Doc<PlateDoc> }> {
  const rel = await loadRelation(id, openid)
  const plate = await plates.findOne({ _id: rel.plate })
  if (rel.status !== 'VERIFIED' || !plate || plate.ownerRelationId !== rel._id) throw new AppError('NOT_VEHICLE_OWNER')
  return { rel, plate }
}

async function ownerView(plate: Doc<PlateDoc>) {
  const rows = await relations.find({ plate: plate._id, status: _.in(['AWAITING_AUTH', 'AUTHORIZED']) }, { orderBy: ['changedAt', 'asc'], limit: 100 })
  return {
    plate: plate._id,
    settings: plate.settings,
    members: await Promise.all(
      rows.map(async (r) => ({ id: r._id, nickname: await nicknameOf(r.openid), status: r.status as 'AWAITING_AUTH' | 'AUTHORIZED', since: r.changedAt })),
    ),
  }
}

export async function settings({ id }: { id: string }, caller: Caller) {
  return ownerView((await ownedVehicle(id, caller.openid)).plate)
}

export async function updateSettings({ id, settings }: { id: string; settings: VehicleSettingsValue }, caller: Caller) {
  const { rel, plate } = await ownedVehicle(id, caller.openid)
  // Written only while this row still owns the plate. `settingsAt` changes on every save, so saving
  // unchanged settings still counts as one document updated (the database counts only changed ones).
  if (!(await plates.update({ _id: rel.plate, ownerRelationId: rel._id }, { settings, settingsAt: now() }))) throw new AppError('NOT_VEHICLE_OWNER')
  return ownerView({ ...plate, settings })
}

/** A request or an authorization of the caller's own plate. */
async function memberOfOwnPlate(memberId: string, openid: string) {
  const member = await loadRelation(memberId)
  const plate = await plates.findOne({ _id: member.plate })
  if (!plate || plate.ownerOpenid !== openid) throw new AppError('NOT_VEHICLE_OWNER')
  return { member, plate }
}

export async function authorize({ id, approve }: { id: string; approve: boolean }, caller: Caller) {
  const { member, plate } = await memberOfOwnPlate(id, caller.openid)
  await move(member, approve ? 'AUTH_APPROVE' : 'AUTH_DECLINE', approve ? {} : { notice: 'AUTH_DECLINED' }, '该申请已处理')
  return ownerView(plate)
}

export async function revoke({ id }: { id: string }, caller: Caller) {
  const { member, plate } = await memberOfOwnPlate(id, caller.openid)
  await move(member, 'AUTH_REVOKE', { notice: 'AUTH_REVOKED' }, '该用户未获授权')
  return ownerView(plate)
}
