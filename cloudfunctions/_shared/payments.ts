// The one payment path of every domain: charges and refunds as durable
// intents (src/domain/pay/intent.ts has their state tables and timing).
//
// A domain records a charge (openCharge) before the payer sees the pay sheet,
// and a refund (requestRefund) before the provider is asked. Each is then
// driven (driveCharge / driveRefund) one step at a time: ask the provider,
// move by the table (a conditional update on the status read), tell the
// owning domain through its hooks (pay-domains.ts). A step that fails leaves
// the intent where it was with its next try scheduled; the timer-triggered
// sweep (sweepPayments) drives whatever is due, and WeChat Pay's notices only
// make it happen sooner. Nothing a notice says is believed: the provider is
// asked every time.
import { AppError } from '../../src/domain/errors'
import {
  ALERT_AFTER_MS,
  CHARGE_UNFINISHED,
  chargeTransition,
  nextChargeCheck,
  REFUND_UNFINISHED,
  refundTransition,
  retryDelayMs,
  UNPAID_TIMEOUT_MS,
  type ChargeStatus,
  type RefundStatus,
} from '../../src/domain/pay/intent'
import { _, type Doc } from './cloud'
import { now } from './clock'
import { collection } from './collection'
import { isDuplicateKey } from './db-errors'
import { closeOrder, queryOrder, queryRefund, refund, unifiedOrder, type Failed, type Payment } from './pay'
import { overdueTopups } from './card-payments'
import { hooksFor, type PayDomain } from './pay-domains'

export interface ChargeDoc {
  /** The domain whose business record this pays for, and that record's id. */
  domain: PayDomain
  ref: string
  /** The payer. */
  openid: string
  amountFen: number
  description: string
  status: ChargeStatus
  createdAt: number
  /** An unpaid order is closed by the sweep from this time on. */
  expiresAt: number
  paidAt: number | null
  transactionId: string
  /** Tries since the last move; the next one is due at nextAt. */
  attempts: number
  nextAt: number
  lastError: string
  updatedAt: number
}

export interface RefundDoc {
  domain: PayDomain
  ref: string
  outTradeNo: string
  /** What the charge took, and what goes back. */
  totalFen: number
  amountFen: number
  reason: string
  status: RefundStatus
  createdAt: number
  refundedAt: number | null
  attempts: number
  nextAt: number
  lastError: string
  updatedAt: number
}

export const charges = collection<ChargeDoc>('payments')
export const refunds = collection<RefundDoc>('refunds')

interface Intent<S> {
  status: S
  attempts: number
  nextAt: number
  lastError: string
  updatedAt: number
}

/** The two writes every intent takes: a move by its state table, and a failed try with its next time. */
function intentWrites<S extends string, E extends string, D extends Intent<S>>(store: ReturnType<typeof collection<D>>, transition: (s: S, e: E) => S | null) {
  return {
    /** Moves by the table, conditional on the status read; null when not allowed or already moved by another step. */
    async move(d: Doc<D>, event: E, changes: Partial<D> = {}): Promise<Doc<D> | null> {
      const next = transition(d.status, event)
      if (!next) return null
      const t = now()
      const set = { ...changes, status: next, attempts: 0, nextAt: t, lastError: '', updatedAt: t }
      const moved = await store.update({ _id: d._id, status: d.status }, set)
      return moved ? { ...d, ...set } : null
    },
    /** Records a try that did not finish the intent, and when to try again. */
    async retry(d: Doc<D>, error: string, nextAt: (attempts: number, t: number) => number): Promise<void> {
      const attempts = d.attempts + 1
      const t = now()
      await store.update({ _id: d._id, status: d.status }, { attempts, nextAt: nextAt(attempts, t), lastError: error, updatedAt: t })
    },
  }
}

const chargeWrites = intentWrites(charges, chargeTransition)
const refundWrites = intentWrites(refunds, refundTransition)

/** What driving an intent came to: where it is now, and whether a provider call failed on the way. */
export interface Driven<S> {
  status: S
  failed: boolean
}

// ---- charges ---------------------------------------------------------------

