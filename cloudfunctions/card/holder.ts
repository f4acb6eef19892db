// The holder's own card (seed 004): 绑定 / 解除绑定, 主界面 (余额 and 待圈存 from
// the platform, where pending money is claimed), 交易明细 by month, 卡挂失.
// The records are _shared/card-payments.ts; the platform is reached only
// through _shared/campus-card.ts.
//
// Decisions:
// - One card per WeChat account (`card_bindings`, `_id` = openid, written by
//   insert, so two binds at once make one) AND one WeChat account per card.
//   The 查询密码 is the proof, and the latest proof wins: binding a card
//   another account holds, with the right password, takes it over — the
//   other binding is removed (audited `card.evict`) and that account's
//   主界面, 交易明细 and 卡挂失 answer CARD_NOT_BOUND. So a holder binding their
//   own card evicts anyone who once knew the password (the initial 123456,
//   say); changing the 查询密码 at the 受理中心 keeps them out for good.
//   Race-safe without a unique index: a bind reads the card's bindings,
//   writes its own with `boundSeq` one past theirs, reads them again and
//   keeps only the newest by (boundSeq, boundAt, openid) — a total order
//   every binder agrees on — removing the others, itself included when it
//   lost to a bind at the same moment (CONFLICT), each removal conditional on
//   the boundSeq it read. Whatever the interleaving, one binding remains, and
//   a bind after another has finished is always the newer. Binding one's own
//   card again takes a new boundSeq the same way, so it is the newest.
// - Wrong 查询密码 (binding.ts: 5, then a 30-minute lock with its end shown)
//   are counted per card number AND per account (`card_attempts`,
//   `card:<number>` / `account:<openid>`), each a conditional update on the
//   counter read with it, BEFORE the platform is asked, so parallel tries
//   each count and at most 5 passwords per lock reach the platform. A try the
//   platform answers otherwise than "wrong password" (unreachable, say) is
//   uncounted again when nothing else counted since. A right password
//   clears the card's record and uncounts this try on the account's, whose
//   earlier wrong tries stay until its lock ends (binding.ts). The card key is
//   the platform's number from the name check, not the typed one.
// - 卡挂失 asks for the same password and is limited the same way, but per
//   account and card (`lost:<openid>:<number>`), not by the card's key: a
//   stranger failing binds of the card must not keep its bound holder from
//   reporting it lost.
// - Name and number are checked first, apart from the password, so a typo in
//   them costs no password try; a mismatch (HOLDER_MISMATCH) is counted per
//   account instead (`check:<openid>`, binding.ts afterMismatch: 10 an hour,
//   CARD_CHECK_LOCKED after), here and for 充值 他人 (topup.ts), so nobody
//   walks a list of names and numbers to learn which belong together.
// - Nobody reads a card through this function without having bound it: every
//   read takes the card number from the caller's own binding, never from the
//   input.
import { normaliseCardNumber, normaliseHolderName, CARD_NUMBER_HINT } from '../../src/domain/card/card-number'
import { presetsWithin, defaultAmount } from '../../src/domain/card/amount'
import {
  afterMismatch,
  afterRightPassword,
  afterWrongPassword,
  bindGate,
  lockedMessage,
  mismatchLockedMessage,
  NO_ATTEMPTS,
  normaliseQueryPassword,
  type BindAttempts,
  type BindLimits,
} from '../../src/domain/card/binding'
import { CARD_KIND_LABELS, CARD_STATUS_LABELS, type CardRefusal } from '../../src/domain/card/platform'
import { AppError } from '../../src/domain/errors'
import { audit } from '../_shared/audit'
import type { Caller } from '../_shared/auth'
import { account, reportLost as platformReportLost, transactions, verifyHolder, type CardHolder, type CardOutcome } from '../_shared/campus-card'
import { cardBindings, loadCardSettings, markClaimed, type CardBindingDoc } from '../_shared/card-payments'
import { _, type Doc } from '../_shared/cloud'
import { shanghai } from '../../src/domain/time'
import { now } from '../_shared/clock'
import { collection } from '../_shared/collection'
import { isDuplicateKey } from '../_shared/db-errors'

