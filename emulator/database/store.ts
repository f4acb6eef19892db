// Documents and indexes in SQLite. Every document is one row (canonical EJSON)
// with a version; every index is a set of rows (collection, index, key, id)
// looked up by key, so equality queries on indexed fields read only their
// candidates. All writes run synchronously inside one SQLite transaction,
// so a check and the write it guards can never interleave with another call.
import type Database from 'better-sqlite3'
import { randomBytes } from 'node:crypto'
import { CloudError } from '../context'
import type { CollectionSpec, IndexSpec } from '../../database/collections'
import { decode, encode, type Doc } from './ejson'

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

export const notExist = (name: string) =>
  new CloudError('DATABASE_COLLECTION_NOT_EXIST', `Db or Table not exist: ${name}. 集合不存在`)

export const duplicateKey = (collection: string, index: string, key: string) =>
  new CloudError(
    'DATABASE_REQUEST_FAILED',
    `E11000 duplicate key error collection: ${collection} index: ${index} dup key: ${key}`,
  )

export function newId(): string {
  // CloudBase ids: 32 hex characters, time-ordered prefix.
  return (Date.now().toString(16).padStart(12, '0') + randomBytes(10).toString('hex')).slice(0, 32)
}

export class DocumentStore {
  readonly stats: Stats = { docsExamined: 0, queries: 0 }
  private indexes = new Map<string, IndexSpec[]>()
  private cache = new Map<string, { version: number; doc: Doc }>()

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
  }

  // ── collections ───────────────────────────────────────────────────────

  ensureCollection(spec: CollectionSpec) {
    this.transaction(() => {
      this.sqlite.prepare('INSERT OR IGNORE INTO _db_collections (name) VALUES (?)').run(spec.name)
      for (const index of spec.indexes) {
        const existing = this.specsOf(spec.name).find((i) => i.name === index.name)
        if (existing && JSON.stringify(existing.keys) === JSON.stringify(index.keys) && !!existing.unique === !!index.unique) continue
        this.sqlite
          .prepare('INSERT OR REPLACE INTO _db_indexes (collection, name, keys, is_unique) VALUES (?, ?, ?, ?)')
          .run(spec.name, index.name, JSON.stringify(index.keys), index.unique ? 1 : 0)
        this.indexes.set(spec.name, [...this.specsOf(spec.name).filter((i) => i.name !== index.name), index])
        // Build the new index over existing documents (unique violations fail the start).
        this.sqlite.prepare('DELETE FROM _db_index_entries WHERE collection = ? AND index_name = ?').run(spec.name, index.name)
        for (const row of this.scan(spec.name)) this.writeEntries(spec.name, row.id, row.doc, [index])
      }
    })
  }

  hasCollection(name: string) {
    return !!this.sqlite.prepare('SELECT 1 FROM _db_collections WHERE name = ?').get(name)
  }

  requireCollection(name: unknown): string {
    if (typeof name !== 'string' || !name) throw new CloudError('INVALID_PARAM', 'collectionName is required')
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
    const r = this.sqlite.prepare('SELECT id, version, body FROM _db_documents WHERE collection = ? AND id = ?').get(collection, id) as any
    return r ? this.row(collection, r) : undefined
  }

  count(collection: string) {
    return (this.sqlite.prepare('SELECT COUNT(*) AS n FROM _db_documents WHERE collection = ?').get(collection) as any).n as number
  }

  /** The documents a query may match: by _id or an index when it has equalities on indexed fields, else all. */
  candidates(collection: string, query: Doc | undefined): Row[] {
    this.stats.queries++
    const rows = this.lookup(collection, query ?? {})
    this.stats.docsExamined += rows.length
    return rows
  }

  private lookup(collection: string, query: Doc): Row[] {
    const eq = equalities(query)
    const id = eq.get('_id')
    if (typeof id === 'string') {
      const row = this.get(collection, id)
      return row ? [row] : []
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
    const full = best.fields.length === Object.keys(best.index.keys).length
    const values = best.fields.map((f) => eq.get(f))
    const sql = full
      ? 'SELECT DISTINCT d.rowid AS rid, d.id, d.version, d.body FROM _db_index_entries e JOIN _db_documents d ON d.collection = e.collection AND d.id = e.id WHERE e.collection = ? AND e.index_name = ? AND e.key = ? ORDER BY d.rowid'
      : 'SELECT DISTINCT d.rowid AS rid, d.id, d.version, d.body FROM _db_index_entries e JOIN _db_documents d ON d.collection = e.collection AND d.id = e.id WHERE e.collection = ? AND e.index_name = ? AND e.key >= ? AND e.key < ? ORDER BY d.rowid'
    const prefix = keyText(values).slice(0, -1) + ','
    const args = full ? [collection, best.index.name, keyText(values)] : [collection, best.index.name, prefix, prefix + '\uffff']
    return (this.sqlite.prepare(sql).all(...args) as any[]).map((r) => this.row(collection, r))
  }

  scan(collection: string): Row[] {
    return (this.sqlite.prepare('SELECT id, version, body FROM _db_documents WHERE collection = ? ORDER BY rowid').all(collection) as any[]).map(
      (r) => this.row(collection, r),
    )
  }

  private row(collection: string, r: { id: string; version: number; body: string }): Row {
    const key = `${collection}\u0000${r.id}`
    let hit = this.cache.get(key)
    if (!hit || hit.version !== r.version) {
      hit = { version: r.version, doc: decode(r.body, 0) }
      this.cache.set(key, hit)
    }
    return { id: r.id, version: r.version, doc: structuredClone(hit.doc) }
  }

  // ── writes (call inside `transaction`) ────────────────────────────────

  duplicateId(collection: string, id: string) {
    return duplicateKey(collection, ID_INDEX, JSON.stringify({ _id: id }))
  }

  insert(collection: string, doc: Doc): string {
    const id = typeof doc._id === 'string' && doc._id ? doc._id : newId()
    const full = { ...doc, _id: id }
    if (this.get(collection, id)) throw this.duplicateId(collection, id)
    this.checkUnique(collection, id, full)
    this.sqlite.prepare('INSERT INTO _db_documents (collection, id, version, body) VALUES (?, ?, 1, ?)').run(collection, id, encode(full))
    this.writeEntries(collection, id, full, this.specsOf(collection))
    return id
  }

  replace(collection: string, id: string, doc: Doc) {
    const full = { ...doc, _id: id }
    this.checkUnique(collection, id, full)
    this.sqlite
      .prepare('UPDATE _db_documents SET version = version + 1, body = ? WHERE collection = ? AND id = ?')
      .run(encode(full), collection, id)
    this.sqlite.prepare('DELETE FROM _db_index_entries WHERE collection = ? AND id = ?').run(collection, id)
    this.writeEntries(collection, id, full, this.specsOf(collection))
  }

  remove(collection: string, id: string) {
    this.sqlite.prepare('DELETE FROM _db_documents WHERE collection = ? AND id = ?').run(collection, id)
    this.sqlite.prepare('DELETE FROM _db_index_entries WHERE collection = ? AND id = ?').run(collection, id)
    this.cache.delete(`${collection}\u0000${id}`)
  }

  transaction<T>(fn: () => T): T {
    return this.sqlite.transaction(fn)()
  }

  // ── indexes ───────────────────────────────────────────────────────────

  private specsOf(collection: string): IndexSpec[] {
    let specs = this.indexes.get(collection)
    if (!specs) this.indexes.set(collection, (specs = []))
    return specs
  }

  private checkUnique(collection: string, id: string, doc: Doc) {
    for (const index of this.specsOf(collection)) {
      if (!index.unique) continue
      for (const key of keysOf(index, doc)) {
        const clash = this.sqlite
          .prepare('SELECT id FROM _db_index_entries WHERE collection = ? AND index_name = ? AND key = ? AND id != ? LIMIT 1')
          .get(collection, index.name, key, id)
        if (clash) throw duplicateKey(collection, index.name, key)
      }
    }
  }

  private writeEntries(collection: string, id: string, doc: Doc, indexes: IndexSpec[]) {
    const insert = this.sqlite.prepare('INSERT INTO _db_index_entries (collection, index_name, key, id) VALUES (?, ?, ?, ?)')
    for (const index of indexes) for (const key of new Set(keysOf(index, doc))) insert.run(collection, index.name, key, id)
  }
}

