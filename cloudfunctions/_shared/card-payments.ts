// A campus-card top-up's records and money (issue 14): the 'card' domain's
// hooks on the one payment path (payments.ts), the transfer to the card
// platform (campus-card.ts), the sweep that retries it, the refund of a
// top-up that cannot be credited, and 已领取 learned from the platform.
//
// A top-up (`card_topups`, `_id` = our order number, which is also the
// WeChat Pay out_trade_no and the platform transfer's serial) is written
// before its charge, and moves only by src/domain/card/topup.ts, each move an
// update conditional on the status it was read in.
//
// Decisions:
// - The `paid` hook moves 待支付 → 待入账 and transfers at once by our
//   order number; the platform refuses a repeated serial (DUPLICATE_SERIAL),
//   which campus-card.ts answers as success, so a duplicate, late or
//   replayed notice — or the sweep and a notice at once — credit once. Only
//   the step whose move to 待圈存 wins sends the SMS.
// - A transfer is tried only by the step that claims it: a conditional
//   update, on the `nextAt` it read and only once that is due, pushes
//   `nextAt` a lease ahead (LEASE_MS) BEFORE the platform is called. A second
//   step — the sweep twice, a notice and the sweep — finds it not due and
//   leaves it; a step that dies mid-call leaves it to the sweep once the
//   lease ends. Giving up happens only under that lease.
// - An outage or a refusal leaves the top-up 待入账 with its next try
//   (1, 2, 4 … 60 minutes: intent.ts retryDelayMs) and the platform's last
//   answer; the sweep transfers whatever is due. The hook never fails for
//   the platform, so the charge settles and the top-up carries its own retry.
// - Giving up (topup.ts mayGiveUp): only after the configured deadline and
//   with a lasting refusal as the last answer; the platform is asked once
//   more whether it holds our serial (card.transfer.query) — held for this
//   card and amount means credited, unknown means keep trying — and only
//   "not held" moves it to 退款中 with its refund number `R<order>` in the
//   same write. Held for another card or amount (a serial conflict: a bug
//   or someone else's transfer under our serial) is neither: the money never
//   reached this card, and a refund would hide what happened, so it stays
//   待入账, logged `[card] SERIAL_CONFLICT` and listed in 支付异常 (below).
// - A transfer the platform confirms for a top-up already 退款中 / 已退款 (a
//   step whose lease ran out) is logged `[card] CREDITED_AFTER_REFUND`, and
//   the day's reconciliation lists it as 已入账又已退款.
// - A top-up still 待入账 past the credit deadline (the platform unreachable
//   for days, a serial conflict, a refusal that never became lasting) is in
//   工作台 → 支付异常 with its charge (overdueTopups, read by payments.ts
//   overdue), as 已支付待入账 with the platform's last answer. The refund
//   is then recorded (idempotent by that number) and driven; the sweep
//   records one a crash left unrecorded. 退款中 is never credited again.
// - A payment confirmed for a top-up already 已关闭 goes to 退款中 the same
//   way (refunded in full, once).
// - 已领取 is learned on read (the holder's 主界面 and 充值记录 read the
//   account anyway), not by the sweep: it is a label only — money is the same
//   whether claimed or not — and polling every credited card each minute
//   would cost the platform calls for nothing. A claim takes the whole
//   pending balance, so walking a card's 待圈存 top-ups newest first, those
//   that still fit in the platform's pending are unclaimed and every older
//   one was claimed; pending held from other channels (Alipay) can only
//   delay a 已领取, never mark one early.
import { randomInt } from 'node:crypto'
import { DEFAULT_TOPUP_LIMITS, type TopupLimits } from '../../src/domain/card/amount'
import { bindLimitsOf, DEFAULT_BIND_LIMITS, type BindLimits } from '../../src/domain/card/binding'
import { DEFAULT_KIOSK_PLACES, type CardKind } from '../../src/domain/card/platform'
import { DEFAULT_CREDIT_DEADLINE_MS, mayGiveUp, transition, type LastAnswer, type TopupEvent, type TopupStatus } from '../../src/domain/card/topup'
import { formatYuan } from '../../src/domain/money'
import { LEASE_MS, retryDelayMs } from '../../src/domain/pay/intent'
import { shanghai } from '../../src/domain/time'
import { transfer, transferStatus, type HeldTransfer } from './campus-card'
import { _, type Doc } from './cloud'
import { now } from './clock'
import { collection } from './collection'
import type { PayDomainHooks } from './pay-domains'
import { driveRefund, loadCharge, requestRefund } from './payments'
import { sendSms } from './sms'

