// The one import point for zod: `import * as z from '<path>/domain/zod'`.
// We use zod's tree-shakable `mini` API: the classic API is ~450 KB minified
// and would break the weapp main-package budget. The mini program runtime
// forbids `new Function`, which zod uses to compile validators unless jitless
// mode is set before any schema exists — this module sets it first.
import { config, type ZodMiniType } from 'zod/mini'

config({ jitless: true })

export * from 'zod/mini'
export type ZodType = ZodMiniType
