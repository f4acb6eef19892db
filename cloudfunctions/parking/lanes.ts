// 扫码开闸 (seed 001 §2.4): a lane's QR names the lane; at an entry lane
// 确认入场 opens it for one of the caller's vehicles, or for a temporary plate
// tied to the caller when the car has none; at an exit lane the scan shows
// the bill of the car waiting there, paying with the lane named opens it
// (parking-payments.ts), and 开闸出场 opens it for a car with nothing to pay
// that the lane cannot let out by its plate (none, or unread).
//
// Decisions:
// - The QR carries `lane:<code>`; on H5 the code is typed. The code is
//   unguessable, so a lane cannot be named without standing at it: entering
//   and 开闸出场 take the code, never a lane id. Typed codes are compared
//   without case when that is unambiguous.
// - A plate enters by scan only for an account it gives a usage relation
//   (vehicle-usage.ts: its verified owner and those they authorized, or one
//   that added an unverified plate to 我的车辆), so nobody opens a barrier or
//   starts a stay in someone else's name.
// - At an exit, the car to pay for is the one the lane last refused
//   (parking-lanes.ts) if the caller may pay for it — the driver standing at
//   the barrier; otherwise the caller's own car in this lot (default plate
//   first).
// - Entry through a scan follows the gate: a plate already in the lot is
//   ALREADY_IN_LOT; a full lot refuses (gate.ts mayEnter, free spaces as
//   reservation-gate.ts counts them for cars without a reservation; a
//   reservation in its window enters and is used; permit holders
//   still enter; a visitor's pass for the plate is used, and the host told,
//   when it is what lets the car in, as at the camera). A car without a plate gets 临 + 6 characters that cannot be
//   misread (no 0/O, 1/I/L, U); the stay's `_id` is made of them, so two stays
//   can never share a temporary plate (the insert is refused and another is
//   drawn). An account has at most one such stay in a lot: scanning the same
//   lane again within RESCAN_MS opens it again for that stay (the barrier was
//   slow); later, or at another lane, it is ALREADY_IN_LOT. A claim document
//   per lot and account (`plateless_stays`, `_id` = lotId:openid) names that
//   stay, taken by a keyed insert or, once its stay has ended, a conditional
//   update: of two scans at once one takes it, the other undoes its stay and
//   opens for the first; a later scan finds the account's stay by the claim.
// - 开闸出场 opens only for a stay whose car the lane is holding (parking-lanes.ts
//   waitsAtLane) and that the gate would let out now (gate.ts mayLeave: paid
//   within the grace period, or nothing due) and that is not locked (锁车:
//   VEHICLE_LOCKED, as the exit camera refuses it); the `open` ends the stay
//   when the device takes it.
import { randomInt, randomUUID } from 'node:crypto'
import { AppError } from '../../src/domain/errors'
import { formatYuan } from '../../src/domain/money'
import { vehicleKindOfPlate } from '../../src/domain/parking/fee'
import { mayEnter, mayLeave } from '../../src/domain/parking/gate'
import type { Caller } from '../_shared/auth'
import { _ } from '../_shared/cloud'
import { now } from '../_shared/clock'
import { isDuplicateKey } from '../_shared/db-errors'
import { BillLoader, billStay, spaceNumbers, stayCard, stayCards, viewersOf, requirePayer, type StayRecord } from '../_shared/parking-bill'
import { loadParkingLots, openStayOf, permitOf, type ParkingLotDoc } from '../_shared/parking-context'
import { freeForWalkIns, reservationAtEntry, useReservation } from '../_shared/reservation-gate'
import { notifyArrivedAtLane, stayVisitOf, useVisitorPass, visitorPassAtEntry } from '../_shared/visitor-gate'
import { refusedCarAt, sendOpen, waitsAtLane } from '../_shared/parking-lanes'
import { newStayDoc, stays, type Lane, type NewStay } from '../_shared/parking-records'
import { collection } from '../_shared/collection'
import { users } from '../_shared/users'
import { notifyVehicle } from '../_shared/vehicle-notices'
import { myVehicles, usageOf } from '../_shared/vehicle-usage'
import { isLocked } from '../_shared/vehicle-locks'

