// The vehicle usage rules of the seed (车辆使用规范): who receives a vehicle's
// notices, who may pay for it, how much of a lot's name each account sees,
// and who may see its coupons and use frictionless payment (无感支付).
// Parking fees, gates, reservations and coupons call these functions instead
// of deciding again. Verifying a vehicle gives its owner control; an
// unverified vehicle is open to anyone, and its latest payer gets its notices.

import type { RelationStatus } from './relation'

/** How an account stands to a vehicle for these rules. */
export const USAGE_RELATIONS = [
  'OWNER', // this account is the plate's verified owner (relation VERIFIED)
  'AUTHORIZED', // the verified owner authorized this account (relation AUTHORIZED, plate verified)
  'HOLDER', // added the plate, which has no verified owner (ADDED or VERIFYING, plate not verified)
  'NONE', // everyone else
] as const
export type UsageRelation = (typeof USAGE_RELATIONS)[number]

/**
 * NONE covers: no relation; a request still waiting (AWAITING_AUTH); an
 * ADDED/VERIFYING row while another account owns the plate; an AUTHORIZED
 * row on a plate nobody owns any more; DISPLACED/APPEALING/APPEAL_FAILED/REMOVED.
 */
export function usageRelation(status: RelationStatus | null, plateVerified: boolean): UsageRelation {
  switch (status) {
    case 'VERIFIED':
      return 'OWNER'
    case 'AUTHORIZED':
      return plateVerified ? 'AUTHORIZED' : 'NONE'
    case 'ADDED':
    case 'VERIFYING':
      return plateVerified ? 'NONE' : 'HOLDER'
    default:
      return 'NONE'
  }
}

/** What a verified owner chooses; the same shape as the `VehicleSettings` contract. */
export interface VehicleSettingsValue {
  hideLotNames: boolean
  notify: { entry: boolean; exit: boolean; coupon: boolean }
}

export const DEFAULT_VEHICLE_SETTINGS: VehicleSettingsValue = {
  hideLotNames: false,
  notify: { entry: true, exit: true, coupon: true },
}

/** The vehicle as these rules see it. `settings` only matter when `verified`. */
export interface VehicleUsage {
  verified: boolean
  settings: VehicleSettingsValue
}

export type VehicleEvent =
  | { kind: 'ENTRY' }
  | { kind: 'EXIT'; paid: boolean }
  | { kind: 'PAYMENT' }
  | { kind: 'COUPON_ISSUED' }
  /** A locked car (锁车) was refused at an exit lane. */
  | { kind: 'LOCKED_EXIT' }

/** One account that might receive a notice about the vehicle. */
export interface Party {
  relation: UsageRelation
  /** This account made the payment the notice is about. */
  isPayer: boolean
  /** This account made the vehicle's most recent payment. */
  isLatestPayer: boolean
}

/**
 * Payment notices go to the payer. Entry, unpaid-exit and coupon notices go
 * only to a verified owner who has not switched them off; on an unverified
 * vehicle, entry and unpaid-exit notices go to the latest payer and coupon
 * notices to nobody. A paid stay sends no exit notice.
 */
export function shouldNotify(vehicle: VehicleUsage, party: Party, event: VehicleEvent): boolean {
  const owner = vehicle.verified && party.relation === 'OWNER'
  switch (event.kind) {
    case 'PAYMENT':
      return party.isPayer
    case 'ENTRY':
      return vehicle.verified ? owner && vehicle.settings.notify.entry : party.isLatestPayer
    case 'EXIT':
      if (event.paid) return false
      return vehicle.verified ? owner && vehicle.settings.notify.exit : party.isLatestPayer
    case 'COUPON_ISSUED':
      return owner && vehicle.settings.notify.coupon
    case 'LOCKED_EXIT':
      // Someone is trying to drive a locked car away: the owner is told whatever their notice settings.
      return owner
  }
}

/** Anyone may pay for an unverified vehicle; a verified one only by its owner and the accounts they authorized. */
export function mayPay(vehicle: VehicleUsage, relation: UsageRelation): boolean {
  return !vehicle.verified || relation === 'OWNER' || relation === 'AUTHORIZED'
}

/**
 * 锁车 (seed 001 §2.2 steps 16–18): what the 锁车 page offers for a vehicle of
 * 我的车辆. Only the verified owner and the accounts they authorized may lock
 * or unlock it; an account holding an unverified vehicle is asked to verify it
 * first (去认证), since otherwise anyone could add a stranger's plate and lock
 * them in. Everyone else (a request still waiting, a displaced row) gets nothing.
 */
export type LockOption = 'MAY_LOCK' | 'VERIFY_FIRST' | 'NONE'

export function lockOption(vehicle: VehicleUsage, relation: UsageRelation): LockOption {
  if (vehicle.verified && (relation === 'OWNER' || relation === 'AUTHORIZED')) return 'MAY_LOCK'
  if (!vehicle.verified && relation === 'HOLDER') return 'VERIFY_FIRST'
  return 'NONE'
}

