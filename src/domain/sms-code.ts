// SMS verification codes: when one may be sent, and whether a typed code is
// accepted. Pure rules over what was sent before; the function stores the
// history and the hashed code. All limits are configuration.
import { ERROR_MESSAGES } from './errors'
import { dayKey, shanghai } from './time'

export interface SmsLimits {
  /** Seconds before the same phone may get another code (the countdown). */
  intervalSec: number
  perPhonePerHour: number
  /** Reaching it locks the phone for the rest of the Shanghai day (seed 000). */
  perPhonePerDay: number
  perCallerPerDay: number
  perIpPerDay: number
  codeTtlSec: number
  maxWrongTries: number
}

export const DEFAULT_SMS_LIMITS: SmsLimits = {
  intervalSec: 60,
  perPhonePerHour: 5,
  perPhonePerDay: 10,
  perCallerPerDay: 15,
  perIpPerDay: 30,
  codeTtlSec: 300,
  maxWrongTries: 5,
}

/** Times (ms) at which codes were sent, per key. */
export interface SendHistory {
  phone: number[]
  caller: number[]
  ip: number[]
}

export type SendDecision =
  | { ok: true }
  | { ok: false; code: 'SMS_TOO_FREQUENT'; retryAfterSec: number }
  | { ok: false; code: 'SMS_PHONE_LOCKED' | 'SMS_CALLER_LIMIT' | 'SMS_IP_LIMIT' | 'SMS_HOURLY_LIMIT'; retryAfterSec: number }

const sameDay = (now: number) => (t: number) => dayKey(t) === dayKey(now)

/** Seconds until the next Shanghai midnight. */
export function secondsToMidnight(now: number): number {
  return Math.ceil((shanghai(now).startOf('day').add(1, 'day').valueOf() - now) / 1000)
}

export function decideSend(history: SendHistory, now: number, limits: SmsLimits = DEFAULT_SMS_LIMITS): SendDecision {
  const today = sameDay(now)
  if (history.phone.filter(today).length >= limits.perPhonePerDay) {
    return { ok: false, code: 'SMS_PHONE_LOCKED', retryAfterSec: secondsToMidnight(now) }
  }
  if (history.caller.filter(today).length >= limits.perCallerPerDay) {
    return { ok: false, code: 'SMS_CALLER_LIMIT', retryAfterSec: secondsToMidnight(now) }
  }
  if (history.ip.filter(today).length >= limits.perIpPerDay) {
    return { ok: false, code: 'SMS_IP_LIMIT', retryAfterSec: secondsToMidnight(now) }
  }
  const last = Math.max(0, ...history.phone)
  const wait = Math.ceil((last + limits.intervalSec * 1000 - now) / 1000)
  if (wait > 0) return { ok: false, code: 'SMS_TOO_FREQUENT', retryAfterSec: wait }
  const hourAgo = now - 3600_000
  const lastHour = history.phone.filter((t) => t > hourAgo).sort((a, b) => a - b)
  if (lastHour.length >= limits.perPhonePerHour) {
    const oldest = lastHour[lastHour.length - limits.perPhonePerHour]
    return { ok: false, code: 'SMS_HOURLY_LIMIT', retryAfterSec: Math.ceil((oldest + 3600_000 - now) / 1000) }
  }
  return { ok: true }
}

export interface IssuedCode {
  /** Hash of the code (the function keeps only this). */
  hash: string
  issuedAt: number
  wrongTries: number
  used: boolean
}

export type CheckResult = { ok: true } | { ok: false; code: 'CODE_EXPIRED' | 'CODE_VOID' | 'CODE_WRONG'; triesLeft: number }

/** Whether `typedHash` (the hash of what the user typed) is accepted for `issued`. */
export function checkCode(issued: IssuedCode | null, typedHash: string, now: number, limits: SmsLimits = DEFAULT_SMS_LIMITS): CheckResult {
  if (!issued || issued.used) return { ok: false, code: 'CODE_VOID', triesLeft: 0 }
  if (issued.wrongTries >= limits.maxWrongTries) return { ok: false, code: 'CODE_VOID', triesLeft: 0 }
  if (now - issued.issuedAt > limits.codeTtlSec * 1000) return { ok: false, code: 'CODE_EXPIRED', triesLeft: 0 }
  if (issued.hash !== typedHash) return { ok: false, code: 'CODE_WRONG', triesLeft: limits.maxWrongTries - issued.wrongTries - 1 }
  return { ok: true }
}

/** 40 秒, 50 分钟: how long to wait, as the user reads it. */
export const formatWait = (sec: number) => (sec < 120 ? `${sec} 秒` : `${Math.ceil(sec / 60)} 分钟`)

/**
 * What the user is told when their code is void (too many wrong tries, or
 * already used): why, and when a new one can be asked for — `next` is what
 * decideSend says about sending now, so the wait is the send rules' own.
 */
export function voidedNotice(next: SendDecision, tooManyTries: boolean): { message: string; retryAfterSec: number } {
  const why = tooManyTries ? '验证码错误次数过多，已失效' : '验证码已失效'
  if (next.ok) return { message: `${why}，请重新获取`, retryAfterSec: 0 }
  if (next.code === 'SMS_TOO_FREQUENT' || next.code === 'SMS_HOURLY_LIMIT') {
    return { message: `${why}，请 ${formatWait(next.retryAfterSec)}后重新获取`, retryAfterSec: next.retryAfterSec }
  }
  return { message: `${why}，${ERROR_MESSAGES[next.code]}`, retryAfterSec: next.retryAfterSec }
}
