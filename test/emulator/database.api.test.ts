// The synchronous API the dev console, seeding and tests use, and the stats
// route: listCollections, browse, seedDocuments, resetDatabase, getDatabaseStats.
import { beforeEach, describe, expect, it } from 'vitest'
import { browse, getDatabaseStats, listCollections, resetDatabase, resetDatabaseStats, seedDocuments } from '../../emulator/database'
import { collections } from '../../database/collections'
import { db, emu, useTestDatabase } from '../support/database'

useTestDatabase([
  { name: 'items', indexes: [] },
  { name: 'codes', indexes: [{ name: 'code_unique', keys: { code: 1 }, unique: true }] },
])
// Each test starts from an empty database and seeds what it reads, so none rests on an earlier one's documents.
beforeEach(() => resetDatabase(emu))

describe('console API', () => {
  it('When collections are listed, then every declared collection appears with its document count', () => {
    seedDocuments(emu, { items: [{ _id: 'a', n: 1 }, { _id: 'b', n: 2 }] })
    const list = listCollections(emu)
    expect(list.map((c) => c.name)).toEqual(expect.arrayContaining([...collections.map((c) => c.name), 'items', 'codes']))
    expect(list.find((c) => c.name === 'items')).toEqual({ name: 'items', count: 2 })
  })

  it('When a collection is browsed, then documents come back in insertion order as relaxed EJSON, paged', async () => {
    seedDocuments(emu, { items: [{ _id: 'a', n: 1 }, { _id: 'b', n: 2 }] })
    await db.collection('items').add({ data: { _id: 'c', n: 3, at: new Date(Date.UTC(2026, 0, 1)) } })
    expect(browse(emu, 'items').map((d) => d._id)).toEqual(['a', 'b', 'c'])
    expect(browse(emu, 'items', { skip: 1, limit: 1 })).toEqual([{ _id: 'b', n: 2 }])
    expect(browse(emu, 'items', { skip: 2 })[0]).toEqual({ _id: 'c', n: 3, at: { $date: '2026-01-01T00:00:00Z' } })
    expect(browse(emu, 'ghosts')).toEqual([])
  })

  it('When seeded documents break a unique index, then seeding throws and writes none of them', () => {
    expect(() => seedDocuments(emu, { codes: [{ code: 'X' }, { code: 'Y' }, { code: 'X' }] })).toThrow(/E11000/)
    expect(browse(emu, 'codes')).toEqual([])
    expect(() => seedDocuments(emu, { ghosts: [{ a: 1 }] })).toThrow(/not exist/)
  })

  it('When the stats route is read, then it returns the cumulative counters as JSON', async () => {
    seedDocuments(emu, { items: [{ _id: 'a', n: 1 }, { _id: 'b', n: 2 }, { _id: 'c', n: 3 }] })
    await db.collection('items').where({ n: 1 }).get()
    const res = await fetch(`${emu.url}/console/api/db/stats`)
    const body = await res.json()
    expect(body).toEqual(getDatabaseStats(emu))
    expect(body.queries).toBeGreaterThan(0)
    expect(body.docsExamined).toBeGreaterThanOrEqual(3)
  })

  it('When the stats are reset (function or DELETE route), then both counters start again from zero', async () => {
    seedDocuments(emu, { items: [{ _id: 'a', n: 1 }, { _id: 'b', n: 2 }] })
    await db.collection('items').where({ n: 2 }).get()
    resetDatabaseStats(emu)
    expect(getDatabaseStats(emu)).toEqual({ docsExamined: 0, queries: 0 })
    await db.collection('items').doc('a').get()
    expect(getDatabaseStats(emu)).toEqual({ docsExamined: 1, queries: 1 })
    const res = await fetch(`${emu.url}/console/api/db/stats`, { method: 'DELETE' })
    expect(await res.json()).toEqual({ docsExamined: 0, queries: 0 })
    expect(getDatabaseStats(emu)).toEqual({ docsExamined: 0, queries: 0 })
  })

  it('When the database is reset, then every document is gone while collections and unique indexes remain', async () => {
    seedDocuments(emu, { items: [{ _id: 'a', n: 1 }], codes: [{ code: 'K' }] })
    resetDatabase(emu)
    expect(listCollections(emu).every((c) => c.count === 0)).toBe(true)
    await db.collection('codes').add({ data: { code: 'K' } })
    await expect(db.collection('codes').add({ data: { code: 'K' } })).rejects.toThrow(/duplicate key/)
  })
})
