// 寻车 (seed 001 §2.2 steps 2–4): find a car in the lots by 3 or more
// consecutive characters of its plate (按车牌, also 缴费's plate search), or a
// space by the start of its number (按车位). 无车牌查询 (`search {noPlate}`)
// lists the caller's own cars without a plate (their temporary plates, as
// `lookup {noPlate}` bills them) with entry photo and time: the gate lets no
// car in without a plate read or a temporary plate tied to an account
// (扫码入场), so there is no anonymous plateless car to recognise by its
// photo, and a stranger's temporary plate is not the caller's to find.
//
// Decisions:
// - Both searches are one equality lookup on a multikey index
//   (plate-search.ts): a stay's `plateGrams` by the fragment's rarest gram, a
//   space's `numberKeys` by the typed prefix. The fragment itself is then
//   matched by the query (a regex over the few candidates the index gives),
//   so a search reads a tiny share of the cars however many are parked.
// - What each match shows is usage.ts searchView: a verified car with privacy
//   on is found only by its owner and those authorized; an unconfirmed plate
//   shows only the typed characters (maskPlate), without photo, floor, space
//   or entry time; the lot's name is lotNameFor's.
// - Only cars in a lot (status IN): a car that left is not where it was.
import { stayMinutes } from '../../src/domain/parking/fee'
import { lookupGram } from '../../src/domain/parking/plate-search'
import { formatPlate } from '../../src/domain/plate'
import { lotNameFor, maskPlate, searchView } from '../../src/domain/vehicle/usage'
import type { Caller } from '../_shared/auth'
import { _, db } from '../_shared/cloud'
import { now } from '../_shared/clock'
import { plateTextOf } from '../_shared/parking-bill'
import { loadParkingLots } from '../_shared/parking-context'
import { spaces, stays } from '../_shared/parking-records'
import { tempUrl } from '../_shared/storage'
import { usagesOf } from '../_shared/vehicle-usage'

/** Matches a search returns; the driver types more to narrow it. */
export const SEARCH_LIMIT = 20
/** Stays read per search (matches of the fragment, newest entry first), before privacy leaves some out. */
const SEARCH_READ = 50
export const SPACE_LIMIT = 20

/** 按车牌: the cars in the lots whose plate holds `fragment` (normalised, ≥ 3 characters by the contract); 无车牌查询 with noPlate. */
export async function search(input: { fragment: string } | { noPlate: true }, caller: Caller) {
  if ('noPlate' in input) return { cars: await plateless(caller) }
  const t = now()
  const fragment = input.fragment
  const gram = lookupGram(fragment)!
  const [found, lots] = await Promise.all([
    // Fragments hold only plate characters (the contract), none special in a regex.
    stays.find({ plateGrams: gram, status: 'IN', plate: db.RegExp({ regexp: fragment }) }, { orderBy: ['entryAt', 'desc'], limit: SEARCH_READ }),
    loadParkingLots(),
  ])
  const list = found.filter((s): s is typeof s & { plate: string } => !!s.plate && s.plate.includes(fragment))
  const usages = await usagesOf(
    caller.openid,
    list.map((s) => s.plate),
  )
  const names = new Map(lots.map((l) => [l._id, l.name]))
  const shown = list
    .map((stay) => {
      const u = usages.get(stay.plate)!
      return { stay, u, view: searchView(u.vehicle, u.relation, stay.plate === fragment) }
    })
    .filter((m) => m.view.listed)
    // The caller's own cars first (in 我的车辆 or typed in full), then the newest.
    .sort((a, b) => Number(b.view.fullPlate) - Number(a.view.fullPlate))
    .slice(0, SEARCH_LIMIT)
  const spaceIds = [...new Set(shown.flatMap((m) => (m.view.where && m.stay.spaceId ? [m.stay.spaceId] : [])))]
  const placed = spaceIds.length ? await spaces.find({ _id: _.in(spaceIds) }, { limit: SEARCH_LIMIT }) : []
  const where = new Map(placed.map((s) => [s._id, s]))
  const photos = await Promise.all(shown.map(({ stay, view }) => (view.photo && stay.entryPhoto ? tempUrl(stay.entryPhoto) : null)))
  return {
    cars: shown.map(({ stay, u, view }, i) => {
      const space = view.where && stay.spaceId ? where.get(stay.spaceId) : undefined
      return {
        stayId: stay._id,
        lotId: view.where ? stay.lotId : null,
        lotName: lotNameFor(u.vehicle, u.relation, names.get(stay.lotId) ?? ''),
        plateText: view.fullPlate ? formatPlate(stay.plate) : maskPlate(stay.plate, fragment),
        masked: !view.fullPlate,
        floor: space?.floor ?? null,
        space: space?.number ?? null,
        entryAt: view.where ? stay.entryAt : null,
        minutes: stayMinutes(stay.entryAt, t),
        photoUrl: photos[i],
      }
    }),
  }
}

/** 无车牌查询: the caller's cars in a lot without a plate (their temporary plates), newest first, with photo and place. */
async function plateless(caller: Caller) {
  const t = now()
  const [found, lots] = await Promise.all([stays.find({ openid: caller.openid, status: 'IN' }, { orderBy: ['entryAt', 'desc'], limit: SEARCH_LIMIT }), loadParkingLots()])
  const list = found.filter((s) => !s.plate)
  const names = new Map(lots.map((l) => [l._id, l.name]))
  const spaceIds = [...new Set(list.flatMap((s) => (s.spaceId ? [s.spaceId] : [])))]
  const [placed, photos] = await Promise.all([
    spaceIds.length ? spaces.find({ _id: _.in(spaceIds) }, { limit: SEARCH_LIMIT }) : [],
    Promise.all(list.map((s) => (s.entryPhoto ? tempUrl(s.entryPhoto) : null))),
  ])
  const where = new Map(placed.map((s) => [s._id, s]))
  return list.map((stay, i) => {
    const space = stay.spaceId ? where.get(stay.spaceId) : undefined
    return {
      stayId: stay._id,
      lotId: stay.lotId,
      lotName: names.get(stay.lotId) ?? '',
      plateText: plateTextOf(stay),
      masked: false,
      floor: space?.floor ?? null,
      space: space?.number ?? null,
      entryAt: stay.entryAt,
      minutes: stayMinutes(stay.entryAt, t),
      photoUrl: photos[i],
    }
  })
}

/** 按车位: the spaces whose number starts with `prefix` (normalised by the contract), in every lot. */
export async function searchSpace(input: { prefix: string }, _caller: Caller) {
  const [found, lots] = await Promise.all([spaces.find({ numberKeys: input.prefix }, { orderBy: ['number', 'asc'], limit: SPACE_LIMIT }), loadParkingLots()])
  const names = new Map(lots.map((l) => [l._id, l.name]))
  return {
    spaces: found
      .filter((s) => names.has(s.lotId))
      .map((s) => ({ lotId: s.lotId, lotName: names.get(s.lotId)!, floor: s.floor, number: s.number, occupied: s.occupied })),
  }
}
