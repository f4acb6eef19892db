// The parking fee: a lot's fee rule (收费规则, validated when the office edits
// it) and what a stay costs, with the breakdown the bill shows.
//
// The rule, modelled on ParkingOS' price table (price_tb: free_time,
// fpay_type, first_times/fprice, unit/price, day/night, total24, car_type):
// free minutes, and whether they are billed once exceeded; a first period
// with one price; then units of a fixed length at a unit price, optionally a
// different price at night (outside the day window, e.g. 07:00–19:00); a cap
// per window, where the lot chooses the window explicitly: each calendar day in
// Asia/Shanghai, or each 24 hours from entry (ParkingOS' total24 counts 24 h
// from entry; other vendors cap per natural day). Grace minutes to leave
// after paying (default 15) are part of the rule because the bill states them.
//
// Decisions:
// - A stay is measured in whole minutes (seconds are not billed). A stay of at
//   most the free minutes is free; one minute more is billed.
// - Billing starts at entry, or after the free minutes when they stay free once
//   exceeded. The first period is charged in full as soon as billing starts;
//   then a unit is charged in full as soon as it begins (a part unit is a unit).
// - Units follow one grid from the end of the first period. A unit spanning the
//   day/night boundary is priced by the period in which it begins (as
//   ParkingOS does by default, is_fulldaytime = 0: the day's last unit is
//   completed at the day price). The first period has one price, day or night.
// - Caps: a charge belongs to the window in which it begins; a window never
//   charges more than the cap. So a stay never costs more than cap × the
//   windows it touches.
// - Vehicle kinds: the rule holds a full tariff for small cars and optional
//   per-kind overrides for large and new-energy cars (any field: e.g. large
//   cars at double prices, new-energy cars with a free first hour). Overrides,
//   not multipliers: the office types the prices the bill shows, no rounding.
// - An approved 车证 for the lot: a charge that begins while the permit is
//   valid costs nothing and does not count towards a cap. A permit that expires
//   mid-stay: the stay goes on under the same grid, so billing resumes with the
//   first unit that begins after expiry — no new free minutes, no new first
//   period (both were spent inside the permit). A permit that starts mid-stay
//   stops charges from its start.
// - Paying and overstaying: a payment settles the stay up to `paid.until` (the
//   time its bill was computed for). What is due later is the stay's tariff now
//   minus its tariff at `paid.until`: only what began after it, no second free
//   period, no second first period, caps counted over the whole stay.
// - A coupon applies to what is due (see coupon.ts): amount off, minutes off
//   the end of the stay, or all of it. Never below zero.
// - Local time is UTC+8 by arithmetic: Asia/Shanghai has had no daylight saving
//   since 1991 (the test checks it against dayjs' zone). dayjs' zone conversion
//   costs tens of microseconds; the fee must run ≥ 200k times a second.
import * as z from '../zod'
import { formatYuan } from '../money'
import { parsePlate } from '../plate'
import { describeBenefit, type CouponBenefit } from './coupon'

const MINUTE = 60_000
const DAY = 86_400_000
const SHANGHAI_OFFSET = 8 * 3_600_000

// ── The rule ────────────────────────────────────────────────────────────────

export const VEHICLE_KINDS = ['small', 'large', 'newEnergy'] as const
export type VehicleKind = (typeof VEHICLE_KINDS)[number]
export const VEHICLE_KIND_LABELS: Record<VehicleKind, string> = { small: '小型车', large: '大型车', newEnergy: '新能源车' }

export const CAP_MODES = ['calendarDay', 'rolling24h'] as const
export type CapMode = (typeof CAP_MODES)[number]

export const DEFAULT_GRACE_MINUTES = 15

const wholeMinutes = (min: number, max: number, message: string) => z.int(message).check(z.minimum(min, message), z.maximum(max, message))
const priceFen = (label: string) =>
  z.int(`${label}应为整数（分）`).check(z.minimum(0, `${label}不能为负数`), z.maximum(1_000_000, `${label}不能超过 ¥10000.00`))
const clock = z.string('时间格式应为 HH:mm').check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:mm，如 07:00'))

