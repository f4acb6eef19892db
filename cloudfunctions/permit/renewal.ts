// The driver's side of permit renewal (seed 000 §一): lots, the plate's
// permits, the quote, applying and paying, records, and the refund after a
// rejection.
import { AppError } from '../../src/domain/errors'
import { nextPeriod } from '../../src/domain/permit/period'
import { notYetRenewable, renewalWindow, windowDaysOf } from '../../src/domain/permit/renewal'
import { maskPhone } from '../../src/domain/phone'
import { formatPlate } from '../../src/domain/plate'
import type { Caller } from '../_shared/auth'
import { _, type Doc } from '../_shared/cloud'
import { tempUrl } from '../_shared/storage'
import { now } from '../_shared/clock'
import { charges, checkout, driveCharge, driveRefund, expireCharge, loadCharge, openCharge } from '../_shared/payments'
import { refundApplication } from '../_shared/permit-payments'
import { users } from '../_shared/users'
import { BLOCKS_NEW_APPLICATION } from '../../src/domain/permit/application'
import { advance, applications, lots, newOrderNo, permits, view, type ApplicationDoc, type LotDoc, type PermitDoc } from '../_shared/permit-records'

export async function listLots() {
  const docs = await lots.find({}, { limit: 100 })
  // Only lots that sell permits: a lot may exist for parking alone (the seeded garage has no products).
  const selling = docs.filter((lot) => Array.isArray(lot.products) && lot.products.length > 0)
  return { lots: selling.map(({ _id, ...lot }) => ({ id: _id, ...lot, renewWindowDays: windowDaysOf(lot) })) }
}

/** The renewal window of a permit at its lot, today (the authority: quote and apply refuse outside it). */
const windowOf = (permit: PermitDoc, lot: LotDoc) => renewalWindow(permit.validUntil, windowDaysOf(lot), now())

function requireRenewable(permit: PermitDoc, lot: LotDoc) {
  const w = windowOf(permit, lot)
  if (!w.open) throw new AppError('PERMIT_NOT_DUE', notYetRenewable(permit.validUntil, w.opensOn), { opensOn: w.opensOn })
}

const blockedByOf = (active: Doc<ApplicationDoc> | null) => (active ? { applicationId: active._id, status: active.status } : null)

async function lotAndProduct(lotId: string, productId: string) {
  const lot = await lots.findOne({ _id: lotId })
  if (!lot) throw new AppError('LOT_NOT_FOUND')
  const product = lot.products.find((p) => p.id === productId)
  if (!product) throw new AppError('PRODUCT_NOT_FOUND')
  return { lot, product }
}

async function loadPermit(id: string): Promise<Doc<PermitDoc>> {
  const permit = await permits.findOne({ _id: id })
  if (!permit) throw new AppError('PERMIT_NOT_FOUND')
  return permit
}

/** The application holding the permit, if it still blocks a new one. (Unpaid orders are closed by the sweep.) */
async function activeOf(permit: Doc<PermitDoc>): Promise<Doc<ApplicationDoc> | null> {
  if (!permit.activeApplication) return null
  const app = await applications.findOne({ _id: permit.activeApplication })
  return app && BLOCKS_NEW_APPLICATION.includes(app.status) ? app : null
}

export async function find({ lotId, plate }: { lotId: string; plate: string }) {
  const list = await permits.find({ lotId, plate }, { limit: 20 })
  const lot = await lots.findOne({ _id: lotId })
  if (!lot) throw new AppError('LOT_NOT_FOUND')
  return {
    permits: await Promise.all(
      list.map(async (p) => {
        const active = await activeOf(p)
        return {
          id: p._id,
          plate: p.plate,
          productName: lot.products.find((x) => x.id === p.productId)?.name ?? '',
          validUntil: p.validUntil,
          blockedBy: blockedByOf(active),
          renewal: windowOf(p, lot),
        }
      }),
    ),
  }
}

