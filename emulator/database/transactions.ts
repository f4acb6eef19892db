// Interactive transactions (start → single-document reads/writes → commit or
// abort), as CloudBase offers them to cloud functions.
//
// Correctness is optimistic: a transaction records the committed version of
// every document it reads or writes, buffers its writes, and at commit checks
// in one SQLite transaction that none of those versions changed before it
// applies the writes. If one did, commit fails with
// DATABASE_TRANSACTION_CONFLICT and nothing is written: the code on which
// the SDK's runTransaction retries the whole callback.
//
// Two facts of wx-server-sdk 4.0.2 shape the rest:
// - It retries only when *commit* throws that code. An error from a document
//   call inside the callback reaches runTransaction re-shaped as
//   {errCode, errMsg} (the `code` is gone) and is never retried, so the
//   emulator never reports a conflict there.
// - It retries 3 times. With pure optimistic concurrency, 20 callers
//   incrementing one counter would exhaust that (each round only one wins).
//   So a transaction also takes a lock on each document it touches; other
//   transactions and plain writes touching it wait until it ends. The lock
//   only orders work: when a wait would deadlock or lasts longer than
//   LOCK_WAIT_MS, the waiter proceeds without it and the version check at
//   commit decides who retries.
//
// Abandoned transactions (no call for TX_IDLE_MS of server time) expire:
// their locks are released and their writes dropped.
import { randomBytes } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import type { Clock } from '../context'
import type { Doc } from './ejson'
import { conflict, duplicateKey, transactionFailed } from './errors'
import { clone } from './query'
import type { DocumentStore } from './store'

export const LOCK_WAIT_MS = 3_000
export const TX_IDLE_MS = 30_000

export interface Tx {
  id: string
  lastUsed: number
  /** key → the committed version first seen (0 = did not exist). */
  seen: Map<string, number>
  /** key → the document after this transaction's writes (null = removed). */
  writes: Map<string, { collection: string; id: string; doc: Doc | null }>
  locks: Set<string>
}

export const docKey = (collection: string, id: string) => `${collection}\u0000${id}`
const splitKey = (key: string) => key.split('\u0000') as [string, string]

export class Transactions {
  private txs = new Map<string, Tx>()
  private expired = new Set<string>()
  /** document key → id of the transaction holding it */
  private owners = new Map<string, string>()
  /** transaction id → ids of the transactions it waits for */
  private waitsFor = new Map<string, Set<string>>()
  private waiters = new Set<() => void>()
  private sweeper: NodeJS.Timeout

  constructor(private store: DocumentStore, private clock: Clock) {
    this.sweeper = setInterval(() => this.sweep(), 5_000)
    this.sweeper.unref()
  }

  get open() {
    return this.txs.size
  }

  start(): string {
    this.sweep()
    const tx: Tx = { id: randomBytes(16).toString('hex'), lastUsed: this.clock.now(), seen: new Map(), writes: new Map(), locks: new Set() }
    this.txs.set(tx.id, tx)
    return tx.id
  }

  /**
   * The live transaction with this id. One never started, already committed
   * or aborted, or expired is DATABASE_TRANSACTION_FAIL, as CloudBase answers
   * for a transaction it no longer has. (The message avoids "not exist": the
   * functions read that as a missing document.)
   */
  require(id: unknown): Tx {
    this.sweep()
    const tx = typeof id === 'string' ? this.txs.get(id) : undefined
    if (!tx) {
      const why = typeof id === 'string' && this.expired.has(id) ? 'expired' : 'unknown or already ended'
      throw transactionFailed(`transaction ${String(id).slice(0, 64)} is ${why}: 事务不存在或已结束`)
    }
    tx.lastUsed = this.clock.now()
    return tx
  }

  /**
   * Waits until no other transaction holds any of `keys` (or a wait would
   * deadlock, or LOCK_WAIT_MS passed), then takes the free ones for `tx`.
   * Callers must read and write synchronously after it resolves.
   */
  async lock(keys: string[], tx?: Tx): Promise<void> {
    const deadline = performance.now() + LOCK_WAIT_MS
    for (;;) {
      this.sweep()
      const holders = this.holders(keys, tx)
      const left = deadline - performance.now()
      if (!holders.size || left <= 0 || (tx && this.wouldDeadlock(tx.id, holders))) {
        if (tx && this.txs.has(tx.id)) {
          for (const k of keys) {
            if (this.owners.has(k)) continue
            this.owners.set(k, tx.id)
            tx.locks.add(k)
          }
        }
        return
      }
      if (tx) this.waitsFor.set(tx.id, holders)
      await this.released(left)
      if (tx) this.waitsFor.delete(tx.id)
    }
  }

