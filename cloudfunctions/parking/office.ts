// 工作台 for the parking office (issue 10): a lot's fee rule versions, coupon
// batches and their codes, the cars in a lot now with each lane's last event,
// opening a barrier by hand, and the daily report reconciled with WeChat Pay.
// Access is declared in the contract (office; carsInLot and openBarrier also
// guards) and enforced by route(); every change is written to the audit log.
//
// Decisions:
// - Fee rule versions are append-only: a new version takes over from its
//   `from` (now, or a later time), and a stay is billed by the version in
//   force at its entry (ruleVersionAt), so saving never changes what a car
//   already in the lot pays. A version `_id` is `${lotId}:${from}`, so two
//   versions from the same instant cannot exist (which one wins would be
//   undefined); a mistaken future version is corrected by saving another one.
// - A coupon batch is written before its coupons, so every coupon names a
//   listed batch. Codes are inserted in chunks; a code that already exists
//   (another batch drew it: the `_id` is unique) is drawn again.
// - A barrier opened by hand is a lane command the lane's device picks up at
//   its next heartbeat. At an exit, the car the gate last refused there (within
//   parking-lanes.ts REFUSED_CAR_MS) is named, so the device function can close its stay when the
//   barrier opens.
// - The report covers a calendar day in Asia/Shanghai: orders paid that day
//   whatever their status now (refunded since, or closed for a refund that is
//   pending or failed), each with its refund, and refunds completed that day.
//   Every line is checked with WeChat Pay (queryOrder / queryRefund), a page
//   of lines per call; a line WeChat Pay cannot confirm right now counts as a
//   mismatch too, since nobody has checked it.
import { randomBytes } from 'node:crypto'
import type { parkingContract } from '../../src/domain/contracts/parking'
import { AppError } from '../../src/domain/errors'
import { formatYuan } from '../../src/domain/money'
import { couponLabel, describeBenefit, generateCouponCodes, type CouponBenefit } from '../../src/domain/parking/coupon'
import { permitWindow, ruleAt } from '../../src/domain/parking/fee'
import { GATE_FLAG_LABELS } from '../../src/domain/parking/gate'
import { REFUND_LABELS, type RefundStatus } from '../../src/domain/pay/intent'
import { formatPlate } from '../../src/domain/plate'
import { formatDateTime, shanghai } from '../../src/domain/time'
import { audit } from '../_shared/audit'
import { _, type Doc } from '../_shared/cloud'
import { now } from '../_shared/clock'
import { collection } from '../_shared/collection'
import { isDuplicateKey } from '../_shared/db-errors'
import { queryOrder, queryRefund, REFUND_STATE_LABELS, TRADE_STATE_LABELS } from '../_shared/pay'
import { refunds, type RefundDoc } from '../_shared/payments'
import { BillLoader, billStay, plateTextOf, spaceNumbers } from '../_shared/parking-bill'
import { loadParkingLot, loadParkingLots } from '../_shared/parking-context'
import { refusedCarAt } from '../_shared/parking-lanes'
import {
  couponBatches as batches,
  coupons,
  feeRules as ruleVersions,
  gateEvents,
  laneCommands,
  ORDER_STATUSES,
  orders,
  stays,
  type CouponBatchDoc,
  type CouponDoc,
  type FeeRuleDoc,
  type OrderDoc,
  type StayDoc,
} from '../_shared/parking-records'
import { permits, type PermitDoc } from '../_shared/permit-records'
import type { Handler } from '../_shared/route'

type H<A extends keyof typeof parkingContract> = Handler<typeof parkingContract, A>

const DAY = 86_400_000

// ── Who saved what ──────────────────────────────────────────────────────────

const staffNames = collection<{ openid: string; name: string }>('staff')

/** Staff names by openid, for the people who saved versions ('seed': the seeded version). */
async function namesOf(openids: string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(openids)].filter((o) => o !== 'seed')
  const found = wanted.length ? await staffNames.find({ openid: _.in(wanted) }, { limit: wanted.length }) : []
  const names = new Map(found.map((s) => [s.openid, s.name]))
  names.set('seed', '系统预置')
  return names
}

