// The parking part of the demo seed (issue 10): the two lots' parking settings,
// lanes and devices, their fee rules, the cars parked now, and a coupon batch
// for the dev console. seed.ts merges `parkingDocuments(now)` into the demo
// documents; stays and coupons are placed relative to `now`, the time of
// seeding, so a fresh `npm run dev -- --reset` always shows cars parked for
// minutes, hours and days rather than since a fixed date.
//
// Decisions:
// - Lane codes (what a lane's QR carries, `lane:<code>`) and device secrets are
//   fixed random strings: unguessable like real ones, stable so a printed demo
//   QR and the simulator keep working across resets. They are local-only.
// - A space-sensor gateway serves a whole lot: its device has laneId ''.
// - Every parked car stands in a space whose sensor read its plate (the
//   space's `plate`, the stay's `spaceId`). Two cars stand in spaces with no
//   stay (NO_STAY_PLATES: the entry camera missed them), so the exit lane
//   bills them as NO_ENTRY_RECORD.
// - 张伟's 京A·12345 is in the garage at B2-105: his permit is for the surface
//   lot only, so the garage bills him.
import { DEFAULT_RESERVATION_SETTINGS, type ReservationSettings } from '../src/domain/reservation/rules'
import type { ReservationLotDoc } from '../cloudfunctions/_shared/reservations'
import type { CouponBatchDoc, CouponDoc, DeviceDoc, FeeRuleDoc, LotParking, SpaceDoc, StayDoc } from '../cloudfunctions/_shared/parking-records'
import { generateCouponCodes } from '../src/domain/parking/coupon'
import { FeeRuleSchema, vehicleKindOfPlate, type FeeRule, type VehicleKind } from '../src/domain/parking/fee'
import { newStayDoc } from '../src/domain/parking/stay'
import { spaceNumberKeys } from '../src/domain/parking/plate-search'

type Docs = Record<string, Array<Record<string, unknown>>>

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

export const LOT_IDS = { surface: 'pkuhsc', garage: 'pkuhsc-garage' } as const

/** The surface lot's parking settings (on the existing LOT_PKUHSC document). */
export const PKUHSC_PARKING: LotParking = {
  kind: 'surface',
  floors: ['地面'],
  capacity: 120,
  address: '北京市海淀区学院路38号 北京大学医学部东门内',
  lanes: [
    { id: 'pkuhsc-in', name: '东门入口', kind: 'entry', code: 'EiPJQ6HkKXwr9QtW', place: '东门' },
    { id: 'pkuhsc-out', name: '东门出口', kind: 'exit', code: 'V51uKPc38r2utREX', place: '东门' },
  ],
}

export const GARAGE_PARKING: LotParking = {
  kind: 'garage',
  floors: ['B1', 'B2', 'B3'],
  capacity: 600,
  address: '北京市海淀区学院路38号 北京大学医学部跃进楼地下',
  lanes: [
    { id: 'pkuhsc-garage-in', name: '地库入口', kind: 'entry', code: 'vU-GKOCEDG7kq3Xr', place: 'B1' },
    { id: 'pkuhsc-garage-out', name: '地库出口', kind: 'exit', code: 'g3Yxg5qxsp-pvSxs', place: 'B1' },
  ],
}

/** The garage's `lots` document (the surface lot's is LOT_PKUHSC in seed.ts). */
export const LOT_GARAGE = { _id: LOT_IDS.garage, name: '北京大学医学部地下停车场', parking: GARAGE_PARKING }

/** The lane QR a driver scans (扫码开闸): `lane:<code>`. */
export const laneQr = (code: string) => `lane:${code}`

