// The permit collections, their documents, and the one way an application
// changes status: the state machine's transition, written as a conditional
// update on the status it was read in.
import { AppError } from '../../src/domain/errors'
import { maskPhone } from '../../src/domain/phone'
import { transition, type ApplicationEvent, type ApplicationStatus } from '../../src/domain/permit/application'
import type { Period } from '../../src/domain/permit/period'
import type { Doc } from './cloud'
import { now } from './clock'
import { collection } from './collection'

export interface ProductDoc {
  id: string
  name: string
  months: number
  priceFen: number
  requiresCampusCard: boolean
}

export interface LotDoc {
  name: string
  allowNewOnline: boolean
  offlineNotice: string
  reviewNotice: string
  consent: { title: string; body: string }
  products: ProductDoc[]
  /** Days before a permit's last valid day from which it may be renewed (default: src/domain/permit/renewal.ts). */
  renewWindowDays?: number
}

export interface PermitDoc {
  lotId: string
  plate: string
  holderName: string
  productId: string
  /** Last valid day, YYYY-MM-DD (Shanghai). */
  validUntil: string
  /** The application in progress for this permit ('' when none): one at a time. */
  activeApplication?: string
}

export interface ApplicationDoc {
  openid: string
  lotId: string
  lotName: string
  permitId: string
  plate: string
  productId: string
  productName: string
  period: Period
  amountFen: number
  phone: string
  holderName: string
  campusCardFileId: string
  consentAt: number
  status: ApplicationStatus
  createdAt: number
  paidAt: number | null
  transactionId: string
  reviewedBy: string
  reviewedAt: number | null
  rejectReason: string | null
  refundNo: string
  refundedAt: number | null
}

export const lots = collection<LotDoc>('lots')
export const permits = collection<PermitDoc>('permits')
export const applications = collection<ApplicationDoc>('applications')

export async function loadApplication(id: string): Promise<Doc<ApplicationDoc>> {
  const app = await applications.findOne({ _id: id })
  if (!app) throw new AppError('APPLICATION_NOT_FOUND')
  return app
}

/**
 * Moves an application by `event`. Refused when the table does not allow it;
 * CONFLICT when another call moved it first (the caller may re-read).
 */
export async function advance(app: Doc<ApplicationDoc>, event: ApplicationEvent, changes: Partial<ApplicationDoc> = {}) {
  const next = transition(app.status, event)
  if (!next) throw new AppError('APPLICATION_STATE', `当前状态（${app.status}）不能进行此操作`)
  const moved = await applications.update({ _id: app._id, status: app.status }, { ...changes, status: next })
  if (!moved) throw new AppError('CONFLICT')
  return { ...app, ...changes, status: next } as Doc<ApplicationDoc>
}

/** Frees the permit for a new application once this one has ended. */
export async function release(app: Doc<ApplicationDoc>) {
  await permits.update({ _id: app.permitId, activeApplication: app._id }, { activeApplication: '' })
}

/** An application as the driver and the office see it; `charge` (its payment) tells until when a 待支付 one can be paid. */
export function view(app: Doc<ApplicationDoc>, charge?: { expiresAt: number }) {
  return {
    id: app._id,
    plate: app.plate,
    lotName: app.lotName,
    productName: app.productName,
    period: app.period,
    amountFen: app.amountFen,
    holderName: app.holderName,
    maskedPhone: maskPhone(app.phone),
    status: app.status,
    rejectReason: app.rejectReason,
    createdAt: app.createdAt,
    paidAt: app.paidAt,
    reviewedAt: app.reviewedAt,
    refundedAt: app.refundedAt,
    payBefore: app.status === 'PENDING_PAYMENT' && charge ? charge.expiresAt : null,
  }
}

/** Business order number = WeChat Pay out_trade_no: P + Shanghai time + random, 22 characters. */
export function newOrderNo(): string {
  const d = new Date(now() + 8 * 3600_000)
  const p = (n: number, w = 2) => String(n).padStart(w, '0')
  const stamp = `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`
  return `P${stamp}${p(Math.floor(Math.random() * 1e7), 7)}`
}
