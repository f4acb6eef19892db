// A fresh local CloudBase per test file, and the real wx-server-sdk pointed at it.
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startEmulator, type Emulator } from '../../emulator/server'
import { ensureCollections } from '../../emulator/database'
import { sdkEnv } from '../../emulator/sdk-env'
import { collections, type CollectionSpec } from '../../database/collections'
import { FUNCTIONS_OUT } from '../../scripts/lib/functions'
import { functionEnvFor } from '../../scripts/lib/local-cloud'

export interface TestEmulatorOptions {
  extraCollections?: CollectionSpec[]
  functionsDir?: string
  dataDir?: string
}

export async function startTestEmulator(opts: TestEmulatorOptions = {}): Promise<Emulator> {
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'cloud-test-'))
  const emu = await startEmulator({ dataDir, functionsDir: opts.functionsDir ?? FUNCTIONS_OUT })
  Object.assign(emu.config.functionEnv, functionEnvFor(emu))
  ensureCollections(emu, [...collections, ...(opts.extraCollections ?? [])])
  const close = emu.close.bind(emu)
  emu.close = async () => {
    await close()
    if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true })
  }
  return emu
}

/** The real wx-server-sdk, in this process, talking to `emu` as `openid`. */
export function useSdk(emu: Emulator, openid = 'test-openid') {
  Object.assign(process.env, sdkEnv({ url: emu.url, envId: emu.config.envId }, { openid }))
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const cloud = require('wx-server-sdk')
  cloud.init({ env: emu.config.envId })
  return cloud
}
