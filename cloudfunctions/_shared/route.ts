// Every function's `main`: the same sequence for every action —
// decode `{action, input}` → who is calling (OPENID, staff roles) → may they
// (the action's `access` in the contract) → parse with the contract →
// handler → envelope. Nothing is written before the handler runs, so a call
// refused for its caller or its input changes nothing.
// Errors become `{ok:false, error}` so the client shows the server's reason.
import { AppError, ERROR_MESSAGES, isAppError } from '../../src/domain/errors'
import { allows, type Envelope, type FunctionContract } from '../../src/domain/contracts'
import type * as z from '../../src/domain/zod'
import { callerOf, type Caller } from './auth'

export type Handler<C extends FunctionContract, A extends keyof C> = (
  input: z.output<C[A]['input']>,
  caller: Caller,
) => Promise<z.input<C[A]['output']>>

export type Handlers<C extends FunctionContract> = { [A in keyof C]: Handler<C, A> }

const CHINESE = /[\u4e00-\u9fa5]/

export function route<C extends FunctionContract>(contract: C, handlers: Handlers<C>) {
  return async function main(event: unknown): Promise<Envelope> {
    try {
      const { action, input } = (event !== null && typeof event === 'object' ? event : {}) as { action?: unknown; input?: unknown }
      if (typeof action !== 'string' || !Object.prototype.hasOwnProperty.call(contract, action)) {
        throw new AppError('UNKNOWN_ACTION')
      }
      const spec = contract[action]
      const caller = await callerOf()
      if (!allows(spec.access, caller.roles)) throw new AppError('FORBIDDEN')
      // Only a missing input means "no fields"; null, a string, an array… are refused by the schema.
      const parsed = spec.input.safeParse(input === undefined ? {} : input)
      if (!parsed.success) {
        // The user reads the first issue's message when the contract wrote one in Chinese, else the generic one.
        const first = parsed.error.issues[0]
        const message = first?.message && CHINESE.test(first.message) ? first.message : ERROR_MESSAGES.BAD_INPUT
        throw new AppError('BAD_INPUT', message, {
          issues: parsed.error.issues.slice(0, 10).map((i) => ({ path: i.path.map(String).join('.').slice(0, 200), message: i.message.slice(0, 200) })),
        })
      }
      const output = await handlers[action](parsed.data as never, caller)
      return { ok: true, data: spec.output.parse(output) }
    } catch (err) {
      if (isAppError(err)) return { ok: false, error: err.toJSON() }
      console.error('[route] unexpected error', err)
      return { ok: false, error: new AppError('INTERNAL').toJSON() }
    }
  }
}
