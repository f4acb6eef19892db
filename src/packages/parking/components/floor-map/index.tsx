// 车位指示地图 (seed 001 §2.2 steps 5–6): one floor of a lot drawn from its
// layout, the car's space highlighted, the walking route on top, +/− and pinch
// zoom, and the floor tabs.
//
// Why Taro Views and not a canvas: one component has to draw on weapp and H5,
// and a canvas differs between them (weapp's 2d canvas is reached through a
// SelectorQuery node and sized by hand, H5's is a DOM canvas), while Views are
// the same on both, take taps, and can be found by tests. To stay smooth with
// 600+ spaces the floor's boxes are rendered ONCE per floor (memoised): zoom
// only changes a CSS transform (scale) on their container and the size of the
// scroll area — two nodes — so a +/− tap or a pinch never re-renders or
// re-sends (weapp setData) the spaces. Space numbers appear when zoomed in by
// a class on the root, not by re-rendering. Panning is the native ScrollView.
import { ScrollView, Text, View, type CommonEvent, type ITouchEvent } from '@tarojs/components'
import { memo, useMemo, useRef, useState } from 'react'
import {
  centerOf,
  clampScale,
  distance,
  fitUnit,
  pinched,
  scrollToCenter,
  spaceLabel,
  spaceLabelsShown,
  strokes,
  toPixels,
  zoomed,
  type FloorDrawing,
  type Point,
  type Shape,
} from './geometry'
import './index.scss'

export type { FloorDrawing, Point, Shape } from './geometry'

const ROUTE_PX = 4

const KIND_TEXT: Partial<Record<Shape['kind'], string>> = { lift: '电梯', stairs: '楼梯', exit: '出口' }

/** The floor's boxes: drawn once per floor, unit and highlighted space. */
const Shapes = memo(function Shapes({ shapes, unit, highlight }: { shapes: Shape[]; unit: number; highlight: string | null }) {
  return (
    <>
      {shapes.map((s, i) => {
        const box = toPixels(s, unit)
        const mine = s.kind === 'space' && !!highlight && s.id === highlight
        const text = s.kind === 'space' ? (s.id ? spaceLabel(s.id) : '') : (s.label ?? KIND_TEXT[s.kind] ?? '')
        return (
          <View
            key={s.id ? `${s.kind}:${s.id}` : i}
            className={`floor-map__shape floor-map__shape--${s.kind}${mine ? ' floor-map__shape--mine' : ''}`}
            style={{ left: `${box.left}px`, top: `${box.top}px`, width: `${box.width}px`, height: `${box.height}px` }}
            data-testid={mine ? 'map-my-space' : undefined}
          >
            {text && <Text className={`floor-map__label floor-map__label--${s.kind}`}>{text}</Text>}
          </View>
        )
      })}
    </>
  )
})

const touchPoint = (t: { pageX: number; pageY: number }): Point => ({ x: t.pageX, y: t.pageY })

export interface FloorMapProps {
  floors: string[]
  floor: string
  onFloor: (floor: string) => void
  /** The shown floor's drawing; null while it loads. */
  drawing: FloorDrawing | null
  /** The car's space number (B2-105) when it is on this floor. */
  highlight: string | null
  /** The route's legs on this floor, in layout units (empty: none). */
  route: Point[][]
  /** Where the driver stands, when on this floor. */
  start: Point | null
  /** The view's size in pixels (the page reads the window's). */
  view: { width: number; height: number }
}

