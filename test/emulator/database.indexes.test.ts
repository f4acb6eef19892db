// Index use and index maintenance: equality and $in queries on indexed
// fields (and _id, and the leading fields of a compound index) read only
// their candidates; other queries read every document.
import { beforeAll, describe, expect, it } from 'vitest'
import { ensureCollections, getDatabaseStats, seedDocuments } from '../../emulator/database'
import { _, db, emu, useTestDatabase } from '../support/database'
import type { IndexSpec } from '../../database/collections'

const BIG_INDEXES: IndexSpec[] = [
  { name: 'group', keys: { group: 1 } },
  { name: 'region_slot', keys: { region: 1, slot: 1 } },
  { name: 'tags', keys: { tags: 1 } },
]
const bigDocuments = () =>
  Array.from({ length: 2000 }, (_, i) => ({ _id: `d${i}`, group: i % 100, i, region: `r${i % 10}`, slot: i % 7, tags: [`t${i % 50}`, 'all'] }))

useTestDatabase([{ name: 'big', indexes: BIG_INDEXES }])
beforeAll(() => {
  seedDocuments(emu, { big: bigDocuments() })
})

/**
 * A collection of its own, seeded and indexed as `big`, for a test that
 * changes documents or indexes: `big` stays as seeded, so the tests that
 * count what it examines do not depend on which ran before them.
 */
function copyOfBig(name: string): string {
  ensureCollections(emu, [{ name, indexes: BIG_INDEXES }])
  seedDocuments(emu, { [name]: bigDocuments() })
  return name
}

/** Documents examined while `run` executes. */
async function examined(run: () => Promise<unknown>): Promise<number> {
  const before = getDatabaseStats(emu)
  await run()
  const after = getDatabaseStats(emu)
  expect(after.queries).toBeGreaterThan(before.queries)
  return after.docsExamined - before.docsExamined
}

describe('index use', () => {
  it('When an indexed field is queried by equality in 2000 documents, then only its 20 matches are examined', async () => {
    let found: any
    const n = await examined(async () => (found = await db.collection('big').where({ group: 42 }).get()))
    expect(found.data).toHaveLength(20)
    expect(n).toBeLessThanOrEqual(20)
  })

  it('When a field without an index is queried, then all 2000 documents are examined', async () => {
    expect(await examined(() => db.collection('big').where({ i: 1500 }).get())).toBe(2000)
  })

  it('When _id or an indexed field is queried with _.in, or _id is combined with a condition, then only the candidates are examined', async () => {
    expect(await examined(() => db.collection('big').where({ _id: _.in(['d1', 'd2', 'nope']) }).get())).toBe(2)
    expect(await examined(() => db.collection('big').where({ group: _.in([1, 2]), i: _.gt(1000) }).count())).toBe(40)
    expect(await examined(() => db.collection('big').where({ _id: 'd7', i: _.lt(5) }).update({ data: { touched: true } }))).toBe(1)
    expect(await examined(() => db.collection('big').doc('d9').get())).toBe(1)
  })

  it('When the leading field of a compound index is queried, then the index narrows the candidates', async () => {
    let both: any
    expect(await examined(async () => (both = await db.collection('big').where({ region: 'r3', slot: 4 }).get()))).toBe(both.data.length)
    expect(both.data.every((d: any) => d.region === 'r3' && d.slot === 4)).toBe(true)
    expect(await examined(() => db.collection('big').where({ region: 'r3' }).count())).toBe(200)
    // slot alone is not a leading field: a scan.
    expect(await examined(() => db.collection('big').where({ slot: 4 }).count())).toBe(2000)
  })

  it('When an array field is indexed, then an equality on one element uses the index (multikey)', async () => {
    let r: any
    expect(await examined(async () => (r = await db.collection('big').where({ tags: 't7' }).count()))).toBe(40)
    expect(r.total).toBe(40)
  })

  it('When a compound index leads with an array field, then an element and the next field pin the candidates, and the array changing moves its keys (寻车 plateGrams + status)', async () => {
    ensureCollections(emu, [{ name: 'grams', indexes: [{ name: 'grams_status', keys: { grams: 1, status: 1 } }] }])
    seedDocuments(emu, {
      grams: Array.from({ length: 1000 }, (_, i) => ({ _id: `g${i}`, grams: [`a${i % 100}`, `b${i % 10}`], status: i % 2 ? 'IN' : 'OUT' })),
    })
    let r: any
    expect(await examined(async () => (r = await db.collection('grams').where({ grams: 'a7', status: 'IN' }).get()))).toBe(10)
    expect(r.data.every((d: any) => d.grams.includes('a7') && d.status === 'IN')).toBe(true)
    // The leading field alone: every status.
    expect(await examined(() => db.collection('grams').where({ grams: 'a8' }).count())).toBe(10)
    // With a regex on another field the index still narrows: the regex filters the candidates.
    expect(await examined(async () => (r = await db.collection('grams').where({ grams: 'b3', status: 'IN', _id: db.RegExp({ regexp: '^g1' }) }).get()))).toBe(100)
    expect(r.data.map((d: any) => d._id).every((id: string) => id.startsWith('g1'))).toBe(true)
    await db.collection('grams').doc('g7').update({ data: { grams: ['zz'], status: 'IN' } })
    expect((await db.collection('grams').where({ grams: 'a7', status: 'IN' }).get()).data.map((d: any) => d._id)).not.toContain('g7')
    expect((await db.collection('grams').where({ grams: 'zz', status: 'IN' }).get()).data.map((d: any) => d._id)).toEqual(['g7'])
  })

  it('When an indexed field changes or a document is removed, then the index follows', async () => {
    const big = copyOfBig('big_moved')
    await db.collection(big).doc('d0').update({ data: { group: 4242 } })
    expect((await db.collection(big).where({ group: 4242 }).get()).data.map((d: any) => d._id)).toEqual(['d0'])
    expect((await db.collection(big).where({ group: 0 }).count()).total).toBe(19)
    await db.collection(big).doc('d0').remove()
    expect((await db.collection(big).where({ group: 4242 }).count()).total).toBe(0)
  })

  it('When a leading $match of an aggregation pins an indexed field, then the index is used', async () => {
    expect(await examined(() => db.collection('big').aggregate().match({ group: 5 }).count('n').end())).toBe(20)
  })
})

