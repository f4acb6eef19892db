// Documents and indexes in SQLite. Every document is one row (canonical EJSON)
// with a version taken from one increasing sequence (so a removed and
// re-inserted document never repeats a version a transaction saw); every
// index is a set of rows (collection, index, key, id), so equality and $in
// queries on indexed fields (or `_id`) read only their candidates.
// Writes run synchronously inside one SQLite transaction: a check and the
// write it guards never interleave with another request.
import type Database from 'better-sqlite3'
import { randomBytes } from 'node:crypto'
import type { CollectionSpec, IndexSpec } from '../../database/collections'
import { decode, encode, type Doc } from './ejson'
import { duplicateKey, invalidParam, notExist } from './errors'
import { COLLECTION_NAME } from './params'
import { clone, stripId } from './query'

export interface Row {
  id: string
  version: number
  doc: Doc
}

export interface Stats {
  docsExamined: number
  queries: number
}

const ID_INDEX = '_id_'
/** More candidate keys than this (a huge $in, a compound product) and the query scans instead. */
const MAX_LOOKUP_KEYS = 1000

/** CloudBase-style document id: 32 lowercase hex characters, led by the creation second. */
export function newId(now: number): string {
  return Math.floor(now / 1000).toString(16).padStart(8, '0').slice(-8) + randomBytes(12).toString('hex')
}

export class DocumentStore {
  readonly stats: Stats = { docsExamined: 0, queries: 0 }
  private indexes = new Map<string, IndexSpec[]>()
  private cache = new Map<string, { version: number; doc: Doc }>()
  private seq: number
  private stmt: Record<string, Database.Statement>

  constructor(private sqlite: Database.Database) {
    sqlite.exec(`
      CREATE TABLE IF NOT EXISTS _db_collections (name TEXT PRIMARY KEY);
      CREATE TABLE IF NOT EXISTS _db_indexes (collection TEXT, name TEXT, keys TEXT, is_unique INTEGER, PRIMARY KEY (collection, name));
      CREATE TABLE IF NOT EXISTS _db_documents (collection TEXT, id TEXT, version INTEGER, body TEXT, PRIMARY KEY (collection, id));
      CREATE TABLE IF NOT EXISTS _db_index_entries (collection TEXT, index_name TEXT, key TEXT, id TEXT);
      CREATE INDEX IF NOT EXISTS _db_index_lookup ON _db_index_entries (collection, index_name, key);
      CREATE INDEX IF NOT EXISTS _db_index_by_doc ON _db_index_entries (collection, id);
    `)
    for (const r of sqlite.prepare('SELECT collection, name, keys, is_unique FROM _db_indexes').all() as any[]) {
      this.specsOf(r.collection).push({ name: r.name, keys: JSON.parse(r.keys), unique: !!r.is_unique })
    }
    this.seq = (sqlite.prepare('SELECT COALESCE(MAX(version), 0) AS v FROM _db_documents').get() as { v: number }).v
    this.stmt = {
      get: sqlite.prepare('SELECT id, version, body FROM _db_documents WHERE collection = ? AND id = ?'),
      version: sqlite.prepare('SELECT version FROM _db_documents WHERE collection = ? AND id = ?'),
      scan: sqlite.prepare('SELECT id, version, body FROM _db_documents WHERE collection = ? ORDER BY rowid'),
      page: sqlite.prepare('SELECT id, version, body FROM _db_documents WHERE collection = ? ORDER BY rowid LIMIT ? OFFSET ?'),
      byKey: sqlite.prepare(
        'SELECT DISTINCT d.rowid AS rid, d.id, d.version, d.body FROM _db_index_entries e JOIN _db_documents d ON d.collection = e.collection AND d.id = e.id WHERE e.collection = ? AND e.index_name = ? AND e.key = ?',
      ),
      byPrefix: sqlite.prepare(
        'SELECT DISTINCT d.rowid AS rid, d.id, d.version, d.body FROM _db_index_entries e JOIN _db_documents d ON d.collection = e.collection AND d.id = e.id WHERE e.collection = ? AND e.index_name = ? AND e.key >= ? AND e.key < ?',
      ),
      clash: sqlite.prepare('SELECT id FROM _db_index_entries WHERE collection = ? AND index_name = ? AND key = ? AND id != ? LIMIT 1'),
      insert: sqlite.prepare('INSERT INTO _db_documents (collection, id, version, body) VALUES (?, ?, ?, ?)'),
      update: sqlite.prepare('UPDATE _db_documents SET version = ?, body = ? WHERE collection = ? AND id = ?'),
      remove: sqlite.prepare('DELETE FROM _db_documents WHERE collection = ? AND id = ?'),
      entry: sqlite.prepare('INSERT INTO _db_index_entries (collection, index_name, key, id) VALUES (?, ?, ?, ?)'),
      unentry: sqlite.prepare('DELETE FROM _db_index_entries WHERE collection = ? AND id = ?'),
      hasCollection: sqlite.prepare('SELECT 1 FROM _db_collections WHERE name = ?'),
    }
  }

