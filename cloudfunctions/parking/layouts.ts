// 寻车 车位指示地图 (issue 11): a lot's layout for the map and the router (the
// route itself is computed on the phone by src/domain/parking/route.ts, from
// the layout this returns), and the office's import of a new layout JSON.
//
// Decisions:
// - One document per lot (`_id` = lotId), replaced whole on import: a layout
//   is read whole by the map, and a partial edit could leave it inconsistent.
// - The server numbers versions (the stored version + 1), whatever the JSON
//   says: route.ts caches the walking graph per layout version, and the
//   audit log names the version each import created.
// - An imported layout must draw the lot's floors exactly (its parking
//   settings' floor list): a floor missing from the map would leave the cars
//   on it unfindable.
// - Two imports racing: the later write wins (both were valid layouts of the
//   lot) and both may report the same version; the office sees the map it
//   got and imports again if it is not the one it meant.
import type { parkingContract } from '../../src/domain/contracts/parking'
import { AppError } from '../../src/domain/errors'
import { allSpaces, LayoutSchema } from '../../src/domain/parking/layout'
import { audit } from '../_shared/audit'
import { now } from '../_shared/clock'
import { lotLayouts } from '../_shared/lot-layouts'
import { loadParkingLot } from '../_shared/parking-context'
import type { Handler } from '../_shared/route'

type H<A extends keyof typeof parkingContract> = Handler<typeof parkingContract, A>

export const layout: H<'layout'> = async ({ lotId }) => {
  await loadParkingLot(lotId)
  const doc = await lotLayouts.findOne({ _id: lotId })
  if (!doc) throw new AppError('NOT_FOUND', '该停车场暂无车位地图')
  return { layout: doc.layout }
}

export const importLayout: H<'importLayout'> = async ({ lotId, layout: input }, caller) => {
  const lot = await loadParkingLot(lotId)
  const parsed = LayoutSchema.parse(input)
  const drawn = parsed.floors.map((f) => f.name)
  const missing = lot.parking.floors.filter((f) => !drawn.includes(f))
  const extra = drawn.filter((f) => !lot.parking.floors.includes(f))
  if (missing.length || extra.length) {
    const parts = [missing.length ? `缺少楼层 ${missing.join('、')}` : '', extra.length ? `本停车场没有楼层 ${extra.join('、')}` : ''].filter(Boolean)
    throw new AppError('BAD_INPUT', `布局与停车场楼层不一致：${parts.join('；')}`)
  }
  const current = await lotLayouts.findOne({ _id: lotId })
  const version = (current?.layout.version ?? 0) + 1
  const t = now()
  await lotLayouts.set(lotId, { lotId, layout: { ...parsed, version }, by: caller.openid, at: t })
  const spaces = allSpaces(parsed).length
  await audit(`lot-layout:${lotId}:${version}`, { by: caller.openid, action: 'parking.importLayout', target: lotId, reason: `导入车位地图第 ${version} 版（${drawn.length} 层，${spaces} 个车位）` })
  return { version, spaces }
}