const MINUTE = 60_000
const RESCAN_MS = 2 * MINUTE

const laneView = ({ id, name, kind, place }: Lane) => ({ id, name, kind, place })

/** The lot and lane a scanned or typed code names. */
async function laneOfCode(code: string): Promise<{ lot: ParkingLotDoc; lane: Lane }> {
  const text = code.trim().replace(/^lane:/i, '').trim()
  const all = (await loadParkingLots()).flatMap((lot) => lot.parking.lanes.map((lane) => ({ lot, lane })))
  const exact = all.find((x) => x.lane.code === text)
  if (exact) return exact
  const loose = all.filter((x) => x.lane.code.toUpperCase() === text.toUpperCase())
  if (loose.length === 1) return loose[0]
  throw new AppError('LANE_NOT_FOUND')
}

export async function scanLane({ code }: { code: string }, caller: Caller) {
  const { lot, lane } = await laneOfCode(code)
  const user = await users.findOne({ openid: caller.openid })
  const mine = await myVehicles(caller.openid, user?.defaultVehicleId ?? '')
  const plates = mine.map((v) => v.plate)
  const t = now()
  let stay: StayRecord | null = null
  if (lane.kind === 'exit') {
    const refused = await refusedCarAt(lot._id, lane.id, t)
    if (refused?.stayId) {
      const waiting = await stays.findOne({ _id: refused.stayId, status: 'IN' })
      if (waiting && (await viewersOf(caller.openid, [waiting], () => lot.name)).get(waiting._id)!.mayPay) stay = waiting
    }
    if (!stay) {
      const [own, temp] = await Promise.all([
        plates.length ? stays.find({ lotId: lot._id, plate: _.in(plates), status: 'IN' }, { limit: 20 }) : Promise.resolve([]),
        stays.find({ lotId: lot._id, openid: caller.openid, status: 'IN' }, { orderBy: ['entryAt', 'desc'], limit: 20 }),
      ])
      own.sort((a, b) => plates.indexOf(a.plate!) - plates.indexOf(b.plate!))
      stay = own[0] ?? temp.find((s) => !s.plate) ?? null
    }
  }
  const [card] = stay ? await stayCards(caller.openid, [stay], t) : [null]
  return { lotId: lot._id, lotName: lot.name, lane: laneView(lane), plates, stay: card }
}

/** The card of a stay the caller just entered (or re-opened for). */
async function cardOf(openid: string, stay: StayRecord, at: number) {
  return (await stayCards(openid, [stay], at, new BillLoader()))[0]
}

/** Refuses a plate the caller may not enter with: it must give them a usage relation (我的车辆). */
async function requireUsable(openid: string, plate: string) {
  const u = await usageOf(openid, plate)
  if (u.relation !== 'NONE') return
  throw new AppError('NOT_YOUR_VEHICLE', u.vehicle.verified ? '该车辆已认证，仅车主及其授权的用户可以扫码入场' : undefined)
}

const openEntry = (stayId: string, lot: ParkingLotDoc, lane: Lane, by: string) =>
  sendOpen(`enter-${stayId}`, { lotId: lot._id, laneId: lane.id, stayId, reason: 'entry', by }, { again: true })

/** 临 and six characters no one misreads. */
const TEMP_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ'
const newTempPlate = () => `临${Array.from({ length: 6 }, () => TEMP_ALPHABET[randomInt(TEMP_ALPHABET.length)]).join('')}`

/** A plateless stay's `_id`: its temporary plate's six characters, so the key itself keeps temporary plates unique. */
const tempStayId = (tempPlate: string) => `tmp-${tempPlate.slice(1)}`

/** Writes a plateless stay under a temporary plate no stay has had, drawing again if one has. */
async function insertTempStay(base: Omit<NewStay, 'tempPlate' | 'plate'>): Promise<StayRecord> {
  for (let i = 0; i < 8; i++) {
    const tempPlate = newTempPlate()
    const id = tempStayId(tempPlate)
    const doc = newStayDoc({ ...base, plate: null, tempPlate })
    try {
      await stays.insert(id, doc)
      return { ...doc, _id: id }
    } catch (e) {
      if (!isDuplicateKey(e)) throw e
    }
  }
  throw new Error('no free temporary plate after 8 tries')
}