// ── Fee rules ───────────────────────────────────────────────────────────────

const versionView = (v: Doc<FeeRuleDoc>, names: Map<string, string>) => ({ id: v._id, from: v.from, rule: v.rule, by: names.get(v.by) ?? '工作人员', at: v.at })

/**
 * Every version is listed (read 1000 at a time, as carsInLot's bill loader
 * reads them): versions are saved by hand, one per change of the lot's prices,
 * so a lot that changes them every week has about 50 a year (~1 KB each in
 * the answer); nothing is left out however many there are.
 */
export const feeRules: H<'feeRules'> = async ({ lotId }) => {
  await loadParkingLot(lotId)
  const versions = await all(ruleVersions, { lotId }, ['from', 'desc'])
  const names = await namesOf(versions.map((v) => v.by))
  return { versions: versions.map((v) => versionView(v, names)), currentId: ruleAt(versions, now())?._id ?? null }
}

/** How far ahead a version may be scheduled. */
const MAX_AHEAD = 366 * DAY

export const setFeeRule: H<'setFeeRule'> = async ({ lotId, rule, from }, caller) => {
  await loadParkingLot(lotId)
  const t = now()
  const start = from ?? t
  if (start < t) throw new AppError('FEE_RULE_INVALID', '生效时间不能早于当前时间')
  if (start > t + MAX_AHEAD) throw new AppError('FEE_RULE_INVALID', '生效时间不能晚于一年后')
  const id = `${lotId}:${start}`
  const doc: FeeRuleDoc = { lotId, from: start, rule, by: caller.openid, at: t }
  try {
    await ruleVersions.insert(id, doc)
  } catch (e) {
    if (isDuplicateKey(e)) throw new AppError('FEE_RULE_INVALID', '该生效时间已有一个收费规则版本，请选择其他时间')
    throw e
  }
  await audit(`fee-rule:${id}`, { by: caller.openid, action: 'parking.setFeeRule', target: lotId, reason: `自 ${formatDateTime(start)} 起生效` })
  return { version: versionView({ ...doc, _id: id }, await namesOf([caller.openid])) }
}

// ── Coupons ─────────────────────────────────────────────────────────────────

const CHUNK = 100

const batchView = (b: Doc<CouponBatchDoc>, used: number) => ({
  id: b._id,
  name: b.name,
  benefit: b.benefit,
  benefitText: describeBenefit(b.benefit),
  lotIds: b.lotIds,
  plate: b.plate,
  validFrom: b.validFrom,
  validUntil: b.validUntil,
  count: b.count,
  used,
  at: b.at,
})

const draw = (n: number) => generateCouponCodes(n, (k) => randomBytes(k))

/**
 * Writes the batch's coupons under `codes`, `CHUNK` at a time, and returns the
 * codes as written: a code another batch already holds is drawn again.
 */
async function writeCoupons(codes: string[], coupon: CouponDoc): Promise<string[]> {
  const written: string[] = []
  for (let i = 0; i < codes.length; i += CHUNK) {
    const chunk = codes.slice(i, i + CHUNK)
    try {
      await coupons.insertMany(chunk.map((code) => ({ ...coupon, _id: code })))
      written.push(...chunk)
      continue
    } catch (e) {
      if (!isDuplicateKey(e)) throw e
    }
    // Some code of the chunk exists. The database may have written part of the
    // chunk before refusing, so each code is looked at: ours stays, another
    // batch's is replaced by a new draw.
    for (const code of chunk) written.push(await writeOne(code, coupon, new Set([...codes, ...written])))
  }
  return written
}

async function writeOne(code: string, coupon: CouponDoc, taken: Set<string>): Promise<string> {
  for (let candidate = code; ; ) {
    try {
      await coupons.insert(candidate, coupon)
      return candidate
    } catch (e) {
      if (!isDuplicateKey(e)) throw e
    }
    const existing = await coupons.findOne({ _id: candidate })
    if (existing?.batchId === coupon.batchId) return candidate
    do candidate = draw(1)[0]
    while (taken.has(candidate))
  }
}

