// The campus-card platform simulator (issue 14): the school's system of
// record for card accounts, standing in for 正元 / 新开普 locally. It serves
// the signed gateway of protocol.ts at /card-platform/gateway on the emulator
// server, keeps its books in the emulator's SQLite (store.ts) and seeds its
// own accounts. The cloud functions reach it only through
// cloudfunctions/_shared/campus-card.ts, with CARD_ENDPOINT etc. from
// functionEnvFor.
//
// Platform API (methods): card.holder.verify {cardNo, name, queryPassword?},
// card.account.query {cardNo}, card.transfer.create {cardNo, name?,
// amountFen, serialNo} — a top-up into pending 待圈存, idempotent by our
// serial: a repeated serial answers DUPLICATE_SERIAL with the original
// transfer as data, checked before anything else so a retry after the card
// was lost or closed still tells that the money is there —,
// card.transactions.query {cardNo, month: YYYY-MM}, card.loss.report {cardNo,
// queryPassword}; and for our own books card.transfer.query {serialNo} (is
// this top-up on the platform? SERIAL_NOT_FOUND if not) and
// card.reconcile.query {date: YYYY-MM-DD} (every transfer of ours that
// Shanghai day, for the daily reconciliation with WeChat Pay). Serials are
// unique per app (channel): the seeded Alipay top-ups are not ours.
//
// What happens on campus, driven by tests (`cardPlatform(emu)`) and the dev
// console (/console/api/card/…): a POS swipe claims the whole pending
// balance onto the card, then spends (0 to only claim; a spend larger than
// the balance is refused after the claim, as a POS does); a kiosk claim
// (领取转账金额) needs the card password; the outage switch (503, no answer,
// or the work done and the answer lost); service hours (off by default: a
// transfer outside them is refused); card status (lost, frozen, closed,
// unfrozen in person); and the ledger. Balance + pending always equals the
// ledger (store.ts).
import { randomUUID, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { sendJson, type EmulatorContext } from '../context'
import { jsonObject, NOT_AN_OBJECT, refuse } from '../console/input'
import { shanghai } from '../../src/domain/time'
import { CARD_STATUSES, DEFAULT_KIOSK_PLACES, MONTH_PATTERN, type CardStatus } from '../../src/domain/card/platform'
import { CARD_APP_KEY, CARD_APP_SECRET, CARD_ERRORS, CLOCK_SKEW_S, GATEWAY_PATH, METHODS, signOf, type CardErrorCode, type GatewayRequest, type Method } from './protocol'
import {
  ensureTables,
  getAccount,
  isEmpty,
  ledgerCheck,
  ledgerOf,
  lineBySerial,
  transfersOnDay,
  listAccounts,
  post,
  readSettings,
  seed,
  setStatus,
  takeNonce,
  transferredOnDay,
  writeSettings,
  type AccountRow,
  type LedgerLine,
  type Settings,
} from './store'

export { CARD_APP_KEY, CARD_APP_SECRET, GATEWAY_PATH } from './protocol'
export type { AccountRow, LedgerLine, Settings } from './store'

/** Input the simulator cannot act on (unknown card, bad amount): the console answers it 400. */
export class CardSimulatorError extends Error {}

type Answer = { code: 'SUCCESS'; data: unknown } | { code: CardErrorCode; data?: unknown }
const fail = (code: CardErrorCode, data?: unknown): Answer => ({ code, data })
const ok = (data: unknown): Answer => ({ code: 'SUCCESS', data })

const isStr = (v: unknown, max = 64): v is string => typeof v === 'string' && v.length > 0 && v.length <= max
const isFen = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v)

const accountView = (a: AccountRow) => ({ cardNo: a.cardNo, name: a.name, kind: a.kind, status: a.status, balanceFen: a.balanceFen, pendingFen: a.pendingFen, lostAt: a.lostAt })

