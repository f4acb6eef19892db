import { describe, expect, it } from 'vitest'
import {
  describeRule,
  FeeRuleSchema,
  firstPeriodFen,
  formatStay,
  parkingFee,
  permitWindow,
  ruleAt,
  tariffFor,
  vehicleKindOfPlate,
  VEHICLE_KINDS,
  type FeeInput,
  type FeeRule,
  type PermitWindow,
  type Tariff,
  type VehicleKind,
} from '../../src/domain/parking/fee'
import type { CouponBenefit } from '../../src/domain/parking/coupon'
import { shanghai } from '../../src/domain/time'
import { at, DEMO_RULE, mulberry32 } from '../support/parking'

const MIN = 60_000

const RULE = DEMO_RULE
const ROLLING: FeeRule = { ...RULE, capMode: 'rolling24h' }
const BILL_FREE: FeeRule = { ...RULE, small: { ...RULE.small, billFreeMinutes: true } }
const PLAIN: FeeRule = { ...RULE, dayWindow: null, small: { ...RULE.small, nightUnitFen: null, capFen: null }, large: null, newEnergy: null }

const fee = (rule: FeeRule, entry: string, now: string, extra: Partial<FeeInput> = {}) =>
  parkingFee({ rule, kind: 'small', entryAt: at(entry), now: at(now), ...extra })

