import { contracts } from '../../src/domain/contracts'
import { route } from '../_shared/route'
import { settings, updateSettings, authorize, revoke } from './owner'
import { approve, appealQueue, cancelVerification, dismiss, lookupOwner, pending, reject, uphold, verifications } from './review'
import { add, acknowledge, list, remove, setDefault } from './vehicles'
import { lock, locks, unlock } from './locks'
import { appeal, config, verify } from './verification'

export const main = route(contracts.vehicle, {
  list,
  add,
  setDefault,
  remove,
  config,
  verify,
  acknowledge,
  appeal,
  locks,
  lock,
  unlock,
  settings,
  updateSettings,
  authorize,
  revoke,
  verifications,
  pending,
  approve,
  reject,
  appeals: appealQueue,
  uphold,
  dismiss,
  ownerOf: lookupOwner,
  cancelVerification,
})