const transferView = (l: LedgerLine) => ({ serialNo: l.serialNo, platformSerial: `ZY${String(l.id).padStart(10, '0')}`, cardNo: l.cardNo, amountFen: l.amountFen, pendingFen: l.pendingAfterFen, at: l.at })

const lineView = (l: LedgerLine) => ({
  id: l.id,
  at: l.at,
  kind: l.kind,
  title: l.title,
  amountFen: l.amountFen,
  balanceDeltaFen: l.balanceDeltaFen,
  pendingDeltaFen: l.pendingDeltaFen,
  balanceAfterFen: l.balanceAfterFen,
  pendingAfterFen: l.pendingAfterFen,
  serialNo: l.serialNo,
  place: l.place,
})

/** The account refusal for a card that cannot take money (or undefined when it can). */
function blocked(a: AccountRow): 'ACCOUNT_CLOSED' | 'ACCOUNT_LOST' | 'ACCOUNT_FROZEN' | undefined {
  if (a.status === 'closed') return 'ACCOUNT_CLOSED'
  if (a.status === 'lost') return 'ACCOUNT_LOST'
  if (a.status === 'frozen') return 'ACCOUNT_FROZEN'
  return undefined
}

function inServiceHours(s: Settings, at: number): boolean {
  if (!s.serviceHours) return true
  const t = shanghai(at).format('HH:mm')
  const { start, end } = s.serviceHours
  return start <= end ? t >= start && t < end : t >= start || t < end
}

