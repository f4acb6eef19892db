// The emulator's database, driven through the real wx-server-sdk exactly as
// cloud functions drive CloudBase.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server'
import { getDatabaseStats, seedDocuments } from '../../emulator/database'
import { sdkEnv } from '../../emulator/sdk-env'
import { startTestEmulator, useSdk } from '../support/emulator'

let emu: Emulator
let db: any
let _: any

beforeAll(async () => {
  emu = await startTestEmulator({
    extraCollections: [
      { name: 'items', indexes: [{ name: 'kind', keys: { kind: 1 } }] },
      { name: 'owners', indexes: [] },
      { name: 'codes', indexes: [{ name: 'code_unique', keys: { code: 1 }, unique: true }] },
      { name: 'big', indexes: [{ name: 'group', keys: { group: 1 } }] },
    ],
  })
  db = useSdk(emu).database()
  _ = db.command
  seedDocuments(emu, {
    items: Array.from({ length: 12 }, (_, i) => ({ _id: `item-${i}`, kind: i % 3 === 0 ? 'a' : 'b', n: i, tags: ['t'], owner: `o${i % 2}` })),
    owners: [
      { _id: 'o0', name: '张伟' },
      { _id: 'o1', name: '李娜' },
    ],
  })
})
afterAll(async () => {
  await emu?.close()
})

