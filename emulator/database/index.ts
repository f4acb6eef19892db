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
import { applyModifier, compileQuery, projectionOf, replacement, sortOf, toModifier } from './query'
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
  const collectionOf = (call: AdminCall) => store.requireCollection(call.body.collectionName)
  const txOf = (call: AdminCall): Tx | undefined => (call.body.transactionId ? txs.require(call.body.transactionId) : undefined)
  const queryOf = (call: AdminCall): Doc => {
    const q = decode(call.body.query, now()) ?? {}
    if (typeof q !== 'object' || Array.isArray(q)) throw invalidParam('query must be an object')
    return q
  }
  /** Transactions support single-document operations only (CloudBase). */
  const docIdOf = (call: AdminCall): string => {
    const id = queryOf(call)._id
    if (typeof id !== 'string' || !id) {
      throw invalidParam('transactions support single-document operations only: doc(id).get/set/update/remove')
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
    const name = String(call.body.collectionName ?? '')
    if (store.hasCollection(name)) throw new CloudError('DATABASE_COLLECTION_ALREADY_EXIST', `collection ${name} already exists`)
    store.ensureCollection({ name, indexes: [] })
    return {}
  })

  emu.admin.set('database.insertDocument', async (call) => {
    const collection = collectionOf(call)
    const raw = Array.isArray(call.body.data) ? call.body.data : [call.body.data]
    const docs: Doc[] = raw.map((d: unknown) => decode(d, now()))
    if (!docs.length || docs.some((d) => !d || typeof d !== 'object' || Array.isArray(d))) throw invalidParam('data must be a non-empty object')
    if (docs.some((d) => Object.keys(d).some((k) => k.startsWith('$')))) throw invalidOperator('a document to insert cannot contain $ operators')
    const withIds = docs.map((d) => ({ ...d, _id: typeof d._id === 'string' && d._id ? d._id : newId(now()) }))
    const tx = txOf(call)
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
    const collection = collectionOf(call)
    const projection = projectionOf(call.body.projection)
    const tx = txOf(call)
    if (tx) {
      const id = docIdOf(call)
      await txs.lock([docKey(collection, id)], tx)
      store.stats.queries++
      store.stats.docsExamined++
      const doc = txs.read(tx, collection, id)
      const list = doc ? (find([doc], {}, projection).all() as Doc[]) : []
      return { data: { list: list.map(encode) } }
    }
    const limit = call.body.limit === undefined || call.body.limit === null ? DEFAULT_LIMIT : Number(call.body.limit)
    const offset = call.body.offset === undefined || call.body.offset === null ? 0 : Number(call.body.offset)
    if (!Number.isInteger(limit) || limit < 0 || limit > MAX_LIMIT) {
      throw invalidParam(`limit must be an integer between 0 and ${MAX_LIMIT}, got ${call.body.limit}`)
    }
    if (!Number.isInteger(offset) || offset < 0) throw invalidParam(`offset must be a non-negative integer, got ${call.body.offset}`)
    const query = queryOf(call)
    const filter = compileQuery(query)
    const rows = store.candidates(collection, query).map((r) => r.doc).filter((d) => filter.test(d))
    const effective = limit || DEFAULT_LIMIT
    let list: Doc[]
    try {
      let cursor = find(rows, {}, projection)
      const sort = sortOf(call.body.order)
      if (sort) cursor = cursor.sort(sort)
      list = cursor.skip(offset).limit(effective).all() as Doc[]
    } catch (e) {
      throw invalidOperator(`invalid projection or order: ${(e as Error).message}`)
    }
    return { data: { list: list.map(encode), limit: effective, offset } }
  })

  emu.admin.set('database.calculateDocument', (call) => {
    const collection = collectionOf(call)
    return { data: { total: matching(collection, queryOf(call)).length } }
  })

  emu.admin.set('database.modifyDocument', async (call) => {
    const collection = collectionOf(call)
    const data = decode(call.body.data, now())
    if (!data || typeof data !== 'object' || Array.isArray(data)) throw invalidParam('data must be an object')
    const replace = call.body.merge === false
    if (replace && Object.keys(data).some((k) => k.startsWith('$'))) throw invalidOperator('set() takes a plain document, not update operators')
    const modifier = replace ? undefined : toModifier(data)
    const upsert = call.body.upsert === true
    /** The next version of a document, or undefined when the write changes nothing. */
    const next = (id: string, current: Doc): Doc | undefined => {
      const after = replace ? replacement(id, data) : applyModifier(current, modifier!)
      return encode(after) === encode(current) ? undefined : after
    }
    const tx = txOf(call)

    if (tx) {
      const id = docIdOf(call)
      await txs.lock([docKey(collection, id)], tx)
      const current = txs.read(tx, collection, id)
      if (!current) {
        if (!(replace && upsert)) return { data: { updated: 0 } }
        txs.write(tx, collection, id, replacement(id, data))
        return { data: { updated: 0, upsert_id: id } }
      }
      const after = next(id, current)
      if (after) txs.write(tx, collection, id, after)
      return { data: { updated: after ? 1 : 0 } }
    }

    if (call.body.queryType === 'DOC') {
      const id = docIdOf(call)
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

    const query = queryOf(call)
    const multi = call.body.multi !== false
    return plainWrite(
      collection,
      () => matching(collection, query),
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
    const collection = collectionOf(call)
    const tx = txOf(call)
    if (tx) {
      const id = docIdOf(call)
      await txs.lock([docKey(collection, id)], tx)
      const exists = !!txs.read(tx, collection, id)
      if (exists) txs.write(tx, collection, id, null)
      return { data: { deleted: exists ? 1 : 0 } }
    }
    const query = queryOf(call)
    const multi = call.body.queryType === 'DOC' ? false : call.body.multi !== false
    return plainWrite(
      collection,
      () => matching(collection, query),
      (rows) => {
        const targets = multi ? rows : rows.slice(0, 1)
        targets.forEach((r) => store.remove(collection, r.id))
        return { data: { deleted: targets.length } }
      },
    )
  })

  emu.admin.set('database.aggregateDocuments', (call) => {
    const collection = collectionOf(call)
    const stages = call.body.stages
    if (!Array.isArray(stages)) throw invalidParam('stages must be an array')
    const pipeline = stages.map((s: { stageKey: string; stageValue: string }) => ({ [s.stageKey]: decode(s.stageValue, now()) }))
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

  emu.admin.set('database.startTransaction', () => ({ transactionId: txs.start() }))
  emu.admin.set('database.commitTransaction', (call) => (txs.commit(call.body.transactionId, now()), {}))
  emu.admin.set('database.abortTransaction', (call) => (txs.abort(call.body.transactionId), {}))

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
