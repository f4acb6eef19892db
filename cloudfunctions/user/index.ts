import { contracts } from '../../src/domain/contracts'
import { route } from '../_shared/route'
import { login } from './login'

export const main = route(contracts.user, { login })
