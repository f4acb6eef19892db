// 工作台 for 访客预约: host accounts (list, add with an initial password,
// deactivate / reactivate) and the visit settings with the campus address.
// Access is declared in the contract (staff('office')); changes are audited.
//
// Decisions:
// - A password is stored only as its scrypt hash (password.ts); nothing
//   returns it, and the office's list shows the phone masked.
// - The account is the document's id (host:<account>), so adding one twice
//   fails on the insert: HOST_ACCOUNT_EXISTS.
// - Deactivating keeps the binding and the passes (the host can still see and
//   cancel them; issued passes stay valid for their visit) and refuses new
//   ones; reactivating restores it. What a deactivated host reads of their
//   passes is masked throughout (passes.ts detail: the form's phone too), so
//   a person who has left reads no visitor's phone number.
// - 解除绑定 by the office (unbindHost) takes the account from whatever WeChat
//   holds it — a lost phone, a person who left: the host's `boundOpenid` is
//   cleared (conditional on the openid read) and every binding document
//   naming the host removed; audited when it cleared one. The account and its
//   passes stay; the next bind needs the password.
// - 重置密码 (resetHostPassword) stores a new hash, lifts the wrong-password
//   lock and moves the account's try sequence on (a try counted against the
//   old state cannot land); the binding stays — a host who forgot the password
//   is usually still bound. Audited; the password is never logged.
// - Settings apply to passes made or changed from now on; a pass keeps the
//   parking payer it was made with.
import { AppError } from '../../src/domain/errors'
import { maskPhone } from '../../src/domain/phone'
import type { VisitorSettings } from '../../src/domain/visitor/pass'
import { audit } from '../_shared/audit'
import type { Caller } from '../_shared/auth'
import { _, type Doc } from '../_shared/cloud'
import { now } from '../_shared/clock'
import { isDuplicateKey } from '../_shared/db-errors'
import { hashPassword } from '../_shared/password'
import { bindings, hostIdOf, hosts, saveVisitorSettings, visitorSettings, type HostDoc } from '../_shared/visitor-passes'

const HOSTS_LIMIT = 1000

function hostAccountView(h: Doc<HostDoc>, t: number) {
  const lockedUntil = h.attempts?.lockedUntil ?? null
  return {
    id: h._id,
    account: h.account,
    name: h.name,
    department: h.department,
    phone: maskPhone(h.phone),
    active: h.active,
    bound: !!h.boundOpenid,
    lockedUntil: lockedUntil !== null && lockedUntil > t ? lockedUntil : null,
    createdAt: h.createdAt,
  }
}

export async function listHosts() {
  const t = now()
  return { hosts: (await hosts.find({}, { orderBy: ['createdAt', 'desc'], limit: HOSTS_LIMIT })).map((h) => hostAccountView(h, t)) }
}

export async function addHost(input: { account: string; name: string; department: string; phone: string; password: string }, caller: Caller) {
  const t = now()
  const id = hostIdOf(input.account)
  const doc: HostDoc = {
    account: input.account,
    name: input.name,
    department: input.department,
    phone: input.phone,
    passwordHash: await hashPassword(input.password),
    active: true,
    boundOpenid: null,
    boundAt: null,
    attempts: { failures: 0, lockedUntil: null },
    attemptsSeq: 0,
    createdAt: t,
    updatedAt: t,
  }
  try {
    await hosts.insert(id, doc)
  } catch (e) {
    if (isDuplicateKey(e)) throw new AppError('HOST_ACCOUNT_EXISTS')
    throw e
  }
  await audit(`visitor-host-add:${id}`, { by: caller.openid, action: 'visitor.addHost', target: id, reason: `新增访客邀请账号 ${input.name}（${input.department}）` })
  return { host: hostAccountView({ ...doc, _id: id }, t) }
}

export async function setHostActive({ hostId, active }: { hostId: string; active: boolean }, caller: Caller) {
  const t = now()
  // 0 updated is also an unchanged document (the database counts changes): found or not decides.
  await hosts.update({ _id: hostId }, { active, updatedAt: t })
  const host = await hosts.findOne({ _id: hostId })
  if (!host) throw new AppError('HOST_NOT_FOUND')
  await audit(`visitor-host-active:${hostId}:${t}`, { by: caller.openid, action: 'visitor.setHostActive', target: hostId, reason: active ? '启用' : '停用' })
  return { host: hostAccountView(host, t) }
}

export async function unbindHost({ hostId }: { hostId: string }, caller: Caller) {
  const host = await hosts.findOne({ _id: hostId })
  if (!host) throw new AppError('HOST_NOT_FOUND')
  const t = now()
  const cleared = host.boundOpenid ? await hosts.update({ _id: hostId, boundOpenid: host.boundOpenid }, { boundOpenid: null, boundAt: null, updatedAt: t }) : 0
  await bindings.remove({ hostId })
  if (cleared) await audit(`visitor-host-unbind:${hostId}:${t}`, { by: caller.openid, action: 'visitor.unbindHost', target: hostId, reason: '办公室解除绑定' })
  return { host: hostAccountView((await hosts.findOne({ _id: hostId }))!, t) }
}

export async function resetHostPassword({ hostId, password }: { hostId: string; password: string }, caller: Caller) {
  const host = await hosts.findOne({ _id: hostId })
  if (!host) throw new AppError('HOST_NOT_FOUND')
  const t = now()
  await hosts.update({ _id: hostId }, { passwordHash: await hashPassword(password), attempts: { failures: 0, lockedUntil: null }, attemptsSeq: _.inc(1), updatedAt: t })
  await audit(`visitor-host-password:${hostId}:${t}`, { by: caller.openid, action: 'visitor.resetHostPassword', target: hostId, reason: '办公室重置密码' })
  return { host: hostAccountView((await hosts.findOne({ _id: hostId }))!, t) }
}

export async function settings() {
  return visitorSettings()
}

export async function setSettings({ settings: next, address }: { settings: VisitorSettings; address: string }, caller: Caller) {
  await saveVisitorSettings(next, address)
  const t = now()
  await audit(`visitor-settings:${t}`, { by: caller.openid, action: 'visitor.setSettings', target: 'visitor', reason: `可提前 ${next.maxDaysAhead} 天，单次 ${next.maxWindowHours} 小时，${next.maxVisitors} 人` })
  return visitorSettings()
}