/** Records what the payer owes, before any order is placed. `id` becomes WeChat Pay's out_trade_no (≤ 32 characters). */
export async function openCharge(
  id: string,
  { expiresAt: until, ...c }: { domain: PayDomain; ref: string; openid: string; amountFen: number; description: string; expiresAt?: number },
): Promise<Doc<ChargeDoc>> {
  if (!Number.isInteger(c.amountFen) || c.amountFen <= 0) throw new Error(`charge ${id}: amount must be positive fen`)
  const t = now()
  // A business record may hold the payer to a shorter time (a reservation's place is held for minutes).
  const expiresAt = Math.min(until ?? Infinity, t + UNPAID_TIMEOUT_MS)
  const doc: ChargeDoc = {
    ...c,
    status: 'OPEN',
    createdAt: t,
    expiresAt,
    paidAt: null,
    transactionId: '',
    attempts: 0,
    nextAt: nextChargeCheck(t, 0, expiresAt),
    lastError: '',
    updatedAt: t,
  }
  await charges.insert(id, doc)
  return { ...doc, _id: id }
}

export async function loadCharge(id: string): Promise<Doc<ChargeDoc> | undefined> {
  return charges.findOne({ _id: id })
}

/**
 * The payer's requestPayment parameters: places the order with WeChat Pay
 * (the same number gives the same order). When a new charge cannot be placed
 * at all, it is given up at once, so the business record is freed.
 */
export async function checkout(charge: Doc<ChargeDoc>, opts: { fresh: boolean }): Promise<Payment> {
  if (charge.status !== 'OPEN' || now() >= charge.expiresAt) throw new AppError('PAY_ORDER_FAILED', '订单已超时关闭，请重新下单')
  try {
    return await unifiedOrder(charge._id, charge.description, charge.amountFen)
  } catch (e) {
    if (opts.fresh) {
      // The payer never received pay parameters, so nothing can have been paid:
      // close it now (should a payment still be confirmed later, the table takes it).
      await settleClosed(charge).catch((err) => console.error('[payments] giving up an unplaced order failed; the sweep retries', charge._id, err))
    }
    throw e
  }
}

const moveCharge = chargeWrites.move

/** Records a try that did not finish the charge; an open one is looked at again no later than its expiry. */
const retryCharge = (c: Doc<ChargeDoc>, error: string) =>
  chargeWrites.retry(c, error, (attempts, t) => (c.status === 'OPEN' ? nextChargeCheck(t, attempts, c.expiresAt) : t + retryDelayMs(attempts)))

const failure = (f: Failed) => `${f.code}${f.message ? `: ${f.message}` : ''}`.slice(0, 200)

async function settleClosed(c: Doc<ChargeDoc>): Promise<Doc<ChargeDoc> | null> {
  const closed = c.status === 'OPEN' ? await moveCharge(c, 'CONFIRMED_CLOSED') : c
  if (!closed || closed.status !== 'CLOSED') return null
  await hooksFor(closed.domain).closed(closed)
  return moveCharge(closed, 'APPLIED')
}

/**
 * One pass over a charge: confirm its state with WeChat Pay and take every
 * move that follows. Safe to run twice at once: each move is conditional and
 * each hook is idempotent.
 */
export async function driveCharge(id: string): Promise<Driven<ChargeStatus> | null> {
  let c = await loadCharge(id)
  if (!c) return null
  try {
    if (c.status !== 'PAID') {
      const q = await queryOrder(c._id)
      if (!q.ok) {
        await retryCharge(c, failure(q))
        return { status: c.status, failed: true }
      }
      if (q.state === 'SUCCESS' || q.state === 'REFUND') {
        if (q.totalFee !== c.amountFen) {
          await retryCharge(c, `金额不符：微信支付 ${q.totalFee} 分，订单 ${c.amountFen} 分`)
          return { status: c.status, failed: true }
        }
        const paid = await moveCharge(c, 'CONFIRMED_PAID', { paidAt: now(), transactionId: q.transactionId })
        c = paid ?? (await loadCharge(id))!
      } else if (c.status === 'OPEN') {
        const gone = q.state === 'CLOSED' || q.state === 'REVOKED' || q.state === 'NOTEXIST'
        if (!gone && now() < c.expiresAt) {
          // Still waiting for the payer: look again later (a look ahead of time, e.g. for a notice, keeps the schedule).
          if (c.nextAt <= now()) await retryCharge(c, '')
          return { status: c.status, failed: false }
        }
        if (!gone) {
          const closed = await closeOrder(c._id)
          if (!closed.ok) {
            // A refused close may mean the payer just paid: the next pass queries again.
            await retryCharge(c, failure(closed))
            return { status: c.status, failed: true }
          }
        }
        c = (await settleClosed(c)) ?? (await loadCharge(id))!
      } else if (c.status === 'CLOSED') {
        c = (await settleClosed(c)) ?? (await loadCharge(id))!
      }
    }
    if (c.status === 'PAID') {
      await hooksFor(c.domain).paid(c)
      c = (await moveCharge(c, 'APPLIED')) ?? (await loadCharge(id))!
    }
    return { status: c.status, failed: false }
  } catch (e) {
    console.error('[payments] charge step failed', id, e)
    const current = await loadCharge(id)
    if (current) await retryCharge(current, (e as Error)?.message ?? String(e))
    return { status: current?.status ?? c.status, failed: true }
  }
}

