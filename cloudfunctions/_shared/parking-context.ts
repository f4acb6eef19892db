// What the gate (device function) and the bill (parking function) both load
// about a car in a lot: the lot's parking settings, the fee rule version a
// stay is billed by, the plate's permit there, the plate's open stay, and
// whether the lot is full. One loader each, so lane and bill always agree.
import { AppError } from '../../src/domain/errors'
import { permitWindow, ruleAt, type PermitWindow } from '../../src/domain/parking/fee'
import { _, type Doc } from './cloud'
import { collection } from './collection'
import type { PermitDoc } from './permit-records'
import { feeRules, parkingLots, spaces, stays, type FeeRuleDoc, type LotParking, type StayDoc } from './parking-records'

const permits = collection<PermitDoc>('permits')

export interface ParkingLotDoc {
  _id: string
  name: string
  parking: LotParking
}

/** The lot with its parking settings; LOT_NOT_FOUND for an unknown lot or one without parking. */
export async function loadParkingLot(lotId: string): Promise<ParkingLotDoc> {
  const lot = await parkingLots.findOne({ _id: lotId })
  if (!lot?.parking) throw new AppError('LOT_NOT_FOUND')
  return lot as ParkingLotDoc
}

/** Every lot that has parking (there are few: one query). */
export async function loadParkingLots(): Promise<ParkingLotDoc[]> {
  const all = await parkingLots.find({}, { limit: 100 })
  return all.filter((l): l is Doc<typeof l> & ParkingLotDoc => !!l.parking)
}

/** The rule version in force at `at` (a stay's entry): the latest `from` ≤ at. A lot without one cannot bill. */
export async function ruleVersionAt(lotId: string, at: number): Promise<Doc<FeeRuleDoc>> {
  const versions = await feeRules.find({ lotId, from: _.lte(at) }, { orderBy: ['from', 'desc'], limit: 1 })
  const v = ruleAt(versions, at)
  if (!v) throw new Error(`lot ${lotId} has no fee rule in force at ${new Date(at).toISOString()}`)
  return v
}

/** The plate's permit at the lot as a validity window, or null. */
export async function permitOf(lotId: string, plate: string | null): Promise<PermitWindow | null> {
  if (!plate) return null
  const p = await permits.findOne({ lotId, plate })
  return p ? permitWindow(p.validUntil) : null
}

/** The plate's stay in the lot that has not ended. */
export async function openStayOf(lotId: string, plate: string): Promise<Doc<StayDoc> | undefined> {
  return stays.findOne({ lotId, plate, status: 'IN' })
}

/** Free spaces by the sensors. */
export function freeSpaces(lotId: string): Promise<number> {
  return spaces.count({ lotId, occupied: false })
}