export const issueCoupons: H<'issueCoupons'> = async (input, caller) => {
  const t = now()
  if (input.validUntil <= t) throw new AppError('BAD_INPUT', '失效时间应晚于当前时间')
  const lotIds = [...new Set(input.lotIds)]
  for (const lotId of lotIds) await loadParkingLot(lotId)
  const benefit = input.benefit as CouponBenefit
  const batch: CouponBatchDoc = {
    name: input.name,
    benefit,
    lotIds,
    plate: input.plate,
    validFrom: input.validFrom,
    validUntil: input.validUntil,
    count: input.count,
    by: caller.openid,
    at: t,
  }
  const batchId = await batches.add(batch)
  const coupon: CouponDoc = {
    batchId,
    benefit,
    lotIds,
    plate: input.plate,
    validFrom: input.validFrom,
    validUntil: input.validUntil,
    status: 'ISSUED',
    heldBy: null,
    usedAt: null,
    updatedAt: t,
  }
  const codes = await writeCoupons(draw(input.count), coupon)
  await audit(`coupons:${batchId}`, {
    by: caller.openid,
    action: 'parking.issueCoupons',
    target: batchId,
    reason: `${input.name}：${describeBenefit(benefit)} × ${input.count}`,
  })
  return { batch: batchView({ ...batch, _id: batchId }, 0), codes }
}

/** Batches a page of 优惠券 shows (each takes a count of its used coupons). */
const BATCH_PAGE = 20

/** The offset a couponBatches cursor stands for. */
function offsetOf(cursor: string | undefined): number {
  if (cursor === undefined) return 0
  if (!/^\d{1,9}$/.test(cursor)) throw new AppError('BAD_INPUT', '分页参数有误')
  return Number(cursor)
}

/**
 * A page of batches, newest first. The cursor is an offset: batches are only
 * ever added at the front (issued now), so one issued between two pages moves
 * the rest down by one and the next page repeats a batch; it never skips one.
 */
export const couponBatches: H<'couponBatches'> = async ({ cursor }) => {
  const skip = offsetOf(cursor)
  const list = await batches.find({}, { orderBy: ['at', 'desc'], skip, limit: BATCH_PAGE + 1 })
  const page = list.slice(0, BATCH_PAGE)
  const used = await Promise.all(page.map((b) => coupons.count({ batchId: b._id, status: 'USED' })))
  return { batches: page.map((b, i) => batchView(b, used[i])), next: list.length > BATCH_PAGE ? String(skip + BATCH_PAGE) : null }
}

const PAGE = 1000

/** Every document `where` finds, in `orderBy` order, a page at a time. */
async function all<T extends object>(store: ReturnType<typeof collection<T>>, where: Record<string, unknown>, orderBy: [string, 'asc' | 'desc']) {
  const out: Array<Doc<T>> = []
  for (;;) {
    const page = await store.find(where, { orderBy, limit: PAGE, skip: out.length })
    out.push(...page)
    if (page.length < PAGE) return out
  }
}

export const batchCodes: H<'batchCodes'> = async ({ batchId }) => {
  const batch = await batches.findOne({ _id: batchId })
  if (!batch) throw new AppError('NOT_FOUND', '该批次不存在')
  const t = now()
  const list = await all(coupons, { batchId }, ['_id', 'asc'])
  return { codes: list.map((c) => ({ code: c._id, status: c.status, statusLabel: couponLabel(c, t) })) }
}

// ── The lot now ─────────────────────────────────────────────────────────────

/**
 * The bill's loads for a whole lot at once: its rule versions (few) and the
 * permits of the plates in it are read in a handful of queries instead of one
 * per car; anything not preloaded falls back to BillLoader's own reads.
 */
class LotBillLoader extends BillLoader {
  constructor(
    private readonly ownLot: string,
    private readonly lotVersions: Array<Doc<FeeRuleDoc>>,
    private readonly lotPermits: Map<string, PermitDoc>,
  ) {
    super()
  }
  override version(lotId: string, at: number) {
    const v = lotId === this.ownLot ? ruleAt(this.lotVersions, at) : null
    return v ? Promise.resolve(v) : super.version(lotId, at)
  }
  override permit(lotId: string, plate: string | null) {
    if (lotId !== this.ownLot || !plate) return super.permit(lotId, plate)
    const p = this.lotPermits.get(plate)
    return Promise.resolve(p ? permitWindow(p.validUntil) : null)
  }
}