async function verifiedPhone(openid: string): Promise<string> {
  const user = await users.findOne({ openid }) // reading creates no user document
  const days = Number(process.env.PHONE_REMEMBER_DAYS) || 180
  if (!user?.verifiedPhone || !user.phoneVerifiedAt || now() - user.phoneVerifiedAt > days * 86400_000) throw new AppError('PHONE_NOT_VERIFIED')
  return user.verifiedPhone
}

export async function quote({ permitId, productId }: { permitId: string; productId: string }, caller: Caller) {
  const phone = await verifiedPhone(caller.openid)
  const permit = await loadPermit(permitId)
  const { lot, product } = await lotAndProduct(permit.lotId, productId)
  const active = await activeOf(permit)
  // An application in progress is shown as it is; otherwise the window decides.
  if (!active) requireRenewable(permit, lot)
  const [last] = await applications.find({ openid: caller.openid, permitId, campusCardFileId: _.neq('') }, { orderBy: ['createdAt', 'desc'], limit: 1 })
  const lastUrl = last ? await tempUrl(last.campusCardFileId) : null
  return {
    lastCampusCard: last && lastUrl ? { fileId: last.campusCardFileId, url: lastUrl } : null,
    plate: permit.plate,
    productName: product.name,
    period: nextPeriod(permit.validUntil, product.months, now()),
    amountFen: product.priceFen,
    holderName: permit.holderName,
    maskedPhone: maskPhone(phone),
    requiresCampusCard: product.requiresCampusCard,
    blockedBy: blockedByOf(active),
  }
}

export async function apply(
  input: { permitId: string; productId: string; campusCardFileId?: string; consent: true },
  caller: Caller,
) {
  const phone = await verifiedPhone(caller.openid)
  const permit = await loadPermit(input.permitId)
  const { lot, product } = await lotAndProduct(permit.lotId, input.productId)
  if (product.requiresCampusCard && !input.campusCardFileId) throw new AppError('CAMPUS_CARD_REQUIRED')
  const description = `${lot.name}车证续费 ${formatPlate(permit.plate)}`

  let active = await activeOf(permit)
  if (active?.status === 'PENDING_PAYMENT' && active.openid === caller.openid) {
    // The same driver coming back to an unpaid order pays that order again, while it is open;
    // one past its time is closed now rather than at the sweep's next run.
    const charge = await loadCharge(active._id)
    if (charge && charge.status === 'OPEN' && now() < charge.expiresAt) {
      const payment = await checkout(charge, { fresh: false })
      return { applicationId: active._id, amountFen: active.amountFen, description, payment }
    }
    await driveCharge(active._id)
    active = await activeOf(permit)
  }
  if (active) throw new AppError(active.status === 'REJECTED' || active.status === 'REFUNDING' ? 'PERMIT_BLOCKED_REFUND_FIRST' : 'PERMIT_BLOCKED_IN_PROGRESS')
  requireRenewable(permit, lot)

  const id = newOrderNo()
  // One application per permit at a time: the permit points at it, taken by a conditional update
  // on the pointer as read (empty, missing — null matches that — or naming an application that ended),
  // and on the validity as read: a renewal approved meanwhile has moved it, and the period computed
  // from the old one would be paid for twice.
  const free = ['', null, ...(permit.activeApplication ? [permit.activeApplication] : [])]
  const taken = await permits.update({ _id: permit._id, activeApplication: _.in(free), validUntil: permit.validUntil }, { activeApplication: id })
  if (!taken) throw new AppError((await loadPermit(permit._id)).validUntil === permit.validUntil ? 'PERMIT_BLOCKED_IN_PROGRESS' : 'CONFLICT')

  const t = now()
  await applications.insert(id, {
    openid: caller.openid,
    lotId: permit.lotId,
    lotName: lot.name,
    permitId: permit._id,
    plate: permit.plate,
    productId: product.id,
    productName: product.name,
    period: nextPeriod(permit.validUntil, product.months, t),
    amountFen: product.priceFen,
    phone,
    holderName: permit.holderName,
    campusCardFileId: input.campusCardFileId ?? '',
    consentAt: t,
    status: 'PENDING_PAYMENT',
    createdAt: t,
    paidAt: null,
    transactionId: '',
    reviewedBy: '',
    reviewedAt: null,
    rejectReason: null,
    refundNo: '',
    refundedAt: null,
  })
  // What the driver owes is recorded before the order is placed; if it cannot be placed, checkout gives it up.
  const charge = await openCharge(id, { domain: 'permit', ref: id, openid: caller.openid, amountFen: product.priceFen, description })
  const payment = await checkout(charge, { fresh: true })
  return { applicationId: id, amountFen: product.priceFen, description, payment }
}

