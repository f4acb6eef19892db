// A typed handle on CloudBase transactions. They hold single-document
// operations only (no where()); the SDK retries the whole callback when the
// commit finds a document changed since it was read, and rethrows anything
// else after rolling back — so an AppError thrown inside aborts cleanly.
import { db, type Doc } from './cloud'

export interface Tx {
  /** The document, or null when it does not exist (the read still counts for the conflict check). */
  get<T>(collection: string, id: string): Promise<Doc<T> | null>
  set<T extends object>(collection: string, id: string, data: T): Promise<void>
  update(collection: string, id: string, data: Record<string, unknown>): Promise<void>
  remove(collection: string, id: string): Promise<void>
}

const missing = (e: unknown) => /does not exist|not exist|DOCUMENT_NOT_FOUND/i.test(`${(e as any)?.errMsg ?? ''} ${(e as any)?.message ?? e}`)

export function inTransaction<R>(work: (tx: Tx) => Promise<R>): Promise<R> {
  return db.runTransaction(async (t: any) => {
    const tx: Tx = {
      async get(collection, id) {
        try {
          const { data } = await t.collection(collection).doc(id).get()
          return data ? { ...data, _id: id } : null
        } catch (e) {
          if (missing(e)) return null
          throw e
        }
      },
      async set(collection, id, data) {
        await t.collection(collection).doc(id).set({ data })
      },
      async update(collection, id, data) {
        await t.collection(collection).doc(id).update({ data })
      },
      async remove(collection, id) {
        await t.collection(collection).doc(id).remove()
      },
    }
    return work(tx)
  }) as Promise<R>
}
