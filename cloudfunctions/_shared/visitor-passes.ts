// 访客预约's records (issue 13): host accounts and their bindings, visitor
// passes with their 6-digit code claims, the office's visit settings, the
// one way a pass changes status, the host's 到访 notice, and the sweep's
// expiry. Shared by the visitor function, the device function (the gate) and
// the sweep. The rules are src/domain/visitor/pass.ts.
//
// Collections (database/collections.ts):
// - `visitor_hosts` (`_id` = host:<account>): a host account kept by the
//   office — name, department, phone, the password's scrypt hash
//   (password.ts), active, the WeChat account bound to it (`boundOpenid`),
//   and the wrong-password state (lockout.ts) with `attemptsSeq`, the
//   counter every change of that state is conditional on.
// - `visitor_bindings` (`_id` = the WeChat openid): which host account a
//   WeChat account is bound to. With `boundOpenid` on the host it makes the
//   binding one-to-one both ways: a WeChat account has one binding document
//   by its id, and a host account takes one openid by a conditional update
//   on `boundOpenid: null`. A binding counts only when both agree; a half
//   written one (a function that died between the two writes) is ignored
//   and repaired by the next bind or unbind.
// - `visitor_passes`: one per pass, owned by the host account (not the
//   WeChat account: a host who binds again finds their passes).
// - `visitor_codes` (`_id` = the 6-digit code): the claim of a live pass on
//   its code, so two live passes never share one. A claim is free again once
//   its pass has ended (cancelled, expired, changed to a new code, or past
//   its window); creating a pass takes a free code, retrying on collision.
//   A claim younger than CLAIM_SETTLE_MS is taken whatever its pass says
//   (pass.ts claimStands): the claim is written before its pass (create) or
//   before the pass names the code (修改预约), and a claim read in between
//   must not look stale.
// - `visitor_guards` (`_id` = the guard's openid): a guard's wrong-code state
//   (GUARD_CODE_LIMIT: the times of the day's wrong codes, `wrongAt`).
// - `visitor_attempts`: 账号绑定's other try states (lockout.ts) — per
//   WeChat account across host accounts (`wechat:<openid>`, `wrongAt`), and
//   per host account name that does not exist (`account:<account>`,
//   `attempts`), so an unknown account answers as a known one does.
// - `settings` document `visitor`: the office's VisitorSettings and the
//   campus address a pass shows.
//
// Decisions:
// - A status moves only by the table (pass.ts transition), written as an
//   update conditional on the status and version it was read in; of two
//   moves at once (a cancel and the guard, the gate and the guard) one wins.
// - The parking payer is snapshotted onto the pass and shown; at the lot it
//   decides whether the visit's time is free (visitor-gate.ts, visitor/parking.ts).
import { randomUUID } from 'node:crypto'
import { AppError } from '../../src/domain/errors'
import type { AttemptState } from '../../src/domain/lockout'
import { formatPlate } from '../../src/domain/plate'
import { shanghai } from '../../src/domain/time'
import {
  claimStands,
  DEFAULT_VISITOR_SETTINGS,
  dueToExpire,
  transition,
  VisitorSettingsSchema,
  type ParkingPayer,
  type PassEvent,
  type PassStatus,
  type VisitorSettings,
} from '../../src/domain/visitor/pass'
import { _, type Doc } from './cloud'
import { now } from './clock'
import { collection } from './collection'
import { isDuplicateKey } from './db-errors'
import { sendSubscribe } from './subscribe'
import { newVerificationCode } from './visitor-token'

export interface HostDoc {
  account: string
  name: string
  department: string
  phone: string
  /** scrypt$N$r$p$salt$hash (password.ts); never the password. */
  passwordHash: string
  active: boolean
  boundOpenid: string | null
  boundAt: number | null
  attempts: AttemptState
  /** Moves with every change of `attempts`: the condition of the next change. */
  attemptsSeq: number
  createdAt: number
  updatedAt: number
}

export interface BindingDoc {
  hostId: string
  at: number
}

export interface PassEntry {
  at: number
  by: 'guard' | 'gate'
  /** The guard's openid, or the lane's id. */
  who: string
}

