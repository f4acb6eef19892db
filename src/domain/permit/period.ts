// The next validity period of a renewed permit. It continues the current
// permit: it starts the day after the current one ends, or today if that
// has already passed, and lasts the product's number of months.
// Dates are calendar days in Asia/Shanghai, written YYYY-MM-DD.
import { shanghai } from '../time'

export interface Period {
  start: string
  end: string
}

const DAY = /^\d{4}-\d{2}-\d{2}$/

export function nextPeriod(currentEnd: string | null, months: number, now: number): Period {
  if (currentEnd !== null && !DAY.test(currentEnd)) throw new RangeError(`not a date: ${currentEnd}`)
  if (!Number.isInteger(months) || months < 1 || months > 60) throw new RangeError(`months must be 1–60: ${months}`)
  const today = shanghai(now).startOf('day')
  const afterCurrent = currentEnd ? shanghai(`${currentEnd}T00:00:00+08:00`).add(1, 'day') : today
  const start = afterCurrent.isBefore(today) ? today : afterCurrent
  const end = start.add(months, 'month').subtract(1, 'day')
  return { start: start.format('YYYY-MM-DD'), end: end.format('YYYY-MM-DD') }
}

/** 2022-06-01 → 2022.06.01, the seed's way of writing a period. */
export const formatPeriod = (p: Period) => `${p.start.replace(/-/g, '.')}至${p.end.replace(/-/g, '.')}`
