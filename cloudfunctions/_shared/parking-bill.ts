// The bill of a stay, computed in one place for 当前停车, 缴费, the order a
// driver pays and the payment hooks: the fee by the rule version in force at
// entry (parking-context.ts, the loaders the gate uses too), with the plate's
// permit, what was paid and a coupon; a stay opened at an exit with no entry
// record is billed its fixed amount (fee.ts fixedFee). Also who may see and pay
// a stay, and the coupon check a bill and an order share.
//
// Decisions:
// - A car that left through a barrier opened by hand while money was owed
//   (OUT, with an exit time, not paid within the grace period at its exit) is
//   still payable: it is billed at its exit time and shown as 已离场待补缴
//   (`left`). Any other stay that ended owes nothing and is not listed.
// - A stay card shows the lot (lotId), the space and the entry time only to
//   an account that may see the lot's name in full (usage.ts
//   lotNameVisibility FULL): with the name masked or hidden, the other fields
//   would name the lot anyway. The stay is still listed (anyone may pay an
//   unverified car, and a stranger learns a verified car is parked, not where)
//   with its duration and what is due.
import { freeWindowOf, visitWindow } from '../../src/domain/visitor/parking'
import { AppError, type ErrorCode } from '../../src/domain/errors'
import { canApply, describeBenefit, formatCouponCode, type Coupon, type CouponBenefit, type CouponRefusal } from '../../src/domain/parking/coupon'
import { fixedFee, parkingFee, ruleAt, stayMinutes, VEHICLE_KIND_LABELS, type Fee, type PermitWindow } from '../../src/domain/parking/fee'
import { formatPlate } from '../../src/domain/plate'
import { leaveByOf, withinGrace } from '../../src/domain/parking/gate'
import { HIDDEN_LOT_NAME, lotNameFor, lotNameVisibility, mayPay } from '../../src/domain/vehicle/usage'
import { _, type Doc } from './cloud'
import { loadParkingLot, permitOf, ruleVersionAt, type ParkingLotDoc } from './parking-context'
import { coupons, feeRules, orders, spaces, type CouponDoc, type FeeRuleDoc, type OrderDoc, type StayDoc } from './parking-records'
import { usagesOf } from './vehicle-usage'

export type StayRecord = Doc<StayDoc>

/** A stay's bill at one instant. */
export interface StayBill {
  stay: StayRecord
  lot: ParkingLotDoc
  /** The fee rule version the stay is billed by (in force at its entry). */
  version: Doc<FeeRuleDoc>
  fee: Fee
  /** The instant it was computed for: now, or the exit time of a car that left. */
  at: number
  graceMinutes: number
  /** Paid and still within the grace period: leave by then; else null. */
  leaveBy: number | null
  /** The car left owing this bill (已离场待补缴). */
  left: boolean
}

/**
 * Memoised loads for one request: a list of stays touches few lots, rule
 * versions and permits, and each is read once.
 */
export class BillLoader {
  private lots = new Map<string, Promise<ParkingLotDoc>>()
  private versions = new Map<string, Promise<Array<Doc<FeeRuleDoc>>>>()
  private permits = new Map<string, Promise<PermitWindow | null>>()

  lot(lotId: string) {
    return memo(this.lots, lotId, () => loadParkingLot(lotId))
  }
  /** The version in force at `at`: the lot's latest versions are read once (stays entered at many times share them). */
  async version(lotId: string, at: number): Promise<Doc<FeeRuleDoc>> {
    const latest = await memo(this.versions, lotId, () => feeRules.find({ lotId }, { orderBy: ['from', 'desc'], limit: 50 }))
    return ruleAt(latest, at) ?? ruleVersionAt(lotId, at)
  }
  permit(lotId: string, plate: string | null) {
    return memo(this.permits, `${lotId}\u0000${plate}`, () => permitOf(lotId, plate))
  }
}

function memo<T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let p = cache.get(key)
  if (!p) cache.set(key, (p = load()))
  return p
}

/** A stay that ended through an exit (its exit time known): billed at that time, not now. */
const exitedAt = (stay: Pick<StayDoc, 'status' | 'exitAt'>) => (stay.status === 'OUT' ? stay.exitAt : null)

