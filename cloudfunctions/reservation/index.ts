// The reservation function (车位预定, issue 12): drivers' 车位查询, 预定车位,
// 预约缴费, 我的预定 and 取消预定 (driver.ts), and the parking office's
// reservation settings and day list (office.ts). The gate uses reservations
// through _shared/reservation-gate.ts; the sweep expires and marks no-shows.
import { contracts } from '../../src/domain/contracts'
import { route } from '../_shared/route'
import { book, cancel, detail, list, lots, pay } from './driver'
import { day, setSettings, settings } from './office'

export const main = route(contracts.reservation, {
  lots,
  book,
  pay,
  mine: list,
  detail,
  cancel,
  settings,
  setSettings,
  day,
})
