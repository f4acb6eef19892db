// Who pays a visitor's parking (访客预约, the office's setting shown on the
// pass: visitor/pass.ts PARKING_PAYERS) as the lot's fee sees it.
//
// Decisions:
// - 访客自付: the visitor's stay is billed like anyone's.
// - 免费 and 被访人支付: the visitor pays nothing for the visit — from entry
//   to the end of the pass's window, charges are free as a permit's are
//   (fee.ts PermitWindow, with the bill's own line); time after the window is
//   the visitor's, at the lot's tariff. 被访人支付 is settled between the
//   office and the host's department: what the window took off is recorded
//   on the pass when the car leaves and shown to the host and the office
//   (not paid through WeChat Pay by the host).
// - Only a stay the pass admitted carries the window: a car a permit or a
//   reservation let in pays (or not) by that.
// Pure: no node API.
import type { PermitWindow } from '../parking/fee'

export type VisitorParkingPayer = 'free' | 'host' | 'visitor'

/** The bill's line for what the window took off. */
export const VISIT_WINDOW_LABELS: Record<Exclude<VisitorParkingPayer, 'visitor'>, string> = {
  free: '访客预约时段内免费',
  host: '访客预约时段内由被访人支付',
}

/** What a stay admitted by a pass carries: who pays, and the window (null when the visitor pays). */
export interface StayVisit {
  passId: string
  payer: VisitorParkingPayer
  /** The end of the visit window: free until then unless the visitor pays. */
  until: number
}

/** The free window a visitor's stay is billed with, or null. */
export function visitWindow(visit: StayVisit | null | undefined, entryAt: number): PermitWindow | null {
  if (!visit || visit.payer === 'visitor' || !(visit.until > entryAt)) return null
  return { from: entryAt, until: visit.until, label: VISIT_WINDOW_LABELS[visit.payer] }
}
