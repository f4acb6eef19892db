// `plateSeen` from a lane's camera: what the gate decides (src/domain/parking/gate.ts)
// and what that does to the car's stay. The camera's lane is the device's
// `laneId`; whether it is an entry or an exit is the lot's (parking.lanes).
//
// Decisions:
// - The gate is given what the bill would use (parking-context.ts loaders): the
//   rule version in force at the stay's entry (or now, with no stay), the
//   plate's permit at the lot, its open stay, and whether the sensors see no
//   free space. At an exit the stay's own vehicle kind is billed, not the
//   camera's guess.
// - Entry that opens: a new stay (IN). A plate that already has an open stay
//   here keeps that stay and gains the DUPLICATE_ENTRY flag for staff.
// - Exit that opens: the stay ends (OUT, with exit time and lane).
// - Exit refused as NO_ENTRY_RECORD: a stay is opened at that moment with
//   `fixedFen` = the amount the gate asked for and the flag, so the driver can
//   find and pay it (扫码出场). Until it is paid the gate treats it as having no
//   entry record again, billed by the rule version in force when it was opened,
//   so the amount is the same; once paid it opens (PAID within the grace
//   period; after it, nothing is due: a fixed amount has no overstay).
// - Two entries of one plate at the same instant would make two stays; one car
//   cannot be at two lanes at once, and a camera sends its reads one at a
//   time, so no lock is taken (a lock would cost every barrier a round trip).
// - Every read is recorded in gate_events with its decision (the device log).
// - The decision only reads, so it is made before the request's nonce is spent;
//   then the stay, the gate event and the entry notice are written together (a
//   new stay's id is chosen here for that). A notice that fails never fails
//   the gate (vehicle-notices.ts). A barrier must feel instant: `npm run bench`
//   measures this path.
import { randomUUID } from 'node:crypto'
import * as z from '../../src/domain/zod'
import { AppError } from '../../src/domain/errors'
import { FileId } from '../../src/domain/contracts/fields'
import { ruleAt, stayMinutes, vehicleKindOfPlate, VEHICLE_KINDS, type VehicleKind } from '../../src/domain/parking/fee'
import { gateDecision, type GateDecision, type OpenStay } from '../../src/domain/parking/gate'
import { PlateInput } from '../../src/domain/plate'
import { _, type Doc } from '../_shared/cloud'
import { now as clockNow } from '../_shared/clock'
import { freeSpaces, loadParkingLot, openStayOf, permitOf, ruleVersionAt, type ParkingLotDoc } from '../_shared/parking-context'
import { feeRules, gateEvents, stays, type DeviceDoc, type FeeRuleDoc, type Lane, type LaneCommand, type StayDoc } from '../_shared/parking-records'
import { notifyVehicle } from '../_shared/vehicle-notices'
import { EventRefusal, readData, type DeviceEvent } from './event'

const PlateSeen = z.strictObject({
  plate: z.nullable(PlateInput),
  confidence: z.optional(z.number('识别置信度应为 0–1 之间的数').check(z.minimum(0, '识别置信度应为 0–1 之间的数'), z.maximum(1, '识别置信度应为 0–1 之间的数'))),
  photo: z.optional(FileId),
  kind: z.optional(z.enum(VEHICLE_KINDS, '车型应为 small、large 或 newEnergy')),
})

/** The device's lot and lane, or a refusal: a camera must stand at a lane of a lot with parking. */
export async function laneOf(device: Doc<DeviceDoc>): Promise<{ lot: ParkingLotDoc; lane: Lane }> {
  let lot: ParkingLotDoc
  try {
    lot = await loadParkingLot(device.lotId)
  } catch (e) {
    if (e instanceof AppError) throw new EventRefusal('unknown_lot', '设备所属车场未配置停车信息')
    throw e
  }
  const lane = lot.parking.lanes.find((l) => l.id === device.laneId)
  if (!lane) throw new EventRefusal('unknown_lane', '设备所在车道未登记')
  return { lot, lane }
}

/**
 * The open stay as the gate sees it. A stay opened at an exit with no entry
 * record (fixedFen) is, until paid, no stay at all (so the gate asks for the
 * same first-period amount again); once paid only its grace period matters.
 */
function gateStayOf(stay: Doc<StayDoc>, now: number): OpenStay | null {
  if (stay.fixedFen === null) return { entryAt: stay.entryAt, paid: stay.paid }
  return stay.paid ? { entryAt: now, paid: stay.paid } : null
}

export interface LaneDecision {
  decision: GateDecision
  stay: Doc<StayDoc> | undefined
  kind: VehicleKind
}

/**
 * The lot's rule versions in force by `now`, newest first: one read gives both
 * the version in force now and the one at a stay's entry (ruleAt, as
 * ruleVersionAt picks it), which saves a barrier a round trip.
 */
async function versionsBy(lotId: string, now: number) {
  return feeRules.find({ lotId, from: _.lte(now) }, { orderBy: ['from', 'desc'], limit: 20 })
}

/** The version in force at `at` among `versions`, or (older than those) as the bill's loader finds it; throws when the lot has none. */
async function versionAt(lotId: string, versions: Array<Doc<FeeRuleDoc>>, at: number): Promise<Doc<FeeRuleDoc>> {
  return ruleAt(versions, at) ?? ruleVersionAt(lotId, at)
}