async function lotBillLoader(lotId: string, list: Array<Doc<StayDoc>>): Promise<LotBillLoader> {
  const plates = [...new Set(list.flatMap((s) => (s.plate ? [s.plate] : [])))]
  const [versions, found] = await Promise.all([
    all(ruleVersions, { lotId }, ['from', 'desc']),
    Promise.all(chunks(plates, CHUNK).map((chunk) => permits.find({ lotId, plate: _.in(chunk) }, { limit: 1000 }))),
  ])
  const byPlate = new Map<string, PermitDoc>()
  for (const p of found.flat()) if (!byPlate.has(p.plate)) byPlate.set(p.plate, p)
  return new LotBillLoader(lotId, versions, byPlate)
}

const chunks = <T>(items: T[], size: number) => Array.from({ length: Math.ceil(items.length / size) }, (_x, i) => items.slice(i * size, (i + 1) * size))

/** A car that entered without a plate is flagged in the words 缴费 uses for it (无车牌): the one plate-text helper's. */
const NO_PLATE_FLAG = plateTextOf({ plate: null, tempPlate: null })

export const carsInLot: H<'carsInLot'> = async ({ lotId }) => {
  const lot = await loadParkingLot(lotId)
  const t = now()
  const [inLot, lanes] = await Promise.all([
    all(stays, { lotId, status: 'IN' }, ['entryAt', 'desc']),
    Promise.all(
      lot.parking.lanes.map(async (lane) => {
        const [e] = await gateEvents.find({ lotId, laneId: lane.id }, { orderBy: ['at', 'desc'], limit: 1 })
        return {
          laneId: lane.id,
          lastEvent: e
            ? { plate: e.plate ? formatPlate(e.plate) : null, reason: e.decision.reason, open: e.decision.open, led: e.decision.led, at: e.at }
            : null,
        }
      }),
    ),
  ])
  // The one bill computation (parking-bill.ts), as 缴费 and the exit gate see it now.
  const loader = await lotBillLoader(lotId, inLot)
  const [bills, numbers] = await Promise.all([
    Promise.all(inLot.map((s) => billStay(s, t, null, loader))),
    Promise.all(chunks(inLot, CHUNK).map(spaceNumbers)).then((maps) => new Map(maps.flatMap((m) => [...m]))),
  ])
  const cars = bills.map(({ stay: s, fee }) => ({
    stayId: s._id,
    plateText: plateTextOf(s),
    entryAt: s.entryAt,
    minutes: fee.minutes,
    amountFen: fee.amountFen,
    space: s.spaceId ? (numbers.get(s.spaceId) ?? null) : null,
    flags: [...(s.plate ? [] : [NO_PLATE_FLAG]), ...s.flags.map((f) => GATE_FLAG_LABELS[f] ?? f)],
    paidFen: s.paid?.fen ?? 0,
  }))
  return { cars, lanes }
}

export const openBarrier: H<'openBarrier'> = async ({ lotId, laneId, reason }, caller) => {
  const lot = await loadParkingLot(lotId)
  const lane = lot.parking.lanes.find((l) => l.id === laneId)
  if (!lane) throw new AppError('LANE_NOT_FOUND', '该停车场没有这个车道')
  const t = now()
  let stayId: string | undefined
  if (lane.kind === 'exit') {
    stayId = (await refusedCarAt(lotId, laneId, t))?.stayId ?? undefined
  }
  const commandId = await laneCommands.add({ lotId, laneId, command: 'open', reason, status: 'pending', createdAt: t, by: caller.openid, ...(stayId ? { stayId } : {}) })
  await audit(`barrier:${commandId}`, { by: caller.openid, action: 'parking.openBarrier', target: `${lotId}/${laneId}`, reason })
  return { commandId }
}

// ── The daily report ────────────────────────────────────────────────────────

