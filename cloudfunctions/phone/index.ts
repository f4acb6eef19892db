import { contracts } from '../../src/domain/contracts'
import { route } from '../_shared/route'
import { sendCode, status, verify } from './verification'

export const main = route(contracts.phone, { status, sendCode, verify })
