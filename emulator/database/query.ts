// Translation between the SDK's request fields and mingo: queries, update
// modifiers, sort orders and projections. Operator semantics are mingo's.
import { Query } from 'mingo'
import { update } from 'mingo/updater'
import { CloudError } from '../context'
import { decode, type Doc } from './ejson'
import { invalidOperator, invalidParam } from './errors'

/** A compiled filter; unknown or malformed operators are CloudBase's "invalid operator". */
export function compileQuery(query: Doc): Query {
  try {
    return new Query(query, {})
  } catch (e) {
    throw invalidOperator(`invalid query: ${(e as Error).message}`)
  }
}

export function stripId(doc: Doc): Doc {
  const { _id: _ignored, ...rest } = doc
  return rest
}

/** Update operators as given; a plain object (no $-keys) means $set. `_id` never changes. */
export function toModifier(data: Doc): Doc {
  const keys = Object.keys(data)
  const operators = keys.filter((k) => k.startsWith('$'))
  if (operators.length && operators.length !== keys.length) throw invalidParam('update data mixes operators and plain fields')
  const modifier: Doc = operators.length ? { ...data } : { $set: data }
  if (modifier.$set) modifier.$set = stripId(modifier.$set)
  for (const op of Object.keys(modifier)) {
    if (modifier[op] && typeof modifier[op] === 'object' && '_id' in modifier[op]) throw invalidParam('_id cannot be updated')
  }
  return modifier
}

/** The document after `modifier` (mingo's updater); the input is not changed. */
export function applyModifier(doc: Doc, modifier: Doc): Doc {
  const next = clone(doc)
  try {
    update(next, modifier as any)
  } catch (e) {
    if (e instanceof CloudError) throw e
    throw invalidOperator(`invalid update: ${(e as Error).message}`)
  }
  return next
}

/** The replacement document of set(): the given fields and the id. */
export function replacement(id: string, data: Doc): Doc {
  return { _id: id, ...stripId(data) }
}

export function projectionOf(text: unknown): Doc | undefined {
  const p = decode(text, 0)
  return p && typeof p === 'object' && Object.keys(p).length ? p : undefined
}

/** The SDK sends `order` as EJSON `{field: 1 | -1, …}` (older builds: an array of {field, direction}). */
export function sortOf(text: unknown): Record<string, 1 | -1> | undefined {
  const value = decode(text, 0)
  if (!value) return undefined
  const entries: Array<[string, unknown]> = Array.isArray(value)
    ? value.map((o: Doc) => [String(o.field), o.direction])
    : Object.entries(value)
  if (!entries.length) return undefined
  return Object.fromEntries(entries.map(([f, d]) => [f, d === 'desc' || d === -1 ? -1 : 1]))
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
