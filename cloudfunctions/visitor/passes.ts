// 访客预约 for a bound host (seed 001 §3.2): 预约 (create), the list, a pass's
// detail, 修改预约, 取消预约 and 分享 (the signed QR token and the visitor
// link, and optionally the code by SMS to the visitor). Rules:
// src/domain/visitor/; records: _shared/visitor-passes.ts.
//
// Decisions:
// - Only the WeChat account bound to a host account acts on that account's
//   passes; another's pass is not found. A deactivated host may still list,
//   see and cancel passes, but not create, modify or share — and `detail`
//   gives them the form with the phone masked too (it is unmasked only to
//   prefill 修改预约, which they may no longer do).
// - The form is checked in full by checkVisitorForm against the office's
//   settings at the server's clock; refusals carry every field's reason.
// - A live pass claims a code unique among live passes (claimCode). 修改预约
//   claims a new code and bumps `version` in one conditional write on the
//   version the host saw, then gives the old code back: the old QR and the
//   old code stop working together. A changed name or window is a different
//   visit; its old credentials must not admit it.
// - A host has at most MAX_LIVE_PASSES passes waiting (待到访) — a soft cap
//   read before writing, so a burst may pass it by a few; it bounds how much
//   of the code space one host can hold.
// - The list: every upcoming pass (window not over, not cancelled; at most
//   MAX_LIVE_PASSES + the arrived ones, so one read) on the first page, then
//   the past ones latest first, PAGE at a time (`cursor` counts those shown).
// - 分享 with `sms`: one SMS with the code to the visitor's phone
//   (SMS_TEMPLATE_VISITOR_PASS: host, time, code), counted in `sms_sends`
//   against the same limits as verification codes (sms-code.ts decideSend,
//   the phone function's SMS_* limit configuration): the visitor's phone
//   (the 60 s countdown, per hour, per day), the host's WeChat account per
//   day, and the caller's IP per day. A failed send counts nothing. The send
//   is recorded BEFORE the SMS goes out and the account's and the IP's
//   counts read again with it: shares of several passes at once (different
//   phones, so the phone's countdown does not order them) each see the
//   others, and a burst cannot pass the daily limits — when they overlap,
//   all may be refused rather than too many sent. A failed send removes its
//   record.
import { AppError } from '../../src/domain/errors'
import { maskPhone } from '../../src/domain/phone'
import { formatPlate } from '../../src/domain/plate'
import { decideSend, DEFAULT_SMS_LIMITS, type SmsLimits } from '../../src/domain/sms-code'
import { shanghai } from '../../src/domain/time'
import { checkVisitorForm, type VisitorForm } from '../../src/domain/visitor/form'
import {
  compareForHost,
  effectiveStatus,
  formatWindow,
  mayChange,
  PARKING_PAYER_LABELS,
  passNotice,
  PASS_STATUS_LABELS,
  type VisitorSettings,
  type VisitWindow,
} from '../../src/domain/visitor/pass'
import type { Caller } from '../_shared/auth'
import { _, cloud, type Doc } from '../_shared/cloud'
import { now } from '../_shared/clock'
import { collection } from '../_shared/collection'
import { isDuplicateKey } from '../_shared/db-errors'
import { sendSms } from '../_shared/sms'
import { boundHostOf, claimCode, movePass, newPassId, passes, releaseCode, visitorSettings, type HostDoc, type PassDoc } from '../_shared/visitor-passes'
import { visitParkingOf } from '../_shared/visitor-gate'
import { signPassToken } from '../_shared/visitor-token'

/** Passes a host may have waiting (待到访) at once. */
export const MAX_LIVE_PASSES = 50
/** Past passes per page of the list. */
export const PAGE = 20

/** The page the shared link opens (the visitor view). */
export const VIEW_PAGE = 'packages/visitor/pages/view/index'

/** Whether the pass's credentials (QR, code) work now: its current version, not ended. */
const works = (p: Doc<PassDoc>, t: number) => passNotice(p, p.version, t) === null && t < p.end

