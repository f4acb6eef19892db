// CloudBase's 7-field cron for timer triggers: second minute hour
// day-of-month month day-of-week year, evaluated in Beijing time
// (Asia/Shanghai, UTC+8, no daylight saving since 1991).
//
// The rules are Tencent SCF's (cloud.tencent.com/document/product/583/9708,
// WeChat's 定时触发器 guide): each field takes numbers, `*`, `a-b`, `*/n`,
// `a/n` (from a up, every n), `a-b/n` and `,` lists; months also JAN-DEC,
// weekdays also SUN-SAT with 0 = Sunday … 6 = Saturday (7 is not accepted);
// years 1970-2099. When both day-of-month and day-of-week are given (neither
// is `*`), a day matches if either does. `?` is accepted in the two day
// fields as "any"; SCF's L, W and # are not supported here.

export class CronError extends Error {}

interface Field {
  label: string
  min: number
  max: number
  names?: string[]
}

const FIELDS: Field[] = [
  { label: '秒', min: 0, max: 59 },
  { label: '分钟', min: 0, max: 59 },
  { label: '小时', min: 0, max: 23 },
  { label: '日', min: 1, max: 31 },
  { label: '月', min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] },
  { label: '星期', min: 0, max: 6, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
  { label: '年', min: 1970, max: 2099 },
]

export interface Cron {
  source: string
  seconds: boolean[]
  minutes: boolean[]
  hours: boolean[]
  /** Index 1-31. */
  days: boolean[]
  /** Index 1-12. */
  months: boolean[]
  /** Index 0-6, 0 = Sunday. */
  weekdays: boolean[]
  /** Index year - 1970. */
  years: boolean[]
  /** Day-of-month / day-of-week written as `*` or `?` (no restriction). */
  anyDay: boolean
  anyWeekday: boolean
}

const SHANGHAI_OFFSET_MS = 8 * 3600_000

/** Parses a 7-field expression; throws CronError with a message saying which field is wrong. */
export function parseCron(source: string): Cron {
  if (typeof source !== 'string') throw new CronError('cron 表达式必须是字符串')
  const parts = source.trim().split(/\s+/)
  if (parts.length !== 7) throw new CronError(`cron 表达式需要 7 段（秒 分钟 小时 日 月 星期 年），实际有 ${source.trim() ? parts.length : 0} 段`)
  const sets = parts.map((text, i) => parseField(text, FIELDS[i], i === 3 || i === 5))
  const yearSet = sets[6]
  return {
    source: source.trim(),
    seconds: sets[0],
    minutes: sets[1],
    hours: sets[2],
    days: sets[3],
    months: sets[4],
    weekdays: sets[5],
    years: yearSet.slice(1970),
    anyDay: parts[3] === '*' || parts[3] === '?',
    anyWeekday: parts[5] === '*' || parts[5] === '?',
  }
}