interface AttemptDoc {
  attempts: BindAttempts
  seq: number
  updatedAt: number
}
const attemptsStore = collection<AttemptDoc>('card_attempts')

export const AGREEMENT = '《校园一卡通用户服务协议》'
export const CLAIM_TEXT = '充值金额先存入校园卡账户（待圈存），请持卡在校内任意一台 POS 机刷卡消费时自动领取，或到自助圈存机“领取转账金额”（需输入校园卡密码）'
export const UNFREEZE_NOTICE = '挂失成功，校园卡已冻结。解挂请本人携带有效证件到校园卡受理中心办理'

/** The school shown with the bound card (our campus). */
const cardView = (b: Doc<CardBindingDoc> | CardBindingDoc, school: string) => ({
  cardNo: b.cardNo,
  name: b.name,
  kind: b.kind,
  kindLabel: CARD_KIND_LABELS[b.kind] ?? '校园卡',
  school,
  boundAt: b.boundAt,
})

/** A platform outcome that is not ok, as the holder reads it. */
export function platformError(o: Exclude<CardOutcome<unknown>, { status: 'ok' }>): AppError {
  if (o.status === 'unavailable') return new AppError('CARD_UNAVAILABLE', o.message)
  if (o.code === 'HOLDER_MISMATCH') return new AppError('CARD_HOLDER_MISMATCH', o.message)
  if (o.code === 'QUERY_PASSWORD_WRONG') return new AppError('CARD_PASSWORD_WRONG', o.message)
  return new AppError('CARD_REFUSED', o.message, { refusal: o.code satisfies CardRefusal })
}

export function cardNumberOf(input: string): string {
  const r = normaliseCardNumber(input)
  if (!r.ok) throw new AppError('CARD_NUMBER_INVALID', r.message)
  return r.number
}

export function holderNameOf(input: string): string {
  const r = normaliseHolderName(input)
  if (!r.ok) throw new AppError('CARD_NAME_INVALID', r.message)
  return r.name
}

function queryPasswordOf(input: string): string {
  const r = normaliseQueryPassword(input)
  if (!r.ok) throw new AppError('BAD_INPUT', r.message)
  return r.password
}

export async function bindingOf(openid: string): Promise<Doc<CardBindingDoc>> {
  const b = await cardBindings.findOne({ _id: openid })
  if (!b) throw new AppError('CARD_NOT_BOUND')
  return b
}

// ── the 查询密码 limit ─────────────────────────────────────────────────────────

interface Counted {
  key: string
  prior: BindAttempts
  seq: number
  attempts: BindAttempts
  message: string
}

const attemptsOf = (d: Doc<AttemptDoc> | undefined) => ({
  attempts: d?.attempts && typeof d.attempts.wrongTries === 'number' ? d.attempts : NO_ATTEMPTS,
  seq: typeof d?.seq === 'number' ? d.seq : 0,
  exists: !!d,
})

/** What one counted try does to a record, and the refusal while it is locked. */
interface Rule {
  after(a: BindAttempts, t: number): { attempts: BindAttempts; message: string }
  locked(lockedUntil: number, t: number): AppError
}

const passwordRule = (limits: BindLimits): Rule => ({
  after: (a, t) => afterWrongPassword(a, t, limits),
  locked: (lockedUntil, t) => new AppError('CARD_BIND_LOCKED', lockedMessage(lockedUntil, t), { lockedUntil }),
})

const mismatchRule: Rule = {
  after: (a, t) => afterMismatch(a, t),
  locked: (lockedUntil, t) => new AppError('CARD_CHECK_LOCKED', mismatchLockedMessage(lockedUntil, t), { lockedUntil }),
}

