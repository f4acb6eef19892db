// A lot's layout (domain/parking/layout.ts: a grid of cells) as the boxes the
// floor map draws. Pure; built once per floor and memoised by the page, since
// expanding 600+ spaces on every render would be wasted work.
import { CONNECTOR_LABELS, expandSpaces, type Layout } from '../../../../domain/parking/layout'
import type { FloorDrawing, Point, Shape } from './geometry'

export function drawingOf(layout: Layout, floorIndex: number): FloorDrawing | null {
  const floor = layout.floors[floorIndex]
  if (!floor) return null
  const connectors = new Map((layout.connectors ?? []).map((c) => [c.id, c]))
  const rect = (kind: Shape['kind'], [x, y, w, h]: readonly [number, number, number, number], extra: Partial<Shape> = {}): Shape => ({ kind, x, y, w, h, ...extra })
  const cell = (kind: Shape['kind'], [x, y]: readonly [number, number], extra: Partial<Shape> = {}): Shape => ({ kind, x, y, w: 1, h: 1, ...extra })
  // Drawn in this order: walkable ground first, then what stands on it.
  const shapes: Shape[] = [
    ...floor.aisles.map((r) => rect('aisle', r)),
    ...(floor.walkways ?? []).map((r) => rect('aisle', r)),
    ...expandSpaces(floor, floorIndex).map((s) => rect('space', s.rect, { id: s.number })),
    ...(floor.pillars ?? []).map((p) => cell('pillar', p.at, { id: p.code })),
    ...(floor.doors ?? []).map((d) => {
      const c = connectors.get(d.id)
      return cell(c?.kind ?? 'lift', d.at, { id: d.id, label: c ? CONNECTOR_LABELS[c.kind] : undefined })
    }),
    ...(floor.exits ?? []).map((e) => cell('exit', e.at, { label: '出口' })),
  ]
  return { floor: floor.name, width: floor.width, height: floor.height, shapes }
}

/** A cell's centre: routes and markers are drawn through the middle of cells. */
export const cellCenter = ([x, y]: readonly [number, number]): Point => ({ x: x + 0.5, y: y + 0.5 })

/** Which floor (index) holds a space number, -1 when none does. */
export function floorOfSpace(layout: Layout, number: string): number {
  return layout.floors.findIndex((f, i) => expandSpaces(f, i).some((s) => s.number === number))
}
