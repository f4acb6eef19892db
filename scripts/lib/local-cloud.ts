// The project's local CloudBase: the emulator with our collections, indexes,
// demo people and seed data. Used by `npm run dev`, the e2e suite and the bench.
import { rmSync } from 'node:fs'
import path from 'node:path'
import { startEmulator, type Emulator } from '../../emulator/server'
import { ensureCollections, listCollections, resetDatabase, seedDocuments } from '../../emulator/database'
import { setPeople } from '../../emulator/console'
import { collections } from '../../database/collections'
import { demoDocuments, people } from '../../database/seed'
import { FUNCTIONS_OUT, ROOT } from './functions'
import { CARD_APP_KEY, CARD_APP_SECRET, CARD_GATEWAY_BASE } from '../../emulator/card/protocol'

export interface LocalCloudOptions {
  dataDir?: string
  port?: number
  /** Wipe the data folder and seed again. */
  reset?: boolean
  staticDir?: string
  /** Fire timer triggers as wall time passes (`npm run dev` only; tests advance the clock themselves). */
  realtimeTriggers?: boolean
}

export const DEFAULT_DATA_DIR = path.join(ROOT, '.data')

export async function startLocalCloud(opts: LocalCloudOptions = {}): Promise<Emulator> {
  const dataDir = opts.dataDir ?? DEFAULT_DATA_DIR
  if (opts.reset) rmSync(dataDir, { recursive: true, force: true })
  const emu = await startEmulator({
    dataDir,
    functionsDir: FUNCTIONS_OUT,
    port: opts.port ?? 0,
    staticDir: opts.staticDir,
    realtimeTriggers: opts.realtimeTriggers ?? false,
  })
  Object.assign(emu.config.functionEnv, functionEnvFor(emu))
  ensureCollections(emu, collections)
  const empty = listCollections(emu).every((c) => c.count === 0)
  if (empty) {
    resetDatabase(emu)
    seedDocuments(emu, demoDocuments(emu.clock.now()))
  }
  setPeople(emu, people)
  return emu
}

/** What deployed functions read from their environment variables, here pointed at the emulator. */
export function functionEnvFor(emu: Emulator): Record<string, string> {
  return {
    SMS_ENDPOINT: `${emu.config.host}:${emu.config.port}`,
    SMS_PROTOCOL: 'http://',
    SMS_SECRET_ID: 'local-secret-id',
    SMS_SECRET_KEY: 'local-secret-key',
    SMS_SDK_APP_ID: '1400000000',
    SMS_SIGN_NAME: '校园停车',
    SMS_TEMPLATE_CODE: '2000001',
    SMS_TEMPLATE_PERMIT_APPROVED: '2000002',
    SMS_TEMPLATE_PERMIT_REJECTED: '2000003',
    SMS_TEMPLATE_PERMIT_REFUNDED: '2000004',
    SMS_TEMPLATE_VISITOR_PASS: '2000005',
    SMS_TEMPLATE_CARD_CREDITED: '2000006',
    SMS_TEMPLATE_CARD_REFUNDED: '2000007',
    PAY_SUB_MCH_ID: '1900000001',
    // Subscribe message templates of the vehicle notices (cloudfunctions/_shared/vehicle-notices.ts).
    WX_TEMPLATE_PARKING_ENTRY: 'tmpl-parking-entry',
    WX_TEMPLATE_PARKING_EXIT: 'tmpl-parking-exit',
    WX_TEMPLATE_PARKING_PAYMENT: 'tmpl-parking-payment',
    WX_TEMPLATE_PARKING_LOCKED: 'tmpl-parking-locked',
    WX_TEMPLATE_RESERVATION: 'tmpl-reservation',
    WX_TEMPLATE_VISITOR_ARRIVED: 'tmpl-visitor-arrived',
    // Signs the visitor pass QR tokens (cloudfunctions/_shared/visitor-token.ts); at least 16 characters.
    VISITOR_TOKEN_SECRET: 'local-visitor-token-secret-not-for-production',
    // The campus-card platform (cloudfunctions/_shared/campus-card.ts): the emulator's simulator.
    CARD_ENDPOINT: `http://${emu.config.host}:${emu.config.port}${CARD_GATEWAY_BASE}`,
    CARD_APP_KEY,
    CARD_APP_SECRET,
    CARD_TIMEOUT_MS: '2500',
  }
}
