// 微信充值 of the bound card and 充值 他人 (seeds 003 and 004): the card is
// checked with the platform, the top-up recorded, then the WeChat Pay order
// placed; 充值记录; the remembered cards. What happens once it is paid is
// _shared/card-payments.ts (the 'card' domain's hooks).
//
// Decisions:
// - The amount is checked by amount.ts against the office's limits, never
//   taken from the client as valid.
// - Before any payment, the platform confirms the card: for another's card
//   that name and number belong together (HOLDER_MISMATCH says only that,
//   whether the number exists or not); for any card that it can take money
//   now (a lost, frozen or closed card is refused here, not after paying).
//   An unreachable platform refuses the top-up: we cannot say the card is
//   right. A typed name and number that do not match count against the
//   payer's account (10 an hour, holder.ts checkHolder), so the check cannot
//   be used to walk a list of names and numbers.
// - The top-up is written before its charge and the charge before the order
//   is placed; an order WeChat Pay could not place is closed at once
//   (payments.ts checkout), which closes the top-up (交易关闭).
// - A card is remembered for the payer when a top-up of it is paid (seed 003:
//   首次充值成功后，身份信息会自动保存); `{cardId}` tops it up again with only
//   the amount.
import { checkTopupAmount } from '../../src/domain/card/amount'
import { maskHolderName } from '../../src/domain/card/card-number'
import { CARD_KIND_LABELS, CARD_REFUSAL_MESSAGES } from '../../src/domain/card/platform'
import { TOPUP_RECORD_LABELS, TOPUP_STATUS_LABELS } from '../../src/domain/card/topup'
import { AppError } from '../../src/domain/errors'
import { maskPhone } from '../../src/domain/phone'
import type { Caller } from '../_shared/auth'
import { account, verifyHolder, type CardHolder } from '../_shared/campus-card'
import { loadCardSettings, markClaimed, newTopupNo, rememberedCards, topups, type RememberedCardDoc, type TopupDoc } from '../_shared/card-payments'
import { _, type Doc } from '../_shared/cloud'
import { now } from '../_shared/clock'
import { checkout, driveCharge, openCharge } from '../_shared/payments'
import { bindingOf, cardNumberOf, checkHolder, holderNameOf, platformError } from './holder'

const PAGE = 20
export const TOPUP_DESCRIPTION = '校园一卡通充值'

function noteOf(t: Doc<TopupDoc>): string {
  switch (t.status) {
    case 'AWAITING_PAYMENT':
      return '尚未支付，未支付的订单将自动关闭；如需充值请重新下单'
    case 'PAID':
      return '已支付，正在存入校园卡账户，请稍候；如长时间未到账，系统会自动重试，无法入账的将原路退款'
    case 'CREDITED':
      return '已存入校园卡账户（待圈存），请持卡在校内任意一台 POS 机刷卡消费时领取，或到自助圈存机领取转账金额'
    case 'CLAIMED':
      return '已领取到校园卡'
    case 'CLOSED':
      return '订单未支付，已关闭'
    case 'REFUNDING':
      return '未能存入校园卡账户，充值金额正在原路退回'
    case 'REFUNDED':
      return '未能存入校园卡账户，充值金额已原路退回'
  }
}

export function topupView(t: Doc<TopupDoc>) {
  return {
    id: t._id,
    mine: t.mine,
    school: t.school,
    cardNo: t.cardNo,
    name: t.mine ? t.holderName : maskHolderName(t.holderName),
    amountFen: t.amountFen,
    status: t.status,
    statusLabel: TOPUP_STATUS_LABELS[t.status],
    recordLabel: TOPUP_RECORD_LABELS[t.status],
    note: noteOf(t),
    phone: t.phone ? maskPhone(t.phone) : null,
    createdAt: t.createdAt,
    paidAt: t.paidAt,
    creditedAt: t.creditedAt,
    claimedAt: t.claimedAt,
    refundedAt: t.refundedAt,
  }
}

const cardOfRemembered = (c: Doc<RememberedCardDoc>) => ({
  id: c._id,
  school: c.school,
  name: maskHolderName(c.name),
  cardNo: c.cardNo,
  kindLabel: CARD_KIND_LABELS[c.kind] ?? '校园卡',
  lastAt: c.lastAt,
})

type CardChoice = 'mine' | { cardId: string } | { school: string; name: string; cardNo: string }