export interface PassDoc {
  hostId: string
  /** The host as the pass shows them, when it was made or last changed. */
  hostName: string
  hostDepartment: string
  name: string
  /** As typed (the host's); shown masked. */
  phone: string
  purpose: string
  start: number
  end: number
  visitors: number
  /** Normalised (京A12345), or null without a car. */
  plate: string | null
  status: PassStatus
  /** 1 when made; +1 on every 修改预约 (the QR token names it). */
  version: number
  /** The code this pass claims in visitor_codes. */
  code: string
  parkingPayer: ParkingPayer
  entries: PassEntry[]
  arrivedAt: number | null
  cancelledAt: number | null
  expiredAt: number | null
  createdAt: number
  updatedAt: number
}

export interface CodeClaimDoc {
  passId: string
  /** The pass's window end: the claim is free from then at the latest. */
  until: number
  /** When it was claimed (absent on claims made before this was kept). */
  at?: number
}

export interface GuardDoc {
  /** When each wrong code of the last day was typed (lockout.ts GuessState). */
  wrongAt: number[]
  attemptsSeq: number
}

/** A try state in `visitor_attempts` (one of the two fields). */
export interface TryDoc {
  attempts?: AttemptState
  wrongAt?: number[]
  attemptsSeq: number
}

export const hosts = collection<HostDoc>('visitor_hosts')
export const bindings = collection<BindingDoc>('visitor_bindings')
export const passes = collection<PassDoc>('visitor_passes')
export const codeClaims = collection<CodeClaimDoc>('visitor_codes')
export const guards = collection<GuardDoc>('visitor_guards')
export const tries = collection<TryDoc>('visitor_attempts')
const settingsDocs = collection<{ settings: VisitorSettings; address: string; updatedAt: number }>('settings')

export const SETTINGS_ID = 'visitor'
/** The campus address a pass shows until the office sets one. */
export const DEFAULT_ADDRESS = '北京市海淀区学院路38号 北京大学医学部'

export const hostIdOf = (account: string) => `host:${account}`

/** The office's settings and address; the defaults when none (or a malformed one) is stored. */
export async function visitorSettings(): Promise<{ settings: VisitorSettings; address: string }> {
  const doc = await settingsDocs.findOne({ _id: SETTINGS_ID })
  const parsed = VisitorSettingsSchema.safeParse(doc?.settings)
  const address = typeof doc?.address === 'string' && doc.address ? doc.address : DEFAULT_ADDRESS
  return { settings: parsed.success ? parsed.data : DEFAULT_VISITOR_SETTINGS, address }
}

export async function saveVisitorSettings(settings: VisitorSettings, address: string): Promise<void> {
  await settingsDocs.set(SETTINGS_ID, { settings, address, updatedAt: now() })
}

/** The host account the caller's WeChat is bound to, when both sides agree. */
export async function boundHostOf(openid: string): Promise<Doc<HostDoc> | null> {
  const binding = await bindings.findOne({ _id: openid })
  if (!binding) return null
  const host = await hosts.findOne({ _id: binding.hostId })
  return host && host.boundOpenid === openid ? host : null
}

export const newPassId = () => `vp${randomUUID().replace(/-/g, '')}`

/** Whether a code's claim no longer stands for a live pass at `t` (pass.ts claimStands). */
async function claimIsFree(claim: Doc<CodeClaimDoc>, t: number): Promise<boolean> {
  return !claimStands({ ...claim, code: claim._id }, (await passes.findOne({ _id: claim.passId })) ?? null, t)
}

const CLAIM_TRIES = 12

/**
 * Claims a random free code for `passId` until `until`. A taken code is
 * retried with another; a stale claim (its pass ended) is taken over by a
 * conditional replace on the pass it named, so two takers cannot both win.
 */
export async function claimCode(passId: string, until: number): Promise<string> {
  const t = now()
  for (let i = 0; i < CLAIM_TRIES; i++) {
    const code = newVerificationCode()
    try {
      await codeClaims.insert(code, { passId, until, at: t })
      return code
    } catch (e) {
      if (!isDuplicateKey(e)) throw e
    }
    const claim = await codeClaims.findOne({ _id: code })
    if (claim && (await claimIsFree(claim, t)) && (await codeClaims.update({ _id: code, passId: claim.passId, until: claim.until }, { passId, until, at: t })) === 1) return code
  }
  throw new AppError('VISITOR_CODE_BUSY')
}

