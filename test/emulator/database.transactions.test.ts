// Interactive transactions through the real wx-server-sdk: commit, rollback,
// isolation, lost-update freedom under concurrency, conflicts retried by the
// SDK, deadlocks, and expiry of abandoned transactions.
import { describe, expect, it } from 'vitest'
import { _, db, emu, useTestDatabase } from '../support/database'

useTestDatabase([
  { name: 'items', indexes: [] },
  { name: 'codes', indexes: [{ name: 'code_unique', keys: { code: 1 }, unique: true }] },
])

const read = async (id: string) => (await db.collection('items').doc(id).get()).data

describe('commit and rollback', () => {
  it('When a transaction commits, then its writes appear together', async () => {
    const result = await db.runTransaction(async (t: any) => {
      await t.collection('items').doc('tx-a').set({ data: { kind: 'tx', n: 1 } })
      await t.collection('items').doc('tx-b').set({ data: { kind: 'tx', n: 2 } })
      const added = await t.collection('items').add({ data: { kind: 'tx', n: 3 } })
      return added._id
    })
    expect(result).toMatch(/^[0-9a-f]{32}$/)
    expect((await db.collection('items').where({ kind: 'tx' }).count()).total).toBe(3)
  })

  it('When a transaction is rolled back, then none of its writes appear and the reason is thrown', async () => {
    await db.collection('items').doc('rb-a').set({ data: { n: 1 } })
    await db.collection('items').doc('rb-b').set({ data: { n: 2 } })
    await expect(
      db.runTransaction(async (t: any) => {
        await t.collection('items').doc('rb-a').update({ data: { n: 100 } })
        await t.collection('items').doc('rb-b').remove()
        await t.collection('items').doc('rb-new').set({ data: { n: 1 } })
        await t.rollback('放弃')
      }),
    ).rejects.toBe('放弃')
    expect((await read('rb-a')).n).toBe(1)
    expect((await read('rb-b')).n).toBe(2)
    await expect(read('rb-new')).rejects.toThrow(/does not exist/)
  })

  it('When a transaction has written but not committed, then others do not see it and it sees its own writes', async () => {
    await db.collection('items').doc('iso-b').set({ data: { n: 2 } })
    const t = await db.startTransaction()
    await t.collection('items').doc('iso-b').update({ data: { n: _.inc(48) } })
    await t.collection('items').doc('iso-c').set({ data: { n: 7 } })
    expect((await read('iso-b')).n).toBe(2)
    await expect(read('iso-c')).rejects.toThrow(/does not exist/)
    expect((await t.collection('items').doc('iso-b').get()).data.n).toBe(50)
    expect((await t.collection('items').doc('iso-c').get()).data.n).toBe(7)
    await t.commit()
    expect((await read('iso-b')).n).toBe(50)
    expect((await read('iso-c')).n).toBe(7)
  })

  it('When a transaction removes a document, then it reads as missing inside and disappears at commit', async () => {
    await db.collection('items').doc('tx-rm').set({ data: { n: 1 } })
    const t = await db.startTransaction()
    expect((await t.collection('items').doc('tx-rm').remove()).stats.removed).toBe(1)
    await expect(t.collection('items').doc('tx-rm').get()).rejects.toThrow(/does not exist/)
    expect((await read('tx-rm')).n).toBe(1)
    await t.commit()
    await expect(read('tx-rm')).rejects.toThrow(/does not exist/)
  })

  it('When a committed transaction breaks a unique index, then commit fails with E11000 and nothing is written', async () => {
    await db.collection('codes').add({ data: { code: 'T1' } })
    await expect(
      db.runTransaction(async (t: any) => {
        await t.collection('items').doc('tx-unique').set({ data: { n: 1 } })
        await t.collection('codes').doc('c2').set({ data: { code: 'T1' } })
      }),
    ).rejects.toThrow(/E11000 duplicate key/)
    await expect(read('tx-unique')).rejects.toThrow(/does not exist/)
  })

  it('When a transaction queries with where(), then it is refused: transactions are single-document', async () => {
    const t = await db.startTransaction()
    await expect(t.collection('items').where({ kind: 'tx' }).get()).rejects.toMatchObject({ errCode: -501007 })
    await t.rollback()
  })
})

