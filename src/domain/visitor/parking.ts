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
import { formatYuan } from '../money'
import type { PermitWindow } from '../parking/fee'

export type VisitorParkingPayer = 'free' | 'host' | 'visitor'

/** What each choice means at the lot, for the office choosing it. */
export const PARKING_PAYER_NOTES: Record<VisitorParkingPayer, string> = {
  free: '凭访客预约入场的车辆，预约时段内停车免费，超出时段按收费规则由访客缴纳',
  host: '凭访客预约入场的车辆，预约时段内停车费由被访人承担（访客出场免缴，停车管理办公室按月与所在部门结算），超出时段由访客缴纳',
  visitor: '访客车辆按收费规则出场缴费',
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
    ? `访客停车费 ¥${formatYuan(coveredFen)} 由您支付，停车管理办公室按月与您所在部门结算`
    : `访客停车费 ¥${formatYuan(coveredFen)} 已免收`
}
