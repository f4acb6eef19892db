// Back closes the sheet on top first. On H5 an open sheet (components/sheet)
// gets a history entry of its own, the same URL one step above the page's, so
// the browser's back (or the navigation bar's back arrow) moves off that entry
// and this module closes the sheet instead of Taro's router leaving the page
// (and losing what was typed). weapp has no such history: its native back
// leaves the page, and the sheet's own close control is the way to close it.
//
// How the entries stay honest without ever calling history.back() to remove
// one (a back queued while the app navigates elsewhere in the same tick would
// land on the wrong page):
//  - Each of our entries, and the page's own entry below them, carries
//    `sheet: {page, depth}` in its history state: the page instance
//    ($taroPath) and how many steps above the page's entry it is (0 for the
//    page's own). Taro's history library reads only its own fields of the
//    state, so it never notices them.
//  - A popstate that lands on an entry of the page being shown is ours: it is
//    stopped before the router's listener sees it. Going down with sheets open
//    above the landing depth closes them; going down over an entry whose sheet
//    was closed by its own control (a spent entry) goes on back, so one back
//    still leaves the page; going up over spent entries goes on forward.
//  - Opening a sheet on a spent entry reuses it instead of adding another.
//  - A popstate landing anywhere else is the router's, untouched.
import Taro from '@tarojs/taro'
import { useEffect, useRef } from 'react'

interface Marker {
  page: string
  depth: number
}

/** Per page instance: the close callbacks of its open sheets, oldest first (entry depth 1, 2, …). */
const openSheets = new Map<string, Array<() => void>>()
/** The depth of the entry the browser is on, as last set by this module. */
let depthHere = 0
let listening = false

function markerOf(state: unknown): Marker | null {
  const m = (state as { sheet?: Partial<Marker> } | null)?.sheet
  return m && typeof m.page === 'string' && typeof m.depth === 'number' ? { page: m.page, depth: m.depth } : null
}

const pageShown = () => Taro.getCurrentInstance().router?.$taroPath ?? ''

function onPopState(event: PopStateEvent) {
  const here = pageShown()
  const landed = markerOf(event.state)
  if (!landed || landed.page !== here) {
    depthHere = landed?.depth ?? 0
    return // another page's entry: Taro's router moves there
  }
  event.stopImmediatePropagation()
  const down = landed.depth < depthHere
  depthHere = landed.depth
  if (!down) {
    window.history.forward()
    return
  }
  const sheets = openSheets.get(here) ?? []
  if (sheets.length <= landed.depth) {
    window.history.back()
    return
  }
  while (sheets.length > landed.depth) sheets.pop()!()
}

/**
 * Starts watching back (H5). It must run before Taro's router creates its
 * history: listeners on window run in the order they were added, and the
 * router's would otherwise see the sheet's popstate first and reload the page.
 * ui/h5-shell calls it as app.tsx loads, before the router starts.
 */
export function listenForSheetBack() {
  if (listening) return
  listening = true
  depthHere = markerOf(window.history.state)?.depth ?? 0
  window.addEventListener('popstate', onPopState, true)
}

/** Gives a sheet that has just opened its history entry; returns what to call when it closes by other means. */
function openSheet(close: () => void): () => void {
  listenForSheetBack()
  const page = pageShown()
  const sheets = openSheets.get(page) ?? []
  openSheets.set(page, sheets)
  const state = (window.history.state ?? {}) as Record<string, unknown>
  const marker = markerOf(state)
  const depth = marker?.page === page ? marker.depth : 0
  if (depth > sheets.length) {
    depthHere = depth // a spent entry: this sheet takes it over
  } else {
    if (marker?.page !== page) window.history.replaceState({ ...state, sheet: { page, depth: 0 } }, '')
    window.history.pushState({ ...state, sheet: { page, depth: depth + 1 } }, '')
    depthHere = depth + 1
  }
  sheets.push(close)
  return () => {
    const i = sheets.indexOf(close)
    if (i >= 0) sheets.splice(i, 1)
    if (sheets.length === 0 && openSheets.get(page) === sheets) openSheets.delete(page)
  }
}

function useSheetBackH5(onClose: () => void) {
  const latest = useRef(onClose)
  latest.current = onClose
  useEffect(() => openSheet(() => latest.current()), [])
}

/**
 * Call in a sheet that is rendered only while open: on H5, back closes it
 * (with `onClose`) before it leaves the page. Nothing on weapp, and none of
 * the H5 code is in the weapp build (the choice is a build-time constant).
 */
export const useSheetBack: (onClose: () => void) => void = process.env.TARO_ENV === 'h5' ? useSheetBackH5 : () => undefined
