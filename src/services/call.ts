// The ONE client of the backend: call(fn, action, input). The input is parsed
// with the action's contract before it leaves the device, the answer is an
// envelope whose data is parsed with the output contract, and a refusal
// becomes a toast with the server's own Chinese reason.
import Taro from '@tarojs/taro'
import { contracts, type ActionName, type Contracts, type Envelope, type FunctionName } from '../domain/contracts'
import { AppError } from '../domain/errors'
import type * as z from '../domain/zod'
import { callFunction } from './transport'

type Spec<F extends FunctionName, A extends ActionName<F>> = Contracts[F][A] extends { input: infer I; output: infer O }
  ? { input: I; output: O }
  : never

export type CallInput<F extends FunctionName, A extends ActionName<F>> = z.input<Spec<F, A>['input'] & z.ZodMiniType>
export type CallOutput<F extends FunctionName, A extends ActionName<F>> = z.output<Spec<F, A>['output'] & z.ZodMiniType>

export interface CallOptions {
  /** Do not toast a refusal (the caller shows it in place). */
  silent?: boolean
}

export async function call<F extends FunctionName, A extends ActionName<F>>(
  fn: F,
  action: A,
  input: CallInput<F, A>,
  opts: CallOptions = {},
): Promise<CallOutput<F, A>> {
  const spec = (contracts[fn] as Record<string, { input: z.ZodMiniType; output: z.ZodMiniType }>)[action]
  try {
    const parsed = spec.input.safeParse(input)
    if (!parsed.success) throw new AppError('BAD_INPUT', parsed.error.issues[0]?.message)
    let result: unknown
    try {
      result = await callFunction({ name: fn, data: { action, input: parsed.data } })
    } catch {
      throw new AppError('NETWORK')
    }
    const envelope = result as Envelope | undefined
    if (!envelope || typeof envelope !== 'object' || !('ok' in envelope)) throw new AppError('INTERNAL')
    if (!envelope.ok) throw AppError.fromJSON(envelope.error)
    return spec.output.parse(envelope.data) as CallOutput<F, A>
  } catch (err) {
    const error = err instanceof AppError ? err : new AppError('INTERNAL')
    if (!opts.silent) void Taro.showToast({ title: error.message, icon: 'none', duration: 2500 })
    throw error
  }
}