describe('index maintenance', () => {
  it('When ensureCollections runs again, then an unchanged index stays, a new one is built over existing documents and an unlisted one is dropped', async () => {
    const big = copyOfBig('big_reindexed')
    const group = { name: 'group', keys: { group: 1 as const } }
    ensureCollections(emu, [{ name: big, indexes: [group] }])
    expect(await examined(() => db.collection(big).where({ group: 7 }).count())).toBe(20)
    ensureCollections(emu, [{ name: big, indexes: [group, { name: 'by_i', keys: { i: 1 as const } }] }])
    expect(await examined(() => db.collection(big).where({ i: 1500 }).get())).toBe(1)
    ensureCollections(emu, [{ name: big, indexes: [{ name: 'by_i', keys: { i: 1 as const } }] }])
    expect(await examined(() => db.collection(big).where({ group: 7 }).count())).toBeGreaterThan(1000)
  })

  it('When a unique index leaves the spec, then it is no longer enforced', async () => {
    ensureCollections(emu, [{ name: 'uniq', indexes: [{ name: 'code_unique', keys: { code: 1 }, unique: true }] }])
    await db.collection('uniq').add({ data: { code: 'Q' } })
    await expect(db.collection('uniq').add({ data: { code: 'Q' } })).rejects.toThrow(/E11000/)
    ensureCollections(emu, [{ name: 'uniq', indexes: [] }])
    await db.collection('uniq').add({ data: { code: 'Q' } })
    expect((await db.collection('uniq').where({ code: 'Q' }).count()).total).toBe(2)
  })

  it('When a unique index is added over documents that repeat its key, then ensureCollections throws E11000 and adds nothing', async () => {
    const big = copyOfBig('big_unique')
    expect(() => ensureCollections(emu, [{ name: big, indexes: [{ name: 'group_unique', keys: { group: 1 }, unique: true }] }])).toThrow(/E11000/)
    // The failed index was not kept: documents with a repeated group can still be written.
    await db.collection(big).add({ data: { group: 5 } })
  })
})
