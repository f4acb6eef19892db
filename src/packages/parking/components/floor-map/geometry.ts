// The floor map's pure parts: what it draws (a floor as boxes in the layout's
// own units, a route as a polyline), how those become pixel boxes, and the
// zoom arithmetic (+/−, pinch, keeping a point in view). Kept free of Taro so
// they are tested in node and shared by weapp and H5 alike.

/** What a box on the floor is; each kind has its own colour in index.scss. */
export type ShapeKind = 'space' | 'aisle' | 'pillar' | 'lift' | 'stairs' | 'exit' | 'wall'

/** An axis-aligned box on a floor, in the layout's units (x right, y down). */
export interface Shape {
  kind: ShapeKind
  x: number
  y: number
  w: number
  h: number
  /** B2-105, 电梯, C12… drawn inside the box when it is large enough. */
  label?: string
  /** The space number for spaces (to highlight the car's), the pillar code for pillars. */
  id?: string
}

export interface FloorDrawing {
  floor: string
  width: number
  height: number
  shapes: Shape[]
}

export interface Point {
  x: number
  y: number
}

export const MIN_SCALE = 0.5
export const MAX_SCALE = 4
/** Each +/− tap multiplies or divides the zoom by this. */
export const ZOOM_STEP = 1.5

export const clampScale = (s: number) => Math.min(MAX_SCALE, Math.max(MIN_SCALE, Number.isFinite(s) ? s : 1))

/** The zoom after a +/− tap. */
export const zoomed = (scale: number, direction: 1 | -1) => clampScale(direction > 0 ? scale * ZOOM_STEP : scale / ZOOM_STEP)

/** The zoom while pinching: the zoom at the pinch's start times how far the fingers spread. */
export const pinched = (startScale: number, startDistance: number, distance: number) =>
  startDistance > 0 ? clampScale((startScale * distance) / startDistance) : clampScale(startScale)

export const distance = (a: Point, b: Point) => Math.hypot(b.x - a.x, b.y - a.y)

/** Pixels per layout unit at zoom 1: the whole floor's width fits the view. */
export const fitUnit = (viewWidth: number, floorWidth: number) => (floorWidth > 0 && viewWidth > 0 ? viewWidth / floorWidth : 1)

/** A box in pixels, as inline styles take it. */
export interface PixelBox {
  left: number
  top: number
  width: number
  height: number
}

export const toPixels = (s: Pick<Shape, 'x' | 'y' | 'w' | 'h'>, unit: number): PixelBox => ({
  left: s.x * unit,
  top: s.y * unit,
  width: s.w * unit,
  height: s.h * unit,
})

/**
 * One leg of a route as a thin box rotated about its start: a View can draw a
 * line on weapp and H5 alike, with no SVG or canvas.
 */
export interface Stroke {
  left: number
  top: number
  length: number
  /** Degrees clockwise from the x axis (y grows down). */
  angle: number
}

export function strokes(points: Point[], unit: number, thickness: number): Stroke[] {
  const out: Stroke[] = []
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]
    const b = points[i]
    const length = distance(a, b) * unit
    if (length === 0) continue
    out.push({
      left: a.x * unit,
      top: a.y * unit - thickness / 2,
      length,
      angle: (Math.atan2(b.y - a.y, b.x - a.x) * 180) / Math.PI,
    })
  }
  return out
}

/**
 * Where to scroll so that `p` (layout units) sits in the middle of a view of
 * `view` pixels, at this unit and zoom, never past the drawing's edges.
 */
export function scrollToCenter(p: Point, unit: number, scale: number, view: { width: number; height: number }, floor: { width: number; height: number }) {
  const px = unit * scale
  const clamp = (v: number, max: number) => Math.max(0, Math.min(Math.max(0, max), v))
  return {
    left: clamp(p.x * px - view.width / 2, floor.width * px - view.width),
    top: clamp(p.y * px - view.height / 2, floor.height * px - view.height),
  }
}

/** Space numbers show only when a space is at least this many pixels wide on screen: smaller, they are noise. */
export const LABEL_MIN_PX = 24

/**
 * Whether space numbers show at this zoom (by the floor's narrowest space).
 * The map toggles them with one class on its root, so zooming never
 * re-renders the spaces themselves.
 */
export function spaceLabelsShown(shapes: Shape[], unit: number, scale: number) {
  let narrowest = Infinity
  for (const s of shapes) if (s.kind === 'space') narrowest = Math.min(narrowest, Math.min(s.w, s.h))
  return Number.isFinite(narrowest) && narrowest * unit * scale >= LABEL_MIN_PX
}

/** What a space's box says: the number after the floor (B2-105 → 105), as the floor is in the tab above. */
export const spaceLabel = (number: string) => number.slice(number.lastIndexOf('-') + 1)

export const centerOf = (s: Pick<Shape, 'x' | 'y' | 'w' | 'h'>): Point => ({ x: s.x + s.w / 2, y: s.y + s.h / 2 })