/** One vehicle kind's prices. */
export const TariffSchema = z.object({
  /** Minutes free from entry; a stay of at most this long costs nothing. */
  freeMinutes: wholeMinutes(0, 1440, '免费时长应为 0–1440 分钟的整数'),
  /** Once a stay exceeds the free minutes: true bills from entry (fpay_type 0), false keeps them free. */
  billFreeMinutes: z.boolean('请选择超出免费时长后免费时长是否计费'),
  /** The first period (0: none) and its one price. */
  firstMinutes: wholeMinutes(0, 1440, '首段时长应为 0–1440 分钟的整数'),
  firstFen: priceFen('首段价格'),
  unitMinutes: wholeMinutes(1, 1440, '计费单位应为 1–1440 分钟的整数'),
  /** The unit price (by day, when the lot has a day window). */
  unitFen: priceFen('单价'),
  /** The price of a unit beginning outside the day window; null without a day window. */
  nightUnitFen: z.nullable(priceFen('夜间单价')),
  /** At most this much per cap window; null: no cap. */
  capFen: z.nullable(priceFen('封顶金额').check(z.minimum(1, '封顶金额应大于 0'))),
})
export type Tariff = z.infer<typeof TariffSchema>

const TariffOverride = z.nullable(z.partial(TariffSchema))

export const FeeRuleSchema = z
  .object({
    capMode: z.enum(CAP_MODES, '请选择封顶方式：按自然日或按入场起每 24 小时'),
    /** Day prices apply to units beginning in [start, end); null: one price all day. */
    dayWindow: z.nullable(z.object({ start: clock, end: clock })),
    /** Minutes after paying within which the car may leave without paying again. */
    graceMinutes: wholeMinutes(0, 120, '缴费后免费离场时间应为 0–120 分钟的整数'),
    small: TariffSchema,
    large: TariffOverride,
    newEnergy: TariffOverride,
  })
  .check(
    z.superRefine((rule, ctx) => {
      const w = rule.dayWindow
      if (w && w.start >= w.end) ctx.addIssue({ code: 'custom', message: '白天开始时间应早于结束时间', path: ['dayWindow', 'end'], input: w.end })
      for (const kind of VEHICLE_KINDS) {
        const t = tariffFor(rule, kind)
        const prefix = kind === 'small' ? '' : `${VEHICLE_KIND_LABELS[kind]}：`
        const issue = (field: keyof Tariff, message: string) =>
          ctx.addIssue({ code: 'custom', message: prefix + message, path: [kind, field], input: t[field] })
        if (t.firstMinutes === 0 && t.firstFen !== 0) issue('firstFen', '未设首段时长时，首段价格应为 0')
        if (w && t.nightUnitFen === null) issue('nightUnitFen', '设置了白天时段，请填写夜间单价')
        if (!w && t.nightUnitFen !== null) issue('nightUnitFen', '未设置白天时段，不能设置夜间单价')
      }
    }),
  )
export type FeeRule = z.infer<typeof FeeRuleSchema>

/** The tariff a vehicle kind pays: small cars' prices with the kind's overrides. Field by field: a bill asks for it on every call. */
export function tariffFor(rule: FeeRule, kind: VehicleKind): Tariff {
  const s = rule.small
  const o = kind === 'small' ? null : rule[kind]
  if (!o) return s
  return {
    freeMinutes: o.freeMinutes ?? s.freeMinutes,
    billFreeMinutes: o.billFreeMinutes ?? s.billFreeMinutes,
    firstMinutes: o.firstMinutes ?? s.firstMinutes,
    firstFen: o.firstFen ?? s.firstFen,
    unitMinutes: o.unitMinutes ?? s.unitMinutes,
    unitFen: o.unitFen ?? s.unitFen,
    nightUnitFen: o.nightUnitFen !== undefined ? o.nightUnitFen : s.nightUnitFen,
    capFen: o.capFen !== undefined ? o.capFen : s.capFen,
  }
}

/** 收费规则 lines per rule object and kind: a loaded rule billing many stays (场内车辆) words them once. Rules are not mutated once loaded. */
const wordsByRule = new WeakMap<FeeRule, Partial<Record<VehicleKind, readonly string[]>>>()

/** The kind a plate suggests: new-energy plates are new-energy cars; large cars are reported by the lane or staff. */
export function vehicleKindOfPlate(plate: string): VehicleKind {
  const parsed = parsePlate(plate)
  return parsed.ok && parsed.energy ? 'newEnergy' : 'small'
}

