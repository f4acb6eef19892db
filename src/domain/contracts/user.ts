import * as z from '../zod'
import { anyUser } from './access'
import type { FunctionContract } from './contract'

export const Role = z.enum(['reviewer', 'office', 'admin', 'guard'])
export type Role = z.infer<typeof Role>

export const ROLE_LABELS: Record<Role, string> = { reviewer: '审核员', office: '停车办', admin: '管理员', guard: '门岗' }

export const Profile = z.object({
  id: z.string(),
  nickname: z.string(),
  roles: z.array(Role),
  isStaff: z.boolean(),
  createdAt: z.int(),
})
export type Profile = z.infer<typeof Profile>

export const userContract = {
  /** The first call creates the user from the platform identity. */
  login: { access: anyUser, input: z.strictObject({}), output: z.object({ profile: Profile }) },
} satisfies FunctionContract
