// The visitor pass (访客预约, seed 001 §3.2): its lifecycle as a state table
// (status × event → next status), the office's visit settings, the rules for a
// requested visit window, the guard's check-in rule, what a shared pass says
// when it no longer works, and the host's list order. Functions use these as
// the authority (writing a move with a conditional update on the previous
// status and version); pages use them to show and hide. Labels are the app's.
//
// Decisions:
// - 待到访 BOOKED is the only live status. MODIFY keeps it BOOKED but the
//   function bumps the pass's `version`: the QR's signed token carries the
//   version, so a changed pass's old QR no longer works. CANCEL and EXPIRE
//   end the pass; ARRIVE (the guard's 登记到访, or the gate letting its plate
//   in) makes it 已到访. REENTER is another entry of an arrived pass, which
//   only `mayCheckIn` decides (the office's allowMultipleEntries), so the
//   table itself stays free of settings.
// - An arrived pass is never cancelled, modified or expired: it is the record
//   of a visit. Expiry is the sweep's move of a BOOKED pass whose window has
//   ended; until the sweep runs, `effectiveStatus` already reads it as 已过期,
//   so list, guard and visitor view agree whatever the sweep's delay.
// - A window is [start, end) in ms. The guard may check a visitor in from
//   `earlyArrivalMinutes` before the start (visitors come early) until the end.
// - A requested start may lie up to PAST_START_SLACK_MINUTES in the past: the
//   picker counts in minutes and the form takes a while, and "from now" is the
//   commonest visit. When modifying, the pass's own start may stay as it is
//   even if it has passed (the host extends a visit under way).
// - maxDaysAhead counts Shanghai calendar days: 7 means the visit may start
//   any time up to the end of the 7th day after today.
// - With visiting hours set, a visit lies within one day's hours
//   ([from:00, to:00], to = 24 meaning midnight); null means any time.
import * as z from '../zod'
import { DEFAULT_LOCKOUT, type GuessLimit, type LockoutPolicy } from '../lockout'
import { formatDate, shanghai } from '../time'

// ── The state table ─────────────────────────────────────────────────────────

export const PASS_STATUSES = ['BOOKED', 'ARRIVED', 'CANCELLED', 'EXPIRED'] as const
export type PassStatus = (typeof PASS_STATUSES)[number]

export const PASS_EVENTS = ['ARRIVE', 'REENTER', 'MODIFY', 'CANCEL', 'EXPIRE'] as const
export type PassEvent = (typeof PASS_EVENTS)[number]

export const PASS_STATUS_LABELS: Record<PassStatus, string> = {
  BOOKED: '待到访',
  ARRIVED: '已到访',
  CANCELLED: '已取消',
  EXPIRED: '已过期',
}

export const PASS_EVENT_LABELS: Record<PassEvent, string> = {
  ARRIVE: '登记到访',
  REENTER: '再次入场',
  MODIFY: '修改预约',
  CANCEL: '取消预约',
  EXPIRE: '过期',
}

/** Every allowed move; anything not listed is refused. */
const TABLE: Partial<Record<PassStatus, Partial<Record<PassEvent, PassStatus>>>> = {
  BOOKED: { ARRIVE: 'ARRIVED', MODIFY: 'BOOKED', CANCEL: 'CANCELLED', EXPIRE: 'EXPIRED' },
  ARRIVED: { REENTER: 'ARRIVED' },
}

export function transition(status: PassStatus, event: PassEvent): PassStatus | null {
  return TABLE[status]?.[event] ?? null
}

export const can = (status: PassStatus, event: PassEvent) => transition(status, event) !== null

/** What a pass needs for the rules below. */
export interface PassLike {
  status: PassStatus
  /** The visit window [start, end), ms. */
  start: number
  end: number
}

/** The status as of `now`: a BOOKED pass whose window has ended is 已过期 even before the sweep writes it. */
export function effectiveStatus(pass: PassLike, now: number): PassStatus {
  return pass.status === 'BOOKED' && now >= pass.end ? 'EXPIRED' : pass.status
}

/** The sweep's question: this pass is to be moved to EXPIRED now. */
export const dueToExpire = (pass: PassLike, now: number) => pass.status === 'BOOKED' && now >= pass.end

