// Visitor passes at a lot's entry lane (访客预约, issue 13): a pass with a
// plate puts that plate on every campus lot's list for its window, so the
// entry camera opens for it without a guard and the pass becomes 已到访.
// The device function's decision (device/gate.ts decideAt) reads it; the
// entry that opens uses it.
//
// Decisions:
// - Valid for the gate exactly when the guard could check the visitor in
//   (pass.ts mayCheckIn: the window with the office's early arrival, not
//   cancelled, not already arrived unless several entries are allowed).
// - A pass holds no space: at a full lot the visitor's car is refused like
//   any car without a permit or reservation (gate.ts mayEnter). Letting it in
//   would overfill the lot, and a host who needs a space for a visitor can
//   book one (车位预定) for the visitor's plate.
// - Used only on an entry the pass lets in (the decision's reason VISITOR: no
//   permit or reservation admits the car, the lot is not full). A pass names
//   any plate its host types, so using it on every entry of that plate — and
//   telling the host — would let a host follow a staff member's or a
//   reserving driver's car; a car let in by its own permit or reservation
//   leaves the pass as it was (the guard may still check the visitor in).
//   The move is conditional, so a guard's 登记到访 at the same moment records
//   one arrival.
// - The host's 到访 notice names the lot, not the lane.
// - The pass looked up is one whose window has not ended, soonest ending
//   first: a plate's past passes (arrived ones stay ARRIVED) never crowd out
//   its current one.
// - The stay the pass let in (or a reservation did, with the pass valid)
//   carries the pass and who pays its parking (stayVisitOf): when it is
//   免费 or 被访人支付, the time up to the visit's end is free at the exit and
//   on the bill (visitor/parking.ts); what it took off is shown to the host
//   with the pass (visitParkingOf, billed afresh at each read).
import { mayCheckIn } from '../../src/domain/visitor/pass'
import { payerAtEntry, visitParkingText, type StayVisit, type VisitorParkingPayer } from '../../src/domain/visitor/parking'
import { _, type Doc } from './cloud'
import { billStay, BillLoader } from './parking-bill'
import { stays } from './parking-records'
import { notifyArrived, passes, recordEntry, visitorSettings, type PassDoc } from './visitor-passes'

export interface EntryVisit {
  pass: Doc<PassDoc>
  event: 'ARRIVE' | 'REENTER'
  /** The office's parking payer now (visitor/parking.ts payerAtEntry). */
  currentPayer: VisitorParkingPayer
}

/** The plate's visitor pass it may enter with now, if any. */
export async function visitorPassAtEntry(plate: string, at: number): Promise<EntryVisit | null> {
  const [list, { settings }] = await Promise.all([
    passes.find({ plate, status: _.in(['BOOKED', 'ARRIVED']), end: _.gt(at) }, { orderBy: ['end', 'asc'], limit: 20 }),
    visitorSettings(),
  ])
  for (const pass of list) {
    const may = mayCheckIn(pass, at, settings)
    if (may.ok) return { pass, event: may.event, currentPayer: settings.parkingPayer }
  }
  return null
}

/** Whether the entry the gate decided is the pass's to record: the pass is what let the car in. */
export const passLetIn = (reason: string) => reason === 'VISITOR'

/**
 * Records the entry through `laneId` when the pass let the car in (`reason`,
 * the gate's decision); the moved pass, or null when it was not used or
 * changed meanwhile.
 */
export async function useVisitorPass(visit: EntryVisit, reason: string, laneId: string, at: number): Promise<Doc<PassDoc> | null> {
  if (!passLetIn(reason)) return null
  return recordEntry(visit.pass, visit.event, { at, by: 'gate', who: laneId })
}

/**
 * What the stay carries of a valid pass for its plate (who pays its parking):
 * when the pass let it in, or a reservation did (a host may book a space for
 * a visitor); null on a permit's entry. The office's current setting wins if
 * it now makes visitors pay.
 */
export function stayVisitOf(visit: EntryVisit, reason: string): StayVisit | null {
  if (!passLetIn(reason) && reason !== 'RESERVATION') return null
  return { passId: visit.pass._id, payer: payerAtEntry(visit.pass.parkingPayer, visit.currentPayer), until: visit.pass.end }
}

/** The host's 到访 notice for a first arrival at the lot (never throws); the lane is not named. */
export async function notifyArrivedAtLane(visit: EntryVisit, moved: Doc<PassDoc> | null, at: number, lotName: string): Promise<boolean> {
  if (!moved || visit.event !== 'ARRIVE') return false
  return notifyArrived(moved, at, `${lotName}车辆入场`)
}

const DAY = 86_400_000

/**
 * What the lot's fee left out of the visitor's bill for a pass's stays, billed
 * now (a stay still in the lot: so far): null when the visitor pays, the pass
 * has no plate, or no stay of it used the pass. The host sees it with the pass.
 */
export async function visitParkingOf(pass: Doc<PassDoc>, at: number): Promise<{ coveredFen: number; text: string } | null> {
  if (!pass.plate) return null
  const list = (await stays.find({ plate: pass.plate, entryAt: _.gte(pass.start - DAY).and(_.lt(pass.end)) }, { orderBy: ['entryAt', 'asc'], limit: 100 })).filter((s) => s.visitor?.passId === pass._id)
  if (!list.length) return null
  const loader = new BillLoader()
  let coveredFen = 0
  for (const s of list) for (const step of (await billStay(s, at, null, loader)).fee.steps) if (step.kind === 'permit') coveredFen -= step.fen
  const payer = list[0].visitor!.payer
  if (payer === 'visitor') return null
  return { coveredFen, text: visitParkingText(payer, coveredFen) }
}
