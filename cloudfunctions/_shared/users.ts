// The users collection: one document per OPENID, created on first use. The
// user document also holds the vehicle count (the per-user limit is a
// conditional update on it) and the pointer to the default vehicle, so there
// is exactly one default by construction.
import type { Doc } from './cloud'
import { now } from './clock'
import { collection } from './collection'
import { isDuplicateKey } from './db-errors'

export interface UserDoc {
  openid: string
  nickname: string
  createdAt: number
  vehicleCount: number
  defaultVehicleId: string
  /** The owner phone verified by SMS code, remembered for later renewals. */
  verifiedPhone?: string
  phoneVerifiedAt?: number
}

export const users = collection<UserDoc>('users')

/**
 * The caller's user document, created if missing. Only for actions that must
 * write to it (login, adding a vehicle, saving a verified phone), and only once
 * the input and the caller have been accepted; anything that just reads uses
 * `users.findOne`, so a refused or read-only call creates nothing.
 */
export async function ensureUser(openid: string): Promise<Doc<UserDoc>> {
  const found = await users.findOne({ openid })
  if (found) return found
  try {
    await users.add({ openid, nickname: `微信用户${openid.slice(-4)}`, createdAt: now(), vehicleCount: 0, defaultVehicleId: '' })
  } catch (e) {
    // Two first calls at once: the unique index on openid lets one win.
    if (!isDuplicateKey(e)) throw e
  }
  return (await users.findOne({ openid }))!
}