/** The stay's bill now (a car that left: at its exit), with `coupon` applied when given. */
export async function billStay(stay: StayRecord, now: number, coupon: CouponBenefit | null = null, loader = new BillLoader()): Promise<StayBill> {
  const exit = exitedAt(stay)
  const at = exit ?? now
  const [lot, version, permit] = await Promise.all([loader.lot(stay.lotId), loader.version(stay.lotId, stay.entryAt), loader.permit(stay.lotId, stay.plate)])
  const paid = stay.paid ? { fen: stay.paid.fen, until: stay.paid.until } : null
  const fee =
    stay.fixedFen !== null && stay.fixedFen !== undefined
      ? fixedFee({ rule: version.rule, kind: stay.kind, fixedFen: stay.fixedFen, minutes: stayMinutes(stay.entryAt, at), paid, coupon })
      : parkingFee({ rule: version.rule, kind: stay.kind, entryAt: stay.entryAt, now: at, permit: freeWindowOf(permit, visitWindow(stay.visitor, stay.entryAt), stay.entryAt), paid, coupon, prepaidFen: stay.reservation?.prepaidFen ?? 0 })
  const graceMinutes = version.rule.graceMinutes
  const leaveBy = stay.status === 'IN' && withinGrace(stay.paid, graceMinutes, at) ? leaveByOf(stay.paid!.at, graceMinutes) : null
  // Left owing: through an exit, not within the grace period of a payment then, with money due at that time.
  const left = exit !== null && !withinGrace(stay.paid, graceMinutes, exit) && fee.amountFen > 0
  return { stay, lot, version, fee, at, graceMinutes, leaveBy, left }
}

/** A stay a driver can still see and pay: in the lot, or gone owing money (已离场待补缴). */
export const isPayable = (b: StayBill) => b.stay.status === 'IN' || b.left

// ── Who sees and pays a stay ──────────────────────────────────────────────────

export interface StayViewer {
  mayPay: boolean
  /** The lot's name as this account may see it. */
  lotName: string
  /** May see the lot's name in full, and so where the car stands and since when. */
  full: boolean
}

/**
 * How `openid` may see and pay each stay: a plate's stay by the usage rules
 * (anyone for an unverified plate; the verified owner and those they
 * authorized for a verified one), a plateless stay by the account it is tied
 * to alone. Two reads whatever the number of stays.
 */
export async function viewersOf(openid: string, list: readonly StayRecord[], lotName: (lotId: string) => string): Promise<Map<string, StayViewer>> {
  const usages = await usagesOf(
    openid,
    list.flatMap((s) => (s.plate ? [s.plate] : [])),
  )
  const out = new Map<string, StayViewer>()
  for (const s of list) {
    const name = lotName(s.lotId)
    if (!s.plate) {
      const own = s.openid === openid
      out.set(s._id, { mayPay: own, lotName: own ? name : HIDDEN_LOT_NAME, full: own })
      continue
    }
    const u = usages.get(s.plate)!
    out.set(s._id, { mayPay: mayPay(u.vehicle, u.relation), lotName: lotNameFor(u.vehicle, u.relation, name), full: lotNameVisibility(u.vehicle, u.relation) === 'FULL' })
  }
  return out
}

/** Refuses a caller who may not pay for the stay, in words that say why. */
export function requirePayer(stay: StayRecord, viewer: StayViewer) {
  if (viewer.mayPay) return
  if (!stay.plate) throw new AppError('NOT_YOUR_STAY', '该临时车牌仅限扫码入场的微信账号缴费')
  throw new AppError('NOT_YOUR_STAY')
}

// ── The card ──────────────────────────────────────────────────────────────────

/** 京A·12345, or the temporary plate (临A3F7K9) of a car without one. */
export const plateTextOf = (stay: Pick<StayDoc, 'plate' | 'tempPlate'>) => (stay.plate ? formatPlate(stay.plate) : (stay.tempPlate ?? '无车牌'))

/** The space numbers of stays placed by the sensors (one read). */
export async function spaceNumbers(list: readonly StayRecord[]): Promise<Map<string, string>> {
  const ids = [...new Set(list.flatMap((s) => (s.spaceId ? [s.spaceId] : [])))]
  if (!ids.length) return new Map()
  const docs = await spaces.find({ _id: _.in(ids) }, { limit: 100 })
  return new Map(docs.map((d) => [d._id, d.number]))
}

/** The StayCard contract's shape, as `viewer` may see it (where and since when only with the lot's name in full). */
export function stayCard(b: StayBill, viewer: Pick<StayViewer, 'lotName' | 'full'>, space: string | null) {
  return {
    stayId: b.stay._id,
    lotId: viewer.full ? b.stay.lotId : null,
    lotName: viewer.lotName,
    plateText: plateTextOf(b.stay),
    plateless: !b.stay.plate,
    entryAt: viewer.full ? b.stay.entryAt : null,
    minutes: b.fee.minutes,
    amountFen: b.fee.amountFen,
    space: viewer.full ? space : null,
    leaveBy: b.leaveBy,
    left: b.left,
  }
}

/**
 * The cards of stays as `openid` sees them, billed now (the order given is
 * kept); stays that ended owing nothing are left out.
 */