/** Which plateless stay an account has in a lot (see the decisions above). */
const platelessClaims = collection<{ stayId: string; at: number }>('plateless_stays')

/**
 * Takes the account's claim in the lot for `stayId`: null when taken, else the
 * stay that holds it (another stay of theirs still in the lot). The loser
 * opens for the holder the claim names — not for "the first plateless stay",
 * which may be a third scan's stay that is about to be undone.
 */
async function claimPlateless(lotId: string, openid: string, stayId: string, at: number): Promise<string | null> {
  const id = `${lotId}:${openid}`
  const holder = async () => (await platelessClaims.findOne({ _id: id }))?.stayId ?? null
  const current = await platelessClaims.findOne({ _id: id })
  if (!current) {
    try {
      await platelessClaims.insert(id, { stayId, at })
      return null
    } catch (e) {
      if (!isDuplicateKey(e)) throw e
      return holder()
    }
  }
  if (current.stayId === stayId) return null
  if (await stays.findOne({ _id: current.stayId, status: 'IN' })) return current.stayId
  if ((await platelessClaims.update({ _id: id, stayId: current.stayId }, { stayId, at })) === 1) return null
  return holder()
}

/**
 * The caller's plateless stay in the lot: the one its claim names, while in
 * the lot. Not "the earliest plateless stay": at the moment of several scans
 * that may be a losing scan's stay about to be undone.
 */
async function claimedStay(lotId: string, openid: string): Promise<StayRecord | null> {
  const claim = await platelessClaims.findOne({ _id: `${lotId}:${openid}` })
  return claim ? ((await stays.findOne({ _id: claim.stayId, status: 'IN' })) ?? null) : null
}

async function enterWithoutPlate(lot: ParkingLotDoc, lane: Lane, caller: Caller, t: number) {
  const [first, free] = await Promise.all([claimedStay(lot._id, caller.openid), freeForWalkIns(lot._id, t)])
  if (first) {
    if (first.entryLaneId === lane.id && t - first.entryAt <= RESCAN_MS) {
      // Scanned again at once (the barrier was slow): open once more for the same stay.
      await openEntry(first._id, lot, lane, caller.openid)
      return { stay: await cardOf(caller.openid, first, t) }
    }
    throw new AppError('ALREADY_IN_LOT', `您已有一辆无牌车（${first.tempPlate}）在本停车场内，出场后才能再次扫码入场`)
  }
  if (mayEnter({ now: t, lotFull: free <= 0, permit: null }) === 'FULL') throw new AppError('LOT_FULL', '车位已满，暂时无法入场')
  const made = await insertTempStay({ lotId: lot._id, laneId: lane.id, kind: 'small', at: t, openid: caller.openid })
  const holder = await claimPlateless(lot._id, caller.openid, made._id, t)
  if (holder !== null) {
    // Another scan at the same moment made the account's stay: this one is undone and opens for that one.
    await stays.remove({ _id: made._id })
    const other = await stays.findOne({ _id: holder, lotId: lot._id, status: 'IN' })
    if (!other) throw new AppError('CONFLICT')
    await openEntry(other._id, lot, lane, caller.openid)
    return { stay: await cardOf(caller.openid, other, t) }
  }
  await openEntry(made._id, lot, lane, caller.openid)
  return { stay: await cardOf(caller.openid, made, t) }
}