/** What the lane decides for this plate (or none) now. The heartbeat asks the same question of a hand-opened exit. Reads only. */
export async function decideAt(lot: ParkingLotDoc, lane: Lane, plate: string | null, reported: VehicleKind | undefined, now: number): Promise<LaneDecision> {
  if (plate === null) {
    const version = await versionAt(lot._id, await versionsBy(lot._id, now), now)
    const decision = gateDecision({ lane: lane.kind, now, plate: null, kind: reported ?? 'small', rule: version.rule, stay: null, permit: null, lotFull: false })
    return { decision, stay: undefined, kind: reported ?? 'small' }
  }
  const [stay, permit, versions, free] = await Promise.all([
    openStayOf(lot._id, plate),
    permitOf(lot._id, plate),
    versionsBy(lot._id, now),
    lane.kind === 'entry' ? freeSpaces(lot._id) : Promise.resolve(1),
  ])
  const kind = (lane.kind === 'exit' && stay?.kind) || reported || vehicleKindOfPlate(plate)
  const gateStay = stay ? gateStayOf(stay, now) : null
  // Billed by the version in force when the stay began; a fixed-amount stay began when it was first seen at the exit.
  const version = await versionAt(lot._id, versions, stay && lane.kind === 'exit' ? stay.entryAt : now)
  const decision = gateDecision({ lane: lane.kind, now, plate, kind, rule: version.rule, stay: gateStay, permit, lotFull: free === 0 })
  return { decision, stay, kind }
}

const newStay = (lot: ParkingLotDoc, lane: Lane, plate: string, kind: VehicleKind, now: number, photo: string | null, extra: Partial<StayDoc> = {}): StayDoc => ({
  lotId: lot._id,
  plate,
  tempPlate: null,
  openid: null,
  kind,
  status: 'IN',
  entryAt: now,
  // A stay opened at an exit (no entry record) names that exit lane: where it was first seen.
  entryLaneId: lane.id,
  entryPhoto: photo,
  exitAt: null,
  exitLaneId: null,
  paid: null,
  paidOrders: [],
  fixedFen: null,
  spaceId: null,
  flags: [],
  updatedAt: now,
  ...extra,
})

/** Ends an open stay at an exit lane; false when it had already ended. */
export async function closeStay(stayId: string, laneId: string, now: number): Promise<boolean> {
  return (await stays.update({ _id: stayId, status: 'IN' }, { status: 'OUT', exitAt: now, exitLaneId: laneId, updatedAt: now })) === 1
}

/** A new stay's id, chosen here so the stay and its gate event are written at once. */
const newStayId = () => randomUUID().replace(/-/g, '')

export const plateSeen: DeviceEvent = {
  async prepare(device, data) {
    if (device.kind !== 'camera') throw new EventRefusal('wrong_device', '只有车道相机可以上报车牌')
    const seen = readData(PlateSeen, data, '车牌识别事件')
    const { lot, lane } = await laneOf(device)
    // Deciding only reads, so it is done before the nonce is spent; the writes follow it.
    const now = clockNow()
    const { decision, stay, kind } = await decideAt(lot, lane, seen.plate, seen.kind, now)
    return async () => {
      const plate = seen.plate
      const writes: Array<Promise<unknown>> = []
      let stayId: string | null = stay?._id ?? null

      if (plate !== null && lane.kind === 'entry' && decision.open) {
        if (stay) writes.push(stays.update({ _id: stay._id }, { flags: _.addToSet('DUPLICATE_ENTRY'), updatedAt: now }))
        else {
          stayId = newStayId()
          writes.push(stays.insert(stayId, newStay(lot, lane, plate, kind, now, seen.photo ?? null)))
          writes.push(notifyVehicle(plate, { kind: 'ENTRY' }, null, { lotName: lot.name }))
        }
      } else if (plate !== null && lane.kind === 'exit' && decision.open) {
        if (stay) writes.push(closeStay(stay._id, lane.id, now))
      } else if (plate !== null && lane.kind === 'exit' && decision.reason === 'NO_ENTRY_RECORD' && !stay) {
        stayId = newStayId()
        writes.push(stays.insert(stayId, newStay(lot, lane, plate, kind, now, seen.photo ?? null, { fixedFen: decision.amountFen, flags: ['NO_ENTRY_RECORD'] })))
      }

      const { open, reason, led, voice, amountFen, flag } = decision
      writes.push(gateEvents.add({ lotId: lot._id, laneId: lane.id, deviceId: device._id, plate, confidence: seen.confidence ?? null, decision: { open, reason, led, voice, amountFen, flag }, stayId, at: now }))
      await Promise.all(writes)
      return { ok: true, open, reason, led, voice, amountFen }
    }
  },
}

/**
 * A delivered `open` at an exit lane for a known stay (paid at the lane, or
 * opened by hand by staff): the car passes, so its stay ends. When money was
 * still owed (opened by hand), the unpaid-exit notice goes out.
 */
export async function commandDelivered(command: Doc<LaneCommand>): Promise<void> {
  if (command.command !== 'open' || !command.stayId) return
  const now = clockNow()
  const stay = await stays.findOne({ _id: command.stayId, lotId: command.lotId, status: 'IN' })
  if (!stay) return
  let lot: ParkingLotDoc
  try {
    lot = await loadParkingLot(command.lotId)
  } catch {
    return
  }
  const lane = lot.parking.lanes.find((l) => l.id === command.laneId)
  if (!lane || lane.kind !== 'exit') return
  // What the lane would have asked of this car now; a plateless stay has no plate to read, so its bill is by time alone.
  const owed = stay.plate
    ? await decideAt(lot, lane, stay.plate, stay.kind, now).then(({ decision }) => (decision.open ? 0 : decision.amountFen))
    : 0
  if (!(await closeStay(stay._id, lane.id, now))) return
  if (owed > 0 && stay.plate) {
    await notifyVehicle(stay.plate, { kind: 'EXIT', paid: false }, null, { lotName: lot.name, minutes: stayMinutes(stay.entryAt, now), amountFen: owed })
  }
}
