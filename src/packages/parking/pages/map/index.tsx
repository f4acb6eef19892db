// 车位指示地图 (seed 001 §2.2 steps 5–7): the car's lot drawn floor by floor
// from its layout with the car's space highlighted; the scan button at the
// top right reads a pillar's QR (`pillar:<code>`; on H5 the driver types the
// code), or the driver types a nearby space number, and the page draws the
// shortest walking route to the car with its distance and turn-by-turn text;
// <缴费> opens the car's bill.
//
// Decisions:
// - The route is computed here, on the phone, by the pure router
//   (domain/parking/route.ts) over the layout the server sent: a layout is
//   public, changes rarely, and each new start would otherwise be a round
//   trip. The walking graph is cached per layout, so re-routing is instant.
// - The page opens on the car's floor; once a route is drawn it shows the
//   floor where the driver stands (the route's first leg), and the floor
//   tabs show the other legs.
import { Input, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useEffect, useMemo, useState } from 'react'
// Before the ui imports: their stylesheets keep one order in every page (mini-css-extract-plugin).
import { FloorMap, type Point } from '../../components/floor-map'
import { cellCenter, drawingOf, floorOfSpace } from '../../components/floor-map/from-layout'
import { AppError } from '../../../../domain/errors'
import { parseStart, type Layout, type RouteStart } from '../../../../domain/parking/layout'
import { findRoute, type Route } from '../../../../domain/parking/route'
import { call } from '../../../../services/call'
import { scanCode } from '../../../../services/platform/scan'
import { Scan } from '../../../../ui/icons'
import { PageState, type Pending } from '../../../../ui/page-state'
import { StateView } from '../../../../ui/state-view'
import './index.scss'

type Load = Pending | { status: 'ready'; layout: Layout; lotName: string } | { status: 'refused'; message: string }

const isNetwork = (e: unknown) => !(e instanceof AppError) || e.code === 'NETWORK' || e.code === 'INTERNAL'

/** The map's size: the window's width, and most of its height below the bars. */
function viewSize() {
  try {
    const { windowWidth, windowHeight } = Taro.getSystemInfoSync()
    return { width: windowWidth, height: Math.max(260, Math.round(windowHeight * 0.55)) }
  } catch {
    return { width: 375, height: 360 }
  }
}

/** What a scanned code or a typed H5 code names: a pillar QR is `pillar:<code>`; on H5 the driver may type the bare code. */
export function startFromScan(text: string): RouteStart | null {
  const t = text.trim()
  if (t.startsWith('pillar:')) return parseStart(t)
  return /^[A-Za-z0-9_-]{1,32}$/.test(t) ? { pillar: t } : null
}