/** How many provider queries run at once. */
const AT_ONCE = 8

/**
 * Lines one call checks with WeChat Pay: one query each, AT_ONCE at a time,
 * so 5 rounds of ~0.2 s; well inside a function's time limit (3 s by default)
 * however busy the day. A day of the seed's two lots is a few hundred
 * payments; the totals cover the whole day on every page (our records, read
 * 1000 at a time), only the checks are paged.
 */
const REPORT_PAGE = 40

/** A paid order can be in any status but UNPAID now (PAID; CLOSED awaiting its refund, or its refund failed; REFUNDED). */
const PAID_STATUSES = ORDER_STATUSES.filter((s) => s !== 'UNPAID')

async function inTurn<T, R>(items: T[], run: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = []
  for (let i = 0; i < items.length; i += AT_ONCE) out.push(...(await Promise.all(items.slice(i, i + AT_ONCE).map(run))))
  return out
}

/** A payment as WeChat Pay has it: does its state and amount match our order? */
async function checkPayment(o: Doc<OrderDoc>): Promise<{ provider: string; matches: boolean }> {
  // Nothing was paid through WeChat Pay (a coupon or permit made it 0): nothing to compare.
  if (o.amountFen === 0) return { provider: '无需支付', matches: true }
  const q = await queryOrder(o._id)
  if (!q.ok) return { provider: `暂无法查询（${q.message || q.code}）`, matches: false }
  // A payment given back (or to be) is REFUND at WeChat Pay once the refund is asked for.
  const states = o.status === 'PAID' ? ['SUCCESS'] : ['SUCCESS', 'REFUND']
  // An answer outside the documented states is shown as WeChat Pay gave it.
  const label = TRADE_STATE_LABELS[q.state] ?? q.state
  const amount = q.state === 'SUCCESS' || q.state === 'REFUND' ? ` ¥${formatYuan(q.totalFee)}` : ''
  return { provider: `${label}${amount}`, matches: states.includes(q.state) && q.totalFee === o.amountFen }
}

async function checkRefund(r: Doc<RefundDoc>): Promise<{ provider: string; matches: boolean }> {
  const q = await queryRefund(r._id)
  if (!q.ok) return { provider: `暂无法查询（${q.message || q.code}）`, matches: false }
  const label = REFUND_STATE_LABELS[q.state] ?? q.state
  return { provider: q.state === 'SUCCESS' ? `${label} ¥${formatYuan(q.refundFee)}` : label, matches: q.state === 'SUCCESS' && q.refundFee === r.amountFen }
}

/** One line of the day before it is checked: a payment (with its order's refund, if any) or a completed refund. */
interface Entry {
  kind: 'payment' | 'refund'
  at: number
  /** The payment's order, or the refund's own number: with `at` and `kind`, the line's place in the day. */
  id: string
  order: Doc<OrderDoc> | undefined
  orderId: string
  refund: Doc<RefundDoc> | null
}

const keyOf = (e: Entry) => `${e.at}|${e.kind}|${e.id}`
const compare = (a: Pick<Entry, 'at' | 'kind' | 'id'>, b: Pick<Entry, 'at' | 'kind' | 'id'>) =>
  a.at - b.at || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

/** The line a report cursor names (the last line of the page before). */
function entryOf(cursor: string): Pick<Entry, 'at' | 'kind' | 'id'> {
  const m = /^(\d{1,15})\|(payment|refund)\|(.+)$/.exec(cursor)
  if (!m) throw new AppError('BAD_INPUT', '分页参数有误')
  return { at: Number(m[1]), kind: m[2] as Entry['kind'], id: m[3] }
}

const refundView = (r: Doc<RefundDoc> | null) => (r ? { status: r.status, label: REFUND_LABELS[r.status], amountFen: r.amountFen } : null)

/** Refunds that are done or will be without anyone acting: what the payer is no longer owed. */
const GIVEN_BACK: readonly RefundStatus[] = ['SUCCEEDED', 'DONE']

