// 绑定校园卡 (seed 004 三): 姓名, 学号/卡号 and the 6-digit 查询密码 (initially
// 123456). Wrong passwords are limited (issue 14): after 5 wrong tries the
// binding is locked for a while, and the holder is told until when.
//
// Decisions:
// - The rule is over one key's attempt record; the function keeps a record
//   per card number AND per calling account and checks both, so neither one
//   account guessing many cards nor many accounts guessing one card get more
//   than 5 tries per lock period.
// - A lock lasts 30 minutes by default (configurable); when it ends the count
//   starts again. A right password clears the card's record only: the
//   account's keeps its wrong tries until its own lock ends, so binding one's
//   own card between guesses at another's resets nothing.
// - The office's bindLimits are read field by field (bindLimitsOf): a
//   missing or bad field takes its default, so a partial setting never
//   disables the lock.
// - A name and number that do not match (HOLDER_MISMATCH, binding or 充值
//   他人) are limited per account too, by a window: at most 10 per hour
//   (afterMismatch), so nobody walks a list of names and numbers to learn
//   which belong together and their cards' status.
// - The lock's end is shown in Beijing time: 14:35 today, or 12月7日 14:35.
// - Only a wrong password counts (QUERY_PASSWORD_WRONG); a mismatched name or
//   an unavailable platform does not.
// Pure: no node API.
import { shanghai } from '../time'
import { toHalfWidth } from './card-number'

export interface BindLimits {
  maxWrongTries: number
  lockMinutes: number
}

export const DEFAULT_BIND_LIMITS: BindLimits = { maxWrongTries: 5, lockMinutes: 30 }

const positiveInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0

/** The office's bindLimits as stored (possibly partial or wrong), each field checked on its own: a bad or missing one is its default. */
export function bindLimitsOf(raw: unknown): BindLimits {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Partial<Record<keyof BindLimits, unknown>>
  return {
    maxWrongTries: positiveInt(r.maxWrongTries) ? r.maxWrongTries : DEFAULT_BIND_LIMITS.maxWrongTries,
    lockMinutes: positiveInt(r.lockMinutes) ? r.lockMinutes : DEFAULT_BIND_LIMITS.lockMinutes,
  }
}

/** Name and number checks that did not match, per account: at most `maxMismatches` in a window of `windowMinutes`. */
export interface MismatchLimits {
  maxMismatches: number
  windowMinutes: number
}

export const DEFAULT_MISMATCH_LIMITS: MismatchLimits = { maxMismatches: 10, windowMinutes: 60 }

export interface BindAttempts {
  wrongTries: number
  /** Epoch ms the lock ends; null when not locked. */
  lockedUntil: number | null
  /** A windowed count's (afterMismatch) first try; absent for the 查询密码 count. */
  since?: number
}

export const NO_ATTEMPTS: BindAttempts = { wrongTries: 0, lockedUntil: null }

export type BindGate = { ok: true } | { ok: false; lockedUntil: number; message: string }

/** When the lock ends, as the holder reads it. */
export function formatLockEnd(lockedUntil: number, now: number): string {
  const end = shanghai(lockedUntil)
  return end.isSame(shanghai(now), 'day') ? end.format('HH:mm') : end.format('M月D日 HH:mm')
}

export const lockedMessage = (lockedUntil: number, now: number) => `查询密码错误次数过多，请于 ${formatLockEnd(lockedUntil, now)} 后再试`

/** May a binding be tried now? */
export function bindGate(a: BindAttempts, now: number): BindGate {
  if (a.lockedUntil !== null && now < a.lockedUntil) return { ok: false, lockedUntil: a.lockedUntil, message: lockedMessage(a.lockedUntil, now) }
  return { ok: true }
}

/** The record after a wrong password, and what the holder is told. */
export function afterWrongPassword(a: BindAttempts, now: number, limits: BindLimits = DEFAULT_BIND_LIMITS): { attempts: BindAttempts; message: string } {
  // A lock that has ended starts the count again.
  const tries = (a.lockedUntil !== null && now >= a.lockedUntil ? 0 : a.wrongTries) + 1
  if (tries >= limits.maxWrongTries) {
    const lockedUntil = now + limits.lockMinutes * 60_000
    return { attempts: { wrongTries: tries, lockedUntil }, message: lockedMessage(lockedUntil, now) }
  }
  return { attempts: { wrongTries: tries, lockedUntil: null }, message: `查询密码不正确，还可尝试 ${limits.maxWrongTries - tries} 次` }
}

/** A right password clears the record (the card's; the account's keeps its count, see the decisions). */
export const afterRightPassword = (): BindAttempts => NO_ATTEMPTS

export const mismatchLockedMessage = (lockedUntil: number, now: number) => `姓名与卡号核对失败次数过多，请于 ${formatLockEnd(lockedUntil, now)} 后再试`

/**
 * The record after a name and number that do not match (counted before the
 * platform is asked, as a wrong password is): the window starts at its first
 * try; the `maxMismatches`-th within it locks until the window ends, and a
 * window that has ended starts the count again.
 */
export function afterMismatch(a: BindAttempts, now: number, limits: MismatchLimits = DEFAULT_MISMATCH_LIMITS): { attempts: BindAttempts; message: string } {
  const windowMs = limits.windowMinutes * 60_000
  const fresh = a.since === undefined || now - a.since >= windowMs || (a.lockedUntil !== null && now >= a.lockedUntil)
  const since = fresh ? now : a.since!
  const tries = (fresh ? 0 : a.wrongTries) + 1
  if (tries >= limits.maxMismatches) {
    const lockedUntil = since + windowMs
    return { attempts: { wrongTries: tries, lockedUntil, since }, message: mismatchLockedMessage(lockedUntil, now) }
  }
  return { attempts: { wrongTries: tries, lockedUntil: null, since }, message: '' }
}

export type QueryPasswordResult = { ok: true; password: string } | { ok: false; message: string }

/** The 查询密码 as typed: 6 digits (full-width digits accepted). */
export function normaliseQueryPassword(text: string): QueryPasswordResult {
  const p = toHalfWidth(String(text ?? '')).trim()
  if (!p) return { ok: false, message: '请输入查询密码' }
  if (!/^\d{6}$/.test(p)) return { ok: false, message: '查询密码为 6 位数字（初始密码为 123456）' }
  return { ok: true, password: p }
}
