// Every cloud function's contract, by function name.
import { userContract } from './user'
import { vehicleContract } from './vehicle'

export const contracts = {
  user: userContract,
  vehicle: vehicleContract,
}

export type Contracts = typeof contracts
export type FunctionName = keyof Contracts
export type ActionName<F extends FunctionName> = keyof Contracts[F] & string

export * from './contract'
