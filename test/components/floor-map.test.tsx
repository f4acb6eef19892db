// 车位指示地图 (components/floor-map): the pure geometry (zoom steps and
// limits, pinch, route legs as rotated strokes, scrolling the car into view)
// and the component in jsdom: a 600-space floor drawn from a layout, the car's
// space highlighted, the route's legs drawn, and +/− changing only the zoom
// transform (the spaces are not re-rendered).
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { useState } from 'react'
import { afterEach, describe, expect, it } from 'vitest'
import { FloorMap } from '../../src/packages/parking/components/floor-map'
import { cellCenter, drawingOf, floorOfSpace } from '../../src/packages/parking/components/floor-map/from-layout'
import {
  MAX_SCALE,
  MIN_SCALE,
  pinched,
  scrollToCenter,
  spaceLabel,
  spaceLabelsShown,
  strokes,
  zoomed,
  type Point,
} from '../../src/packages/parking/components/floor-map/geometry'
import { parseLayout, type Layout } from '../../src/domain/parking/layout'

afterEach(cleanup)

/** Two floors of 10 rows × 30 spaces (600 each) facing aisles, a lift joining them, a pillar per aisle. */
function bigLayout(): Layout {
  const floor = (name: string) => ({
    name,
    width: 62,
    height: 60,
    // Pairs of rows 2 cells deep (y = 0 and 3, 6 and 9, …) with an aisle between each pair, and a spine aisle on the left; B2-105 is the 15th space of the 4th row (y = 9).
    aisles: [[0, 0, 2, 60] as [number, number, number, number], ...Array.from({ length: 10 }, (_, r) => [2, r * 6 + 2, 60, 1] as [number, number, number, number])],
    spaces: Array.from({ length: 20 }, (_, r) => ({
      prefix: `${name}-`,
      first: r * 30 + 1,
      count: 30,
      at: [2, Math.floor(r / 2) * 6 + (r % 2 === 0 ? 0 : 3), 2, 2] as [number, number, number, number],
      dir: 'x' as const,
    })),
    pillars: [{ code: `${name}P1`, at: [1, 5] as [number, number] }],
    doors: [{ id: 'L1', at: [0, 0] as [number, number] }],
  })
  const parsed = parseLayout({ version: 1, cell: 2.5, floors: [floor('B1'), floor('B2')], connectors: [{ id: 'L1', kind: 'lift', name: '1号电梯', floors: ['B1', 'B2'] }] })
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'))
  return parsed.layout
}