// ── The office's settings ───────────────────────────────────────────────────

export const PARKING_PAYERS = ['free', 'host', 'visitor'] as const
export type ParkingPayer = (typeof PARKING_PAYERS)[number]

/** Who pays the visitor's parking, as the pass shows it. */
export const PARKING_PAYER_LABELS: Record<ParkingPayer, string> = {
  free: '免费',
  host: '被访人支付',
  visitor: '访客自付',
}

const whole = (min: number, max: number, message: string) => z.int(message).check(z.minimum(min, message), z.maximum(max, message))

export const VisitorSettingsSchema = z
  .object({
    /** How many Shanghai calendar days after today a visit may start (0: today only). */
    maxDaysAhead: whole(0, 90, '可提前预约天数应为 0–90 的整数'),
    /** The longest window. */
    maxWindowHours: whole(1, 72, '单次来访时长应为 1–72 小时的整数'),
    /** Visiting hours of a day, [from:00, to:00]; null: any time. */
    visitHours: z.nullable(
      z.object({
        from: whole(0, 23, '来访开始时间应为 0–23 点'),
        to: whole(1, 24, '来访结束时间应为 1–24 点'),
      }),
    ),
    /** 人数: the most visitors one pass admits. */
    maxVisitors: whole(1, 50, '每次来访人数上限应为 1–50 的整数'),
    /** A pass may be used to enter more than once within its window. */
    allowMultipleEntries: z.boolean(),
    /** Minutes before the window's start the guard may already check the visitor in. */
    earlyArrivalMinutes: whole(0, 240, '提前到访时间应为 0–240 分钟的整数'),
    parkingPayer: z.enum(PARKING_PAYERS, '请选择访客停车费用的支付方式'),
  })
  .check(
    z.superRefine((s, ctx) => {
      if (s.visitHours && s.visitHours.from >= s.visitHours.to)
        ctx.addIssue({ code: 'custom', message: '来访开始时间应早于结束时间', path: ['visitHours', 'to'], input: s.visitHours.to })
      // A maxWindowHours longer than the day's hours is no error: the hours are then the tighter limit.
    }),
  )
export type VisitorSettings = z.infer<typeof VisitorSettingsSchema>

export const DEFAULT_VISITOR_SETTINGS: VisitorSettings = {
  maxDaysAhead: 7,
  maxWindowHours: 12,
  visitHours: { from: 7, to: 22 },
  maxVisitors: 5,
  allowMultipleEntries: false,
  earlyArrivalMinutes: 30,
  parkingPayer: 'visitor',
}

/** 07:00–22:00 */
export const formatVisitHours = (h: { from: number; to: number }) => `${String(h.from).padStart(2, '0')}:00–${String(h.to).padStart(2, '0')}:00`

// ── The requested window ────────────────────────────────────────────────────

export interface VisitWindow {
  start: number
  end: number
}

export const PAST_START_SLACK_MINUTES = 10

export type WindowCheck = { ok: true } | { ok: false; field: 'start' | 'end'; message: string }

const HOUR = 3600_000
const MINUTE = 60_000

/**
 * Whether a requested visit window may be booked at `now` under `settings`,
 * or the first refusal with the field it is about. `previous`: the pass's
 * window when modifying (its start may stay as it is).
 */
