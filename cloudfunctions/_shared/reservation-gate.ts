// Reservations at the lot's entry (车位预定, issue 12): the free spaces a car
// without one may take, the reservation a plate brings to an entry lane, and
// using it. The device function's camera decision and 扫码入场 both come
// here, so a reservation is used the same way whichever let the car in.
//
// Decisions (rules in src/domain/reservation/rules.ts):
// - Free for walk-ins: the sensors' free spaces minus the reservations
//   (待入场) whose window is open now; never below 0. Drivers see this count
//   (车位查询, parking lots) and the gate refuses walk-ins when it is 0.
// - A plate's reservation at this lot: its 待入场 one not yet past its
//   window, earliest first. In its window it lets the car into a full lot
//   (gateUse ADMIT); earlier it is used without that right (EARLY).
// - Using it is a conditional update 待入场 → 已入场 naming the stay (of a
//   car entering and a cancel, one wins), made before the stay is written;
//   only when it wins does the stay carry the fee paid (deducted from its
//   parking fee), so a fee refunded by a cancel is never also deducted. If
//   the stay was then never written (the function died in between), the
//   reservation is 已入场 naming a stay that does not exist: the car's next
//   read at the entry finds it again (within ORPHAN_ENTRY_MS) and it is
//   re-pointed at the new stay, so the car is not refused and the fee is not
//   lost.
import { gateUse, type GateUse } from '../../src/domain/reservation/rules'
import type { StayReservation } from '../../src/domain/parking/stay'
import { _, type Doc } from './cloud'
import { freeSpaces } from './parking-context'
import { stays } from './parking-records'
import { heldNow, moveReservation, reservations, type ReservationDoc } from './reservations'

/** The free spaces a car without a reservation may take now. */
export async function freeForWalkIns(lotId: string, at: number): Promise<number> {
  const [free, held] = await Promise.all([freeSpaces(lotId), heldNow(lotId, at)])
  return Math.max(0, free - held)
}

export interface EntryReservation {
  reservation: Doc<ReservationDoc>
  use: Exclude<GateUse, null>
}

const ORPHAN_ENTRY_MS = 30 * 60_000

/** The plate's reservation at this lot it may use entering now, if any. */
export async function reservationAtEntry(lotId: string, plate: string, at: number): Promise<EntryReservation | null> {
  const list = await reservations.find({ plate, status: _.in(['BOOKED', 'ENTERED']), windowUntil: _.gte(at - ORPHAN_ENTRY_MS) }, { orderBy: ['windowFrom', 'asc'], limit: 10 })
  for (const r of list) {
    if (r.lotId !== lotId) continue
    if (r.status === 'ENTERED') {
      // Used by an entry whose stay was never written: usable again for this one.
      if (r.enteredAt === null || at - r.enteredAt > ORPHAN_ENTRY_MS || (r.stayId && (await stays.findOne({ _id: r.stayId })))) continue
      return { reservation: r, use: 'ADMIT' }
    }
    const use = gateUse({ from: r.windowFrom, until: r.windowUntil }, at)
    if (use) return { reservation: r, use }
  }
  return null
}

/** Marks the reservation 已入场 for `stayId`; what the stay then carries, or null when a cancel (or the sweep) came first. */
export async function useReservation(r: Doc<ReservationDoc>, stayId: string, at: number): Promise<StayReservation | null> {
  const used =
    r.status === 'ENTERED'
      ? (await reservations.update({ _id: r._id, status: 'ENTERED', stayId: r.stayId }, { stayId, enteredAt: at, updatedAt: at })) === 1
      : !!(await moveReservation(r, 'ENTER', { stayId, enteredAt: at }))
  return used ? { id: r._id, prepaidFen: r.paidFen } : null
}
