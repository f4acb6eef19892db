// The database area of the emulator: CloudBase's `database.*` admin actions
// exactly as wx-server-sdk 4.0.2 sends them (FIELD-NOTES §2), MongoDB
// semantics from mingo, documents and indexes in SQLite (store.ts),
// interactive transactions (transactions.ts), and a synchronous read-only API
// for the dev console, seeding and tests.
import { aggregate, find } from 'mingo'
import type { CollectionSpec } from '../../database/collections'
import { CloudError, sendJson, type AdminCall, type EmulatorContext } from '../context'
import { decode, encode, readable, type Doc } from './ejson'
import { invalidOperator, invalidParam } from './errors'
import {
  boolParam,
  collectionNameParam,
  documentsParam,
  intParam,
  orderParam,
  projectionParam,
  queryParam,
  queryTypeParam,
  stagesParam,
  transactionIdParam,
  updateDataParam,
} from './params'
import { applyModifier, compileQuery, replacement, toModifier } from './query'
import { DocumentStore, newId, type Row } from './store'
import { docKey, LOCK_WAIT_MS, Transactions, type Tx } from './transactions'

interface Area {
  store: DocumentStore
  txs: Transactions
}

const areas = new WeakMap<EmulatorContext, Area>()

function area(emu: EmulatorContext): Area {
  let a = areas.get(emu)
  if (!a) {
    const store = new DocumentStore(emu.sqlite)
    a = { store, txs: new Transactions(store, emu.clock) }
    areas.set(emu, a)
  }
  return a
}

export const MAX_LIMIT = 1000
export const DEFAULT_LIMIT = 100

// ── public API (dev console, seeding, tests, bench): all synchronous ─────

/**
 * Creates the collections and their indexes; safe to call at every start
 * (unchanged indexes are left alone, new or changed ones are built over the
 * existing documents). Each collection is all or nothing: a unique index that
 * existing documents violate throws E11000 and is not created.
 */
export function ensureCollections(emu: EmulatorContext, specs: CollectionSpec[]) {
  const { store } = area(emu)
  for (const spec of specs) store.ensureCollection(spec)
}

export function listCollections(emu: EmulatorContext): Array<{ name: string; count: number }> {
  return area(emu).store.collections()
}

/** A page of documents in insertion order, as relaxed EJSON (plain numbers and strings; dates as {$date}). */
export function browse(emu: EmulatorContext, name: string, opts: { skip?: number; limit?: number } = {}): Array<Record<string, unknown>> {
  const { store } = area(emu)
  if (!store.hasCollection(name)) return []
  const skip = Math.max(0, Math.floor(opts.skip ?? 0))
  const limit = Math.max(0, Math.floor(opts.limit ?? DEFAULT_LIMIT))
  return store.page(name, skip, limit).map((r) => readable(r.doc))
}

/**
 * The documents matching a MongoDB-style query (plain values, no EJSON), as
 * relaxed EJSON like `browse`: what the emulator's own simulators read
 * (the lot simulator's lots, devices and device log). Read-only.
 */
export function queryDocuments(
  emu: EmulatorContext,
  name: string,
  query: Record<string, unknown>,
  opts: { sort?: Record<string, 1 | -1>; limit?: number } = {},
): Array<Record<string, unknown>> {
  const { store } = area(emu)
  if (!store.hasCollection(name)) return []
  const q = compileQuery(query as Doc)
  let cursor = find(store.candidates(name, query as Doc).map((r) => r.doc).filter((d) => q.test(d)), {})
  if (opts.sort) cursor = cursor.sort(opts.sort)
  return (cursor.limit(Math.max(0, Math.floor(opts.limit ?? DEFAULT_LIMIT))).all() as Doc[]).map(readable)
}

/** Inserts documents (keeping a given `_id`), enforcing unique indexes; all or nothing. */
export function seedDocuments(emu: EmulatorContext, docs: Record<string, Array<Record<string, unknown>>>) {
  const { store } = area(emu)
  const now = emu.clock.now()
  store.transaction(() => {
    for (const [name, list] of Object.entries(docs)) {
      store.requireCollection(name)
      for (const doc of list) store.insert(name, decode(encode(doc), now), now)
    }
  })
}

/** Deletes every document; collections and indexes stay. Open transactions are dropped. */
export function resetDatabase(emu: EmulatorContext) {
  const { store, txs } = area(emu)
  txs.endAll()
  store.wipe()
}

/** Cumulative: queries run and documents read to answer them. */
export function getDatabaseStats(emu: EmulatorContext): { docsExamined: number; queries: number } {
  return { ...area(emu).store.stats }
}

/** Sets both counters back to zero (`DELETE /console/api/db/stats` does the same). */
export function resetDatabaseStats(emu: EmulatorContext) {
  const { stats } = area(emu).store
  stats.docsExamined = 0
  stats.queries = 0
}

// ── admin actions ───────────────────────────────────────────────────────