function run(emu: EmulatorContext, app: string, method: Method, d: Record<string, unknown>): Answer {
  const now = emu.clock.now()
  // The two methods about our own transfers name no card.
  if (method === 'card.transfer.query') {
    if (!isStr(d.serialNo)) return fail('INVALID_REQUEST', { field: 'serialNo' })
    const line = lineBySerial(emu, app, d.serialNo)
    return line ? ok(transferView(line)) : fail('SERIAL_NOT_FOUND')
  }
  if (method === 'card.reconcile.query') {
    if (typeof d.date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(d.date) || shanghai(`${d.date}T00:00:00+08:00`).format('YYYY-MM-DD') !== d.date) return fail('INVALID_REQUEST', { field: 'date' })
    const items = transfersOnDay(emu, app, d.date).map(transferView)
    return ok({ date: d.date, count: items.length, totalFen: items.reduce((a, t) => a + t.amountFen, 0), items })
  }
  if (!isStr(d.cardNo, 32)) return fail('INVALID_REQUEST', { field: 'cardNo' })
  const acc = getAccount(emu, d.cardNo)
  switch (method) {
    case 'card.holder.verify': {
      if (!isStr(d.name, 40)) return fail('INVALID_REQUEST', { field: 'name' })
      if (d.queryPassword !== undefined && typeof d.queryPassword !== 'string') return fail('INVALID_REQUEST', { field: 'queryPassword' })
      if (!acc) return fail('ACCOUNT_NOT_FOUND')
      if (acc.name !== d.name) return fail('NAME_MISMATCH')
      if (acc.status === 'closed') return fail('ACCOUNT_CLOSED')
      if (d.queryPassword !== undefined && d.queryPassword !== acc.queryPassword) return fail('QUERY_PASSWORD_ERROR')
      return ok({ cardNo: acc.cardNo, name: acc.name, kind: acc.kind, status: acc.status })
    }
    case 'card.account.query':
      return acc ? ok(accountView(acc)) : fail('ACCOUNT_NOT_FOUND')
    case 'card.transfer.create': {
      if (!isStr(d.serialNo) || !/^[A-Za-z0-9_-]+$/.test(d.serialNo)) return fail('INVALID_REQUEST', { field: 'serialNo' })
      if (!isFen(d.amountFen)) return fail('INVALID_REQUEST', { field: 'amountFen' })
      if (d.name !== undefined && !isStr(d.name, 40)) return fail('INVALID_REQUEST', { field: 'name' })
      const seen = lineBySerial(emu, app, d.serialNo)
      if (seen) return fail('DUPLICATE_SERIAL', transferView(seen))
      if (!acc) return fail('ACCOUNT_NOT_FOUND')
      if (d.name !== undefined && d.name !== acc.name) return fail('NAME_MISMATCH')
      const refusal = blocked(acc)
      if (refusal) return fail(refusal)
      const s = readSettings(emu)
      if (d.amountFen <= 0 || d.amountFen < s.minTransferFen) return fail('AMOUNT_INVALID')
      if (d.amountFen > s.maxTransferFen) return fail('AMOUNT_OVER_LIMIT', { maxTransferFen: s.maxTransferFen })
      if (transferredOnDay(emu, acc.cardNo, now) + d.amountFen > s.dailyLimitFen) return fail('DAILY_LIMIT_EXCEEDED', { dailyLimitFen: s.dailyLimitFen })
      if (!inServiceHours(s, now)) return fail('OUTSIDE_SERVICE_HOURS', s.serviceHours)
      const line = post(emu, { cardNo: acc.cardNo, at: now, kind: 'transfer', title: '微信充值', balanceDeltaFen: 0, pendingDeltaFen: d.amountFen, serialNo: d.serialNo, channel: app })
      return ok(transferView(line))
    }
    case 'card.transactions.query': {
      if (typeof d.month !== 'string' || !MONTH_PATTERN.test(d.month)) return fail('INVALID_REQUEST', { field: 'month' })
      if (!acc) return fail('ACCOUNT_NOT_FOUND')
      const lines = ledgerOf(emu, acc.cardNo, d.month)
      return ok({
        cardNo: acc.cardNo,
        month: d.month,
        incomeFen: lines.filter((l) => l.amountFen > 0).reduce((s, l) => s + l.amountFen, 0),
        expenseFen: -lines.filter((l) => l.amountFen < 0).reduce((s, l) => s + l.amountFen, 0),
        items: lines.reverse().map(lineView),
      })
    }
    case 'card.loss.report': {
      if (typeof d.queryPassword !== 'string') return fail('INVALID_REQUEST', { field: 'queryPassword' })
      if (!acc) return fail('ACCOUNT_NOT_FOUND')
      if (acc.status === 'closed') return fail('ACCOUNT_CLOSED')
      if (d.queryPassword !== acc.queryPassword) return fail('QUERY_PASSWORD_ERROR')
      if (acc.status === 'lost') return fail('ALREADY_LOST')
      setStatus(emu, acc.cardNo, 'lost', now)
      return ok({ cardNo: acc.cardNo, status: 'lost', lostAt: now })
    }
  }
}

const sigEqual = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b))

/** Checks the envelope; answers the method and its parameters, or the refusal. */
function open(emu: EmulatorContext, body: Buffer): { app: string; method: Method; data: Record<string, unknown> } | Answer {
  const p = jsonObject(body) as Partial<Record<keyof GatewayRequest, unknown>> | undefined
  if (!p) return fail('INVALID_REQUEST')
  const fields = ['app_key', 'method', 'timestamp', 'nonce', 'biz_content', 'sign'] as const
  for (const f of fields) if (typeof p[f] !== 'string') return fail('INVALID_REQUEST', { field: f })
  const req = p as GatewayRequest
  if (req.app_key !== CARD_APP_KEY) return fail('INVALID_APP_KEY')
  if (!sigEqual(req.sign, signOf(req, CARD_APP_SECRET))) return fail('SIGN_ERROR')
  const now = emu.clock.now()
  if (!/^\d{1,13}$/.test(req.timestamp) || Math.abs(Number(req.timestamp) - now / 1000) > CLOCK_SKEW_S) return fail('TIMESTAMP_EXPIRED')
  if (!/^[A-Za-z0-9]{8,64}$/.test(req.nonce)) return fail('INVALID_REQUEST', { field: 'nonce' })
  if (!(METHODS as readonly string[]).includes(req.method)) return fail('UNKNOWN_METHOD')
  let data: unknown
  try {
    data = JSON.parse(req.biz_content)
  } catch {
    return fail('INVALID_REQUEST', { field: 'biz_content' })
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) return fail('INVALID_REQUEST', { field: 'biz_content' })
  // The nonce is spent only by a request that is signed and in time.
  if (!takeNonce(emu, `${req.app_key}:${req.nonce}`, now, 2 * CLOCK_SKEW_S * 1000)) return fail('NONCE_REPLAYED')
  return { app: req.app_key, method: req.method as Method, data: data as Record<string, unknown> }
}