/** A lot's rule versions: a stay is billed by the version in force at its entry (the latest `from` ≤ entry). */
export function ruleAt<T extends { from: number }>(versions: readonly T[], at: number): T | null {
  let best: T | null = null
  for (const v of versions) if (v.from <= at && (best === null || v.from >= best.from)) best = v
  return best
}

/** What a car seen at an exit with no entry record is billed: the first period (or one unit without one). */
export function firstPeriodFen(rule: FeeRule, kind: VehicleKind): number {
  const t = tariffFor(rule, kind)
  return t.firstMinutes > 0 ? t.firstFen : t.unitFen
}

// ── Inputs ──────────────────────────────────────────────────────────────────

/**
 * A permit's validity as instants: free for charges beginning in [from, until).
 * A visitor's pass whose parking the visitor does not pay (访客预约,
 * visitor/pass.ts parkingPayer) is such a window too, from entry to the end of
 * the visit, with its own words on the bill (`label`).
 */
export interface PermitWindow {
  from: number
  until: number
  /** The bill's line for what the window took off (default 车证有效期内免费). */
  label?: string
}

/** A permit valid on calendar days (YYYY-MM-DD, inclusive, Asia/Shanghai), as `permits` stores them. */
export function permitWindow(validUntil: string, validFrom?: string | null): PermitWindow {
  const day = /^\d{4}-\d{2}-\d{2}$/
  if (!day.test(validUntil) || (validFrom != null && !day.test(validFrom))) throw new RangeError(`not a date: ${validFrom} – ${validUntil}`)
  const midnight = (d: string) => Date.parse(`${d}T00:00:00+08:00`)
  return { from: validFrom ? midnight(validFrom) : 0, until: midnight(validUntil) + DAY }
}

/** What was paid for this stay so far: the sum, and the time the latest paid bill was computed for. */
export interface Paid {
  fen: number
  until: number
}

export interface FeeInput {
  /** The rule in force at entry. */
  rule: FeeRule
  kind: VehicleKind
  entryAt: number
  now: number
  /** The plate's approved permit for this lot, if any. */
  permit?: PermitWindow | null
  paid?: Paid | null
  /**
   * The reservation fee paid when booking (车位预定, reservation/rules.ts):
   * taken off the tariff until the stay is first paid (that payment used it
   * up), never below zero.
   */
  prepaidFen?: number
  /** At most one per order. */
  coupon?: CouponBenefit | null
}

// ── The result ──────────────────────────────────────────────────────────────

export type FeeStepKind = 'free' | 'first' | 'units' | 'permit' | 'cap' | 'paid' | 'prepaid' | 'coupon'

/** One line of how the amount was reached: + a charge, − a reduction, 0 a note. */
export interface FeeStep {
  kind: FeeStepKind
  text: string
  fen: number
}

export interface Fee {
  /** Due now, in fen; the steps add up to it. */
  amountFen: number
  /** The stay so far in whole minutes. */
  minutes: number
  /** The stay's tariff (after permit and caps, before payments and coupon). */
  grossFen: number
  /** The part of the tariff earlier payments settled (the tariff at paid.until). */
  settledFen: number
  /** Taken off by the reservation fee paid when booking. */
  prepaidFen: number
  /** Taken off by the coupon. */
  couponFen: number
  steps: FeeStep[]
  /** 收费规则 in words, for this vehicle kind. */
  rule: string[]
}

// ── The computation ─────────────────────────────────────────────────────────

interface Tally {
  total: number
  first: number
  units: Array<{ night: boolean; count: number; unitFen: number }>
  permitFen: number
  cuts: Array<{ window: number; at: number; fen: number }>
}

const mod = (a: number, m: number) => ((a % m) + m) % m
/** −x without a negative zero. */
const minus = (x: number) => (x === 0 ? 0 : -x)
const clockMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))

