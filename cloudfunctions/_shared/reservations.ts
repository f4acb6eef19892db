// 车位预定's records (issue 12) and the places reservations hold. The rules
// are src/domain/reservation/; this module keeps their data.
//
// Collections (database/collections.ts):
// - `reservations`: one per reservation (`_id` = its number, V…).
// - `reservation_lots` (`_id` = lotId): the lot's settings (工作台) and
//   `holders`, the reservations holding one of its reservable places.
// - `reservation_holds` (`_id` = account:<openid> / plate:<plate>:<openid>):
//   the reservations an account, and a plate per account, hold, for their
//   limits (rules.ts says why a plate counts per account).
//
// Decisions:
// - A place is an entry in a holder list, taken by one conditional update
//   that checks the list is shorter than its limit (its element limit−1 does
//   not exist) and does not hold this reservation yet, and pushes it. The
//   database applies a condition and its write atomically per document, so
//   of any number of concurrent bookings exactly `quota` find room: no count
//   to drift, no transaction to retry. The same for an account and a plate.
// - Booking takes the three in turn and gives back what it took when one is
//   refused; then writes the reservation. A reservation number carries 8
//   random characters besides its second, so two bookings never share one
//   (a shared number would let one give back the other's place). Releasing
//   pulls the id from all three and is safe to repeat.
// - A status changes only by its table (status.ts): moveReservation takes an
//   event, and writes the move conditional on the status it was read in. A booking that dies between taking and
//   writing leaves holders naming no reservation: the sweep releases a holder
//   whose reservation does not hold a place once it is older than
//   ORPHAN_AFTER_MS (its number carries when it was made).
// - Free spaces for drivers and the gate: the sensors' free count minus the
//   reservations (待入场) whose window is open now (reservation-gate.ts).
import { randomInt } from 'node:crypto'
import { AppError } from '../../src/domain/errors'
import type { VehicleKind } from '../../src/domain/parking/fee'
import { DEFAULT_RESERVATION_SETTINGS, HOLD_LEAD_MINUTES, limitMessage, type ReservationSettings } from '../../src/domain/reservation/rules'
import { HOLDS_PLACE, reservationTransition, type ReservationEvent, type ReservationStatus } from '../../src/domain/reservation/status'
import { shanghai } from '../../src/domain/time'
import { _, type Doc } from './cloud'
import { now } from './clock'
import { collection } from './collection'
import { isDuplicateKey } from './db-errors'

export interface ReservationDoc {
  lotId: string
  /** Normalised (京A12345). */
  plate: string
  kind: VehicleKind
  /** Who booked it (and pays). */
  openid: string
  /** The booker's verified phone, '' when none (shown masked). */
  phone: string
  /** 预约缴费's fee by vehicle kind when it was booked (null: none), and the no-show rule it was booked under: a reservation keeps both. */
  fees: Record<VehicleKind, number> | null
  refundNoShow: boolean
  remark: string
  arrivalAt: number
  windowFrom: number
  windowUntil: number
  status: ReservationStatus
  /** 预约缴费: the fee asked (by kind) when it was booked or last chosen; 0 without. */
  feeFen: number
  /** 待支付: pay by then, or the place is released. */
  payBy: number | null
  /** The current WeChat Pay charge (`${_id}P${chargeSeq}`), null before 微信支付. */
  chargeId: string | null
  chargeSeq: number
  paidFen: number
  paidAt: number | null
  /** The refund owed (cancelled in time, a refunded no-show, paid after it closed), once decided. */
  refundNo: string | null
  refundFen: number
  /** When the owed refund was recorded with the payment path (null: not yet; the sweep records it). */
  refundAskedAt: number | null
  refundedFen: number
  stayId: string | null
  enteredAt: number | null
  cancelledAt: number | null
  /** Set when it became 爽约, kept after a refund: the month's no-shows are counted by it. */
  noShowAt: number | null
  createdAt: number
  updatedAt: number
}

export interface ReservationLotDoc {
  settings: ReservationSettings
  holders: string[]
  updatedAt: number
}

export interface ReservationHoldDoc {
  held: string[]
  checkedAt: number
  updatedAt: number
}

export const reservations = collection<ReservationDoc>('reservations')
export const reservationLots = collection<ReservationLotDoc>('reservation_lots')
export const reservationHolds = collection<ReservationHoldDoc>('reservation_holds')

const MINUTE = 60_000
/** A holder naming no reservation this long after its number was made is a booking that died midway. */
export const ORPHAN_AFTER_MS = 2 * MINUTE

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

/** V + yyyyMMddHHmmss (Shanghai) + 8 random characters (40 bits): 23 characters, so a charge number `${id}P${n}` fits WeChat Pay's 32. */
export function newReservationNo(at: number): string {
  const random = Array.from({ length: 8 }, () => ALPHABET[randomInt(0, ALPHABET.length)]).join('')
  return `V${shanghai(at).format('YYYYMMDDHHmmss')}${random}`
}

