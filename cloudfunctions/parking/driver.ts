// SCAFFOLD: replaced by the real handlers (issue 10 work in progress).
import { AppError } from '../../src/domain/errors'
const notBuilt = async (): Promise<never> => { throw new AppError('UNKNOWN_ACTION') }
export const lots = notBuilt
export const current = notBuilt
export const lookup = notBuilt
export const bill = notBuilt
export const pay = notBuilt
export const order = notBuilt
export const records = notBuilt
