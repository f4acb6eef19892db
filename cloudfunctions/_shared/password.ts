// Host account passwords (访客预约 账号绑定): stored only as a slow salted hash,
// checked in constant time.
//
// Decisions:
// - node's scrypt (memory-hard, no dependency) with a random 16-byte salt and a
//   32-byte key, stored with its parameters as `scrypt$N$r$p$salt$hash`
//   (salt and hash base64url), so the cost can be raised later: a stored hash
//   keeps its own parameters, and `needsRehash` tells the function to store a
//   new hash after the next right password.
// - Cost N = 2^15, r = 8, p = 1: 32 MiB and about 135 ms per hash on the
//   development machine (measured: 2^14 took 60 ms, 2^13 28 ms) — slow for a
//   guesser with a stolen table, quick enough for a binding that also counts
//   wrong tries (domain/lockout.ts). It runs on libuv's pool, not the event
//   loop. Hashes stored at 2^14 (before) still verify and are replaced after
//   the next right password (needsRehash).
// - scrypt needs 128·N·r bytes, exactly node's default `maxmem` (32 MiB) at
//   2^15, which it refuses; `maxmem` is therefore set per hash to twice that
//   plus 1 MiB.
// - The password is taken as typed after Unicode NFC normalisation (an input
//   method may send a composed or decomposed form of the same character).
// - A stored value that does not parse, or names parameters outside sane
//   bounds, verifies as false rather than throwing or running an unbounded
//   hash; a password longer than MAX_PASSWORD_LENGTH is refused the same way.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'

export const SCRYPT_PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const
const SALT_BYTES = 16
const KEY_BYTES = 32
/** Longer input is refused unhashed (the contract allows far less). */
export const MAX_PASSWORD_LENGTH = 1024

interface Params {
  N: number
  r: number
  p: number
}

function derive(password: string, salt: Buffer, params: Params, keylen: number): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r + 1024 * 1024 }
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))),
  )
}

/** The value to store for a new password. */
export async function hashPassword(password: string): Promise<string> {
  if (password.length === 0 || password.length > MAX_PASSWORD_LENGTH) throw new RangeError(`password must be 1–${MAX_PASSWORD_LENGTH} characters`)
  const salt = randomBytes(SALT_BYTES)
  const key = await derive(password, salt, SCRYPT_PARAMS, KEY_BYTES)
  const { N, r, p } = SCRYPT_PARAMS
  return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$')
}

interface Stored extends Params {
  salt: Buffer
  key: Buffer
}

const B64URL = /^[A-Za-z0-9_-]+$/

function parse(stored: unknown): Stored | null {
  if (typeof stored !== 'string') return null
  const parts = stored.split('$')
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null
  const [N, r, p] = parts.slice(1, 4).map((s) => (/^[1-9]\d{0,7}$/.test(s) ? Number(s) : NaN))
  // Bounds: N a power of two up to 2^20, r ≤ 32, p ≤ 16, and at most 64 MiB (128·N·r) — a function's memory is small.
  if (!(N >= 2 && N <= 2 ** 20 && (N & (N - 1)) === 0 && r >= 1 && r <= 32 && p >= 1 && p <= 16 && 128 * N * r <= 64 * 1024 * 1024)) return null
  if (!B64URL.test(parts[4]) || !B64URL.test(parts[5])) return null
  const salt = Buffer.from(parts[4], 'base64url')
  const key = Buffer.from(parts[5], 'base64url')
  if (salt.length < 8 || key.length < 16 || key.length > 64) return null
  return { N, r, p, salt, key }
}

/** Whether `password` is the one `stored` was made from. */
export async function verifyPassword(password: unknown, stored: unknown): Promise<boolean> {
  if (typeof password !== 'string' || password.length === 0 || password.length > MAX_PASSWORD_LENGTH) return false
  const s = parse(stored)
  if (!s) return false
  const key = await derive(password, s.salt, s, s.key.length)
  return timingSafeEqual(key, s.key)
}

/** A stored hash made with other parameters than today's: store a new one after the next right password. */
export function needsRehash(stored: unknown): boolean {
  const s = parse(stored)
  return !s || s.N !== SCRYPT_PARAMS.N || s.r !== SCRYPT_PARAMS.r || s.p !== SCRYPT_PARAMS.p || s.salt.length !== SALT_BYTES || s.key.length !== KEY_BYTES
}
