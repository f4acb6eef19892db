// When a permit may be renewed: only within a window before it expires (the
// lot's renewWindowDays, 60 by default), so one day cannot pay for year after
// year. The window opens renewWindowDays before the last valid day and stays
// open after expiry (an expired permit renews from today, see nextPeriod).
// Days are calendar days in Asia/Shanghai, written YYYY-MM-DD. Pages use it
// to show when renewal opens; the permit function (find, quote, apply) uses
// it as the authority.
import { shanghai } from '../time'

export const DEFAULT_RENEW_WINDOW_DAYS = 60

export interface RenewalWindow {
  /** Whether a renewal may be applied for today. */
  open: boolean
  /** The first day a renewal may be applied for. */
  opensOn: string
}

const DAY = /^\d{4}-\d{2}-\d{2}$/

/** The lot's window in days; a lot without the setting (or with a nonsensical one) gets the default. */
export function windowDaysOf(lot: { renewWindowDays?: number | null }): number {
  const d = lot.renewWindowDays
  return typeof d === 'number' && Number.isInteger(d) && d >= 1 && d <= 366 ? d : DEFAULT_RENEW_WINDOW_DAYS
}

export function renewalWindow(validUntil: string, windowDays: number, now: number): RenewalWindow {
  if (!DAY.test(validUntil)) throw new RangeError(`not a date: ${validUntil}`)
  if (!Number.isInteger(windowDays) || windowDays < 1 || windowDays > 366) throw new RangeError(`window must be 1–366 days: ${windowDays}`)
  const opensOn = shanghai(`${validUntil}T00:00:00+08:00`).subtract(windowDays, 'day').format('YYYY-MM-DD')
  const today = shanghai(now).format('YYYY-MM-DD')
  return { open: today >= opensOn, opensOn }
}

const dotted = (day: string) => day.replace(/-/g, '.')

/** Why a permit cannot be renewed yet: 车证有效期至2027.12.31，2027.11.01起可续费 */
export const notYetRenewable = (validUntil: string, opensOn: string) => `车证有效期至${dotted(validUntil)}，${dotted(opensOn)}起可续费`
