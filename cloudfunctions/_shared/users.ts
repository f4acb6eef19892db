// The users collection: one document per OPENID, created on first use. The
// user document also holds the vehicle count (the per-user limit is a
// conditional update on it) and the pointer to the default vehicle, so there
// is exactly one default by construction.
import { db, type Doc } from './cloud'
import { isDuplicateKey } from './db-errors'

export interface UserDoc {
  openid: string
  nickname: string
  createdAt: number
  vehicleCount: number
  defaultVehicleId: string
}

export const users = () => db.collection('users')

export async function findUser(openid: string): Promise<Doc<UserDoc> | undefined> {
  const { data } = await users().where({ openid }).limit(1).get()
  return data[0] as Doc<UserDoc> | undefined
}

export async function ensureUser(openid: string): Promise<Doc<UserDoc>> {
  const found = await findUser(openid)
  if (found) return found
  const fresh: UserDoc = {
    openid,
    nickname: `微信用户${openid.slice(-4)}`,
    createdAt: Date.now(),
    vehicleCount: 0,
    defaultVehicleId: '',
  }
  try {
    await users().add({ data: fresh })
  } catch (e) {
    // Two first calls at once: the unique index on openid lets one win.
    if (!isDuplicateKey(e)) throw e
  }
  return (await findUser(openid))!
}