const MINUTE = 60_000

export interface TopupDoc {
  /** The payer. */
  openid: string
  /** The payer's bound card (else another's, 充值 他人). */
  mine: boolean
  school: string
  cardNo: string
  /** The holder's name as the platform confirmed it. */
  holderName: string
  kind: CardKind
  amountFen: number
  /** 短信通知 phone, or ''. */
  phone: string
  status: TopupStatus
  createdAt: number
  paidAt: number | null
  transactionId: string
  creditedAt: number | null
  platformSerial: string
  /** When the platform booked the transfer (its clock). */
  platformAt: number | null
  claimedAt: number | null
  closedAt: number | null
  refundNo: string | null
  refundReason: string
  refundAskedAt: number | null
  refundedAt: number | null
  /** Transfers tried since payment without a credit; the next is due at nextAt. */
  attempts: number
  nextAt: number
  /** While a step holds the top-up (its transfer in flight): until when; null otherwise. */
  leaseUntil?: number | null
  lastAnswer: LastAnswer
  lastError: string
  updatedAt: number
}

export interface CardBindingDoc {
  cardNo: string
  name: string
  kind: CardKind
  boundAt: number
  /** Its place among the card's proofs (holder.ts): the newest binding of a card stays; absent in bindings older than the rule (0). */
  boundSeq?: number
}

export interface RememberedCardDoc {
  openid: string
  school: string
  cardNo: string
  name: string
  kind: CardKind
  lastAt: number
}

/** The office's settings (`settings` document `card`); defaults when absent. */
export interface CardSettings {
  /** Schools whose cards we top up (our campus). */
  schools: string[]
  kiosks: string[]
  limits: TopupLimits
  bindLimits: BindLimits
  /** A paid top-up the platform lastingly refuses is refunded after this long. */
  creditDeadlineMinutes: number
}

export const DEFAULT_CARD_SETTINGS: CardSettings = {
  schools: ['北京大学医学部'],
  kiosks: [...DEFAULT_KIOSK_PLACES],
  limits: DEFAULT_TOPUP_LIMITS,
  bindLimits: DEFAULT_BIND_LIMITS,
  creditDeadlineMinutes: DEFAULT_CREDIT_DEADLINE_MS / MINUTE,
}

export const topups = collection<TopupDoc>('card_topups')
export const cardBindings = collection<CardBindingDoc>('card_bindings')
export const rememberedCards = collection<RememberedCardDoc>('card_cards')
const settingsDocs = collection<{ settings?: Partial<CardSettings> }>('settings')

export async function loadCardSettings(): Promise<CardSettings> {
  const d = await settingsDocs.findOne({ _id: 'card' })
  const s = d?.settings ?? {}
  return {
    schools: Array.isArray(s.schools) && s.schools.length ? s.schools : DEFAULT_CARD_SETTINGS.schools,
    kiosks: Array.isArray(s.kiosks) && s.kiosks.length ? s.kiosks : DEFAULT_CARD_SETTINGS.kiosks,
    limits: s.limits ?? DEFAULT_CARD_SETTINGS.limits,
    bindLimits: bindLimitsOf(s.bindLimits),
    creditDeadlineMinutes: typeof s.creditDeadlineMinutes === 'number' && s.creditDeadlineMinutes > 0 ? s.creditDeadlineMinutes : DEFAULT_CARD_SETTINGS.creditDeadlineMinutes,
  }
}

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

