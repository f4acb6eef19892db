// The visitor function (访客预约, issue 13 — seed 001 chapter 3): a host's
// 账号绑定 (host.ts), their passes with 分享 (passes.ts), the visitor's view
// of a shared pass and the guard's 访客核验 / 登记到访 (guard.ts), and the
// office's host accounts and settings (office.ts). The gate admits a pass's
// car through _shared/visitor-gate.ts; the sweep expires passes
// (_shared/visitor-passes.ts).
import { contracts } from '../../src/domain/contracts'
import { route } from '../_shared/route'
import { check, checkIn, view } from './guard'
import { bind, bindStatus, unbind } from './host'
import { addHost, listHosts, resetHostPassword, setHostActive, setSettings, settings, unbindHost } from './office'
import { cancel, create, detail, list, modify, share } from './passes'

export const main = route(contracts.visitor, {
  bindStatus,
  bind,
  unbind,
  create,
  list,
  detail,
  modify,
  cancel,
  share,
  view,
  check,
  checkIn,
  hosts: listHosts,
  addHost,
  setHostActive,
  unbindHost,
  resetHostPassword,
  settings,
  setSettings,
})