  // ── collections ───────────────────────────────────────────────────────

  /**
   * Creates the collection and makes its indexes exactly the spec's: unchanged
   * ones are left alone, changed or new ones (re)built, ones the spec no longer
   * lists dropped (a persisted data folder must not keep enforcing a unique
   * index that was renamed or removed from database/collections.ts).
   */
  ensureCollection(spec: CollectionSpec) {
    if (!COLLECTION_NAME.test(spec.name)) throw invalidParam(`invalid collection name: ${spec.name}`)
    const before = [...this.specsOf(spec.name)]
    try {
      this.buildCollection(spec)
    } catch (e) {
      // SQLite rolled back; so does the in-memory list of indexes.
      this.indexes.set(spec.name, before)
      throw e
    }
  }

  private buildCollection(spec: CollectionSpec) {
    this.transaction(() => {
      this.sqlite.prepare('INSERT OR IGNORE INTO _db_collections (name) VALUES (?)').run(spec.name)
      const wanted = new Set(spec.indexes.map((i) => i.name))
      for (const stale of this.specsOf(spec.name).filter((i) => !wanted.has(i.name))) {
        this.sqlite.prepare('DELETE FROM _db_indexes WHERE collection = ? AND name = ?').run(spec.name, stale.name)
        this.sqlite.prepare('DELETE FROM _db_index_entries WHERE collection = ? AND index_name = ?').run(spec.name, stale.name)
        this.indexes.set(spec.name, this.specsOf(spec.name).filter((i) => i.name !== stale.name))
      }
      for (const index of spec.indexes) {
        const existing = this.specsOf(spec.name).find((i) => i.name === index.name)
        if (existing && JSON.stringify(existing.keys) === JSON.stringify(index.keys) && !!existing.unique === !!index.unique) continue
        this.sqlite
          .prepare('INSERT OR REPLACE INTO _db_indexes (collection, name, keys, is_unique) VALUES (?, ?, ?, ?)')
          .run(spec.name, index.name, JSON.stringify(index.keys), index.unique ? 1 : 0)
        this.indexes.set(spec.name, [...this.specsOf(spec.name).filter((i) => i.name !== index.name), index])
        // Build the index over existing documents (a unique violation fails the start).
        this.sqlite.prepare('DELETE FROM _db_index_entries WHERE collection = ? AND index_name = ?').run(spec.name, index.name)
        for (const row of this.scan(spec.name)) {
          if (index.unique) this.checkUnique(spec.name, row.id, row.doc, [index])
          this.writeEntries(spec.name, row.id, row.doc, [index])
        }
      }
    })
  }

  hasCollection(name: string) {
    return !!this.stmt.hasCollection.get(name)
  }

  requireCollection(name: unknown): string {
    if (typeof name !== 'string' || !name) throw invalidParam('collectionName is required')
    if (!this.hasCollection(name)) throw notExist(name)
    return name
  }

  collections(): Array<{ name: string; count: number }> {
    return this.sqlite
      .prepare(
        'SELECT c.name AS name, (SELECT COUNT(*) FROM _db_documents d WHERE d.collection = c.name) AS count FROM _db_collections c ORDER BY c.name',
      )
      .all() as Array<{ name: string; count: number }>
  }

  wipe() {
    this.transaction(() => {
      this.sqlite.exec('DELETE FROM _db_documents; DELETE FROM _db_index_entries;')
      this.cache.clear()
    })
  }

  // ── reads ─────────────────────────────────────────────────────────────

