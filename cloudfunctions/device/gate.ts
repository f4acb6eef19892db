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
// - Entry: a lot is full for a car without a reservation when the free spaces
//   less those held for reservations in their window are 0; a plate with a
//   reservation in its window enters anyway (reservation-gate.ts). Entering,
//   the reservation is used (已入场) and the stay carries its fee, deducted
//   from the parking fee.
// - Entry with a visitor pass (访客预约) for the plate that is valid now
//   (_shared/visitor-gate.ts): when nothing else admits the car the LED
//   greets 访客车辆 and, as the barrier opens, the pass becomes 已到访 and
//   the host is told; a car a permit or reservation admits leaves the pass
//   unused. A pass holds no space, so a full lot still refuses it (gate.ts
//   mayEnter). The stay it opens carries who pays the visitor's parking:
//   when it is not the visitor, the visit's time is free at the exit as a
//   permit's is (visitor/parking.ts).
// - Entry that opens: a new stay (IN). A plate that already has an open stay
//   here entered again without its exit being read (a missed read, or a
//   cloned plate): billing the new visit from the old entry would charge a
//   regular for every day since, so the old stay is ended unbilled — status
//   OUT with `exitAt` null (the one mark of an exit never seen) and the flag
//   EXIT_MISSED — and a new stay opens with the decision's DUPLICATE_ENTRY
//   flag, which staff see on it in 场内车辆. An unpaid fixed-amount stay (no
//   entry record) is ended the same way and never becomes the new visit: a
//   new visit attached to it would pay only its first period.
// - Exit that opens: the stay ends (OUT, with exit time and lane).
// - A locked car (锁车, vehicle-locks.ts; read in parallel with the rest) is
//   refused at every exit, with nothing written but the gate event; its
//   verified owner gets a LOCKED_EXIT notice, once per attempt (not again for
//   each re-read while the lane still holds it). Unlocking lets it out at the
//   next read. Staff may still open its barrier by hand (手动抬杆, audited):
//   a person decided, and what the car owed is still told (endStayForOpen
//   asks the fee without the lock).
// - Exit refused as NO_ENTRY_RECORD: a stay is opened at that moment with
//   `fixedFen` = the amount the gate asked for and the flag, so the driver can
//   find and pay it (扫码出场). From then on the gate asks that stored amount
//   by the bill's own rule (fee.ts fixedFee); once paid it opens (PAID within
//   the grace period; after it, nothing is due: a fixed amount has no overstay).
// - Exit, no open stay, but the plate's last stay here ended at an exit less
//   than JUST_LEFT_MINUTES ago (gate.ts): the camera read the car it just let
//   out again, or the car is still there because the answer that opened the
//   barrier (or the heartbeat that carried an `open`) was lost. It opens again
//   and nothing is written but the gate event; a new fixed-amount stay here
//   would stay IN forever and be joined by the car's next visit. That read is
//   made on every exit, in parallel with the others, so it costs no latency.
// - Two entries of one plate at the same instant would make two stays; one car
//   cannot be at two lanes at once, and a camera sends its reads one at a
//   time, so no lock is taken (a lock would cost every barrier a round trip).
// - Every read is recorded in gate_events with its decision (the device log).
// - The decision only reads, so it is made before the request's nonce is spent;
//   then the stay, the gate event and the entry notice are written together (a
//   new stay's id is chosen here for that). A notice that fails never fails
//   the gate (vehicle-notices.ts). A barrier must feel instant: `npm run bench`
//   measures this path.
// - The answer waits for the notice, but at most NOTICE_WAIT_MS (noticeWithin).
//   CloudBase freezes an instance once its function returns, so a send left
//   running then may finish only when the instance next wakes, or never:
//   waiting is what makes a notice arrive. But WeChat's API can be slow or
//   hang, and a car must not wait at the barrier for it; past the bound the
//   answer goes out and the send finishes if the instance lives on (a notice
//   is a courtesy, and a lane's camera calls often enough to keep it warm).
//   A durable outbox drained by the sweep would be reliable but late by up to
//   a minute, and an 入场 notice a minute late is worth less than one that is
//   usually instant.
import { randomUUID } from 'node:crypto'
import * as z from '../../src/domain/zod'
import { AppError } from '../../src/domain/errors'
import { FileId } from '../../src/domain/contracts/fields'
import { ruleAt, stayMinutes, vehicleKindOfPlate, VEHICLE_KINDS, type VehicleKind } from '../../src/domain/parking/fee'
import { gateDecision, JUST_LEFT_MINUTES, type GateDecision, type OpenStay } from '../../src/domain/parking/gate'
import { PlateInput } from '../../src/domain/plate'
import { _, type Doc } from '../_shared/cloud'
import { now as clockNow } from '../_shared/clock'
import { loadParkingLot, openStayOf, permitOf, ruleVersionAt, type ParkingLotDoc } from '../_shared/parking-context'
import { freeForWalkIns, reservationAtEntry, useReservation } from '../_shared/reservation-gate'
import type { ReservationDoc } from '../_shared/reservations'
import { notifyArrivedAtLane, stayVisitOf, useVisitorPass, visitorPassAtEntry, type EntryVisit } from '../_shared/visitor-gate'
import { visitWindow } from '../../src/domain/visitor/parking'
import { feeRules, gateEvents, newStayDoc, stays, type DeviceDoc, type FeeRuleDoc, type Lane, type LaneCommand, type StayDoc } from '../_shared/parking-records'
import { refusedCarAt } from '../_shared/parking-lanes'
import { notifyVehicle } from '../_shared/vehicle-notices'
import { isLocked } from '../_shared/vehicle-locks'
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

