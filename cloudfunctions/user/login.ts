import type { Profile } from '../../src/domain/contracts/user'
import type { Caller } from '../_shared/auth'
import { ensureUser } from '../_shared/users'

/** The first call creates the user; later calls return the same profile. */
export async function login(_input: unknown, caller: Caller): Promise<{ profile: Profile }> {
  const user = await ensureUser(caller.openid)
  return {
    profile: {
      id: user._id,
      nickname: user.nickname,
      roles: caller.roles,
      isStaff: caller.roles.length > 0,
      createdAt: user.createdAt,
    },
  }
}