describe('the fee of a stay', () => {
  const cases: Array<[string, FeeRule, string, string, Partial<FeeInput>, number]> = [
    // [why, rule, entry, now, extra, fen]
    ['a stay of exactly the free minutes is free', RULE, '2026-11-23 10:00', '2026-11-23 10:15', {}, 0],
    ['one minute over the free limit starts the first period', RULE, '2026-11-23 10:00', '2026-11-23 10:16', {}, 500],
    ['seconds are not billed: 15 min 59 s is still free', RULE, '2026-11-23 10:00', '2026-11-23 10:15', { now: at('2026-11-23 10:15') + 59_000 }, 0],
    ['the first period ends at 11:15 (billing began after the free minutes)', RULE, '2026-11-23 10:00', '2026-11-23 11:15', {}, 500],
    ['a minute into the next unit bills the whole unit', RULE, '2026-11-23 10:00', '2026-11-23 11:16', {}, 600],
    ['two units after the first period', RULE, '2026-11-23 10:00', '2026-11-23 12:00', {}, 700],
    ['free minutes billed once exceeded: the first period starts at entry', BILL_FREE, '2026-11-23 10:00', '2026-11-23 10:16', {}, 500],
    ['free minutes billed once exceeded: the next unit begins at 11:00', BILL_FREE, '2026-11-23 10:00', '2026-11-23 11:01', {}, 600],
    // day/night: units at 18:15 and 18:45 are day units (18:45–19:15 begins by day), 19:15 and 19:45 night
    ['across the day/night boundary, each unit priced where it begins', RULE, '2026-11-23 17:00', '2026-11-23 20:00', {}, 800],
    ['a unit spanning 19:00 is a day unit, the next a night unit', RULE, '2026-11-23 17:30', '2026-11-23 19:20', {}, 650],
    // night to day: units at 06:15 and 06:45 (spanning 07:00) are night units, 07:15 and 07:45 day units
    ['night to day, the unit spanning 07:00 priced where it begins', RULE, '2026-11-23 05:00', '2026-11-23 08:00', {}, 500 + 2 * 50 + 2 * 100],
    // across midnight: first 22:15, units 23:15, 23:45 (day 1), 00:15 … 01:45 (day 2), all night
    ['across midnight, no cap reached', RULE, '2026-11-23 22:00', '2026-11-24 02:00', {}, 500 + 6 * 50],
    // 08:00 to 08:00: day 1 comes to ¥30 and is capped at ¥20; day 2 00:15–07:45 is 14 night + 2 day units
    ['24 hours from 08:00 under the calendar-day cap', RULE, '2026-11-23 08:00', '2026-11-24 08:00', {}, 2000 + 14 * 50 + 2 * 100],
    ['the same 24 hours under the rolling cap: one window', ROLLING, '2026-11-23 08:00', '2026-11-24 08:00', {}, 2000],
    ['rolling cap: the second window begins 24 h after entry', ROLLING, '2026-11-23 08:00', '2026-11-24 08:16', {}, 2100],
    ['three days under the calendar-day cap (4 calendar days touched)', RULE, '2026-11-23 08:00', '2026-11-26 08:00', {}, 3 * 2000 + 900],
    ['three days under the rolling cap (3 windows)', ROLLING, '2026-11-23 08:00', '2026-11-26 08:00', {}, 3 * 2000],
    ['a week without caps or night prices', PLAIN, '2026-11-23 08:00', '2026-11-30 08:00', {}, 500 + Math.ceil((7 * 1440 - 75) / 30) * 100],
    ['a large car pays the large tariff', RULE, '2026-11-23 10:00', '2026-11-23 12:00', { kind: 'large' }, 1000 + 2 * 200],
    ['a new-energy car: the first hour is free, then small-car units', RULE, '2026-11-23 10:00', '2026-11-23 12:00', { kind: 'newEnergy' }, 2 * 100],
    ['a large car’s own cap', RULE, '2026-11-23 08:00', '2026-11-23 23:59', { kind: 'large' }, 4000],
    ['a permit holder parks free', RULE, '2026-11-23 08:00', '2026-11-25 08:00', { permit: permitWindow('2026-12-31') }, 0],
    // permit ends 2026-11-24 00:00: the first period and units before midnight are covered
    ['a permit that expires mid-stay: units from expiry, no new free minutes or first period', RULE, '2026-11-23 22:00', '2026-11-24 02:00', { permit: permitWindow('2026-11-23') }, 4 * 50],
    ['just after expiry, before the next unit begins', RULE, '2026-11-23 22:00', '2026-11-24 00:10', { permit: permitWindow('2026-11-23') }, 0],
    ['the first unit after expiry', RULE, '2026-11-23 22:00', '2026-11-24 00:16', { permit: permitWindow('2026-11-23') }, 50],
    ['a permit that starts mid-stay stops charges from its start', RULE, '2026-11-23 22:00', '2026-11-24 02:00', { permit: permitWindow('2027-11-23', '2026-11-24') }, 500 + 2 * 50],
    ['paid at 12:00, left at 12:14: the paid unit runs to 12:15', RULE, '2026-11-23 10:00', '2026-11-23 12:14', { paid: { fen: 700, until: at('2026-11-23 12:00') } }, 0],
    ['paid at 12:00, left at 12:20: one unit, no second free period', RULE, '2026-11-23 10:00', '2026-11-23 12:20', { paid: { fen: 700, until: at('2026-11-23 12:00') } }, 100],
    ['paid at 12:00, left at 14:00: four units, no second first period', RULE, '2026-11-23 10:00', '2026-11-23 14:00', { paid: { fen: 700, until: at('2026-11-23 12:00') } }, 400],
    ['a zero bill inside the free minutes settles nothing later', RULE, '2026-11-23 10:00', '2026-11-23 10:40', { paid: { fen: 0, until: at('2026-11-23 10:10') } }, 500],
    ['an overstay counts towards the day’s cap with what was paid', RULE, '2026-11-23 08:00', '2026-11-23 22:00', { paid: { fen: 2000, until: at('2026-11-23 20:00') } }, 0],
    ['the cap of the next day applies to the overstay', RULE, '2026-11-23 08:00', '2026-11-24 01:00', { paid: { fen: 2000, until: at('2026-11-23 20:00') } }, 2 * 50],
    ['a coupon of ¥5 off', RULE, '2026-11-23 10:00', '2026-11-23 12:00', { coupon: { kind: 'amount', fen: 500 } }, 200],
    ['a coupon worth more than the fee leaves zero', RULE, '2026-11-23 10:00', '2026-11-23 12:00', { coupon: { kind: 'amount', fen: 1000 } }, 0],
    ['a coupon of 60 minutes off bills the stay an hour shorter', RULE, '2026-11-23 10:00', '2026-11-23 12:00', { coupon: { kind: 'time', minutes: 60 } }, 500],
    ['minutes off down to the free limit make it free', RULE, '2026-11-23 10:00', '2026-11-23 12:00', { coupon: { kind: 'time', minutes: 105 } }, 0],
    ['a free pass', RULE, '2026-11-23 08:00', '2026-11-25 08:00', { coupon: { kind: 'free' } }, 0],
    ['minutes off an overstay', RULE, '2026-11-23 10:00', '2026-11-23 13:00', { paid: { fen: 700, until: at('2026-11-23 12:00') }, coupon: { kind: 'time', minutes: 30 } }, 100],
  ]
  it.each(cases)('When %s, then it is billed as expected', (_why, rule, entry, now, extra, fen) => {
    const f = fee(rule, entry, now, extra)
    expect(f.amountFen).toBe(fen)
    expect(f.steps.reduce((s, x) => s + x.fen, 0)).toBe(fen)
  })

  it('When a stay is billed, then the breakdown says how the amount was reached', () => {
    const f = fee(RULE, '2026-11-23 08:00', '2026-11-24 08:00')
    expect(f.minutes).toBe(1440)
    expect(f.steps).toEqual([
      { kind: 'free', text: '免费时长 15 分钟', fen: 0 },
      { kind: 'first', text: '首 1 小时 ¥5.00', fen: 500 },
      { kind: 'units', text: '白天 22 个计费单位（每 30 分钟 ¥1.00）', fen: 2200 },
      { kind: 'units', text: '夜间 24 个计费单位（每 30 分钟 ¥0.50）', fen: 1200 },
      { kind: 'cap', text: '11月23日封顶 ¥20.00', fen: -1000 },
    ])
    expect(f.amountFen).toBe(2900)
  })

  it('When the cap is rolling, then the breakdown names the 24-hour window', () => {
    const f = fee(ROLLING, '2026-11-23 08:00', '2026-11-25 08:30')
    expect(f.steps.filter((s) => s.kind === 'cap').map((s) => s.text)).toEqual(['入场后第 1 个 24 小时封顶 ¥20.00', '入场后第 2 个 24 小时封顶 ¥20.00'])
    expect(f.amountFen).toBe(2000 + 2000 + 100)
  })

  it('When a permit, a payment and a coupon apply, then each is a line of its own', () => {
    const f = fee(RULE, '2026-11-23 22:00', '2026-11-24 02:00', {
      permit: permitWindow('2026-11-23'),
      paid: { fen: 100, until: at('2026-11-24 01:00') },
      coupon: { kind: 'amount', fen: 30 },
    })
    expect(f.steps.map((s) => [s.kind, s.fen])).toEqual([
      ['free', 0],
      ['first', 500],
      ['units', 300],
      ['permit', -600],
      ['paid', -100],
      ['coupon', -30],
    ])
    expect(f.steps.find((s) => s.kind === 'paid')!.text).toBe('已缴 ¥1.00，计费至 11-24 01:00')
    expect(f.steps.find((s) => s.kind === 'coupon')!.text).toBe('优惠券抵扣 ¥0.30')
    expect([f.grossFen, f.settledFen, f.couponFen, f.amountFen]).toEqual([200, 100, 30, 70])
  })

  it('When a stay is within the free minutes, then the bill says so', () => {
    expect(fee(RULE, '2026-11-23 10:00', '2026-11-23 10:05').steps).toEqual([{ kind: 'free', text: '15 分钟内免费', fen: 0 }])
  })

  it('When the first period costs more than the cap, then the cap still holds', () => {
    const rule: FeeRule = { ...PLAIN, small: { ...PLAIN.small, capFen: 300 } }
    expect(fee(rule, '2026-11-23 10:00', '2026-11-23 12:00').amountFen).toBe(300)
  })

  it('When the clock says now is before entry, then nothing is due', () => {
    expect(fee(RULE, '2026-11-23 10:00', '2026-11-23 09:00').amountFen).toBe(0)
  })
})