/** The tariff of the first `minutes` whole minutes of a stay entering at `entry`. */
function tally(rule: FeeRule, t: Tariff, entry: number, minutes: number, permit: PermitWindow | null): Tally {
  const out: Tally = { total: 0, first: 0, units: [], permitFen: 0, cuts: [] }
  if (minutes <= t.freeMinutes) return out

  const capFen = t.capFen
  const calendar = rule.capMode === 'calendarDay'
  const windowOf = (at: number) => (calendar ? Math.floor((at + SHANGHAI_OFFSET) / DAY) : Math.floor((at - entry) / DAY))
  const used = new Map<number, number>()
  const covered = (at: number) => permit !== null && permit.from <= at && at < permit.until
  const charge = (at: number, fen: number) => {
    if (fen === 0) return
    if (covered(at)) return void (out.permitFen += fen)
    if (capFen === null) return void (out.total += fen)
    const window = windowOf(at)
    const before = used.get(window) ?? 0
    const charged = Math.min(fen, capFen - before)
    used.set(window, before + charged)
    out.total += charged
    if (charged < fen) {
      const last = out.cuts[out.cuts.length - 1]
      if (last?.window === window) last.fen += fen - charged
      else out.cuts.push({ window, at, fen: fen - charged })
    }
  }

  const start = t.billFreeMinutes ? 0 : t.freeMinutes
  if (t.firstMinutes > 0) {
    charge(entry + start * MINUTE, t.firstFen)
    out.first = t.firstFen
  }
  const day = rule.dayWindow ? { start: clockMinutes(rule.dayWindow.start) * MINUTE, end: clockMinutes(rule.dayWindow.end) * MINUTE } : null
  const isNight = (at: number) => day !== null && !(mod(at + SHANGHAI_OFFSET, DAY) >= day.start && mod(at + SHANGHAI_OFFSET, DAY) < day.end)
  // The next instant after `at` where a unit's price, window or permit cover may change.
  const boundaryAfter = (at: number) => {
    const midnight = at - mod(at + SHANGHAI_OFFSET, DAY)
    let next = Infinity
    const consider = (c: number) => void (c > at && c < next && (next = c))
    if (day) [midnight + day.start, midnight + day.end, midnight + DAY + day.start].forEach(consider)
    if (capFen !== null) consider(calendar ? midnight + DAY : entry + (windowOf(at) + 1) * DAY)
    if (permit) [permit.from, permit.until].forEach(consider)
    return next
  }

  const base = entry + (start + t.firstMinutes) * MINUTE
  const step = t.unitMinutes * MINUTE
  const end = entry + minutes * MINUTE
  for (let at = base; at < end; ) {
    const next = Math.min(end, boundaryAfter(at))
    // Units begin at base + k·step; count those beginning in [at, next).
    const count = Math.ceil((next - base) / step) - Math.ceil((at - base) / step)
    if (count > 0) {
      const night = isNight(at)
      const unitFen = night ? (t.nightUnitFen ?? t.unitFen) : t.unitFen
      const group = out.units.find((u) => u.night === night && u.unitFen === unitFen)
      if (group) group.count += count
      else out.units.push({ night, count, unitFen })
      charge(at, count * unitFen)
    }
    at = next
  }
  return out
}

/** Whole minutes from entry to now (0 when the clock says earlier). */
export const stayMinutes = (entryAt: number, now: number) => Math.max(0, Math.floor((now - entryAt) / MINUTE))

