// 预计到场时间: the half-hour slots a driver may choose, from the next half
// hour after now up to the lot's horizon (rules.ts: an arrival is a whole
// minute from now to horizonHours ahead), labelled 今天 / 明天 / 12月08日.
import { formatYuan } from '../../domain/money'
import { VEHICLE_KIND_LABELS, VEHICLE_KINDS, type VehicleKind } from '../../domain/parking/fee'
import { shanghai } from '../../domain/time'

const MINUTE = 60_000
const SLOT_MS = 30 * MINUTE

export interface Slot {
  at: number
  /** 今天 10:30 */
  label: string
}

/** The day of `at` relative to `now` (Asia/Shanghai): 今天, 明天, 后天, else 12月08日. */
export function dayLabel(at: number, now: number): string {
  const days = shanghai(at).startOf('day').diff(shanghai(now).startOf('day'), 'day')
  return days === 0 ? '今天' : days === 1 ? '明天' : days === 2 ? '后天' : shanghai(at).format('M月D日')
}

/** 今天 10:30 */
export const arrivalLabel = (at: number, now: number) => `${dayLabel(at, now)} ${shanghai(at).format('HH:mm')}`

/** Every half-hour slot strictly after `now` and within `horizonHours` of it. */
export function arrivalSlots(now: number, horizonHours: number): Slot[] {
  const last = now + horizonHours * 60 * MINUTE
  const slots: Slot[] = []
  // Shanghai has no DST and a whole-hour offset: half hours of UTC are half hours there.
  for (let at = Math.floor(now / SLOT_MS) * SLOT_MS + SLOT_MS; at <= last; at += SLOT_MS) slots.push({ at, label: arrivalLabel(at, now) })
  return slots
}

/** The entry window of an arrival, as the booking page states it: 10:00–11:00 (or across days with the date). */
export function windowHint(arrivalAt: number, beforeMinutes: number, afterMinutes: number, now: number): string {
  const from = arrivalAt - beforeMinutes * MINUTE
  const until = arrivalAt + afterMinutes * MINUTE
  const a = shanghai(from)
  const b = shanghai(until)
  return `${arrivalLabel(from, now)}–${a.isSame(b, 'day') ? b.format('HH:mm') : arrivalLabel(until, now)}`
}

/** The lot's reservation fee by vehicle kind, for the 车辆类型 choice: 小型车 ¥5.00. */
export function kindOptions(prepayFen: Record<VehicleKind, number>): Array<{ kind: VehicleKind; label: string; fen: number; price: string }> {
  return VEHICLE_KINDS.map((kind) => ({ kind, label: VEHICLE_KIND_LABELS[kind], fen: prepayFen[kind], price: `¥${formatYuan(prepayFen[kind])}` }))
}

/** mm:ss left until `until` (00:00 once past). */
export function countdown(until: number, now: number): string {
  const s = Math.max(0, Math.ceil((until - now) / 1000))
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`
}