/** Every gateway request and its answer code, newest last (the console shows the tail). */
interface Sim {
  log: Array<{ at: number; method: string; code: string; http: number }>
  /** Requests hanging in a 'timeout' outage, dropped on reset. */
  hanging: Set<ServerResponse>
}
const sims = new WeakMap<EmulatorContext, Sim>()
function sim(emu: EmulatorContext): Sim {
  let s = sims.get(emu)
  if (!s) sims.set(emu, (s = { log: [], hanging: new Set() }))
  return s
}
function logRequest(emu: EmulatorContext, method: string, code: string, http: number) {
  const log = sim(emu).log
  log.push({ at: emu.clock.now(), method, code, http })
  if (log.length > 300) log.splice(0, log.length - 300)
}

function answer(res: ServerResponse, a: Answer) {
  sendJson(res, 200, { code: a.code, msg: a.code === 'SUCCESS' ? '成功' : CARD_ERRORS[a.code], ...(a.data !== undefined ? { data: a.data } : {}), request_id: randomUUID() })
}

async function gateway(emu: EmulatorContext, req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer) {
  if (url.pathname !== GATEWAY_PATH || req.method !== 'POST') return sendJson(res, 404, { code: 'NOT_FOUND', msg: `no route for ${req.method} ${url.pathname}` })
  const s = readSettings(emu)
  if (s.outage === 'http503') {
    logRequest(emu, '?', 'OUTAGE', 503)
    return sendJson(res, 503, { code: 'SERVICE_UNAVAILABLE', msg: '服务暂不可用' })
  }
  if (s.outage === 'timeout') {
    logRequest(emu, '?', 'OUTAGE', 0)
    // No answer: the connection is dropped after hangMs (or when the emulator closes).
    const hanging = sim(emu).hanging
    hanging.add(res)
    setTimeout(() => {
      hanging.delete(res)
      res.destroy()
    }, s.hangMs).unref()
    return
  }
  const opened = open(emu, body)
  const result = 'method' in opened ? run(emu, opened.app, opened.method, opened.data) : opened
  const method = 'method' in opened ? opened.method : '?'
  if (s.outage === 'lostAnswer') {
    // The work is done; the answer never reaches the caller.
    logRequest(emu, method, `${result.code} (答复丢失)`, 504)
    return sendJson(res, 504, { code: 'GATEWAY_TIMEOUT', msg: '网关超时' })
  }
  logRequest(emu, method, result.code, 200)
  answer(res, result)
}

// ——— on campus ———

function cardOf(emu: EmulatorContext, cardNo: unknown): AccountRow {
  if (!isStr(cardNo, 32)) throw new CardSimulatorError('请填写卡号（cardNo 必须是非空字符串）')
  const acc = getAccount(emu, cardNo)
  if (!acc) throw new CardSimulatorError(`没有这张校园卡：${cardNo}`)
  return acc
}

export type CampusResult =
  | { ok: true; claimedFen: number; spentFen: number; balanceFen: number; pendingFen: number }
  | { ok: false; code: 'ACCOUNT_LOST' | 'ACCOUNT_FROZEN' | 'ACCOUNT_CLOSED' | 'INSUFFICIENT_BALANCE' | 'CARD_PASSWORD_ERROR'; message: string; claimedFen: number; balanceFen: number; pendingFen: number }

