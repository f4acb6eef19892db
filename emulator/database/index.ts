// The database area of the emulator: CloudBase's `database.*` admin actions
// as wx-server-sdk 4.0.2 sends them, with MongoDB semantics from mingo.
import { aggregate, find, Query, update } from 'mingo'
import type { CollectionSpec } from '../../database/collections'
import { CloudError, sendJson, type AdminCall, type EmulatorContext } from '../context'
import { decode, encode, readable, type Doc } from './ejson'
import { DocumentStore, newId, type Row } from './store'
import { docKey, Transactions } from './transactions'

interface Area {
  store: DocumentStore
  txs: Transactions
}

const areas = new WeakMap<EmulatorContext, Area>()

function area(emu: EmulatorContext): Area {
  let a = areas.get(emu)
  if (!a) {
    const store = new DocumentStore(emu.sqlite)
    a = { store, txs: new Transactions(store) }
    areas.set(emu, a)
  }
  return a
}

const MAX_LIMIT = 1000
const DEFAULT_LIMIT = 100

// ── public API (dev console, seeding, tests, bench) ─────────────────────

export function ensureCollections(emu: EmulatorContext, specs: CollectionSpec[]) {
  for (const spec of specs) area(emu).store.ensureCollection(spec)
}

export function listCollections(emu: EmulatorContext) {
  return area(emu).store.collections()
}

export function browse(emu: EmulatorContext, name: string, opts: { skip?: number; limit?: number } = {}): Doc[] {
  const { store } = area(emu)
  if (!store.hasCollection(name)) return []
  const skip = opts.skip ?? 0
  return store
    .scan(name)
    .slice(skip, skip + (opts.limit ?? DEFAULT_LIMIT))
    .map((r) => readable(r.doc))
}

export function seedDocuments(emu: EmulatorContext, docs: Record<string, Doc[]>) {
  const { store } = area(emu)
  store.transaction(() => {
    for (const [name, list] of Object.entries(docs)) {
      store.requireCollection(name)
      for (const doc of list) store.insert(name, decode(encode(doc), emu.clock.now()))
    }
  })
}

export function resetDatabase(emu: EmulatorContext) {
  area(emu).store.wipe()
}

export function getDatabaseStats(emu: EmulatorContext) {
  return { ...area(emu).store.stats }
}

// ── admin actions ───────────────────────────────────────────────────────