/** The HostPassView contract's shape. */
export function hostPassView(p: Doc<PassDoc>, t: number) {
  const status = effectiveStatus(p, t)
  return {
    id: p._id,
    version: p.version,
    name: p.name,
    phone: maskPhone(p.phone),
    purpose: p.purpose,
    start: p.start,
    end: p.end,
    windowText: formatWindow(p),
    visitors: p.visitors,
    plate: p.plate,
    plateText: p.plate ? formatPlate(p.plate) : null,
    status,
    statusLabel: PASS_STATUS_LABELS[status],
    code: works(p, t) ? p.code : null,
    parkingPayer: p.parkingPayer,
    parkingPayerLabel: `访客停车：${PARKING_PAYER_LABELS[p.parkingPayer]}`,
    createdAt: p.createdAt,
    arrivedAt: p.arrivedAt,
    mayModify: mayChange(p, 'MODIFY', t).ok,
    mayCancel: mayChange(p, 'CANCEL', t).ok,
    mayShare: works(p, t),
  }
}

/** The caller's host account; refused unless bound (and active, when `active`). */
export async function hostOf(caller: Caller, opts: { active?: boolean } = {}): Promise<Doc<HostDoc>> {
  const host = await boundHostOf(caller.openid)
  if (!host) throw new AppError('HOST_NOT_BOUND')
  if (opts.active && !host.active) throw new AppError('HOST_INACTIVE')
  return host
}

/** The host's own pass, or not found. */
async function ownPass(host: Doc<HostDoc>, passId: string): Promise<Doc<PassDoc>> {
  const p = await passes.findOne({ _id: passId })
  if (!p || p.hostId !== host._id) throw new AppError('VISITOR_PASS_NOT_FOUND')
  return p
}

/** The form checked against the settings now, or VISITOR_FORM_INVALID with every field's reason. */
function checkedForm(input: unknown, settings: VisitorSettings, t: number, previous: VisitWindow | null): VisitorForm {
  const checked = checkVisitorForm(input, settings, t, previous)
  if (!checked.ok) throw new AppError('VISITOR_FORM_INVALID', Object.values(checked.errors)[0], { errors: checked.errors })
  return checked.form
}

// ── 预约 ────────────────────────────────────────────────────────────────────

export async function create(input: VisitorForm, caller: Caller) {
  const host = await hostOf(caller, { active: true })
  const { settings } = await visitorSettings()
  const t = now()
  const form = checkedForm(input, settings, t, null)
  if ((await passes.count({ hostId: host._id, status: 'BOOKED', end: _.gt(t) })) >= MAX_LIVE_PASSES)
    throw new AppError('VISITOR_PASS_LIMIT', `最多同时有 ${MAX_LIVE_PASSES} 个待到访的预约，请先取消不需要的预约`)

  const id = newPassId()
  const code = await claimCode(id, form.end)
  const doc: PassDoc = {
    hostId: host._id,
    hostName: host.name,
    hostDepartment: host.department,
    name: form.name,
    phone: form.phone,
    purpose: form.purpose,
    start: form.start,
    end: form.end,
    visitors: form.visitors,
    plate: form.plate,
    status: 'BOOKED',
    version: 1,
    code,
    parkingPayer: settings.parkingPayer,
    entries: [],
    arrivedAt: null,
    cancelledAt: null,
    expiredAt: null,
    createdAt: t,
    updatedAt: t,
  }
  try {
    await passes.insert(id, doc)
  } catch (e) {
    await releaseCode(code, id)
    throw e
  }
  return { pass: hostPassView({ ...doc, _id: id }, t) }
}

// ── The list and a pass ─────────────────────────────────────────────────────

