// The `parking` function (issue 10): what a driver sees and pays (当前停车, 缴费,
// 扫码开闸, 我的交易记录) and what the parking office does in 工作台 (fee rules,
// coupon batches, the cars in a lot, opening a barrier by hand, the daily report).
// The lot's own devices do not come here: they call the `device` HTTP function.
import * as z from '../zod'
import { CouponBatchInput, CouponBenefitSchema, CouponCodeInput } from '../parking/coupon'
import { FeeRuleSchema, VEHICLE_KINDS } from '../parking/fee'
import { GATE_REASONS } from '../parking/gate'
import { LayoutInput, LayoutSchema } from '../parking/layout'
import { ORDER_STATUSES } from '../parking/order'
import { FragmentInput, SpacePrefixInput } from '../parking/plate-search'
import { REFUND_STATUSES } from '../pay/intent'
import { PlateInput } from '../plate'
import { anyUser, staff } from './access'
import type { FunctionContract } from './contract'
import { Id, plainText } from './fields'
import { Payment } from './permit'

export const LaneView = z.object({ id: z.string(), name: z.string(), kind: z.enum(['entry', 'exit']), place: z.string() })

/** A lot as drivers and staff see it, with its live counts (from the space sensors). */
export const ParkingLot = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['surface', 'garage']),
  floors: z.array(z.string()),
  capacity: z.int(),
  free: z.int(),
  address: z.string(),
  lanes: z.array(LaneView),
})

/**
 * A stay as the 当前停车 card and the lookup list show it. Where the car is
 * (lotId, space) and since when (entryAt) are null for an account that may
 * not see the lot's name in full (usage.ts lotNameVisibility): they would
 * name the lot.
 */
export const StayCard = z.object({
  stayId: z.string(),
  lotId: z.nullable(z.string()),
  /** As this account may see it (src/domain/vehicle/usage.ts lotNameFor). */
  lotName: z.string(),
  /** 京A·12345, or 临时车牌 临A3F7K9 for a car without a plate. */
  plateText: z.string(),
  plateless: z.boolean(),
  entryAt: z.nullable(z.int()),
  minutes: z.int(),
  /** What is due now (0: nothing, e.g. a permit or within free minutes). */
  amountFen: z.int(),
  /** B2-105, when the space sensors placed the car. */
  space: z.nullable(z.string()),
  /** Paid and may leave until then (the lot's grace period), else null. */
  leaveBy: z.nullable(z.int()),
  /** 已离场待补缴: the car left (a barrier opened by hand) owing `amountFen`, billed at its exit. */
  left: z.boolean(),
})

export const BillStep = z.object({ text: z.string(), fen: z.int() })

/** The bill of a stay now: what 缴费 shows before 支付. */
export const Bill = z.object({
  stay: StayCard,
  kind: z.enum(VEHICLE_KINDS),
  kindLabel: z.string(),
  amountFen: z.int(),
  grossFen: z.int(),
  settledFen: z.int(),
  /** Taken off by the reservation fee paid when booking (车位预定). */
  prepaidFen: z.int(),
  couponFen: z.int(),
  steps: z.array(BillStep),
  /** 收费规则 in words, and the version it is billed by (the rule in force at entry). */
  rule: z.array(z.string()),
  ruleFrom: z.int(),
  graceMinutes: z.int(),
  /** The coupon applied, when one was given. */
  coupon: z.nullable(z.object({ code: z.string(), text: z.string() })),
  /** The time the bill was computed for. */
  until: z.int(),
})

export const OrderView = z.object({
  orderId: z.string(),
  status: z.enum(ORDER_STATUSES),
  statusLabel: z.string(),
  lotName: z.string(),
  plateText: z.string(),
  amountFen: z.int(),
  couponFen: z.int(),
  createdAt: z.int(),
  paidAt: z.nullable(z.int()),
  refundedFen: z.int(),
  /** Paid: leave by then (paidAt + the lot's grace minutes). */
  leaveBy: z.nullable(z.int()),
})

