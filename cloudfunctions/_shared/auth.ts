// Who is calling: the OPENID comes from the platform (getWXContext), roles
// from the staff collection (an inactive member has none). Nothing in the
// event is trusted for identity. Which callers an action admits is declared
// in its contract (`access`) and checked by route() before the handler.
import { AppError } from '../../src/domain/errors'
import { Role } from '../../src/domain/contracts/user'
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
  // Only roles we know: a malformed staff document grants nothing.
  const roles = Array.isArray(member?.roles) ? member.roles.filter((r) => Role.safeParse(r).success) : []
  return { openid: OPENID, roles }
}
