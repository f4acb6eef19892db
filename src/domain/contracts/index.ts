// Every cloud function's contract, by function name.
import { permitContract } from './permit'
import { phoneContract } from './phone'
import { userContract } from './user'
import { vehicleContract } from './vehicle'

export const contracts = {
  user: userContract,
  phone: phoneContract,
  permit: permitContract,
  vehicle: vehicleContract,
}

export type Contracts = typeof contracts
export type FunctionName = keyof Contracts
export type ActionName<F extends FunctionName> = keyof Contracts[F] & string

export * from './contract'