/** The fee of a stay now, and how it was reached. Pure: the same input always gives the same bill. */
export function parkingFee(input: FeeInput): Fee {
  const { rule, kind, entryAt, now } = input
  for (const [name, v] of [['entryAt', entryAt], ['now', now]] as const) if (!Number.isFinite(v)) throw new RangeError(`${name} must be a time: ${v}`)
  const t = tariffFor(rule, kind)
  const permit = input.permit ?? null
  const paid = input.paid ?? null
  const coupon = input.coupon ?? null
  const minutes = stayMinutes(entryAt, now)

  const full = tally(rule, t, entryAt, minutes, permit)
  const settled = paid ? Math.min(full.total, tally(rule, t, entryAt, stayMinutes(entryAt, paid.until), permit).total) : 0
  // The reservation fee counts until the first payment, which used it up (it is never change).
  const prepaid = paid ? 0 : Math.max(0, input.prepaidFen ?? 0)
  const credit = Math.min(prepaid, full.total - settled)
  const due = full.total - settled - credit
  let after = due
  if (coupon?.kind === 'amount') after = Math.max(0, due - coupon.fen)
  else if (coupon?.kind === 'free') after = 0
  else if (coupon?.kind === 'time') after = Math.min(due, Math.max(0, tally(rule, t, entryAt, Math.max(0, minutes - coupon.minutes), permit).total - settled - credit))

  const steps: FeeStep[] = []
  if (minutes <= t.freeMinutes) steps.push({ kind: 'free', text: t.freeMinutes > 0 ? `${t.freeMinutes} 分钟内免费` : '未产生费用', fen: 0 })
  else {
    if (t.freeMinutes > 0)
      steps.push({ kind: 'free', text: t.billFreeMinutes ? `超过免费时长 ${t.freeMinutes} 分钟，自入场起计费` : `免费时长 ${t.freeMinutes} 分钟`, fen: 0 })
    if (t.firstMinutes > 0) steps.push({ kind: 'first', text: `首 ${span(t.firstMinutes)} ${priced(full.first)}`, fen: full.first })
    for (const u of full.units) {
      const when = rule.dayWindow ? (u.night ? '夜间 ' : '白天 ') : ''
      steps.push({ kind: 'units', text: `${when}${u.count} 个计费单位（每 ${span(t.unitMinutes)} ${priced(u.unitFen)}）`, fen: u.count * u.unitFen })
    }
    if (full.permitFen > 0) steps.push({ kind: 'permit', text: permit?.label ?? '车证有效期内免费', fen: minus(full.permitFen) })
    for (const c of full.cuts) steps.push({ kind: 'cap', text: `${capWindowLabel(rule.capMode, c.window, c.at)}封顶 ¥${formatYuan(t.capFen ?? 0)}`, fen: minus(c.fen) })
  }
  if (paid) steps.push({ kind: 'paid', text: `已缴 ¥${formatYuan(paid.fen)}，计费至 ${local(paid.until).mmdd} ${local(paid.until).hhmm}`, fen: minus(settled) })
  if (prepaid > 0)
    steps.push({ kind: 'prepaid', text: `预约费已付 ¥${formatYuan(prepaid)}${credit < prepaid ? `（抵扣 ¥${formatYuan(credit)}）` : ''}`, fen: minus(credit) })
  if (coupon) steps.push({ kind: 'coupon', text: `优惠券${describeBenefit(coupon)}`, fen: after - due })

  return { amountFen: after, minutes, grossFen: full.total, settledFen: settled, prepaidFen: credit, couponFen: due - after, steps, rule: [...describeRule(rule, kind)] }
}

/**
 * The bill of a stay opened at an exit with no entry record (gate.ts): the
 * fixed amount it was billed when seen (firstPeriodFen then) instead of a
 * tariff by time, which no entry time could measure. A payment settles it
 * whatever it came to after its coupon (as the gate sees it: paid is paid);
 * there is no overstay to bill after that. A coupon applies as on any bill; a time
 * coupon takes the amount off when it covers the period the amount stands for
 * (the first period, or one unit without one), else nothing.
 */
export function fixedFee(input: { rule: FeeRule; kind: VehicleKind; fixedFen: number; minutes: number; paid?: Paid | null; coupon?: CouponBenefit | null }): Fee {
  const { rule, kind, fixedFen } = input
  if (!Number.isInteger(fixedFen) || fixedFen < 0) throw new RangeError(`fixedFen must be whole fen: ${fixedFen}`)
  const t = tariffFor(rule, kind)
  const paid = input.paid ?? null
  const coupon = input.coupon ?? null
  const settled = paid ? fixedFen : 0
  const due = fixedFen - settled
  const period = t.firstMinutes > 0 ? t.firstMinutes : t.unitMinutes
  let after = due
  if (coupon?.kind === 'amount') after = Math.max(0, due - coupon.fen)
  else if (coupon?.kind === 'free' || (coupon?.kind === 'time' && coupon.minutes >= period)) after = 0
  const steps: FeeStep[] = [{ kind: 'first', text: `无入场记录，按首段收费 ${priced(fixedFen)}`, fen: fixedFen }]
  if (paid) steps.push({ kind: 'paid', text: `已缴 ¥${formatYuan(paid.fen)}${paid.fen < fixedFen ? '（其余已由优惠券抵扣）' : ''}`, fen: minus(settled) })
  if (coupon) steps.push({ kind: 'coupon', text: `优惠券${describeBenefit(coupon)}`, fen: after - due })
  return {
    amountFen: after,
    minutes: Math.max(0, Math.floor(input.minutes)),
    grossFen: fixedFen,
    settledFen: settled,
    prepaidFen: 0,
    couponFen: due - after,
    steps,
    rule: [...describeRule(rule, kind), '无入场记录的车辆按首段价格收费（未设首段的按一个计费单位）'],
  }
}