/** Gives a code back (only while `passId` holds it). */
export async function releaseCode(code: string, passId: string): Promise<void> {
  await codeClaims.remove({ _id: code, passId })
}

/** The live pass a typed code names, if any. */
export async function passByCode(code: string, t: number): Promise<Doc<PassDoc> | null> {
  const claim = await codeClaims.findOne({ _id: code })
  if (!claim) return null
  const pass = (await passes.findOne({ _id: claim.passId })) ?? null
  // The claim stands by its live pass naming the code (not by being new: a settling claim's pass may not name it yet).
  return pass && claimStands({ code, until: claim.until }, pass, t) ? pass : null
}

/**
 * Moves the pass by `event` from the status and version it was read in,
 * writing `extra` with it; the moved pass, or null when it changed meanwhile.
 * Throws for a move the table does not allow (a caller's bug).
 */
export async function movePass(pass: Doc<PassDoc>, event: PassEvent, extra: Record<string, unknown> = {}): Promise<Doc<PassDoc> | null> {
  const next = transition(pass.status, event)
  if (next === null) throw new Error(`visitor pass ${pass._id}: ${event} not allowed from ${pass.status}`)
  const t = now()
  const n = await passes.update({ _id: pass._id, status: pass.status, version: pass.version }, { status: next, updatedAt: t, ...extra })
  if (n !== 1) return null
  return (await passes.findOne({ _id: pass._id })) ?? null
}

/** 登记到访 or the gate: the pass ARRIVE/REENTER with the entry recorded; null when it changed meanwhile. */
export async function recordEntry(pass: Doc<PassDoc>, event: 'ARRIVE' | 'REENTER', entry: PassEntry): Promise<Doc<PassDoc> | null> {
  return movePass(pass, event, { entries: _.push(entry), ...(event === 'ARRIVE' ? { arrivedAt: entry.at } : {}) })
}

/**
 * 访客到访提醒 to the host's bound WeChat (subscribe message
 * WX_TEMPLATE_VISITOR_ARRIVED: thing1 the visitor, time2 when, thing3 where).
 * Never throws; false when not sent.
 */
export async function notifyArrived(pass: Doc<PassDoc>, at: number, where: string): Promise<boolean> {
  const host = await hosts.findOne({ _id: pass.hostId }).catch(() => undefined)
  if (!host?.boundOpenid) return false
  // Only a binding both halves agree on: a host left naming a WeChat that has since bound another host tells no one.
  const binding = await bindings.findOne({ _id: host.boundOpenid }).catch(() => undefined)
  if (binding?.hostId !== host._id) return false
  return sendSubscribe(host.boundOpenid, 'WX_TEMPLATE_VISITOR_ARRIVED', `packages/visitor/pages/detail/index?id=${pass._id}`, {
    thing1: pass.plate ? `${pass.name} ${formatPlate(pass.plate)}` : pass.name,
    time2: shanghai(at).format('YYYY-MM-DD HH:mm'),
    thing3: where,
  })
}

/**
 * The sweep: every 待到访 pass whose window has ended becomes 已过期 (by the
 * table), its code given back; claims past their pass's window are removed.
 */
export async function sweepVisitorPasses(limit = 100): Promise<{ expired: number; codes: number }> {
  const t = now()
  let expired = 0
  const due = await passes.find({ status: 'BOOKED', end: _.lte(t) }, { orderBy: ['end', 'asc'], limit })
  for (const p of due) {
    if (!dueToExpire(p, t)) continue
    if (await movePass(p, 'EXPIRE', { expiredAt: t })) {
      expired++
      await releaseCode(p.code, p._id)
    }
  }
  let codes = 0
  for (const c of await codeClaims.find({ until: _.lte(t) }, { orderBy: ['until', 'asc'], limit })) codes += await codeClaims.remove({ _id: c._id, passId: c.passId, until: c.until })
  return { expired, codes }
}