export function registerDatabase(emu: EmulatorContext) {
  const { store, txs } = area(emu)
  const now = () => emu.clock.now()
  /**
   * The fields every document action shares. Each action checks all its
   * fields (params.ts) before it looks at the collection or the transaction,
   * and before it reads or writes anything: a malformed request changes nothing.
   */
  const common = (call: AdminCall) => ({
    name: collectionNameParam(call.body.collectionName),
    query: queryParam(call.body.query, now()),
    queryType: queryTypeParam(call.body.queryType),
    transactionId: transactionIdParam(call.body.transactionId),
  })
  /** Then: the collection exists (DATABASE_COLLECTION_NOT_EXIST) and the transaction is live (DATABASE_TRANSACTION_FAIL). */
  const resolve = (p: { name: string; transactionId?: string }): { collection: string; tx?: Tx } => ({
    collection: store.requireCollection(p.name),
    tx: p.transactionId === undefined ? undefined : txs.require(p.transactionId),
  })
  /** The one document a transaction step or a DOC query names by `_id`. */
  const docIdOf = (query: Doc, inTransaction: boolean): string => {
    const id = query._id
    if (typeof id !== 'string' || !id) {
      throw invalidParam(
        inTransaction
          ? 'transactions support single-document operations only: doc(id).get/set/update/remove'
          : 'a DOC query names one document: {_id: "<id>"}',
      )
    }
    return id
  }
  const matching = (collection: string, query: Doc): Row[] => {
    const q = compileQuery(query)
    return store.candidates(collection, query).filter((r) => q.test(r.doc))
  }
  /**
   * A plain write: waits (bounded) while a transaction holds any document it
   * would touch, then finds its targets and writes them in the same
   * synchronous step (one SQLite transaction): a condition and its write are atomic.
   * If the wait times out it writes anyway: the transaction fails at commit.
   */
  const plainWrite = async <R extends { id: string } | string, T>(collection: string, targets: () => R[], write: (targets: R[]) => T): Promise<T> => {
    const deadline = performance.now() + LOCK_WAIT_MS
    for (;;) {
      const found = targets()
      const keys = found.map((t) => docKey(collection, typeof t === 'string' ? t : t.id))
      const left = deadline - performance.now()
      // No await between finding the targets and writing them.
      if (left <= 0 || !txs.holders(keys).size) return store.transaction(() => write(found))
      await txs.released(left)
    }
  }

  emu.admin.set('database.addCollection', (call) => {
    const name = collectionNameParam(call.body.collectionName)
    if (store.hasCollection(name)) throw new CloudError('DATABASE_COLLECTION_ALREADY_EXIST', `collection ${name} already exists`)
    store.ensureCollection({ name, indexes: [] })
    return {}
  })

  emu.admin.set('database.insertDocument', async (call) => {
    const p = { name: collectionNameParam(call.body.collectionName), transactionId: transactionIdParam(call.body.transactionId) }
    const docs = documentsParam(call.body.data, now())
    const { collection, tx } = resolve(p)
    const withIds = docs.map((d) => ({ ...d, _id: typeof d._id === 'string' && d._id ? d._id : newId(now()) }))
    if (tx) {
      await txs.lock(
        withIds.map((d) => docKey(collection, d._id)),
        tx,
      )
      for (const d of withIds) {
        if (txs.read(tx, collection, d._id)) throw txs.duplicate(collection, d._id)
        txs.write(tx, collection, d._id, d)
      }
    } else {
      await plainWrite(
        collection,
        () => withIds.map((d) => d._id),
        () => withIds.forEach((d) => store.insert(collection, d, now())),
      )
    }
    return { data: { insertedIds: withIds.map((d) => d._id) } }
  })

  emu.admin.set('database.getDocument', async (call) => {
    const p = common(call)
    const limit = intParam('limit', call.body.limit, 0, MAX_LIMIT) ?? DEFAULT_LIMIT
    const offset = intParam('offset', call.body.offset, 0, Number.MAX_SAFE_INTEGER) ?? 0
    const projection = projectionParam(call.body.projection)
    const sort = orderParam(call.body.order)
    const filter = p.transactionId === undefined ? compileQuery(p.query) : undefined
    const { collection, tx } = resolve(p)
    if (tx) {
      const id = docIdOf(p.query, true)
      await txs.lock([docKey(collection, id)], tx)
      store.stats.queries++
      store.stats.docsExamined++
      const doc = txs.read(tx, collection, id)
      let list: Doc[] = []
      try {
        if (doc) list = find([doc], {}, projection).all() as Doc[]
      } catch (e) {
        throw invalidOperator(`invalid projection: ${(e as Error).message}`)
      }
      return { data: { list: list.map(encode) } }
    }
    const rows = store.candidates(collection, p.query).map((r) => r.doc).filter((d) => filter!.test(d))
    const effective = limit || DEFAULT_LIMIT
    let list: Doc[]
    try {
      let cursor = find(rows, {}, projection)
      if (sort) cursor = cursor.sort(sort)
      list = cursor.skip(offset).limit(effective).all() as Doc[]
    } catch (e) {
      throw invalidOperator(`invalid projection or order: ${(e as Error).message}`)
    }
    return { data: { list: list.map(encode), limit: effective, offset } }
  })

  emu.admin.set('database.calculateDocument', (call) => {
    const p = common(call)
    const filter = compileQuery(p.query)
    const { collection } = resolve({ name: p.name })
    return { data: { total: store.candidates(collection, p.query).filter((r) => filter.test(r.doc)).length } }
  })

  emu.admin.set('database.modifyDocument', async (call) => {
    const p = common(call)
    const replace = boolParam('merge', call.body.merge) === false
    const upsert = boolParam('upsert', call.body.upsert) === true
    const multi = boolParam('multi', call.body.multi) !== false
    const data = updateDataParam(call.body.data, now(), replace)
    const modifier = replace ? undefined : toModifier(data)
    const byId = p.transactionId !== undefined || p.queryType === 'DOC'
    const id = byId ? docIdOf(p.query, p.transactionId !== undefined) : undefined
    if (!byId) compileQuery(p.query)
    const { collection, tx } = resolve(p)
    /** The next version of a document, or undefined when the write changes nothing. */
    const next = (id: string, current: Doc): Doc | undefined => {
      const after = replace ? replacement(id, data) : applyModifier(current, modifier!)
      return encode(after) === encode(current) ? undefined : after
    }

    if (tx) {
      await txs.lock([docKey(collection, id!)], tx)
      const current = txs.read(tx, collection, id!)
      if (!current) {
        if (!(replace && upsert)) return { data: { updated: 0 } }
        txs.write(tx, collection, id!, replacement(id!, data))
        return { data: { updated: 0, upsert_id: id } }
      }
      const after = next(id!, current)
      if (after) txs.write(tx, collection, id!, after)
      return { data: { updated: after ? 1 : 0 } }
    }

    if (id !== undefined) {
      return plainWrite(
        collection,
        () => [id],
        () => {
          const current = store.get(collection, id)?.doc
          if (!current) {
            if (!(replace && upsert)) return { data: { updated: 0 } }
            store.insert(collection, replacement(id, data), now())
            return { data: { updated: 0, upsert_id: id } }
          }
          const after = next(id, current)
          if (after) store.replace(collection, id, after)
          return { data: { updated: after ? 1 : 0 } }
        },
      )
    }

    return plainWrite(
      collection,
      () => matching(collection, p.query),
      (rows) => {
        let updated = 0
        for (const r of multi ? rows : rows.slice(0, 1)) {
          const after = next(r.id, r.doc)
          if (!after) continue
          store.replace(collection, r.id, after)
          updated++
        }
        return { data: { updated } }
      },
    )
  })

  emu.admin.set('database.removeDocument', async (call) => {
    const p = common(call)
    const multi = p.queryType === 'DOC' ? false : boolParam('multi', call.body.multi) !== false
    const id = p.transactionId !== undefined ? docIdOf(p.query, true) : undefined
    if (id === undefined) compileQuery(p.query)
    const { collection, tx } = resolve(p)
    if (tx) {
      await txs.lock([docKey(collection, id!)], tx)
      const exists = !!txs.read(tx, collection, id!)
      if (exists) txs.write(tx, collection, id!, null)
      return { data: { deleted: exists ? 1 : 0 } }
    }
    return plainWrite(
      collection,
      () => matching(collection, p.query),
      (rows) => {
        const targets = multi ? rows : rows.slice(0, 1)
        targets.forEach((r) => store.remove(collection, r.id))
        return { data: { deleted: targets.length } }
      },
    )
  })

  emu.admin.set('database.aggregateDocuments', (call) => {
    const name = collectionNameParam(call.body.collectionName)
    const pipeline = stagesParam(call.body.stages, now())
    const collection = store.requireCollection(name)
    // A leading $match narrows the source through an index.
    const first = pipeline[0]?.$match as Doc | undefined
    const source = store.candidates(collection, first).map((r) => r.doc)
    try {
      const list = aggregate(source, pipeline, {
        collectionResolver: (name: string) => (store.hasCollection(name) ? store.candidates(name, undefined).map((r) => r.doc) : []),
      }) as Doc[]
      return { data: { list: list.map(encode) } }
    } catch (e) {
      throw invalidOperator(`invalid aggregation: ${(e as Error).message}`)
    }
  })

  const requiredTransactionId = (call: AdminCall): string => {
    const id = transactionIdParam(call.body.transactionId)
    if (id === undefined) throw invalidParam('transactionId is required')
    return id
  }
  emu.admin.set('database.startTransaction', () => ({ transactionId: txs.start() }))
  emu.admin.set('database.commitTransaction', (call) => (txs.commit(requiredTransactionId(call), now()), {}))
  emu.admin.set('database.abortTransaction', (call) => (txs.abort(requiredTransactionId(call)), {}))

  emu.routes.push({
    method: 'GET',
    prefix: '/console/api/db/stats',
    handler: (_req, res) => sendJson(res, 200, getDatabaseStats(emu)),
  })
  emu.routes.push({
    method: 'DELETE',
    prefix: '/console/api/db/stats',
    handler: (_req, res) => {
      resetDatabaseStats(emu)
      sendJson(res, 200, getDatabaseStats(emu))
    },
  })
}
