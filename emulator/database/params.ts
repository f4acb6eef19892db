// The fields of a `database.*` admin request, checked before anything runs.
// A request the SDK could not have sent (wrong types, unparseable or invalid
// EJSON, operators CloudBase refuses) is the caller's fault and gets
// CloudBase's error code, never an exception the server would answer with 500:
//   wrong type, shape or value of a field     → INVALID_PARAM (-501007)
//   an operator CloudBase does not run        → DATABASE_INVALID_OPERRATOR (-502002)
// (codes: errors.ts). Every check here is synchronous and writes nothing, so a
// refused request leaves the database as it was.
import { find } from 'mingo'
import { decode, type Doc } from './ejson'
import { invalidOperator, invalidParam } from './errors'

/** Operators that run caller-supplied JavaScript: CloudBase runs none of them. */
const CODE_OPERATORS = new Set(['$where', '$function', '$accumulator'])

/** Aggregation stages that write into collections. */
const WRITING_STAGES = new Set(['$out', '$merge'])

/** The update operators a modifyDocument `data` may hold (MongoDB's, as mingo's updater applies them). */
const UPDATE_OPERATORS = new Set([
  '$set',
  '$unset',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$rename',
  '$push',
  '$pop',
  '$pull',
  '$pullAll',
  '$addToSet',
  '$currentDate',
  '$bit',
])

export const isPlainObject = (v: unknown): v is Doc =>
  !!v && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype

const show = (v: unknown) => {
  const text = typeof v === 'string' ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v))
  return text.length > 80 ? `${text.slice(0, 77)}...` : text
}

// ── scalars ─────────────────────────────────────────────────────────────

/** A boolean field; absent (undefined or null) gives `undefined`. */
export function boolParam(name: string, value: unknown): boolean | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'boolean') throw invalidParam(`${name} must be a boolean, got ${show(value)}`)
  return value
}

/** An integer field in [min, max]; absent (undefined or null) gives `undefined`. */
export function intParam(name: string, value: unknown, min: number, max: number): number | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalidParam(`${name} must be an integer between ${min} and ${max}, got ${show(value)}`)
  }
  return value
}

/** `queryType`: WHERE (a filter) or DOC (one document by `_id`); absent means WHERE. */
export function queryTypeParam(value: unknown): 'WHERE' | 'DOC' {
  if (value === undefined || value === null) return 'WHERE'
  if (value !== 'WHERE' && value !== 'DOC') throw invalidParam(`queryType must be "WHERE" or "DOC", got ${show(value)}`)
  return value
}

/** `transactionId`: absent outside a transaction; otherwise a non-empty string (whether it names a live one is transactions.ts's question). */
export function transactionIdParam(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string' || !value) throw invalidParam(`transactionId must be a non-empty string, got ${show(value)}`)
  return value
}

/** The collection name: a string of 1–64 letters, digits, `_` or `-` (existence is checked after). */
export const COLLECTION_NAME = /^[A-Za-z0-9_-]{1,64}$/

export function collectionNameParam(value: unknown): string {
  if (typeof value !== 'string' || !value) throw invalidParam(`collectionName must be a non-empty string, got ${show(value)}`)
  if (!COLLECTION_NAME.test(value)) throw invalidParam(`invalid collectionName ${show(value)}: 1 to 64 letters, digits, _ or -`)
  return value
}

// ── EJSON payloads ──────────────────────────────────────────────────────

/**
 * A field that carries canonical EJSON text (query, data, projection, order,
 * stageValue). Absent (undefined, null or '') gives `undefined`. Invalid JSON,
 * type wrappers with invalid contents (`{"$numberInt":"abc"}`, an invalid
 * `$date`, a regular expression that does not compile) and any value that is
 * not a string are INVALID_PARAM. Operators that run code are refused anywhere.
 */
export function ejsonParam(name: string, value: unknown, now: number): unknown {
  if (value === undefined || value === null || value === '') return undefined
  if (typeof value !== 'string') throw invalidParam(`${name} must be an EJSON string, got ${show(value)}`)
  let raw: unknown
  try {
    raw = JSON.parse(value)
  } catch {
    throw invalidParam(`${name} is not valid JSON: ${show(value)}`)
  }
  checkWrappers(name, raw)
  let decoded: unknown
  try {
    // decode() parses the text itself (given an already parsed string it would parse that again).
    decoded = decode(value, now)
  } catch (e) {
    throw invalidParam(`${name} is not valid EJSON: ${(e as Error).message}`)
  }
  checkDecoded(name, decoded)
  return decoded
}

/** An EJSON field that must decode to a plain object (a query, a document, update data). */
export function ejsonObjectParam(name: string, value: unknown, now: number): Doc | undefined {
  const decoded = ejsonParam(name, value, now)
  if (decoded === undefined) return undefined
  if (!isPlainObject(decoded)) throw invalidParam(`${name} must be an EJSON object, got ${show(value)}`)
  return decoded
}

const INT32 = /^-?\d{1,10}$/
const DOUBLE = /^(-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|-?Infinity|NaN)$/

/** bson decodes `{"$numberInt":"abc"}` to NaN without complaint: CloudBase's parser refuses it. */
function checkWrappers(name: string, value: unknown) {
  if (Array.isArray(value)) return value.forEach((v) => checkWrappers(name, v))
  if (!value || typeof value !== 'object') return
  const o = value as Doc
  if ('$numberInt' in o) {
    const v = o.$numberInt
    const n = typeof v === 'string' && INT32.test(v) ? Number(v) : NaN
    if (!(n >= -2147483648 && n <= 2147483647)) throw invalidParam(`${name}: invalid $numberInt ${show(v)}`)
  }
  if ('$numberDouble' in o && !(typeof o.$numberDouble === 'string' && DOUBLE.test(o.$numberDouble))) {
    throw invalidParam(`${name}: invalid $numberDouble ${show(o.$numberDouble)}`)
  }
  for (const v of Object.values(o)) checkWrappers(name, v)
}

