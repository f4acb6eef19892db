// Durability: the emulator runs in a child process that is killed with
// SIGKILL; committed writes must be there when the data folder is reopened,
// and a transaction that had not committed must leave nothing.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { sdkEnv } from '../../emulator/sdk-env'
import { startTestEmulator, useSdk } from '../support/emulator'

describe('durability', () => {
  it('When the emulator is killed with SIGKILL, then committed writes survive and an open transaction leaves nothing', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cloud-kill-'))
    // `node --import tsx` keeps the emulator in this one process (the tsx CLI would fork a grandchild that SIGKILL misses).
    const child = spawn(process.execPath, ['--import', 'tsx', path.join('test', 'support', 'emulator-process.ts'), dataDir], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    const saved = { ...process.env }
    try {
      const target: { url: string; envId: string } = await new Promise((resolve, reject) => {
        child.once('exit', (code) => reject(new Error(`emulator process exited early (${code})`)))
        child.stdout.once('data', (b) => resolve(JSON.parse(String(b))))
      })
      Object.assign(process.env, sdkEnv(target, { openid: 'o-kill' }))
      const cloud = require('wx-server-sdk')
      cloud.init({ env: target.envId })
      const db = cloud.database()
      await db.collection('items').doc('kept').set({ data: { v: 1 } })
      await db.collection('items').doc('kept').update({ data: { v: db.command.inc(1) } })
      await db.runTransaction(async (t: any) => {
        await t.collection('items').doc('tx-kept').set({ data: { v: 3 } })
      })
      const open = await db.startTransaction()
      await open.collection('items').doc('half').set({ data: { v: 4 } })
      await open.collection('items').doc('kept').update({ data: { v: 100 } })
      child.removeAllListeners('exit')
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGKILL')
      expect(await exited).toBeNull() // killed by a signal, no clean exit
    } finally {
      child.stdout.destroy()
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k]
      Object.assign(process.env, saved)
    }

    const again = await startTestEmulator({ dataDir, extraCollections: [{ name: 'items', indexes: [] }] })
    try {
      const db = useSdk(again).database()
      expect((await db.collection('items').doc('kept').get()).data.v).toBe(2)
      expect((await db.collection('items').doc('tx-kept').get()).data.v).toBe(3)
      expect((await db.collection('items').where({ _id: 'half' }).count()).total).toBe(0)
    } finally {
      await again.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
