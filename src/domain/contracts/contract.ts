// A contract is the API of one cloud function: for each action, who may call
// it and the zod schema of its input and of its output. The client's `call`
// and the function's router both parse with it, so a change breaks the build
// on both sides; the router enforces `access` before the handler runs.
import type { ZodType } from '../zod'
import type { AppErrorJSON } from '../errors'
import type { Access } from './access'

export interface ActionContract<I extends ZodType = ZodType, O extends ZodType = ZodType> {
  /** Who may call it (required: a new action must say). See access.ts. */
  access: Access
  input: I
  output: O
}

export type FunctionContract = Record<string, ActionContract>

/** What every function returns over the wire. */
export type Envelope<T = unknown> = { ok: true; data: T } | { ok: false; error: AppErrorJSON }

/** What every function receives: `{ action, input }`. */
export interface CallEvent {
  action: string
  input?: unknown
}
