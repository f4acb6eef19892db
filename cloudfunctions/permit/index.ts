import { contracts } from '../../src/domain/contracts'
import { route } from '../_shared/route'
import { apply, cancel, detail, find, listLots, mine, pay, quote, requestRefund } from './renewal'
import { approve, pending, queue, reject, revealPhone } from './review'

export const main = route(contracts.permit, {
  lots: listLots,
  find,
  quote,
  apply,
  mine,
  detail,
  requestRefund,
  pay,
  cancel,
  queue,
  pending,
  revealPhone,
  approve,
  reject,
})
