// Parking coupons (优惠券): what a coupon gives, its state table, whether it
// may be applied to an order, the batch the parking office issues, and codes.
//
// Decisions:
// - Three benefits, as ParkingOS' ticket_tb has them (减时券 / 全免券 / 减免金额券):
//   amount off (fen), time off (minutes off the stay, see fee.ts) and free pass.
// - One coupon per order. The seed says 每张优惠券只能使用一次 and offers one
//   使用优惠券 on a bill; ticket_tb ties each ticket to one order id. A driver
//   who overstays after paying gets a new order, which may use another coupon.
// - Single use under concurrency: applying a coupon to an unpaid order HOLDs
//   it (a conditional update on status ISSUED, naming the order); paying the
//   order USEs it; an order abandoned, closed or expired RELEASEs it. So one
//   coupon can never discount two orders at once (the known bug class: one
//   coupon reused by opening several unpaid orders). Only an ISSUED coupon can
//   be withdrawn by staff: a held one waits for its order to end, so a paid
//   order never finds its coupon gone. USED and WITHDRAWN are final.
// - Validity is a window [validFrom, validUntil) checked when the coupon is
//   held; an order that held it in time may still be paid after it ends.
//   "已过期" is not a status: it is read from the clock (couponLabel).
// - Codes: 11 random symbols of Crockford's base 32 (no I L O U) and one check
//   symbol, shown as XXXX-XXXX-XXXX. 55 random bits: with 10,000 live codes a
//   guess hits one in 3.6·10^12. The check symbol is a weighted sum over
//   GF(32): it catches every single wrong character and every swap of two
//   characters, so a typo is refused before any lookup. Randomness comes from
//   the caller (crypto.randomBytes in a function), which keeps this pure.
import * as z from '../zod'
import { formatYuan } from '../money'
import { formatPlate, normalizePlate, PlateInput } from '../plate'
import { formatDateTime } from '../time'

// ── What a coupon gives ─────────────────────────────────────────────────────

export type CouponBenefit = { kind: 'amount'; fen: number } | { kind: 'time'; minutes: number } | { kind: 'free' }

export const CouponBenefitSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({
      kind: z.literal('amount'),
      fen: z.int('抵扣金额应为整数（分）').check(z.minimum(1, '抵扣金额应大于 0'), z.maximum(1_000_000, '抵扣金额不能超过 ¥10000.00')),
    }),
    z.object({
      kind: z.literal('time'),
      minutes: z.int('减免时长应为整数（分钟）').check(z.minimum(1, '减免时长应大于 0'), z.maximum(43_200, '减免时长不能超过 30 天')),
    }),
    z.object({ kind: z.literal('free') }),
  ],
  '请选择优惠券类型：抵扣金额、减免时长或全免',
)

/** 抵扣 ¥5.00 / 减免 2 小时 / 全免 */
export function describeBenefit(b: CouponBenefit): string {
  switch (b.kind) {
    case 'amount':
      return `抵扣 ¥${formatYuan(b.fen)}`
    case 'time':
      return `减免 ${b.minutes % 60 === 0 ? `${b.minutes / 60} 小时` : `${b.minutes} 分钟`}`
    case 'free':
      return '全免'
  }
}

// ── The state table ─────────────────────────────────────────────────────────

export const COUPON_STATUSES = ['ISSUED', 'HELD', 'USED', 'WITHDRAWN'] as const
export type CouponStatus = (typeof COUPON_STATUSES)[number]

export const COUPON_EVENTS = ['HOLD', 'RELEASE', 'USE', 'WITHDRAW'] as const
export type CouponEvent = (typeof COUPON_EVENTS)[number]

export const COUPON_STATUS_LABELS: Record<CouponStatus, string> = {
  ISSUED: '未使用',
  HELD: '使用中',
  USED: '已使用',
  WITHDRAWN: '已撤回',
}

/** Every allowed move; anything not listed is refused. */
const TABLE: Partial<Record<CouponStatus, Partial<Record<CouponEvent, CouponStatus>>>> = {
  ISSUED: { HOLD: 'HELD', WITHDRAW: 'WITHDRAWN' },
  HELD: { USE: 'USED', RELEASE: 'ISSUED' },
}

export function transition(status: CouponStatus, event: CouponEvent): CouponStatus | null {
  return TABLE[status]?.[event] ?? null
}

export const can = (status: CouponStatus, event: CouponEvent) => transition(status, event) !== null

// ── A coupon, and whether it may be applied ─────────────────────────────────

