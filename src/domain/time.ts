// Time is dayjs in Asia/Shanghai, whatever the device or server zone.
import dayjs from 'dayjs'
import utc from 'dayjs/plugin/utc'
import timezone from 'dayjs/plugin/timezone'

dayjs.extend(utc)
dayjs.extend(timezone)

export const ZONE = 'Asia/Shanghai'

export const shanghai = (t?: dayjs.ConfigType) => dayjs(t).tz(ZONE)

/** 2026-11-23 08:05 */
export const formatDateTime = (t: dayjs.ConfigType) => shanghai(t).format('YYYY-MM-DD HH:mm')

/** 2026.11.23 — the seeds' date style */
export const formatDate = (t: dayjs.ConfigType) => shanghai(t).format('YYYY.MM.DD')

/** The calendar day key in Shanghai, e.g. for daily limits: 20261123 */
export const dayKey = (t: dayjs.ConfigType) => shanghai(t).format('YYYYMMDD')

export { dayjs }

/** How long something has waited, for a review queue: 12 分钟, 3 小时, 2 天. */
export const formatWaited = (minutes: number) =>
  minutes < 60 ? `${minutes} 分钟` : minutes < 1440 ? `${Math.floor(minutes / 60)} 小时` : `${Math.floor(minutes / 1440)} 天`
