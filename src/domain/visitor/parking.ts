// Who pays a visitor's parking (访客预约, the office's setting shown on the
// pass: visitor/pass.ts PARKING_PAYERS) as the lot's fee sees it.
//
// Decisions:
// - 访客自付: the visitor's stay is billed like anyone's.
// - 免费 and 被访人支付: the visitor pays nothing for the visit — from entry
//   to the end of the pass's window, charges are free as a permit's are
//   (fee.ts PermitWindow, with the bill's own line); time after the window is
//   the visitor's, at the lot's tariff. 被访人支付 is settled between the
//   office and the host's department: what the window took off is shown to
//   the host with the pass (not paid through WeChat Pay by the host; the
//   office has no report of it yet).
// - A stay carries the window when the pass let the car in, or a reservation
//   did with a valid pass for the plate (a host may book a space for a
//   visitor); a car a valid permit let in pays (or not) by its permit. At the
//   fee the permit's window counts only if it covered the stay's entry: an
//   old, expired permit record does not take the visit's window away.
// - Who pays is the pass's choice unless the office has since made visitors
//   pay (payerAtEntry): a change to 访客自付 applies at once to passes
//   already given out.
// Pure: no node API.
import { formatYuan } from '../money'
import type { PermitWindow } from '../parking/fee'

export type VisitorParkingPayer = 'free' | 'host' | 'visitor'

/** What each choice means at the lot, for the office choosing it. */
export const PARKING_PAYER_NOTES: Record<VisitorParkingPayer, string> = {
  free: '凭访客预约入场的车辆，预约时段内停车免费，超出时段按收费规则由访客缴纳',
  host: '凭访客预约入场的车辆，预约时段内停车费由被访人承担（访客出场免缴，金额显示在被访人的访客凭证中），超出时段由访客缴纳',
  visitor: '访客车辆按收费规则出场缴费',
}

/** Who pays for a pass's stay entering now: the pass's payer, unless the office's setting now makes the visitor pay. */
export const payerAtEntry = (passPayer: VisitorParkingPayer, current: VisitorParkingPayer): VisitorParkingPayer => (current === 'visitor' ? 'visitor' : passPayer)

/** The free window a stay is billed with: the permit's when it covered the entry, else the visit's (if any), else the permit's. */
export function freeWindowOf(permit: PermitWindow | null, visit: PermitWindow | null | undefined, entryAt: number): PermitWindow | null {
  if (permit && permit.from <= entryAt && entryAt < permit.until) return permit
  return visit ?? permit
}

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

/** The host's line for what the window took off the visitor's bill. */
export function visitParkingText(payer: Exclude<VisitorParkingPayer, 'visitor'>, coveredFen: number): string {
  if (coveredFen <= 0) return '访客停车在预约时段内，未产生停车费'
  return payer === 'host'
    ? `访客停车费 ¥${formatYuan(coveredFen)} 由您承担（访客出场免缴）`
    : `访客停车费 ¥${formatYuan(coveredFen)} 已免收`
}
