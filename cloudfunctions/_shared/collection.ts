// A typed handle on one collection. wx-server-sdk's typings return
// `Promise<T> | void | string` (callback overloads); this is the one place
// that narrows them, so handlers read as plain async code.
import { db, type Doc } from './cloud'

type Where = Record<string, unknown>

export interface FindOptions {
  orderBy?: [field: string, direction: 'asc' | 'desc']
  limit?: number
  /** Documents to pass over first (paging a long list in its order). */
  skip?: number
}

export function collection<T extends object>(name: string) {
  const ref = () => db.collection(name)
  return {
    async find(where: Where, opts: FindOptions = {}): Promise<Array<Doc<T>>> {
      let q = ref().where(where)
      if (opts.orderBy) q = q.orderBy(...opts.orderBy)
      if (opts.skip) q = q.skip(opts.skip)
      const res = (await q.limit(opts.limit ?? 100).get()) as unknown as { data: Array<Doc<T>> }
      return res.data
    },
    async findOne(where: Where): Promise<Doc<T> | undefined> {
      const res = (await ref().where(where).limit(1).get()) as unknown as { data: Array<Doc<T>> }
      return res.data[0]
    },
    async count(where: Where): Promise<number> {
      const res = (await ref().where(where).count()) as { total: number }
      return res.total
    },
    /** Inserts and returns the new id. */
    async add(data: T): Promise<string> {
      const res = (await ref().add({ data })) as { _id: string | number }
      return String(res._id)
    },
    /** Inserts under a chosen id; fails with a duplicate-key error when it exists. */
    async insert(id: string, data: T): Promise<void> {
      await ref().add({ data: { ...data, _id: id } })
    },
    /** Inserts several under chosen ids in one request; a duplicate id fails it (which of them were written depends on the database: check). */
    async insertMany(docs: Array<T & { _id: string }>): Promise<void> {
      await ref().add({ data: docs })
    },
    /** Creates or replaces the document with this id. */
    async set(id: string, data: T): Promise<void> {
      await ref().doc(id).set({ data })
    },
    /** Conditional update: the number of documents changed (0 when the condition no longer holds). */
    async update(where: Where, data: Record<string, unknown>): Promise<number> {
      const res = (await ref().where(where).update({ data })) as { stats: { updated: number } }
      return res.stats.updated
    },
    async remove(where: Where): Promise<number> {
      const res = (await ref().where(where).remove()) as { stats: { removed: number } }
      return res.stats.removed
    },
  }
}