/** C + Shanghai time + 8 random characters (40 bits): 23 characters, within WeChat Pay's 32 and the platform's serial shape. */
export function newTopupNo(at: number): string {
  const random = Array.from({ length: 8 }, () => ALPHABET[randomInt(0, ALPHABET.length)]).join('')
  return `C${shanghai(at).format('YYYYMMDDHHmmss')}${random}`
}

export const topupRefundNoOf = (id: string) => `R${id}`
export const rememberedIdOf = (openid: string, cardNo: string) => `${openid}:${cardNo}`

/**
 * Moves by the table, conditional on the status read (and on `also`, e.g. a
 * held lease); the moved document, or null when not allowed or moved first
 * by another step.
 */
export async function moveTopup(t: Doc<TopupDoc>, event: TopupEvent, changes: Partial<TopupDoc> = {}, also: Partial<TopupDoc> = {}): Promise<Doc<TopupDoc> | null> {
  const next = transition(t.status, event)
  if (!next) return null
  const at = now()
  const set = { ...changes, status: next, updatedAt: at }
  const moved = await topups.update({ ...also, _id: t._id, status: t.status }, set)
  return moved === 1 ? { ...t, ...set } : null
}

const reload = async (id: string) => (await topups.findOne({ _id: id }))!

const tail = (cardNo: string) => (cardNo.length > 4 ? cardNo.slice(-4) : cardNo)

async function sms(phone: string, template: 'cardCredited' | 'cardRefunded', params: string[]) {
  if (!phone) return
  try {
    await sendSms(phone, template, params)
  } catch (e) {
    console.error('[card] SMS not sent', (e as Error).message)
  }
}

/** Moves a 待入账 top-up to 待圈存 for the transfer the platform holds; only the winning step sends the SMS. */
async function credited(t: Doc<TopupDoc>, held: Pick<HeldTransfer, 'platformSerial' | 'at'>): Promise<Doc<TopupDoc>> {
  const moved = await moveTopup(t, 'CREDIT', { creditedAt: now(), platformSerial: held.platformSerial, platformAt: held.at, lastError: '' })
  if (!moved) {
    const current = await reload(t._id)
    if (current.status === 'REFUNDING' || current.status === 'REFUNDED') {
      console.error('[card] CREDITED_AFTER_REFUND: the platform holds a transfer of a top-up given up and refunded', t._id, current.status, held.platformSerial)
    }
    return current
  }
  await sms(moved.phone, 'cardCredited', [tail(moved.cardNo), formatYuan(moved.amountFen)])
  return moved
}

/** The platform holds our serial for this top-up's card and amount (else a serial conflict). */
const sameTransfer = (t: Doc<TopupDoc>, h: Pick<HeldTransfer, 'cardNo' | 'amountFen'>) => h.cardNo === t.cardNo && h.amountFen === t.amountFen

/** Records the refund a 退款中 top-up owes (idempotent by its number) and drives it. */
export async function askTopupRefund(t: Doc<TopupDoc>): Promise<void> {
  if (t.status !== 'REFUNDING' || !t.refundNo) return
  const charge = await loadCharge(t._id)
  if (!charge) throw new Error(`top-up ${t._id}: charge not found for its refund`)
  const refund = await requestRefund(charge, t.refundNo, t.amountFen, t.refundReason || '校园卡充值退款')
  await topups.update({ _id: t._id, refundAskedAt: null }, { refundAskedAt: now() })
  await driveRefund(refund._id)
}

/**
 * One transfer attempt for a 待入账 top-up: credited (or already held: the
 * same), or its last answer and next try recorded; given up and refunded
 * when the deadline has passed on a lasting refusal. Never throws for the
 * platform. Answers the top-up as it now stands.
 */
