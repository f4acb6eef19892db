// The vehicle collections, their documents, and the one way a relation
// changes status: the state machine's transition, written as a conditional
// update on the status it was read in. Ownership of a plate changes only
// inside a transaction over the plate document (see ownership.ts).
import { AppError } from '../../src/domain/errors'
import { MAX_VEHICLES_PER_USER, type Vehicle } from '../../src/domain/contracts/vehicle'
import { owedEvent, transition, type NoticeKind, type RelationEvent, type RelationStatus } from '../../src/domain/vehicle/relation'
import type { AppealStatus } from '../../src/domain/vehicle/appeal'
import type { VehicleSettingsValue } from '../../src/domain/vehicle/usage'
import { _, type Doc } from '../_shared/cloud'
import { now } from '../_shared/clock'
import { collection } from '../_shared/collection'
import { users } from '../_shared/users'

/** One account's relation to a plate: a row of its 我的车辆. */
export interface RelationDoc {
  openid: string
  plate: string
  createdAt: number
  status: RelationStatus
  /** A prompt waiting to be shown ('' when none). */
  notice: NoticeKind | ''
  /** The proof of the latest verification (key → text or cloud fileID). */
  proof: Record<string, string> | null
  submittedAt: number | null
  rejectReason: string | null
  changedAt: number
}

/** A plate's verified owner (_id = the plate); ownerOpenid '' when it has none. */
export interface PlateDoc {
  ownerOpenid: string
  ownerRelationId: string
  since: number
  settings: VehicleSettingsValue
  /** When the owner last saved the settings. */
  settingsAt?: number
  /**
   * 锁车: set by the owner or an account they authorized; every exit lane
   * refuses the car while it is set. Part of the ownership it was set under:
   * a change of owner writes the plate anew without it (locks.ts).
   */
  lock?: PlateLock | null
}

export interface PlateLock {
  by: string
  at: number
}

export interface AppealDoc {
  relationId: string
  openid: string
  plate: string
  reason: string
  photos: string[]
  /** How the appellant lost the vehicle. */
  cause: NoticeKind
  status: AppealStatus
  createdAt: number
  decidedBy: string
  decidedAt: number | null
  decisionReason: string
}

export const relations = collection<RelationDoc>('vehicles')
export const plates = collection<PlateDoc>('plates')
export const appeals = collection<AppealDoc>('appeals')

/** Rows the account no longer holds: shown only through their prompt. */
export async function loadRelation(id: string, openid?: string): Promise<Doc<RelationDoc>> {
  const rel = await relations.findOne(openid ? { _id: id, openid } : { _id: id })
  if (!rel) throw new AppError('VEHICLE_NOT_FOUND')
  return rel
}

export async function ownerOf(plate: string): Promise<Doc<PlateDoc> | undefined> {
  const doc = await plates.findOne({ _id: plate })
  return doc?.ownerOpenid ? doc : undefined
}

/**
 * Moves a relation by `event`. Refused when the table does not allow it;
 * CONFLICT when another call moved it first. GONE deletes the row.
 */
export async function move(rel: Doc<RelationDoc>, event: RelationEvent, changes: Partial<RelationDoc> = {}, refusal?: string) {
  const next = transition(rel.status, event)
  if (!next) throw new AppError('VEHICLE_STATE', refusal)
  if (next === 'GONE') {
    if (!(await relations.remove({ _id: rel._id, status: rel.status }))) throw new AppError('CONFLICT')
    await forget(rel)
    return null
  }
  const data = { ...changes, status: next, changedAt: now() }
  if (!(await relations.update({ _id: rel._id, status: rel.status }, data))) throw new AppError('CONFLICT')
  return { ...rel, ...data } as Doc<RelationDoc>
}

/** After a row is deleted: free its slot, and pass the default mark to the oldest remaining row. */
export async function forget(rel: Doc<RelationDoc>) {
  await users.update({ openid: rel.openid }, { vehicleCount: _.inc(-1) })
  const [next] = await relations.find({ openid: rel.openid }, { orderBy: ['createdAt', 'asc'], limit: 1 })
  await users.update({ openid: rel.openid, defaultVehicleId: rel._id }, { defaultVehicleId: next?._id ?? '' })
}

/** 我的车辆 as the account sees it now. */
export async function listOf(openid: string): Promise<{ vehicles: Vehicle[] }> {
  const user = await users.findOne({ openid }) // reading creates nothing: no user document, no default
  const rows = await relations.find({ openid }, { orderBy: ['createdAt', 'asc'], limit: MAX_VEHICLES_PER_USER * 2 })
  // One read for the plates of all rows, to catch each row up with its plate's ownership.
  const owners = rows.length ? await plates.find({ _id: _.in([...new Set(rows.map((r) => r.plate))]) }) : []
  const docs = await Promise.all(rows.map((r) => catchUp(r, owners.find((p) => p._id === r.plate))))
  const vehicles = await Promise.all(
    docs.map(async (v) => ({
      id: v._id,
      plate: v.plate,
      isDefault: !!user && v._id === user.defaultVehicleId,
      createdAt: v.createdAt,
      status: v.status,
      notice: v.notice || null,
      rejectReason: v.status === 'ADDED' || v.status === 'AWAITING_AUTH' ? v.rejectReason : null,
      pendingRequests: v.status === 'VERIFIED' ? await relations.count({ plate: v.plate, status: 'AWAITING_AUTH' }) : 0,
    })),
  )
  return { vehicles }
}

/** Applies a move the row still owes its plate's ownership (see owedEvent); the row as it is now. */
async function catchUp(rel: Doc<RelationDoc>, plate: Doc<PlateDoc> | undefined): Promise<Doc<RelationDoc>> {
  const event = owedEvent(rel, plate ? { owned: !!plate.ownerOpenid, ownedByOther: !!plate.ownerOpenid && plate.ownerOpenid !== rel.openid, since: plate.since } : null)
  const next = event && transition(rel.status, event)
  if (!next || next === 'GONE') return rel
  const data: Partial<RelationDoc> = { status: next, changedAt: now(), ...(event === 'SUPERSEDE' ? { notice: 'SUPERSEDED_ADDED' as const } : {}) }
  // Only if nobody moved the row meanwhile; if somebody did, read what it is now.
  if (await relations.update({ _id: rel._id, status: rel.status, changedAt: rel.changedAt }, data)) return { ...rel, ...data }
  return (await relations.findOne({ _id: rel._id })) ?? rel
}

export async function nicknameOf(openid: string): Promise<string> {
  return (await users.findOne({ openid }))?.nickname ?? `微信用户${openid.slice(-4)}`
}
