// The shared pass (the visitor's view) and the guard's 访客核验 / 登记到访.
//
// Decisions:
// - `view` answers any WeChat user holding a genuine, current token with only
//   what the visitor needs (their name, the window, the host's name, the
//   address, the code, the status and who pays parking); a forged, altered,
//   old (修改预约) or dead (cancelled, expired, or arrived with its window
//   over — its code may then name another pass) token answers the notice and
//   no pass data at all (pass.ts passNotice).
// - `check` by token: forged → VISITOR_PASS_INVALID; an old version →
//   VISITOR_PASS_VOID with passNotice's words; otherwise the pass with
//   whether 登记到访 is possible now (mayCheckIn: the window with early
//   arrival, cancelled, already arrived unless the office allows more).
//   Scanning is not rate-limited: the token cannot be guessed.
// - `check` by code: each typed code is one counted try of the guard's
//   (GUARD_CODE_LIMIT: wrong codes per hour and per day, a right one clears
//   nothing; state per guard in visitor_guards, attempts.ts), so a guard
//   account cannot be used to walk the 10^6 codes, not even by typing a
//   known live code between guesses; a code only counts as right when it
//   names a live pass.
// - `checkIn` names the pass and the version the guard saw; a pass changed
//   since is refused (the guard checks again). The move is the table's
//   (ARRIVE, or REENTER when the office allows several entries), conditional
//   on status and version, so a guard and the gate at once record one
//   arrival; the host is told on the first arrival only.
import { AppError } from '../../src/domain/errors'
import { maskPhone } from '../../src/domain/phone'
import { formatPlate } from '../../src/domain/plate'
import { effectiveStatus, formatWindow, GUARD_CODE_LIMIT, mayCheckIn, PARKING_PAYER_LABELS, passNotice, PASS_STATUS_LABELS, type VisitorSettings } from '../../src/domain/visitor/pass'
import { audit } from '../_shared/audit'
import type { Caller } from '../_shared/auth'
import type { Doc } from '../_shared/cloud'
import { now } from '../_shared/clock'
import { guards, notifyArrived, passByCode, passes, recordEntry, visitorSettings, type PassDoc } from '../_shared/visitor-passes'
import { verifyPassToken } from '../_shared/visitor-token'
import { docStore, guessCounter, limitedTry } from './attempts'

const INVALID_NOTICE = '无效的访客凭证，请向被访人索取新的凭证'

const stripPrefix = (token: string) => (token.startsWith('visitor:') ? token.slice('visitor:'.length) : token)

/** The pass a token names with the version it was signed for, or null for anything not genuine. */
async function passOfToken(token: string): Promise<{ pass: Doc<PassDoc>; version: number } | null> {
  const parsed = verifyPassToken(stripPrefix(token))
  if (!parsed) return null
  const pass = await passes.findOne({ _id: parsed.passId })
  return pass ? { pass, version: parsed.version } : null
}

// ── The visitor ─────────────────────────────────────────────────────────────

export async function view({ token }: { token: string }) {
  const found = await passOfToken(token)
  if (!found) return { notice: INVALID_NOTICE, pass: null }
  const { pass: p, version } = found
  const t = now()
  const notice = passNotice(p, version, t)
  if (notice) return { notice, pass: null }
  const { address } = await visitorSettings()
  const status = effectiveStatus(p, t)
  return {
    notice: null,
    pass: {
      name: p.name,
      windowText: formatWindow(p),
      start: p.start,
      end: p.end,
      hostName: p.hostName,
      address,
      code: p.code,
      status,
      statusLabel: PASS_STATUS_LABELS[status],
      parkingPayerLabel: `访客停车：${PARKING_PAYER_LABELS[p.parkingPayer]}`,
    },
  }
}

// ── The guard ───────────────────────────────────────────────────────────────

function guardView(p: Doc<PassDoc>, t: number, settings: VisitorSettings) {
  const status = effectiveStatus(p, t)
  const may = mayCheckIn(p, t, settings)
  return {
    id: p._id,
    version: p.version,
    name: p.name,
    phone: maskPhone(p.phone),
    purpose: p.purpose,
    visitors: p.visitors,
    hostName: p.hostName,
    hostDepartment: p.hostDepartment,
    start: p.start,
    end: p.end,
    windowText: formatWindow(p),
    plate: p.plate,
    plateText: p.plate ? formatPlate(p.plate) : null,
    status,
    statusLabel: PASS_STATUS_LABELS[status],
    parkingPayerLabel: `访客停车：${PARKING_PAYER_LABELS[p.parkingPayer]}`,
    checkIn: may.ok ? { ok: true, message: null } : { ok: false, message: may.message },
    entries: p.entries.length,
  }
}

export async function check({ token, code }: { token?: string; code?: string }, caller: Caller) {
  const { settings } = await visitorSettings()
  if (token !== undefined) {
    const found = await passOfToken(token)
    if (!found) throw new AppError('VISITOR_PASS_INVALID')
    const t = now()
    if (found.version !== found.pass.version) throw new AppError('VISITOR_PASS_VOID', passNotice(found.pass, found.version, t) ?? undefined)
    return { pass: guardView(found.pass, t, settings) }
  }
  let pass: Doc<PassDoc> | null = null
  await limitedTry(
    [guessCounter(docStore(guards, caller.openid, 'wrongAt', true), GUARD_CODE_LIMIT)],
    async () => (pass = await passByCode(code!, now())) !== null,
    {
      subject: GUARD_CODE_LIMIT.subject!,
      locked: (message, lockedUntil) => new AppError('VISITOR_CODE_LOCKED', message, { lockedUntil }),
      wrong: (message) => new AppError('VISITOR_CODE_WRONG', message),
    },
  )
  return { pass: guardView(pass!, now(), settings) }
}

export async function checkIn({ passId, version }: { passId: string; version: number }, caller: Caller) {
  const p = await passes.findOne({ _id: passId })
  if (!p) throw new AppError('VISITOR_PASS_NOT_FOUND')
  if (p.version !== version) throw new AppError('VISITOR_PASS_VOID', '预约已修改，请重新核验')
  const { settings } = await visitorSettings()
  const t = now()
  const may = mayCheckIn(p, t, settings)
  if (!may.ok) throw new AppError('VISITOR_CHECKIN_REFUSED', may.message)
  const moved = await recordEntry(p, may.event, { at: t, by: 'guard', who: caller.openid })
  if (!moved) throw new AppError('CONFLICT', '预约状态已变化，请重新核验')
  await audit(`visitor-checkin:${p._id}:${t}`, { by: caller.openid, action: 'visitor.checkIn', target: p._id, reason: may.event === 'ARRIVE' ? '登记到访' : '再次入场' })
  if (may.event === 'ARRIVE') await notifyArrived(moved, t, '门岗登记到访')
  return { pass: guardView(moved, t, settings) }
}
