// 扫码开闸 (seed 001 §2.4): a lane's QR names the lane; at an entry lane
// 确认入场 opens it for the caller's plate, or for a temporary plate tied to
// the caller when the car has none; at an exit lane the scan shows the bill
// of the car waiting there, and paying with the lane named opens it
// (parking-payments.ts sends the lane command once the payment is applied).
//
// Decisions:
// - The QR carries `lane:<code>`; on H5 the code is typed. The code is
//   unguessable, so a lane cannot be named without standing at it; typed
//   codes are compared without case when that is unambiguous.
// - At an exit, the car to pay for is the one the lane last refused (within
//   10 minutes) if the caller may pay for it — the driver standing at the
//   barrier; otherwise the caller's own car in this lot (default plate first).
// - Entry through a scan follows the gate: a plate already in the lot is
//   ALREADY_IN_LOT; a full lot refuses (gateDecision: permit holders still
//   enter); a car without a plate gets 临 + 6 characters that cannot be misread
//   (no 0/O, 1/I/L, U), unique among stays. A second scan of the same lane by
//   the same account within two minutes, without a plate, opens the lane
//   again for the stay it already made instead of making another.
import { randomInt } from 'node:crypto'
import { AppError } from '../../src/domain/errors'
import { vehicleKindOfPlate } from '../../src/domain/parking/fee'
import { gateDecision } from '../../src/domain/parking/gate'
import type { Caller } from '../_shared/auth'
import { _ } from '../_shared/cloud'
import { now } from '../_shared/clock'
import { isDuplicateKey } from '../_shared/db-errors'
import { BillLoader, stayCards, viewersOf, type StayRecord } from '../_shared/parking-bill'
import { freeSpaces, loadParkingLot, loadParkingLots, openStayOf, permitOf, ruleVersionAt, type ParkingLotDoc } from '../_shared/parking-context'
import { gateEvents, laneCommands, stays, type Lane, type StayDoc } from '../_shared/parking-records'
import { users } from '../_shared/users'
import { notifyVehicle } from '../_shared/vehicle-notices'
import { myVehicles } from '../_shared/vehicle-usage'

const MINUTE = 60_000
/** The car a lane refused is the one a driver scanning it stands behind, for this long. */
const REFUSED_CAR_MS = 10 * MINUTE
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
    const [last] = await gateEvents.find({ lotId: lot._id, laneId: lane.id }, { orderBy: ['at', 'desc'], limit: 1 })
    if (last && !last.decision.open && last.stayId && t - last.at <= REFUSED_CAR_MS) {
      const waiting = await stays.findOne({ _id: last.stayId, status: 'IN' })
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

/** 临 and six characters no one misreads. */
const TEMP_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ'
async function newTempPlate(): Promise<string> {
  for (let i = 0; i < 8; i++) {
    const plate = `临${Array.from({ length: 6 }, () => TEMP_ALPHABET[randomInt(TEMP_ALPHABET.length)]).join('')}`
    if ((await stays.count({ tempPlate: plate })) === 0) return plate
  }
  throw new Error('no free temporary plate after 8 tries')
}

/** The lane's `open` for the stay, once per stay. */
async function openEntry(stayId: string, lotId: string, laneId: string, by: string) {
  try {
    await laneCommands.insert(`enter-${stayId}`, { lotId, laneId, command: 'open', stayId, reason: 'entry', by, status: 'pending', createdAt: now() })
  } catch (e) {
    if (!isDuplicateKey(e)) throw e
    // Scanned again: open once more for the same stay.
    await laneCommands.update({ _id: `enter-${stayId}`, status: 'delivered' }, { status: 'pending', createdAt: now() })
  }
}

export async function enter({ lotId, laneId, plate }: { lotId: string; laneId: string; plate: string | null }, caller: Caller) {
  const lot = await loadParkingLot(lotId)
  const lane = lot.parking.lanes.find((l) => l.id === laneId)
  if (!lane || lane.kind !== 'entry') throw new AppError('LANE_NOT_FOUND', lane ? '该车道是出口车道，请扫描入口车道的二维码' : undefined)
  const t = now()

  if (!plate) {
    const [recent] = await stays.find({ lotId, openid: caller.openid, status: 'IN', entryLaneId: laneId, entryAt: _.gte(t - RESCAN_MS) }, { orderBy: ['entryAt', 'desc'], limit: 1 })
    if (recent && !recent.plate) {
      await openEntry(recent._id, lotId, laneId, caller.openid)
      return { stay: (await stayCards(caller.openid, [recent], t))[0] }
    }
  }

  const [existing, version, permit, free] = await Promise.all([
    plate ? openStayOf(lotId, plate) : Promise.resolve(undefined),
    ruleVersionAt(lotId, t),
    permitOf(lotId, plate),
    freeSpaces(lotId),
  ])
  if (existing) throw new AppError('ALREADY_IN_LOT')
  const kind = plate ? vehicleKindOfPlate(plate) : 'small'
  // The gate's own rule: a full lot refuses, but a permit holder still enters.
  const decision = gateDecision({ lane: 'entry', now: t, plate: plate ?? '临', kind, rule: version.rule, stay: null, permit, lotFull: free <= 0 })
  if (!decision.open) throw new AppError('LOT_FULL', decision.reason === 'FULL' ? '车位已满，暂时无法入场' : undefined)

  const doc: StayDoc = {
    lotId,
    plate,
    tempPlate: plate ? null : await newTempPlate(),
    openid: plate ? null : caller.openid,
    kind,
    status: 'IN',
    entryAt: t,
    entryLaneId: laneId,
    entryPhoto: null,
    exitAt: null,
    exitLaneId: null,
    paid: null,
    paidOrders: [],
    fixedFen: null,
    spaceId: null,
    flags: [],
    updatedAt: t,
  }
  const id = await stays.add(doc)
  if (plate) {
    // Two entries of one plate at once (a double tap, or the camera and a scan): the first stay stands.
    const open = await stays.find({ lotId, plate, status: 'IN' }, { orderBy: ['entryAt', 'asc'], limit: 5 })
    const first = open.sort((a, b) => a.entryAt - b.entryAt || (a._id < b._id ? -1 : 1))[0]
    if (first && first._id !== id) {
      await stays.remove({ _id: id })
      throw new AppError('ALREADY_IN_LOT')
    }
  }
  await openEntry(id, lotId, laneId, caller.openid)
  if (plate) await notifyVehicle(plate, { kind: 'ENTRY' }, null, { lotName: lot.name })
  const stay = { ...doc, _id: id }
  return { stay: (await stayCards(caller.openid, [stay], t, new BillLoader()))[0] }
}