export function FloorMap({ floors, floor, onFloor, drawing, highlight, route, start, view }: FloorMapProps) {
  const [scale, setScale] = useState(1)
  const pinch = useRef<{ distance: number; scale: number } | null>(null)
  const unit = drawing ? fitUnit(view.width, drawing.width) : 1
  const labels = drawing ? spaceLabelsShown(drawing.shapes, unit, scale) : false
  const mine = useMemo(() => drawing?.shapes.find((s) => s.kind === 'space' && s.id === highlight) ?? null, [drawing, highlight])
  const legs = useMemo(() => route.map((leg) => strokes(leg, unit, ROUTE_PX)), [route, unit])
  // Keep the car (else the driver) in the middle of the view at each zoom.
  const focus = mine ? centerOf(mine) : start
  const scroll = drawing && focus ? scrollToCenter(focus, unit, scale, view, drawing) : { left: 0, top: 0 }

  // View types its touch handlers as plain events; the touches are there on weapp and H5.
  const onTouchStart = (ev: CommonEvent) => {
    const e = ev as unknown as ITouchEvent
    if (e.touches.length === 2) pinch.current = { distance: distance(touchPoint(e.touches[0]), touchPoint(e.touches[1])), scale }
  }
  const onTouchMove = (ev: CommonEvent) => {
    const e = ev as unknown as ITouchEvent
    if (e.touches.length !== 2 || !pinch.current) return
    setScale(pinched(pinch.current.scale, pinch.current.distance, distance(touchPoint(e.touches[0]), touchPoint(e.touches[1]))))
  }
  const onTouchEnd = () => {
    pinch.current = null
  }

  return (
    <View className={`floor-map${labels ? ' floor-map--labels' : ''}`} data-testid='floor-map'>
      {floors.length > 1 && (
        <View className='floor-map__floors'>
          {floors.map((f) => (
            <Text
              key={f}
              className={`floor-map__floor${f === floor ? ' floor-map__floor--on' : ''}`}
              data-testid={`map-floor-${f}`}
              onClick={() => f !== floor && onFloor(f)}
            >
              {f}
            </Text>
          ))}
        </View>
      )}
      <View className='floor-map__frame' style={{ height: `${view.height}px` }}>
        {drawing ? (
          <ScrollView
            className='floor-map__scroll'
            style={{ width: `${view.width}px`, height: `${view.height}px` }}
            scrollX
            scrollY
            scrollLeft={scroll.left}
            scrollTop={scroll.top}
          >
            <View
              className='floor-map__area'
              style={{ width: `${drawing.width * unit * scale}px`, height: `${drawing.height * unit * scale}px` }}
              onTouchStart={onTouchStart}
              onTouchMove={onTouchMove}
              onTouchEnd={onTouchEnd}
            >
              <View
                className='floor-map__plane'
                data-testid='map-plane'
                data-scale={scale}
                style={{ width: `${drawing.width * unit}px`, height: `${drawing.height * unit}px`, transform: `scale(${scale})` }}
              >
                <Shapes shapes={drawing.shapes} unit={unit} highlight={highlight} />
                {legs.flat().map((s, i) => (
                  <View
                    key={`r${i}`}
                    className='floor-map__route'
                    data-testid='map-route'
                    style={{ left: `${s.left}px`, top: `${s.top}px`, width: `${s.length}px`, height: `${ROUTE_PX}px`, transform: `rotate(${s.angle}deg)` }}
                  />
                ))}
                {start && (
                  <View className='floor-map__me' data-testid='map-start' style={{ left: `${start.x * unit}px`, top: `${start.y * unit}px` }}>
                    <Text className='floor-map__me-text'>您在这里</Text>
                  </View>
                )}
              </View>
            </View>
          </ScrollView>
        ) : (
          <View className='floor-map__loading'>
            <Text>正在加载地图…</Text>
          </View>
        )}
        <View className='floor-map__zoom'>
          <Text className='floor-map__zoom-btn' data-testid='map-zoom-in' onClick={() => setScale((s) => zoomed(s, 1))}>
            +
          </Text>
          <Text className='floor-map__zoom-btn' data-testid='map-zoom-out' onClick={() => setScale((s) => zoomed(s, -1))}>
            −
          </Text>
        </View>
      </View>
    </View>
  )
}

export { clampScale }