describe('reads', () => {
  it('When documents are queried with operators, then mingo semantics apply', async () => {
    const gt = await db.collection('items').where({ n: _.gt(8) }).get()
    expect(gt.data.map((d: any) => d.n).sort((a: number, b: number) => a - b)).toEqual([9, 10, 11])
    const inOr = await db.collection('items').where(_.or([{ n: _.in([1, 2]) }, { kind: 'a', n: _.lt(1) }])).get()
    expect(inOr.data.map((d: any) => d._id).sort()).toEqual(['item-0', 'item-1', 'item-2'])
    const re = await db.collection('owners').where({ name: db.RegExp({ regexp: '^张' }) }).get()
    expect(re.data.map((d: any) => d._id)).toEqual(['o0'])
  })

  it('When results are ordered, skipped, limited and projected, then exactly that page comes back', async () => {
    const r = await db.collection('items').where({ kind: 'b' }).orderBy('n', 'desc').skip(1).limit(3).field({ n: true }).get()
    expect(r.data).toEqual([
      { _id: 'item-10', n: 10 },
      { _id: 'item-8', n: 8 },
      { _id: 'item-7', n: 7 },
    ])
  })

  it('When no limit is given, then at most 100 come back; a limit above 1000 is capped at 1000', async () => {
    seedDocuments(emu, { big: Array.from({ length: 1200 }, (_, i) => ({ group: i % 2, i })) })
    expect((await db.collection('big').get()).data).toHaveLength(100)
    expect((await db.collection('big').limit(5000).get()).data).toHaveLength(1000)
  })

  it('When a raw request asks for more than 1000, then the emulator refuses it as CloudBase does', async () => {
    const r = await fetch(`${emu.url}/admin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'database.getDocument', collectionName: 'big', queryType: 'WHERE', query: '{}', limit: 1001 }),
    })
    expect(await r.json()).toMatchObject({ code: 'INVALID_PARAM' })
  })

  it('When documents are counted, then the count matches the query', async () => {
    expect((await db.collection('items').where({ kind: 'a' }).count()).total).toBe(4)
  })

  it('When a missing document is read by id, then the SDK throws "does not exist"', async () => {
    await expect(db.collection('items').doc('nope').get()).rejects.toThrow(/does not exist/)
  })

  it('When a collection was never declared, then CloudBase’s collection-not-exist error (-502005) comes back', async () => {
    await expect(db.collection('ghosts').add({ data: { a: 1 } })).rejects.toMatchObject({ errCode: -502005 })
  })

  it('When an aggregation matches, groups, sorts and looks up, then the pipeline result comes back', async () => {
    const $ = db.command.aggregate
    const r = await db
      .collection('items')
      .aggregate()
      .match({ n: _.lt(6) })
      .group({ _id: '$owner', total: $.sum('$n') })
      .sort({ _id: 1 })
      .lookup({ from: 'owners', localField: '_id', foreignField: '_id', as: 'who' })
      .end()
    expect(r.list.map((g: any) => [g._id, g.total, g.who[0].name])).toEqual([
      ['o0', 6, '张伟'],
      ['o1', 9, '李娜'],
    ])
  })
})

describe('writes', () => {
  it('When a document is updated with $inc, $push and serverDate, then the stored document changes', async () => {
    const { _id } = await db.collection('items').add({ data: { kind: 'c', n: 1, tags: [] } })
    emu.clock.set(Date.UTC(2026, 0, 1))
    await db.collection('items').doc(_id).update({ data: { n: _.inc(2), tags: _.push('x'), at: db.serverDate() } })
    emu.clock.set(null)
    const { data } = await db.collection('items').doc(_id).get()
    expect(data).toMatchObject({ n: 3, tags: ['x'] })
    expect(new Date(data.at).toISOString()).toBe('2026-01-01T00:00:00.000Z')
  })

  it('When set() names a missing id, then it upserts; on an existing one it replaces the document', async () => {
    const first = await db.collection('items').doc('set-me').set({ data: { kind: 'c', a: 1 } })
    expect(first.stats.updated).toBe(0)
    await db.collection('items').doc('set-me').set({ data: { kind: 'c', b: 2 } })
    const { data } = await db.collection('items').doc('set-me').get()
    expect(data).toEqual({ _id: 'set-me', kind: 'c', b: 2 })
  })

  it('When where().update and where().remove run, then every matching document changes', async () => {
    await db.collection('items').add({ data: { kind: 'multi', n: 0 } })
    await db.collection('items').add({ data: { kind: 'multi', n: 0 } })
    expect((await db.collection('items').where({ kind: 'multi' }).update({ data: { n: 5 } })).stats.updated).toBe(2)
    expect((await db.collection('items').where({ kind: 'multi', n: 5 }).count()).total).toBe(2)
    expect((await db.collection('items').where({ kind: 'multi' }).remove()).stats.removed).toBe(2)
    expect((await db.collection('items').where({ kind: 'multi' }).count()).total).toBe(0)
  })

  it('When an insert breaks a unique index, then it fails with E11000 and nothing is written', async () => {
    await db.collection('codes').add({ data: { code: 'A1' } })
    await expect(db.collection('codes').add({ data: { code: 'A1' } })).rejects.toMatchObject({ errCode: -502001 })
    await expect(db.collection('codes').add({ data: { code: 'A1' } })).rejects.toThrow(/E11000 duplicate key/)
    expect((await db.collection('codes').where({ code: 'A1' }).count()).total).toBe(1)
  })

  it('When an update would break a unique index, then it fails and the document keeps its value', async () => {
    const { _id } = await db.collection('codes').add({ data: { code: 'B1' } })
    await expect(db.collection('codes').doc(_id).update({ data: { code: 'A1' } })).rejects.toThrow(/duplicate key/)
    expect((await db.collection('codes').doc(_id).get()).data.code).toBe('B1')
  })

  it('When twenty conditional increments race on a limit of 5, then exactly five succeed', async () => {
    const { _id } = await db.collection('items').add({ data: { kind: 'limit', n: 0 } })
    const results = await Promise.all(
      Array.from({ length: 20 }, () => db.collection('items').where({ _id, n: _.lt(5) }).update({ data: { n: _.inc(1) } })),
    )
    expect(results.filter((r: any) => r.stats.updated === 1)).toHaveLength(5)
    expect((await db.collection('items').doc(_id).get()).data.n).toBe(5)
  })
})

describe('transactions', () => {
  it('When a transaction commits, then its writes appear together', async () => {
    await db.runTransaction(async (t: any) => {
      await t.collection('items').doc('tx-a').set({ data: { kind: 'tx', n: 1 } })
      await t.collection('items').doc('tx-b').set({ data: { kind: 'tx', n: 2 } })
    })
    expect((await db.collection('items').where({ kind: 'tx' }).count()).total).toBe(2)
  })

  it('When a transaction is rolled back, then none of its writes appear', async () => {
    await expect(
      db.runTransaction(async (t: any) => {
        await t.collection('items').doc('tx-a').update({ data: { n: 100 } })
        await t.rollback('放弃')
      }),
    ).rejects.toBe('放弃')
    expect((await db.collection('items').doc('tx-a').get()).data.n).toBe(1)
  })

  it('When a transaction has written but not committed, then others do not see the write', async () => {
    const t = await db.startTransaction()
    await t.collection('items').doc('tx-b').update({ data: { n: 50 } })
    expect((await db.collection('items').doc('tx-b').get()).data.n).toBe(2)
    expect((await t.collection('items').doc('tx-b').get()).data.n).toBe(50)
    await t.commit()
    expect((await db.collection('items').doc('tx-b').get()).data.n).toBe(50)
  })

  it('When twenty transactions increment one document at once, then it ends at exactly 20', async () => {
    await db.collection('items').doc('counter').set({ data: { kind: 'counter', n: 0 } })
    await Promise.all(
      Array.from({ length: 20 }, () =>
        db.runTransaction(async (t: any) => {
          const { data } = await t.collection('items').doc('counter').get()
          await t.collection('items').doc('counter').update({ data: { n: data.n + 1 } })
        }),
      ),
    )
    expect((await db.collection('items').doc('counter').get()).data.n).toBe(20)
  })
})

describe('indexes', () => {
  it('When an indexed field is queried by equality, then only its matches are examined; otherwise all are', async () => {
    seedDocuments(emu, { big: Array.from({ length: 800 }, (_, i) => ({ group: 1000 + i, i })) }) // 2000 documents in all
    let before = getDatabaseStats(emu)
    const hit = await db.collection('big').where({ group: 1500 }).get()
    let after = getDatabaseStats(emu)
    expect(hit.data).toHaveLength(1)
    expect(after.docsExamined - before.docsExamined).toBe(1)

    before = getDatabaseStats(emu)
    await db.collection('big').where({ i: 1500 }).get()
    after = getDatabaseStats(emu)
    expect(after.docsExamined - before.docsExamined).toBe(2000)
  })
})

describe('durability', () => {
  it('When the emulator is killed with SIGKILL, then committed writes survive and an open transaction leaves nothing', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cloud-kill-'))
    // `node --import tsx` keeps the emulator in this one process (the tsx CLI would fork a grandchild that SIGKILL misses).
    const child = spawn(process.execPath, ['--import', 'tsx', path.join('test', 'support', 'emulator-process.ts'), dataDir], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    const target: { url: string; envId: string } = await new Promise((resolve) => child.stdout.once('data', (b) => resolve(JSON.parse(String(b)))))
    const saved = { ...process.env }
    Object.assign(process.env, sdkEnv(target, { openid: 'o-kill' }))
    const killDb = require('wx-server-sdk').database()
    await killDb.collection('items').doc('kept').set({ data: { v: 1 } })
    const t = await killDb.startTransaction()
    await t.collection('items').doc('half').set({ data: { v: 2 } })
    child.kill('SIGKILL')
    await new Promise((r) => child.once('exit', r))
    child.stdout.destroy()
    Object.assign(process.env, saved)

    const again = await startTestEmulator({ dataDir, extraCollections: [{ name: 'items', indexes: [] }] })
    try {
      const againDb = useSdk(again).database()
      expect((await againDb.collection('items').doc('kept').get()).data.v).toBe(1)
      expect((await againDb.collection('items').where({ _id: 'half' }).count()).total).toBe(0)
    } finally {
      await again.close()
      rmSync(dataDir, { recursive: true, force: true })
      useSdk(emu)
    }
  })
})