function parseField(text: string, field: Field, allowQuestion: boolean): boolean[] {
  const set = new Array<boolean>(field.max + 1).fill(false)
  const where = `第 ${FIELDS.indexOf(field) + 1} 段（${field.label}）「${text}」`
  if (text === '?' && allowQuestion) text = '*'
  for (const item of text.split(',')) {
    if (item === '') throw new CronError(`${where}有空的列表项`)
    if (/[LW#]/i.test(item) && !field.names) throw new CronError(`${where}使用了不支持的特殊符号（L、W、#）`)
    const [range, stepText, extra] = item.split('/')
    if (extra !== undefined) throw new CronError(`${where}的「${item}」有多个 /`)
    let step = 1
    if (stepText !== undefined) {
      if (!/^\d+$/.test(stepText) || Number(stepText) < 1) throw new CronError(`${where}的步长「${stepText}」必须是正整数`)
      step = Number(stepText)
    }
    let from: number
    let to: number
    if (range === '*') {
      from = field.min
      to = field.max
    } else if (range.includes('-')) {
      const [a, b, more] = range.split('-')
      if (more !== undefined) throw new CronError(`${where}的范围「${range}」格式不正确`)
      from = value(a, field, where)
      to = value(b, field, where)
      if (from > to) throw new CronError(`${where}的范围「${range}」起点大于终点`)
    } else {
      from = value(range, field, where)
      // `a/n` runs from a to the end of the field; a plain number is just itself.
      to = stepText !== undefined ? field.max : from
    }
    for (let v = from; v <= to; v += step) set[v] = true
  }
  return set
}

function value(text: string, field: Field, where: string): number {
  const upper = text.toUpperCase()
  const named = field.names?.indexOf(upper) ?? -1
  // Month names are 1-based, weekday names 0-based (SUN = 0).
  if (named >= 0) return field.min === 1 ? named + 1 : named
  if (!/^\d+$/.test(text)) throw new CronError(`${where}的值「${text}」不是${field.names ? '数字或英文缩写' : '数字'}`)
  const n = Number(text)
  if (n < field.min || n > field.max) throw new CronError(`${where}的值 ${n} 超出范围 ${field.min}-${field.max}`)
  return n
}

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate()

function dayMatches(cron: Cron, year: number, month: number, day: number): boolean {
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay()
  const byDay = cron.days[day]
  const byWeekday = cron.weekdays[weekday]
  if (cron.anyDay && cron.anyWeekday) return true
  if (cron.anyDay) return byWeekday
  if (cron.anyWeekday) return byDay
  return byDay || byWeekday
}

const firstFrom = (set: boolean[], from: number) => {
  for (let i = from; i < set.length; i++) if (set[i]) return i
  return -1
}

/**
 * The first fire time strictly after `afterMs` (epoch ms), or null when the
 * expression never fires again (its years are past). Whole seconds only.
 * Skips whole years, months, days, hours and minutes that cannot match.
 */
export function nextFire(cron: Cron, afterMs: number): number | null {
  // Calendar fields of Beijing time, read from a UTC date shifted by +8 h.
  const start = new Date((Math.floor(afterMs / 1000) + 1) * 1000 + SHANGHAI_OFFSET_MS)
  let y = start.getUTCFullYear()
  let mo = start.getUTCMonth() + 1
  let d = start.getUTCDate()
  let h = start.getUTCHours()
  let mi = start.getUTCMinutes()
  let s = start.getUTCSeconds()

  for (let guard = 0; guard < 100_000; guard++) {
    if (y > 2099) return null
    if (y < 1970 || !cron.years[y - 1970]) {
      const next = y < 1970 ? firstFrom(cron.years, 0) : firstFrom(cron.years, y - 1970 + 1)
      if (next < 0) return null
      ;[y, mo, d, h, mi, s] = [1970 + next, 1, 1, 0, 0, 0]
      continue
    }
    if (!cron.months[mo]) {
      const next = firstFrom(cron.months, mo + 1)
      if (next < 0) [y, mo] = [y + 1, 1]
      else mo = next
      ;[d, h, mi, s] = [1, 0, 0, 0]
      continue
    }
    if (d > daysIn(y, mo)) {
      ;[mo, d, h, mi, s] = [mo + 1, 1, 0, 0, 0]
      if (mo > 12) [y, mo] = [y + 1, 1]
      continue
    }
    if (!dayMatches(cron, y, mo, d)) {
      ;[d, h, mi, s] = [d + 1, 0, 0, 0]
      continue
    }
    if (!cron.hours[h]) {
      const next = firstFrom(cron.hours, h + 1)
      if (next < 0) [d, h] = [d + 1, 0]
      else h = next
      ;[mi, s] = [0, 0]
      continue
    }
    if (!cron.minutes[mi]) {
      const next = firstFrom(cron.minutes, mi + 1)
      if (next < 0) [h, mi] = [h + 1, 0]
      else mi = next
      s = 0
      if (h > 23) [d, h] = [d + 1, 0]
      continue
    }
    if (!cron.seconds[s]) {
      const next = firstFrom(cron.seconds, s + 1)
      if (next < 0) {
        ;[mi, s] = [mi + 1, 0]
        if (mi > 59) [h, mi] = [h + 1, 0]
        if (h > 23) [d, h] = [d + 1, 0]
      } else s = next
      continue
    }
    return Date.UTC(y, mo - 1, d, h, mi, s) - SHANGHAI_OFFSET_MS
  }
  throw new CronError(`cron 表达式「${cron.source}」无法计算下一次触发时间`)
}

/** Every fire time in (fromMs, toMs], in order. */
export function fireTimesBetween(cron: Cron, fromMs: number, toMs: number, limit = Infinity): number[] {
  const out: number[] = []
  for (let t = nextFire(cron, fromMs); t !== null && t <= toMs; t = nextFire(cron, t)) {
    out.push(t)
    if (out.length > limit) break
  }
  return out
}
