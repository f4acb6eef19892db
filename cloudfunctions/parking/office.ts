// SCAFFOLD: replaced by the real handlers (issue 10 work in progress).
import { AppError } from '../../src/domain/errors'
const notBuilt = async (): Promise<never> => { throw new AppError('UNKNOWN_ACTION') }
export const feeRules = notBuilt
export const setFeeRule = notBuilt
export const issueCoupons = notBuilt
export const couponBatches = notBuilt
export const batchCodes = notBuilt
export const carsInLot = notBuilt
export const openBarrier = notBuilt
export const report = notBuilt