// ── Words ───────────────────────────────────────────────────────────────────

/** ¥5.00, or 免费 for nothing */
const priced = (fen: number) => (fen === 0 ? '免费' : `¥${formatYuan(fen)}`)

/** 30 分钟 / 1 小时 / 90 分钟 */
const span = (minutes: number) => (minutes % 60 === 0 ? `${minutes / 60} 小时` : `${minutes} 分钟`)

/** Shanghai wall-clock fields by arithmetic (dayjs' zone conversion is slow for a per-bill label). */
function local(at: number) {
  const d = new Date(at + SHANGHAI_OFFSET)
  const two = (n: number) => String(n).padStart(2, '0')
  return { month: d.getUTCMonth() + 1, day: d.getUTCDate(), mmdd: `${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}`, hhmm: `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}` }
}

function capWindowLabel(mode: CapMode, window: number, at: number): string {
  if (mode === 'rolling24h') return `入场后第 ${window + 1} 个 24 小时`
  const l = local(at)
  return `${l.month}月${l.day}日`
}

/** A stay's length for the bill: 45 分钟 / 2 小时 5 分钟 / 1 天 3 小时 */
export function formatStay(minutes: number): string {
  const d = Math.floor(minutes / 1440)
  const h = Math.floor((minutes % 1440) / 60)
  const m = minutes % 60
  const parts = [d ? `${d} 天` : '', h ? `${h} 小时` : '', m || (!d && !h) ? `${m} 分钟` : ''].filter(Boolean)
  return parts.join(' ')
}

/** 收费规则 in words, as the bill shows them for this vehicle kind. */
export function describeRule(rule: FeeRule, kind: VehicleKind): readonly string[] {
  let words = wordsByRule.get(rule)
  if (!words) wordsByRule.set(rule, (words = {}))
  return (words[kind] ??= Object.freeze(wordsOf(rule, kind)))
}

function wordsOf(rule: FeeRule, kind: VehicleKind): string[] {
  const t = tariffFor(rule, kind)
  const lines = [`车型：${VEHICLE_KIND_LABELS[kind]}`]
  if (t.freeMinutes > 0)
    lines.push(`${t.freeMinutes} 分钟内离场免费${t.billFreeMinutes ? '；超过后自入场时起计费' : '；超过后免费时长不计费'}`)
  if (t.firstMinutes > 0) lines.push(`首 ${span(t.firstMinutes)} ${priced(t.firstFen)}`)
  const after = t.firstMinutes > 0 ? '之后' : ''
  const w = rule.dayWindow
  if (w && t.nightUnitFen !== null)
    lines.push(
      `${after}白天（${w.start}–${w.end}）每 ${span(t.unitMinutes)} ${priced(t.unitFen)}，夜间每 ${span(t.unitMinutes)} ${priced(t.nightUnitFen)}`,
      '跨越白天与夜间的计费单位，按其开始时所在时段计价',
    )
  else lines.push(`${after}每 ${span(t.unitMinutes)} ${priced(t.unitFen)}`)
  lines.push(`不足 ${span(t.unitMinutes)} 按 ${span(t.unitMinutes)} 计`)
  if (t.capFen !== null)
    lines.push(rule.capMode === 'calendarDay' ? `每个自然日（0:00–24:00）最高收费 ¥${formatYuan(t.capFen)}` : `自入场起每 24 小时最高收费 ¥${formatYuan(t.capFen)}`)
  lines.push('持本停车场有效车证的车辆，车证有效期内免费停放')
  lines.push(
    `${rule.graceMinutes > 0 ? `缴费后请于 ${rule.graceMinutes} 分钟内离场` : '缴费后请及时离场'}；超时离场须补缴超出部分的费用（不再享受免费时长与首段价格）`,
  )
  return lines
}
