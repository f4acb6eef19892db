// Database writes through the real wx-server-sdk: update operators and
// serverDate, set() as replace/upsert, remove, multi-document updates,
// unique indexes and atomic conditional updates.
import { describe, expect, it } from 'vitest'
import { browse } from '../../emulator/database'
import { _, db, emu, useTestDatabase } from '../support/database'

useTestDatabase([
  { name: 'items', indexes: [] },
  { name: 'codes', indexes: [{ name: 'code_unique', keys: { code: 1 }, unique: true }] },
  { name: 'pairs', indexes: [{ name: 'owner_plate', keys: { owner: 1, plate: 1 }, unique: true }] },
])

describe('add', () => {
  it('When a document is added, then it gets a 32-hex id like CloudBase and reads back as written', async () => {
    const { _id } = await db.collection('items').add({ data: { name: '车', n: 1.5, at: new Date(Date.UTC(2026, 1, 1)), nested: { a: [1, { b: 2 }] } } })
    expect(_id).toMatch(/^[0-9a-f]{32}$/)
    const { data } = await db.collection('items').doc(_id).get()
    expect(data).toEqual({ _id, name: '车', n: 1.5, at: new Date(Date.UTC(2026, 1, 1)), nested: { a: [1, { b: 2 }] } })
  })
})

describe('add many', () => {
  it('When an array is added in one call, then every document gets an id; a duplicate among them writes none', async () => {
    const r = await db.collection('codes').add({ data: [{ code: 'batch-1' }, { code: 'batch-2' }] })
    expect(r._ids).toHaveLength(2)
    await expect(db.collection('codes').add({ data: [{ code: 'batch-3' }, { code: 'batch-1' }] })).rejects.toThrow(/E11000/)
    expect((await db.collection('codes').where({ code: 'batch-3' }).count()).total).toBe(0)
  })
})

describe('update', () => {
  it('When a document is updated with $inc, $push and serverDate, then the stored document changes', async () => {
    const { _id } = await db.collection('items').add({ data: { kind: 'c', n: 1, tags: [] } })
    emu.clock.set(Date.UTC(2026, 0, 1))
    try {
      await db.collection('items').doc(_id).update({ data: { n: _.inc(2), tags: _.push('x'), at: db.serverDate(), later: db.serverDate({ offset: 60_000 }) } })
    } finally {
      emu.clock.set(null)
    }
    const { data } = await db.collection('items').doc(_id).get()
    expect(data).toMatchObject({ n: 3, tags: ['x'] })
    expect(data.at.toISOString()).toBe('2026-01-01T00:00:00.000Z')
    expect(data.later.toISOString()).toBe('2026-01-01T00:01:00.000Z')
  })

  it('When the other update commands run, then each applies MongoDB semantics', async () => {
    const { _id } = await db.collection('items').add({ data: { a: 2, b: 10, c: 5, list: [1, 2, 3, 2], set: ['x'], gone: 1, o: { p: 1 } } })
    await db.collection('items').doc(_id).update({
      data: { a: _.mul(3), b: _.min(4), c: _.max(9), list: _.pull(2), set: _.addToSet('x'), gone: _.remove(), o: { q: 2 }, 'o.r': 3 },
    })
    const { data } = await db.collection('items').doc(_id).get()
    expect(data).toEqual({ _id, a: 6, b: 4, c: 9, list: [1, 3], set: ['x'], o: { p: 1, q: 2, r: 3 } })
  })

  it('When _.addToSet meets an array that already repeats a value, then only absent values are appended and old elements stay', async () => {
    // mingo 7.2's own $addToSet adds nothing here and would de-duplicate the old elements.
    const { _id } = await db.collection('items').add({ data: { m: [1, 2, 2], objs: [{ k: 1 }] } })
    await db.collection('items').doc(_id).update({ data: { m: _.addToSet({ $each: [2, 7, 7] }), objs: _.addToSet({ k: 1 }), fresh: _.addToSet({ $each: [3, 3] }) } })
    const { data } = await db.collection('items').doc(_id).get()
    expect(data).toEqual({ _id, m: [1, 2, 2, 7], objs: [{ k: 1 }], fresh: [3] })
  })

  it('When _.inc targets a string or null, or _.push a non-array, then the write fails (-502001) and the document is unchanged', async () => {
    const { _id } = await db.collection('items').add({ data: { s: 'x', n: 1 } })
    await expect(db.collection('items').doc(_id).update({ data: { s: _.inc(1), n: _.inc(1) } })).rejects.toMatchObject({ errCode: -502001 })
    await expect(db.collection('items').doc(_id).update({ data: { n: _.push(1) } })).rejects.toThrow(/must be an array/)
    await db.collection('items').doc(_id).update({ data: { z: null } })
    await expect(db.collection('items').doc(_id).update({ data: { z: _.inc(1) } })).rejects.toThrow(/non-numeric type null/)
    expect((await db.collection('items').doc(_id).get()).data).toEqual({ _id, s: 'x', n: 1, z: null })
  })

  it('When an update sets the values a document already has, then updated counts only changed documents (MongoDB nModified)', async () => {
    await db.collection('items').add({ data: { kind: 'same', n: 1 } })
    await db.collection('items').add({ data: { kind: 'same', n: 2 } })
    expect((await db.collection('items').where({ kind: 'same' }).update({ data: { n: 1 } })).stats.updated).toBe(1)
  })

  it('When a missing document is updated, then updated is 0 and nothing is created', async () => {
    const r = await db.collection('items').doc('no-such-doc').update({ data: { n: 1 } })
    expect(r.stats.updated).toBe(0)
    expect((await db.collection('items').where({ _id: 'no-such-doc' }).count()).total).toBe(0)
  })

  it('When set() names a missing id, then it upserts; on an existing one it replaces the whole document', async () => {
    const first = await db.collection('items').doc('set-me').set({ data: { kind: 'c', a: 1 } })
    expect(first.stats).toEqual({ updated: 0, created: 1 })
    const second = await db.collection('items').doc('set-me').set({ data: { kind: 'c', b: 2 } })
    expect(second.stats).toEqual({ updated: 1, created: 0 })
    expect((await db.collection('items').doc('set-me').get()).data).toEqual({ _id: 'set-me', kind: 'c', b: 2 })
  })

  it('When doc().remove() runs, then the document is gone and a second remove deletes nothing', async () => {
    const { _id } = await db.collection('items').add({ data: { kind: 'rm' } })
    expect((await db.collection('items').doc(_id).remove()).stats.removed).toBe(1)
    expect((await db.collection('items').doc(_id).remove()).stats.removed).toBe(0)
    await expect(db.collection('items').doc(_id).get()).rejects.toThrow(/does not exist/)
  })

  it('When where().update and where().remove run, then every matching document changes', async () => {
    await db.collection('items').add({ data: { kind: 'multi', n: 0 } })
    await db.collection('items').add({ data: { kind: 'multi', n: 0 } })
    await db.collection('items').add({ data: { kind: 'multi-other', n: 0 } })
    expect((await db.collection('items').where({ kind: 'multi' }).update({ data: { n: _.inc(5) } })).stats.updated).toBe(2)
    expect((await db.collection('items').where({ kind: 'multi', n: 5 }).count()).total).toBe(2)
    expect((await db.collection('items').where({ kind: 'multi' }).remove()).stats.removed).toBe(2)
    expect((await db.collection('items').where({ kind: _.in(['multi', 'multi-other']) }).count()).total).toBe(1)
  })

  it('When twenty conditional increments race on a limit of 5, then exactly five succeed', async () => {
    const { _id } = await db.collection('items').add({ data: { kind: 'limit', n: 0 } })
    const results = await Promise.all(
      Array.from({ length: 20 }, () => db.collection('items').where({ _id, n: _.lt(5) }).update({ data: { n: _.inc(1) } })),
    )
    expect(results.filter((r: any) => r.stats.updated === 1)).toHaveLength(5)
    expect((await db.collection('items').doc(_id).get()).data.n).toBe(5)
  })

  it('When twenty conditional increments race on a field without _id in the condition, then the limit still holds', async () => {
    await db.collection('items').add({ data: { kind: 'quota', n: 0 } })
    await Promise.all(Array.from({ length: 20 }, () => db.collection('items').where({ kind: 'quota', n: _.lt(5) }).update({ data: { n: _.inc(1) } })))
    expect((await db.collection('items').where({ kind: 'quota' }).get()).data[0].n).toBe(5)
  })
})

