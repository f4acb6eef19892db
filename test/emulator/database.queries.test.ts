// Database reads through the real wx-server-sdk: query operators, paging,
// projection, count, missing documents and collections, aggregation.
import { beforeAll, describe, expect, it } from 'vitest'
import { seedDocuments } from '../../emulator/database'
import { _, db, emu, useTestDatabase } from '../support/database'

useTestDatabase([
  { name: 'items', indexes: [{ name: 'kind', keys: { kind: 1 } }] },
  { name: 'owners', indexes: [] },
  { name: 'big', indexes: [] },
])
beforeAll(() => {
  seedDocuments(emu, {
    items: Array.from({ length: 12 }, (_, i) => ({
      _id: `item-${i}`,
      kind: i % 3 === 0 ? 'a' : 'b',
      n: i,
      tags: i % 2 ? ['odd'] : ['even'],
      owner: `o${i % 2}`,
      at: new Date(Date.UTC(2026, 0, 1 + i)),
    })),
    owners: [
      { _id: 'o0', name: '张伟' },
      { _id: 'o1', name: '李娜' },
    ],
    big: Array.from({ length: 1200 }, (_, i) => ({ i })),
  })
})

const ids = (r: { data: Array<{ _id: string }> }) => r.data.map((d) => d._id).sort()

describe('query operators', () => {
  it('When where() uses _.gt, _.in, _.or and a regex, then MongoDB semantics apply', async () => {
    const gt = await db.collection('items').where({ n: _.gt(8) }).get()
    expect(gt.data.map((d: any) => d.n).sort((a: number, b: number) => a - b)).toEqual([9, 10, 11])
    expect(ids(await db.collection('items').where({ n: _.in([1, 2, 99]) }).get())).toEqual(['item-1', 'item-2'])
    const or = await db.collection('items').where(_.or([{ n: _.in([1, 2]) }, { kind: 'a', n: _.lt(1) }])).get()
    expect(ids(or)).toEqual(['item-0', 'item-1', 'item-2'])
    const re = await db.collection('owners').where({ name: db.RegExp({ regexp: '^张' }) }).get()
    expect(ids(re)).toEqual(['o0'])
    const jsRe = await db.collection('owners').where({ name: /娜$/ }).get()
    expect(ids(jsRe)).toEqual(['o1'])
  })

  it('When where() combines _.and, _.neq, _.nin, _.exists and array fields, then each behaves as in MongoDB', async () => {
    expect(ids(await db.collection('items').where({ n: _.gte(3).and(_.lte(4)) }).get())).toEqual(['item-3', 'item-4'])
    expect((await db.collection('items').where({ kind: _.neq('a') }).count()).total).toBe(8)
    expect((await db.collection('items').where({ n: _.nin([0, 1, 2]) }).count()).total).toBe(9)
    expect((await db.collection('items').where({ missing: _.exists(false) }).count()).total).toBe(12)
    expect((await db.collection('items').where({ tags: 'odd' }).count()).total).toBe(6)
  })

  it('When dates are compared, then stored dates come back as Date objects and order correctly', async () => {
    const r = await db.collection('items').where({ at: _.gte(new Date(Date.UTC(2026, 0, 11))) }).get()
    expect(ids(r)).toEqual(['item-10', 'item-11'])
    expect(r.data[0].at).toBeInstanceOf(Date)
  })
})

describe('paging and projection', () => {
  it('When results are ordered, skipped, limited and projected, then exactly that page comes back', async () => {
    const r = await db.collection('items').where({ kind: 'b' }).orderBy('n', 'desc').skip(1).limit(3).field({ n: true }).get()
    expect(r.data).toEqual([
      { _id: 'item-10', n: 10 },
      { _id: 'item-8', n: 8 },
      { _id: 'item-7', n: 7 },
    ])
  })

  it('When ordering by a field the projection leaves out, then the order still holds', async () => {
    const r = await db.collection('items').where({ kind: 'a' }).orderBy('owner', 'asc').orderBy('n', 'desc').field({ kind: true }).get()
    expect(r.data.map((d: any) => d._id)).toEqual(['item-6', 'item-0', 'item-9', 'item-3'])
    expect(Object.keys(r.data[0]).sort()).toEqual(['_id', 'kind'])
  })

  it('When no limit is given, then 100 come back; the SDK caps limit(5000) to 1000 itself', async () => {
    expect((await db.collection('big').get()).data).toHaveLength(100)
    expect((await db.collection('big').limit(5000).get()).data).toHaveLength(1000)
  })

  it('When a request asks for more than 1000 documents, then the emulator refuses it with INVALID_PARAM as CloudBase does', async () => {
    const r = await fetch(`${emu.url}/admin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'database.getDocument', collectionName: 'big', queryType: 'WHERE', query: '{}', limit: 1001 }),
    })
    expect(await r.json()).toMatchObject({ code: 'INVALID_PARAM' })
  })

  it('When documents are counted, then the count matches the query', async () => {
    expect((await db.collection('items').where({ kind: 'a' }).count()).total).toBe(4)
    expect((await db.collection('big').count()).total).toBe(1200)
  })
})

describe('errors', () => {
  it('When a missing document is read by id, then the SDK throws "does not exist"', async () => {
    await expect(db.collection('items').doc('nope').get()).rejects.toThrow(/document with _id nope does not exist/)
  })

  it('When a collection was never declared, then every call fails with collection-not-exist (-502005)', async () => {
    await expect(db.collection('ghosts').add({ data: { a: 1 } })).rejects.toMatchObject({ errCode: -502005 })
    await expect(db.collection('ghosts').where({ a: 1 }).get()).rejects.toMatchObject({ errCode: -502005 })
    await expect(db.collection('ghosts').doc('x').get()).rejects.toMatchObject({ errCode: -502005 })
  })

  it('When a query uses an operator MongoDB does not know, then it fails with DATABASE_INVALID_OPERRATOR', async () => {
    const r = await fetch(`${emu.url}/admin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'database.getDocument', collectionName: 'items', queryType: 'WHERE', query: '{"n":{"$bogus":1}}' }),
    })
    expect(await r.json()).toMatchObject({ code: 'DATABASE_INVALID_OPERRATOR' })
  })
})

describe('aggregation', () => {
  it('When an aggregation matches, groups, sorts and looks up, then the pipeline result comes back', async () => {
    const $ = db.command.aggregate
    const r = await db
      .collection('items')
      .aggregate()
      .match({ n: _.lt(6) })
      .group({ _id: '$owner', total: $.sum('$n'), count: $.sum(1) })
      .sort({ _id: 1 })
      .lookup({ from: 'owners', localField: '_id', foreignField: '_id', as: 'who' })
      .end()
    expect(r.list.map((g: any) => [g._id, g.total, g.count, g.who[0].name])).toEqual([
      ['o0', 6, 3, '张伟'],
      ['o1', 9, 3, '李娜'],
    ])
  })

  it('When an aggregation projects, skips and limits, then the stages apply in order', async () => {
    const r = await db.collection('items').aggregate().sort({ n: -1 }).skip(2).limit(2).project({ _id: 0, n: 1 }).end()
    expect(r.list).toEqual([{ n: 9 }, { n: 8 }])
  })
})