export async function mine(_input: unknown, caller: Caller) {
  const list = await applications.find({ openid: caller.openid }, { orderBy: ['createdAt', 'desc'], limit: 50 })
  // One read for the orders of the unpaid ones: until when each can be paid.
  const unpaid = list.filter((a) => a.status === 'PENDING_PAYMENT').map((a) => a._id)
  const orders = unpaid.length ? await charges.find({ _id: _.in(unpaid) }) : []
  return { applications: list.map((a) => view(a, orders.find((c) => c._id === a._id))) }
}

async function own(id: string, caller: Caller) {
  const app = await applications.findOne({ _id: id, openid: caller.openid })
  if (!app) throw new AppError('APPLICATION_NOT_FOUND')
  return app
}

export async function detail({ id }: { id: string }, caller: Caller) {
  const app = await own(id, caller)
  return { application: view(app, app.status === 'PENDING_PAYMENT' ? await loadCharge(app._id) : undefined) }
}

/**
 * 申请退款 → 确认退款: only after a rejection. The refund (exactly what was
 * paid, under a stable number) is recorded first, then asked for; if WeChat
 * Pay cannot take it now, the application still shows 退款中 and the sweep
 * asks again until it is done. Asking again while 退款中 tries again at once.
 */
export async function requestRefund({ id }: { id: string }, caller: Caller) {
  let app = await own(id, caller)
  if (app.status !== 'REJECTED' && app.status !== 'REFUNDING') throw new AppError('APPLICATION_STATE', '只有审核失败的申请可以退款')
  const charge = await loadCharge(app._id)
  if (!charge) throw new AppError('APPLICATION_STATE', '未找到该申请的支付记录')
  const r = await refundApplication(charge)
  if (app.status === 'REJECTED') app = await advance(app, 'REQUEST_REFUND', { refundNo: r._id })
  await driveRefund(r._id)
  return { application: view((await applications.findOne({ _id: app._id })) ?? app) }
}

/** 继续支付: the driver's own unpaid application, paid with the same order (same number, same amount) while it is open. */
export async function pay({ id }: { id: string }, caller: Caller) {
  const app = await own(id, caller)
  const charge = app.status === 'PENDING_PAYMENT' ? await loadCharge(app._id) : undefined
  if (!charge) throw new AppError('APPLICATION_STATE', '该申请无需支付')
  if (charge.status !== 'OPEN' || now() >= charge.expiresAt) {
    await driveCharge(charge._id) // closes an expired order now rather than at the sweep's next run
    throw new AppError('APPLICATION_STATE', '订单已超时关闭，请重新办理')
  }
  const payment = await checkout(charge, { fresh: false })
  return { applicationId: app._id, amountFen: app.amountFen, description: charge.description, payment }
}

/** 取消订单: the driver gives their unpaid application up; it ends 已取消 once WeChat Pay has closed the order. */
export async function cancel({ id }: { id: string }, caller: Caller) {
  const app = await own(id, caller)
  if (app.status !== 'PENDING_PAYMENT') throw new AppError('APPLICATION_STATE', '只有待支付的申请可以取消')
  const driven = await expireCharge(app._id)
  const current = (await applications.findOne({ _id: app._id }))!
  if (current.status === 'PENDING_PAYMENT') {
    // WeChat Pay could not be reached: the order stays due for closing, the sweep finishes it.
    throw new AppError('APPLICATION_STATE', driven?.failed ? '暂时无法取消，请稍后重试' : '订单正在关闭，请稍后刷新')
  }
  if (current.status !== 'CANCELLED') throw new AppError('APPLICATION_STATE', '该订单已支付，无法取消')
  return { application: view(current) }
}