// ── keys ────────────────────────────────────────────────────────────────

function canonical(value: unknown): unknown {
  if (value === undefined || value === null) return null
  if (value instanceof Date) return { $date: value.getTime() }
  if (value instanceof RegExp) return { $regex: value.source }
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

function getPath(doc: Doc, path: string): unknown {
  return path.split('.').reduce<any>((v, k) => (v == null ? undefined : v[k]), doc)
}

/** Index keys of a document. A single-field index over an array holds one key per element (multikey). */
function keysOf(index: IndexSpec, doc: Doc): string[] {
  const fields = Object.keys(index.keys)
  const values = fields.map((f) => getPath(doc, f))
  if (fields.length === 1 && Array.isArray(values[0]) && values[0].length) return values[0].map((v) => keyText([v]))
  return [keyText(values)]
}

const isScalar = (v: unknown) =>
  v === null || v instanceof Date || ['string', 'number', 'boolean'].includes(typeof v)

/** Top-level `field: value` and `field: {$eq: value}` pairs, also inside a top-level $and. */
function equalities(query: Doc): Map<string, unknown> {
  const out = new Map<string, unknown>()
  const visit = (q: Doc) => {
    for (const [k, v] of Object.entries(q)) {
      if (k === '$and' && Array.isArray(v)) v.forEach((part) => part && typeof part === 'object' && visit(part))
      else if (k.startsWith('$')) continue
      else if (isScalar(v)) out.set(k, v)
      else if (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1 && '$eq' in v && isScalar(v.$eq)) out.set(k, v.$eq)
    }
  }
  visit(query)
  return out
}
