// What the parking tests share: Shanghai times by their wall-clock text, the
// demo fee rule, a small seeded generator so a random failure can be
// replayed, and a lot of a test's own with its devices.
import type { Emulator } from '../../emulator/server'
import { seedDocuments } from '../../emulator/database'
import { SURFACE_RULE } from '../../database/seed-parking'
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

export interface TestLot {
  id: string
  name: string
  entry: { _id: string; secret: string }
  exit: { _id: string; secret: string }
  sensor: { _id: string; secret: string }
}

/** A lot with an entry and an exit lane (a camera each), a sensor gateway, the surface rule and `spaceCount` spaces (S-1…). */
export function seedTestLot(emu: Emulator, id: string, spaceCount: number, name = `测试停车场${id}`): TestLot {
  const device = (suffix: string, laneId: string, kind: string) => ({ _id: `${id}-${suffix}`, lotId: id, laneId, kind, secret: `${id}-${suffix}-secret-0123456789`, active: true })
  const entry = device('cam-in', `${id}-in`, 'camera')
  const exit = device('cam-out', `${id}-out`, 'camera')
  const sensor = device('sensors', '', 'sensor')
  seedDocuments(emu, {
    lots: [
      {
        _id: id,
        name,
        parking: {
          kind: 'surface',
          floors: ['地面'],
          capacity: spaceCount,
          address: '测试地址',
          lanes: [
            { id: `${id}-in`, name: '入口', kind: 'entry', code: `${id}-code-in-0123456789`, place: '东门' },
            { id: `${id}-out`, name: '出口', kind: 'exit', code: `${id}-code-out-0123456789`, place: '东门' },
          ],
        },
      },
    ],
    devices: [entry, exit, sensor],
    fee_rules: [{ _id: `${id}:v1`, lotId: id, from: at('2020-01-01 00:00'), rule: SURFACE_RULE, by: 'seed', at: at('2020-01-01 00:00') }],
    spaces: Array.from({ length: spaceCount }, (_, i) => ({ _id: `${id}:S-${i + 1}`, lotId: id, floor: '地面', number: `S-${i + 1}`, occupied: false, plate: null, changedAt: 0 })),
  })
  return { id, name, entry, exit, sensor }
}