describe('收费规则 in words', () => {
  it('When the bill shows the rule, then it reads as the office set it', () => {
    expect(describeRule(RULE, 'small')).toEqual([
      '车型：小型车',
      '15 分钟内离场免费；超过后免费时长不计费',
      '首 1 小时 ¥5.00',
      '之后白天（07:00–19:00）每 30 分钟 ¥1.00，夜间每 30 分钟 ¥0.50',
      '跨越白天与夜间的计费单位，按其开始时所在时段计价',
      '不足 30 分钟 按 30 分钟 计',
      '每个自然日（0:00–24:00）最高收费 ¥20.00',
      '持本停车场有效车证的车辆，车证有效期内免费停放',
      '缴费后请于 15 分钟内离场；超时离场须补缴超出部分的费用（不再享受免费时长与首段价格）',
    ])
  })

  it('When the vehicle is large or the cap rolling, then the words follow', () => {
    const lines = describeRule(ROLLING, 'large')
    expect(lines[0]).toBe('车型：大型车')
    expect(lines).toContain('首 1 小时 ¥10.00')
    expect(lines).toContain('自入场起每 24 小时最高收费 ¥40.00')
    expect(describeRule(BILL_FREE, 'small')[1]).toBe('15 分钟内离场免费；超过后自入场时起计费')
    expect(describeRule(PLAIN, 'small')).toContain('之后每 30 分钟 ¥1.00')
    expect(describeRule(RULE, 'newEnergy')).toContain('首 1 小时 免费')
    expect(fee(RULE, '2026-11-23 10:00', '2026-11-23 12:00', { kind: 'newEnergy' }).steps[1]).toEqual({ kind: 'first', text: '首 1 小时 免费', fen: 0 })
  })

  it('When a stay is shown, then its length reads naturally', () => {
    expect([0, 45, 60, 125, 1440, 1441, 1503].map(formatStay)).toEqual(['0 分钟', '45 分钟', '1 小时', '2 小时 5 分钟', '1 天', '1 天 1 分钟', '1 天 1 小时 3 分钟'])
  })
})