  /** Ids of other transactions holding any of `keys`. */
  holders(keys: string[], tx?: Tx): Set<string> {
    this.sweep()
    const out = new Set<string>()
    for (const k of keys) {
      const owner = this.owners.get(k)
      if (owner !== undefined && owner !== tx?.id) out.add(owner)
    }
    return out
  }

  /** Resolves when some transaction ends, or after `ms`. */
  released(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer)
        this.waiters.delete(wake)
        resolve()
      }
      const timer = setTimeout(wake, ms)
      this.waiters.add(wake)
    })
  }

  private wouldDeadlock(self: string, holders: Set<string>): boolean {
    const seen = new Set<string>()
    const stack = [...holders]
    while (stack.length) {
      const t = stack.pop()!
      if (t === self) return true
      if (seen.has(t)) continue
      seen.add(t)
      stack.push(...(this.waitsFor.get(t) ?? []))
    }
    return false
  }

  /** The document as `tx` sees it: its own writes, else the committed one (whose version it records). */
  read(tx: Tx, collection: string, id: string): Doc | undefined {
    const key = docKey(collection, id)
    const w = tx.writes.get(key)
    if (w) return w.doc ? clone(w.doc) : undefined
    const row = this.store.get(collection, id)
    if (!tx.seen.has(key)) tx.seen.set(key, row?.version ?? 0)
    return row?.doc
  }

  /** Buffers a write (null = remove); call after `read` of the same document. */
  write(tx: Tx, collection: string, id: string, doc: Doc | null) {
    const key = docKey(collection, id)
    if (!tx.seen.has(key)) tx.seen.set(key, this.store.version(collection, id))
    tx.writes.set(key, { collection, id, doc: doc && clone(doc) })
  }

  /** Applies the writes if nothing `tx` saw has changed since; all or nothing. */
  commit(id: unknown, now: number) {
    this.sweep()
    const known = typeof id === 'string' && this.expired.has(id)
    // A transaction that expired under a slow caller is safe to run again.
    if (known) throw conflict(`transaction ${id} expired before commit: 事务已过期，请重试`)
    const tx = this.require(id)
    try {
      this.store.transaction(() => {
        for (const [key, version] of tx.seen) {
          const [collection, docId] = splitKey(key)
          if (this.store.version(collection, docId) !== version) throw conflict()
        }
        for (const w of tx.writes.values()) {
          const exists = this.store.version(w.collection, w.id) !== 0
          if (w.doc === null) {
            if (exists) this.store.remove(w.collection, w.id)
          } else if (exists) this.store.replace(w.collection, w.id, w.doc)
          else this.store.insert(w.collection, { ...w.doc, _id: w.id }, now)
        }
      })
    } finally {
      this.end(tx)
    }
  }

  abort(id: unknown) {
    if (typeof id === 'string' && this.expired.has(id)) return
    this.end(this.require(id))
  }

  /** Inserting an id the transaction already sees is a duplicate key, as in CloudBase. */
  duplicate(collection: string, id: string) {
    return duplicateKey(collection, '_id_', JSON.stringify({ _id: id }))
  }

  /** Ends every transaction idle for longer than TX_IDLE_MS of server time. */
  sweep() {
    const now = this.clock.now()
    for (const tx of this.txs.values()) {
      if (now - tx.lastUsed > TX_IDLE_MS) {
        this.expired.add(tx.id)
        this.end(tx)
      }
    }
    if (this.expired.size > 10_000) this.expired.clear()
  }

  private end(tx: Tx) {
    this.txs.delete(tx.id)
    this.waitsFor.delete(tx.id)
    for (const k of tx.locks) if (this.owners.get(k) === tx.id) this.owners.delete(k)
    tx.locks.clear()
    for (const wake of [...this.waiters]) wake()
  }

  /** Ends every open transaction (their writes are dropped). */
  endAll() {
    for (const tx of [...this.txs.values()]) this.end(tx)
  }

  close() {
    clearInterval(this.sweeper)
    this.endAll()
  }
}