export function checkWindow(window: VisitWindow, now: number, settings: VisitorSettings, previous: VisitWindow | null = null): WindowCheck {
  const refuse = (field: 'start' | 'end', message: string): WindowCheck => ({ ok: false, field, message })
  const { start, end } = window
  if (!Number.isSafeInteger(start)) return refuse('start', '请选择来访开始时间')
  if (!Number.isSafeInteger(end)) return refuse('end', '请选择来访结束时间')
  if (end <= start) return refuse('end', '结束时间应晚于开始时间')
  if (end <= now) return refuse('end', '来访时间已过，请重新选择')
  const keptStart = previous !== null && previous.start === start
  if (!keptStart && start < now - PAST_START_SLACK_MINUTES * MINUTE) return refuse('start', '开始时间不能早于当前时间')

  const lastDay = shanghai(now).startOf('day').add(settings.maxDaysAhead, 'day')
  if (shanghai(start).startOf('day').valueOf() > lastDay.valueOf())
    return refuse('start', settings.maxDaysAhead === 0 ? '只能预约今天的来访' : `只能预约 ${settings.maxDaysAhead} 天内的来访`)

  if (end - start > settings.maxWindowHours * HOUR) return refuse('end', `来访时长不能超过 ${settings.maxWindowHours} 小时`)

  const hours = settings.visitHours
  if (hours) {
    const day = shanghai(start).startOf('day')
    const open = day.add(hours.from, 'hour').valueOf()
    const close = day.add(hours.to, 'hour').valueOf()
    const within = `来访时间应在 ${formatVisitHours(hours)} 之间`
    if (start < open) return refuse('start', within)
    if (end > day.add(1, 'day').valueOf()) return refuse('end', '来访时间应在同一天内')
    if (end > close) return refuse('end', within)
  }
  return { ok: true }
}

/** 2026.12.06 14:00–16:00, or 2026.12.06 20:00 至 2026.12.07 08:00 across days. */
export function formatWindow(w: VisitWindow): string {
  const s = shanghai(w.start)
  const e = shanghai(w.end)
  if (formatDate(w.start) === formatDate(w.end)) return `${formatDate(w.start)} ${s.format('HH:mm')}–${e.format('HH:mm')}`
  // A visit ending at midnight ends that day at 24:00.
  if (e.valueOf() === s.startOf('day').add(1, 'day').valueOf()) return `${formatDate(w.start)} ${s.format('HH:mm')}–24:00`
  return `${formatDate(w.start)} ${s.format('HH:mm')} 至 ${formatDate(w.end)} ${e.format('HH:mm')}`
}

// ── The guard's check-in (and the gate's) ───────────────────────────────────

export const CHECK_IN_REFUSALS = ['NOT_YET', 'OVER', 'CANCELLED', 'ALREADY_ARRIVED'] as const
export type CheckInRefusal = (typeof CHECK_IN_REFUSALS)[number]

export const CHECK_IN_REFUSAL_LABELS: Record<CheckInRefusal, string> = {
  NOT_YET: '未到来访时间',
  OVER: '来访时间已过',
  CANCELLED: '预约已取消',
  ALREADY_ARRIVED: '已登记到访',
}

export type CheckIn = { ok: true; event: 'ARRIVE' | 'REENTER' } | { ok: false; reason: CheckInRefusal; message: string }

/**
 * Whether the visitor may be checked in at `now` (by the guard, or by the
 * gate for the pass's plate), and with which event; otherwise the reason.
 */
export function mayCheckIn(pass: PassLike, now: number, settings: Pick<VisitorSettings, 'allowMultipleEntries' | 'earlyArrivalMinutes'>): CheckIn {
  const refuse = (reason: CheckInRefusal): CheckIn => ({ ok: false, reason, message: CHECK_IN_REFUSAL_LABELS[reason] })
  const status = effectiveStatus(pass, now)
  if (status === 'CANCELLED') return refuse('CANCELLED')
  if (status === 'EXPIRED') return refuse('OVER')
  if (status === 'ARRIVED' && !settings.allowMultipleEntries) return refuse('ALREADY_ARRIVED')
  if (now >= pass.end) return refuse('OVER')
  if (now < pass.start - settings.earlyArrivalMinutes * MINUTE) return refuse('NOT_YET')
  return { ok: true, event: status === 'ARRIVED' ? 'REENTER' : 'ARRIVE' }
}

/**
 * A guard typing 6-digit codes (lockout.ts GuessLimit, state kept per guard):
 * at most 10 wrong codes in any hour and 50 in any day, and a right code
 * clears nothing — a guard holds live visitors' codes, so "in a row" would
 * let them mix a known code between guesses and guess forever. At most 50
 * guesses a day against 10^6 codes. Scanning the QR is not limited (its
 * token cannot be guessed), so a stopped guard still admits visitors who
 * show it.
 */
export const GUARD_CODE_LIMIT: GuessLimit = { perHour: 10, perDay: 50, subject: '验证码' }

