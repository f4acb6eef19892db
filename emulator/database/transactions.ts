// Interactive transactions (start → document reads/writes → commit/abort),
// as CloudBase offers them to cloud functions: single-document operations
// only. A transaction locks each document it touches until it ends; others
// wanting that document wait (a transaction, or a plain write), so concurrent
// read-modify-write never loses an update. A wait that outlasts LOCK_WAIT_MS
// (e.g. a deadlock) fails with DATABASE_TRANSACTION_CONFLICT, which the SDK's
// runTransaction retries. Writes are buffered and applied at commit in one
// SQLite transaction: a half-done transaction leaves nothing.
import { randomUUID } from 'node:crypto'
import { CloudError } from '../context'
import type { Doc } from './ejson'
import type { DocumentStore } from './store'

const LOCK_WAIT_MS = 5_000
const IDLE_EXPIRY_MS = 30_000

interface Tx {
  id: string
  locks: Set<string>
  /** key → the document after this transaction's writes (null = removed). */
  writes: Map<string, { collection: string; id: string; doc: Doc | null; existed: boolean }>
  timer: NodeJS.Timeout
}

export const docKey = (collection: string, id: string) => `${collection}\u0000${id}`

export const conflict = () => new CloudError('DATABASE_TRANSACTION_CONFLICT', 'database transaction conflict: 事务冲突，请重试')

export class Transactions {
  private txs = new Map<string, Tx>()
  private owners = new Map<string, string>()
  private waiters: Array<() => void> = []

  constructor(private store: DocumentStore) {}

  start(): string {
    const tx: Tx = { id: randomUUID().replace(/-/g, ''), locks: new Set(), writes: new Map(), timer: undefined as never }
    this.txs.set(tx.id, tx)
    this.touch(tx)
    return tx.id
  }

  require(id: unknown): Tx {
    const tx = typeof id === 'string' ? this.txs.get(id) : undefined
    if (!tx) throw new CloudError('DATABASE_TRANSACTION_FAIL', 'transaction not found or expired: 事务不存在或已过期')
    this.touch(tx)
    return tx
  }

  /** Waits until every key is free (or held by `tx`), then takes them for `tx` when given. */
  async acquire(keys: string[], tx?: Tx): Promise<void> {
    const deadline = Date.now() + LOCK_WAIT_MS
    for (;;) {
      const busy = keys.some((k) => {
        const owner = this.owners.get(k)
        return owner !== undefined && owner !== tx?.id
      })
      if (!busy) {
        if (tx) for (const k of keys) (this.owners.set(k, tx.id), tx.locks.add(k))
        return
      }
      const left = deadline - Date.now()
      if (left <= 0) throw conflict()
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left)
        this.waiters.push(() => (clearTimeout(t), resolve()))
      })
    }
  }

  /** The document as `tx` sees it: its own writes first, then committed data. */
  read(tx: Tx, collection: string, id: string): Doc | undefined {
    const w = tx.writes.get(docKey(collection, id))
    if (w) return w.doc ? structuredClone(w.doc) : undefined
    return this.store.get(collection, id)?.doc
  }

  write(tx: Tx, collection: string, id: string, doc: Doc | null) {
    const key = docKey(collection, id)
    const prior = tx.writes.get(key)
    const existed = prior ? prior.existed : !!this.store.get(collection, id)
    tx.writes.set(key, { collection, id, doc, existed })
  }

  commit(id: unknown) {
    const tx = this.require(id)
    try {
      this.store.transaction(() => {
        for (const w of tx.writes.values()) {
          if (w.doc === null) {
            if (w.existed) this.store.remove(w.collection, w.id)
          } else if (this.store.get(w.collection, w.id)) this.store.replace(w.collection, w.id, w.doc)
          else this.store.insert(w.collection, { ...w.doc, _id: w.id })
        }
      })
    } finally {
      this.end(tx)
    }
  }

  abort(id: unknown) {
    this.end(this.require(id))
  }

  private touch(tx: Tx) {
    clearTimeout(tx.timer)
    tx.timer = setTimeout(() => this.end(tx), IDLE_EXPIRY_MS)
    tx.timer.unref()
  }

  private end(tx: Tx) {
    clearTimeout(tx.timer)
    this.txs.delete(tx.id)
    for (const k of tx.locks) if (this.owners.get(k) === tx.id) this.owners.delete(k)
    const waiting = this.waiters
    this.waiters = []
    waiting.forEach((wake) => wake())
  }

  close() {
    for (const tx of this.txs.values()) this.end(tx)
  }
}
