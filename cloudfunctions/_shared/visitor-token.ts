// The visitor pass's secrets (访客预约): the signed token its QR carries, and
// the 6-digit verification code the visitor can read out to the guard.
//
// Decisions:
// - The QR carries no database id alone but `<id>.<version>.<mac>`: the pass id
//   (base64url), the pass's version (decimal) and an HMAC-SHA256 over both
//   under the function configuration's VISITOR_TOKEN_SECRET, truncated to 128
//   bits (22 base64url characters) to keep the QR small — still far beyond
//   guessing. A token cannot be made or altered without the secret, and
//   since 修改预约 bumps the version, an old QR stops matching its pass (the
//   function compares the token's version with the stored one; pass.ts
//   passNotice says why).
// - The MAC is over a domain-separated string (`visitor-pass.<id>.<version>`),
//   so no other HMAC under the same secret can pass for a token.
// - Verification compares in constant time and answers null for anything
//   forged, altered or malformed, without saying which.
// - The secret is read on each call (tests and the emulator set it), and a
//   missing or short one is a configuration error, thrown as sms.ts does.
// - The verification code is 6 random digits from the CSPRNG; keeping it
//   unique among live passes is the function's (an index), and guessing is
//   limited per guard there. It is no secret from the host, who shows it.
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto'

const SECRET_ENV = 'VISITOR_TOKEN_SECRET'
const MIN_SECRET_LENGTH = 16
const MAC_BYTES = 16
/** Ids are at most 64 characters (fields.ts Id): at most 256 UTF-8 bytes, 342 base64url characters. */
const MAX_TOKEN_LENGTH = 400

const B64URL = /^[A-Za-z0-9_-]+$/
const VERSION = /^(0|[1-9]\d{0,8})$/

function secret(): string {
  const value = process.env[SECRET_ENV]
  if (!value) throw new Error(`missing function configuration ${SECRET_ENV}`)
  if (value.length < MIN_SECRET_LENGTH) throw new Error(`function configuration ${SECRET_ENV} is too short (at least ${MIN_SECRET_LENGTH} characters)`)
  return value
}

const macOf = (key: string, encodedId: string, version: string) =>
  createHmac('sha256', key).update(`visitor-pass.${encodedId}.${version}`, 'utf8').digest().subarray(0, MAC_BYTES)

export interface PassToken {
  passId: string
  version: number
}

/** The token for the pass's current version, for its QR and the shared link. */
export function signPassToken(passId: string, version: number): string {
  if (passId.length === 0 || passId.length > 64) throw new RangeError('pass id must be 1–64 characters')
  if (!Number.isSafeInteger(version) || version < 0 || !VERSION.test(String(version))) throw new RangeError('pass version must be a whole number below 10^9')
  const encodedId = Buffer.from(passId, 'utf8').toString('base64url')
  const v = String(version)
  return `${encodedId}.${v}.${macOf(secret(), encodedId, v).toString('base64url')}`
}

/** The pass id and version a genuine token names, or null for anything else. */
export function verifyPassToken(token: unknown): PassToken | null {
  const key = secret()
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return null
  const parts = token.split('.')
  if (parts.length !== 3) return null
  const [encodedId, v, mac] = parts
  if (!B64URL.test(encodedId) || !VERSION.test(v) || !B64URL.test(mac)) return null
  const given = Buffer.from(mac, 'base64url')
  // Only the canonical encoding of 16 bytes is accepted (no trailing bits, no padding variants).
  if (given.length !== MAC_BYTES || given.toString('base64url') !== mac) return null
  if (!timingSafeEqual(given, macOf(key, encodedId, v))) return null
  const passId = Buffer.from(encodedId, 'base64url').toString('utf8')
  if (passId.length === 0 || Buffer.from(passId, 'utf8').toString('base64url') !== encodedId) return null
  return { passId, version: Number(v) }
}

export const VERIFICATION_CODE_LENGTH = 6
export const VERIFICATION_CODE_RE = /^\d{6}$/

/** A new 6-digit verification code, uniformly random, zero-padded (000042 is a code too). */
export function newVerificationCode(): string {
  return String(randomInt(0, 10 ** VERIFICATION_CODE_LENGTH)).padStart(VERIFICATION_CODE_LENGTH, '0')
}
