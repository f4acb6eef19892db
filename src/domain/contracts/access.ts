// Who may call an action. Every action of every contract declares it, and
// route() enforces it before parsing the input or running the handler:
// - `anyUser`: any signed-in WeChat user (staff included);
// - `staff('reviewer', …)`: an active staff member holding one of the roles;
//   admin passes every staff check.
// Without an OPENID nobody is signed in: refused before any of this.
import type { Role } from './user'

export type Access = 'user' | readonly Role[]

/** Any signed-in WeChat user. */
export const anyUser: 'user' = 'user'

/** Active staff holding one of `roles` (or admin). */
export const staff = (...roles: [Role, ...Role[]]): readonly Role[] => roles

/** Whether a signed-in caller holding `roles` (those of an active staff member, else none) may call. */
export function allows(access: Access, roles: readonly Role[]): boolean {
  if (access === 'user') return true
  return roles.includes('admin') || access.some((r) => roles.includes(r))
}
