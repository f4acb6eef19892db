// What every device event shares: an event is read and checked in full
// (`prepare`) before anything is written, so a refused event writes only its
// log line; then, once the request's nonce is spent, it runs.
import * as z from '../../src/domain/zod'
import type { Doc } from '../_shared/cloud'
import type { DeviceDoc } from '../_shared/parking-records'

/** Why an event was refused (HTTP 400): the code the device log keeps and the sentence staff read. */
export class EventRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

export interface DeviceEvent {
  /** Checks the event's data and everything it names; throws EventRefusal; writes nothing. */
  prepare(device: Doc<DeviceDoc>, data: unknown): Promise<() => Promise<Record<string, unknown>>>
}

const CHINESE = /[\u4e00-\u9fa5]/

/** The event's data by its schema, or a refusal naming the first problem in Chinese. */
export function readData<T extends z.ZodMiniType>(schema: T, data: unknown, what: string): z.output<T> {
  const parsed = schema.safeParse(data)
  if (parsed.success) return parsed.data
  const first = parsed.error.issues[0]
  const field = first?.path.length ? `（${first.path.map(String).join('.')}）` : ''
  const reason = first?.message && CHINESE.test(first.message) ? first.message : '字段缺失或类型不正确'
  throw new EventRefusal('bad_event', `${what}内容有误${field}：${reason}`)
}
