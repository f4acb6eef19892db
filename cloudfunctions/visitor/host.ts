// 账号绑定 and 解除绑定 (seed 001 §3.1): a WeChat account binds to a host
// account kept by the office, with its password; the binding is what makes
// the caller a host. Records and the one-to-one binding:
// _shared/visitor-passes.ts.
//
// Decisions:
// - Wrong passwords are limited per host account (lockout.ts, DEFAULT_LOCKOUT:
//   5 in a row lock it for 15 minutes, the end shown), counted as
//   attempts.ts does, so parallel wrong tries each count.
// - An unknown account answers 账号或密码错误 and counts nothing (there is no
//   account to lock). A known one answers 密码错误，还可尝试 N 次: host
//   accounts are staff ids, no secret, and the count left is what the seed's
//   users need to see.
// - The password is checked before anything else is said about the account
//   (deactivated, bound to another WeChat), so those need the password too.
// - Writes go binding document first, then the host's `boundOpenid` by a
//   conditional update on it being free (or already the caller); a lost
//   condition removes the binding document again. Unbinding clears the host
//   first, then the binding. Either way a half-done write leaves a binding
//   document the host does not confirm, which counts as unbound and is
//   cleared by the next bind.
// - A stored hash made with older scrypt parameters is replaced after a
//   right password (password.ts needsRehash).
import { AppError } from '../../src/domain/errors'
import { DEFAULT_LOCKOUT } from '../../src/domain/lockout'
import { audit } from '../_shared/audit'
import type { Caller } from '../_shared/auth'
import { _, type Doc } from '../_shared/cloud'
import { now } from '../_shared/clock'
import { isDuplicateKey } from '../_shared/db-errors'
import { hashPassword, needsRehash, verifyPassword } from '../_shared/password'
import { bindings, boundHostOf, hostIdOf, hosts, type HostDoc } from '../_shared/visitor-passes'
import { attemptsOf, limitedTry } from './attempts'

const statusOf = (host: Doc<HostDoc> | null) => ({
  bound: host !== null,
  host: host ? { account: host.account, name: host.name, department: host.department, active: host.active } : null,
})

export async function bindStatus(_input: unknown, caller: Caller) {
  return statusOf(await boundHostOf(caller.openid))
}

export async function bind({ account, password }: { account: string; password: string }, caller: Caller) {
  const id = hostIdOf(account)
  const host = await hosts.findOne({ _id: id })
  if (!host) throw new AppError('HOST_LOGIN_FAILED')

  await limitedTry(
    {
      read: async () => attemptsOf(await hosts.findOne({ _id: id })),
      writeIf: async (seq, data) => (await hosts.update({ _id: id, attemptsSeq: seq }, data)) === 1,
      write: async (data) => void (await hosts.update({ _id: id }, data)),
    },
    DEFAULT_LOCKOUT,
    () => verifyPassword(password, host.passwordHash),
    {
      locked: (message, lockedUntil) => new AppError('HOST_LOCKED', message, { lockedUntil }),
      wrong: (message) => new AppError('HOST_PASSWORD_WRONG', message),
    },
  )
  if (needsRehash(host.passwordHash)) await hosts.update({ _id: id, passwordHash: host.passwordHash }, { passwordHash: await hashPassword(password) })
  if (!host.active) throw new AppError('HOST_INACTIVE')

  const t = now()
  const current = await bindings.findOne({ _id: caller.openid })
  if (current) {
    if (current.hostId === id && host.boundOpenid === caller.openid) return statusOf(host)
    const other = await hosts.findOne({ _id: current.hostId })
    if (other && other.boundOpenid === caller.openid && other._id !== id) throw new AppError('HOST_ALREADY_BOUND', `您的微信已绑定账号 ${other.account}，请先解除绑定`)
    // A binding its host does not confirm: left by a write that stopped midway.
    await bindings.remove({ _id: caller.openid, hostId: current.hostId })
  }
  if (host.boundOpenid && host.boundOpenid !== caller.openid) throw new AppError('HOST_TAKEN')

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