/** After decoding: no invalid dates, no operator that runs code. */
function checkDecoded(name: string, value: unknown) {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw invalidParam(`${name}: invalid $date`)
    return
  }
  if (Array.isArray(value)) return value.forEach((v) => checkDecoded(name, v))
  if (!isPlainObject(value)) return
  for (const [k, v] of Object.entries(value)) {
    if (CODE_OPERATORS.has(k)) throw invalidOperator(`${name}: operator ${k} is not supported`)
    checkDecoded(name, v)
  }
}

// ── composite fields ────────────────────────────────────────────────────

/** `query`: an EJSON object; absent means every document. */
export function queryParam(value: unknown, now: number): Doc {
  return ejsonObjectParam('query', value, now) ?? {}
}

/** `projection`: an EJSON object of 0/1/true/false or projection operators (`$slice`, `$elemMatch`). */
export function projectionParam(value: unknown): Doc | undefined {
  const p = ejsonObjectParam('projection', value, 0)
  if (!p || !Object.keys(p).length) return undefined
  for (const [field, v] of Object.entries(p)) {
    if (!(v === 0 || v === 1 || typeof v === 'boolean' || isPlainObject(v))) {
      throw invalidParam(`projection of ${field} must be 0, 1 or a projection operator, got ${show(v)}`)
    }
  }
  try {
    find([{}], {}, p).all()
  } catch (e) {
    throw invalidParam(`invalid projection: ${(e as Error).message}`)
  }
  return p
}

/**
 * `order`: EJSON `{field: 1 | -1, …}` as the SDK sends it, or an older
 * build's array `[{field, direction: "asc" | "desc"}, …]`. Anything else
 * (a number, an array of other things, another direction) is INVALID_PARAM.
 */
export function orderParam(value: unknown): Record<string, 1 | -1> | undefined {
  const decoded = ejsonParam('order', value, 0)
  if (decoded === undefined) return undefined
  const direction = (field: string, d: unknown): 1 | -1 => {
    if (d === 1 || d === 'asc') return 1
    if (d === -1 || d === 'desc') return -1
    throw invalidParam(`order of ${field} must be 1, -1, "asc" or "desc", got ${show(d)}`)
  }
  let entries: Array<[string, 1 | -1]>
  if (Array.isArray(decoded)) {
    entries = decoded.map((o) => {
      if (!isPlainObject(o) || typeof o.field !== 'string' || !o.field) throw invalidParam(`order must be a list of {field, direction}, got ${show(o)}`)
      return [o.field, direction(o.field, o.direction)]
    })
  } else if (isPlainObject(decoded)) {
    entries = Object.entries(decoded).map(([f, d]) => [f, direction(f, d)])
  } else {
    throw invalidParam(`order must be an EJSON object or list, got ${show(value)}`)
  }
  return entries.length ? Object.fromEntries(entries) : undefined
}

/** insertDocument `data`: a non-empty array of EJSON documents without top-level operators. */
export function documentsParam(value: unknown, now: number): Doc[] {
  if (!Array.isArray(value) || !value.length) throw invalidParam(`data must be a non-empty array of EJSON documents, got ${show(value)}`)
  return value.map((d, i) => {
    const doc = ejsonObjectParam(`data[${i}]`, d, now)
    if (!doc) throw invalidParam(`data[${i}] must be an EJSON document`)
    const op = Object.keys(doc).find((k) => k.startsWith('$'))
    if (op) throw invalidOperator(`a document to insert cannot contain the operator ${op}`)
    return doc
  })
}

/**
 * modifyDocument `data`: a plain document (set(), or a plain update meaning
 * $set) or update operators; operators are checked by name and shape before
 * any document is read, so a bad update fails even when it matches nothing.
 */
export function updateDataParam(value: unknown, now: number, replace: boolean): Doc {
  const data = ejsonObjectParam('data', value, now)
  if (!data) throw invalidParam('data must be an EJSON object')
  const operators = Object.keys(data).filter((k) => k.startsWith('$'))
  if (replace) {
    if (operators.length) throw invalidOperator('set() takes a plain document, not update operators')
    return data
  }
  for (const op of operators) {
    if (!UPDATE_OPERATORS.has(op)) throw invalidOperator(`unknown update operator ${op}`)
    if (!isPlainObject(data[op])) throw invalidParam(`the argument of ${op} must be an object of fields, got ${show(data[op])}`)
  }
  return data
}

/** aggregateDocuments `stages`: `[{stageKey: "$stage", stageValue: EJSON}, …]`. */
export function stagesParam(value: unknown, now: number): Doc[] {
  if (!Array.isArray(value)) throw invalidParam(`stages must be an array, got ${show(value)}`)
  return value.map((s, i) => {
    if (!isPlainObject(s) || typeof s.stageKey !== 'string' || !/^\$[A-Za-z]+$/.test(s.stageKey)) {
      throw invalidParam(`stages[${i}] must be {stageKey: "$stage", stageValue: EJSON}, got ${show(s)}`)
    }
    if (WRITING_STAGES.has(s.stageKey)) throw invalidOperator(`stage ${s.stageKey} is not supported`)
    const stageValue = ejsonParam(`stages[${i}].stageValue`, s.stageValue, now)
    if (stageValue === undefined) throw invalidParam(`stages[${i}].stageValue is required`)
    if (s.stageKey === '$match' && !isPlainObject(stageValue)) throw invalidParam(`$match takes an EJSON object, got ${show(s.stageValue)}`)
    return { [s.stageKey]: stageValue }
  })
}
