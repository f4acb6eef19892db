// 工作台: the day's reconciliation of campus-card top-ups (issue 14) — what
// WeChat Pay took for top-ups against what the card platform holds of our
// transfers, for one Shanghai day, every difference listed.
//
// Decisions:
// - Our side is the top-ups paid that day (`paidAt`, set only from WeChat
//   Pay's confirmed payment by the payment path), the platform's its
//   transfers booked that day under our app (card.reconcile.query). They are
//   matched by serial, which is our order number.
// - Every unmatched or unequal line is a difference, with its kind:
//   notCredited (paid, the platform holds nothing: 待入账 still retrying, or
//   refunded), creditedOtherDay / paidOtherDay (a payment near midnight
//   credited the next day: the two sides disagree for the day, not overall),
//   noPayment (the platform holds a transfer of ours with no paid top-up —
//   must never happen), mismatch (card or amount differ) and
//   creditedAndRefunded (the platform holds the transfer of a top-up we gave
//   up and refund: the holder has the money twice — never counted as
//   matched, whichever day either side fell on).
// - An unreachable platform refuses the report (CARD_UNAVAILABLE) rather
//   than listing every payment as a difference.
import { TOPUP_STATUS_LABELS, type TopupStatus } from '../../src/domain/card/topup'
import { AppError } from '../../src/domain/errors'
import { shanghai } from '../../src/domain/time'
import { reconciliation as platformDay, type HeldTransfer } from '../_shared/campus-card'
import { topups, type TopupDoc } from '../_shared/card-payments'
import { _, type Doc } from '../_shared/cloud'
import { now } from '../_shared/clock'
import { platformError } from './holder'

const DAY = 86_400_000

type Kind = 'notCredited' | 'creditedOtherDay' | 'paidOtherDay' | 'noPayment' | 'mismatch' | 'creditedAndRefunded'
const LABELS: Record<Kind, string> = {
  notCredited: '已支付，校园卡系统无此转账',
  creditedOtherDay: '已支付，转账记在其他日期',
  paidOtherDay: '已转账，支付记在其他日期',
  noPayment: '校园卡系统有转账，无对应的已支付订单',
  mismatch: '卡号或金额不一致',
  creditedAndRefunded: '已入账又已退款',
}

/** Given up and refunded (or being refunded): a transfer the platform holds for it is money paid out twice. */
const REFUNDED_STATUSES: TopupStatus[] = ['REFUNDING', 'REFUNDED']

const PAID_STATUSES: TopupStatus[] = ['PAID', 'CREDITED', 'CLAIMED', 'REFUNDING', 'REFUNDED']

export async function reconciliation(input: { day?: string }) {
  const today = shanghai(now()).format('YYYY-MM-DD')
  const day = input.day ?? today
  const start = shanghai(`${day}T00:00:00+08:00`)
  if (!start.isValid() || start.format('YYYY-MM-DD') !== day) throw new AppError('BAD_INPUT', '日期不存在')
  const from = start.valueOf()
  const answer = await platformDay(day)
  if (answer.status !== 'ok') throw platformError(answer)
  const held = new Map(answer.value.items.map((h) => [h.serialNo, h]))

  const paid: Array<Doc<TopupDoc>> = []
  for (let skip = 0; ; skip += 100) {
    const page = await topups.find({ paidAt: _.gte(from).and(_.lt(from + DAY)) }, { orderBy: ['paidAt', 'asc'], limit: 100, skip })
    paid.push(...page.filter((t) => PAID_STATUSES.includes(t.status)))
    if (page.length < 100) break
  }
  const ours = new Set(paid.map((t) => t._id))

  const line = (kind: Kind, t: Doc<TopupDoc> | undefined, h: HeldTransfer | undefined) => ({
    serialNo: t?._id ?? h!.serialNo,
    kind,
    label: LABELS[kind],
    cardNo: t?.cardNo ?? h!.cardNo,
    paidFen: t && t.paidAt !== null ? t.amountFen : 0,
    creditedFen: h?.amountFen ?? 0,
    status: t?.status ?? null,
    statusLabel: t ? TOPUP_STATUS_LABELS[t.status] : '',
    paidAt: t?.paidAt ?? null,
    creditedAt: h?.at ?? t?.creditedAt ?? null,
  })
  const differences: Array<ReturnType<typeof line>> = []
  let matched = 0
  for (const t of paid) {
    const h = held.get(t._id)
    if (h) {
      if (REFUNDED_STATUSES.includes(t.status)) differences.push(line('creditedAndRefunded', t, h))
      else if (h.cardNo === t.cardNo && h.amountFen === t.amountFen) matched++
      else differences.push(line('mismatch', t, h))
    } else if (t.platformAt !== null && shanghai(t.platformAt).format('YYYY-MM-DD') !== day) differences.push(line('creditedOtherDay', t, undefined))
    else differences.push(line('notCredited', t, undefined))
  }
  const strays = answer.value.items.filter((h) => !ours.has(h.serialNo))
  const known = strays.length ? await topups.find({ _id: _.in(strays.map((h) => h.serialNo)) }, { limit: strays.length }) : []
  const byId = new Map(known.map((t) => [t._id, t]))
  for (const h of strays) {
    const t = byId.get(h.serialNo)
    if (t && REFUNDED_STATUSES.includes(t.status)) differences.push(line('creditedAndRefunded', t, h))
    else if (t && t.paidAt !== null && PAID_STATUSES.includes(t.status)) differences.push(line(t.cardNo === h.cardNo && t.amountFen === h.amountFen ? 'paidOtherDay' : 'mismatch', t, h))
    else differences.push(line('noPayment', t, h))
  }
  return {
    day,
    today,
    paid: { count: paid.length, totalFen: paid.reduce((s, t) => s + t.amountFen, 0) },
    credited: { count: answer.value.items.length, totalFen: answer.value.totalFen },
    matched,
    differences,
  }
}
