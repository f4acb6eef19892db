// 收费规则's edit form as text fields, and back to a FeeRule checked by the
// one schema (FeeRuleSchema): each refusal is placed under the field it is
// about. Money is typed in yuan and kept in fen. The form edits the main
// fields (small cars' prices, the day window, the cap, the grace period);
// large and new-energy cars keep their overrides from the rule it started from.
import { formatYuan, parseYuan } from '../../../domain/money'
import { FeeRuleSchema, type CapMode, type FeeRule } from '../../../domain/parking/fee'

export interface RuleForm {
  freeMinutes: string
  billFreeMinutes: boolean
  firstMinutes: string
  firstYuan: string
  unitMinutes: string
  unitYuan: string
  /** Day and night prices (a day window), or one price all day. */
  dayNight: boolean
  dayStart: string
  dayEnd: string
  nightYuan: string
  /** Empty: no cap. */
  capYuan: string
  capMode: CapMode
  graceMinutes: string
}

export type RuleField = keyof RuleForm
/** Refusals by field; `rule` holds one about no field of the form (e.g. an override it keeps). */
export type RuleErrors = Partial<Record<RuleField | 'rule', string>>

const yuan = (fen: number | null) => (fen === null ? '' : formatYuan(fen).replace(/\.00$/, ''))

export function formOf(rule: FeeRule): RuleForm {
  const t = rule.small
  return {
    freeMinutes: String(t.freeMinutes),
    billFreeMinutes: t.billFreeMinutes,
    firstMinutes: String(t.firstMinutes),
    firstYuan: yuan(t.firstFen),
    unitMinutes: String(t.unitMinutes),
    unitYuan: yuan(t.unitFen),
    dayNight: rule.dayWindow !== null,
    dayStart: rule.dayWindow?.start ?? '07:00',
    dayEnd: rule.dayWindow?.end ?? '19:00',
    nightYuan: yuan(t.nightUnitFen ?? null),
    capYuan: yuan(t.capFen),
    capMode: rule.capMode,
    graceMinutes: String(rule.graceMinutes),
  }
}

/** Which form field a schema issue's path is about. */
const FIELD_OF: Record<string, RuleField> = {
  'small.freeMinutes': 'freeMinutes',
  'small.billFreeMinutes': 'billFreeMinutes',
  'small.firstMinutes': 'firstMinutes',
  'small.firstFen': 'firstYuan',
  'small.unitMinutes': 'unitMinutes',
  'small.unitFen': 'unitYuan',
  'small.nightUnitFen': 'nightYuan',
  'small.capFen': 'capYuan',
  'dayWindow.start': 'dayStart',
  'dayWindow.end': 'dayEnd',
  capMode: 'capMode',
  graceMinutes: 'graceMinutes',
}

/** The form as a rule, or the refusals by field. `base` gives what the form does not edit. */
export function ruleOf(form: RuleForm, base: FeeRule): { ok: true; rule: FeeRule } | { ok: false; errors: RuleErrors } {
  const errors: RuleErrors = {}
  const whole = (field: RuleField, text: string) => {
    if (/^\s*\d{1,6}\s*$/.test(text)) return Number(text)
    errors[field] = '请输入整数（分钟）'
    return 0
  }
  const money = (field: RuleField, text: string) => {
    const fen = parseYuan(text)
    if (fen === null) errors[field] = '请输入金额，如 5 或 0.50'
    return fen ?? 0
  }
  const night = form.dayNight ? money('nightYuan', form.nightYuan) : null
  const cap = form.capYuan.trim() === '' ? null : money('capYuan', form.capYuan)
  // Without a day window a night price means nothing: the overrides drop theirs.
  const override = (o: FeeRule['large']) => {
    if (!o || form.dayNight || o.nightUnitFen == null) return o
    const { nightUnitFen, ...rest } = o
    void nightUnitFen
    return rest
  }
  const rule = {
    capMode: form.capMode,
    dayWindow: form.dayNight ? { start: form.dayStart, end: form.dayEnd } : null,
    graceMinutes: whole('graceMinutes', form.graceMinutes),
    small: {
      freeMinutes: whole('freeMinutes', form.freeMinutes),
      billFreeMinutes: form.billFreeMinutes,
      firstMinutes: whole('firstMinutes', form.firstMinutes),
      firstFen: money('firstYuan', form.firstYuan),
      unitMinutes: whole('unitMinutes', form.unitMinutes),
      unitFen: money('unitYuan', form.unitYuan),
      nightUnitFen: night,
      capFen: cap,
    },
    large: override(base.large),
    newEnergy: override(base.newEnergy),
  }
  const parsed = FeeRuleSchema.safeParse(rule)
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const field = FIELD_OF[issue.path.map(String).join('.')] ?? 'rule'
      errors[field] ??= issue.message
    }
  return Object.keys(errors).length || !parsed.success ? { ok: false, errors } : { ok: true, rule: parsed.data }
}