/** The open stay as the gate sees it: a fixed-amount stay keeps its stored amount (the bill's). */
function gateStayOf(stay: Doc<StayDoc>): OpenStay {
  return { entryAt: stay.entryAt, paid: stay.paid, fixedFen: stay.fixedFen ?? null, prepaidFen: stay.reservation?.prepaidFen ?? 0, visit: visitWindow(stay.visitor, stay.entryAt) }
}

/** A stay opened at an exit with no entry record and not paid: a debt the car left behind, never a visit to join. */
const unpaidFixed = (stay: Pick<StayDoc, 'fixedFen' | 'paid'>) => stay.fixedFen !== null && stay.fixedFen !== undefined && !stay.paid

const JUST_LEFT_MS = JUST_LEFT_MINUTES * 60_000

/** The plate's stay here that ended at an exit within JUST_LEFT_MINUTES, if any. */
async function justLeftOf(lotId: string, plate: string, now: number): Promise<Doc<StayDoc> | undefined> {
  const [left] = await stays.find({ plate, status: 'OUT', lotId, exitAt: _.gte(now - JUST_LEFT_MS) }, { orderBy: ['exitAt', 'desc'], limit: 1 })
  return left
}

export interface LaneDecision {
  decision: GateDecision
  /** The plate's open stay here (at an entry, the one a new visit ends). */
  stay: Doc<StayDoc> | undefined
  /** Exit without an open stay: the stay that just ended, when the read is of that car again. */
  left?: Doc<StayDoc>
  kind: VehicleKind
  /** Entry: the plate's reservation (车位预定) it uses if it enters now. */
  reservation?: Doc<ReservationDoc>
  /** Entry: the plate's visitor pass (访客预约) it uses if it enters now. */
  visit?: EntryVisit
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

/**
 * What the lane decides for this plate (or none) now. The heartbeat asks the
 * same question of a hand-opened exit, what the car owed, with `ignoreLock`:
 * staff opened the barrier, so a lock does not hide the money still due.
 * Reads only.
 */
export async function decideAt(
  lot: ParkingLotDoc,
  lane: Lane,
  plate: string | null,
  reported: VehicleKind | undefined,
  now: number,
  opts: { ignoreLock?: boolean } = {},
): Promise<LaneDecision> {
  if (plate === null) {
    const version = await versionAt(lot._id, await versionsBy(lot._id, now), now)
    const decision = gateDecision({ lane: lane.kind, now, plate: null, kind: reported ?? 'small', rule: version.rule, stay: null, permit: null, lotFull: false })
    return { decision, stay: undefined, kind: reported ?? 'small' }
  }
  const entry = lane.kind === 'entry'
  const [stay, permit, versions, free, justLeft, locked, reserved, visit] = await Promise.all([
    openStayOf(lot._id, plate),
    permitOf(lot._id, plate),
    versionsBy(lot._id, now),
    entry ? freeForWalkIns(lot._id, now) : Promise.resolve(1),
    entry ? Promise.resolve(undefined) : justLeftOf(lot._id, plate, now),
    !entry && !opts.ignoreLock ? isLocked(plate) : Promise.resolve(false),
    entry ? reservationAtEntry(lot._id, plate, now) : Promise.resolve(null),
    entry ? visitorPassAtEntry(plate, now) : Promise.resolve(null),
  ])
  const kind = (lane.kind === 'exit' && stay?.kind) || reported || vehicleKindOfPlate(plate)
  // At an entry an unpaid fixed-amount stay is no visit the car is on: no DUPLICATE_ENTRY for it.
  const gateStay = stay && !(lane.kind === 'entry' && unpaidFixed(stay)) ? gateStayOf(stay) : null
  // Billed by the version in force when the stay began; a fixed-amount stay began when it was first seen at the exit.
  const version = await versionAt(lot._id, versions, stay && lane.kind === 'exit' ? stay.entryAt : now)
  const left = stay ? undefined : justLeft
  const decision = gateDecision({
    lane: lane.kind,
    now,
    plate,
    kind,
    rule: version.rule,
    stay: gateStay,
    justLeft: !!left,
    permit,
    lotFull: free === 0,
    locked,
    reservation: reserved?.use === 'ADMIT',
    visitorPass: visit !== null,
  })
  return { decision, stay, left, kind, reservation: reserved?.reservation, visit: visit ?? undefined }
}

/** How long a barrier's answer waits for the notice it caused (see the header). */
export const NOTICE_WAIT_MS = 300

/** Waits for `notice`, but not longer than `ms`; never throws (a notice never fails the gate). */
export async function noticeWithin(notice: Promise<unknown>, ms = NOTICE_WAIT_MS): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), ms)))
  const settled = notice.then(
    () => 'done' as const,
    (e) => {
      console.error('[device] a notice failed', e)
      return 'done' as const
    },
  )
  try {
    if ((await Promise.race([settled, late])) === 'late') console.warn(`[device] a notice is still sending after ${ms} ms; answering without waiting for it`)
  } finally {
    clearTimeout(timer)
  }
}