export async function list({ cursor = 0 }: { cursor?: number }, caller: Caller) {
  const host = await hostOf(caller)
  const t = now()
  const upcoming =
    cursor === 0 ? await passes.find({ hostId: host._id, status: _.in(['BOOKED', 'ARRIVED']), end: _.gt(t) }, { orderBy: ['start', 'asc'], limit: 1000 }) : []
  const pastWhere = _.or([
    { hostId: host._id, status: _.in(['CANCELLED', 'EXPIRED']) },
    { hostId: host._id, end: _.lte(t) },
  ]) as unknown as Record<string, unknown>
  const past = await passes.find(pastWhere, { orderBy: ['start', 'desc'], skip: cursor, limit: PAGE + 1 })
  const shownPast = past.slice(0, PAGE)
  const { settings } = await visitorSettings()
  const byHost = compareForHost(t)
  const ordered = [...upcoming.map((p) => ({ ...p, id: p._id })).sort(byHost), ...shownPast.map((p) => ({ ...p, id: p._id })).sort(byHost)]
  return {
    passes: ordered.map((p) => hostPassView(p, t)),
    nextCursor: past.length > PAGE ? cursor + PAGE : null,
    now: t,
    limits: { maxDaysAhead: settings.maxDaysAhead, maxWindowHours: settings.maxWindowHours, visitHours: settings.visitHours },
  }
}

export async function detail({ passId }: { passId: string }, caller: Caller) {
  const host = await hostOf(caller)
  const p = await ownPass(host, passId)
  const [{ address }, parking] = await Promise.all([visitorSettings(), visitParkingOf(p, now())])
  return {
    pass: hostPassView(p, now()),
    parking,
    form: { name: p.name, phone: host.active ? p.phone : maskPhone(p.phone), purpose: p.purpose, start: p.start, end: p.end, visitors: p.visitors, plate: p.plate },
    hostName: p.hostName,
    address,
  }
}

// ── 修改预约, 取消预约 ─────────────────────────────────────────────────────────

export async function modify({ passId, version, form: input }: { passId: string; version: number; form: VisitorForm }, caller: Caller) {
  const host = await hostOf(caller, { active: true })
  const p = await ownPass(host, passId)
  if (p.version !== version) throw new AppError('CONFLICT', '预约已被修改，请刷新后重试')
  const t = now()
  const may = mayChange(p, 'MODIFY', t)
  if (!may.ok) throw new AppError('VISITOR_PASS_STATE', may.message)
  const { settings } = await visitorSettings()
  const form = checkedForm(input, settings, t, { start: p.start, end: p.end })

  const code = await claimCode(p._id, form.end)
  const moved = await movePass(p, 'MODIFY', {
    name: form.name,
    phone: form.phone,
    purpose: form.purpose,
    start: form.start,
    end: form.end,
    visitors: form.visitors,
    plate: form.plate,
    hostName: host.name,
    hostDepartment: host.department,
    code,
    version: p.version + 1,
  })
  if (!moved) {
    await releaseCode(code, p._id)
    throw new AppError('CONFLICT', '预约状态已变化，请刷新后重试')
  }
  await releaseCode(p.code, p._id)
  return { pass: hostPassView(moved, t) }
}

export async function cancel({ passId }: { passId: string }, caller: Caller) {
  const host = await hostOf(caller)
  const p = await ownPass(host, passId)
  const t = now()
  const may = mayChange(p, 'CANCEL', t)
  if (!may.ok) throw new AppError('VISITOR_PASS_STATE', may.message)
  const moved = await movePass(p, 'CANCEL', { cancelledAt: t })
  if (!moved) throw new AppError('CONFLICT', '预约状态已变化，请刷新后重试')
  await releaseCode(p.code, p._id)
  return { pass: hostPassView(moved, t) }
}

// ── 分享 ────────────────────────────────────────────────────────────────────

interface SendDoc {
  phone: string
  openid: string
  ip: string
  at: number
  kind?: string
}
const smsSends = collection<SendDoc>('sms_sends')
const smsThrottle = collection<{ lastAt: number }>('sms_throttle')

/** The SMS limits as the phone function reads them (same configuration, same defaults). */
function smsLimits(): SmsLimits {
  const n = (name: string, fallback: number) => {
    const v = Number(process.env[name])
    return Number.isInteger(v) && v > 0 ? v : fallback
  }
  const d = DEFAULT_SMS_LIMITS
  return {
    ...d,
    intervalSec: n('SMS_INTERVAL_SEC', d.intervalSec),
    perPhonePerHour: n('SMS_PER_PHONE_PER_HOUR', d.perPhonePerHour),
    perPhonePerDay: n('SMS_PER_PHONE_PER_DAY', d.perPhonePerDay),
    perCallerPerDay: n('SMS_PER_CALLER_PER_DAY', d.perCallerPerDay),
    perIpPerDay: n('SMS_PER_IP_PER_DAY', d.perIpPerDay),
  }
}