export function registerDatabase(emu: EmulatorContext) {
  const { store, txs } = area(emu)
  const now = () => emu.clock.now()
  const collectionOf = (call: AdminCall) => store.requireCollection(call.body.collectionName)
  const txOf = (call: AdminCall) => (call.body.transactionId ? txs.require(call.body.transactionId) : undefined)
  const queryOf = (call: AdminCall): Doc => decode(call.body.query, now()) ?? {}
  const docIdOf = (call: AdminCall): string => {
    const id = queryOf(call)._id
    if (typeof id !== 'string' || !id) throw new CloudError('INVALID_PARAM', 'a document operation needs an _id')
    return id
  }
  const matching = (collection: string, query: Doc): Row[] => {
    const q = new Query(query)
    return store.candidates(collection, query).filter((r) => q.test(r.doc))
  }

  emu.admin.set('database.addCollection', (call) => {
    const name = String(call.body.collectionName ?? '')
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(name)) throw new CloudError('INVALID_PARAM', 'invalid collection name')
    if (store.hasCollection(name)) throw new CloudError('DATABASE_COLLECTION_ALREADY_EXIST', `collection ${name} already exists`)
    store.ensureCollection({ name, indexes: [] })
    return {}
  })

  emu.admin.set('database.insertDocument', async (call) => {
    const collection = collectionOf(call)
    const docs: Doc[] = (Array.isArray(call.body.data) ? call.body.data : [call.body.data]).map((d: unknown) => decode(d, now()))
    if (!docs.length || docs.some((d) => !d || typeof d !== 'object' || Array.isArray(d))) {
      throw new CloudError('INVALID_PARAM', 'data must be a non-empty object')
    }
    const withIds = docs.map((d) => ({ ...d, _id: typeof d._id === 'string' && d._id ? d._id : newId() }))
    const tx = txOf(call)
    const keys = withIds.map((d) => docKey(collection, d._id))
    if (tx) {
      await txs.acquire(keys, tx)
      for (const d of withIds) {
        if (txs.read(tx, collection, d._id)) throw store.duplicateId(collection, d._id)
        txs.write(tx, collection, d._id, d)
      }
    } else {
      await txs.acquire(keys)
      store.transaction(() => withIds.forEach((d) => store.insert(collection, d)))
    }
    return { data: { insertedIds: withIds.map((d) => d._id) } }
  })

  emu.admin.set('database.getDocument', async (call) => {
    const collection = collectionOf(call)
    const tx = txOf(call)
    if (tx) {
      const id = docIdOf(call)
      await txs.acquire([docKey(collection, id)], tx)
      const doc = txs.read(tx, collection, id)
      return { data: { list: doc ? [encode(project(doc, call))] : [] } }
    }
    const limit = call.body.limit === undefined ? DEFAULT_LIMIT : Number(call.body.limit)
    const offset = Number(call.body.offset ?? 0)
    if (!Number.isInteger(limit) || limit < 0 || limit > MAX_LIMIT) {
      throw new CloudError('INVALID_PARAM', `limit must be an integer no greater than ${MAX_LIMIT}`)
    }
    const query = queryOf(call)
    const rows = store.candidates(collection, query).map((r) => r.doc)
    let cursor = find(rows, query, projectionOf(call))
    const sort = sortOf(call.body.order, now())
    if (sort) cursor = cursor.sort(sort)
    const list = cursor
      .skip(offset)
      .limit(limit || DEFAULT_LIMIT)
      .all() as Doc[]
    return { data: { list: list.map(encode), limit, offset } }
  })

  emu.admin.set('database.calculateDocument', (call) => {
    const collection = collectionOf(call)
    return { data: { total: matching(collection, queryOf(call)).length } }
  })

  emu.admin.set('database.modifyDocument', async (call) => {
    const collection = collectionOf(call)
    const data = decode(call.body.data, now())
    if (!data || typeof data !== 'object') throw new CloudError('INVALID_PARAM', 'data must be an object')
    const replace = call.body.merge === false
    const modifier = replace ? undefined : toModifier(data)
    const tx = txOf(call)

    if (tx || call.body.queryType === 'DOC') {
      const id = docIdOf(call)
      const key = docKey(collection, id)
      if (tx) await txs.acquire([key], tx)
      else await txs.acquire([key])
      const current = tx ? txs.read(tx, collection, id) : store.get(collection, id)?.doc
      if (!current) {
        if (!(replace && call.body.upsert)) return { data: { updated: 0 } }
        const doc = { ...stripId(data), _id: id }
        if (tx) txs.write(tx, collection, id, doc)
        else store.transaction(() => store.insert(collection, doc))
        return { data: { updated: 0, upsert_id: id } }
      }
      const next = replace ? { ...stripId(data), _id: id } : apply(current, modifier!)
      if (tx) txs.write(tx, collection, id, next)
      else store.transaction(() => store.replace(collection, id, next))
      return { data: { updated: 1 } }
    }

    const query = queryOf(call)
    const multi = call.body.multi !== false
    // Wait for any transaction holding a matching document, then match and
    // write in one synchronous step: the condition and the write are atomic.
    await txs.acquire(matching(collection, query).map((r) => docKey(collection, r.id)))
    const updated = store.transaction(() => {
      const rows = matching(collection, query)
      const targets = multi ? rows : rows.slice(0, 1)
      for (const r of targets) store.replace(collection, r.id, replace ? { ...stripId(data), _id: r.id } : apply(r.doc, modifier!))
      return targets.length
    })
    return { data: { updated } }
  })

  emu.admin.set('database.removeDocument', async (call) => {
    const collection = collectionOf(call)
    const tx = txOf(call)
    if (tx) {
      const id = docIdOf(call)
      await txs.acquire([docKey(collection, id)], tx)
      const exists = !!txs.read(tx, collection, id)
      if (exists) txs.write(tx, collection, id, null)
      return { data: { deleted: exists ? 1 : 0 } }
    }
    const query = queryOf(call)
    const multi = call.body.queryType === 'DOC' ? false : call.body.multi !== false
    await txs.acquire(matching(collection, query).map((r) => docKey(collection, r.id)))
    const deleted = store.transaction(() => {
      const rows = matching(collection, query)
      const targets = multi ? rows : rows.slice(0, 1)
      targets.forEach((r) => store.remove(collection, r.id))
      return targets.length
    })
    return { data: { deleted } }
  })

  emu.admin.set('database.aggregateDocuments', (call) => {
    const collection = collectionOf(call)
    const stages = (call.body.stages ?? []) as Array<{ stageKey: string; stageValue: string }>
    const pipeline = stages.map((s) => ({ [s.stageKey]: decode(s.stageValue, now()) }))
    // A leading $match can use an index.
    const first = pipeline[0]?.$match as Doc | undefined
    const source = store.candidates(collection, first).map((r) => r.doc)
    const list = aggregate(source, pipeline, {
      collectionResolver: (name: string) => (store.hasCollection(name) ? store.scan(name).map((r) => r.doc) : []),
    }) as Doc[]
    return { data: { list: list.map(encode) } }
  })

  emu.admin.set('database.startTransaction', () => ({ transactionId: txs.start() }))
  emu.admin.set('database.commitTransaction', (call) => (txs.commit(call.body.transactionId), {}))
  emu.admin.set('database.abortTransaction', (call) => (txs.abort(call.body.transactionId), {}))

  emu.routes.push({
    method: 'GET',
    prefix: '/console/api/db/stats',
    handler: (_req, res) => sendJson(res, 200, getDatabaseStats(emu)),
  })
}

