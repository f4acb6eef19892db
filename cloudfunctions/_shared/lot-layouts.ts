// A lot's layout as stored (issue 11): one `lot_layouts` document per lot,
// `_id` = lotId, replaced whole when the office imports a new layout (its
// `version` goes up, so route.ts rebuilds its cached walking graph).
import type { Layout } from '../../src/domain/parking/layout'
import { collection } from './collection'

export interface LotLayoutDoc {
  lotId: string
  layout: Layout
  /** Who imported it (openid, or 'seed'). */
  by: string
  at: number
}

export const lotLayouts = collection<LotLayoutDoc>('lot_layouts')