/** The seeded devices: a camera per lane, a space-sensor gateway per lot (laneId ''). Secrets are local-only. */
export const DEVICES: Array<DeviceDoc & { _id: string }> = [
  { _id: 'cam-pkuhsc-in', lotId: LOT_IDS.surface, laneId: 'pkuhsc-in', kind: 'camera', secret: '9U6GITOO8qiwDAW859qNlc4j', active: true },
  { _id: 'cam-pkuhsc-out', lotId: LOT_IDS.surface, laneId: 'pkuhsc-out', kind: 'camera', secret: 'r3N0m-GJssc0WeckxvpoIise', active: true },
  { _id: 'cam-pkuhsc-garage-in', lotId: LOT_IDS.garage, laneId: 'pkuhsc-garage-in', kind: 'camera', secret: '8acWe0Z1IKhH1b9tvxeulRSV', active: true },
  { _id: 'cam-pkuhsc-garage-out', lotId: LOT_IDS.garage, laneId: 'pkuhsc-garage-out', kind: 'camera', secret: '61mqXTg2Ww83DdadPGOuAIG_', active: true },
  { _id: 'sensors-pkuhsc', lotId: LOT_IDS.surface, laneId: '', kind: 'sensor', secret: 'bLkTBy82lQakyDbiLS3o_3Vh', active: true },
  { _id: 'sensors-pkuhsc-garage', lotId: LOT_IDS.garage, laneId: '', kind: 'sensor', secret: '1lE5c7XPMhH6P05paZ4HnYFy', active: true },
]

/**
 * The surface lot: 15 minutes free (not billed once exceeded), the first hour
 * ¥5, then ¥2 per 30 minutes by day (07:00–19:00) and ¥1 at night, at most ¥40
 * per calendar day. Large cars pay double.
 */
export const SURFACE_RULE: FeeRule = {
  capMode: 'calendarDay',
  dayWindow: { start: '07:00', end: '19:00' },
  graceMinutes: 15,
  small: { freeMinutes: 15, billFreeMinutes: false, firstMinutes: 60, firstFen: 500, unitMinutes: 30, unitFen: 200, nightUnitFen: 100, capFen: 4000 },
  large: { firstFen: 1000, unitFen: 400, nightUnitFen: 200, capFen: 8000 },
  newEnergy: null,
}

/**
 * The garage: 30 minutes free, the first 2 hours ¥6, then ¥3 an hour, at most
 * ¥50 per 24 hours from entry. New-energy cars: the first 2 hours free, then
 * ¥1.50 an hour, at most ¥25.
 */
export const GARAGE_RULE: FeeRule = {
  capMode: 'rolling24h',
  dayWindow: null,
  graceMinutes: 15,
  small: { freeMinutes: 30, billFreeMinutes: false, firstMinutes: 120, firstFen: 600, unitMinutes: 60, unitFen: 300, nightUnitFen: null, capFen: 5000 },
  large: null,
  newEnergy: { firstFen: 0, unitFen: 150, capFen: 2500 },
}

/** Both rule versions are in force from long before any seeded stay. */
export const SEED_RULE_FROM = Date.parse('2020-01-01T00:00:00+08:00')

/** Plates parked in a space with no stay (the entry camera missed them): lot and space. */
export const NO_STAY_PLATES = [
  { lotId: LOT_IDS.surface, plate: '冀F7M2K9', space: 'A-118' },
  { lotId: LOT_IDS.garage, plate: '津H5Q8R1', space: 'B3-188' },
] as const

/** 张伟's 京A12345 in the garage: the stay other work (首页 当前停车, 缴费, e2e) can name. */
export const ZHANG_GARAGE_STAY = { id: 'stay-zhang-garage', lotId: LOT_IDS.garage, plate: '京A12345', space: 'B2-105', minutesAgo: 155 } as const

/**
 * The cars parked now: plate, lot, space, how long ago it entered, and its kind
 * when the camera reported one (else by the plate: new-energy plates are
 * new-energy cars). 陈静's 京B22222 holds a surface permit: it parks free.
 */
