// Every cloud function's contract, by function name.
import { cardContract } from './card'
import { parkingContract } from './parking'
import { payContract } from './pay'
import { permitContract } from './permit'
import { phoneContract } from './phone'
import { reservationContract } from './reservation'
import { userContract } from './user'
import { vehicleContract } from './vehicle'
import { visitorContract } from './visitor'
import type { FunctionContract } from './contract'

export const contracts = {
  user: userContract,
  phone: phoneContract,
  permit: permitContract,
  vehicle: vehicleContract,
  pay: payContract,
  parking: parkingContract,
  reservation: reservationContract,
  visitor: visitorContract,
  card: cardContract,
} satisfies Record<string, FunctionContract>

export type Contracts = typeof contracts
export type FunctionName = keyof Contracts
export type ActionName<F extends FunctionName> = keyof Contracts[F] & string

export * from './contract'
export * from './access'
