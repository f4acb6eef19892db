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
//   starts again. A right password clears the record.
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

export interface BindAttempts {
  wrongTries: number
  /** Epoch ms the lock ends; null when not locked. */
  lockedUntil: number | null
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

/** A right password clears the record. */
export const afterRightPassword = (): BindAttempts => NO_ATTEMPTS

export type QueryPasswordResult = { ok: true; password: string } | { ok: false; message: string }

/** The 查询密码 as typed: 6 digits (full-width digits accepted). */
export function normaliseQueryPassword(text: string): QueryPasswordResult {
  const p = toHalfWidth(String(text ?? '')).trim()
  if (!p) return { ok: false, message: '请输入查询密码' }
  if (!/^\d{6}$/.test(p)) return { ok: false, message: '查询密码为 6 位数字（初始密码为 123456）' }
  return { ok: true, password: p }
}