/** When a reservation number was made (for orphan holders), or null when it is not one. */
export function madeAt(id: string): number | null {
  const m = /^V(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})[0-9A-Z]{8}$/.exec(id)
  return m ? Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}+08:00`) : null
}

export const accountKey = (openid: string) => `account:${openid}`
export const plateKey = (plate: string, openid: string) => `plate:${plate}:${openid}`

/** The lot's settings (the defaults, closed, when the office never saved any). */
export async function settingsOf(lotId: string): Promise<{ settings: ReservationSettings; holders: string[] }> {
  const doc = await reservationLots.findOne({ _id: lotId })
  return { settings: doc?.settings ?? DEFAULT_RESERVATION_SETTINGS, holders: doc?.holders ?? [] }
}

/** Pushes `id` onto the list of one document if it holds fewer than `limit` and not `id` already. */
async function takeIn(coll: typeof reservationLots | typeof reservationHolds, field: 'holders' | 'held', docId: string, id: string, limit: number): Promise<boolean> {
  if (limit <= 0) return false
  const t = now()
  return (await coll.update({ _id: docId, [`${field}.${limit - 1}`]: _.exists(false), [field]: _.neq(id) }, { [field]: _.push(id), updatedAt: t })) === 1
}

async function ensureHoldDoc(docId: string) {
  try {
    await reservationHolds.insert(docId, { held: [], checkedAt: 0, updatedAt: now() })
  } catch (e) {
    if (!isDuplicateKey(e)) throw e
  }
}

/**
 * Takes a place for reservation `id`: one of the lot's quota, one of the
 * account's and one of the plate's. Refused with the reason, giving back
 * what it took.
 */
export async function takePlaces(
  id: string,
  r: { lotId: string; openid: string; plate: string },
  s: ReservationSettings,
  /** The account's and the plate's hold documents were read and exist: no insert to try. */
  exist: { account: boolean; plate: boolean } = { account: false, plate: false },
): Promise<void> {
  const account = accountKey(r.openid)
  const plate = plateKey(r.plate, r.openid)
  await Promise.all([exist.account || ensureHoldDoc(account), exist.plate || ensureHoldDoc(plate)])
  if (!(await takeIn(reservationHolds, 'held', account, id, s.maxPerAccount))) throw new AppError('RESERVATION_LIMIT', limitMessage('account', s.maxPerAccount))
  if (!(await takeIn(reservationHolds, 'held', plate, id, s.maxPerPlate))) {
    await releasePlaces(id, r)
    throw new AppError('RESERVATION_LIMIT', limitMessage('plate', s.maxPerPlate))
  }
  if (!(await takeIn(reservationLots, 'holders', r.lotId, id, s.quota))) {
    await releasePlaces(id, r)
    throw new AppError('RESERVATION_FULL')
  }
}

/** Gives back every place `id` holds; safe to repeat. */
export async function releasePlaces(id: string, r: { lotId: string; openid: string; plate: string }): Promise<void> {
  const t = now()
  await Promise.all([
    reservationLots.update({ _id: r.lotId, holders: id }, { holders: _.pull(id), updatedAt: t }),
    reservationHolds.update({ _id: accountKey(r.openid), held: id }, { held: _.pull(id), updatedAt: t }),
    reservationHolds.update({ _id: plateKey(r.plate, r.openid), held: id }, { held: _.pull(id), updatedAt: t }),
  ])
}

/**
 * Moves a reservation by `event` as its table allows, with a conditional
 * update on the status it was read in; returns the document after, or null
 * when another move came first (or `where` no longer holds). Leaving a
 * place-holding status releases its places.
 */
export async function moveReservation(r: Doc<ReservationDoc>, event: ReservationEvent, set: Partial<ReservationDoc> = {}, where: Record<string, unknown> = {}): Promise<Doc<ReservationDoc> | null> {
  const to = reservationTransition(r.status, event)
  if (!to) return null
  const t = now()
  const data = { ...set, status: to, updatedAt: t }
  if ((await reservations.update({ ...where, _id: r._id, status: r.status }, data)) !== 1) return null
  const moved = { ...r, ...data }
  if (HOLDS_PLACE.includes(r.status) && !HOLDS_PLACE.includes(to)) await releasePlaces(r._id, r)
  return moved
}

/** Reservations (待入场) at the lot holding their space from walk-ins at `at` (rules.ts heldFromWalkIns, as a query). */
export function heldNow(lotId: string, at: number): Promise<number> {
  return reservations.count({ lotId, status: 'BOOKED', windowFrom: _.lte(at + HOLD_LEAD_MINUTES * MINUTE), windowUntil: _.gte(at) })
}

/**
 * The sweep's part: holders naming a reservation that does not hold a place
 * (a booking that died between taking and writing, or a release that did not
 * finish) are released, once ORPHAN_AFTER_MS old. Every lot, and the holds
 * of accounts and plates least recently checked.
 */
export async function sweepOrphanHolds(limit = 50): Promise<{ released: number }> {
  const t = now()
  const [lots, holds] = await Promise.all([
    reservationLots.find({ 'holders.0': _.exists(true) }, { limit: 100 }),
    reservationHolds.find({ 'held.0': _.exists(true), checkedAt: _.lte(t - ORPHAN_AFTER_MS) }, { orderBy: ['checkedAt', 'asc'], limit }),
  ])
  const ids = [...new Set([...lots.flatMap((l) => l.holders), ...holds.flatMap((h) => h.held)])]
  if (!ids.length) return { released: 0 }
  const live = new Set<string>()
  for (let i = 0; i < ids.length; i += 100) {
    const found = await reservations.find({ _id: _.in(ids.slice(i, i + 100)), status: _.in([...HOLDS_PLACE]) }, { limit: 100 })
    found.forEach((r) => live.add(r._id))
  }
  const stale = (id: string) => !live.has(id) && t - (madeAt(id) ?? 0) >= ORPHAN_AFTER_MS
  let released = 0
  for (const lot of lots)
    for (const id of lot.holders.filter(stale)) released += await reservationLots.update({ _id: lot._id, holders: id }, { holders: _.pull(id), updatedAt: t })
  for (const h of holds) {
    for (const id of h.held.filter(stale)) released += await reservationHolds.update({ _id: h._id, held: id }, { held: _.pull(id), updatedAt: t })
    await reservationHolds.update({ _id: h._id }, { checkedAt: t })
  }
  return { released }
}
