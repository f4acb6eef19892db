// The seeded lots' layouts (寻车 车位指示地图 and 找车路线, issue 11), one
// `lot_layouts` document per lot (`_id` = lotId). Drawn by the pure generator
// (src/domain/parking/layout-gen.ts) from the lots' parking settings, the same
// floors and capacity seed-parking.ts numbers its spaces from (A-001…A-120 on
// the surface lot, B1-001…B3-200 in the garage), so every seeded space is on
// the map and the map has no other. test/unit/seed-layouts.test.ts checks it.
import type { LotParking } from '../cloudfunctions/_shared/parking-records'
import type { Layout } from '../src/domain/parking/layout'
import { generateLayout } from '../src/domain/parking/layout-gen'
import { GARAGE_PARKING, LOT_IDS, PKUHSC_PARKING } from './seed-parking'

/** A lot's layout from its parking settings, numbered as seed-parking's spaces are. */
export function seedLayout(parking: LotParking, exits: Record<string, string[]>): Layout {
  const perFloor = parking.capacity / parking.floors.length
  return generateLayout({
    floors: parking.floors.map((floor) => {
      const prefix = parking.kind === 'surface' ? 'A-' : `${floor}-`
      return { name: floor, prefix, pillarPrefix: `${prefix}P`, spaces: perFloor, exits: exits[floor] ?? [] }
    }),
    perLine: 20,
  })
}

export const SEED_LAYOUTS: Record<string, Layout> = {
  [LOT_IDS.surface]: seedLayout(PKUHSC_PARKING, { 地面: ['东门'] }),
  [LOT_IDS.garage]: seedLayout(GARAGE_PARKING, { B1: ['人行出口（跃进楼）'] }),
}

/** The `lot_layouts` documents. */
export function layoutDocuments(now: number): Record<string, Array<Record<string, unknown>>> {
  return {
    lot_layouts: Object.entries(SEED_LAYOUTS).map(([lotId, layout]) => ({ _id: lotId, lotId, layout, by: 'seed', at: now })),
  }
}