async function enterWithPlate(lot: ParkingLotDoc, lane: Lane, plate: string, caller: Caller, t: number) {
  await requireUsable(caller.openid, plate)
  const [existing, permit, free, reserved, visit] = await Promise.all([
    openStayOf(lot._id, plate),
    permitOf(lot._id, plate),
    freeForWalkIns(lot._id, t),
    reservationAtEntry(lot._id, plate, t),
    visitorPassAtEntry(plate, t),
  ])
  if (existing) throw new AppError('ALREADY_IN_LOT')
  const admission = mayEnter({ now: t, lotFull: free <= 0, permit, reservation: reserved?.use === 'ADMIT', visitorPass: visit !== null })
  if (admission === 'FULL') throw new AppError('LOT_FULL', '车位已满，暂时无法入场')
  const id = randomUUID().replace(/-/g, '')
  // The reservation is used first, naming the stay about to be written, which carries its fee only if it was used here
  // (reservation-gate.ts: a stay that is then never written leaves the reservation usable by the next entry).
  const used = reserved ? await useReservation(reserved.reservation, id, t) : null
  // A visitor's pass for the plate, when it is what lets the car in, as at the camera (visitor-gate.ts).
  const doc = newStayDoc({ lotId: lot._id, laneId: lane.id, plate, kind: vehicleKindOfPlate(plate), at: t, reservation: used, visitor: visit ? stayVisitOf(visit, admission) : null })
  await stays.insert(id, doc)
  // Two entries of one plate at once (a double tap, or the camera and a scan): the first stay stands.
  const open = await stays.find({ lotId: lot._id, plate, status: 'IN' }, { orderBy: ['entryAt', 'asc'], limit: 5 })
  const first = open.sort((a, b) => a.entryAt - b.entryAt || (a._id < b._id ? -1 : 1))[0]
  if (first && first._id !== id) {
    await stays.remove({ _id: id })
    throw new AppError('ALREADY_IN_LOT')
  }
  await openEntry(id, lot, lane, caller.openid)
  const moved = visit ? await useVisitorPass(visit, admission, lane.id, t) : null
  await Promise.all([notifyVehicle(plate, { kind: 'ENTRY' }, null, { lotName: lot.name }), visit ? notifyArrivedAtLane(visit, moved, t, lot.name) : null])
  return { stay: await cardOf(caller.openid, { ...doc, _id: id }, t) }
}

export async function enter({ code, plate }: { code: string; plate: string | null }, caller: Caller) {
  const { lot, lane } = await laneOfCode(code)
  if (lane.kind !== 'entry') throw new AppError('LANE_NOT_FOUND', '该车道是出口车道，请扫描入口车道的二维码')
  const t = now()
  return plate ? enterWithPlate(lot, lane, plate, caller, t) : enterWithoutPlate(lot, lane, caller, t)
}

/** 开闸出场: opens the exit lane whose QR was scanned for a stay the lane holds and the gate would let out now. */
export async function exit({ code, stayId }: { code: string; stayId: string }, caller: Caller) {
  const { lot, lane } = await laneOfCode(code)
  if (lane.kind !== 'exit') throw new AppError('LANE_NOT_FOUND', '该车道是入口车道，请扫描出口车道的二维码')
  const stay = await stays.findOne({ _id: stayId, lotId: lot._id, status: 'IN' })
  if (!stay) throw new AppError('STAY_NOT_FOUND')
  const viewer = (await viewersOf(caller.openid, [stay], () => lot.name)).get(stay._id)!
  requirePayer(stay, viewer)
  const t = now()
  if (!(await waitsAtLane(stay, lane.id, t))) throw new AppError('CAR_NOT_AT_LANE')
  // A locked car (锁车) leaves by no lane, whoever scans: the exit camera refuses it too.
  if (await isLocked(stay.plate)) throw new AppError('VEHICLE_LOCKED')
  const [b, numbers] = await Promise.all([billStay(stay, t), spaceNumbers([stay])])
  if (!mayLeave({ paid: stay.paid, graceMinutes: b.graceMinutes, dueFen: b.fee.amountFen, now: t })) {
    throw new AppError('FEE_DUE', `请先缴清停车费 ¥${formatYuan(b.fee.amountFen)} 再出场`)
  }
  await sendOpen(`leave-${stay._id}`, { lotId: lot._id, laneId: lane.id, stayId: stay._id, reason: 'exit', by: caller.openid }, { again: true })
  return { stay: stayCard(b, viewer, stay.spaceId ? (numbers.get(stay.spaceId) ?? null) : null) }
}
