// What the parking unit tests share: Shanghai times by their wall-clock text,
// the demo fee rule, and a small seeded generator so a random failure can be
// replayed.
import type { FeeRule } from '../../src/domain/parking/fee'

/** '2026-11-23 10:00' in Shanghai, as epoch ms. */
export const at = (s: string) => Date.parse(`${s.replace(' ', 'T')}:00+08:00`)

// The demo rule: 15 minutes free (not billed once exceeded), first hour ¥5,
// then ¥1 per 30 minutes by day (07:00–19:00) and ¥0.50 at night, at most
// ¥20 per calendar day. Large cars pay double; new-energy cars' first hour is free.
export const DEMO_RULE: FeeRule = {
  capMode: 'calendarDay',
  dayWindow: { start: '07:00', end: '19:00' },
  graceMinutes: 15,
  small: { freeMinutes: 15, billFreeMinutes: false, firstMinutes: 60, firstFen: 500, unitMinutes: 30, unitFen: 100, nightUnitFen: 50, capFen: 2000 },
  large: { firstFen: 1000, unitFen: 200, nightUnitFen: 100, capFen: 4000 },
  newEnergy: { firstFen: 0 },
}

/** mulberry32: the next unsigned 32-bit number of a sequence fixed by `seed`. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return (t ^ (t >>> 14)) >>> 0
  }
}
