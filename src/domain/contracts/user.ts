import { z } from '../zod'

export const Role = z.enum(['reviewer', 'admin', 'guard'])
export type Role = z.infer<typeof Role>

export const Profile = z.object({
  id: z.string(),
  nickname: z.string(),
  roles: z.array(Role),
  isStaff: z.boolean(),
  createdAt: z.number().int(),
})
export type Profile = z.infer<typeof Profile>

export const userContract = {
  /** The first call creates the user from the platform identity. */
  login: { input: z.object({}).strict(), output: z.object({ profile: Profile }) },
}