/** Counts one try against `key` as if wrong (refused while locked); the record before and after. */
async function countTry(key: string, rule: Rule): Promise<Counted> {
  for (let round = 0; round < 20; round++) {
    const t = now()
    const { attempts, seq, exists } = attemptsOf(await attemptsStore.findOne({ _id: key }))
    const gate = bindGate(attempts, t)
    if (!gate.ok) throw rule.locked(gate.lockedUntil, t)
    const after = rule.after(attempts, t)
    const data = { attempts: after.attempts, seq: seq + 1, updatedAt: t }
    if (exists) {
      if ((await attemptsStore.update({ _id: key, seq }, data)) === 1) return { key, prior: attempts, seq: seq + 1, attempts: after.attempts, message: after.message }
    } else {
      try {
        await attemptsStore.insert(key, data)
        return { key, prior: attempts, seq: seq + 1, attempts: after.attempts, message: after.message }
      } catch (e) {
        if (!isDuplicateKey(e)) throw e
      }
    }
  }
  throw new AppError('CONFLICT', '尝试过于频繁，请稍后再试')
}

/** Takes a counted try back, unless another was counted since. */
const uncountOne = (c: Counted) => attemptsStore.update({ _id: c.key, seq: c.seq }, { attempts: c.prior, seq: c.seq + 1, updatedAt: now() })

/**
 * Runs `ask` (a platform call checking the 查询密码) as one limited try
 * against each of `keys`: counted first; when the password was right, the
 * records of `clearKeys` cleared and the others' try uncounted; uncounted when
 * the platform said something else.
 */
async function limitedTry<T>(keys: string[], clearKeys: string[], ask: () => Promise<CardOutcome<T>>): Promise<CardOutcome<T>> {
  const { bindLimits } = await loadCardSettings()
  const rule = passwordRule(bindLimits)
  const counted: Counted[] = []
  const uncount = () => Promise.all(counted.map(uncountOne))
  try {
    for (const key of keys) counted.push(await countTry(key, rule))
  } catch (e) {
    await uncount() // the card counted, the account locked: that try never reached the platform
    throw e
  }
  const answer = await ask()
  if (answer.status === 'refused' && answer.code === 'QUERY_PASSWORD_WRONG') {
    // The record closest to a lock speaks: its lock's end, or its tries left.
    const locked = counted.find((c) => c.attempts.lockedUntil !== null)
    if (locked) throw new AppError('CARD_BIND_LOCKED', locked.message, { lockedUntil: locked.attempts.lockedUntil })
    const worst = counted.reduce((a, b) => (b.attempts.wrongTries > a.attempts.wrongTries ? b : a))
    throw new AppError('CARD_PASSWORD_WRONG', worst.message)
  }
  if (answer.status === 'ok') {
    const t = now()
    for (const c of counted) {
      if (clearKeys.includes(c.key)) await attemptsStore.update({ _id: c.key }, { attempts: afterRightPassword(), seq: _.inc(1), updatedAt: t })
      else await uncountOne(c)
    }
  } else await uncount()
  return answer
}

/**
 * 绑定's first step and 充值 他人's check: do this name and number belong
 * together? Each check is counted first against the account's mismatch
 * record and uncounted unless the platform answered HOLDER_MISMATCH.
 */
export async function checkHolder(openid: string, input: { cardNo: string; name: string }): Promise<CardHolder> {
  const counted = await countTry(`check:${openid}`, mismatchRule)
  const holder = await verifyHolder(input)
  if (holder.status === 'refused' && holder.code === 'HOLDER_MISMATCH') throw platformError(holder)
  await uncountOne(counted)
  if (holder.status !== 'ok') throw platformError(holder)
  return holder.value
}

const seqOf = (b: CardBindingDoc) => (typeof b.boundSeq === 'number' ? b.boundSeq : 0)

