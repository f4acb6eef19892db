// Wrong-password limiting for account binding (访客预约 账号绑定 now, campus-card
// binding later): a pure rule over the attempt state the function stores with
// the account it protects, and the Chinese sentence the user reads. The same
// rule limits other guessing (a guard typing visitor codes) with its own
// policy and the thing guessed named in the sentences (`subject`).
//
// Decisions:
// - The state is kept per protected account (the host account), not per
//   WeChat account: whoever guesses, the account stops answering after
//   `maxFailures` wrong passwords in a row and stays locked for `lockMinutes`.
//   That lets a stranger lock a host out for a while; it is the price of not
//   letting many WeChat accounts share out the guessing.
// - Failures count in a row: a right password clears them. After a lock runs
//   out the account gets a full set of tries again (no shorter second lock).
// - A try while locked is refused before the password is checked, and does not
//   extend the lock, so the time shown stays true.
// - The unlock time is shown in Asia/Shanghai rounded UP to the minute, so at
//   the shown minute the lock really is over: 请于 14:35 后再试; a lock that ends
//   on another day than `now` also names the day (12月7日 00:05).
// - The function writes the next state with a conditional update on the state
//   it read, so two wrong tries at once cannot both count as the same one.
import { shanghai } from './time'

export interface LockoutPolicy {
  /** Wrong passwords in a row that lock the account. */
  maxFailures: number
  lockMinutes: number
  /** What is guessed, as the sentences name it: 密码 unless given. */
  subject?: string
}

export const DEFAULT_LOCKOUT: LockoutPolicy = { maxFailures: 5, lockMinutes: 15 }

/** What is stored with the protected account. */
export interface AttemptState {
  /** Wrong passwords in a row since the last success or the last lock. */
  failures: number
  /** While now < lockedUntil (ms), every try is refused; null when not locked. */
  lockedUntil: number | null
}

export const NO_ATTEMPTS: AttemptState = { failures: 0, lockedUntil: null }

export type TryDecision = { ok: true; triesLeft: number } | { ok: false; lockedUntil: number; message: string }

const MINUTE = 60_000

/** 14:35, or 12月7日 00:05 when the lock ends on another Shanghai day than now. */
export function formatUnlockAt(lockedUntil: number, now: number): string {
  const at = shanghai(Math.ceil(lockedUntil / MINUTE) * MINUTE)
  return at.format('YYYYMMDD') === shanghai(now).format('YYYYMMDD') ? at.format('HH:mm') : at.format('M月D日 HH:mm')
}

export const lockedMessage = (lockedUntil: number, now: number, subject = '密码') =>
  `${subject}错误次数过多，请于 ${formatUnlockAt(lockedUntil, now)} 后再试`

export const wrongPasswordMessage = (triesLeft: number, subject = '密码') => `${subject}错误，还可尝试 ${triesLeft} 次`

const isLocked = (state: AttemptState, now: number): state is AttemptState & { lockedUntil: number } =>
  state.lockedUntil !== null && now < state.lockedUntil

/** The state as it stands at `now`: a lock that has run out is forgotten with its failures. */
function current(state: AttemptState, now: number): AttemptState {
  if (state.lockedUntil !== null && now >= state.lockedUntil) return NO_ATTEMPTS
  return state
}

/** Whether a password may be checked now; refused with the unlock time while locked. */
export function mayTry(state: AttemptState, now: number, policy: LockoutPolicy = DEFAULT_LOCKOUT): TryDecision {
  if (isLocked(state, now)) return { ok: false, lockedUntil: state.lockedUntil, message: lockedMessage(state.lockedUntil, now, policy.subject) }
  return { ok: true, triesLeft: Math.max(0, policy.maxFailures - current(state, now).failures) }
}

export interface FailureOutcome {
  state: AttemptState
  /** This failure locked the account (or it already was). */
  locked: boolean
  /** What the user reads: the tries left, or the unlock time. */
  message: string
}

/** The state after a wrong password at `now`, and what to tell the user. */
export function afterFailure(state: AttemptState, now: number, policy: LockoutPolicy = DEFAULT_LOCKOUT): FailureOutcome {
  if (isLocked(state, now)) return { state, locked: true, message: lockedMessage(state.lockedUntil, now, policy.subject) }
  const failures = current(state, now).failures + 1
  if (failures >= policy.maxFailures) {
    const lockedUntil = now + policy.lockMinutes * MINUTE
    return { state: { failures: 0, lockedUntil }, locked: true, message: lockedMessage(lockedUntil, now, policy.subject) }
  }
  return { state: { failures, lockedUntil: null }, locked: false, message: wrongPasswordMessage(policy.maxFailures - failures, policy.subject) }
}

/** The state after the right password: the count starts over. */
export const afterSuccess = (): AttemptState => ({ ...NO_ATTEMPTS })