const CAMPUS_MESSAGES = {
  ACCOUNT_LOST: '此卡已挂失，请到受理中心办理',
  ACCOUNT_FROZEN: '此卡已冻结，请到受理中心办理',
  ACCOUNT_CLOSED: '此卡已销户',
  INSUFFICIENT_BALANCE: '余额不足',
  CARD_PASSWORD_ERROR: '卡密码错误',
} as const

function refusedAt(a: AccountRow, code: keyof typeof CAMPUS_MESSAGES, claimedFen = 0): CampusResult {
  return { ok: false, code, message: CAMPUS_MESSAGES[code], claimedFen, balanceFen: a.balanceFen, pendingFen: a.pendingFen }
}

/** Moves the whole pending balance onto the card; the amount claimed. */
function claim(emu: EmulatorContext, a: AccountRow, place: string): number {
  if (a.pendingFen <= 0) return 0
  post(emu, { cardNo: a.cardNo, at: emu.clock.now(), kind: 'claim', title: '领取转账金额', balanceDeltaFen: a.pendingFen, pendingDeltaFen: -a.pendingFen, place })
  return a.pendingFen
}

function swipe(emu: EmulatorContext, input: { cardNo: unknown; amountFen: unknown; merchant?: unknown }): CampusResult {
  const a0 = cardOf(emu, input.cardNo)
  if (!isFen(input.amountFen) || input.amountFen < 0 || input.amountFen > 100_000) throw new CardSimulatorError('消费金额必须是 0 到 100000 之间的整数（分）')
  const merchant = input.merchant === undefined ? '上海亚惠博海餐饮有限公司' : input.merchant
  if (!isStr(merchant, 40)) throw new CardSimulatorError('商户名称必须是 1 到 40 个字的字符串')
  const amount = input.amountFen
  return emu.sqlite.transaction((): CampusResult => {
    const refusal = blocked(a0)
    if (refusal) return refusedAt(a0, refusal)
    const claimed = claim(emu, a0, merchant)
    const a = getAccount(emu, a0.cardNo)!
    if (amount > a.balanceFen) return refusedAt(a, 'INSUFFICIENT_BALANCE', claimed)
    if (amount > 0) post(emu, { cardNo: a.cardNo, at: emu.clock.now(), kind: 'pos', title: `消费(${merchant})`, balanceDeltaFen: -amount, pendingDeltaFen: 0, place: merchant })
    const after = getAccount(emu, a.cardNo)!
    return { ok: true, claimedFen: claimed, spentFen: amount, balanceFen: after.balanceFen, pendingFen: after.pendingFen }
  })()
}

function kioskClaim(emu: EmulatorContext, input: { cardNo: unknown; cardPassword: unknown; place?: unknown }): CampusResult {
  const a = cardOf(emu, input.cardNo)
  if (typeof input.cardPassword !== 'string') throw new CardSimulatorError('请输入卡密码（cardPassword 必须是字符串）')
  const place = input.place === undefined ? DEFAULT_KIOSK_PLACES[0] : input.place
  if (!isStr(place, 40)) throw new CardSimulatorError('圈存机位置必须是 1 到 40 个字的字符串')
  return emu.sqlite.transaction((): CampusResult => {
    if (input.cardPassword !== a.cardPassword) return refusedAt(a, 'CARD_PASSWORD_ERROR')
    const refusal = blocked(a)
    if (refusal) return refusedAt(a, refusal)
    const claimed = claim(emu, a, `自助圈存机（${place}）`)
    const after = getAccount(emu, a.cardNo)!
    return { ok: true, claimedFen: claimed, spentFen: 0, balanceFen: after.balanceFen, pendingFen: after.pendingFen }
  })()
}

