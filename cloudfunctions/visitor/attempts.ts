// Limited guessing, applied (src/domain/lockout.ts is the rule): a host
// account's passwords when binding, a guard's typed visitor codes.
//
// Decisions:
// - A try is counted BEFORE the secret is checked: the state moves to what a
//   failure would make it (afterFailure) by an update conditional on the
//   counter `attemptsSeq` read with it, then the secret is checked, and a
//   right one clears the state. So parallel tries each count (a lost
//   condition re-reads and counts again on the new state), and no more than
//   `maxFailures` secrets are ever checked per lock, however many arrive at
//   once — the fifth try that locks may still succeed, the sixth is refused
//   unchecked.
// - A right secret clears the state unconditionally: it was earned, and a
//   wrong try counted meanwhile is forgotten with it ("in a row").
import { AppError } from '../../src/domain/errors'
import { afterFailure, afterSuccess, mayTry, NO_ATTEMPTS, type AttemptState, type LockoutPolicy } from '../../src/domain/lockout'
import { _ } from '../_shared/cloud'
import { now } from '../_shared/clock'

export interface AttemptStore {
  /** The state and its counter as stored now (NO_ATTEMPTS and 0 for a document that has none yet). */
  read(): Promise<{ attempts: AttemptState; seq: number }>
  /** Writes `data` if the counter is still `seq`; whether it did. */
  writeIf(seq: number, data: Record<string, unknown>): Promise<boolean>
  /** Writes `data` whatever the counter. */
  write(data: Record<string, unknown>): Promise<void>
}

export interface TryErrors {
  locked: (message: string, lockedUntil: number) => AppError
  wrong: (message: string) => AppError
}

/** The stored state, or none yet. */
export const attemptsOf = (doc: { attempts?: AttemptState; attemptsSeq?: number } | undefined | null) => ({
  attempts: doc?.attempts && typeof doc.attempts.failures === 'number' ? doc.attempts : NO_ATTEMPTS,
  seq: typeof doc?.attemptsSeq === 'number' ? doc.attemptsSeq : 0,
})

const MAX_ROUNDS = 20

/** Runs `check` as one counted try; resolves when right, throws the lock or the wrong answer otherwise. */
export async function limitedTry(store: AttemptStore, policy: LockoutPolicy, check: () => Promise<boolean>, errors: TryErrors): Promise<void> {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const t = now()
    const { attempts, seq } = await store.read()
    const may = mayTry(attempts, t, policy)
    if (!may.ok) throw errors.locked(may.message, may.lockedUntil)
    const failed = afterFailure(attempts, t, policy)
    if (!(await store.writeIf(seq, { attempts: failed.state, attemptsSeq: seq + 1 }))) continue
    if (await check()) {
      await store.write({ attempts: afterSuccess(), attemptsSeq: _.inc(1) })
      return
    }
    throw failed.locked ? errors.locked(failed.message, failed.state.lockedUntil!) : errors.wrong(failed.message)
  }
  throw new AppError('CONFLICT', '尝试过于频繁，请稍后再试')
}
