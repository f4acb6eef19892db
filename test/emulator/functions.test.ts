// Cloud function invocation: each instance serves one invocation at a time,
// so wx-server-sdk (which reads the caller from process.env) never mixes
// callers; cloud.callFunction passes the caller on.
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server'
import { startTestEmulator, useSdk } from '../support/emulator'

let emu: Emulator
const FUNCTIONS = path.resolve(__dirname, '..', 'fixtures', 'functions')

beforeAll(async () => {
  emu = await startTestEmulator({ functionsDir: FUNCTIONS })
})
afterAll(async () => {
  await emu?.close()
})

describe('functions', () => {
  it('When twenty users invoke at once and each call waits, then every call sees only its own OPENID', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `o-user-${i}`)
    const results = await Promise.all(ids.map((openid, i) => emu.functions.invoke('whoami', { delay: 20 + (i % 5) * 10 }, { openid })))
    results.forEach((r, i) => expect(r.result).toEqual({ before: ids[i], after: ids[i] }))
  })

  it('When an idle instance is reused, then the call is warm; a new instance is cold', async () => {
    emu.functions.reload()
    const first = await emu.functions.invoke('whoami', {}, { openid: 'o-a' })
    const second = await emu.functions.invoke('whoami', {}, { openid: 'o-b' })
    expect([first.cold, second.cold]).toEqual([true, false])
    expect(second.result).toEqual({ before: 'o-b', after: 'o-b' })
  })

  it('When a function calls another with cloud.callFunction, then the caller’s identity goes with it', async () => {
    const { result } = await emu.functions.invoke('whoami', { relay: true }, { openid: 'o-relay' })
    expect(result).toEqual({ relayedBy: 'o-relay', inner: { before: 'o-relay', after: 'o-relay' } })
  })

  it('When the SDK calls a function from outside, then it runs and answers like CloudBase', async () => {
    const cloud = useSdk(emu, 'o-outside')
    const { result } = await cloud.callFunction({ name: 'whoami', data: {} })
    expect(result).toEqual({ before: '', after: '' })
    await expect(cloud.callFunction({ name: 'nope', data: {} })).rejects.toThrow(/FunctionName parameter could not be found/)
  })

  it('When a function throws, then the invocation fails and the next call still works', async () => {
    await expect(emu.functions.invoke('whoami', { crash: true }, { openid: 'o-a' })).rejects.toThrow(/boom/)
    expect((await emu.functions.invoke('whoami', {}, { openid: 'o-a' })).result).toEqual({ before: 'o-a', after: 'o-a' })
  })
})
