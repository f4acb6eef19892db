// Every function's `main`: the same sequence for every action —
// decode `{action, input}` → parse with the contract → handler → envelope.
// Errors become `{ok:false, error}` so the client shows the server's reason.
import { AppError, isAppError } from '../../src/domain/errors'
import type { Envelope, FunctionContract } from '../../src/domain/contracts'
import type * as z from '../../src/domain/zod'
import { callerOf, type Caller } from './auth'

export type Handler<C extends FunctionContract, A extends keyof C> = (
  input: z.output<C[A]['input']>,
  caller: Caller,
) => Promise<z.input<C[A]['output']>>

export type Handlers<C extends FunctionContract> = { [A in keyof C]: Handler<C, A> }

export function route<C extends FunctionContract>(contract: C, handlers: Handlers<C>) {
  return async function main(event: unknown): Promise<Envelope> {
    try {
      const { action, input } = (event ?? {}) as { action?: unknown; input?: unknown }
      if (typeof action !== 'string' || !Object.prototype.hasOwnProperty.call(contract, action)) {
        throw new AppError('UNKNOWN_ACTION')
      }
      const spec = contract[action]
      const parsed = spec.input.safeParse(input ?? {})
      if (!parsed.success) {
        const first = parsed.error.issues[0]
        const message = first?.message && /[\u4e00-\u9fa5]/.test(first.message) ? first.message : undefined
        throw new AppError('BAD_INPUT', message, { issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) })
      }
      const caller = await callerOf()
      const output = await handlers[action](parsed.data as never, caller)
      return { ok: true, data: spec.output.parse(output) }
    } catch (err) {
      if (isAppError(err)) return { ok: false, error: err.toJSON() }
      console.error('[route] unexpected error', err)
      return { ok: false, error: new AppError('INTERNAL').toJSON() }
    }
  }
}