// ── helpers ─────────────────────────────────────────────────────────────

function stripId(doc: Doc): Doc {
  const { _id: _ignored, ...rest } = doc
  return rest
}

/** Update operators as given; plain fields (no $-keys) mean $set. `_id` never changes. */
function toModifier(data: Doc): Doc {
  const hasOperators = Object.keys(data).some((k) => k.startsWith('$'))
  const modifier = hasOperators ? { ...data } : { $set: data }
  if (modifier.$set) modifier.$set = stripId(modifier.$set)
  return modifier
}

function apply(doc: Doc, modifier: Doc): Doc {
  const next = structuredClone(doc)
  try {
    update(next, modifier as any)
  } catch (e) {
    throw new CloudError('DATABASE_INVALID_OPERRATOR', `invalid update: ${(e as Error).message}`)
  }
  return next
}

function projectionOf(call: AdminCall): Doc | undefined {
  const p = decode(call.body.projection, 0)
  return p && Object.keys(p).length ? p : undefined
}

function project(doc: Doc, call: AdminCall): Doc {
  const projection = projectionOf(call)
  return projection ? ((find([doc], {}, projection).all()[0] as Doc) ?? doc) : doc
}

/** The SDK sends order as EJSON: an array of {field, direction} (or an object). */
function sortOf(order: unknown, now: number): Record<string, 1 | -1> | undefined {
  const value = decode(order, now)
  if (!value) return undefined
  const entries: Array<[string, unknown]> = Array.isArray(value)
    ? value.map((o: Doc) => [String(o.field), o.direction])
    : Object.entries(value)
  if (!entries.length) return undefined
  return Object.fromEntries(entries.map(([f, d]) => [f, d === 'desc' || d === -1 ? -1 : 1]))
}