describe('what the SDK leaves outside a transaction', () => {
  it('When where().update() or count() is called on a transaction collection, then it runs at once outside it (the SDK sends no transactionId)', async () => {
    await db.collection('items').doc('outside').set({ data: { kind: 'outside', n: 0 } })
    const t = await db.startTransaction()
    await t.collection('items').doc('outside-new').set({ data: { kind: 'outside', n: 0 } })
    // Not part of t: applied now, kept after the rollback, and it cannot see t's own write.
    expect((await t.collection('items').where({ kind: 'outside' }).update({ data: { n: 5 } })).stats.updated).toBe(1)
    expect((await t.collection('items').where({ kind: 'outside' }).count()).total).toBe(1)
    await t.rollback()
    expect((await read('outside')).n).toBe(5)
    await expect(read('outside-new')).rejects.toThrow(/does not exist/)
  })
})

describe('concurrency', () => {
  it('When twenty transactions increment one document at once, then it ends at exactly 20', async () => {
    await db.collection('items').doc('counter').set({ data: { n: 0 } })
    await Promise.all(
      Array.from({ length: 20 }, () =>
        db.runTransaction(async (t: any) => {
          const { data } = await t.collection('items').doc('counter').get()
          await t.collection('items').doc('counter').update({ data: { n: data.n + 1 } })
        }),
      ),
    )
    expect((await read('counter')).n).toBe(20)
  })

  it('When a plain write targets a document a transaction holds, then it waits for the commit and nothing is lost', async () => {
    await db.collection('items').doc('held').set({ data: { n: 0 } })
    const t = await db.startTransaction()
    const { data } = await t.collection('items').doc('held').get()
    const plain = db.collection('items').doc('held').update({ data: { n: _.inc(10) } })
    await new Promise((r) => setTimeout(r, 50))
    await t.collection('items').doc('held').update({ data: { n: data.n + 1 } })
    await t.commit()
    await plain
    expect((await read('held')).n).toBe(11)
  })

  it('When two transactions lock two documents in opposite order, then the deadlock resolves and the SDK retries the loser', async () => {
    await db.collection('items').doc('left').set({ data: { n: 0 } })
    await db.collection('items').doc('right').set({ data: { n: 0 } })
    let release!: () => void
    const bothHoldOne = new Promise<void>((r) => (release = r))
    let arrived = 0
    let attempts = 0
    const transfer = (first: string, second: string) =>
      db.runTransaction(async (t: any) => {
        attempts++
        const a = (await t.collection('items').doc(first).get()).data
        if (++arrived === 2) release()
        await bothHoldOne
        const b = (await t.collection('items').doc(second).get()).data
        await t.collection('items').doc(first).update({ data: { n: a.n + 1 } })
        await t.collection('items').doc(second).update({ data: { n: b.n + 1 } })
      })
    const started = performance.now()
    await Promise.all([transfer('left', 'right'), transfer('right', 'left')])
    expect(performance.now() - started).toBeLessThan(2_000)
    expect([(await read('left')).n, (await read('right')).n]).toEqual([2, 2])
    expect(attempts).toBe(3)
  })

  it('When a document changed after a transaction read it, then commit fails with DATABASE_TRANSACTION_CONFLICT and writes nothing', async () => {
    await db.collection('items').doc('stale').set({ data: { n: 0 } })
    const t1 = await db.startTransaction()
    const t2 = await db.startTransaction()
    // A deadlock-free way to let two transactions read one document: t2 reads
    // while t1 waits on a document t2 holds, so t2 goes on without the lock.
    await t2.collection('items').doc('stale-other').set({ data: { n: 0 } })
    await t1.collection('items').doc('stale').get()
    const waiting = t1.collection('items').doc('stale-other').get()
    await new Promise((r) => setTimeout(r, 20))
    await t2.collection('items').doc('stale').get()
    await t2.collection('items').doc('stale').update({ data: { n: 2 } })
    await t2.commit()
    await waiting
    await t1.collection('items').doc('stale').update({ data: { n: 1 } })
    await expect(t1.commit()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT' })
    expect((await read('stale')).n).toBe(2)
  })
})

describe('expiry', () => {
  it('When a transaction is abandoned for more than 30 s, then its locks are freed and its commit fails', async () => {
    await db.collection('items').doc('abandoned').set({ data: { n: 0 } })
    const t = await db.startTransaction()
    await t.collection('items').doc('abandoned').update({ data: { n: 99 } })
    emu.clock.advance(31_000)
    try {
      const started = performance.now()
      await db.collection('items').doc('abandoned').update({ data: { n: _.inc(1) } })
      expect(performance.now() - started).toBeLessThan(500)
      await expect(t.commit()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT' })
    } finally {
      emu.clock.advance(-31_000)
    }
    expect((await read('abandoned')).n).toBe(1)
  })
})
