// The campus-card platform adapter (issue 14): the only code that talks to
// the school's card platform (正元 / 新开普 style signed JSON gateway; locally
// the emulator's simulator, emulator/card/). Its endpoint, app key and
// secret are function configuration: CARD_ENDPOINT (the gateway's base URL,
// `<base>/gateway` is posted to), CARD_APP_KEY, CARD_APP_SECRET, and
// optionally CARD_TIMEOUT_MS (default 2500: a function's time limit is 3 s
// unless raised, and an unanswered call must still end in an outcome).
//
// Operations: verifyHolder, account, transfer, transferStatus,
// reconciliation, transactions (by month), reportLost.
//
// Every call answers an outcome a caller can act on and never throws for
// what the platform does (only for missing configuration):
//   { status: 'ok', value }
//   { status: 'refused', code, message }   the platform answered no; code is
//       one of CardRefusal with the Chinese sentence of src/domain/card/platform.ts
//   { status: 'unavailable', message }     no usable answer (HTTP error,
//       timeout, connection refused, a body we cannot read, our own request
//       refused for its signature or clock): the operation may or may not
//       have happened; retry.
// Raw platform errors are logged here, never passed on.
//
// Decisions:
// - transfer: DUPLICATE_SERIAL means the platform already holds this serial,
//   so it is success ('duplicate'), provided the original it reports is the
//   same card and amount; otherwise SERIAL_CONFLICT (a bug, never success).
//   A SUCCESS reporting another card or amount than asked is the same
//   SERIAL_CONFLICT: whatever the platform did, it is not our top-up.
// - CARD_ENDPOINT must be https: the requests carry holders' names and query
//   passwords. Plain http is accepted only for a loopback host (localhost,
//   127.x, ::1: the emulator); anything else is a configuration error, thrown.
// - ACCOUNT_NOT_FOUND and NAME_MISMATCH both become HOLDER_MISMATCH, so a
//   stranger topping up cannot learn which numbers exist.
// - An unknown platform code is 'unavailable', not a refusal: refusals can
//   lead to a refund (topup.ts mayGiveUp), so only codes we know refuse.
// - node:http(s) rather than fetch: the functions' runtime target is node16.
import { createHmac, randomBytes } from 'node:crypto'
import http from 'node:http'
import https from 'node:https'
import { CARD_REFUSAL_MESSAGES, CARD_UNAVAILABLE_MESSAGE, type CardKind, type CardRefusal, type CardStatus } from '../../src/domain/card/platform'
import { now } from './clock'

export type CardOutcome<T> = { status: 'ok'; value: T } | { status: 'refused'; code: CardRefusal; message: string } | { status: 'unavailable'; message: string }

export interface CardHolder {
  cardNo: string
  name: string
  kind: CardKind
  status: CardStatus
}

export interface CardAccount extends CardHolder {
  balanceFen: number
  pendingFen: number
  lostAt: number | null
}

export interface CardTransfer {
  outcome: 'credited' | 'duplicate'
  serialNo: string
  platformSerial: string
  cardNo: string
  amountFen: number
  at: number
}

export interface CardTransaction {
  id: number
  at: number
  kind: 'opening' | 'transfer' | 'claim' | 'pos' | string
  title: string
  /** The effect on balance + pending: a meal is negative, a top-up positive, a claim 0. */
  amountFen: number
  balanceDeltaFen: number
  pendingDeltaFen: number
  balanceAfterFen: number
  pendingAfterFen: number
  place: string | null
}

export interface CardStatement {
  cardNo: string
  month: string
  incomeFen: number
  expenseFen: number
  /** Newest first. */
  items: CardTransaction[]
}

function env(name: string): string {
  const value = process.env[name]
  if (!value) throw new Error(`missing function configuration ${name}`)
  return value
}

/** Platform codes that are a refusal we can act on, and ours for each. */
const REFUSALS: Record<string, CardRefusal> = {
  ACCOUNT_NOT_FOUND: 'HOLDER_MISMATCH',
  NAME_MISMATCH: 'HOLDER_MISMATCH',
  QUERY_PASSWORD_ERROR: 'QUERY_PASSWORD_WRONG',
  ACCOUNT_LOST: 'ACCOUNT_LOST',
  ACCOUNT_FROZEN: 'ACCOUNT_FROZEN',
  ACCOUNT_CLOSED: 'ACCOUNT_CLOSED',
  ALREADY_LOST: 'ALREADY_LOST',
  AMOUNT_INVALID: 'AMOUNT_INVALID',
  AMOUNT_OVER_LIMIT: 'AMOUNT_OVER_LIMIT',
  DAILY_LIMIT_EXCEEDED: 'DAILY_LIMIT_EXCEEDED',
  OUTSIDE_SERVICE_HOURS: 'OUTSIDE_SERVICE_HOURS',
  INVALID_REQUEST: 'BAD_REQUEST',
}

