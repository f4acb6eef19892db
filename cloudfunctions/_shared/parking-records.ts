// The parking collections as the functions see them (issue 10): a lot's
// parking settings live on its `lots` document; fee rule versions, spaces,
// stays, gate events, parking orders, coupons and coupon batches each have
// their own collection (database/collections.ts lists their indexes).
//
// Who writes what:
// - the `device` function: stays (entry, exit), spaces (sensors), gate_events;
// - the `parking` function: orders and coupons (driver), fee rules, coupon
//   batches, lane commands from staff (office);
// - the payment hooks (parking-payments.ts): orders, stays' `paid`, coupons.
import type { CouponBenefit, CouponStatus } from '../../src/domain/parking/coupon'
import type { FeeRule } from '../../src/domain/parking/fee'
import type { GateDecision, LaneKind } from '../../src/domain/parking/gate'
import type { OrderStatus } from '../../src/domain/parking/order'
import { collection } from './collection'

/** A lane of a lot: where a camera reads plates and a barrier opens. `code` is what its printed QR carries (扫码开闸). */
export interface Lane {
  id: string
  name: string
  kind: LaneKind
  /** Printed on the lane's QR as `lane:<code>`; unguessable, so a QR cannot be made up for a lane. */
  code: string
  /** The floor or gate it stands at, for people: 东门 / B1. */
  place: string
}

/** The parking part of a `lots` document (permit renewal uses the rest). */
export interface LotParking {
  kind: 'surface' | 'garage'
  /** Floors in order, e.g. ['B1', 'B2', 'B3'], or ['地面']. */
  floors: string[]
  lanes: Lane[]
  /** Number of spaces (the `spaces` documents of the lot). */
  capacity: number
  address: string
}

export interface LotDoc {
  name: string
  parking?: LotParking
}

/** One version of a lot's fee rule: a stay is billed by the version in force at its entry (ruleAt). */
export interface FeeRuleDoc {
  lotId: string
  /** In force from (epoch ms). */
  from: number
  rule: FeeRule
  /** Staff openid ('seed' for the seeded version) and when it was saved. */
  by: string
  at: number
}

/** `_id` = `${lotId}:${number}`. What the space's sensor last said. */
export interface SpaceDoc {
  lotId: string
  floor: string
  /** B2-105, A-023 */
  number: string
  /** Every prefix of the number (plate-search.ts spaceNumberKeys): 按车位 finds B2-105 by B2-1 through an index. */
  numberKeys: string[]
  occupied: boolean
  /** The plate the space camera read, when it read one. */
  plate: string | null
  changedAt: number
}

// A stay's document and its one builder are pure (src/domain/parking/stay.ts): the seed, tests and bench build stays with it too.
export { STAY_STATUSES, newStayDoc } from '../../src/domain/parking/stay'
export type { NewStay, StayDoc, StayPaid, StayStatus } from '../../src/domain/parking/stay'
import type { StayDoc } from '../../src/domain/parking/stay'

/** Every `plate seen` and what the gate decided (the device log the simulator and staff read). */
export interface GateEventDoc {
  lotId: string
  laneId: string
  deviceId: string
  plate: string | null
  confidence: number | null
  decision: Pick<GateDecision, 'open' | 'reason' | 'led' | 'voice' | 'amountFen' | 'flag'>
  stayId: string | null
  at: number
}

export { ORDER_STATUSES, type OrderStatus } from '../../src/domain/parking/order'

/** A parking bill the driver chose to pay (`_id` = the WeChat Pay out_trade_no of its charge). */
export interface OrderDoc {
  stayId: string
  lotId: string
  /** As shown: 京A·12345, or the temporary plate. */
  plateText: string
  plate: string | null
  openid: string
  amountFen: number
  /** The fee before the coupon, and what the coupon took. */
  dueFen: number
  couponCode: string | null
  couponFen: number
  /** The time the bill was computed for: paying settles the stay up to here. */
  until: number
  /** The stay's paid sum when the bill was made: a payment applies only if nothing was paid since. */
  basePaidFen: number
  /**
   * How many payments the stay had then (paidOrders.length): an order of ¥0
   * (a coupon covered it) moves `paid.until` without changing the sum, so the
   * sum alone cannot tell that something was paid since.
   */
  basePaidCount: number
  /** The grace period the bill stated (the rule in force at entry): leave within it after paying. */
  graceMinutes: number
  /** Paid at an exit lane (扫码出场): that lane opens once it is paid. */
  laneId: string | null
  status: OrderStatus
  createdAt: number
  paidAt: number | null
  /** A payment that could not be applied (paid twice, or after its coupon went elsewhere) is refunded in full under this number. */
  refundNo: string | null
  refundedFen: number
  updatedAt: number
}

/** `_id` = the code. */
export interface CouponDoc {
  batchId: string
  benefit: CouponBenefit
  lotIds: string[]
  plate: string | null
  validFrom: number
  validUntil: number
  status: CouponStatus
  heldBy: string | null
  usedAt: number | null
  updatedAt: number
}

export interface CouponBatchDoc {
  name: string
  benefit: CouponBenefit
  lotIds: string[]
  plate: string | null
  validFrom: number
  validUntil: number
  count: number
  by: string
  at: number
}

/**
 * A lot device (`devices`, `_id` = the device id it signs with). A camera
 * stands at one lane (`laneId`); a space-sensor gateway serves the whole lot
 * and has laneId ''. The secret is set when the device is installed and never
 * leaves the database through any function.
 */
export interface DeviceDoc {
  lotId: string
  laneId: string
  kind: 'camera' | 'barrier' | 'sensor'
  secret: string
  active: boolean
}

/**
 * Something a lane's device should do, handed out once by its heartbeat.
 * `open` at an exit lane with a `stayId` (a driver paid at the lane, or staff
 * opened it by hand for that car) also ends that stay when delivered.
 */
export interface LaneCommand {
  lotId: string
  laneId: string
  /** What the lane's device should do, e.g. `open`. */
  command: string
  reason?: string
  /** The stay the car at the lane belongs to, when known. */
  stayId?: string
  /** Who asked: a staff openid (opened by hand) or the order paid at the lane. */
  by?: string
  status: 'pending' | 'delivered' | 'expired'
  createdAt: number
  /**
   * Not handed out from then on (the heartbeat marks it expired): an `open`
   * for a car that has since gone would let the next car through. Without
   * it, LANE_COMMAND_TTL_MS (device/index.ts) after createdAt.
   */
  expiresAt?: number
  deliveredAt?: number
  deliveredTo?: string
  expiredAt?: number
}

export const parkingLots = collection<LotDoc>('lots')
export const feeRules = collection<FeeRuleDoc>('fee_rules')
export const spaces = collection<SpaceDoc>('spaces')
export const stays = collection<StayDoc>('stays')
export const gateEvents = collection<GateEventDoc>('gate_events')
export const orders = collection<OrderDoc>('parking_orders')
export const coupons = collection<CouponDoc>('coupons')
export const couponBatches = collection<CouponBatchDoc>('coupon_batches')
export const devices = collection<DeviceDoc>('devices')
export const laneCommands = collection<LaneCommand>('lane_commands')
