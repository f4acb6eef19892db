// 账号绑定 and 解除绑定 (seed 001 §3.1): a WeChat account binds to a host
// account kept by the office, with its password; the binding is what makes
// the caller a host. Records and the one-to-one binding:
// _shared/visitor-passes.ts.
//
// Decisions:
// - Wrong passwords are limited per host account name (HOST_BIND_LOCKOUT: 5
//   in a row lock it for 15 minutes, the end shown) and per WeChat account
//   across host accounts (HOST_BIND_LIMIT: per hour and per day, a right
//   password clears nothing), counted as attempts.ts does, so parallel wrong
//   tries each count and many accounts cannot be tried from one WeChat.
// - An unknown account is answered exactly like a known one with a wrong
//   password (HOST_PASSWORD_WRONG 账号或密码错误，还可尝试 N 次, then
//   HOST_LOCKED): its name gets a try state of its own (`visitor_attempts`,
//   `account:<account>`), and a dummy hash is checked so the time taken is
//   the same. So the answers never tell which accounts exist; the tries left
//   are still shown, which the seed's users need.
// - The password is checked before anything else is said about the account
//   (deactivated, bound to another WeChat), so those need the password too.
// - Writes go binding document first, then the host's `boundOpenid` by a
//   conditional update on it being free (or already the caller); a lost
//   condition removes the binding document again. After the host's update
//   the binding is read again: one WeChat binding two accounts at once may
//   have replaced it meanwhile (it took this binding document for a
//   half-done one), and then this host is given back (conditional on still
//   naming the caller) and the bind refused. A binding document the caller
//   replaces as half-done releases its host too when that host names the
//   caller, and a host whose `boundOpenid`'s binding names another host is
//   free to bind: so one WeChat never stays on two hosts.
// - Unbinding clears the host first, then the binding. Either way a half-done
//   write leaves a binding document the host does not confirm, which counts
//   as unbound and is cleared by the next bind.
// - A stored hash made with older scrypt parameters is replaced after a
//   right password (password.ts needsRehash).
import { randomBytes } from 'node:crypto'
import { AppError } from '../../src/domain/errors'
import { HOST_BIND_LIMIT, HOST_BIND_LOCKOUT } from '../../src/domain/visitor/pass'
import { audit } from '../_shared/audit'
import type { Caller } from '../_shared/auth'
import { _, type Doc } from '../_shared/cloud'
import { now } from '../_shared/clock'
import { isDuplicateKey } from '../_shared/db-errors'
import { hashPassword, needsRehash, verifyPassword } from '../_shared/password'
import { bindings, boundHostOf, hostIdOf, hosts, tries, type HostDoc } from '../_shared/visitor-passes'
import { docStore, guessCounter, limitedTry, lockoutCounter } from './attempts'

const statusOf = (host: Doc<HostDoc> | null) => ({
  bound: host !== null,
  host: host ? { account: host.account, name: host.name, department: host.department, active: host.active } : null,
})

export async function bindStatus(_input: unknown, caller: Caller) {
  return statusOf(await boundHostOf(caller.openid))
}

let dummy: Promise<string> | null = null
/** A hash of no one's password, checked for an unknown account so that it takes as long as a known one. */
const dummyHash = () => (dummy ??= hashPassword(randomBytes(16).toString('hex')))

/** Whether `openid`'s binding document names `hostId` (the other half of a binding). */
const bindingNames = async (openid: string, hostId: string) => (await bindings.findOne({ _id: openid }))?.hostId === hostId

export async function bind({ account, password }: { account: string; password: string }, caller: Caller) {
  const id = hostIdOf(account)
  const found = (await hosts.findOne({ _id: id })) ?? null
  await limitedTry(
    [
      lockoutCounter(found ? docStore(hosts, id, 'attempts', false) : docStore(tries, `account:${account}`, 'attempts', true), HOST_BIND_LOCKOUT),
      guessCounter(docStore(tries, `wechat:${caller.openid}`, 'wrongAt', true), HOST_BIND_LIMIT),
    ],
    async () => (await verifyPassword(password, found?.passwordHash ?? (await dummyHash()))) && found !== null,
    {
      subject: HOST_BIND_LIMIT.subject!,
      locked: (message, lockedUntil) => new AppError('HOST_LOCKED', message, { lockedUntil }),
      wrong: (message) => new AppError('HOST_PASSWORD_WRONG', message),
    },
  )
  const host = found!
  if (needsRehash(host.passwordHash)) await hosts.update({ _id: id, passwordHash: host.passwordHash }, { passwordHash: await hashPassword(password) })
  if (!host.active) throw new AppError('HOST_INACTIVE')

  const t = now()
  const current = await bindings.findOne({ _id: caller.openid })
  if (current) {
    if (current.hostId === id && host.boundOpenid === caller.openid) return statusOf(host)
    const other = await hosts.findOne({ _id: current.hostId })
    if (other && other.boundOpenid === caller.openid && other._id !== id) throw new AppError('HOST_ALREADY_BOUND', `您的微信已绑定账号 ${other.account}，请先解除绑定`)
    // A binding its host does not confirm: left by a write that stopped midway, or one still under way (then its host is released too).
    await bindings.remove({ _id: caller.openid, hostId: current.hostId })
    await hosts.update({ _id: current.hostId, boundOpenid: caller.openid }, { boundOpenid: null, boundAt: null, updatedAt: t })
  }
  if (host.boundOpenid && host.boundOpenid !== caller.openid) {
    // Taken, unless the WeChat it names has since bound another host (a race it lost).
    if (await bindingNames(host.boundOpenid, id)) throw new AppError('HOST_TAKEN')
    await hosts.update({ _id: id, boundOpenid: host.boundOpenid }, { boundOpenid: null, boundAt: null, updatedAt: t })
  }

  try {
    await bindings.insert(caller.openid, { hostId: id, at: t })
  } catch (e) {
    if (isDuplicateKey(e)) throw new AppError('HOST_ALREADY_BOUND')
    throw e
  }
  const taken = await hosts.update({ _id: id, active: true, boundOpenid: _.in([null, caller.openid]) }, { boundOpenid: caller.openid, boundAt: t, updatedAt: t })
  if (taken !== 1) {
    await bindings.remove({ _id: caller.openid, hostId: id })
    const after = await hosts.findOne({ _id: id })
    throw new AppError(after && !after.active ? 'HOST_INACTIVE' : 'HOST_TAKEN')
  }
  if (!(await bindingNames(caller.openid, id))) {
    // Another bind of this WeChat replaced the binding meanwhile: this host is given back.
    await hosts.update({ _id: id, boundOpenid: caller.openid }, { boundOpenid: null, boundAt: null, updatedAt: now() })
    throw new AppError('CONFLICT', '绑定状态已变化，请刷新后重试')
  }
  await audit(`visitor-bind:${id}:${t}`, { by: caller.openid, action: 'visitor.bind', target: id, reason: '账号绑定' })
  return statusOf(await boundHostOf(caller.openid))
}

export async function unbind(_input: unknown, caller: Caller) {
  const binding = await bindings.findOne({ _id: caller.openid })
  if (binding) {
    const t = now()
    const cleared = await hosts.update({ _id: binding.hostId, boundOpenid: caller.openid }, { boundOpenid: null, boundAt: null, updatedAt: t })
    await bindings.remove({ _id: caller.openid })
    if (cleared) await audit(`visitor-unbind:${binding.hostId}:${t}`, { by: caller.openid, action: 'visitor.unbind', target: binding.hostId, reason: '解除绑定' })
  }
  return statusOf(null)
}
