// Owner phone by SMS code (车主手机号, seed 000 step 5): send a code with the
// limits of src/domain/sms-code.ts, check it, and remember the verified phone
// for the user so a returning driver does not verify again.
import { createHash, randomInt } from 'node:crypto'
import { AppError } from '../../src/domain/errors'
import { maskPhone } from '../../src/domain/phone'
import { checkCode, decideSend, DEFAULT_SMS_LIMITS, voidedNotice, type SmsLimits } from '../../src/domain/sms-code'
import type { Caller } from '../_shared/auth'
import { _, cloud } from '../_shared/cloud'
import { now } from '../_shared/clock'
import { collection } from '../_shared/collection'
import { isDuplicateKey } from '../_shared/db-errors'
import { sendSms } from '../_shared/sms'
import { ensureUser, users } from '../_shared/users'

interface SendDoc {
  phone: string
  openid: string
  ip: string
  at: number
}
interface CodeDoc {
  phone: string
  openid: string
  hash: string
  issuedAt: number
  wrongTries: number
  used: boolean
}

const sends = collection<SendDoc>('sms_sends')
const codes = collection<CodeDoc>('sms_codes')
const throttle = collection<{ lastAt: number }>('sms_throttle')

/** Limits from configuration, defaults otherwise. */
function limits(): SmsLimits {
  const n = (name: string, fallback: number) => {
    const v = Number(process.env[name])
    return Number.isInteger(v) && v > 0 ? v : fallback
  }
  const d = DEFAULT_SMS_LIMITS
  return {
    intervalSec: n('SMS_INTERVAL_SEC', d.intervalSec),
    perPhonePerHour: n('SMS_PER_PHONE_PER_HOUR', d.perPhonePerHour),
    perPhonePerDay: n('SMS_PER_PHONE_PER_DAY', d.perPhonePerDay),
    perCallerPerDay: n('SMS_PER_CALLER_PER_DAY', d.perCallerPerDay),
    perIpPerDay: n('SMS_PER_IP_PER_DAY', d.perIpPerDay),
    codeTtlSec: n('SMS_CODE_TTL_SEC', d.codeTtlSec),
    maxWrongTries: n('SMS_MAX_WRONG_TRIES', d.maxWrongTries),
  }
}

const PHONE_REMEMBER_DAYS = () => Number(process.env.PHONE_REMEMBER_DAYS) || 180

const hashOf = (phone: string, code: string) =>
  createHash('sha256').update(`${process.env.SMS_CODE_PEPPER ?? 'campus-parking'}:${phone}:${code}`).digest('hex')

const codeId = (openid: string, phone: string) => createHash('sha256').update(`${openid}:${phone}`).digest('hex').slice(0, 32)

async function since(field: 'phone' | 'openid' | 'ip', value: string, from: number) {
  return (await sends.find({ [field]: value, at: _.gt(from) }, { limit: 1000 })).map((s) => s.at)
}

export async function status(_input: unknown, caller: Caller) {
  const user = await users.findOne({ openid: caller.openid }) // reading creates no user document
  const { verifiedPhone, phoneVerifiedAt } = user ?? {}
  const fresh = verifiedPhone && phoneVerifiedAt && now() - phoneVerifiedAt < PHONE_REMEMBER_DAYS() * 86400_000
  return fresh ? { masked: maskPhone(verifiedPhone), verifiedAt: phoneVerifiedAt } : { masked: null, verifiedAt: null }
}

/** Whether a code may be sent to `phone` for the caller now, by the day's history. */
async function sendDecision(phone: string, caller: Caller, l: SmsLimits, t: number) {
  const ip = cloud.getWXContext().CLIENTIP || 'unknown'
  const dayAgo = t - 86400_000
  const [byPhone, byCaller, byIp] = await Promise.all([since('phone', phone, dayAgo), since('openid', caller.openid, dayAgo), since('ip', ip, dayAgo)])
  return { ip, byPhone, decision: decideSend({ phone: byPhone, caller: byCaller, ip: byIp }, t, l) }
}