/** What 支付 answers: WeChat Pay's parameters, or none when nothing had to be paid (amount 0 with a coupon, say). */
export const PayResult = z.object({
  orderId: z.string(),
  amountFen: z.int(),
  description: z.string(),
  payment: z.nullable(Payment),
  order: OrderView,
})

/**
 * A car found by 寻车 按车牌, as the searching account may see it
 * (usage.ts searchView): the plate masked to the typed characters
 * (京A·*234*) until the car is confirmed as theirs; floor, space, entry time
 * and the entry photo only then, and never where the lot's name is hidden.
 */
export const SearchMatch = z.object({
  stayId: z.string(),
  lotId: z.nullable(z.string()),
  /** As this account may see it (usage.ts lotNameFor). */
  lotName: z.string(),
  plateText: z.string(),
  /** The plate shows only the typed characters: choosing it asks for the whole plate. */
  masked: z.boolean(),
  floor: z.nullable(z.string()),
  space: z.nullable(z.string()),
  entryAt: z.nullable(z.int()),
  minutes: z.int(),
  /** The entry camera's photo (a temporary URL of its storage file), only when allowed. */
  photoUrl: z.nullable(z.string()),
})

/** A space found by 寻车 按车位. */
export const SpaceMatch = z.object({ lotId: z.string(), lotName: z.string(), floor: z.string(), number: z.string(), occupied: z.boolean() })

/** A lane's QR as scanned (扫码开闸): the lane, the caller's plates, and at an exit the stay to pay for. */
export const ScannedLane = z.object({
  lotId: z.string(),
  lotName: z.string(),
  lane: LaneView,
  /** The caller's vehicles (我的车辆), default first. */
  plates: z.array(z.string()),
  /** Exit lanes: the car waiting at the lane, or the caller's car in this lot. */
  stay: z.nullable(StayCard),
})

export const LaneState = z.object({
  laneId: z.string(),
  lastEvent: z.nullable(
    z.object({ plate: z.nullable(z.string()), reason: z.enum(GATE_REASONS), open: z.boolean(), led: z.array(z.string()), at: z.int() }),
  ),
})

/** A saved version of a lot's fee rule; `by` is who saved it as staff read it (the staff member's name). */
export const FeeRuleVersion = z.object({ id: z.string(), from: z.int(), rule: FeeRuleSchema, by: z.string(), at: z.int() })

export const CouponBatchView = z.object({
  id: z.string(),
  name: z.string(),
  benefit: CouponBenefitSchema,
  benefitText: z.string(),
  lotIds: z.array(z.string()),
  plate: z.nullable(z.string()),
  validFrom: z.int(),
  validUntil: z.int(),
  count: z.int(),
  used: z.int(),
  at: z.int(),
})

export const CarInLot = z.object({
  stayId: z.string(),
  plateText: z.string(),
  entryAt: z.int(),
  minutes: z.int(),
  amountFen: z.int(),
  space: z.nullable(z.string()),
  flags: z.array(z.string()),
  paidFen: z.int(),
})

export const ReportLine = z.object({
  orderId: z.string(),
  kind: z.enum(['payment', 'refund']),
  plateText: z.string(),
  lotName: z.string(),
  amountFen: z.int(),
  at: z.int(),
  /** What WeChat Pay says of the order (reconciliation). */
  provider: z.string(),
  matches: z.boolean(),
  /** Our refund of the order as it stands (a payment that could not be applied is refunded in full), or the refund of a refund line; null: none. */
  refund: z.nullable(z.object({ status: z.enum(REFUND_STATUSES), label: z.string(), amountFen: z.int() })),
})

/** Where a paged list goes on: the `next` of the page before, passed back as it came. */
const Cursor = z.string('分页参数有误').check(z.maxLength(200, '分页参数有误'), z.regex(/^[\w|:.-]+$/, '分页参数有误'))

