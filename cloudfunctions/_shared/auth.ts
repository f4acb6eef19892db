// Who is calling: the OPENID comes from the platform (getWXContext), roles
// from the staff collection. Nothing in the event is trusted for identity.
import { AppError } from '../../src/domain/errors'
import type { Role } from '../../src/domain/contracts/user'
import { cloud } from './cloud'
import { collection } from './collection'

export interface Caller {
  openid: string
  roles: Role[]
}

interface StaffDoc {
  openid: string
  name: string
  roles: Role[]
  active: boolean
}

const staff = collection<StaffDoc>('staff')

export async function callerOf(): Promise<Caller> {
  const { OPENID } = cloud.getWXContext()
  if (!OPENID) throw new AppError('UNAUTHENTICATED')
  const member = await staff.findOne({ openid: OPENID, active: true })
  return { openid: OPENID, roles: member?.roles ?? [] }
}

export function requireRole(caller: Caller, role: Role) {
  if (!caller.roles.includes(role) && !caller.roles.includes('admin')) throw new AppError('FORBIDDEN')
}