export async function creditTopup(t: Doc<TopupDoc>, settings?: CardSettings): Promise<Doc<TopupDoc>> {
  if (t.status !== 'PAID') return t
  // Claimed first (see the decisions): not due means another step holds it, or its retry is not yet due.
  const claimedAt = now()
  if (t.nextAt > claimedAt) return t
  const lease = claimedAt + LEASE_MS
  if ((await topups.update({ _id: t._id, status: 'PAID', nextAt: t.nextAt }, { nextAt: lease, leaseUntil: lease, updatedAt: claimedAt })) !== 1) return reload(t._id)
  const mine = { ...t, nextAt: lease }
  const answer = await transfer({ cardNo: t.cardNo, amountFen: t.amountFen, serialNo: t._id, name: t.holderName })
  if (answer.status === 'ok') return credited(mine, answer.value)
  const at = now()
  const lastAnswer: LastAnswer = answer.status === 'refused' ? { status: 'refused', code: answer.code } : { status: 'unavailable' }
  const attempts = t.attempts + 1
  const failed = { attempts, nextAt: at + retryDelayMs(attempts - 1), leaseUntil: null, lastAnswer, lastError: answer.message, updatedAt: at }
  const s = settings ?? (await loadCardSettings())
  if (t.paidAt !== null && mayGiveUp({ paidAt: t.paidAt, now: at, deadlineMs: s.creditDeadlineMinutes * MINUTE, lastAnswer })) {
    return giveUp(mine, failed, answer.message)
  }
  await topups.update({ _id: t._id, status: 'PAID', nextAt: lease }, failed)
  return reload(t._id)
}

/** Under the lease `t.nextAt`: refunds a top-up the platform does not hold; `failed` is its next try otherwise. */
async function giveUp(t: Doc<TopupDoc>, failed: Partial<TopupDoc>, why: string): Promise<Doc<TopupDoc>> {
  const release = async (changes: Partial<TopupDoc> = {}) => {
    await topups.update({ _id: t._id, status: 'PAID', nextAt: t.nextAt }, { ...failed, ...changes })
    return reload(t._id)
  }
  // The platform may hold the serial after all (an answer lost earlier): then it is credited, not refunded.
  const held = await transferStatus(t._id)
  if (held.status !== 'ok') return release()
  if (held.value.found) {
    const h = held.value.transfer
    if (sameTransfer(t, h)) return credited(t, h)
    console.error('[card] SERIAL_CONFLICT: the platform holds our serial for another card or amount; neither credited nor refunded', t._id, { ours: [t.cardNo, t.amountFen], held: [h.cardNo, h.amountFen] })
    return release({ lastError: `流水号冲突：校园卡系统的转账为卡号 ${h.cardNo}、${formatYuan(h.amountFen)} 元，与本订单不符，请人工核对` })
  }
  const moved = await moveTopup(t, 'GIVE_UP', { ...failed, refundNo: topupRefundNoOf(t._id), refundReason: `校园卡充值未能入账（${why}），全额退款`.slice(0, 80), refundAskedAt: null }, { nextAt: t.nextAt })
  if (!moved) return reload(t._id)
  await askTopupRefund(moved)
  return reload(t._id)
}

/** Paid top-ups still 待入账 past the credit deadline: 支付异常 lists them (payments.ts overdue). */
export async function overdueTopups(limit = 100): Promise<Array<Doc<TopupDoc>>> {
  const s = await loadCardSettings()
  return topups.find({ status: 'PAID', paidAt: _.lte(now() - s.creditDeadlineMinutes * MINUTE) }, { orderBy: ['paidAt', 'asc'], limit })
}

/**
 * 支付异常 → 立即重试 of a top-up still 待入账: its next try brought to now
 * (unless a step holds it: its `leaseUntil` still ahead)
 * and taken at once. Null when it is no top-up.
 */
export async function retryTopupNow(id: string): Promise<Doc<TopupDoc> | null> {
  const t = await topups.findOne({ _id: id })
  if (!t || t.status !== 'PAID') return t ?? null
  const at = now()
  const leased = (t.leaseUntil ?? 0) > at
  if (!leased && t.nextAt > at) await topups.update({ _id: id, status: 'PAID', nextAt: t.nextAt }, { nextAt: at })
  return creditTopup(await reload(id))
}