export default function MapPage() {
  const params = useRouter().params
  const lotId = decodeURIComponent(params.lotId ?? '')
  const space = params.space ? decodeURIComponent(params.space).toUpperCase() : null
  const stayId = params.stayId ? decodeURIComponent(params.stayId) : null
  const [load, setLoad] = useState<Load>({ status: 'loading' })
  const [floor, setFloor] = useState(0)
  const [typed, setTyped] = useState('')
  const [route, setRoute] = useState<Route | null>(null)
  const [routeError, setRouteError] = useState('')
  const view = useMemo(viewSize, [])

  const read = async () => {
    setLoad({ status: 'loading' })
    try {
      const [{ layout }, { lots }] = await Promise.all([call('parking', 'layout', { lotId }, { silent: true }), call('parking', 'lots', {}, { silent: true })])
      setLoad({ status: 'ready', layout, lotName: lots.find((l) => l.id === lotId)?.name ?? '' })
      if (space) setFloor(Math.max(0, floorOfSpace(layout, space)))
    } catch (e) {
      setLoad({ status: isNetwork(e) ? 'error' : 'refused', message: (e as Error).message })
    }
  }

  useEffect(() => {
    void read()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  const layout = load.status === 'ready' ? load.layout : null
  const drawing = useMemo(() => (layout ? drawingOf(layout, floor) : null), [layout, floor])
  const floorName = layout?.floors[floor]?.name ?? ''
  const legs = useMemo<Point[][]>(
    () => (route ? route.legs.filter((l) => l.floor === floorName).map((l) => l.points.map(cellCenter)) : []),
    [route, floorName],
  )
  const first = route?.legs[0]
  const start = first && first.floor === floorName && first.points[0] ? cellCenter(first.points[0]) : null

  const plan = (from: RouteStart | null) => {
    if (!layout || !space) return
    if (!from) {
      setRouteError('无法识别，请扫描停车场柱子上的二维码，或输入附近的车位号')
      return
    }
    const r = findRoute(layout, from, space)
    if (!r.ok) {
      setRoute(null)
      setRouteError(r.reason)
      return
    }
    setRouteError('')
    setRoute(r.route)
    const at = r.route.legs[0] ? layout.floors.findIndex((f) => f.name === r.route.legs[0]!.floor) : -1
    if (at >= 0) setFloor(at)
  }

  const scan = async () => {
    try {
      plan(startFromScan(await scanCode('请输入柱子上二维码的编码')))
    } catch {
      // cancelled
    }
  }

  if (load.status !== 'ready') {
    if (load.status === 'refused') return <StateView kind='refused' title='无法显示地图' description={load.message} testId='map-refused' />
    return <PageState load={load} className='page' cards={1} rows={6} loadingId='map-loading' errorId='map-error' onRetry={() => void read()} />
  }

  return (
    <View className='page parking-map'>
      <View className='parking-map__bar'>
        <View className='parking-map__where'>
          <Text className='parking-map__space' data-testid='map-space'>
            {space ? `车位 ${space}` : '车位未知'}
          </Text>
          <Text className='parking-map__lot'>{load.lotName}</Text>
        </View>
        <View className='parking-map__actions'>
          <View className='parking-map__action' data-testid='map-scan' onClick={() => void scan()}>
            <Scan size={14} />
            <Text>扫码</Text>
          </View>
          {stayId && (
            <Text
              className='parking-map__action parking-map__action--primary'
              data-testid='map-pay'
              onClick={() => void Taro.navigateTo({ url: `/packages/parking/pages/bill/index?stayId=${encodeURIComponent(stayId)}` })}
            >
              缴费
            </Text>
          )}
        </View>
      </View>
      {space ? (
        <View className='parking-map__start'>
          <Input
            className='parking-map__input'
            data-testid='map-start-input'
            placeholder='输入附近的车位号，如 B2-120'
            maxlength={12}
            value={typed}
            onInput={(e) => setTyped(e.detail.value)}
            onConfirm={() => plan(parseStart(typed))}
          />
          <Text className='parking-map__go' data-testid='map-route-go' onClick={() => plan(parseStart(typed))}>
            规划路线
          </Text>
        </View>
      ) : (
        <Text className='parking-map__hint'>暂未获取到该车的车位，无法规划路线</Text>
      )}

      <FloorMap
        floors={load.layout.floors.map((f) => f.name)}
        floor={floorName}
        onFloor={(name) => setFloor(Math.max(0, load.layout.floors.findIndex((f) => f.name === name)))}
        drawing={drawing}
        highlight={space}
        route={legs}
        start={start}
        view={view}
      />

      {routeError && (
        <Text className='parking-map__error' data-testid='map-route-error'>
          {routeError}
        </Text>
      )}
      {route && (
        <View className='parking-map__route' data-testid='map-route-card'>
          <Text className='parking-map__metres' data-testid='map-route-metres'>
            {route.metres === 0 ? '您已在车辆旁' : `步行约 ${Math.round(route.metres)} 米`}
          </Text>
          {route.steps.map((s, i) => (
            <Text key={i} className='parking-map__step' data-testid='map-route-step'>
              {i + 1}. {s}
            </Text>
          ))}
        </View>
      )}
      {!route && !routeError && space && <Text className='parking-map__hint'>点击右上角扫码，扫描附近柱子上的二维码，或输入附近的车位号，即可规划找车路线。</Text>}
    </View>
  )
}
