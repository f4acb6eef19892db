import * as z from '../zod'
import { Phone } from '../phone'
import { anyUser } from './access'
import type { FunctionContract } from './contract'

export const VerifiedPhone = z.object({ masked: z.nullable(z.string()), verifiedAt: z.nullable(z.int()) })

export const phoneContract = {
  /** The caller's remembered, verified phone (masked), if any. */
  status: { access: anyUser, input: z.strictObject({}), output: VerifiedPhone },
  sendCode: {
    access: anyUser,
    input: z.strictObject({ phone: Phone }),
    output: z.object({ cooldownSec: z.int(), expiresInSec: z.int() }),
  },
  verify: {
    access: anyUser,
    input: z.strictObject({ phone: Phone, code: z.string().check(z.regex(/^\d{6}$/, '请输入 6 位数字验证码')) }),
    output: VerifiedPhone,
  },
} satisfies FunctionContract