export interface Coupon {
  code: string
  batchId: string
  benefit: CouponBenefit
  /** The lots it may be used in (at least one). */
  lotIds: readonly string[]
  /** Bound to this plate (normalised), or usable by any. */
  plate: string | null
  /** Valid in [validFrom, validUntil), epoch ms. */
  validFrom: number
  validUntil: number
  status: CouponStatus
  /** The unpaid order holding it (status HELD), else null. */
  heldBy: string | null
}

export const COUPON_REFUSALS = ['WITHDRAWN', 'USED', 'EXPIRED', 'NOT_YET_VALID', 'WRONG_LOT', 'WRONG_PLATE', 'HELD_ELSEWHERE'] as const
export type CouponRefusal = (typeof COUPON_REFUSALS)[number]

export type CouponCheck = { ok: true } | { ok: false; refusal: CouponRefusal; reason: string }

export interface ApplyContext {
  lotId: string
  plate: string
  now: number
  /** The order applying it: the order already holding it may apply it again. */
  orderId?: string | null
}

/**
 * Whether the coupon may be applied to this order, or the first reason it
 * may not, as the driver reads it. Final reasons come before passing ones.
 */
export function canApply(coupon: Coupon, ctx: ApplyContext): CouponCheck {
  const no = (refusal: CouponRefusal, reason: string): CouponCheck => ({ ok: false, refusal, reason })
  if (coupon.status === 'WITHDRAWN') return no('WITHDRAWN', '该优惠券已被停车场撤回')
  if (coupon.status === 'USED') return no('USED', '该优惠券已被使用')
  const ours = coupon.status === 'HELD' && coupon.heldBy !== null && coupon.heldBy === ctx.orderId
  if (!ours) {
    if (ctx.now >= coupon.validUntil) return no('EXPIRED', '该优惠券已过期')
    if (ctx.now < coupon.validFrom) return no('NOT_YET_VALID', `该优惠券尚未生效，${formatDateTime(coupon.validFrom)} 起可用`)
  }
  if (!coupon.lotIds.includes(ctx.lotId)) return no('WRONG_LOT', '该优惠券不适用于本停车场')
  if (coupon.plate !== null && normalizePlate(coupon.plate) !== normalizePlate(ctx.plate))
    return no('WRONG_PLATE', `该优惠券仅限车辆 ${formatPlate(coupon.plate)} 使用`)
  if (coupon.status === 'HELD' && !ours) return no('HELD_ELSEWHERE', '该优惠券正被其他订单占用，请稍后再试')
  return { ok: true }
}

/** What 我的卡券 shows: the status label, or 已过期 for an unused coupon past its window. */
export function couponLabel(coupon: Pick<Coupon, 'status' | 'validUntil'>, now: number): string {
  if (coupon.status === 'ISSUED' && now >= coupon.validUntil) return '已过期'
  return COUPON_STATUS_LABELS[coupon.status]
}

// ── A batch, as the parking office issues it in 工作台 ───────────────────────

/**
 * The largest batch one issueCoupons call writes: its coupons go in 100 per
 * request, one request after another (a clash is redrawn in order), so 2,000
 * is 20 writes, well inside a cloud function's time limit (3 s unless set
 * otherwise in the console, which this repository cannot set). More codes
 * than this are issued as several batches.
 */
export const MAX_BATCH_SIZE = 2_000

export const CouponBatchInput = z
  .object({
    name: z.string('请填写批次名称').check(z.trim(), z.minLength(1, '请填写批次名称'), z.maxLength(30, '批次名称不能超过 30 个字')),
    benefit: CouponBenefitSchema,
    lotIds: z.array(z.string().check(z.minLength(1), z.maxLength(64)), '请选择适用停车场').check(z.minLength(1, '请至少选择一个适用停车场'), z.maxLength(50, '适用停车场过多')),
    /** Bound to one plate (e.g. a coupon given to one driver), or null. */
    plate: z.nullable(PlateInput),
    validFrom: z.int('请选择生效时间'),
    validUntil: z.int('请选择失效时间'),
    count: z.int('发放数量应为整数').check(z.minimum(1, '发放数量至少为 1'), z.maximum(MAX_BATCH_SIZE, `每批最多发放 ${MAX_BATCH_SIZE} 张`)),
  })
  .check(
    z.superRefine((b, ctx) => {
      if (b.validUntil <= b.validFrom) ctx.addIssue({ code: 'custom', message: '失效时间应晚于生效时间', path: ['validUntil'], input: b.validUntil })
      if (b.plate !== null && b.count !== 1) ctx.addIssue({ code: 'custom', message: '限定车辆的优惠券每批只能发放 1 张', path: ['count'], input: b.count })
    }),
  )
