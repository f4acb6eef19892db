// Vehicle notices (seed 002 车辆使用规范): a car entered a lot, left it with
// money owed, or its stay was paid. Who is told is decided by
// src/domain/vehicle/usage.ts (shouldNotify); this module only gathers the
// parties of a plate and sends WeChat subscribe messages
// (cloud.openapi.subscribeMessage.send).
//
// Decisions:
// - The parties of a plate: every account with a 我的车辆 row for it (its
//   relation by usageRelation), the verified owner named by `plates`, the
//   latest payer (the openid of the plate's most recently paid parking order)
//   and, for a payment notice, the payer. An account appears once.
// - A notice shows the lot as that account may see it (lotNameFor) and the
//   duration or amount, never entry or exit times (usage.ts NOTICE_FIELDS).
// - Template ids are function configuration (WX_TEMPLATE_PARKING_ENTRY, …_EXIT,
//   …_PAYMENT, …_LOCKED; scripts/lib/local-cloud.ts lists the local values). A function
//   that sends must list subscribeMessage.send in its config.json
//   permissions (device and parking do).
// - A notice is a courtesy: nothing that calls this ever fails because of it.
//   A missing template, a user who did not subscribe (43101) or any other
//   failure is logged and skipped; the call resolves with what was sent.
import { formatYuan } from '../../src/domain/money'
import { formatStay } from '../../src/domain/parking/fee'
import {
  DEFAULT_VEHICLE_SETTINGS,
  lotNameFor,
  shouldNotify,
  usageRelation,
  type UsageRelation,
  type VehicleEvent,
  type VehicleUsage,
} from '../../src/domain/vehicle/usage'
import { plates, relations } from '../vehicle/records'
import { orders } from './parking-records'
import { sendSubscribe } from './subscribe'
import { effectiveStatus } from './vehicle-usage'

/** What the notice is about, besides the plate. */
export interface NoticeAbout {
  /** The lot's full name; each recipient sees it per lotNameFor. */
  lotName: string
  /** The stay so far, in whole minutes (exit and payment notices). */
  minutes?: number
  /** Owed (exit) or paid (payment), in fen. */
  amountFen?: number
}

export type NoticeTemplate = 'entry' | 'exit' | 'payment' | 'locked'

const TEMPLATE_ENV: Record<NoticeTemplate, string> = {
  entry: 'WX_TEMPLATE_PARKING_ENTRY',
  exit: 'WX_TEMPLATE_PARKING_EXIT',
  payment: 'WX_TEMPLATE_PARKING_PAYMENT',
  locked: 'WX_TEMPLATE_PARKING_LOCKED',
}

/** Where a tap on the notice leads: 首页 shows 当前停车 with 缴费. */
const NOTICE_PAGE = 'pages/home/index'

function templateOf(event: VehicleEvent): NoticeTemplate | null {
  switch (event.kind) {
    case 'ENTRY':
      return 'entry'
    case 'EXIT':
      return 'exit'
    case 'PAYMENT':
      return 'payment'
    case 'LOCKED_EXIT':
      return 'locked'
    default:
      return null // coupon notices are sent by the coupon work, not here
  }
}

/** The template's fields. Keys follow the WeChat public templates chosen for the mini program (车辆入场提醒, 车辆出场提醒, 停车缴费成功通知, 车辆异常提醒). */
function dataOf(template: NoticeTemplate, plate: string, lotName: string, about: NoticeAbout): Record<string, string> {
  const duration = formatStay(about.minutes ?? 0)
  const amount = `${formatYuan(about.amountFen ?? 0)}元`
  switch (template) {
    case 'entry':
      return { car_number1: plate, thing2: lotName, thing3: '车辆已入场，离场前请缴费' }
    case 'exit':
      return { car_number1: plate, thing2: lotName, thing3: duration, amount4: amount, thing5: '车辆离场时尚未缴费，请尽快补缴' }
    case 'payment':
      return { car_number1: plate, thing2: lotName, thing3: duration, amount4: amount }
    case 'locked':
      // 车辆异常提醒: the car is locked and someone tried to drive it out.
      return { car_number1: plate, thing2: lotName, thing3: '车辆已锁定，有人尝试驶离停车场' }
  }
}

export interface Recipient {
  openid: string
  relation: UsageRelation
  isPayer: boolean
  isLatestPayer: boolean
}

/** The plate as the usage rules see it, and every account that might be told about it. */
export async function partiesOf(plate: string, payerOpenid?: string | null): Promise<{ vehicle: VehicleUsage; parties: Recipient[] }> {
  const [plateDoc, rows, latestPaid] = await Promise.all([
    plates.findOne({ _id: plate }),
    relations.find({ plate }, { limit: 100 }),
    orders.find({ plate, status: 'PAID' }, { orderBy: ['paidAt', 'desc'], limit: 1 }),
  ])
  const ownerOpenid = plateDoc?.ownerOpenid || ''
  const verified = ownerOpenid !== ''
  const vehicle: VehicleUsage = { verified, settings: plateDoc?.settings ?? DEFAULT_VEHICLE_SETTINGS }
  const latestPayer = latestPaid[0]?.openid ?? null

  const byOpenid = new Map<string, Recipient>()
  const party = (openid: string) => {
    let p = byOpenid.get(openid)
    if (!p) byOpenid.set(openid, (p = { openid, relation: 'NONE', isPayer: false, isLatestPayer: false }))
    return p
  }
  for (const row of rows) {
    const p = party(row.openid)
    // Read as the row stands once caught up with the plate's ownership (vehicle-usage.ts), as parking reads it.
    const relation = usageRelation(effectiveStatus(row, plateDoc), verified)
    // An account with two rows of the plate (never expected) keeps its strongest relation.
    if (p.relation === 'NONE' || relation === 'OWNER') p.relation = relation
  }
  if (verified) party(ownerOpenid).relation = 'OWNER'
  if (latestPayer) party(latestPayer).isLatestPayer = true
  if (payerOpenid) party(payerOpenid).isPayer = true
  return { vehicle, parties: [...byOpenid.values()] }
}

export interface NoticeResult {
  /** Accounts the message was sent to. */
  sent: string[]
  /** Accounts it should have reached but did not (not subscribed, no template, a provider error). */
  failed: string[]
}

/**
 * Tells the parties of `plate` about `event`, as shouldNotify decides.
 * Never throws: a notice must not fail a gate, a payment or a sweep.
 */
export async function notifyVehicle(plate: string, event: VehicleEvent, payerOpenid: string | null | undefined, about: NoticeAbout): Promise<NoticeResult> {
  const result: NoticeResult = { sent: [], failed: [] }
  try {
    const template = templateOf(event)
    if (!template) return result
    const { vehicle, parties } = await partiesOf(plate, payerOpenid)
    const recipients = parties.filter((p) => shouldNotify(vehicle, p, event))
    if (recipients.length === 0) return result
    // All at once: a caller waits for one round trip to WeChat, not one per recipient.
    const outcomes = await Promise.all(
      recipients.map((r) => sendSubscribe(r.openid, TEMPLATE_ENV[template], NOTICE_PAGE, dataOf(template, plate, lotNameFor(vehicle, r.relation, about.lotName), about))),
    )
    recipients.forEach((r, i) => (outcomes[i] ? result.sent : result.failed).push(r.openid))
  } catch (e) {
    console.error(`[notice] ${event.kind} for ${plate} failed`, e)
  }
  return result
}