export async function stayCards(openid: string, list: readonly StayRecord[], at: number, loader = new BillLoader()) {
  const bills = (await Promise.all(list.map((s) => billStay(s, at, null, loader)))).filter(isPayable)
  const shown = bills.map((b) => b.stay)
  const names = new Map(bills.map((b) => [b.lot._id, b.lot.name]))
  const [viewers, numbers] = await Promise.all([viewersOf(openid, shown, (id) => names.get(id) ?? ''), spaceNumbers(shown)])
  return bills.map((b) => stayCard(b, viewers.get(b.stay._id)!, b.stay.spaceId ? (numbers.get(b.stay.spaceId) ?? null) : null))
}

/** The Bill contract's shape. */
export function billView(b: StayBill, viewer: Pick<StayViewer, 'lotName' | 'full'>, space: string | null, coupon: { code: string; benefit: CouponBenefit } | null) {
  return {
    stay: stayCard(b, viewer, space),
    kind: b.stay.kind,
    kindLabel: VEHICLE_KIND_LABELS[b.stay.kind],
    amountFen: b.fee.amountFen,
    grossFen: b.fee.grossFen,
    settledFen: b.fee.settledFen,
    prepaidFen: b.fee.prepaidFen,
    couponFen: b.fee.couponFen,
    steps: b.fee.steps.map((s) => ({ text: s.text, fen: s.fen })),
    rule: b.fee.rule,
    ruleFrom: b.version.from,
    graceMinutes: b.graceMinutes,
    coupon: coupon ? { code: formatCouponCode(coupon.code), text: describeBenefit(coupon.benefit) } : null,
    until: b.at,
  }
}

// ── Coupons ───────────────────────────────────────────────────────────────────

const REFUSAL_CODES: Record<CouponRefusal, ErrorCode> = {
  WITHDRAWN: 'COUPON_WITHDRAWN',
  USED: 'COUPON_USED',
  EXPIRED: 'COUPON_EXPIRED',
  NOT_YET_VALID: 'COUPON_NOT_YET_VALID',
  WRONG_LOT: 'COUPON_WRONG_LOT',
  WRONG_PLATE: 'COUPON_WRONG_PLATE',
  HELD_ELSEWHERE: 'COUPON_HELD',
}

export const couponOf = (doc: Doc<CouponDoc>): Coupon => ({
  code: doc._id,
  batchId: doc.batchId,
  benefit: doc.benefit,
  lotIds: doc.lotIds,
  plate: doc.plate,
  validFrom: doc.validFrom,
  validUntil: doc.validUntil,
  status: doc.status,
  heldBy: doc.heldBy,
})

/** Refuses the coupon for this stay, if it may not be applied now, with canApply's reason. */
export function requireApplicable(doc: Doc<CouponDoc>, stay: StayRecord, at: number, orderId: string | null = null) {
  const check = canApply(couponOf(doc), { lotId: stay.lotId, plate: stay.plate ?? '', now: at, orderId })
  if (!check.ok) throw new AppError(REFUSAL_CODES[check.refusal], check.reason)
}

/**
 * A hold no order will ever release: the holding order does not exist or is
 * no longer unpaid (closing an order and applying its payment each settle its
 * coupon in the same transaction, so this is a pay that stopped half-way
 * under an older order of writes). Such a coupon is free to take.
 */
export const isOrphanHold = (holder: Pick<OrderDoc, 'status'> | null | undefined) => !holder || holder.status !== 'UNPAID'

/**
 * The coupon with this (normalised) code, checked for the stay but not held.
 * A coupon held by the caller's own unpaid order of this same stay counts as
 * this stay's: the driver who backed out of the pay sheet applies it again,
 * and paying gives that order up (releasing the coupon) before holding it
 * anew. Another account's unpaid order is not given up (anyone may pay an
 * unverified car), so its coupon stays its own. An orphaned hold
 * (isOrphanHold) reads as free.
 */
export async function checkedCoupon(code: string, stay: StayRecord, at: number, openid: string): Promise<Doc<CouponDoc>> {
  const doc = await coupons.findOne({ _id: code })
  if (!doc) throw new AppError('COUPON_NOT_FOUND')
  if (doc.status === 'HELD' && doc.heldBy !== null) {
    const holder = await orders.findOne({ _id: doc.heldBy })
    if (isOrphanHold(holder)) {
      requireApplicable({ ...doc, status: 'ISSUED', heldBy: null }, stay, at)
      return doc
    }
    const heldHere = holder!.stayId === stay._id && holder!.openid === openid
    requireApplicable(doc, stay, at, heldHere ? doc.heldBy : null)
    return doc
  }
  requireApplicable(doc, stay, at)
  return doc
}
