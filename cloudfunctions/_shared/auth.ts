// Who is calling: the OPENID comes from the platform (getWXContext), roles
// from the staff collection. Nothing in the event is trusted for identity.
import { AppError } from '../../src/domain/errors'
import type { Role } from '../../src/domain/contracts/user'
import { cloud, db } from './cloud'

export interface Caller {
  openid: string
  roles: Role[]
}

export async function callerOf(): Promise<Caller> {
  const { OPENID } = cloud.getWXContext()
  if (!OPENID) throw new AppError('UNAUTHENTICATED')
  const { data } = await db.collection('staff').where({ openid: OPENID, active: true }).limit(1).get()
  const roles = ((data[0] as { roles?: Role[] } | undefined)?.roles ?? []) as Role[]
  return { openid: OPENID, roles }
}

export function requireRole(caller: Caller, role: Role) {
  if (!caller.roles.includes(role) && !caller.roles.includes('admin')) throw new AppError('FORBIDDEN')
}
