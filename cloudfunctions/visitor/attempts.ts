// Limited guessing, applied (src/domain/lockout.ts is the rule): a host
// account's passwords when binding (per account name, and per WeChat account
// across accounts), a guard's typed visitor codes.
//
// Decisions:
// - A try is counted BEFORE the secret is checked, in every counter it
//   belongs to: each counter's state moves to what a failure would make it by
//   an update conditional on the counter `attemptsSeq` read with it, then the
//   secret is checked. So parallel tries each count (a lost condition
//   re-reads and counts again on the new state), and no more secrets are
//   ever checked than the limits allow, however many arrive at once — the try
//   that locks may still succeed, the next is refused unchecked.
// - Every counter is read first and a try that any of them refuses is
//   refused before anything is counted, so a locked account does not use up
//   the caller's own tries. Two tries racing past that read may still count
//   in a counter before another refuses them: the count errs towards the
//   guesser's loss, never towards more guesses.
// - What a right secret does is the counter's rule (`right`): an in-a-row
//   lockout clears (it was earned, and a wrong try counted meanwhile is
//   forgotten with it), a windowed limit takes back only this try, so known
//   answers mixed between guesses buy no more guesses. Written conditionally
//   too, re-read on a lost condition.
// - A wrong answer names the fewest tries left among the counters; a lock
//   names the latest unlock time among them.
import { AppError } from '../../src/domain/errors'
import {
  afterFailure,
  afterSuccess,
  afterWrongGuess,
  lockedMessage,
  mayGuess,
  mayTry,
  NO_ATTEMPTS,
  NO_GUESSES,
  withoutGuess,
  wrongPasswordMessage,
  type AttemptState,
  type GuessLimit,
  type GuessState,
  type LockoutPolicy,
  type TryDecision,
} from '../../src/domain/lockout'
import { isDuplicateKey } from '../_shared/db-errors'
import { now } from '../_shared/clock'

/** One document's stored try state, read and written by its counter. */
export interface AttemptStore<S> {
  /** The state and its counter as stored now (the empty state and 0 for a document that has none yet). */
  read(): Promise<{ state: S; seq: number }>
  /** Writes `state` with `seq + 1` if the counter is still `seq`; whether it did. */
  writeIf(seq: number, state: S): Promise<boolean>
}

/** A counter: where its state is stored and the rule it follows. */
export interface Counter<S> {
  store: AttemptStore<S>
  may(state: S, t: number): TryDecision
  /** The state after a wrong try at `t`, until when it now refuses (null: it does not), and the tries left. */
  wrong(state: S, t: number): { state: S; lockedUntil: number | null; triesLeft: number }
  /** The state once the try counted at `t` turned out right. */
  right(state: S, t: number): S
}

/** An in-a-row lockout (lockout.ts mayTry / afterFailure): a right secret clears it. */
export function lockoutCounter(store: AttemptStore<AttemptState>, policy: LockoutPolicy): Counter<AttemptState> {
  return {
    store,
    may: (s, t) => mayTry(s, t, policy),
    wrong: (s, t) => {
      const f = afterFailure(s, t, policy)
      return { state: f.state, lockedUntil: f.locked ? f.state.lockedUntil : null, triesLeft: f.locked ? 0 : policy.maxFailures - f.state.failures }
    },
    right: () => afterSuccess(),
  }
}

/** A windowed limit (lockout.ts GuessLimit): a right secret takes back only its own try. */
export function guessCounter(store: AttemptStore<GuessState>, limit: GuessLimit): Counter<GuessState> {
  return {
    store,
    may: (s, t) => mayGuess(s, t, limit),
    wrong: (s, t) => {
      const o = afterWrongGuess(s, t, limit)
      return { state: o.state, lockedUntil: o.lockedUntil, triesLeft: o.triesLeft }
    },
    right: (s, t) => withoutGuess(s, t),
  }
}

/** The lockout state of a stored document, or none yet. */
export const attemptsOf = (doc: { attempts?: AttemptState; attemptsSeq?: number } | undefined | null) => ({
  state: doc?.attempts && typeof doc.attempts.failures === 'number' ? doc.attempts : NO_ATTEMPTS,
  seq: typeof doc?.attemptsSeq === 'number' ? doc.attemptsSeq : 0,
})

