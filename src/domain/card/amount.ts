// 微信充值's amount, in integer fen. Seed 004 图 8: preset amounts 10 元,
// 20 元, 100 元 …; issue 14 fixes them at 10 / 20 / 50 / 100 元 plus a custom
// whole-yuan amount. Seed 003 step 6: the amount for a card (本人或他人)
// defaults to 100.00.
//
// Decisions:
// - The platform's limits (the smallest and largest single top-up) are
//   settings passed in, never constants here; DEFAULT_TOPUP_LIMITS is only
//   what applies when none is configured (1 元 to 500 元, the common cap of a
//   single 圈存 transfer).
// - A custom amount is whole yuan: "50", "50元", "50.00" are 5000 fen;
//   "50.5" is refused (the platform credits whole yuan only).
// - A preset outside the limits is not offered (presetsWithin), and the
//   server checks every amount again with checkTopupAmount: a client's
//   amount is never trusted.
// Pure: no node API.
import { formatYuan } from '../money'
import { toHalfWidth } from './card-number'

export interface TopupLimits {
  minFen: number
  maxFen: number
}

export const PRESET_AMOUNTS_FEN = [1000, 2000, 5000, 10000] as const

/** Seed 003: 充值金额 100.00 unless changed. */
export const DEFAULT_AMOUNT_FEN = 10000

export const DEFAULT_TOPUP_LIMITS: TopupLimits = { minFen: 100, maxFen: 50000 }

export type AmountResult = { ok: true; fen: number } | { ok: false; message: string }

const yuan = (fen: number) => String(fen / 100)

export const AMOUNT_MESSAGES = {
  empty: '请输入充值金额',
  notNumber: '请输入正确的充值金额',
  notWhole: '充值金额须为整数元',
  tooSmall: (limits: TopupLimits) => `单次充值金额不能低于 ${yuan(limits.minFen)} 元`,
  tooLarge: (limits: TopupLimits) => `单次充值金额不能超过 ${yuan(limits.maxFen)} 元`,
} as const

/** Limits that make sense: whole yuan, at least 1 元, min ≤ max. Bad settings are a configuration error. */
export function assertLimits(limits: TopupLimits): void {
  const { minFen, maxFen } = limits
  if (![minFen, maxFen].every((v) => Number.isSafeInteger(v) && v > 0 && v % 100 === 0) || minFen > maxFen) {
    throw new RangeError(`top-up limits must be whole yuan with 0 < min ≤ max: ${JSON.stringify(limits)}`)
  }
}

/** The authority: an amount in fen a top-up may have. */
export function checkTopupAmount(fen: number, limits: TopupLimits = DEFAULT_TOPUP_LIMITS): AmountResult {
  assertLimits(limits)
  if (!Number.isSafeInteger(fen) || fen <= 0) return { ok: false, message: AMOUNT_MESSAGES.notNumber }
  if (fen % 100 !== 0) return { ok: false, message: AMOUNT_MESSAGES.notWhole }
  if (fen < limits.minFen) return { ok: false, message: AMOUNT_MESSAGES.tooSmall(limits) }
  if (fen > limits.maxFen) return { ok: false, message: AMOUNT_MESSAGES.tooLarge(limits) }
  return { ok: true, fen }
}

/** A custom amount as typed ("50", "５０元", "50.00") → fen, or why not. */
export function parseCustomAmount(text: string, limits: TopupLimits = DEFAULT_TOPUP_LIMITS): AmountResult {
  const t = toHalfWidth(String(text ?? '')).replace(/\s+/g, '').replace(/元$/, '')
  if (!t) return { ok: false, message: AMOUNT_MESSAGES.empty }
  const m = /^(\d{1,7})(?:\.(\d{1,2}))?$/.exec(t)
  if (!m) return { ok: false, message: AMOUNT_MESSAGES.notNumber }
  if (m[2] && Number(m[2]) !== 0) return { ok: false, message: AMOUNT_MESSAGES.notWhole }
  return checkTopupAmount(Number(m[1]) * 100, limits)
}

/** The presets the limits allow, in order. */
export function presetsWithin(limits: TopupLimits = DEFAULT_TOPUP_LIMITS): number[] {
  assertLimits(limits)
  return PRESET_AMOUNTS_FEN.filter((f) => f >= limits.minFen && f <= limits.maxFen)
}

/** The amount a form starts with: 100.00, or the nearest limit when 100 元 is outside them. */
export function defaultAmount(limits: TopupLimits = DEFAULT_TOPUP_LIMITS): number {
  assertLimits(limits)
  return Math.min(Math.max(DEFAULT_AMOUNT_FEN, limits.minFen), limits.maxFen)
}

/** 10000 → "100.00", as the seed's form shows it. */
export const formatAmount = (fen: number) => formatYuan(fen)
