// The campus-card adapter inside a cloud function: bundled as the build
// bundles functions (esbuild, node16, CommonJS), run by the emulator's
// function runtime with the configuration functionEnvFor gives every function,
// and signing with the one clock — so a test that moves the emulator clock by
// days (as the sweep's tests do) still has its requests accepted.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server'
import { cardPlatform } from '../../emulator/card/simulator'
import { shanghai } from '../../src/domain/time'
import { startTestEmulator } from '../support/emulator'

const ADAPTER = path.resolve(__dirname, '..', '..', 'cloudfunctions', '_shared', 'campus-card.ts')
const dir = mkdtempSync(path.join(os.tmpdir(), 'card-fn-'))
let emu: Emulator

const invoke = async (event: Record<string, unknown>) => (await emu.functions.invoke('cardprobe', event, { openid: 'o-probe' })).result as any

beforeAll(async () => {
  const src = path.join(dir, 'src.ts')
  writeFileSync(
    src,
    `import * as card from ${JSON.stringify(ADAPTER)}
export async function main(event: any) {
  if (event.op === 'transfer') return card.transfer(event.input)
  if (event.op === 'account') return card.account(event.cardNo)
  if (event.op === 'reconcile') return card.reconciliation(event.date)
  return null
}
`,
  )
  mkdirSync(path.join(dir, 'functions', 'cardprobe'), { recursive: true })
  await build({ entryPoints: [src], outfile: path.join(dir, 'functions', 'cardprobe', 'index.js'), bundle: true, platform: 'node', format: 'cjs', target: 'node16', logLevel: 'error' })
  emu = await startTestEmulator({ functionsDir: path.join(dir, 'functions') })
})
afterAll(async () => {
  await emu?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('the campus-card adapter in a function', () => {
  it('When a function transfers a top-up, then it reaches the simulator with the configured endpoint and credentials, once', async () => {
    expect(await invoke({ op: 'transfer', input: { cardNo: '999', amountFen: 2000, serialNo: 'FN0001' } })).toMatchObject({ status: 'ok', value: { outcome: 'credited' } })
    expect(await invoke({ op: 'transfer', input: { cardNo: '999', amountFen: 2000, serialNo: 'FN0001' } })).toMatchObject({ status: 'ok', value: { outcome: 'duplicate' } })
    expect(cardPlatform(emu).account('999')).toMatchObject({ pendingFen: 2000 })
  })

  it('When the emulator clock is moved two days on, then the function signs with the moved clock and is still accepted; the transfer is dated that day', async () => {
    emu.clock.advance(2 * 86_400_000)
    try {
      expect(await invoke({ op: 'transfer', input: { cardNo: 'F000999', amountFen: 1000, serialNo: 'FN0002' } })).toMatchObject({ status: 'ok', value: { outcome: 'credited' } })
      const day = shanghai(emu.clock.now()).format('YYYY-MM-DD')
      expect(await invoke({ op: 'reconcile', date: day })).toMatchObject({ status: 'ok', value: { items: [{ serialNo: 'FN0002' }] } })
    } finally {
      emu.clock.set(null)
    }
  })

  it('When the platform is down, then the function gets an outcome to act on, not an exception', async () => {
    cardPlatform(emu).outage(true)
    try {
      expect(await invoke({ op: 'account', cardNo: '999' })).toEqual({ status: 'unavailable', message: '校园卡系统暂时无法访问，请稍后再试' })
    } finally {
      cardPlatform(emu).outage(false)
    }
  })
})