  get(collection: string, id: string): Row | undefined {
    const r = this.stmt.get.get(collection, id) as any
    return r ? this.row(collection, r) : undefined
  }

  /** The committed version of a document, 0 when it does not exist. */
  version(collection: string, id: string): number {
    return (this.stmt.version.get(collection, id) as { version: number } | undefined)?.version ?? 0
  }

  /** A page in insertion order, not counted as a query (the console). */
  page(collection: string, skip: number, limit: number): Row[] {
    return (this.stmt.page.all(collection, limit, skip) as any[]).map((r) => this.row(collection, r))
  }

  /**
   * The documents a query may match, counted in the stats: by `_id` or the
   * index with the longest run of equality/$in fields, else every document.
   * Callers filter the candidates with the query.
   */
  candidates(collection: string, query: Doc | undefined): Row[] {
    this.stats.queries++
    const rows = this.lookup(collection, query ?? {})
    this.stats.docsExamined += rows.length
    return rows
  }

  private lookup(collection: string, query: Doc): Row[] {
    const eq = equalities(query)
    const ids = eq.get('_id')
    if (ids && ids.length <= MAX_LOOKUP_KEYS && ids.every((v) => typeof v === 'string')) {
      return [...new Set(ids as string[])].map((id) => this.get(collection, id)).filter((r): r is Row => !!r)
    }
    let best: { index: IndexSpec; fields: string[] } | undefined
    for (const index of this.specsOf(collection)) {
      const fields: string[] = []
      for (const f of Object.keys(index.keys)) {
        if (!eq.has(f)) break
        fields.push(f)
      }
      if (fields.length && (!best || fields.length > best.fields.length)) best = { index, fields }
    }
    if (!best) return this.scan(collection)
    const tuples = product(best.fields.map((f) => eq.get(f)!))
    if (tuples.length > MAX_LOOKUP_KEYS) return this.scan(collection)
    const full = best.fields.length === Object.keys(best.index.keys).length
    const found = new Map<number, Row>()
    for (const tuple of tuples) {
      const key = keyText(tuple)
      const rows = full
        ? this.stmt.byKey.all(collection, best.index.name, key)
        : // Leading fields of a compound key: every key that starts with them.
          this.stmt.byPrefix.all(collection, best.index.name, key.slice(0, -1) + ',', key.slice(0, -1) + ',\uffff')
      for (const r of rows as any[]) if (!found.has(r.rid)) found.set(r.rid, this.row(collection, r))
    }
    return [...found.entries()].sort((a, b) => a[0] - b[0]).map(([, row]) => row)
  }

  /** Every document in insertion order (not counted: callers that query use `candidates`). */
  scan(collection: string): Row[] {
    return (this.stmt.scan.all(collection) as any[]).map((r) => this.row(collection, r))
  }

  private row(collection: string, r: { id: string; version: number; body: string }): Row {
    const key = `${collection}\u0000${r.id}`
    let hit = this.cache.get(key)
    if (!hit || hit.version !== r.version) {
      hit = { version: r.version, doc: decode(r.body, 0) }
      this.cache.set(key, hit)
    }
    return { id: r.id, version: r.version, doc: clone(hit.doc) }
  }

  // ── writes (call inside `transaction`) ────────────────────────────────

  duplicateId(collection: string, id: string) {
    return duplicateKey(collection, ID_INDEX, JSON.stringify({ _id: id }))
  }

  insert(collection: string, doc: Doc, now: number): string {
    const id = typeof doc._id === 'string' && doc._id ? doc._id : newId(now)
    const ordered = { _id: id, ...stripId(doc) }
    if (this.version(collection, id)) throw this.duplicateId(collection, id)
    this.checkUnique(collection, id, ordered, this.specsOf(collection))
    this.stmt.insert.run(collection, id, ++this.seq, encode(ordered))
    this.writeEntries(collection, id, ordered, this.specsOf(collection))
    return id
  }

  replace(collection: string, id: string, doc: Doc) {
    const full = { _id: id, ...stripId(doc) }
    this.checkUnique(collection, id, full, this.specsOf(collection))
    this.stmt.update.run(++this.seq, encode(full), collection, id)
    this.stmt.unentry.run(collection, id)
    this.writeEntries(collection, id, full, this.specsOf(collection))
  }

