// The parking function: drivers' 当前停车, 缴费 and 扫码开闸 (driver.ts, lanes.ts) and
// the parking office's 工作台 actions (office.ts). The lot's devices call `device`.
import { contracts } from '../../src/domain/contracts'
import { route } from '../_shared/route'
import { bill, current, lookup, lots, order, pay, records } from './driver'
import { enter, exit, scanLane } from './lanes'
import { importLayout, layout } from './layouts'
import { search, searchSpace } from './search'
import { batchCodes, carsInLot, couponBatches, feeRules, issueCoupons, openBarrier, report, setFeeRule } from './office'

export const main = route(contracts.parking, {
  lots,
  current,
  lookup,
  search,
  searchSpace,
  layout,
  bill,
  pay,
  order,
  records,
  scanLane,
  enter,
  exit,
  importLayout,
  feeRules,
  setFeeRule,
  issueCoupons,
  couponBatches,
  batchCodes,
  carsInLot,
  openBarrier,
  report,
})
