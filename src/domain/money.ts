// Money is integer fen everywhere; yuan exists only as display text.
import * as z from './zod'

export const Fen = z.int().check(z.nonnegative(), z.maximum(100_000_000))
export type Fen = number

/** 12345 → "123.45" */
export function formatYuan(fen: Fen): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`fen must be an integer: ${fen}`)
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(fen)
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

/** "123.45" → 12345; anything with more than two decimals or not a number → null */
export function parseYuan(text: string): Fen | null {
  const m = /^\s*(\d{1,7})(?:\.(\d{1,2}))?\s*$/.exec(text)
  if (!m) return null
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'))
}