  remove(collection: string, id: string) {
    this.stmt.remove.run(collection, id)
    this.stmt.unentry.run(collection, id)
    this.cache.delete(`${collection}\u0000${id}`)
  }

  /** Runs `fn` in one SQLite transaction (nested calls join it); a throw rolls everything back. */
  transaction<T>(fn: () => T): T {
    return this.sqlite.transaction(fn)()
  }

  // ── indexes ───────────────────────────────────────────────────────────

  private specsOf(collection: string): IndexSpec[] {
    let specs = this.indexes.get(collection)
    if (!specs) this.indexes.set(collection, (specs = []))
    return specs
  }

  private checkUnique(collection: string, id: string, doc: Doc, indexes: IndexSpec[]) {
    for (const index of indexes) {
      if (!index.unique) continue
      for (const key of keysOf(index, doc)) {
        if (this.stmt.clash.get(collection, index.name, key, id)) throw duplicateKey(collection, index.name, key)
      }
    }
  }

  private writeEntries(collection: string, id: string, doc: Doc, indexes: IndexSpec[]) {
    for (const index of indexes) for (const key of keysOf(index, doc)) this.stmt.entry.run(collection, index.name, key, id)
  }
}

// ── keys ────────────────────────────────────────────────────────────────

/** A stable text for a value: key order of objects does not matter, dates and numbers are distinct types. */
function canonical(value: unknown): unknown {
  if (value === undefined || value === null) return null
  if (value instanceof Date) return { $date: value.getTime() }
  if (value instanceof RegExp) return { $regex: value.source, $options: value.flags }
  if (Array.isArray(value)) return value.map(canonical)
  if (typeof value === 'object') {
    const out: Doc = {}
    for (const k of Object.keys(value as Doc).sort()) out[k] = canonical((value as Doc)[k])
    return out
  }
  return value
}

function keyText(values: unknown[]): string {
  return JSON.stringify(values.map(canonical))
}

/**
 * The values a dotted path reaches, MongoDB style: arrays met on the way fan
 * out over their elements; an array at the end gives its elements (multikey).
 * A missing field is null (so a unique index allows one document without it).
 */
function valuesAt(doc: unknown, path: string[]): unknown[] {
  if (!path.length) {
    if (Array.isArray(doc)) return doc.length ? doc : [null]
    return [doc === undefined ? null : doc]
  }
  if (Array.isArray(doc)) {
    const out = doc.flatMap((el) => (el && typeof el === 'object' ? valuesAt(el, path) : []))
    return out.length ? out : [null]
  }
  if (!doc || typeof doc !== 'object' || doc instanceof Date) return [null]
  return valuesAt((doc as Doc)[path[0]], path.slice(1))
}

function product(lists: unknown[][]): unknown[][] {
  return lists.reduce<unknown[][]>((acc, list) => acc.flatMap((prefix) => list.map((v) => [...prefix, v])), [[]])
}

/** Index keys of a document: one per combination of the values its fields reach. */
function keysOf(index: IndexSpec, doc: Doc): string[] {
  const lists = Object.keys(index.keys).map((f) => [...new Set(valuesAt(doc, f.split('.')).map((v) => JSON.stringify(canonical(v))))])
  return product(lists).map((tuple) => `[${tuple.join(',')}]`)
}

const isScalar = (v: unknown) => v === null || v instanceof Date || ['string', 'number', 'boolean'].includes(typeof v)

/**
 * Fields a query pins to a finite set of scalar values: `field: v`, `{$eq: v}`,
 * `{$in: [v…]}`, also inside a top-level $and. Each value's key is looked up.
 */
function equalities(query: Doc): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>()
  const visit = (q: Doc) => {
    for (const [k, v] of Object.entries(q)) {
      if (k === '$and' && Array.isArray(v)) v.forEach((part) => part && typeof part === 'object' && visit(part))
      else if (k.startsWith('$')) continue
      else if (isScalar(v)) out.set(k, [v])
      else if (v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof RegExp)) {
        if ('$eq' in v && isScalar(v.$eq)) out.set(k, [v.$eq])
        else if ('$in' in v && Array.isArray(v.$in) && v.$in.length && v.$in.every(isScalar)) out.set(k, v.$in)
      }
    }
  }
  visit(query)
  return out
}