describe('the rule as the office edits it', () => {
  const issues = (value: unknown) => {
    const r = FeeRuleSchema.safeParse(value)
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
  }

  it('When the demo rules are checked, then they are valid', () => {
    for (const rule of [RULE, ROLLING, BILL_FREE, PLAIN]) expect(issues(rule)).toEqual([])
  })

  const bad: Array<[string, unknown, string]> = [
    ['no cap mode', { ...RULE, capMode: 'weekly' }, 'capMode: 请选择封顶方式：按自然日或按入场起每 24 小时'],
    ['a day window ending before it starts', { ...RULE, dayWindow: { start: '19:00', end: '07:00' } }, 'dayWindow.end: 白天开始时间应早于结束时间'],
    ['a time that is not HH:mm', { ...RULE, dayWindow: { start: '7:00', end: '19:00' } }, 'dayWindow.start: 时间格式应为 HH:mm，如 07:00'],
    ['a day window without a night price', { ...RULE, small: { ...RULE.small, nightUnitFen: null } }, 'small.nightUnitFen: 设置了白天时段，请填写夜间单价'],
    ['a night price without a day window', { ...PLAIN, small: { ...PLAIN.small, nightUnitFen: 50 } }, 'small.nightUnitFen: 未设置白天时段，不能设置夜间单价'],
    ['a first price without a first period', { ...PLAIN, small: { ...PLAIN.small, firstMinutes: 0 } }, 'small.firstFen: 未设首段时长时，首段价格应为 0'],
    ['a zero unit length', { ...PLAIN, small: { ...PLAIN.small, unitMinutes: 0 } }, 'small.unitMinutes: 计费单位应为 1–1440 分钟的整数'],
    ['a price in yuan with decimals', { ...PLAIN, small: { ...PLAIN.small, unitFen: 1.5 } }, 'small.unitFen: 单价应为整数（分）'],
    ['a negative price', { ...PLAIN, small: { ...PLAIN.small, firstFen: -1 } }, 'small.firstFen: 首段价格不能为负数'],
    ['a cap of zero', { ...PLAIN, small: { ...PLAIN.small, capFen: 0 } }, 'small.capFen: 封顶金额应大于 0'],
    ['grace of three hours', { ...RULE, graceMinutes: 180 }, 'graceMinutes: 缴费后免费离场时间应为 0–120 分钟的整数'],
    ['a large-car override breaking a rule', { ...RULE, large: { firstMinutes: 0 } }, 'large.firstFen: 大型车：未设首段时长时，首段价格应为 0'],
  ]
  it.each(bad)('When the rule has %s, then it is refused in Chinese', (_why, value, message) => {
    expect(issues(value)).toContain(message)
  })

  it('When a kind has overrides, then only those fields change', () => {
    expect(tariffFor(RULE, 'large')).toEqual({ ...RULE.small, firstFen: 1000, unitFen: 200, nightUnitFen: 100, capFen: 4000 })
    expect(tariffFor({ ...RULE, large: null }, 'large')).toEqual(RULE.small)
  })

  it('When a car has no entry record, then it is billed the first period (or one unit without one)', () => {
    expect(firstPeriodFen(RULE, 'small')).toBe(500)
    expect(firstPeriodFen(RULE, 'large')).toBe(1000)
    expect(firstPeriodFen({ ...PLAIN, small: { ...PLAIN.small, firstMinutes: 0, firstFen: 0 } }, 'small')).toBe(100)
  })

  it('When a plate is read, then new-energy plates suggest the new-energy tariff', () => {
    expect([vehicleKindOfPlate('粤BD12345'), vehicleKindOfPlate('京A12345'), vehicleKindOfPlate('粤B12345D')]).toEqual(['newEnergy', 'small', 'newEnergy'])
  })

  it('When a lot has rule versions, then a stay takes the one in force at entry', () => {
    const versions = [{ from: at('2026-01-01 00:00'), v: 1 }, { from: at('2026-11-24 00:00'), v: 3 }, { from: at('2026-06-01 00:00'), v: 2 }]
    expect(ruleAt(versions, at('2026-11-23 23:59'))?.v).toBe(2)
    expect(ruleAt(versions, at('2026-11-24 00:00'))?.v).toBe(3)
    expect(ruleAt(versions, at('2025-12-31 23:59'))).toBeNull()
  })

  it('When a permit is valid on calendar days, then it covers them whole in Shanghai', () => {
    expect(permitWindow('2026-12-31', '2026-01-01')).toEqual({ from: at('2026-01-01 00:00'), until: at('2027-01-01 00:00') })
    expect(() => permitWindow('2026/12/31')).toThrow(RangeError)
  })
})