/** Whether this account may lock or unlock the vehicle. */
export function mayLock(vehicle: VehicleUsage, relation: UsageRelation): boolean {
  return lockOption(vehicle, relation) === 'MAY_LOCK'
}

export const LOT_NAME_VISIBILITIES = ['FULL', 'MASKED', 'HIDDEN'] as const
export type LotNameVisibility = (typeof LOT_NAME_VISIBILITIES)[number]

/** What replaces a lot's name an account may not see. */
export const HIDDEN_LOT_NAME = '隐私保护车场'

/**
 * The verified owner sees full names; those they authorized too, unless the
 * owner turned on privacy protection. Without a verified owner names are
 * masked; strangers to a verified vehicle see none.
 */
export function lotNameVisibility(vehicle: VehicleUsage, relation: UsageRelation): LotNameVisibility {
  switch (relation) {
    case 'OWNER':
      return 'FULL'
    case 'AUTHORIZED':
      return vehicle.verified && vehicle.settings.hideLotNames ? 'HIDDEN' : 'FULL'
    case 'HOLDER':
      return 'MASKED'
    case 'NONE':
      return vehicle.verified ? 'HIDDEN' : 'MASKED'
  }
}

/** A lot's name as this account sees it: full, masked (东区***), or hidden. */
export function lotNameFor(vehicle: VehicleUsage, relation: UsageRelation, name: string): string {
  switch (lotNameVisibility(vehicle, relation)) {
    case 'FULL':
      return name
    case 'MASKED': {
      const chars = Array.from(name)
      return `${chars.slice(0, chars.length > 2 ? 2 : 1).join('')}***`
    }
    case 'HIDDEN':
      return HIDDEN_LOT_NAME
  }
}

/** What a vehicle notice shows by default: the lot and the duration, never start or end times. */
export const NOTICE_FIELDS = ['lot', 'duration'] as const

/** Coupons are issued onto the vehicle; everyone who holds it in 我的车辆 sees them in 我的卡券. */
export function maySeeVehicleCoupons(_vehicle: VehicleUsage, relation: UsageRelation): boolean {
  return relation === 'OWNER' || relation === 'AUTHORIZED' || relation === 'HOLDER'
}

/** Only the verified owner can turn on frictionless payment (it spends vehicle coupons first). */
export function mayEnableFrictionless(vehicle: VehicleUsage, relation: UsageRelation): boolean {
  return vehicle.verified && relation === 'OWNER'
}

/** Frictionless deduction orders are visible only to the verified owner. */
export function maySeeFrictionlessOrders(vehicle: VehicleUsage, relation: UsageRelation): boolean {
  return vehicle.verified && relation === 'OWNER'
}

/**
 * How a car found by 寻车 按车牌 (a typed plate fragment) shows to the account
 * searching (seed 002):
 * - `listed`: a car whose verified owner turned on privacy (hideLotNames) is
 *   found only by the accounts attached to it (the owner, those authorized).
 * - `fullPlate`: the plate in full once the car is confirmed as the
 *   searcher's — it is in their 我的车辆 (owner, authorized, or holder of an
 *   unverified plate) or they typed the whole plate; otherwise only the typed
 *   characters show (maskPlate).
 * - `photo` and `where` (floor, space, time parked): only once confirmed, and
 *   never where the lot's name itself is hidden from the account (a stranger
 *   never learns where a verified car stands, even typing its whole plate).
 */
export interface SearchView {
  listed: boolean
  fullPlate: boolean
  photo: boolean
  where: boolean
}

export function searchView(vehicle: VehicleUsage, relation: UsageRelation, typedWholePlate: boolean): SearchView {
  const attached = relation === 'OWNER' || relation === 'AUTHORIZED'
  const listed = !(vehicle.verified && vehicle.settings.hideLotNames) || attached
  const confirmed = listed && (attached || relation === 'HOLDER' || typedWholePlate)
  const shown = confirmed && lotNameVisibility(vehicle, relation) !== 'HIDDEN'
  return { listed, fullPlate: confirmed, photo: shown, where: shown }
}

/**
 * A plate as a search result shows it to an account that has not confirmed it:
 * the province and authority letter (as 京A·), the typed characters where they
 * occur in the plate, and one * per other character: typing 234 of 京A12345
 * shows 京A·*234*. A fragment that is not in the plate shows none of the serial.
 */
export function maskPlate(plate: string, fragment: string): string {
  const chars = Array.from(plate)
  const f = Array.from(fragment)
  let at = -1
  outer: for (let i = 0; i + f.length <= chars.length; i++) {
    for (let j = 0; j < f.length; j++) if (chars[i + j] !== f[j]) continue outer
    at = i
    break
  }
  const head = chars.length > 2 ? 2 : 0
  const body = chars.map((c, i) => (i < head || (at >= 0 && i >= at && i < at + f.length) ? c : '*'))
  return head ? `${body.slice(0, head).join('')}·${body.slice(head).join('')}` : body.join('')
}
