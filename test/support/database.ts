// A database test file's own emulator (with the collections it declares) and
// the real SDK's database on it, started before the file's tests and closed
// after them. `emu`, `db` and `_` are live bindings: once the file's tests
// run, importing them gives that file's emulator, database and command.
import { afterAll, beforeAll } from 'vitest'
import type { CollectionSpec } from '../../database/collections'
import type { Emulator } from '../../emulator/server'
import { startTestEmulator, useSdk } from './emulator'

export let emu: Emulator
export let db: any // the SDK's database is untyped
export let _: any

export function useTestDatabase(extraCollections: CollectionSpec[]) {
  beforeAll(async () => {
    emu = await startTestEmulator({ extraCollections })
    db = useSdk(emu).database()
    _ = db.command
  })
  afterAll(async () => {
    await emu?.close()
  })
}