export type CouponBatchInput = z.infer<typeof CouponBatchInput>

// ── Codes ───────────────────────────────────────────────────────────────────

/** Crockford's base 32: digits and letters without I, L, O, U. */
export const COUPON_CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
const RANDOM_SYMBOLS = 11
export const COUPON_CODE_LENGTH = RANDOM_SYMBOLS + 1

/** Multiplication in GF(32) with the primitive polynomial x⁵ + x² + 1. */
function gfMul(a: number, b: number): number {
  let r = 0
  for (; b > 0; b >>= 1) {
    if (b & 1) r ^= a
    a <<= 1
    if (a & 32) a ^= 0b100101
  }
  return r
}

/** Σ αⁱ⁺¹·vᵢ over the symbols: appended as the check symbol, so a valid code sums to 0 with weight 1 on it. */
function checkValue(values: readonly number[]): number {
  let sum = 0
  let weight = 1
  for (const v of values) {
    weight = gfMul(weight, 2)
    sum ^= gfMul(weight, v)
  }
  return sum
}

const valueOf = (c: string) => COUPON_CODE_ALPHABET.indexOf(c)

/**
 * A new code from the caller's random source (n bytes, uniformly random:
 * `crypto.randomBytes` in a function). 256 is a multiple of 32, so taking the
 * low 5 bits of a byte keeps the symbols uniform.
 */
export function generateCouponCode(randomBytes: (n: number) => Uint8Array): string {
  const bytes = randomBytes(RANDOM_SYMBOLS)
  if (bytes.length < RANDOM_SYMBOLS) throw new RangeError('random source returned too few bytes')
  const values = Array.from(bytes.subarray(0, RANDOM_SYMBOLS), (b) => b & 31)
  return [...values, checkValue(values)].map((v) => COUPON_CODE_ALPHABET[v]).join('')
}

/** `count` distinct codes for one batch (uniqueness across batches is the database's unique index). */
export function generateCouponCodes(count: number, randomBytes: (n: number) => Uint8Array): string[] {
  if (!Number.isInteger(count) || count < 0 || count > MAX_BATCH_SIZE) throw new RangeError(`count must be 0–${MAX_BATCH_SIZE}: ${count}`)
  const codes = new Set<string>()
  while (codes.size < count) codes.add(generateCouponCode(randomBytes))
  return [...codes]
}

/** As typed or scanned: drops spaces and dashes, uppercases, reads O as 0 and I/L as 1 (Crockford's rule). */
export function normalizeCouponCode(input: string): string {
  return input
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\-_·.]/g, '')
    .toUpperCase()
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1')
}

export type ParsedCouponCode = { ok: true; code: string } | { ok: false; reason: string }

/** A code the driver typed or scanned: normalised and checked, with the reason in Chinese. */
export function parseCouponCode(input: string): ParsedCouponCode {
  const code = normalizeCouponCode(input)
  if (code.length === 0) return { ok: false, reason: '请输入优惠券码' }
  if ([...code].some((c) => valueOf(c) < 0)) return { ok: false, reason: '优惠券码含有无效字符' }
  if (code.length !== COUPON_CODE_LENGTH) return { ok: false, reason: `优惠券码应为 ${COUPON_CODE_LENGTH} 位` }
  const values = [...code].map(valueOf)
  if (checkValue(values.slice(0, RANDOM_SYMBOLS)) !== values[RANDOM_SYMBOLS]) return { ok: false, reason: '优惠券码有误，请核对后重新输入' }
  return { ok: true, code }
}

/** ABCD1234EFGH → ABCD-1234-EFGH */
export const formatCouponCode = (code: string) => code.match(/.{1,4}/g)?.join('-') ?? code

/** A coupon code from user input, for contracts: normalised, checked, refused in Chinese. */
export const CouponCodeInput = z.pipe(
  z.string('请输入优惠券码').check(z.maxLength(40, '优惠券码有误，请核对后重新输入')),
  z.transform((value: string, ctx) => {
    const parsed = parseCouponCode(value)
    if (!parsed.ok) {
      ctx.issues.push({ code: 'custom', message: parsed.reason, input: value })
      return z.NEVER
    }
    return parsed.code
  }),
)