/**
 * 账号绑定's wrong passwords. Per host account name (whether or not the
 * account exists, so the answers do not tell which accounts exist): 5 in a
 * row lock it for 15 minutes (lockout.ts DEFAULT_LOCKOUT). Per WeChat
 * account, across host accounts: at most 10 wrong in any hour and 20 in any
 * day (a right password clears nothing: the caller may know their own).
 * The sentences say 账号或密码 for both.
 */
export const HOST_BIND_LOCKOUT: LockoutPolicy = { ...DEFAULT_LOCKOUT, subject: '账号或密码' }
export const HOST_BIND_LIMIT: GuessLimit = { perHour: 10, perDay: 20, subject: '账号或密码' }

// ── The host's changes ──────────────────────────────────────────────────────

/** Whether the host may modify or cancel the pass now, or why not. */
export function mayChange(pass: PassLike, event: 'MODIFY' | 'CANCEL', now: number): { ok: true } | { ok: false; message: string } {
  const status = effectiveStatus(pass, now)
  if (can(status, event)) return { ok: true }
  const what = event === 'MODIFY' ? '修改' : '取消'
  const message = { ARRIVED: `访客已到访，不能${what}预约`, CANCELLED: '预约已取消', EXPIRED: `预约已过期，不能${what}`, BOOKED: '' }[status]
  return { ok: false, message }
}

// ── What a shown or shared pass says ────────────────────────────────────────

/**
 * Why a pass opened from its QR token (the shared visitor view, the guard's
 * scan) no longer works, or null while it does: an arrived pass works until
 * its window ends (its code is then given to other passes). `tokenVersion` is the version
 * the token was signed for; the pass's `version` moves on every 修改.
 */
export function passNotice(pass: PassLike & { version: number }, tokenVersion: number, now: number): string | null {
  const status = effectiveStatus(pass, now)
  if (status === 'CANCELLED') return '预约已取消，此凭证已失效'
  if (tokenVersion !== pass.version) return '预约已修改，此凭证已失效，请向被访人索取新的凭证'
  if (status === 'EXPIRED') return '预约已过期，此凭证已失效'
  // An arrived pass stays ARRIVED for good, but its code is free for another pass once the window ends.
  if (now >= pass.end) return '来访已结束，此凭证已失效'
  return null
}

// ── A code's claim ──────────────────────────────────────────────────────────

/** How long a new claim on a code stands whatever its pass says: the pass is written (or changed to name the code) just after. */
export const CLAIM_SETTLE_MS = 60_000

/**
 * Whether the claim on a 6-digit code (the function's `visitor_codes`)
 * still stands at `now`, so the code may not go to another pass: until the
 * claimed window's end, while its pass is live and names the code — or, for
 * CLAIM_SETTLE_MS after it was made, whatever the pass (not yet written, or
 * not yet changed to the code) says. `pass`: the pass the claim names, null
 * when there is none.
 */
export function claimStands(
  claim: { code: string; until: number; at?: number },
  pass: { code: string; status: PassStatus; end: number } | null,
  now: number,
): boolean {
  if (claim.until <= now) return false
  if (typeof claim.at === 'number' && now - claim.at < CLAIM_SETTLE_MS) return true
  return pass !== null && pass.code === claim.code && pass.status !== 'CANCELLED' && pass.status !== 'EXPIRED' && now < pass.end
}

// ── The host's list ─────────────────────────────────────────────────────────

/** Upcoming: not cancelled or expired, and its window not yet over (a visit under way counts). */
export const isUpcoming = (pass: PassLike, now: number) => pass.status !== 'CANCELLED' && effectiveStatus(pass, now) !== 'EXPIRED' && now < pass.end

/**
 * The host's list order at `now`: upcoming passes first, soonest first; then
 * the past ones (ended, cancelled, expired), latest first. Ties by id.
 */
export function compareForHost(now: number) {
  return <T extends PassLike & { id?: string }>(a: T, b: T): number => {
    const ua = isUpcoming(a, now)
    const ub = isUpcoming(b, now)
    if (ua !== ub) return ua ? -1 : 1
    const byStart = ua ? a.start - b.start : b.start - a.start
    if (byStart !== 0) return byStart
    return (a.id ?? '').localeCompare(b.id ?? '')
  }
}