/** Binding A comes after binding B: by boundSeq, boundAt, then openid — the order every binder of a card agrees on. */
const newer = (a: Doc<CardBindingDoc>, b: Doc<CardBindingDoc>) =>
  seqOf(a) !== seqOf(b) ? seqOf(a) > seqOf(b) : a.boundAt !== b.boundAt ? a.boundAt > b.boundAt : a._id > b._id

/** The boundSeq a new proof of `cardNo` takes: one past every binding of it now. */
async function nextBoundSeq(cardNo: string): Promise<number> {
  const list = await cardBindings.find({ cardNo }, { limit: 100 })
  return list.reduce((m, b) => Math.max(m, seqOf(b)), 0) + 1
}

/**
 * Leaves `cardNo` bound to its newest binding only (see the decisions):
 * the others are removed and audited; when the newest is not the caller's,
 * the caller's own goes and the bind answers CONFLICT.
 */
async function keepNewestBinding(cardNo: string, openid: string): Promise<void> {
  const list = await cardBindings.find({ cardNo }, { limit: 100 })
  if (!list.length) return
  const newest = list.reduce((a, b) => (newer(b, a) ? b : a))
  const t = now()
  for (const b of list) {
    if (b._id === newest._id) continue
    if (!(await cardBindings.remove({ _id: b._id, cardNo, boundSeq: b.boundSeq ?? _.exists(false) }))) continue
    const reason = b._id === openid ? '同时有其他微信账号绑定该卡，本次绑定未生效' : '该卡已由其他微信账号凭查询密码绑定，原绑定解除'
    await audit(`card-evict:${b._id}:${t}`, { by: newest._id, action: 'card.evict', target: `${cardNo}:${b._id}`, reason })
  }
  if (newest._id !== openid) throw new AppError('CONFLICT', '该校园卡刚由其他微信账号绑定，请稍后重试')
}

// ── actions ──────────────────────────────────────────────────────────────────

export async function config() {
  const s = await loadCardSettings()
  return {
    schools: s.schools,
    kiosks: s.kiosks,
    minFen: s.limits.minFen,
    maxFen: s.limits.maxFen,
    presetsFen: presetsWithin(s.limits),
    defaultAmountFen: defaultAmount(s.limits),
    cardNumberHint: CARD_NUMBER_HINT,
    agreement: AGREEMENT,
  }
}

export async function mine(_input: unknown, caller: Caller) {
  const [b, s] = await Promise.all([cardBindings.findOne({ _id: caller.openid }), loadCardSettings()])
  return { bound: !!b, card: b ? cardView(b, s.schools[0]) : null }
}

export async function bind(input: { name: string; cardNo: string; queryPassword: string }, caller: Caller) {
  const name = holderNameOf(input.name)
  const typed = cardNumberOf(input.cardNo)
  const queryPassword = queryPasswordOf(input.queryPassword)
  const current = await cardBindings.findOne({ _id: caller.openid })
  if (current && current.cardNo !== typed) throw new AppError('CARD_ALREADY_BOUND', `您已绑定校园卡 ${current.cardNo}，如需绑定其他卡请先解除绑定`)

  // Name and number first (a typo is no password guess; a mismatch counts for the account); then the password, counted by the platform's number.
  const holder = await checkHolder(caller.openid, { cardNo: typed, name })
  const cardNo = holder.cardNo
  if (current && current.cardNo !== cardNo) throw new AppError('CARD_ALREADY_BOUND', `您已绑定校园卡 ${current.cardNo}，如需绑定其他卡请先解除绑定`)
  const answer = await limitedTry([`card:${cardNo}`, `account:${caller.openid}`], [`card:${cardNo}`], () => verifyHolder({ cardNo, name, queryPassword }))
  if (answer.status !== 'ok') throw platformError(answer)
  const s = await loadCardSettings()
  const t = now()
  const boundSeq = await nextBoundSeq(cardNo)
  let doc: CardBindingDoc = { cardNo: answer.value.cardNo, name: answer.value.name, kind: answer.value.kind, boundAt: t, boundSeq }
  if (current) {
    // Proved again: the newest binding of the card once more.
    if (!(await cardBindings.update({ _id: caller.openid, cardNo: current.cardNo }, { boundSeq }))) throw new AppError('CONFLICT')
    doc = { ...current, boundSeq }
  } else {
    try {
      await cardBindings.insert(caller.openid, doc)
    } catch (e) {
      if (!isDuplicateKey(e)) throw e
      const other = await bindingOf(caller.openid)
      if (other.cardNo !== cardNo) throw new AppError('CARD_ALREADY_BOUND')
      doc = other
    }
  }
  await keepNewestBinding(cardNo, caller.openid)
  await audit(`card-bind:${caller.openid}:${t}`, { by: caller.openid, action: 'card.bind', target: cardNo, reason: '绑定校园卡' })
  return { bound: true, card: cardView(doc, s.schools[0]) }
}