const refused = (code: CardRefusal): CardOutcome<never> => ({ status: 'refused', code, message: CARD_REFUSAL_MESSAGES[code] })
const unavailable = (why: string): CardOutcome<never> => {
  console.error('[campus-card] unavailable:', why)
  return { status: 'unavailable', message: CARD_UNAVAILABLE_MESSAGE }
}

interface Reply {
  code: string
  msg?: string
  data?: any
}

/** The signed request envelope (protocol: emulator/card/protocol.ts). */
export function signRequest(method: string, params: Record<string, unknown>, creds: { appKey: string; secret: string }, at = now()) {
  const fields = {
    app_key: creds.appKey,
    biz_content: JSON.stringify(params),
    method,
    nonce: randomBytes(16).toString('hex'),
    timestamp: String(Math.floor(at / 1000)),
  }
  const canonical = (Object.keys(fields) as Array<keyof typeof fields>)
    .sort()
    .map((k) => `${k}=${fields[k]}`)
    .join('&')
  return { ...fields, sign: createHmac('sha256', creds.secret).update(canonical, 'utf8').digest('hex') }
}

function postJson(url: string, body: string, timeoutMs: number): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url)
    const lib = u.protocol === 'https:' ? https : http
    const req = lib.request(
      u,
      { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }, timeout: timeoutMs },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }))
        res.on('error', reject)
      },
    )
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)))
    req.on('error', reject)
    req.end(body)
  })
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i

/** CARD_ENDPOINT without its trailing slashes; refused unless https or a loopback (emulator) host. */
export function cardEndpoint(): string {
  const endpoint = env('CARD_ENDPOINT').replace(/\/+$/, '')
  let u: URL
  try {
    u = new URL(endpoint)
  } catch {
    throw new Error('function configuration CARD_ENDPOINT is not a URL')
  }
  if (u.protocol === 'https:' || (u.protocol === 'http:' && LOOPBACK.test(u.hostname))) return endpoint
  throw new Error('function configuration CARD_ENDPOINT must be https (plain http only for a loopback host)')
}

/** One gateway call: the platform's reply, or why there is none. */
async function ask(method: string, params: Record<string, unknown>): Promise<{ reply: Reply } | { none: string }> {
  const endpoint = cardEndpoint()
  const creds = { appKey: env('CARD_APP_KEY'), secret: env('CARD_APP_SECRET') }
  const timeout = Number(process.env.CARD_TIMEOUT_MS) > 0 ? Number(process.env.CARD_TIMEOUT_MS) : 2500
  try {
    const res = await postJson(`${endpoint}/gateway`, JSON.stringify(signRequest(method, params, creds)), timeout)
    if (res.status !== 200) return { none: `${method}: HTTP ${res.status}` }
    const reply = JSON.parse(res.text) as Reply
    if (!reply || typeof reply.code !== 'string') return { none: `${method}: no code in the answer` }
    return { reply }
  } catch (e) {
    return { none: `${method}: ${(e as Error)?.message ?? String(e)}` }
  }
}

/** A reply that is not SUCCESS as our outcome: a known refusal, else unavailable (logged). */
function notOk(method: string, r: Reply): CardOutcome<never> {
  const ours = REFUSALS[r.code]
  if (ours) return refused(ours)
  return unavailable(`${method}: ${r.code} ${r.msg ?? ''}`)
}

async function call<T>(method: string, params: Record<string, unknown>, read: (data: any) => T | undefined): Promise<CardOutcome<T>> {
  const a = await ask(method, params)
  if ('none' in a) return unavailable(a.none)
  if (a.reply.code !== 'SUCCESS') return notOk(method, a.reply)
  const value = read(a.reply.data)
  return value === undefined ? unavailable(`${method}: unreadable data`) : { status: 'ok', value }
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v)
const readHolder = (d: any): CardHolder | undefined =>
  d && typeof d.cardNo === 'string' && typeof d.name === 'string' && typeof d.status === 'string' ? { cardNo: d.cardNo, name: d.name, kind: d.kind, status: d.status } : undefined
const readAccount = (d: any): CardAccount | undefined => {
  const h = readHolder(d)
  return h && isInt(d.balanceFen) && isInt(d.pendingFen) ? { ...h, balanceFen: d.balanceFen, pendingFen: d.pendingFen, lostAt: isInt(d.lostAt) ? d.lostAt : null } : undefined
}

/** 绑定 / 他人卡充值: do this number and name belong together (and, for binding, the query password)? */
export function verifyHolder(input: { cardNo: string; name: string; queryPassword?: string }): Promise<CardOutcome<CardHolder>> {
  const params: Record<string, unknown> = { cardNo: input.cardNo, name: input.name }
  if (input.queryPassword !== undefined) params.queryPassword = input.queryPassword
  return call('card.holder.verify', params, readHolder)
}

/** 余额, 待圈存 and status of a card. */
export function account(cardNo: string): Promise<CardOutcome<CardAccount>> {
  return call('card.account.query', { cardNo }, readAccount)
}