/** Remembers another holder's card for the payer (充值 他人: 首次充值成功后，身份信息会自动保存). */
async function remember(t: Doc<TopupDoc>) {
  if (t.mine) return
  await rememberedCards.set(rememberedIdOf(t.openid, t.cardNo), { openid: t.openid, school: t.school, cardNo: t.cardNo, name: t.holderName, kind: t.kind, lastAt: t.paidAt ?? now() })
}

export const cardPayHooks: PayDomainHooks = {
  async paid(charge) {
    let t = await topups.findOne({ _id: charge.ref })
    if (!t) throw new Error(`top-up ${charge.ref} not found for charge ${charge._id}`)
    const paid = { paidAt: charge.paidAt ?? now(), transactionId: charge.transactionId }
    if (t.status === 'AWAITING_PAYMENT') {
      const moved = await moveTopup(t, 'PAY_SUCCEEDED', { ...paid, attempts: 0, nextAt: now() })
      t = moved ?? (await reload(t._id))
      if (moved) await remember(moved)
    }
    if (t.status === 'CLOSED') {
      // Paid as it was being closed: the payer was told 交易关闭, so the money goes back.
      const moved = await moveTopup(t, 'PAY_SUCCEEDED', { ...paid, refundNo: topupRefundNoOf(t._id), refundReason: '充值订单已关闭，全额退款', refundAskedAt: null })
      t = moved ?? (await reload(t._id))
    }
    if (t.status === 'PAID') await creditTopup(t)
    else if (t.status === 'REFUNDING' && t.refundAskedAt === null) await askTopupRefund(t)
  },

  async closed(charge) {
    const t = await topups.findOne({ _id: charge.ref })
    if (t && t.status === 'AWAITING_PAYMENT') await moveTopup(t, 'CLOSE', { closedAt: now() })
  },

  async refunded(refund) {
    const t = await topups.findOne({ _id: refund.ref, refundNo: refund._id })
    if (!t) return
    const done = await moveTopup(t, 'REFUND_SUCCEEDED', { refundedAt: refund.refundedAt ?? now() })
    if (done) await sms(done.phone, 'cardRefunded', [tail(done.cardNo), formatYuan(refund.amountFen)])
  },
}

/**
 * 已领取 learned from the platform's pending balance of `cardNo` (see the
 * decisions): moves the card's 待圈存 top-ups that can no longer be pending.
 */
export async function markClaimed(cardNo: string, pendingFen: number): Promise<number> {
  const list = await topups.find({ cardNo, status: 'CREDITED' }, { orderBy: ['platformAt', 'desc'], limit: 100 })
  let stillPending = 0
  let claimed = false
  let moved = 0
  for (const t of list) {
    if (!claimed && stillPending + t.amountFen <= pendingFen) {
      stillPending += t.amountFen
      continue
    }
    claimed = true
    if (await moveTopup(t, 'CLAIM', { claimedAt: now() })) moved++
  }
  return moved
}

/** The sweep's job: transfers due, and refunds a crash left unrecorded. */
export async function sweepCardTopups(limit = 50): Promise<{ tried: number; credited: number; refunds: number }> {
  const t = now()
  const due = await topups.find({ status: 'PAID', nextAt: _.lte(t) }, { orderBy: ['nextAt', 'asc'], limit })
  let credited = 0
  let settings: CardSettings | undefined
  for (const d of due) {
    try {
      settings ??= await loadCardSettings()
      if ((await creditTopup(d, settings)).status === 'CREDITED') credited++
    } catch (e) {
      console.error('[card] crediting a top-up failed; tried again next run', d._id, e)
    }
  }
  const owed = await topups.find({ status: 'REFUNDING', refundAskedAt: null, updatedAt: _.lte(t - MINUTE) }, { orderBy: ['updatedAt', 'asc'], limit })
  let refunds = 0
  for (const d of owed) {
    try {
      await askTopupRefund(d)
      refunds++
    } catch (e) {
      console.error('[card] recording a top-up refund failed; tried again next run', d._id, e)
    }
  }
  return { tried: due.length, credited, refunds }
}