export async function unbind(_input: unknown, caller: Caller) {
  const b = await cardBindings.findOne({ _id: caller.openid })
  if (b && (await cardBindings.remove({ _id: caller.openid, cardNo: b.cardNo }))) {
    const t = now()
    await audit(`card-unbind:${caller.openid}:${t}`, { by: caller.openid, action: 'card.unbind', target: b.cardNo, reason: '解除绑定校园卡' })
  }
  return { bound: false, card: null }
}

export async function home(_input: unknown, caller: Caller) {
  const [b, s] = await Promise.all([bindingOf(caller.openid), loadCardSettings()])
  const a = await account(b.cardNo)
  const base = { card: cardView(b, s.schools[0]), claimText: CLAIM_TEXT, kiosks: s.kiosks }
  if (a.status !== 'ok') {
    return { ...base, status: null, statusLabel: '', balanceFen: null, pendingFen: null, unavailable: a.message }
  }
  await markClaimed(b.cardNo, a.value.pendingFen).catch((e) => console.error('[card] marking claims failed', e))
  return {
    ...base,
    status: a.value.status,
    statusLabel: CARD_STATUS_LABELS[a.value.status] ?? a.value.status,
    balanceFen: a.value.balanceFen,
    pendingFen: a.value.pendingFen,
    unavailable: null,
  }
}

export async function statements(input: { month?: string }, caller: Caller) {
  const currentMonth = shanghai(now()).format('YYYY-MM')
  const month = input.month ?? currentMonth
  const b = await bindingOf(caller.openid)
  const r = await transactions(b.cardNo, month)
  if (r.status !== 'ok') throw platformError(r)
  return {
    month,
    currentMonth,
    incomeFen: r.value.incomeFen,
    expenseFen: r.value.expenseFen,
    items: r.value.items.map((i) => ({
      id: String(i.id),
      at: i.at,
      title: i.title,
      amountFen: i.amountFen,
      claimedFen: i.kind === 'claim' ? Math.max(0, i.balanceDeltaFen) : 0,
      balanceAfterFen: i.balanceAfterFen,
      place: i.place,
    })),
  }
}

export async function reportLost(input: { queryPassword: string }, caller: Caller) {
  const queryPassword = queryPasswordOf(input.queryPassword)
  const b = await bindingOf(caller.openid)
  const key = `lost:${caller.openid}:${b.cardNo}`
  const answer = await limitedTry([key], [key], () => platformReportLost({ cardNo: b.cardNo, queryPassword }))
  if (answer.status !== 'ok') throw platformError(answer)
  const t = now()
  await audit(`card-lost:${b.cardNo}:${t}`, { by: caller.openid, action: 'card.reportLost', target: b.cardNo, reason: '卡挂失' })
  return { status: 'lost' as const, statusLabel: CARD_STATUS_LABELS.lost, lostAt: answer.value.lostAt, notice: UNFREEZE_NOTICE }
}
