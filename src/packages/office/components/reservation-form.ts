// 预定设置's edit form as text fields and switches, and back to settings
// checked by the one schema (ReservationSettingsSchema): each refusal is
// placed under the field it is about. Fees are typed in yuan and kept in fen.
import { formatYuan, parseYuan } from '../../../domain/money'
import { ReservationSettingsSchema, type ReservationSettings } from '../../../domain/reservation/rules'

const COUNTS = ['quota', 'horizonHours', 'windowBeforeMinutes', 'windowAfterMinutes', 'maxPerAccount', 'maxPerPlate', 'noShowLimit', 'unpaidMinutes'] as const
type CountField = (typeof COUNTS)[number]
const FEES = ['small', 'large', 'newEnergy'] as const
type FeeField = `fee_${(typeof FEES)[number]}`

export type ReservationForm = Record<CountField | FeeField, string> & { enabled: boolean; prepay: boolean; refundNoShow: boolean }
export type ReservationField = keyof ReservationForm
export type ReservationErrors = Partial<Record<ReservationField, string>>

const yuan = (fen: number) => formatYuan(fen).replace(/\.00$/, '')

export function formOf(s: ReservationSettings): ReservationForm {
  const form = { enabled: s.enabled, prepay: s.prepay, refundNoShow: s.refundNoShow } as ReservationForm
  for (const f of COUNTS) form[f] = String(s[f])
  for (const k of FEES) form[`fee_${k}`] = yuan(s.prepayFen[k])
  return form
}

/** Checked settings, or the refusals by field. A number that is not one is refused here; ranges by the schema. */
export function settingsOf(form: ReservationForm): { ok: true; settings: ReservationSettings } | { ok: false; errors: ReservationErrors } {
  const errors: ReservationErrors = {}
  const whole = (f: CountField) => {
    const t = form[f].trim()
    if (!/^\d{1,5}$/.test(t)) errors[f] = '请输入整数'
    return Number(t)
  }
  const fen = (k: (typeof FEES)[number]) => {
    const v = parseYuan(form[`fee_${k}`])
    if (v === null) errors[`fee_${k}`] = '请输入金额，最多两位小数'
    return v ?? 0
  }
  const raw = {
    enabled: form.enabled,
    ...(Object.fromEntries(COUNTS.map((f) => [f, whole(f)])) as Record<CountField, number>),
    prepay: form.prepay,
    prepayFen: { small: fen('small'), large: fen('large'), newEnergy: fen('newEnergy') },
    refundNoShow: form.refundNoShow,
  }
  if (Object.keys(errors).length) return { ok: false, errors }
  const parsed = ReservationSettingsSchema.safeParse(raw)
  if (parsed.success) return { ok: true, settings: parsed.data }
  for (const issue of parsed.error.issues) {
    const [head, kind] = issue.path.map(String)
    const field = (head === 'prepayFen' ? `fee_${kind}` : head) as ReservationField
    errors[field] ??= issue.message
  }
  return { ok: false, errors }
}