/**
 * The payer gives an unpaid order up (取消订单): it expires now and is driven
 * at once, so it is closed with WeChat Pay before the domain is told. If the
 * payer had in fact just paid, the same step finds the payment instead.
 */
export async function expireCharge(id: string): Promise<Driven<ChargeStatus> | null> {
  const t = now()
  await charges.update({ _id: id, status: 'OPEN', expiresAt: _.gt(t) }, { expiresAt: t, nextAt: t, updatedAt: t })
  return driveCharge(id)
}

// ---- refunds ---------------------------------------------------------------

/**
 * Records a refund that is due (idempotent by `outRefundNo`: asking twice
 * records one). Only a paid charge can be refunded, and never more than it took.
 */
export async function requestRefund(charge: Doc<ChargeDoc>, outRefundNo: string, amountFen: number, reason: string): Promise<Doc<RefundDoc>> {
  if (charge.status !== 'PAID' && charge.status !== 'SETTLED') throw new AppError('APPLICATION_STATE', '该订单尚未支付，不能退款')
  if (!Number.isInteger(amountFen) || amountFen <= 0 || amountFen > charge.amountFen) throw new Error(`refund ${outRefundNo}: bad amount ${amountFen}`)
  const t = now()
  const doc: RefundDoc = {
    domain: charge.domain,
    ref: charge.ref,
    outTradeNo: charge._id,
    totalFen: charge.amountFen,
    amountFen,
    reason,
    status: 'DUE',
    createdAt: t,
    refundedAt: null,
    attempts: 0,
    nextAt: t,
    lastError: '',
    updatedAt: t,
  }
  try {
    await refunds.insert(outRefundNo, doc)
  } catch (e) {
    if (!isDuplicateKey(e)) throw e
    const existing = (await refunds.findOne({ _id: outRefundNo }))!
    if (existing.outTradeNo !== charge._id || existing.amountFen !== amountFen) throw new Error(`refund ${outRefundNo} exists with other terms`)
    return existing
  }
  return { ...doc, _id: outRefundNo }
}

const moveRefund = refundWrites.move
const retryRefund = (r: Doc<RefundDoc>, error: string) => refundWrites.retry(r, error, (attempts, t) => t + retryDelayMs(attempts))

export async function loadRefund(id: string): Promise<Doc<RefundDoc> | undefined> {
  return refunds.findOne({ _id: id })
}

/** One pass over a refund: ask for it, confirm it with queryRefund, then tell the domain. */
export async function driveRefund(id: string): Promise<Driven<RefundStatus> | null> {
  let r = await loadRefund(id)
  if (!r) return null
  try {
    if (r.status === 'DUE') {
      const asked = await refund(r.outTradeNo, r._id, r.totalFen, r.amountFen)
      if (!asked.ok) {
        await retryRefund(r, failure(asked))
        return { status: r.status, failed: true }
      }
      r = (await moveRefund(r, 'ACCEPTED')) ?? (await loadRefund(id))!
    }
    if (r.status === 'PROCESSING') {
      const q = await queryRefund(r._id)
      if (!q.ok) {
        await retryRefund(r, failure(q))
        return { status: r.status, failed: true }
      }
      if (q.state === 'SUCCESS') r = (await moveRefund(r, 'CONFIRMED_SUCCESS', { refundedAt: now() })) ?? (await loadRefund(id))!
      else if (q.state === 'REFUNDCLOSE' || q.state === 'CHANGE') r = (await moveRefund(r, 'CONFIRMED_FAILED', { lastError: `微信支付退款状态：${q.state}` })) ?? (await loadRefund(id))!
      else {
        // PROCESSING, or unknown to the provider (asking again with the same number is the same refund).
        if (q.state === 'NOTEXIST') await refund(r.outTradeNo, r._id, r.totalFen, r.amountFen)
        // A look ahead of time (a notice, forged or early) keeps the schedule.
        if (r.nextAt <= now()) await retryRefund(r, q.state === 'NOTEXIST' ? '微信支付查无此退款，已重新发起' : '')
        return { status: r.status, failed: false }
      }
    }
    if (r.status === 'SUCCEEDED') {
      await hooksFor(r.domain).refunded(r)
      r = (await moveRefund(r, 'APPLIED')) ?? (await loadRefund(id))!
    }
    return { status: r.status, failed: false }
  } catch (e) {
    console.error('[payments] refund step failed', id, e)
    const current = await loadRefund(id)
    if (current) await retryRefund(current, (e as Error)?.message ?? String(e))
    return { status: current?.status ?? r.status, failed: true }
  }
}