async function sendPassSms(p: Doc<PassDoc>, caller: Caller): Promise<void> {
  const l = smsLimits()
  const t = now()
  const ip = cloud.getWXContext().CLIENTIP || 'unknown'
  const dayAgo = t - 86400_000
  const since = async (field: 'phone' | 'openid' | 'ip', value: string) => (await smsSends.find({ [field]: value, at: _.gt(dayAgo) }, { limit: 1000 })).map((s) => s.at)
  const [byPhone, byCaller, byIp] = await Promise.all([since('phone', p.phone), since('openid', caller.openid), since('ip', ip)])
  const decision = decideSend({ phone: byPhone, caller: byCaller, ip: byIp }, t, l)
  if (!decision.ok) {
    const message = decision.code === 'SMS_TOO_FREQUENT' ? `短信发送过于频繁，请 ${decision.retryAfterSec} 秒后再试` : undefined
    throw new AppError(decision.code, message, { retryAfterSec: decision.retryAfterSec })
  }
  // The countdown holds when two shares race: one conditional update wins (as the phone function).
  const previous = byPhone.length ? Math.max(...byPhone) : 0
  if (!(await smsThrottle.update({ _id: p.phone, lastAt: _.lte(t - l.intervalSec * 1000) }, { lastAt: t }))) {
    try {
      await smsThrottle.insert(p.phone, { lastAt: t })
    } catch (e) {
      if (isDuplicateKey(e)) throw new AppError('SMS_TOO_FREQUENT', `短信发送过于频繁，请 ${l.intervalSec} 秒后再试`, { retryAfterSec: l.intervalSec })
      throw e
    }
  }
  const giveBack = async (sendId: string) => {
    await smsSends.remove({ _id: sendId })
    await smsThrottle.update({ _id: p.phone, lastAt: t }, { lastAt: previous })
  }
  const sendId = await smsSends.add({ phone: p.phone, openid: caller.openid, ip, at: t, kind: 'visitorPass' })
  // Counted again with this send in (one of its own entries left out): parallel shares see each other.
  const [withCaller, withIp] = await Promise.all([since('openid', caller.openid), since('ip', ip)])
  const withoutOne = (ts: number[]) => {
    const i = ts.indexOf(t)
    return i < 0 ? ts : [...ts.slice(0, i), ...ts.slice(i + 1)]
  }
  const again = decideSend({ phone: [], caller: withoutOne(withCaller), ip: withoutOne(withIp) }, t, l)
  if (!again.ok) {
    await giveBack(sendId)
    throw new AppError(again.code, undefined, { retryAfterSec: again.retryAfterSec })
  }
  try {
    await sendSms(p.phone, 'visitorPass', [p.hostName, shanghai(p.start).format('M月D日 HH:mm'), p.code])
  } catch (e) {
    await giveBack(sendId)
    throw e
  }
}

export async function share({ passId, sms }: { passId: string; sms?: boolean }, caller: Caller) {
  const host = await hostOf(caller, { active: true })
  const p = await ownPass(host, passId)
  const t = now()
  if (!works(p, t)) throw new AppError('VISITOR_PASS_STATE', passNotice(p, p.version, t) ?? '来访时间已过，不能分享')
  const token = signPassToken(p._id, p.version)
  const { address } = await visitorSettings()
  if (sms) await sendPassSms(p, caller)
  return {
    token,
    qr: `visitor:${token}`,
    path: `${VIEW_PAGE}?token=${encodeURIComponent(token)}`,
    code: p.code,
    name: p.name,
    windowText: formatWindow(p),
    hostName: p.hostName,
    address,
    smsSent: !!sms,
  }
}