/** What a lane's QR carries (`lane:<code>`), or its code typed on H5. */
const LaneCode = z.string('请输入车道码').check(z.trim(), z.minLength(1, '请输入车道码'), z.maxLength(64, '车道码有误'))

const Reason = z.string('请填写原因').check(z.trim(), plainText(), z.minLength(2, '请填写原因（至少 2 个字）'), z.maxLength(60, '原因不超过 60 字'))
const Day = z.string('请选择日期').check(z.regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD'))

export const parkingContract = {
  /** Lots with their live counts and lanes. */
  lots: { access: anyUser, input: z.strictObject({}), output: z.object({ lots: z.array(ParkingLot) }) },
  /** 首页 当前停车: the caller's vehicles (我的车辆) and temporary plates now in a lot. */
  current: { access: anyUser, input: z.strictObject({}), output: z.object({ stays: z.array(StayCard) }) },
  /** 缴费 lookup: an exact plate's stays in the lots, or (noPlate) the caller's cars without a plate. */
  lookup: {
    access: anyUser,
    input: z.union([z.strictObject({ plate: PlateInput }), z.strictObject({ noPlate: z.literal(true) })]),
    output: z.object({ stays: z.array(StayCard) }),
  },
  /**
   * 寻车 按车牌 (and 缴费's plate search) as the driver types: the cars in the
   * lots whose plate holds the fragment (3 or more consecutive characters);
   * or (noPlate, 无车牌查询) the caller's cars without a plate, with their
   * entry photos: the only plateless cars a driver may pay (their temporary plates).
   */
  search: {
    access: anyUser,
    input: z.union([z.strictObject({ fragment: FragmentInput }), z.strictObject({ noPlate: z.literal(true) })]),
    output: z.object({ cars: z.array(SearchMatch) }),
  },
  /** 寻车 按车位: the spaces whose number starts with what was typed (B2-1 → B2-101, B2-105…), with whether each is taken. */
  searchSpace: { access: anyUser, input: z.strictObject({ prefix: SpacePrefixInput }), output: z.object({ spaces: z.array(SpaceMatch) }) },
  /** The bill of a stay now, with a coupon applied when one is given (checked, not held). */
  /** 寻车 车位指示地图: the lot's layout (issue 11); the route is computed on the phone (domain/parking/route.ts). */
  layout: { access: anyUser, input: z.strictObject({ lotId: Id }), output: z.object({ layout: LayoutSchema }) },
  bill: { access: anyUser, input: z.strictObject({ stayId: Id, couponCode: z.optional(CouponCodeInput) }), output: z.object({ bill: Bill }) },
  /** 支付: an order for the bill (holding the coupon) and WeChat Pay's parameters; amount 0 completes at once. */
  pay: {
    access: anyUser,
    input: z.strictObject({ stayId: Id, couponCode: z.optional(CouponCodeInput), laneId: z.optional(Id) }),
    output: PayResult,
  },
  /** One of the caller's orders (支付成功 polls it until paid). */
  order: { access: anyUser, input: z.strictObject({ orderId: Id }), output: z.object({ order: OrderView }) },
  /**
   * 我的交易记录: parking payments for the caller's vehicles (per the usage
   * rules) and the caller's own, with refunds, newest first, a page at a time:
   * `before` is the `nextBefore` of the page before (null on the last page).
   */
  records: {
    access: anyUser,
    input: z.strictObject({ before: z.optional(z.int().check(z.positive())) }),
    output: z.object({ orders: z.array(OrderView), nextBefore: z.nullable(z.int()) }),
  },
  /** 扫码开闸: what the lane's QR code names. */
  scanLane: { access: anyUser, input: z.strictObject({ code: LaneCode }), output: ScannedLane },
  /**
   * 确认入场 at the entry lane whose QR was scanned: opens it for one of the
   * caller's vehicles (我的车辆), or for a temporary plate tied to the caller
   * when the car has none.
   */
  enter: {
    access: anyUser,
    input: z.strictObject({ code: LaneCode, plate: z.nullable(PlateInput) }),
    output: z.object({ stay: StayCard }),
  },
  /**
   * 开闸出场 at the exit lane whose QR was scanned, for a car with nothing to
   * pay (paid within the grace period, free minutes, a permit) that the lane
   * cannot let out by its plate (none, or unread): opens it for that stay.
   */
  exit: {
    access: anyUser,
    input: z.strictObject({ code: LaneCode, stayId: Id }),
    output: z.object({ stay: StayCard }),
  },

  // The parking office (工作台).
  /** Replace a lot's layout (导入车位地图): refused with the line that is wrong; the server numbers the version. */
  importLayout: { access: staff('office'), input: z.strictObject({ lotId: Id, layout: LayoutInput }), output: z.object({ version: z.int(), spaces: z.int() }) },
  /** A lot's fee rule versions, all of them (saved by hand, a few a year), latest `from` first, and the one in force now (null: none yet). */
  feeRules: {
    access: staff('office'),
    input: z.strictObject({ lotId: Id }),
    output: z.object({ versions: z.array(FeeRuleVersion), currentId: z.nullable(z.string()) }),
  },
  /** A new version of the lot's fee rule, in force from `from` (now when omitted; never in the past). */
  setFeeRule: { access: staff('office'), input: z.strictObject({ lotId: Id, rule: FeeRuleSchema, from: z.optional(z.int()) }), output: z.object({ version: FeeRuleVersion }) },
  issueCoupons: { access: staff('office'), input: CouponBatchInput, output: z.object({ batch: CouponBatchView, codes: z.array(z.string()) }) },
  /**
   * Coupon batches, newest first, a page at a time: `next` (null on the last
   * page) is the cursor of the page after. A batch issued meanwhile can make a
   * batch appear on two pages (never on none): keep the first.
   */
  couponBatches: {
    access: staff('office'),
    input: z.strictObject({ cursor: z.optional(Cursor) }),
    output: z.object({ batches: z.array(CouponBatchView), next: z.nullable(z.string()) }),
  },
  /** The codes of one batch, with their states (to print or hand out). */
  batchCodes: {
    access: staff('office'),
    input: z.strictObject({ batchId: Id }),
    output: z.object({ codes: z.array(z.object({ code: z.string(), status: z.string(), statusLabel: z.string() })) }),
  },
  carsInLot: { access: staff('office', 'guard'), input: z.strictObject({ lotId: Id }), output: z.object({ cars: z.array(CarInLot), lanes: z.array(LaneState) }) },
  /** Opens a lane's barrier by hand: a reason is required and the act is audited. */
  openBarrier: { access: staff('office', 'guard'), input: z.strictObject({ lotId: Id, laneId: Id, reason: Reason }), output: z.object({ commandId: z.string() }) },
  /**
   * A day's parking payments (every order paid that day, whatever its status
   * now) and the refunds completed that day. The totals are the whole day's:
   * `count` payments, `owedFen` paid that day and still to be refunded
   * (`failedRefunds` of them failed: staff act), `total` lines. The lines come
   * a page at a time (`next`: the cursor of the page after, null on the
   * last), each checked with WeChat Pay; `mismatches` counts this page's.
   */
  report: {
    access: staff('office'),
    input: z.strictObject({ day: Day, cursor: z.optional(Cursor) }),
    output: z.object({
      day: z.string(),
      paidFen: z.int(),
      refundedFen: z.int(),
      count: z.int(),
      owedFen: z.int(),
      failedRefunds: z.int(),
      total: z.int(),
      mismatches: z.int(),
      lines: z.array(ReportLine),
      next: z.nullable(z.string()),
    }),
  },
} satisfies FunctionContract
