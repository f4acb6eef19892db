// Translation between the SDK's request fields and mingo: queries, update
// modifiers, sort orders and projections. Operator semantics are mingo's.
import { Query } from 'mingo'
import { update } from 'mingo/updater'
import { isEqual } from 'mingo/util'
import { CloudError } from '../context'
import type { Doc } from './ejson'
import { invalidOperator, invalidParam, requestFailed } from './errors'

export interface Filter {
  test(doc: Doc): boolean
}

/**
 * A compiled filter; unknown or malformed operators are CloudBase's "invalid
 * operator", whether mingo finds them when compiling or only when testing a
 * document (`{a: {$in: 5}}`), so a bad query never surfaces as an exception.
 * (No trial run on an empty document: `$size` of a missing field fails there
 * and nowhere else, as in MongoDB.)
 */
export function compileQuery(query: Doc): Filter {
  const invalid = (e: unknown) => invalidOperator(`invalid query: ${(e as Error).message}`)
  let q: Query
  try {
    q = new Query(query, {})
  } catch (e) {
    throw invalid(e)
  }
  return {
    test(doc) {
      try {
        return q.test(doc)
      } catch (e) {
        throw invalid(e)
      }
    },
  }
}

export function stripId(doc: Doc): Doc {
  const { _id: _ignored, ...rest } = doc
  return rest
}

/**
 * Update operators as given; a plain object (no $-keys) means $set. `_id`
 * never changes: an update naming it is INVALID_PARAM, with the message the
 * SDK itself gives ("不能更新_id的值").
 */
export function toModifier(data: Doc): Doc {
  const keys = Object.keys(data)
  const operators = keys.filter((k) => k.startsWith('$'))
  if (operators.length && operators.length !== keys.length) throw invalidParam('update data mixes operators and plain fields')
  const modifier: Doc = operators.length ? { ...data } : { $set: data }
  for (const op of Object.keys(modifier)) {
    if (modifier[op] && typeof modifier[op] === 'object' && '_id' in modifier[op]) throw invalidParam('_id cannot be updated: 不能更新_id的值')
  }
  return modifier
}

/** The document after `modifier` (mingo's updater); the input is not changed. */
export function applyModifier(doc: Doc, modifier: Doc): Doc {
  const next = clone(doc)
  try {
    update(next, patchModifier(next, modifier) as any)
  } catch (e) {
    if (e instanceof CloudError) throw e
    throw invalidOperator(`invalid update: ${(e as Error).message}`)
  }
  return next
}

/**
 * Works around two gaps of mingo 7.2's updater, for plain (dotted) paths:
 * - `$addToSet` compares the de-duplicated union with the old array's length,
 *   so on an array that already holds a duplicate ([1,2,2] + 7) it adds
 *   nothing, and it de-duplicates the old elements when it does add; on a
 *   missing field it does not de-duplicate `$each`. MongoDB keeps the old
 *   array and appends each value not yet present: we rewrite it to `$push`
 *   of exactly those values (equality is mingo's `isEqual`).
 * - `$inc` / `$mul` on a non-numeric value and `$addToSet` / `$push` on a
 *   non-array value are silently ignored; MongoDB (so CloudBase) fails the write.
 * Positional paths (`a.$`, `a.$[]`, paths through arrays) are left to mingo.
 */