// ── Properties over thousands of random rules and stays ───────────────────────

/** A seeded generator (mulberry32), so a failure can be replayed. */
function rng(seed: number) {
  const u32 = mulberry32(seed)
  const next = () => u32() / 4294967296
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1))
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]
  const chance = (p: number) => next() < p
  return { next, int, pick, chance }
}
type Rng = ReturnType<typeof rng>

function randomTariff(r: Rng, night: boolean): Tariff {
  const firstMinutes = r.pick([0, 0, 30, 60, 120, r.int(1, 240)])
  return {
    freeMinutes: r.pick([0, 0, 15, 30, r.int(1, 120)]),
    billFreeMinutes: r.chance(0.5),
    firstMinutes,
    firstFen: firstMinutes === 0 ? 0 : r.int(0, 1500),
    unitMinutes: r.pick([15, 30, 60, r.int(1, 180)]),
    unitFen: r.int(0, 800),
    nightUnitFen: night ? r.int(0, 800) : null,
    capFen: r.chance(0.7) ? r.int(1, 6000) : null,
  }
}

function randomRule(r: Rng): FeeRule {
  const night = r.chance(0.6)
  const start = r.int(0, 94) * 15
  const end = r.int(start / 15 + 1, 96) * 15
  const hhmm = (m: number) => `${String(Math.floor(m / 60) % 24).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`
  const override = (): Partial<Tariff> | null => {
    if (r.chance(0.4)) return null
    const t = randomTariff(r, night)
    return Object.fromEntries(Object.entries(t).filter(() => r.chance(0.4)))
  }
  const rule: FeeRule = {
    capMode: r.pick(['calendarDay', 'rolling24h'] as const),
    // 24:00 is not a clock time: a window to midnight ends at 23:59 here.
    dayWindow: night ? { start: hhmm(start), end: end === 1440 ? '23:59' : hhmm(end) } : null,
    graceMinutes: r.int(0, 30),
    small: randomTariff(r, night),
    large: override(),
    newEnergy: override(),
  }
  for (const kind of ['large', 'newEnergy'] as const) {
    const o = rule[kind]
    if (o && (o.firstMinutes === 0 || tariffFor(rule, kind).firstMinutes === 0)) Object.assign(o, { firstMinutes: 0, firstFen: 0 })
  }
  return rule
}