/** The windowed state of a stored document, or none yet. */
export const guessesOf = (doc: { wrongAt?: unknown; attemptsSeq?: number } | undefined | null) => ({
  state: Array.isArray(doc?.wrongAt) ? { wrongAt: (doc.wrongAt as unknown[]).filter((t): t is number => typeof t === 'number') } : NO_GUESSES,
  seq: typeof doc?.attemptsSeq === 'number' ? doc.attemptsSeq : 0,
})

interface Docs {
  findOne(where: Record<string, unknown>): Promise<object | undefined>
  update(where: Record<string, unknown>, data: Record<string, unknown>): Promise<number>
  insert(id: string, data: never): Promise<unknown>
}

/**
 * A store in document `id` of `docs`, its state in `field` (`attempts` for a
 * lockout, `wrongAt` for a windowed limit); the document is created on the
 * first write when `create` (a try store of its own), else it must exist.
 */
export function docStore<S>(docs: Docs, id: string, field: 'attempts' | 'wrongAt', create: boolean): AttemptStore<S> {
  const of = field === 'attempts' ? attemptsOf : guessesOf
  return {
    read: async () => of((await docs.findOne({ _id: id })) as never) as unknown as { state: S; seq: number },
    writeIf: async (seq, state) => {
      const data = field === 'attempts' ? { attempts: state, attemptsSeq: seq + 1 } : { wrongAt: (state as GuessState).wrongAt, attemptsSeq: seq + 1 }
      if ((await docs.update({ _id: id, attemptsSeq: seq }, data)) === 1) return true
      if (!create || seq !== 0) return false
      // No document yet (or one without a counter: then the insert fails and the next round reads it).
      try {
        await docs.insert(id, data as never)
        return true
      } catch (e) {
        if (isDuplicateKey(e)) return false
        throw e
      }
    },
  }
}

export interface TryErrors {
  /** The thing guessed, as the sentences name it. */
  subject: string
  locked: (message: string, lockedUntil: number) => AppError
  wrong: (message: string) => AppError
}

const MAX_ROUNDS = 20

/** Counts one try as a failure in `counter` at `t`; the outcome, or the lock thrown. */
async function count<S>(counter: Counter<S>, t: number, errors: TryErrors) {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const { state, seq } = await counter.store.read()
    const may = counter.may(state, t)
    if (!may.ok) throw errors.locked(may.message, may.lockedUntil)
    const failed = counter.wrong(state, t)
    if (await counter.store.writeIf(seq, failed.state)) return failed
  }
  throw new AppError('CONFLICT', '尝试过于频繁，请稍后再试')
}

/** Writes what a right try at `t` makes of `counter`'s state (conditionally, re-reading on a lost condition). */
async function settle<S>(counter: Counter<S>, t: number) {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const { state, seq } = await counter.store.read()
    if (await counter.store.writeIf(seq, counter.right(state, t))) return
  }
}

/** Runs `check` as one try counted in every counter; resolves when right, throws the lock or the wrong answer otherwise. */
export async function limitedTry(counters: Array<Counter<any>>, check: () => Promise<boolean>, errors: TryErrors): Promise<void> {
  const t = now()
  const reads = await Promise.all(counters.map((c) => c.store.read()))
  const refusals = reads.map(({ state }, i) => counters[i].may(state, t)).filter((d): d is Extract<TryDecision, { ok: false }> => !d.ok)
  if (refusals.length) {
    const lockedUntil = Math.max(...refusals.map((r) => r.lockedUntil))
    throw errors.locked(lockedMessage(lockedUntil, t, errors.subject), lockedUntil)
  }
  const outcomes = []
  for (const c of counters) outcomes.push(await count(c, t, errors))
  if (await check()) {
    await Promise.all(counters.map((c) => settle(c, t)))
    return
  }
  const locks = outcomes.map((o) => o.lockedUntil).filter((u): u is number => u !== null)
  if (locks.length) {
    const lockedUntil = Math.max(...locks)
    throw errors.locked(lockedMessage(lockedUntil, t, errors.subject), lockedUntil)
  }
  throw errors.wrong(wrongPasswordMessage(Math.min(...outcomes.map((o) => o.triesLeft)), errors.subject))
}