const PARKED: Array<{ plate: string; lot: 'surface' | 'garage'; space: string; minutesAgo: number; kind?: VehicleKind }> = [
  { plate: '京B22222', lot: 'surface', space: 'A-003', minutesAgo: 185 },
  { plate: '京KQ3721', lot: 'surface', space: 'A-007', minutesAgo: 8 },
  { plate: '京L82H67', lot: 'surface', space: 'A-012', minutesAgo: 22 },
  { plate: '京MD51230', lot: 'surface', space: 'A-015', minutesAgo: 47 },
  { plate: '京P6T835', lot: 'surface', space: 'A-021', minutesAgo: 64 },
  { plate: '冀R2Y561', lot: 'surface', space: 'A-026', minutesAgo: 96 },
  { plate: '京Q9A417', lot: 'surface', space: 'A-034', minutesAgo: 133, kind: 'large' },
  { plate: '京H35M72', lot: 'surface', space: 'A-041', minutesAgo: 201 },
  { plate: '津C7K290', lot: 'surface', space: 'A-052', minutesAgo: 288 },
  { plate: '京G4W803', lot: 'surface', space: 'A-063', minutesAgo: 412 },
  { plate: '京J7B356', lot: 'surface', space: 'A-077', minutesAgo: 655 },
  { plate: '京F20S48', lot: 'surface', space: 'A-089', minutesAgo: 1_390 },
  { plate: '京AF68221', lot: 'surface', space: 'A-095', minutesAgo: 2_950 },
  { plate: '鲁B8N614', lot: 'surface', space: 'A-104', minutesAgo: 4_410 },
  { plate: ZHANG_GARAGE_STAY.plate, lot: 'garage', space: ZHANG_GARAGE_STAY.space, minutesAgo: ZHANG_GARAGE_STAY.minutesAgo },
  { plate: '京KX1057', lot: 'garage', space: 'B1-004', minutesAgo: 5 },
  { plate: '京NE2618', lot: 'garage', space: 'B1-018', minutesAgo: 19 },
  { plate: '京AD83516', lot: 'garage', space: 'B1-027', minutesAgo: 36 },
  { plate: '京P3V729', lot: 'garage', space: 'B1-046', minutesAgo: 58 },
  { plate: '京C61K84', lot: 'garage', space: 'B1-063', minutesAgo: 81 },
  { plate: '冀A5J937', lot: 'garage', space: 'B1-099', minutesAgo: 117 },
  { plate: '京E8R350', lot: 'garage', space: 'B1-142', minutesAgo: 176 },
  { plate: '京M27T06', lot: 'garage', space: 'B1-188', minutesAgo: 243 },
  { plate: '京BD47702', lot: 'garage', space: 'B2-011', minutesAgo: 318 },
  { plate: '京L4G621', lot: 'garage', space: 'B2-036', minutesAgo: 395 },
  { plate: '京H9S185', lot: 'garage', space: 'B2-072', minutesAgo: 472 },
  { plate: '京Q5Z338', lot: 'garage', space: 'B2-128', minutesAgo: 566 },
  { plate: '晋A3X792', lot: 'garage', space: 'B2-163', minutesAgo: 734 },
  { plate: '京G7N514', lot: 'garage', space: 'B2-197', minutesAgo: 905 },
  { plate: '京J1C963', lot: 'garage', space: 'B3-008', minutesAgo: 1_120 },
  { plate: '京KB7204', lot: 'garage', space: 'B3-055', minutesAgo: 1_475 },
  { plate: '京F5H841', lot: 'garage', space: 'B3-091', minutesAgo: 2_210 },
  { plate: '豫A6P257', lot: 'garage', space: 'B3-134', minutesAgo: 3_380 },
  { plate: '京T4M628', lot: 'garage', space: 'B3-170', minutesAgo: 5_060 },
]

/** The demo coupon batch: ¥5 off in either lot, valid from a day before seeding for 90 days. */
export const DEMO_COUPON_BATCH_ID = 'batch-demo'

/**
 * The demo batch's codes, for the dev console and the README: generated by
 * generateCouponCodes with a fixed random source, so they are valid codes
 * (check symbol included) and the same on every reset.
 */
export const DEMO_COUPON_CODES: readonly string[] = generateCouponCodes(6, fixedRandomBytes(20261001))

/** A deterministic byte source (mulberry32) standing in for crypto.randomBytes. */
function fixedRandomBytes(seed: number): (n: number) => Uint8Array {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) & 0xff
  }
  return (n) => Uint8Array.from({ length: n }, next)
}

const spaceId = (lotId: string, number: string) => `${lotId}:${number}`

function spacesOf(lotId: string, parking: LotParking, now: number): Array<SpaceDoc & { _id: string }> {
  const perFloor = parking.capacity / parking.floors.length
  return parking.floors.flatMap((floor) =>
    Array.from({ length: perFloor }, (_, i) => {
      const number = `${parking.kind === 'surface' ? 'A' : floor}-${String(i + 1).padStart(3, '0')}`
      return { _id: spaceId(lotId, number), lotId, floor, number, numberKeys: spaceNumberKeys(number), occupied: false, plate: null, changedAt: now - 7 * DAY }
    }),
  )
}