// ---- the sweep and the notices ----------------------------------------------

/** Drives every charge and refund whose next try is due. */
export async function sweepPayments(limit = 50): Promise<{ charges: number; refunds: number; failed: number }> {
  const t = now()
  const [dueCharges, dueRefunds] = await Promise.all([
    charges.find({ status: _.in([...CHARGE_UNFINISHED]), nextAt: _.lte(t) }, { orderBy: ['nextAt', 'asc'], limit }),
    refunds.find({ status: _.in([...REFUND_UNFINISHED]), nextAt: _.lte(t) }, { orderBy: ['nextAt', 'asc'], limit }),
  ])
  let failed = 0
  for (const c of dueCharges) if ((await driveCharge(c._id))?.failed) failed++
  for (const r of dueRefunds) if ((await driveRefund(r._id))?.failed) failed++
  return { charges: dueCharges.length, refunds: dueRefunds.length, failed }
}

export interface PayNotice {
  outTradeNo?: unknown
  outRefundNo?: unknown
}

const OK = { errcode: 0, errmsg: 'OK' }
const RETRY = { errcode: 1, errmsg: 'retry later' }

/**
 * A WeChat Pay notice (payment or refund), from WeChat or from anyone: it
 * names an intent, which is driven now. WeChat is asked to retry only when
 * the provider could not be asked; the sweep retries regardless.
 */
export async function onNotice(event: PayNotice): Promise<{ errcode: number; errmsg: string }> {
  const refundNo = typeof event?.outRefundNo === 'string' ? event.outRefundNo : ''
  const tradeNo = typeof event?.outTradeNo === 'string' ? event.outTradeNo : ''
  if (refundNo && refundNo.length <= 64) {
    const driven = await driveRefund(refundNo)
    return driven?.failed ? RETRY : OK
  }
  if (tradeNo && tradeNo.length <= 32) {
    const driven = await driveCharge(tradeNo)
    return driven?.failed ? RETRY : OK
  }
  return OK // nothing of ours: stop the retries
}

/**
 * Intents unfinished past the alert deadline, or failed for good: what staff
 * must look at. Also the charges of campus-card top-ups paid but still not
 * credited past their deadline (card-payments.ts overdueTopups): the charge
 * is settled, the money is not where it belongs, so they are listed as
 * 已支付待入账 (PAID) with the platform's last answer.
 */
export async function overdue(limit = 100) {
  const before = now() - ALERT_AFTER_MS
  const [c, r, failedRefunds, stuckTopups] = await Promise.all([
    charges.find({ status: _.in([...CHARGE_UNFINISHED]), createdAt: _.lte(before) }, { orderBy: ['createdAt', 'asc'], limit }),
    refunds.find({ status: _.in([...REFUND_UNFINISHED]), createdAt: _.lte(before) }, { orderBy: ['createdAt', 'asc'], limit }),
    refunds.find({ status: 'FAILED' }, { orderBy: ['createdAt', 'asc'], limit }),
    overdueTopups(limit),
  ])
  const listed = new Set(c.map((x) => x._id))
  const stuck = stuckTopups.filter((t) => !listed.has(t._id))
  const stuckCharges = stuck.length ? await charges.find({ _id: _.in(stuck.map((t) => t._id)) }, { limit: stuck.length }) : []
  const topupOf = new Map(stuck.map((t) => [t._id, t]))
  const notCredited = stuckCharges.map((ch) => {
    const t = topupOf.get(ch._id)!
    return { ...ch, status: 'PAID' as ChargeStatus, attempts: t.attempts, nextAt: t.nextAt, lastError: `校园卡未入账：${t.lastError || '等待重试'}` }
  })
  return { charges: [...c, ...notCredited], refunds: [...failedRefunds, ...r] }
}
