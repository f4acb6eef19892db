// Reading the small JSON bodies the dev console's settings endpoints take.
// A body that is not a JSON object, or a field of the wrong type (a string
// where a boolean or a number belongs), is answered 400 with a sentence a
// person reads, and the endpoint changes nothing: each one checks every field
// before it applies any.
import type { ServerResponse } from 'node:http'
import { sendJson } from '../context'

/** The body as a JSON object; `undefined` when it is not JSON or not an object (null, an array, a number, a string). An empty body is `{}`. */
export function jsonObject(body: Buffer): Record<string, unknown> | undefined {
  let value: unknown
  try {
    value = JSON.parse(body.toString('utf8') || '{}')
  } catch {
    return undefined
  }
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
}

export const NOT_AN_OBJECT = '请求格式不正确：请求体必须是 JSON 对象'

/** 400 with `{ok: false, message}`, the console API's refusal. */
export function refuse(res: ServerResponse, message: string) {
  sendJson(res, 400, { ok: false, message })
}
