// CloudBase's database payloads are canonical EJSON strings. Decoding turns
// them into plain JS values mingo understands (numbers, Date, RegExp) and
// replaces `db.serverDate()` with the emulator clock; encoding is canonical.
import { BSONRegExp, EJSON } from 'bson'

export type Doc = Record<string, any>

export function decode(text: unknown, now: number): any {
  if (text === undefined || text === null || text === '') return undefined
  const value = typeof text === 'string' ? JSON.parse(text) : text
  return revive(EJSON.deserialize(replaceServerDate(value, now), { relaxed: true }))
}

function replaceServerDate(value: any, now: number): any {
  if (Array.isArray(value)) return value.map((v) => replaceServerDate(v, now))
  if (value && typeof value === 'object') {
    if ('$tcb_server_date' in value) {
      const offset = EJSON.deserialize({ o: value.$tcb_server_date?.offset ?? 0 }, { relaxed: true }).o
      return { $date: { $numberLong: String(now + Number(offset)) } }
    }
    const out: Doc = {}
    for (const [k, v] of Object.entries(value)) out[k] = replaceServerDate(v, now)
    return out
  }
  return value
}

function revive(value: any): any {
  if (value instanceof BSONRegExp) return new RegExp(value.pattern, value.options.replace(/[^gimsuy]/g, ''))
  if (Array.isArray(value)) return value.map(revive)
  if (value && typeof value === 'object' && !(value instanceof Date) && !(value instanceof RegExp) && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Doc = {}
    for (const [k, v] of Object.entries(value)) out[k] = revive(v)
    return out
  }
  return value
}

export function encode(doc: Doc): string {
  return EJSON.stringify(doc, { relaxed: false })
}

/** Relaxed EJSON object for people to read (the console). */
export function readable(doc: Doc): Doc {
  return EJSON.serialize(doc, { relaxed: true }) as Doc
}
