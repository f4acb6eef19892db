// A lane as the parking function sees it: which car is waiting at it, and the
// `open` commands it sends (扫码入场, a payment or 扫码出场 at an exit, staff
// opening by hand). The device function hands the commands out at the lane's
// heartbeat and says what the cameras saw (gate_events).
//
// Decisions:
// - The car waiting at a lane is the one its camera last refused, if that was
//   within REFUSED_CAR_MS: a driver scanning the lane, paying at it, or staff
//   opening it by hand stand behind that car. A later event at the lane (the
//   car let through, or another car read) means it is no longer there.
// - A car whose plate the camera could not read (NO_PLATE: no plate, no stay)
//   can be any car; a driver with a stay in the lot who scans that lane is
//   taken to be its driver (a car without a plate, or one the camera cannot
//   read, has no other way out through the app).
// - An `open` from the parking function is for a car at the lane now, so it
//   expires after LANE_OPEN_TTL_MS (`expiresAt`): the device function never
//   hands out an expired one, which would let whoever stands there later
//   through (a payment applied long after by the sweep, a device offline).
import { _, type Doc } from './cloud'
import { now } from './clock'
import { isDuplicateKey } from './db-errors'
import { gateEvents, laneCommands, type GateEventDoc, type StayDoc } from './parking-records'

const MINUTE = 60_000

/** The car a lane refused is the one a driver (or staff) at that lane stands behind, for this long. */
export const REFUSED_CAR_MS = 10 * MINUTE

/** How long an `open` the parking function sends stays good. */
export const LANE_OPEN_TTL_MS = 2 * MINUTE

/** The lane's last gate event within REFUSED_CAR_MS of `at`, if it refused the car: the car still waiting there. */
export async function refusedCarAt(lotId: string, laneId: string, at: number): Promise<Doc<GateEventDoc> | null> {
  const [last] = await gateEvents.find({ lotId, laneId, at: _.gte(at - REFUSED_CAR_MS) }, { orderBy: ['at', 'desc'], limit: 1 })
  return last && !last.decision.open ? last : null
}

/** Whether the stay's car is the one waiting at the lane now (it is in the lot and the lane last refused it, or a car it could not read). */
export async function waitsAtLane(stay: Pick<Doc<StayDoc>, '_id' | 'lotId' | 'status'>, laneId: string, at: number): Promise<boolean> {
  if (stay.status !== 'IN') return false
  const refused = await refusedCarAt(stay.lotId, laneId, at)
  if (!refused) return false
  return refused.stayId === stay._id || (refused.plate === null && refused.stayId === null)
}

export interface OpenCommand {
  lotId: string
  laneId: string
  stayId: string
  /** entry (扫码入场), paid (paid at the exit), exit (扫码出场, nothing due). */
  reason: 'entry' | 'paid' | 'exit'
  /** The account that scanned, or the order paid at the lane. */
  by: string
}

/**
 * Sends `open` to the lane under `id`, good for LANE_OPEN_TTL_MS. The same id
 * twice is one command: with `again` (the driver scanned once more) it is
 * made pending and good for another LANE_OPEN_TTL_MS; without, nothing changes.
 */
export async function sendOpen(id: string, cmd: OpenCommand, opts: { again: boolean }): Promise<void> {
  const t = now()
  try {
    await laneCommands.insert(id, { ...cmd, command: 'open', status: 'pending', createdAt: t, expiresAt: t + LANE_OPEN_TTL_MS })
  } catch (e) {
    if (!isDuplicateKey(e)) throw e
    if (opts.again) await laneCommands.update({ _id: id }, { status: 'pending', createdAt: t, expiresAt: t + LANE_OPEN_TTL_MS })
  }
}