/** Ends an open stay at an exit lane; false when it had already ended. */
export async function closeStay(stayId: string, laneId: string, now: number): Promise<boolean> {
  return (await stays.update({ _id: stayId, status: 'IN' }, { status: 'OUT', exitAt: now, exitLaneId: laneId, updatedAt: now })) === 1
}

/** Ends an open stay whose car was never seen leaving (its plate entered again): OUT, no exit time, flagged for staff. */
async function endMissedExit(stayId: string, now: number): Promise<boolean> {
  return (await stays.update({ _id: stayId, status: 'IN' }, { status: 'OUT', exitAt: null, exitLaneId: null, flags: _.addToSet('EXIT_MISSED'), updatedAt: now })) === 1
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
    const { decision, stay, left, kind, reservation, visit } = await decideAt(lot, lane, seen.plate, seen.kind, now)
    return async () => {
      const plate = seen.plate
      const writes: Array<Promise<unknown>> = []
      let notice: Promise<unknown> = Promise.resolve()
      let stayId: string | null = stay?._id ?? left?._id ?? null

      if (plate !== null && lane.kind === 'entry' && decision.open) {
        if (stay) writes.push(endMissedExit(stay._id, now))
        stayId = newStayId()
        const flags = decision.flag === 'DUPLICATE_ENTRY' ? (['DUPLICATE_ENTRY'] as const) : []
        // Used before the stay is written: the stay carries the fee paid only if the reservation was this car's to use.
        const used = reservation ? await useReservation(reservation, stayId, now) : null
        writes.push(stays.insert(stayId, newStayDoc({ lotId: lot._id, laneId: lane.id, plate, kind, at: now, photo: seen.photo ?? null, flags: [...flags], reservation: used, visitor: visit ? stayVisitOf(visit, decision.reason) : null })))
        notice = notifyVehicle(plate, { kind: 'ENTRY' }, null, { lotName: lot.name })
        if (visit) {
          const used = useVisitorPass(visit, decision.reason, lane.id, now)
          writes.push(used)
          notice = Promise.all([notice, used.then((moved) => notifyArrivedAtLane(visit, moved, now, lot.name))])
        }
      } else if (plate !== null && lane.kind === 'exit' && decision.open) {
        if (stay) writes.push(closeStay(stay._id, lane.id, now))
      } else if (plate !== null && decision.reason === 'LOCKED') {
        // The owner is told once per attempt: a camera re-reading the car it is still holding (its last refusal, this plate, LOCKED) tells nobody again.
        const last = await refusedCarAt(lot._id, lane.id, now)
        if (!(last && last.plate === plate && last.decision.reason === 'LOCKED')) notice = notifyVehicle(plate, { kind: 'LOCKED_EXIT' }, null, { lotName: lot.name })
      } else if (plate !== null && lane.kind === 'exit' && decision.reason === 'NO_ENTRY_RECORD' && !stay) {
        stayId = newStayId()
        // Named by the exit lane: where it was first seen.
        writes.push(stays.insert(stayId, newStayDoc({ lotId: lot._id, laneId: lane.id, plate, kind, at: now, photo: seen.photo ?? null, fixedFen: decision.amountFen, flags: ['NO_ENTRY_RECORD'] })))
      }

      const { open, reason, led, voice, amountFen, flag } = decision
      writes.push(gateEvents.add({ lotId: lot._id, laneId: lane.id, deviceId: device._id, plate, confidence: seen.confidence ?? null, decision: { open, reason, led, voice, amountFen, flag }, stayId, at: now }))
      await Promise.all([Promise.all(writes), noticeWithin(notice)])
      return { ok: true, open, reason, led, voice, amountFen }
    }
  },
}