interface Case {
  rule: FeeRule
  kind: VehicleKind
  entryAt: number
  permit: PermitWindow | null
  times: number[]
}

function randomCase(r: Rng): Case {
  const rule = randomRule(r)
  const entryAt = at('2026-01-01 00:00') + r.int(0, 364 * 1440) * MIN + r.int(0, 59_999)
  const longest = r.pick([180, 1440, 3 * 1440, 6 * 1440])
  const times = Array.from({ length: 8 }, () => entryAt + r.int(0, longest) * MIN + r.int(0, 59_999)).sort((a, b) => a - b)
  const permit = r.chance(0.2) ? { from: entryAt + r.int(-1440, 2 * 1440) * MIN, until: entryAt + r.int(0, 4 * 1440) * MIN } : null
  return { rule, kind: r.pick(VEHICLE_KINDS), entryAt, permit, times }
}

/** Fails with the case, to replay it (built only on failure: thousands of checks stay cheap). */
const fail = (detail: unknown): never => expect.fail(JSON.stringify(detail))
/** The Shanghai calendar day number by arithmetic (checked against dayjs below). */
const shanghaiDay = (t: number) => Math.floor((t + 8 * 3_600_000) / 86_400_000)

const CASES = 3000
const cases = (seed: number) => {
  const r = rng(seed)
  return Array.from({ length: CASES }, () => ({ c: randomCase(r), r }))
}

const base = (c: Case, now: number, extra: Partial<FeeInput> = {}) =>
  parkingFee({ rule: c.rule, kind: c.kind, entryAt: c.entryAt, now, permit: c.permit, ...extra })