/**
 * The day's payments are every order paid that day, whatever its status now:
 * a payment that could not be applied (closed for a refund) took money that
 * day all the same, and if its refund failed it would otherwise vanish from
 * every report. Each payment line carries its refund as our records have it,
 * and `owedFen` sums what the day's payers are still to get back. Refund
 * lines are the refunds completed that day (of any day's payments).
 */
export const report: H<'report'> = async ({ day, cursor }) => {
  const start = shanghai(`${day}T00:00:00+08:00`)
  if (!start.isValid() || start.format('YYYY-MM-DD') !== day) throw new AppError('BAD_INPUT', '日期有误')
  const after = cursor === undefined ? null : entryOf(cursor)
  const from = start.valueOf()
  const until = from + DAY
  const [paid, returned, lots] = await Promise.all([
    all(orders, { status: _.in([...PAID_STATUSES]), paidAt: _.gte(from).and(_.lt(until)) }, ['paidAt', 'asc']),
    all(refunds, { domain: 'parking', refundedAt: _.gte(from).and(_.lt(until)) }, ['refundedAt', 'asc']),
    loadParkingLots(),
  ])
  const lotName = new Map(lots.map((l) => [l._id, l.name]))
  // The refunds the day's payments hold (pending, failed or done on another day) …
  const refundById = new Map(returned.map((r) => [r._id, r]))
  const unread = [...new Set(paid.flatMap((o) => (o.refundNo && !refundById.has(o.refundNo) ? [o.refundNo] : [])))]
  for (const ids of chunks(unread, CHUNK)) for (const r of await refunds.find({ _id: _.in(ids) }, { limit: CHUNK })) refundById.set(r._id, r)
  // … and the orders the day's refunds name, for their plate and lot (most are among the day's payments).
  const byId = new Map(paid.map((o) => [o._id, o]))
  const missing = [...new Set(returned.map((r) => r.outTradeNo).filter((id) => !byId.has(id)))]
  for (const ids of chunks(missing, CHUNK)) for (const o of await orders.find({ _id: _.in(ids) }, { limit: CHUNK })) byId.set(o._id, o)

  const entries: Entry[] = [
    ...paid.map((o) => ({ kind: 'payment' as const, at: o.paidAt!, id: o._id, order: o, orderId: o._id, refund: o.refundNo ? (refundById.get(o.refundNo) ?? null) : null })),
    ...returned.map((r) => ({ kind: 'refund' as const, at: r.refundedAt!, id: r._id, order: byId.get(r.outTradeNo), orderId: r.outTradeNo, refund: r })),
  ].sort(compare)
  const payments = entries.filter((e) => e.kind === 'payment')
  // A payment closed for a refund whose intent is missing is owed in full.
  const owed = payments.filter((e) => e.order!.refundNo && !(e.refund && GIVEN_BACK.includes(e.refund.status)))

  const rest = after ? entries.filter((e) => compare(e, after) > 0) : entries
  const page = rest.slice(0, REPORT_PAGE)
  const lines = await inTurn(page, async (e) => ({
    orderId: e.orderId,
    kind: e.kind,
    plateText: e.order?.plateText ?? '—',
    lotName: e.order ? (lotName.get(e.order.lotId) ?? e.order.lotId) : '—',
    amountFen: e.kind === 'payment' ? e.order!.amountFen : e.refund!.amountFen,
    at: e.at,
    refund: refundView(e.refund),
    ...(await (e.kind === 'payment' ? checkPayment(e.order!) : checkRefund(e.refund!))),
  }))
  return {
    day,
    paidFen: payments.reduce((s, e) => s + e.order!.amountFen, 0),
    refundedFen: entries.reduce((s, e) => s + (e.kind === 'refund' ? e.refund!.amountFen : 0), 0),
    count: payments.length,
    owedFen: owed.reduce((s, e) => s + (e.refund?.amountFen ?? e.order!.amountFen), 0),
    failedRefunds: owed.filter((e) => e.refund?.status === 'FAILED').length,
    total: entries.length,
    mismatches: lines.filter((l) => !l.matches).length,
    lines,
    next: rest.length > REPORT_PAGE ? keyOf(page[page.length - 1]) : null,
  }
}