export async function sendCode({ phone }: { phone: string }, caller: Caller) {
  const l = limits()
  const t = now()
  const { ip, byPhone, decision } = await sendDecision(phone, caller, l, t)
  if (!decision.ok) throw refusal(decision.code, decision.retryAfterSec)

  // The countdown holds even when two sends race: one conditional update wins.
  const previous = byPhone.length ? Math.max(...byPhone) : 0
  const reserved = await throttle.update({ _id: phone, lastAt: _.lte(t - l.intervalSec * 1000) }, { lastAt: t })
  if (!reserved) {
    try {
      await throttle.insert(phone, { lastAt: t })
    } catch (e) {
      if (isDuplicateKey(e)) throw refusal('SMS_TOO_FREQUENT', l.intervalSec)
      throw e
    }
  }

  const code = String(randomInt(0, 1_000_000)).padStart(6, '0')
  try {
    await sendSms(phone, 'code', [code, String(Math.round(l.codeTtlSec / 60))])
  } catch (e) {
    // A failed send does not count against the user: give the countdown back.
    await throttle.update({ _id: phone, lastAt: t }, { lastAt: previous })
    throw e
  }
  await sends.add({ phone, openid: caller.openid, ip, at: t })
  await codes.set(codeId(caller.openid, phone), { phone, openid: caller.openid, hash: hashOf(phone, code), issuedAt: t, wrongTries: 0, used: false })
  return { cooldownSec: l.intervalSec, expiresInSec: l.codeTtlSec }
}

export async function verify({ phone, code }: { phone: string; code: string }, caller: Caller) {
  const l = limits()
  const id = codeId(caller.openid, phone)
  const issued = await codes.findOne({ _id: id })
  const result = checkCode(issued ?? null, hashOf(phone, code), now(), l)
  if (!result.ok) {
    if (result.code === 'CODE_WRONG') {
      await codes.update({ _id: id, wrongTries: _.lt(l.maxWrongTries) }, { wrongTries: _.inc(1) })
      if (result.triesLeft > 0) throw new AppError('CODE_WRONG', `验证码不正确，还可尝试 ${result.triesLeft} 次`)
      throw await voided('CODE_WRONG', phone, caller, l, true)
    }
    if (result.code === 'CODE_VOID') throw await voided('CODE_VOID', phone, caller, l, false)
    throw new AppError(result.code)
  }
  // Use the code once: a second verify with the same code finds it used.
  if (!(await codes.update({ _id: id, used: false }, { used: true }))) throw await voided('CODE_VOID', phone, caller, l, false)
  const t = now()
  await ensureUser(caller.openid)
  await users.update({ openid: caller.openid }, { verifiedPhone: phone, phoneVerifiedAt: t })
  return { masked: maskPhone(phone), verifiedAt: t }
}

/** A void code's refusal says why, and when a new code can be asked for (details.retryAfterSec: the page's countdown). */
async function voided(code: 'CODE_WRONG' | 'CODE_VOID', phone: string, caller: Caller, l: SmsLimits, tooManyTries: boolean) {
  const { decision } = await sendDecision(phone, caller, l, now())
  const notice = voidedNotice(decision, tooManyTries)
  return new AppError(code, notice.message, { retryAfterSec: notice.retryAfterSec })
}

function refusal(code: 'SMS_TOO_FREQUENT' | 'SMS_HOURLY_LIMIT' | 'SMS_PHONE_LOCKED' | 'SMS_CALLER_LIMIT' | 'SMS_IP_LIMIT', retryAfterSec: number) {
  if (code === 'SMS_TOO_FREQUENT') return new AppError(code, `验证码发送过于频繁，请 ${retryAfterSec} 秒后再试`, { retryAfterSec })
  return new AppError(code, undefined, { retryAfterSec })
}
