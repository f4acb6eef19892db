import { contracts } from '../../src/domain/contracts'
import { route } from '../_shared/route'
import { add, list, remove, setDefault } from './vehicles'

export const main = route(contracts.vehicle, { list, add, setDefault, remove })
