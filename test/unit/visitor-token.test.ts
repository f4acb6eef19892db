// The visitor pass's QR token and verification code
// (cloudfunctions/_shared/visitor-token.ts): a token names its pass and
// version only when made with the secret; every forged, altered or malformed
// one is null; codes are six random digits.
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { newVerificationCode, signPassToken, VERIFICATION_CODE_RE, verifyPassToken } from '../../cloudfunctions/_shared/visitor-token'
import { passNotice } from '../../src/domain/visitor/pass'

const SECRET = 'test-visitor-token-secret-0123456789'
const PASS_ID = '8f14e45fceea167a5a36dedd4bea2543'
const B64URL = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_']

// Set before the tables below are built (they sign tokens), and again before each test (some change it).
const saved = process.env.VISITOR_TOKEN_SECRET
process.env.VISITOR_TOKEN_SECRET = SECRET
beforeEach(() => {
  process.env.VISITOR_TOKEN_SECRET = SECRET
})
afterAll(() => {
  if (saved === undefined) delete process.env.VISITOR_TOKEN_SECRET
  else process.env.VISITOR_TOKEN_SECRET = saved
})

describe('the pass token', () => {
  it('When a token is made for a pass and version, then it names exactly them, in URL-safe characters and compactly', () => {
    const token = signPassToken(PASS_ID, 3)
    expect(verifyPassToken(token)).toEqual({ passId: PASS_ID, version: 3 })
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.3\.[A-Za-z0-9_-]{22}$/)
    expect(token.length).toBeLessThanOrEqual(70)
    expect(encodeURIComponent(token)).toBe(token)
  })

  it('When the token is made again, then it is the same (a QR can be redrawn); another version gives another token', () => {
    expect(signPassToken(PASS_ID, 3)).toBe(signPassToken(PASS_ID, 3))
    expect(signPassToken(PASS_ID, 4)).not.toBe(signPassToken(PASS_ID, 3))
  })

  it('When ids with any characters or version 0 are signed, then they round-trip', () => {
    for (const id of ['a', 'pass.with.dots', '访客-001', 'x'.repeat(64)]) expect(verifyPassToken(signPassToken(id, 0))).toEqual({ passId: id, version: 0 })
  })

  it('When a pass is modified, then its old QR still names the old version, and the pass says it no longer works', () => {
    const old = verifyPassToken(signPassToken(PASS_ID, 1))!
    const pass = { status: 'BOOKED' as const, start: 0, end: Number.MAX_SAFE_INTEGER, version: 2 }
    expect(old.version).toBe(1)
    expect(passNotice(pass, old.version, 1000)).toBe('预约已修改，此凭证已失效，请向被访人索取新的凭证')
    expect(passNotice(pass, verifyPassToken(signPassToken(PASS_ID, 2))!.version, 1000)).toBeNull()
  })

  it('When any one character of a token is changed to any other, then it is refused', () => {
    const token = signPassToken(PASS_ID, 7)
    let tried = 0
    for (let i = 0; i < token.length; i++)
      for (const c of [...B64URL, '.', '=', ' ']) {
        if (c === token[i]) continue
        const altered = token.slice(0, i) + c + token.slice(i + 1)
        expect(verifyPassToken(altered), altered).toBeNull()
        tried++
      }
    expect(tried).toBeGreaterThan(3000)
  })

  it('When a genuine MAC is moved to another pass or version, then it is refused', () => {
    const [, , mac] = signPassToken(PASS_ID, 7).split('.')
    const otherId = Buffer.from('another-pass').toString('base64url')
    expect(verifyPassToken(`${otherId}.7.${mac}`)).toBeNull()
    expect(verifyPassToken(`${signPassToken(PASS_ID, 7).split('.')[0]}.8.${mac}`)).toBeNull()
    expect(verifyPassToken(`${signPassToken(PASS_ID, 7).split('.')[0]}.07.${mac}`)).toBeNull()
  })

  it('When a token was made with another secret, then it is refused', () => {
    const token = signPassToken(PASS_ID, 1)
    process.env.VISITOR_TOKEN_SECRET = 'another-secret-of-enough-length'
    expect(verifyPassToken(token)).toBeNull()
  })

  it.each([
    ['a bare database id', PASS_ID],
    ['an empty string', ''],
    ['two parts', 'abc.1'],
    ['four parts', `${signPassToken(PASS_ID, 1)}.x`],
    ['an empty id', `.1.${'A'.repeat(22)}`],
    ['a negative version', `${Buffer.from(PASS_ID).toString('base64url')}.-1.${'A'.repeat(22)}`],
    ['a padded MAC', `${signPassToken(PASS_ID, 1)}==`],
    ['a huge string', 'A'.repeat(10_000)],
    ['a number', 12345],
    ['null', null],
    ['an object', { passId: PASS_ID, version: 1 }],
  ])('When the token is %s, then it is refused', (_name, token) => {
    expect(verifyPassToken(token)).toBeNull()
  })

  it('When the MAC is spelt another way that decodes to the same bytes, then it is refused (one spelling per token)', () => {
    const token = signPassToken(PASS_ID, 1)
    const last = token.at(-1)!
    // 22 base64url characters carry 132 bits for 128: the last character's low 4 bits are unused.
    const sameBytes = B64URL.filter((c) => c !== last && (B64URL.indexOf(c) & ~15) === (B64URL.indexOf(last) & ~15))
    expect(sameBytes).toHaveLength(15)
    for (const c of sameBytes) expect(verifyPassToken(token.slice(0, -1) + c)).toBeNull()
  })

  it('When the secret is not configured, then signing and verifying fail loudly', () => {
    delete process.env.VISITOR_TOKEN_SECRET
    expect(() => signPassToken(PASS_ID, 1)).toThrow('missing function configuration VISITOR_TOKEN_SECRET')
    expect(() => verifyPassToken('x')).toThrow('missing function configuration VISITOR_TOKEN_SECRET')
    process.env.VISITOR_TOKEN_SECRET = 'short'
    expect(() => signPassToken(PASS_ID, 1)).toThrow('VISITOR_TOKEN_SECRET is too short')
  })

  it('When a pass id or version is out of range, then signing refuses it', () => {
    expect(() => signPassToken('', 1)).toThrow(RangeError)
    expect(() => signPassToken('x'.repeat(65), 1)).toThrow(RangeError)
    expect(() => signPassToken(PASS_ID, -1)).toThrow(RangeError)
    expect(() => signPassToken(PASS_ID, 1.5)).toThrow(RangeError)
  })
})

describe('the verification code', () => {
  it('When 20 000 codes are made, then each is six digits, leading zeros kept, spread evenly over the first digit', () => {
    const codes = Array.from({ length: 20_000 }, newVerificationCode)
    expect(codes.every((c) => VERIFICATION_CODE_RE.test(c))).toBe(true)
    const firstDigits = new Map<string, number>()
    for (const c of codes) firstDigits.set(c[0], (firstDigits.get(c[0]) ?? 0) + 1)
    expect(firstDigits.size).toBe(10)
    // Each first digit expects 2000 (σ ≈ 42): ±300 is over 7σ.
    for (const n of firstDigits.values()) expect(Math.abs(n - 2000)).toBeLessThan(300)
    expect(new Set(codes).size).toBeGreaterThan(19_000)
  })
})
