// Wrong-password limiting for account binding (访客预约 账号绑定 now, campus-card
// binding later): a pure rule over the attempt state the function stores with
// the account it protects, and the Chinese sentence the user reads. A second
// rule, `GuessLimit`, limits guessing where a right answer is easy to come by
// (a guard typing visitor codes, a WeChat account trying host accounts), with
// the thing guessed named in the sentences (`subject`).
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
// - GuessLimit counts wrong tries in windows instead: at most `perHour` in any
//   hour and `perDay` in any day, and a right answer clears nothing. "In a
//   row" would let a guesser who knows one right answer (a guard holds a live
//   visitor's code) reset the count with it between guesses and guess
//   forever. The state is the times of the wrong tries of the last day (at
//   most `perDay` of them); a try is refused until enough of them have left
//   the window, the unlock time shown as above.
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

// ── Guessing limited by windows ─────────────────────────────────────────────

export interface GuessLimit {
  /** Wrong tries in any hour that stop the guessing until the oldest of them is an hour old. */
  perHour: number
  /** Wrong tries in any day, likewise. */
  perDay: number
  /** What is guessed, as the sentences name it: 密码 unless given. */
  subject?: string
}

/** What is stored with the guesser (or the guessed). */
export interface GuessState {
  /** When each wrong try of the last day was made (ms, ascending). */
  wrongAt: number[]
}

export const NO_GUESSES: GuessState = { wrongAt: [] }

const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** The wrong tries still in the day's window, ascending. */
const inDay = (state: GuessState, now: number) => state.wrongAt.filter((t) => Number.isFinite(t) && t > now - DAY).sort((a, b) => a - b)

/** Until when guessing is stopped at `now` (null: it is not), and the tries left otherwise. */
function guessStanding(wrongAt: number[], now: number, limit: GuessLimit): { lockedUntil: number | null; triesLeft: number } {
  const hour = wrongAt.filter((t) => t > now - HOUR)
  let lockedUntil: number | null = null
  if (hour.length >= limit.perHour) lockedUntil = hour[hour.length - limit.perHour] + HOUR
  if (wrongAt.length >= limit.perDay) lockedUntil = Math.max(lockedUntil ?? 0, wrongAt[wrongAt.length - limit.perDay] + DAY)
  return { lockedUntil, triesLeft: Math.max(0, Math.min(limit.perHour - hour.length, limit.perDay - wrongAt.length)) }
}

/** Whether a guess may be checked now; refused with the unlock time while stopped. */
export function mayGuess(state: GuessState, now: number, limit: GuessLimit): TryDecision {
  const { lockedUntil, triesLeft } = guessStanding(inDay(state, now), now, limit)
  if (lockedUntil !== null) return { ok: false, lockedUntil, message: lockedMessage(lockedUntil, now, limit.subject) }
  return { ok: true, triesLeft }
}

export interface GuessOutcome {
  state: GuessState
  /** Stopped from now on (this wrong try was the last allowed, or it already was): until then. */
  lockedUntil: number | null
  triesLeft: number
  message: string
}

/** The state after a wrong guess at `now` (a try while stopped counts nothing), and what to tell the user. */
export function afterWrongGuess(state: GuessState, now: number, limit: GuessLimit): GuessOutcome {
  const before = inDay(state, now)
  const stopped = guessStanding(before, now, limit)
  const wrongAt = stopped.lockedUntil === null ? [...before, now] : before
  const { lockedUntil, triesLeft } = guessStanding(wrongAt, now, limit)
  const message = lockedUntil !== null ? lockedMessage(lockedUntil, now, limit.subject) : wrongPasswordMessage(triesLeft, limit.subject)
  return { state: { wrongAt }, lockedUntil, triesLeft, message }
}

/** The state once a guess counted at `at` (afterWrongGuess) turned out right: that one try is taken back, nothing else. */
export function withoutGuess(state: GuessState, at: number): GuessState {
  const i = state.wrongAt.lastIndexOf(at)
  return i < 0 ? state : { wrongAt: [...state.wrongAt.slice(0, i), ...state.wrongAt.slice(i + 1)] }
}