/**
 * An `open` the app sent for a car leaving (paid at the lane, 开闸出场) whose
 * car was locked (锁车) after it was sent: the heartbeat never hands it out,
 * as the camera would refuse the car now. Staff opening by hand is a person's
 * decision and passes.
 */
export async function lockedSinceSent(command: Doc<LaneCommand>): Promise<boolean> {
  if (command.command !== 'open' || !command.stayId || (command.reason !== 'paid' && command.reason !== 'exit')) return false
  const stay = await stays.findOne({ _id: command.stayId })
  return isLocked(stay?.plate)
}

/**
 * An `open` at an exit lane for a known stay (paid at the lane, or opened by
 * hand by staff), about to be handed out: the car passes, so its stay ends.
 * The heartbeat calls this before it marks the command delivered, so a
 * function that dies in between leaves the command pending and the next
 * heartbeat delivers it (the stay is ended once: closeStay needs it IN). When
 * money was still owed (opened by hand), returns the unpaid-exit notice to
 * send; only the heartbeat that ended the stay sends it.
 */
export async function endStayForOpen(command: Doc<LaneCommand>, now: number): Promise<(() => Promise<unknown>) | null> {
  if (command.command !== 'open' || !command.stayId) return null
  const stay = await stays.findOne({ _id: command.stayId, lotId: command.lotId, status: 'IN' })
  if (!stay) return null
  let lot: ParkingLotDoc
  try {
    lot = await loadParkingLot(command.lotId)
  } catch {
    return null
  }
  const lane = lot.parking.lanes.find((l) => l.id === command.laneId)
  if (!lane || lane.kind !== 'exit') return null
  // What the lane would have asked of this car now; a plateless stay has no plate to read, so its bill is by time alone.
  const owed = stay.plate
    ? await decideAt(lot, lane, stay.plate, stay.kind, now, { ignoreLock: true }).then(({ decision }) => (decision.open ? 0 : decision.amountFen))
    : 0
  if (!(await closeStay(stay._id, lane.id, now))) return null
  const plate = stay.plate
  if (owed > 0 && plate) return () => notifyVehicle(plate, { kind: 'EXIT', paid: false }, null, { lotName: lot.name, minutes: stayMinutes(stay.entryAt, now), amountFen: owed })
  return null
}
