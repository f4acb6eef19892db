// The 访客预约 form (seed 001 §3.2 step 2, and 修改预约): its fields' schemas
// with the Chinese refusals, and the whole check of a filled form against the
// office's settings at a moment, refusals placed under the field they are about.
//
// Decisions:
// - The schema is static (the contract's input): 人数 is bounded by the most
//   any office may allow (VISITORS_CAP); the office's own maxVisitors and the
//   window rules (pass.ts checkWindow) need the settings and the time, so
//   `checkVisitorForm` adds them — the function calls it as the authority,
//   the page to show refusals before sending.
// - Names and 来访事由 are counted in characters (code points), not UTF-16
//   units, so a rare character counts as one.
// - 车牌 is optional: absent, null or blank means no car; anything else must be
//   a valid plate (plate.ts), kept normalised.
import * as z from '../zod'
import { plainText } from '../contracts/fields'
import { normalizePlate, parsePlate } from '../plate'
import { Phone } from '../phone'
import { checkWindow, type VisitorSettings, type VisitWindow } from './pass'

/** The most visitors any office may allow on one pass (VisitorSettings.maxVisitors' bound). */
export const VISITORS_CAP = 50

const chars = (s: string) => Array.from(s).length

export const VisitorName = z
  .string('请填写访客姓名')
  .check(z.trim(), plainText(), z.refine((s) => chars(s) >= 2 && chars(s) <= 20, '访客姓名应为 2–20 个字'))

export const VisitPurpose = z
  .string('请填写来访事由')
  .check(z.trim(), plainText(), z.refine((s) => chars(s) >= 1, '请填写来访事由'), z.refine((s) => chars(s) <= 60, '来访事由不超过 60 字'))

export const VisitorCount = z.int('请填写来访人数').check(z.minimum(1, '来访人数至少 1 人'), z.maximum(VISITORS_CAP, `来访人数不能超过 ${VISITORS_CAP} 人`))

/** A visitor's car: null when none (absent, null or blank), else a valid plate, normalised. */
export const OptionalPlate = z.pipe(
  z.optional(z.nullable(z.string('车牌号格式不正确').check(z.maxLength(20, '车牌号长度不正确')))),
  z.transform((value: string | null | undefined, ctx) => {
    if (value === undefined || value === null || normalizePlate(value) === '') return null
    const parsed = parsePlate(value)
    if (!parsed.ok) {
      ctx.issues.push({ code: 'custom', message: parsed.reason, input: value })
      return z.NEVER
    }
    return parsed.plate
  }),
)

const VisitTime = (message: string) => z.int(message).check(z.minimum(0, message))

export const VisitorFormSchema = z.strictObject({
  name: VisitorName,
  phone: Phone,
  purpose: VisitPurpose,
  /** The visit window [start, end), ms. */
  start: VisitTime('请选择来访开始时间'),
  end: VisitTime('请选择来访结束时间'),
  visitors: VisitorCount,
  plate: OptionalPlate,
})
export type VisitorForm = z.infer<typeof VisitorFormSchema>
export type VisitorFormField = keyof VisitorForm
export type VisitorFormErrors = Partial<Record<VisitorFormField | 'form', string>>

const FIELDS: readonly VisitorFormField[] = ['name', 'phone', 'purpose', 'start', 'end', 'visitors', 'plate']

/**
 * A filled form checked in full at `now`: the schema, the office's 人数 limit
 * and the window rules (`previous`: the pass's window when modifying). Every
 * field's first refusal, or the form as it is to be stored.
 */
export function checkVisitorForm(
  input: unknown,
  settings: VisitorSettings,
  now: number,
  previous: VisitWindow | null = null,
): { ok: true; form: VisitorForm } | { ok: false; errors: VisitorFormErrors } {
  const errors: VisitorFormErrors = {}
  const parsed = VisitorFormSchema.safeParse(input)
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const key = issue.path[0]
      const field = FIELDS.includes(key as VisitorFormField) ? (key as VisitorFormField) : 'form'
      errors[field] ??= field === 'form' ? '输入有误，请检查后重试' : issue.message
    }

  // The settings' rules, for the fields the schema let through.
  const raw = (parsed.success ? parsed.data : (input ?? {})) as Partial<Record<VisitorFormField, unknown>>
  if (!errors.visitors && typeof raw.visitors === 'number' && raw.visitors > settings.maxVisitors)
    errors.visitors = `来访人数不能超过 ${settings.maxVisitors} 人`
  if (!errors.start && !errors.end && typeof raw.start === 'number' && typeof raw.end === 'number') {
    const w = checkWindow({ start: raw.start, end: raw.end }, now, settings, previous)
    if (!w.ok) errors[w.field] = w.message
  }

  return parsed.success && Object.keys(errors).length === 0 ? { ok: true, form: parsed.data } : { ok: false, errors }
}
