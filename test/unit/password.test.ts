// Host account passwords (cloudfunctions/_shared/password.ts): a salted scrypt
// hash with its parameters, verified in constant time; anything altered or
// malformed verifies as false. Few hashes: each costs ~60 ms by design.
import { scrypt, scryptSync } from 'node:crypto'
import { describe, expect, it, vi } from 'vitest'
import { hashPassword, needsRehash, SCRYPT_PARAMS, verifyPassword } from '../../cloudfunctions/_shared/password'

// scrypt itself, counted: a refused input must cost no hash.
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>()
  return { ...actual, scrypt: vi.fn(actual.scrypt) }
})
const hashes = () => vi.mocked(scrypt).mock.calls.length

describe('host account passwords', () => {
  it('When a password is hashed, then the stored value names scrypt, its cost, salt and key, and only that password verifies', async () => {
    const stored = await hashPassword('Campus#2026')
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/)
    expect(stored).not.toContain('Campus#2026')
    const before = hashes()
    expect(await verifyPassword('Campus#2026', stored)).toBe(true)
    expect(await verifyPassword('campus#2026', stored)).toBe(false)
    expect(hashes() - before).toBe(2)
    expect(await verifyPassword('Campus#2026 ', stored)).toBe(false)
    expect(needsRehash(stored)).toBe(false)
  })

  it('When the same password is hashed twice, then the salts differ and so do the stored values', async () => {
    const [a, b] = await Promise.all([hashPassword('same-password'), hashPassword('same-password')])
    expect(a).not.toBe(b)
    expect(a.split('$')[4]).not.toBe(b.split('$')[4])
  })

  it('When an input method sends the decomposed form of a character, then it is the same password', async () => {
    const stored = await hashPassword('caf\u00e9-密码')
    expect(await verifyPassword('cafe\u0301-密码', stored)).toBe(true)
  })

  it('When one character of the stored key is changed, then the right password no longer verifies', async () => {
    const stored = await hashPassword('Campus#2026')
    const key = stored.split('$')[5]
    const altered = stored.slice(0, -key.length) + (key[0] === 'A' ? 'B' : 'A') + key.slice(1)
    expect(await verifyPassword('Campus#2026', altered)).toBe(false)
  })

  it('When a hash was stored with a lower cost, then it still verifies and is marked for a new hash', async () => {
    const salt = Buffer.alloc(16, 7)
    const key = scryptSync('old-password', salt, 32, { N: 2 ** 12, r: 8, p: 1 })
    const stored = `scrypt$4096$8$1$${salt.toString('base64url')}$${key.toString('base64url')}`
    expect(await verifyPassword('old-password', stored)).toBe(true)
    expect(needsRehash(stored)).toBe(true)
  })

  it.each([
    ['nothing', undefined],
    ['an empty string', ''],
    ['a plain password', 'Campus#2026'],
    ['another scheme', `bcrypt$16384$8$1$${'A'.repeat(22)}$${'A'.repeat(43)}`],
    ['N not a power of two', `scrypt$16383$8$1$${'A'.repeat(22)}$${'A'.repeat(43)}`],
    ['an unbounded N', `scrypt$1073741824$8$1$${'A'.repeat(22)}$${'A'.repeat(43)}`],
    ['a cost needing 1 GiB', `scrypt$1048576$8$1$${'A'.repeat(22)}$${'A'.repeat(43)}`],
    ['a huge r', `scrypt$16384$4096$1$${'A'.repeat(22)}$${'A'.repeat(43)}`],
    ['a zero p', `scrypt$16384$8$0$${'A'.repeat(22)}$${'A'.repeat(43)}`],
    ['a missing salt', `scrypt$16384$8$1$$${'A'.repeat(43)}`],
    ['a short key', `scrypt$16384$8$1$${'A'.repeat(22)}$AAAA`],
    ['a number', 42],
  ])('When the stored value is %s, then no password verifies and it is marked for a new hash', async (_name, stored) => {
    const before = hashes()
    expect(await verifyPassword('Campus#2026', stored)).toBe(false)
    expect(hashes()).toBe(before) // refused before any hashing
    expect(needsRehash(stored)).toBe(true)
  })

  it('When the typed password is empty, too long or not text, then it is refused unhashed, and an empty one cannot be stored', async () => {
    const stored = `scrypt$16384$8$1$${'A'.repeat(22)}$${'A'.repeat(43)}`
    const before = hashes()
    for (const typed of ['', 'x'.repeat(1025), null, 123]) expect(await verifyPassword(typed, stored)).toBe(false)
    expect(hashes()).toBe(before)
    await expect(hashPassword('')).rejects.toThrow(RangeError)
  })

  it('When the cost is read, then it is scrypt N = 2^15, r = 8, p = 1 (about 135 ms a hash here)', () => {
    expect(SCRYPT_PARAMS).toEqual({ N: 32768, r: 8, p: 1 })
  })

  it('When a password is hashed at today’s cost (past node’s default scrypt memory limit), then it verifies and needs no new hash', async () => {
    const stored = await hashPassword('Campus#2026')
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$/)
    expect(await verifyPassword('Campus#2026', stored)).toBe(true)
    expect(needsRehash(stored)).toBe(false)
  })

  it('When a hash was stored at the former cost 2^14, then it still verifies and is marked for a new hash', async () => {
    const salt = Buffer.alloc(16, 9)
    const key = scryptSync('former-pass1', salt, 32, { N: 2 ** 14, r: 8, p: 1 })
    const stored = `scrypt$16384$8$1$${salt.toString('base64url')}$${key.toString('base64url')}`
    expect(await verifyPassword('former-pass1', stored)).toBe(true)
    expect(needsRehash(stored)).toBe(true)
  })
})
