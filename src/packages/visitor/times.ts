// 来访时间 as the form offers it: a day (today and the next ones, by the
// server's clock, Asia/Shanghai) and start and end on the half hour; 24:00
// ends a visit at midnight. Within the office's limits when the form has
// them (how many days ahead, the visiting hours, the longest visit: `list`
// sends them); the server still checks, and a choice it refuses is shown
// under its field in its words.
import { shanghai } from '../../domain/time'
import { PAST_START_SLACK_MINUTES } from '../../domain/visitor/pass'

export const MINUTE = 60_000
export const STEP_MIN = 30
/** How many days the date choice offers (today included). */
export const DAYS_OFFERED = 15

/** The office's limits on a visit (pass.ts VisitorSettings), as `list` sends them. */
export interface VisitLimits {
  maxDaysAhead: number
  maxWindowHours: number
  visitHours: { from: number; to: number } | null
}

/** The minutes of a day a visit may start from and end by. */
const hoursOf = (limits?: VisitLimits | null) => ({ first: (limits?.visitHours?.from ?? 0) * 60, last: (limits?.visitHours?.to ?? 24) * 60 })

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六']

/** The start (ms) of the Shanghai day of `t`. */
export const dayStartOf = (t: number) => shanghai(t).startOf('day').valueOf()

/** 今天 12月06日 周日 / 明天 … / 12月09日 周三 */
export function dayLabel(dayStart: number, now: number): string {
  const d = shanghai(dayStart)
  const days = d.startOf('day').diff(shanghai(now).startOf('day'), 'day')
  const date = `${d.format('M月D日')} 周${WEEKDAYS[d.day()]}`
  return days === 0 ? `今天 ${date}` : days === 1 ? `明天 ${date}` : days === 2 ? `后天 ${date}` : date
}

/** The days offered from `now`: each one's start. */
export function dayOptions(now: number, limits?: VisitLimits | null): number[] {
  const first = shanghai(now).startOf('day')
  return Array.from({ length: limits ? limits.maxDaysAhead + 1 : DAYS_OFFERED }, (_, i) => first.add(i, 'day').valueOf())
}

/** 09:30, 24:00, or 次日 01:00 past midnight. */
export function minuteLabel(min: number): string {
  const hh = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`
  return min <= 1440 ? hh(min) : `次日 ${hh(min - 1440)}`
}

/** Start times of the day on the half hour; today only those the server still takes (from a few minutes ago on: pass.ts PAST_START_SLACK_MINUTES). */
export function startOptions(dayStart: number, now: number, limits?: VisitLimits | null): number[] {
  const { first, last } = hoursOf(limits)
  const out: number[] = []
  for (let m = first; m < last; m += STEP_MIN) if (dayStart + m * MINUTE >= now - PAST_START_SLACK_MINUTES * MINUTE) out.push(m)
  return out
}

/** End times after `startMin`, on the half hour, up to 24:00. */
export function endOptions(startMin: number, limits?: VisitLimits | null): number[] {
  const end = Math.min(hoursOf(limits).last, limits ? startMin + limits.maxWindowHours * 60 : 1440)
  const out: number[] = []
  for (let m = Math.floor(startMin / STEP_MIN) * STEP_MIN + STEP_MIN; m <= end; m += STEP_MIN) out.push(m)
  return out
}

/** The form's default: the next half hour from now (today, or tomorrow at 09:00 late at night), for two hours. */
export function defaultWindow(now: number, limits?: VisitLimits | null): { dayStart: number; startMin: number; endMin: number } {
  const { first, last } = hoursOf(limits)
  const dayStart = dayStartOf(now)
  const soonest = Math.max(first, Math.ceil((now - dayStart) / MINUTE / STEP_MIN) * STEP_MIN)
  const twoHours = (startMin: number) => endOptions(startMin, limits).filter((m) => m <= startMin + 120).at(-1) ?? startMin + STEP_MIN
  if (soonest >= last - STEP_MIN) {
    // Too late today: tomorrow at 09:00, or when visiting hours begin.
    const startMin = limits?.visitHours ? first : 540
    return { dayStart: shanghai(dayStart).add(1, 'day').valueOf(), startMin, endMin: twoHours(startMin) }
  }
  return { dayStart, startMin: soonest, endMin: twoHours(soonest) }
}