/** The card a top-up goes to: number, holder and school, checked by the platform. */
async function targetOf(card: CardChoice, caller: Caller, schools: string[]) {
  let target: { mine: boolean; school: string; cardNo: string; name: string }
  let typed = false
  if (card === 'mine') {
    const b = await bindingOf(caller.openid)
    target = { mine: true, school: schools[0], cardNo: b.cardNo, name: b.name }
  } else if ('cardId' in card) {
    const c = await rememberedCards.findOne({ _id: card.cardId, openid: caller.openid })
    if (!c) throw new AppError('CARD_NOT_REMEMBERED')
    target = { mine: false, school: c.school, cardNo: c.cardNo, name: c.name }
  } else {
    if (!schools.includes(card.school.trim())) throw new AppError('CARD_SCHOOL_UNSUPPORTED')
    target = { mine: false, school: card.school.trim(), cardNo: cardNumberOf(card.cardNo), name: holderNameOf(card.name) }
    typed = true
  }
  // A typed name and number is a check anyone could repeat down a list: its mismatches are limited per account (holder.ts checkHolder).
  let holder: CardHolder
  if (typed) holder = await checkHolder(caller.openid, { cardNo: target.cardNo, name: target.name })
  else {
    const known = await verifyHolder({ cardNo: target.cardNo, name: target.name })
    if (known.status !== 'ok') throw platformError(known)
    holder = known.value
  }
  if (holder.status !== 'normal') {
    const code = holder.status === 'lost' ? 'ACCOUNT_LOST' : holder.status === 'frozen' ? 'ACCOUNT_FROZEN' : 'ACCOUNT_CLOSED'
    throw new AppError('CARD_REFUSED', CARD_REFUSAL_MESSAGES[code], { refusal: code })
  }
  // Topping up one's own bound card by its number is the same as 'mine'.
  const b = target.mine ? null : await bindingOfOrNull(caller.openid)
  return { ...target, mine: target.mine || b?.cardNo === target.cardNo, name: holder.name, kind: holder.kind }
}

const bindingOfOrNull = (openid: string) => bindingOf(openid).catch(() => null)

export async function topUp(input: { card: CardChoice; amountFen: number; phone?: string; consent: true }, caller: Caller) {
  const s = await loadCardSettings()
  const amount = checkTopupAmount(input.amountFen, s.limits)
  if (!amount.ok) throw new AppError('CARD_AMOUNT_INVALID', amount.message)
  const target = await targetOf(input.card, caller, s.schools)

  const t = now()
  const id = newTopupNo(t)
  const doc: TopupDoc = {
    openid: caller.openid,
    mine: target.mine,
    school: target.school,
    cardNo: target.cardNo,
    holderName: target.name,
    kind: target.kind,
    amountFen: amount.fen,
    phone: input.phone ?? '',
    status: 'AWAITING_PAYMENT',
    createdAt: t,
    paidAt: null,
    transactionId: '',
    creditedAt: null,
    platformSerial: '',
    platformAt: null,
    claimedAt: null,
    closedAt: null,
    refundNo: null,
    refundReason: '',
    refundAskedAt: null,
    refundedAt: null,
    attempts: 0,
    nextAt: t,
    lastAnswer: null,
    lastError: '',
    updatedAt: t,
  }
  await topups.insert(id, doc)
  const charge = await openCharge(id, { domain: 'card', ref: id, openid: caller.openid, amountFen: amount.fen, description: TOPUP_DESCRIPTION })
  const payment = await checkout(charge, { fresh: true })
  return { topUp: topupView({ ...doc, _id: id }), payment, orderId: id, description: TOPUP_DESCRIPTION }
}

/** Marks 已领取 for the cards of these top-ups that have any 待圈存 (one platform read per card; an unreachable platform changes nothing). */
async function learnClaims(list: Array<Doc<TopupDoc>>) {
  const cards = [...new Set(list.filter((t) => t.status === 'CREDITED').map((t) => t.cardNo))].slice(0, 5)
  let moved = 0
  for (const cardNo of cards) {
    const a = await account(cardNo)
    if (a.status === 'ok') moved += await markClaimed(cardNo, a.value.pendingFen).catch(() => 0)
  }
  return moved
}

export async function topUpDetail({ id }: { id: string }, caller: Caller) {
  let t = await topups.findOne({ _id: id, openid: caller.openid })
  if (!t) throw new AppError('TOPUP_NOT_FOUND')
  if (t.status === 'AWAITING_PAYMENT') {
    // A payment whose notice is late is found now (and credited by the same step).
    await driveCharge(t._id)
    t = (await topups.findOne({ _id: id }))!
  } else if (t.status === 'CREDITED' && (await learnClaims([t]))) {
    t = (await topups.findOne({ _id: id }))!
  }
  return { topUp: topupView(t) }
}

export async function topUpsList({ before }: { before?: number }, caller: Caller) {
  let page = await topups.find({ openid: caller.openid, ...(before ? { createdAt: _.lt(before) } : {}) }, { orderBy: ['createdAt', 'desc'], limit: PAGE + 1 })
  if (await learnClaims(page)) {
    page = await topups.find({ openid: caller.openid, ...(before ? { createdAt: _.lt(before) } : {}) }, { orderBy: ['createdAt', 'desc'], limit: PAGE + 1 })
  }
  const shown = page.slice(0, PAGE)
  return { topUps: shown.map(topupView), nextBefore: page.length > PAGE ? shown[shown.length - 1].createdAt : null }
}

async function listCards(openid: string) {
  const list = await rememberedCards.find({ openid }, { orderBy: ['lastAt', 'desc'], limit: 50 })
  return { cards: list.map(cardOfRemembered) }
}

export async function cards(_input: unknown, caller: Caller) {
  return listCards(caller.openid)
}

export async function forgetCard({ cardId }: { cardId: string }, caller: Caller) {
  const removed = await rememberedCards.remove({ _id: cardId, openid: caller.openid })
  if (!removed) throw new AppError('CARD_NOT_REMEMBERED')
  return listCards(caller.openid)
}