/** 车位预定: the surface lot takes a reservation fee (预约缴费); the garage books for free. */
export const SURFACE_RESERVATIONS: ReservationSettings = { ...DEFAULT_RESERVATION_SETTINGS, enabled: true, quota: 10, prepay: true }
export const GARAGE_RESERVATIONS: ReservationSettings = { ...DEFAULT_RESERVATION_SETTINGS, enabled: true, quota: 50, horizonHours: 48 }

/** Every parking document of the demo, with times relative to `now` (epoch ms). */
export function parkingDocuments(now: number): Docs {
  const all = [...spacesOf(LOT_IDS.surface, PKUHSC_PARKING, now), ...spacesOf(LOT_IDS.garage, GARAGE_PARKING, now)]
  const byId = new Map(all.map((s) => [s._id, s]))
  const occupy = (lotId: string, number: string, plate: string, at: number) => {
    const space = byId.get(spaceId(lotId, number))
    if (!space || space.occupied) throw new Error(`seed-parking: space ${lotId} ${number} is unknown or taken twice`)
    Object.assign(space, { occupied: true, plate, changedAt: at })
    return space._id
  }

  const stays: Array<StayDoc & { _id: string }> = PARKED.map((car, i) => {
    const lotId = LOT_IDS[car.lot]
    const parking = car.lot === 'surface' ? PKUHSC_PARKING : GARAGE_PARKING
    const entryAt = now - car.minutesAgo * MINUTE
    const id = car.plate === ZHANG_GARAGE_STAY.plate && lotId === ZHANG_GARAGE_STAY.lotId ? ZHANG_GARAGE_STAY.id : `stay-seed-${String(i + 1).padStart(2, '0')}`
    return {
      _id: id,
      ...newStayDoc({ lotId, plate: car.plate, kind: car.kind ?? vehicleKindOfPlate(car.plate), at: entryAt, laneId: parking.lanes.find((l) => l.kind === 'entry')!.id }),
      // The space sensor read the plate a few minutes after entry.
      spaceId: occupy(lotId, car.space, car.plate, entryAt + Math.min(3, car.minutesAgo) * MINUTE),
    }
  })
  for (const c of NO_STAY_PLATES) occupy(c.lotId, c.space, c.plate, now - 6 * HOUR)

  const feeRules: Array<FeeRuleDoc & { _id: string }> = [
    { _id: `${LOT_IDS.surface}:seed`, lotId: LOT_IDS.surface, from: SEED_RULE_FROM, rule: FeeRuleSchema.parse(SURFACE_RULE), by: 'seed', at: SEED_RULE_FROM },
    { _id: `${LOT_IDS.garage}:seed`, lotId: LOT_IDS.garage, from: SEED_RULE_FROM, rule: FeeRuleSchema.parse(GARAGE_RULE), by: 'seed', at: SEED_RULE_FROM },
  ]

  const batch: CouponBatchDoc & { _id: string } = {
    _id: DEMO_COUPON_BATCH_ID,
    name: '开发演示券',
    benefit: { kind: 'amount', fen: 500 },
    lotIds: [LOT_IDS.surface, LOT_IDS.garage],
    plate: null,
    validFrom: now - DAY,
    validUntil: now + 90 * DAY,
    count: DEMO_COUPON_CODES.length,
    by: 'seed',
    at: now - DAY,
  }
  const coupons: Array<CouponDoc & { _id: string }> = DEMO_COUPON_CODES.map((code) => ({
    _id: code,
    batchId: batch._id,
    benefit: batch.benefit,
    lotIds: batch.lotIds,
    plate: null,
    validFrom: batch.validFrom,
    validUntil: batch.validUntil,
    status: 'ISSUED',
    heldBy: null,
    usedAt: null,
    updatedAt: batch.at,
  }))

  const reservationLots: Array<ReservationLotDoc & { _id: string }> = [
    { _id: LOT_IDS.surface, settings: SURFACE_RESERVATIONS, holders: [], updatedAt: now - DAY },
    { _id: LOT_IDS.garage, settings: GARAGE_RESERVATIONS, holders: [], updatedAt: now - DAY },
  ]

  return {
    lots: [LOT_GARAGE],
    devices: DEVICES,
    reservation_lots: reservationLots,
    fee_rules: feeRules,
    spaces: all,
    stays,
    coupon_batches: [batch],
    coupons,
  } as unknown as Docs
}
