// How an account stands to a plate for the usage rules (src/domain/vehicle/usage.ts),
// read from the vehicle function's own collections: the account's 我的车辆 row
// (`vehicles`) and the plate's verified owner and settings (`plates`). Parking
// (who may pay, which lot names show, whose records) and the vehicle notices
// read relations through here, so every domain sees one answer.
//
// A row whose last change predates its plate's current ownership has not been
// swept yet (vehicle/ownership.ts sweeps after the commit): it is read as the
// move it still owes (owedEvent), as 我的车辆 does, without writing.
import { owedEvent, transition, type RelationStatus } from '../../src/domain/vehicle/relation'
import { DEFAULT_VEHICLE_SETTINGS, usageRelation, type UsageRelation, type VehicleUsage } from '../../src/domain/vehicle/usage'
import { plates, relations, type PlateDoc, type RelationDoc } from '../vehicle/records'
import { _, type Doc } from './cloud'

export interface PlateUsage {
  plate: string
  vehicle: VehicleUsage
  relation: UsageRelation
  /** The plate's verified owner, or '' when it has none. */
  ownerOpenid: string
  /** Since when the current owner (or the lack of one) holds (plates.since), 0 when never verified. */
  ownerSince: number
}

/** The status a row has once it has caught up with its plate's ownership. */
export function effectiveStatus(row: Pick<RelationDoc, 'openid' | 'status' | 'changedAt'>, plate: Doc<PlateDoc> | undefined): RelationStatus | null {
  const event = owedEvent(row, plate ? { owned: !!plate.ownerOpenid, ownedByOther: !!plate.ownerOpenid && plate.ownerOpenid !== row.openid, since: plate.since } : null)
  const next = event && transition(row.status, event)
  if (next === 'GONE') return null
  return next ?? row.status
}

function usageFrom(plate: string, row: Doc<RelationDoc> | undefined, plateDoc: Doc<PlateDoc> | undefined): PlateUsage {
  const verified = !!plateDoc?.ownerOpenid
  const status = row ? effectiveStatus(row, plateDoc) : null
  return {
    plate,
    vehicle: { verified, settings: plateDoc?.settings ?? DEFAULT_VEHICLE_SETTINGS },
    relation: usageRelation(status, verified),
    ownerOpenid: plateDoc?.ownerOpenid ?? '',
    ownerSince: plateDoc?.since ?? 0,
  }
}

/** How `openid` stands to each of `plates` (normalised), in two reads. */
export async function usagesOf(openid: string, plateList: readonly string[]): Promise<Map<string, PlateUsage>> {
  const unique = [...new Set(plateList)]
  const out = new Map<string, PlateUsage>()
  if (!unique.length) return out
  const [rows, docs] = await Promise.all([
    relations.find({ openid, plate: _.in(unique) }, { limit: 100 }),
    plates.find({ _id: _.in(unique) }, { limit: 100 }),
  ])
  for (const plate of unique)
    out.set(
      plate,
      usageFrom(
        plate,
        rows.find((r) => r.plate === plate),
        docs.find((d) => d._id === plate),
      ),
    )
  return out
}

export async function usageOf(openid: string, plate: string): Promise<PlateUsage> {
  return (await usagesOf(openid, [plate])).get(plate)!
}

export interface MyVehicle extends PlateUsage {
  relationId: string
  isDefault: boolean
  createdAt: number
}

/**
 * The account's 我的车辆 rows that give it a usage relation (owner,
 * authorized, or holder of an unverified plate), the default first, then by
 * when they were added. Rows waiting for authorization, displaced or removed
 * give none.
 */
export async function myVehicles(openid: string, defaultVehicleId = ''): Promise<MyVehicle[]> {
  const rows = await relations.find({ openid }, { orderBy: ['createdAt', 'asc'], limit: 100 })
  if (!rows.length) return []
  const docs = await plates.find({ _id: _.in([...new Set(rows.map((r) => r.plate))]) }, { limit: 100 })
  return rows
    .map((r) => ({ ...usageFrom(r.plate, r, docs.find((d) => d._id === r.plate)), relationId: r._id, isDefault: r._id === defaultVehicleId, createdAt: r.createdAt }))
    .filter((v) => v.relation !== 'NONE')
    .sort((a, b) => Number(b.isDefault) - Number(a.isDefault) || a.createdAt - b.createdAt)
}
