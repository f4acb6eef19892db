import * as z from '../zod'
import { APPLICATION_STATUSES } from '../permit/application'
import { PlateInput } from '../plate'
import { anyUser, staff } from './access'
import type { FunctionContract } from './contract'
import { FileId, Id, plainText } from './fields'

export const Product = z.object({
  id: z.string(),
  name: z.string(),
  months: z.int(),
  priceFen: z.int(),
  requiresCampusCard: z.boolean(),
})

export const Lot = z.object({
  id: z.string(),
  name: z.string(),
  allowNewOnline: z.boolean(),
  offlineNotice: z.string(),
  reviewNotice: z.string(),
  consent: z.object({ title: z.string(), body: z.string() }),
  products: z.array(Product),
  /** A permit may be renewed from this many days before its last valid day (src/domain/permit/renewal.ts). */
  renewWindowDays: z.int(),
})

export const Period = z.object({ start: z.string(), end: z.string() })

/** An application that must finish first (the seed: refund before paying again), or one in progress. */
export const BlockedBy = z.nullable(z.object({ applicationId: z.string(), status: z.enum(APPLICATION_STATUSES) }))

export const PermitSummary = z.object({
  id: z.string(),
  plate: z.string(),
  productName: z.string(),
  validUntil: z.string(),
  blockedBy: BlockedBy,
  /** Whether it may be renewed today, and from which day (YYYY-MM-DD) it may. */
  renewal: z.object({ open: z.boolean(), opensOn: z.string() }),
})

export const Application = z.object({
  id: z.string(),
  plate: z.string(),
  lotName: z.string(),
  productName: z.string(),
  period: Period,
  amountFen: z.int(),
  holderName: z.string(),
  maskedPhone: z.string(),
  status: z.enum(APPLICATION_STATUSES),
  rejectReason: z.nullable(z.string()),
  createdAt: z.int(),
  paidAt: z.nullable(z.int()),
  reviewedAt: z.nullable(z.int()),
  refundedAt: z.nullable(z.int()),
  /** 待支付 only: the order can be paid (继续支付) until then; afterwards it is closed. */
  payBefore: z.nullable(z.int()),
})

export const Payment = z.object({
  timeStamp: z.string(),
  nonceStr: z.string(),
  package: z.string(),
  signType: z.string(),
  paySign: z.string(),
})

export const ReviewItem = z.object({
  ...Application.shape,
  waitedMinutes: z.int(),
  campusCardUrl: z.nullable(z.string()),
})

export const permitContract = {
  lots: { access: anyUser, input: z.strictObject({}), output: z.object({ lots: z.array(Lot) }) },
  /** The permits of a plate at a lot, each with what blocks renewing it. */
  find: { access: anyUser, input: z.strictObject({ lotId: Id, plate: PlateInput }), output: z.object({ permits: z.array(PermitSummary) }) },
  /** What a renewal would be: product, next period, price (the server's), holder, masked phone. Refused (PERMIT_NOT_DUE) before the renewal window opens. */
  quote: {
    access: anyUser,
    input: z.strictObject({ permitId: Id, productId: Id }),
    output: z.object({ plate: z.string(), productName: z.string(), period: Period, amountFen: z.int(), holderName: z.string(), maskedPhone: z.string(), requiresCampusCard: z.boolean(),
      /** The permit's application in progress, if any (待支付 is paid again by applying; the others must finish first). */
      blockedBy: BlockedBy,
      /** The campus-card photo of this driver's last application for the permit, offered again. */
      lastCampusCard: z.nullable(z.object({ fileId: z.string(), url: z.string() })) }),
  },
  apply: {
    access: anyUser,
    input: z.strictObject({
      permitId: Id,
      productId: Id,
      campusCardFileId: z.optional(FileId),
      consent: z.literal(true, { error: '请阅读并同意线上办证知情同意书' }),
    }),
    output: z.object({ applicationId: z.string(), amountFen: z.int(), description: z.string(), payment: Payment }),
  },
  mine: { access: anyUser, input: z.strictObject({}), output: z.object({ applications: z.array(Application) }) },
  detail: { access: anyUser, input: z.strictObject({ id: Id }), output: z.object({ application: Application }) },
  requestRefund: { access: anyUser, input: z.strictObject({ id: Id }), output: z.object({ application: Application }) },
  /** 继续支付: the same order and amount again, while it is open (30 minutes). */
  pay: { access: anyUser, input: z.strictObject({ id: Id }), output: z.object({ applicationId: z.string(), amountFen: z.int(), description: z.string(), payment: Payment }) },
  /** 取消订单: gives an unpaid application up (the order is closed with WeChat Pay first). */
  cancel: { access: anyUser, input: z.strictObject({ id: Id }), output: z.object({ application: Application }) },
  // The parking office (reviewer role).
  queue: { access: staff('reviewer'), input: z.strictObject({}), output: z.object({ items: z.array(ReviewItem) }) },
  /** How many wait in the queue (for 工作台). */
  pending: { access: staff('reviewer'), input: z.strictObject({}), output: z.object({ count: z.int() }) },
  revealPhone: { access: staff('reviewer'), input: z.strictObject({ id: Id }), output: z.object({ phone: z.string() }) },
  approve: { access: staff('reviewer'), input: z.strictObject({ id: Id }), output: z.object({ application: Application }) },
  reject: {
    access: staff('reviewer'),
    input: z.strictObject({ id: Id, reason: z.string().check(z.trim(), plainText(), z.minLength(2, '请填写驳回原因'), z.maxLength(100, '驳回原因不超过 100 字')) }),
    output: z.object({ application: Application }),
  },
} satisfies FunctionContract