describe('fee properties (seeded random rules and stays)', () => {
  it('When time passes, then the fee never decreases (with or without a payment, permit or coupon)', () => {
    for (const { c, r } of cases(1)) {
      expect(FeeRuleSchema.safeParse(c.rule).success).toBe(true)
      const paid = r.chance(0.5) ? { fen: 0, until: c.times[r.int(0, 3)] } : null
      const coupon: CouponBenefit | null = r.pick([null, { kind: 'amount', fen: r.int(1, 2000) }, { kind: 'time', minutes: r.int(1, 600) }, { kind: 'free' }])
      let last = 0
      for (const now of c.times) {
        const f = base(c, now, { paid, coupon })
        if (f.amountFen < last) fail({ c, now, paid, coupon, last, fee: f.amountFen })
        last = f.amountFen
      }
    }
  })

  it('When a cap is set, then a stay never costs more than the cap × the days it counts', () => {
    for (const { c } of cases(2)) {
      const cap = tariffFor(c.rule, c.kind).capFen
      if (cap === null) continue
      for (const now of c.times) {
        const minutes = Math.floor((now - c.entryAt) / MIN)
        const lastMinute = c.entryAt + Math.max(0, minutes * MIN - 1)
        const days = c.rule.capMode === 'calendarDay' ? shanghaiDay(lastMinute) - shanghaiDay(c.entryAt) + 1 : Math.max(1, Math.ceil(minutes / 1440))
        const amount = base(c, now).amountFen
        if (amount > cap * days) fail({ c, now, amount, cap, days })
      }
    }
  })

  it('When a stay is paid and then overstayed, then the overstay costs what the stay added since payment, never a new free period or first period', () => {
    for (const { c, r } of cases(3)) {
      const t = tariffFor(c.rule, c.kind)
      const [paidAt, now] = [c.times[r.int(0, 3)], c.times[r.int(4, 7)]]
      const paidFee = base(c, paidAt)
      const overstay = base(c, now, { paid: { fen: paidFee.amountFen, until: paidAt } })
      // Splitting a stay at a payment neither adds nor loses money.
      const whole = base(c, now).amountFen
      if (paidFee.amountFen + overstay.amountFen !== whole) fail({ c, paidAt, now, paid: paidFee.amountFen, overstay: overstay.amountFen, whole })
      // What was paid does not change what the overstay costs.
      if (base(c, now, { paid: { fen: r.int(0, 99999), until: paidAt } }).amountFen !== overstay.amountFen) fail({ c, paidAt, now })
      // Once billing had begun at payment, the overstay is units only: at most the units begun since.
      const paidMinutes = Math.floor((paidAt - c.entryAt) / MIN)
      const billStart = t.billFreeMinutes ? 0 : t.freeMinutes
      if (paidMinutes > t.freeMinutes) {
        const grid0 = c.entryAt + (billStart + t.firstMinutes) * MIN
        const step = t.unitMinutes * MIN
        const unitsBegun = (x: number) => Math.max(0, Math.ceil((x - grid0) / step))
        const since = unitsBegun(c.entryAt + Math.floor((now - c.entryAt) / MIN) * MIN) - unitsBegun(c.entryAt + paidMinutes * MIN)
        if (overstay.amountFen > since * Math.max(t.unitFen, t.nightUnitFen ?? 0)) fail({ c, paidAt, now, overstay: overstay.amountFen, since })
      }
    }
  })

  it('When any fee is computed, then it is a non-negative integer of fen, its steps add up to it, and a permit or coupon never raises it', () => {
    for (const { c, r } of cases(4)) {
      const now = c.times[7]
      const coupon: CouponBenefit = r.pick([{ kind: 'amount', fen: r.int(1, 2000) }, { kind: 'time', minutes: r.int(1, 600) }, { kind: 'free' }] as const)
      const plain = base(c, now, { permit: null })
      for (const f of [plain, base(c, now), base(c, now, { coupon }), base(c, now, { paid: { fen: 1, until: c.times[2] }, coupon })]) {
        const ok =
          Number.isSafeInteger(f.amountFen) &&
          f.amountFen >= 0 &&
          f.steps.every((s) => Number.isSafeInteger(s.fen)) &&
          f.steps.reduce((sum, x) => sum + x.fen, 0) === f.amountFen &&
          f.amountFen <= plain.amountFen
        if (!ok) fail({ c, now, coupon, fee: f, plain: plain.amountFen })
      }
    }
  })

  it('When local time is computed by arithmetic, then it agrees with the Asia/Shanghai zone', () => {
    const r = rng(5)
    for (let i = 0; i < 2000; i++) {
      const t = at('1992-01-01 00:00') + r.int(0, 60 * 365) * 86_400_000 + r.int(0, 86_399_999)
      const day = shanghai(t).format('YYYY-MM-DD')
      expect(shanghaiDay(t)).toBe(Math.floor(Date.parse(`${day}T00:00:00Z`) / 86_400_000))
    }
  })
})
