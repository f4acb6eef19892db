// SCAFFOLD: replaced by the real handlers (issue 10 work in progress).
import { AppError } from '../../src/domain/errors'
const notBuilt = async (): Promise<never> => { throw new AppError('UNKNOWN_ACTION') }
export const scanLane = notBuilt
export const enter = notBuilt