describe('unique indexes', () => {
  it('When an insert breaks a unique index, then it fails with E11000 (-502001) and nothing is written', async () => {
    await db.collection('codes').add({ data: { code: 'A1' } })
    const err = await db.collection('codes').add({ data: { code: 'A1' } }).catch((e: any) => e)
    expect(err).toMatchObject({ errCode: -502001 })
    expect(err.errMsg).toMatch(/E11000 duplicate key/)
    expect((await db.collection('codes').where({ code: 'A1' }).count()).total).toBe(1)
  })

  it('When an update or set would break a unique index, then it fails and the document keeps its value', async () => {
    await db.collection('codes').add({ data: { code: 'B0' } })
    const { _id } = await db.collection('codes').add({ data: { code: 'B1' } })
    await expect(db.collection('codes').doc(_id).update({ data: { code: 'B0' } })).rejects.toThrow(/duplicate key/)
    await expect(db.collection('codes').doc(_id).set({ data: { code: 'B0' } })).rejects.toThrow(/duplicate key/)
    expect((await db.collection('codes').doc(_id).get()).data.code).toBe('B1')
  })

  it('When two documents lack the unique field, then the second fails: a missing field counts as null', async () => {
    await db.collection('codes').add({ data: { other: 1 } })
    await expect(db.collection('codes').add({ data: { other: 2 } })).rejects.toThrow(/E11000/)
  })

  it('When a compound unique key repeats, then it is refused, while either field alone may repeat', async () => {
    await db.collection('pairs').add({ data: { owner: 'o1', plate: '京A12345' } })
    await db.collection('pairs').add({ data: { owner: 'o2', plate: '京A12345' } })
    await db.collection('pairs').add({ data: { owner: 'o1', plate: '京A54321' } })
    await expect(db.collection('pairs').add({ data: { owner: 'o1', plate: '京A12345' } })).rejects.toThrow(/duplicate key/)
    expect(browse(emu, 'pairs')).toHaveLength(3)
  })

  it('When a multi-document update would break a unique index half way, then no document changes', async () => {
    await db.collection('codes').add({ data: { code: 'M1', group: 'g' } })
    await db.collection('codes').add({ data: { code: 'M2', group: 'g' } })
    await expect(db.collection('codes').where({ group: 'g' }).update({ data: { code: 'M9' } })).rejects.toThrow(/duplicate key/)
    const codes = (await db.collection('codes').where({ group: 'g' }).get()).data.map((d: any) => d.code).sort()
    expect(codes).toEqual(['M1', 'M2'])
  })

  it('When an id is added twice, then the second add fails with duplicate key on _id', async () => {
    await db.collection('items').add({ data: { _id: 'fixed-id', v: 1 } })
    await expect(db.collection('items').add({ data: { _id: 'fixed-id', v: 2 } })).rejects.toThrow(/E11000.*_id/)
  })
})