describe('floor map geometry', () => {
  it('When +/− are tapped, then the zoom steps by 1.5× and stays within its limits', () => {
    expect(zoomed(1, 1)).toBe(1.5)
    expect(zoomed(1.5, -1)).toBe(1)
    let s = 1
    for (let i = 0; i < 10; i++) s = zoomed(s, 1)
    expect(s).toBe(MAX_SCALE)
    for (let i = 0; i < 10; i++) s = zoomed(s, -1)
    expect(s).toBe(MIN_SCALE)
  })

  it('When fingers spread to twice their distance, then the zoom doubles (clamped); a zero start distance keeps it', () => {
    expect(pinched(1, 100, 200)).toBe(2)
    expect(pinched(2, 100, 50)).toBe(1)
    expect(pinched(3, 100, 400)).toBe(MAX_SCALE)
    expect(pinched(1.2, 0, 80)).toBe(1.2)
  })

  it('When a route has legs, then each is a stroke from its start with its length and angle; a zero-length leg draws nothing', () => {
    const pts: Point[] = [
      { x: 1, y: 1 },
      { x: 4, y: 1 },
      { x: 4, y: 1 },
      { x: 4, y: 3 },
    ]
    expect(strokes(pts, 10, 4)).toEqual([
      { left: 10, top: 8, length: 30, angle: 0 },
      { left: 40, top: 8, length: 20, angle: 90 },
    ])
  })

  it('When the car is shown, then the view scrolls it to the middle, never past the drawing’s edges', () => {
    const view = { width: 300, height: 400 }
    const floor = { width: 100, height: 100 }
    expect(scrollToCenter({ x: 50, y: 50 }, 3, 2, view, floor)).toEqual({ left: 150, top: 100 })
    expect(scrollToCenter({ x: 1, y: 1 }, 3, 2, view, floor)).toEqual({ left: 0, top: 0 })
    expect(scrollToCenter({ x: 99, y: 99 }, 3, 2, view, floor)).toEqual({ left: 300, top: 200 })
    // A drawing smaller than the view does not scroll.
    expect(scrollToCenter({ x: 50, y: 50 }, 3, 0.5, view, floor)).toEqual({ left: 0, top: 0 })
  })

  it('When a layout floor is drawn, then every space, aisle, pillar and lift door becomes a box in cells', () => {
    const layout = bigLayout()
    const b2 = drawingOf(layout, 1)!
    expect(b2.floor).toBe('B2')
    expect(b2.shapes.filter((s) => s.kind === 'space')).toHaveLength(600)
    expect(b2.shapes.find((s) => s.id === 'B2-105')).toEqual({ kind: 'space', x: 2 + 14 * 2, y: 9, w: 2, h: 2, id: 'B2-105' })
    expect(b2.shapes.find((s) => s.kind === 'pillar')).toMatchObject({ id: 'B2P1', x: 1, y: 5, w: 1, h: 1 })
    expect(b2.shapes.find((s) => s.kind === 'lift')).toMatchObject({ label: '电梯', x: 0, y: 0 })
    expect(floorOfSpace(layout, 'B2-105')).toBe(1)
    expect(floorOfSpace(layout, 'B9-001')).toBe(-1)
    expect(drawingOf(layout, 5)).toBeNull()
    expect(cellCenter([3, 4])).toEqual({ x: 3.5, y: 4.5 })
  })

  it('When zoomed in far enough, then space numbers show (B2-105 reads 105)', () => {
    const shapes = drawingOf(bigLayout(), 0)!.shapes
    expect(spaceLabelsShown(shapes, 5, 1)).toBe(false) // a space is 10 px wide
    expect(spaceLabelsShown(shapes, 5, 3)).toBe(true) // 30 px
    expect(spaceLabel('B2-105')).toBe('105')
  })
})

function Harness({ route }: { route: Point[][] }) {
  const layout = bigLayout()
  const [floor, setFloor] = useState(1)
  return (
    <FloorMap
      floors={layout.floors.map((f) => f.name)}
      floor={layout.floors[floor].name}
      onFloor={(f) => setFloor(layout.floors.findIndex((x) => x.name === f))}
      drawing={drawingOf(layout, floor)}
      highlight={floor === 1 ? 'B2-105' : null}
      route={floor === 1 ? route : []}
      start={floor === 1 ? { x: 1.5, y: 5.5 } : null}
      view={{ width: 310, height: 400 }}
    />
  )
}

describe('FloorMap', () => {
  it('When a 600-space floor is shown with a route, then the car’s space is highlighted, the route’s legs drawn, and the floor tabs switch floors', () => {
    render(<Harness route={[[{ x: 1.5, y: 5.5 }, { x: 1.5, y: 8.5 }, { x: 31, y: 8.5 }]]} />)
    expect(document.querySelectorAll('.floor-map__shape--space')).toHaveLength(600)
    expect(screen.getByTestId('map-my-space').textContent).toBe('105')
    expect(screen.getAllByTestId('map-route')).toHaveLength(2)
    expect(screen.getByTestId('map-start').textContent).toBe('您在这里')
    act(() => void fireEvent.click(screen.getByTestId('map-floor-B1')))
    expect(screen.queryByTestId('map-my-space')).toBeNull()
    expect(screen.queryAllByTestId('map-route')).toHaveLength(0)
    expect(screen.getByTestId('map-floor-B1').className).toContain('floor-map__floor--on')
  })

  it('When + and − are tapped, then only the zoom transform changes: the spaces are the same DOM nodes', () => {
    render(<Harness route={[]} />)
    const plane = screen.getByTestId('map-plane')
    const before = document.querySelector('.floor-map__shape--space')
    expect(plane.style.transform).toBe('scale(1)')
    act(() => void fireEvent.click(screen.getByTestId('map-zoom-in')))
    expect(plane.style.transform).toBe('scale(1.5)')
    act(() => void fireEvent.click(screen.getByTestId('map-zoom-in')))
    act(() => void fireEvent.click(screen.getByTestId('map-zoom-out')))
    expect(plane.style.transform).toBe('scale(1.5)')
    expect(document.querySelector('.floor-map__shape--space')).toBe(before)
  })
})