const OUTAGES: Settings['outage'][] = ['off', 'http503', 'timeout', 'lostAnswer']
export const OUTAGE_LABELS: Record<Settings['outage'], string> = { off: '正常', http503: '服务不可用（503）', timeout: '无应答（超时）', lostAnswer: '已处理但答复丢失' }

function setOutage(emu: EmulatorContext, mode: unknown, hangMs?: unknown) {
  const m = mode === true ? 'http503' : mode === false ? 'off' : mode
  if (typeof m !== 'string' || !OUTAGES.includes(m as Settings['outage'])) throw new CardSimulatorError(`故障模式应为 ${OUTAGES.join('、')} 之一`)
  if (hangMs !== undefined && (!isFen(hangMs) || hangMs < 0 || hangMs > 120_000)) throw new CardSimulatorError('hangMs 必须是 0 到 120000 之间的整数（毫秒）')
  const s = readSettings(emu)
  writeSettings(emu, { ...s, outage: m as Settings['outage'], ...(hangMs !== undefined ? { hangMs: hangMs as number } : {}) })
  if (m !== 'timeout') dropHanging(emu)
}

function dropHanging(emu: EmulatorContext) {
  const hanging = sim(emu).hanging
  for (const r of hanging) r.destroy()
  hanging.clear()
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/

function configure(emu: EmulatorContext, input: Record<string, unknown>): Settings {
  const s = readSettings(emu)
  const next: Settings = { ...s }
  if ('serviceHours' in input) {
    const h = input.serviceHours as { start?: unknown; end?: unknown } | null
    if (h === null) next.serviceHours = null
    else if (h && typeof h === 'object' && typeof h.start === 'string' && typeof h.end === 'string' && HHMM.test(h.start) && HHMM.test(h.end) && h.start !== h.end) {
      next.serviceHours = { start: h.start, end: h.end }
    } else throw new CardSimulatorError('服务时间应为 {start: "HH:mm", end: "HH:mm"}（两者不同），或 null 表示全天')
  }
  for (const k of ['minTransferFen', 'maxTransferFen', 'dailyLimitFen'] as const) {
    if (k in input) {
      const v = input[k]
      if (!isFen(v) || v < 1 || v > 10_000_000) throw new CardSimulatorError(`${k} 必须是 1 到 10000000 之间的整数（分）`)
      next[k] = v
    }
  }
  if (next.minTransferFen > next.maxTransferFen) throw new CardSimulatorError('单笔最低金额不能高于单笔限额')
  writeSettings(emu, next)
  return next
}

function statusOf(emu: EmulatorContext, input: { cardNo: unknown; status: unknown }) {
  const a = cardOf(emu, input.cardNo)
  if (typeof input.status !== 'string' || !(CARD_STATUSES as readonly string[]).includes(input.status)) throw new CardSimulatorError(`状态应为 ${CARD_STATUSES.join('、')} 之一`)
  setStatus(emu, a.cardNo, input.status as CardStatus, emu.clock.now())
  return accountView(getAccount(emu, a.cardNo)!)
}

function reset(emu: EmulatorContext) {
  dropHanging(emu)
  sim(emu).log.length = 0
  seed(emu, emu.clock.now())
}

/** What tests drive (the console drives the same through /console/api/card/…). */
export function cardPlatform(emu: EmulatorContext) {
  return {
    accounts: () => listAccounts(emu),
    account: (cardNo: string) => getAccount(emu, cardNo),
    /** The account's ledger lines, oldest first. */
    ledger: (cardNo: string) => ledgerOf(emu, cardNo),
    /** balance + pending against the ledger; `ok` when they agree. */
    check: (cardNo: string) => ledgerCheck(emu, cardNo),
    /** A POS swipe: claims the pending balance onto the card, then spends `amountFen` (0: claim only). */
    swipe: (cardNo: string, amountFen: number, merchant?: string) => swipe(emu, { cardNo, amountFen, merchant }),
    /** 领取转账金额 at a self-service kiosk, with the card password. */
    kioskClaim: (cardNo: string, cardPassword: string, place?: string) => kioskClaim(emu, { cardNo, cardPassword, place }),
    /** The platform down (true or a mode) or back (false / 'off'). */
    outage: (mode: boolean | Settings['outage'], hangMs?: number) => setOutage(emu, mode, hangMs),
    settings: () => readSettings(emu),
    configure: (input: Partial<Omit<Settings, 'outage' | 'hangMs'>>) => configure(emu, input as Record<string, unknown>),
    /** The card's status as staff at the 受理中心 set it (解挂, 冻结, 销户). */
    setStatus: (cardNo: string, status: CardStatus) => statusOf(emu, { cardNo, status }),
    /** The gateway's requests and their answer codes, oldest first. */
    requests: () => [...sim(emu).log],
    /** Wipes the books, settings and nonces, and seeds the accounts again. */
    reset: () => reset(emu),
  }
}

export function registerCardPlatform(emu: EmulatorContext) {
  ensureTables(emu)
  if (isEmpty(emu)) seed(emu, emu.clock.now())
  const api = cardPlatform(emu)

  const guarded = (res: ServerResponse, fn: () => unknown) => {
    try {
      sendJson(res, 200, { ok: true, result: fn() })
    } catch (e) {
      if (e instanceof CardSimulatorError) return refuse(res, e.message)
      throw e
    }
  }
  const postRoute = (prefix: string, fn: (input: Record<string, unknown>) => unknown) => ({
    method: 'POST',
    prefix,
    handler: (_req: IncomingMessage, res: ServerResponse, _url: URL, body: Buffer) => {
      const input = jsonObject(body)
      if (!input) return refuse(res, NOT_AN_OBJECT)
      guarded(res, () => fn(input))
    },
  })
  const views = () => listAccounts(emu).map((a) => ({ ...a, ledgerOk: ledgerCheck(emu, a.cardNo).ok }))

  emu.routes.push(
    { method: 'POST', prefix: GATEWAY_PATH, handler: (req, res, url, body) => gateway(emu, req, res, url, body) },
    { method: 'GET', prefix: '/console/api/card/accounts', handler: (_req, res) => sendJson(res, 200, { accounts: views(), settings: readSettings(emu), kiosks: DEFAULT_KIOSK_PLACES, requests: sim(emu).log.slice(-50).reverse() }) },
    { method: 'GET', prefix: '/console/api/card/account', handler: (_req, res, url) => guarded(res, () => accountView(cardOf(emu, url.searchParams.get('cardNo') ?? ''))) },
    { method: 'GET', prefix: '/console/api/card/ledger', handler: (_req, res, url) => guarded(res, () => {
      const a = cardOf(emu, url.searchParams.get('cardNo') ?? '')
      return { account: accountView(a), check: ledgerCheck(emu, a.cardNo), lines: ledgerOf(emu, a.cardNo).reverse() }
    }) },
    postRoute('/console/api/card/swipe', (i) => swipe(emu, { cardNo: i.cardNo, amountFen: i.amountFen, merchant: i.merchant })),
    postRoute('/console/api/card/kiosk-claim', (i) => kioskClaim(emu, { cardNo: i.cardNo, cardPassword: i.cardPassword, place: i.place })),
    postRoute('/console/api/card/outage', (i) => {
      setOutage(emu, i.mode ?? i.on, i.hangMs)
      return readSettings(emu)
    }),
    postRoute('/console/api/card/settings', (i) => configure(emu, i)),
    postRoute('/console/api/card/status', (i) => statusOf(emu, { cardNo: i.cardNo, status: i.status })),
    postRoute('/console/api/card/reset', () => {
      api.reset()
      return { accounts: listAccounts(emu).length }
    }),
  )
}