export function patchModifier(doc: Doc, modifier: Doc): Doc {
  const out: Doc = { ...modifier }
  for (const op of ['$inc', '$mul']) {
    for (const [path, by] of Object.entries((modifier[op] ?? {}) as Doc)) {
      const at = plainPath(doc, path)
      if (at.ok && at.value !== undefined && !isNumeric(at.value)) {
        throw requestFailed(`Cannot apply ${op} to a value of non-numeric type. {_id: ${JSON.stringify(doc._id)}} has the field '${path}' of non-numeric type ${typeOf(at.value)}`)
      }
      if (!isNumeric(by)) throw requestFailed(`Cannot ${op === '$inc' ? 'increment' : 'multiply'} with non-numeric argument: {${path}: ${JSON.stringify(by)}}`)
    }
  }
  for (const [path] of Object.entries((modifier.$push ?? {}) as Doc)) {
    const at = plainPath(doc, path)
    if (at.ok && at.value !== undefined && !Array.isArray(at.value)) {
      throw requestFailed(`The field '${path}' must be an array but is of type ${typeOf(at.value)} in document {_id: ${JSON.stringify(doc._id)}}`)
    }
  }
  const addToSet = modifier.$addToSet as Doc | undefined
  if (!addToSet || typeof addToSet !== 'object') return out
  const rest: Doc = {}
  const push: Doc = { ...((modifier.$push as Doc | undefined) ?? {}) }
  const set: Doc = { ...((modifier.$set as Doc | undefined) ?? {}) }
  for (const [path, spec] of Object.entries(addToSet)) {
    const at = plainPath(doc, path)
    const values: unknown[] = spec && typeof spec === 'object' && !Array.isArray(spec) && '$each' in spec ? spec.$each : [spec]
    if (!at.ok || !Array.isArray(values) || path in push || path in set) {
      rest[path] = spec // let mingo handle (or refuse) it
      continue
    }
    if (at.value !== undefined && !Array.isArray(at.value)) {
      throw requestFailed(`Cannot apply $addToSet to non-array field. Field named '${path}' has non-array type ${typeOf(at.value)}`)
    }
    const kept: unknown[] = Array.isArray(at.value) ? [...at.value] : []
    const added: unknown[] = []
    for (const v of values) {
      if (kept.some((k) => isEqual(k, v))) continue
      kept.push(v)
      added.push(v)
    }
    if (at.value === undefined) set[path] = added
    else if (added.length) push[path] = { $each: added }
  }
  delete out.$addToSet
  if (Object.keys(rest).length) out.$addToSet = rest
  if (Object.keys(push).length) out.$push = push
  if (Object.keys(set).length) out.$set = set
  return out
}

/** The value at a dotted path through objects only; `ok: false` when the path meets an array or a positional part. */
function plainPath(doc: Doc, path: string): { ok: boolean; value?: unknown } {
  let value: unknown = doc
  for (const part of path.split('.')) {
    if (part.startsWith('$')) return { ok: false }
    if (value === undefined || value === null) return { ok: true, value: undefined }
    if (Array.isArray(value)) return { ok: false }
    if (typeof value !== 'object' || value instanceof Date || value instanceof RegExp) {
      return { ok: true, value: undefined }
    }
    value = (value as Doc)[part]
  }
  return { ok: true, value }
}

/** A JS number or a BSON numeric class (Long, Decimal128, Int32, Double) kept by decoding. */
function isNumeric(value: unknown): boolean {
  if (typeof value === 'number') return true
  const type = value && typeof value === 'object' ? (value as { _bsontype?: string })._bsontype : undefined
  return type === 'Long' || type === 'Decimal128' || type === 'Int32' || type === 'Double'
}

function typeOf(value: unknown): string {
  if (Array.isArray(value)) return 'array'
  if (value instanceof Date) return 'date'
  if (value === null) return 'null'
  return typeof value === 'object' ? 'object' : typeof value === 'string' ? 'string' : typeof value
}

/** The replacement document of set(): the given fields and the id. */
export function replacement(id: string, data: Doc): Doc {
  return { _id: id, ...stripId(data) }
}

/**
 * Deep copy of a decoded document. Plain objects, arrays, Date and RegExp are
 * copied; BSON value classes (Long, Decimal128, ObjectId, Binary…) are
 * immutable and kept as they are (structuredClone would strip their prototype).
 */
export function clone<T>(value: T): T {
  if (Array.isArray(value)) return value.map(clone) as T
  if (value instanceof Date) return new Date(value.getTime()) as T
  if (value instanceof RegExp) return new RegExp(value.source, value.flags) as T
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Doc = {}
    for (const [k, v] of Object.entries(value)) out[k] = clone(v)
    return out as T
  }
  return value
}
