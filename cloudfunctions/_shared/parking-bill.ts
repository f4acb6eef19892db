// The bill of a stay, computed in one place for 当前停车, 缴费, the order a
// driver pays and the payment hooks: the fee by the rule version in force at
// entry (parking-context.ts, the loaders the gate uses too), with the plate's
// permit, what was paid and a coupon; a stay opened at an exit with no entry
// record is billed its fixed amount (fee.ts fixedFee). Also who may see and pay
// a stay, and the coupon check a bill and an order share.
import { AppError, type ErrorCode } from '../../src/domain/errors'
import { canApply, describeBenefit, formatCouponCode, type Coupon, type CouponBenefit, type CouponRefusal } from '../../src/domain/parking/coupon'
import { fixedFee, parkingFee, stayMinutes, VEHICLE_KIND_LABELS, type Fee, type PermitWindow } from '../../src/domain/parking/fee'
import { formatPlate } from '../../src/domain/plate'
import { HIDDEN_LOT_NAME, lotNameFor, mayPay } from '../../src/domain/vehicle/usage'
import { _, type Doc } from './cloud'
import { loadParkingLot, permitOf, ruleVersionAt, type ParkingLotDoc } from './parking-context'
import { coupons, orders, spaces, type CouponDoc, type FeeRuleDoc, type StayDoc } from './parking-records'
import { usagesOf } from './vehicle-usage'

const MINUTE = 60_000

export type StayRecord = Doc<StayDoc>

/** A stay's bill at one instant. */
export interface StayBill {
  stay: StayRecord
  lot: ParkingLotDoc
  /** The fee rule version the stay is billed by (in force at its entry). */
  version: Doc<FeeRuleDoc>
  fee: Fee
  /** The instant it was computed for. */
  at: number
  graceMinutes: number
  /** Paid and still within the grace period: leave by then; else null. */
  leaveBy: number | null
}

/**
 * Memoised loads for one request: a list of stays touches few lots, rule
 * versions and permits, and each is read once.
 */
export class BillLoader {
  private lots = new Map<string, Promise<ParkingLotDoc>>()
  private versions = new Map<string, Promise<Doc<FeeRuleDoc>>>()
  private permits = new Map<string, Promise<PermitWindow | null>>()

  lot(lotId: string) {
    return memo(this.lots, lotId, () => loadParkingLot(lotId))
  }
  version(lotId: string, at: number) {
    return memo(this.versions, `${lotId}\u0000${at}`, () => ruleVersionAt(lotId, at))
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

/** Within the grace period after the stay's last payment (as the exit gate decides it): leave by then. */
export function leaveByOf(stay: Pick<StayDoc, 'paid'>, graceMinutes: number, at: number): number | null {
  if (!stay.paid) return null
  const by = stay.paid.at + graceMinutes * MINUTE
  return at <= by ? by : null
}

/** The stay's bill at `at`, with `coupon` applied when given. */
export async function billStay(stay: StayRecord, at: number, coupon: CouponBenefit | null = null, loader = new BillLoader()): Promise<StayBill> {
  const [lot, version, permit] = await Promise.all([loader.lot(stay.lotId), loader.version(stay.lotId, stay.entryAt), loader.permit(stay.lotId, stay.plate)])
  const paid = stay.paid ? { fen: stay.paid.fen, until: stay.paid.until } : null
  const fee =
    stay.fixedFen !== null && stay.fixedFen !== undefined
      ? fixedFee({ rule: version.rule, kind: stay.kind, fixedFen: stay.fixedFen, minutes: stayMinutes(stay.entryAt, at), paid, coupon })
      : parkingFee({ rule: version.rule, kind: stay.kind, entryAt: stay.entryAt, now: at, permit, paid, coupon })
  const graceMinutes = version.rule.graceMinutes
  return { stay, lot, version, fee, at, graceMinutes, leaveBy: leaveByOf(stay, graceMinutes, at) }
}

// ── Who sees and pays a stay ──────────────────────────────────────────────────

export interface StayViewer {
  mayPay: boolean
  /** The lot's name as this account may see it. */
  lotName: string
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
      out.set(s._id, { mayPay: own, lotName: own ? name : HIDDEN_LOT_NAME })
      continue
    }
    const u = usages.get(s.plate)!
    out.set(s._id, { mayPay: mayPay(u.vehicle, u.relation), lotName: lotNameFor(u.vehicle, u.relation, name) })
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

export function stayCard(b: StayBill, lotName: string, space: string | null) {
  return {
    stayId: b.stay._id,
    lotId: b.stay.lotId,
    lotName,
    plateText: plateTextOf(b.stay),
    plateless: !b.stay.plate,
    entryAt: b.stay.entryAt,
    minutes: b.fee.minutes,
    amountFen: b.fee.amountFen,
    space,
    leaveBy: b.leaveBy,
  }
}

/** The cards of stays as `openid` sees them, billed at `at` (the order given is kept). */
export async function stayCards(openid: string, list: readonly StayRecord[], at: number, loader = new BillLoader()) {
  const bills = await Promise.all(list.map((s) => billStay(s, at, null, loader)))
  const names = new Map(bills.map((b) => [b.lot._id, b.lot.name]))
  const [viewers, numbers] = await Promise.all([viewersOf(openid, list, (id) => names.get(id) ?? ''), spaceNumbers(list)])
  return bills.map((b) => stayCard(b, viewers.get(b.stay._id)!.lotName, b.stay.spaceId ? (numbers.get(b.stay.spaceId) ?? null) : null))
}

/** The Bill contract's shape. */
export function billView(b: StayBill, lotName: string, space: string | null, coupon: { code: string; benefit: CouponBenefit } | null) {
  return {
    stay: stayCard(b, lotName, space),
    kind: b.stay.kind,
    kindLabel: VEHICLE_KIND_LABELS[b.stay.kind],
    amountFen: b.fee.amountFen,
    grossFen: b.fee.grossFen,
    settledFen: b.fee.settledFen,
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
 * The coupon with this (normalised) code, checked for the stay but not held.
 * A coupon held by an unpaid order of this same stay counts as this stay's:
 * the driver who backed out of the pay sheet applies it again, and paying
 * gives that order up (releasing the coupon) before holding it anew.
 */
export async function checkedCoupon(code: string, stay: StayRecord, at: number): Promise<Doc<CouponDoc>> {
  const doc = await coupons.findOne({ _id: code })
  if (!doc) throw new AppError('COUPON_NOT_FOUND')
  const heldHere = doc.status === 'HELD' && doc.heldBy !== null && !!(await orders.findOne({ _id: doc.heldBy, stayId: stay._id, status: 'UNPAID' }))
  requireApplicable(doc, stay, at, heldHere ? doc.heldBy : null)
  return doc
}