/**
 * Transfers a paid top-up into the card's pending balance, idempotently by
 * our serial (the order number): repeat it freely until it answers ok.
 */
export async function transfer(input: { cardNo: string; amountFen: number; serialNo: string; name?: string }): Promise<CardOutcome<CardTransfer>> {
  const method = 'card.transfer.create'
  const params: Record<string, unknown> = { cardNo: input.cardNo, amountFen: input.amountFen, serialNo: input.serialNo }
  if (input.name !== undefined) params.name = input.name
  const a = await ask(method, params)
  if ('none' in a) return unavailable(a.none)
  const { code, data: d } = a.reply
  if (code !== 'SUCCESS' && code !== 'DUPLICATE_SERIAL') return notOk(method, a.reply)
  if (!d || d.serialNo !== input.serialNo || typeof d.cardNo !== 'string' || !isInt(d.amountFen)) return unavailable(`${method}: ${code} without the transfer`)
  if (d.cardNo !== input.cardNo || d.amountFen !== input.amountFen) {
    console.error('[campus-card] serial conflict', code, input.serialNo, 'held for', d.cardNo, d.amountFen)
    return refused('SERIAL_CONFLICT')
  }
  return {
    status: 'ok',
    value: { outcome: code === 'SUCCESS' ? 'credited' : 'duplicate', serialNo: input.serialNo, platformSerial: String(d.platformSerial ?? ''), cardNo: d.cardNo, amountFen: d.amountFen, at: isInt(d.at) ? d.at : now() },
  }
}

/** A transfer as the platform holds it (transfer lookup, reconciliation). */
export interface HeldTransfer {
  serialNo: string
  platformSerial: string
  cardNo: string
  amountFen: number
  at: number
}

const readHeld = (d: any): HeldTransfer | undefined =>
  d && typeof d.serialNo === 'string' && typeof d.cardNo === 'string' && isInt(d.amountFen) && isInt(d.at)
    ? { serialNo: d.serialNo, platformSerial: String(d.platformSerial ?? ''), cardNo: d.cardNo, amountFen: d.amountFen, at: d.at }
    : undefined

/**
 * Whether the platform holds our transfer `serialNo`: a read-only check,
 * e.g. before giving up on a top-up. SERIAL_NOT_FOUND is `found: false`.
 */
export async function transferStatus(serialNo: string): Promise<CardOutcome<{ found: true; transfer: HeldTransfer } | { found: false }>> {
  const method = 'card.transfer.query'
  const a = await ask(method, { serialNo })
  if ('none' in a) return unavailable(a.none)
  if (a.reply.code === 'SERIAL_NOT_FOUND') return { status: 'ok', value: { found: false } }
  if (a.reply.code !== 'SUCCESS') return notOk(method, a.reply)
  const transfer = readHeld(a.reply.data)
  return transfer ? { status: 'ok', value: { found: true, transfer } } : unavailable(`${method}: unreadable data`)
}

/** Every transfer of ours the platform holds for one Shanghai day (YYYY-MM-DD): its side of the daily reconciliation. */
export function reconciliation(date: string): Promise<CardOutcome<{ date: string; totalFen: number; items: HeldTransfer[] }>> {
  return call('card.reconcile.query', { date }, (d) => {
    if (!d || !Array.isArray(d.items) || !isInt(d.totalFen)) return undefined
    const items = d.items.map(readHeld)
    return items.every(Boolean) ? { date: String(d.date), totalFen: d.totalFen, items: items as HeldTransfer[] } : undefined
  })
}

/** 交易明细 of one month (YYYY-MM, Shanghai), newest first. */
export function transactions(cardNo: string, month: string): Promise<CardOutcome<CardStatement>> {
  return call('card.transactions.query', { cardNo, month }, (d) =>
    d && Array.isArray(d.items) && isInt(d.incomeFen) && isInt(d.expenseFen)
      ? {
          cardNo: d.cardNo,
          month: d.month,
          incomeFen: d.incomeFen,
          expenseFen: d.expenseFen,
          items: d.items.map((i: any) => ({
            id: i.id,
            at: i.at,
            kind: i.kind,
            title: i.title,
            amountFen: i.amountFen,
            balanceDeltaFen: i.balanceDeltaFen,
            pendingDeltaFen: i.pendingDeltaFen,
            balanceAfterFen: i.balanceAfterFen,
            pendingAfterFen: i.pendingAfterFen,
            place: i.place ?? null,
          })),
        }
      : undefined,
  )
}

/** 卡挂失 with the 6-digit query password. */
export function reportLost(input: { cardNo: string; queryPassword: string }): Promise<CardOutcome<{ cardNo: string; lostAt: number }>> {
  return call('card.loss.report', { cardNo: input.cardNo, queryPassword: input.queryPassword }, (d) => (d && isInt(d.lostAt) ? { cardNo: String(d.cardNo), lostAt: d.lostAt } : undefined))
}
