// The one import point for zod. The mini program runtime forbids `new Function`,
// which zod 4 uses to compile validators unless jitless mode is set before any
// schema exists. Every module imports `z` from here, never from 'zod'.
import { z } from 'zod'

z.config({ jitless: true })

export { z }
export type { ZodType } from 'zod'
