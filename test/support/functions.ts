// Calls cloud functions through the emulator exactly as the mini program does:
// event `{action, input}`, identity from the platform (the invocation's OPENID).
import type { Emulator } from '../../emulator/server'
import type { Envelope } from '../../src/domain/contracts'

export type Call = <T = any>(fn: string, action: string, input?: unknown) => Promise<Envelope<T>>

/** Calls as `openid`, from `clientIp` (a label the platform passes as CLIENTIP; nothing is sent there). */
export function as(emu: Emulator, openid: string, clientIp?: string): Call {
  return async (fn, action, input) => {
    const { result } = await emu.functions.invoke(fn, { action, input }, { openid, clientIp })
    return result as Envelope<any>
  }
}

/** The data of a successful call; fails the test with the server's reason otherwise. */
export function ok<T>(envelope: Envelope<T>): T {
  if (!envelope.ok) throw new Error(`expected ok, got ${envelope.error.code}: ${envelope.error.message}`)
  return envelope.data
}

/** The error code and message of a refused call. */
export function refused(envelope: Envelope<unknown>): { code: string; message: string } {
  if (envelope.ok) throw new Error(`expected a refusal, got ${JSON.stringify(envelope.data)}`)
  return envelope.error
}
