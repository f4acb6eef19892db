import { createHash, createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  constantTimeEqual,
  DEVICE_HEADERS,
  DEVICE_REFUSAL_MESSAGES,
  MAX_CLOCK_SKEW_MS,
  sign,
  verify,
  type DeviceCrypto,
  type VerifyInput,
} from '../../src/domain/parking/device-signature'

const crypto: DeviceCrypto = {
  hmacSha256Hex: (key, data) => createHmac('sha256', key).update(data, 'utf8').digest('hex'),
  sha256Hex: (data) => createHash('sha256').update(data, 'utf8').digest('hex'),
}

const NOW = Date.parse('2026-11-23T09:00:00+08:00')
const device = { secret: 's3cret-lane-1', active: true }
const base = { deviceId: 'cam-entry-1', secret: device.secret, method: 'POST', path: '/devices', timestamp: NOW, nonce: 'nonce-0001', body: '{"event":"heartbeat"}' }
const signed = (over: Partial<typeof base> = {}) => sign({ ...base, ...over }, crypto)
const request = (over: Partial<VerifyInput> = {}): VerifyInput => ({ headers: signed(), method: 'POST', path: '/devices', body: base.body, now: NOW, device, ...over })

describe('device request signature', () => {
  it('When a request is signed with the device secret, then it verifies and carries the four headers', () => {
    const headers = signed()
    expect(Object.keys(headers).sort()).toEqual(['x-device-id', 'x-nonce', 'x-signature', 'x-timestamp'])
    expect(headers['x-signature']).toMatch(/^[0-9a-f]{64}$/)
    expect(headers['x-timestamp']).toBe(String(NOW))
    expect(verify(request(), crypto)).toEqual({ ok: true, value: { deviceId: 'cam-entry-1', timestamp: NOW, nonce: 'nonce-0001', signature: headers['x-signature'] } })
  })

  it('When header names arrive in another case, then it still verifies', () => {
    const upper = Object.fromEntries(Object.entries(signed()).map(([k, v]) => [k.toUpperCase(), v]))
    expect(verify(request({ headers: upper }), crypto).ok).toBe(true)
  })

  it.each(Object.values(DEVICE_HEADERS))('When %s is missing, then it is refused as missing_header', (name) => {
    const headers: Record<string, string> = { ...signed() }
    delete headers[name]
    expect(verify(request({ headers }), crypto)).toMatchObject({ ok: false, reason: 'missing_header' })
  })

  it.each([
    ['a timestamp that is not an integer', { 'x-timestamp': '2026-11-23' }],
    ['a short nonce', { 'x-nonce': 'abc' }],
    ['a nonce with spaces', { 'x-nonce': 'nonce 0001 x' }],
    ['a signature that is not 64 hex', { 'x-signature': 'zz' }],
    ['a device id with a slash', { 'x-device-id': 'cam/1' }],
  ])('When the request has %s, then it is refused as malformed', (_name, over) => {
    expect(verify(request({ headers: { ...signed(), ...over } }), crypto)).toMatchObject({ ok: false, reason: 'malformed' })
  })

  it.each([
    ['the body', { body: '{"event":"heartbeat","x":1}' }],
    ['the path', { path: '/devices/other' }],
    ['the method', { method: 'PUT' }],
  ])('When %s is changed after signing, then it is refused as bad_signature', (_name, over) => {
    expect(verify(request(over), crypto)).toMatchObject({ ok: false, reason: 'bad_signature', deviceId: 'cam-entry-1' })
  })

  it('When it is signed with another secret, or its nonce or timestamp header is changed, then it is refused as bad_signature', () => {
    expect(verify(request({ headers: signed({ secret: 'guess' }) }), crypto)).toMatchObject({ reason: 'bad_signature' })
    expect(verify(request({ headers: { ...signed(), 'x-nonce': 'nonce-0002' } }), crypto)).toMatchObject({ reason: 'bad_signature' })
    expect(verify(request({ headers: { ...signed(), 'x-timestamp': String(NOW + 1) } }), crypto)).toMatchObject({ reason: 'bad_signature' })
  })

  it('When the device is not registered or is inactive, then it is refused as such', () => {
    expect(verify(request({ device: undefined }), crypto)).toMatchObject({ ok: false, reason: 'unknown_device', deviceId: 'cam-entry-1' })
    expect(verify(request({ device: { ...device, active: false } }), crypto)).toMatchObject({ ok: false, reason: 'inactive_device' })
  })

  it.each([
    [MAX_CLOCK_SKEW_MS, true],
    [-MAX_CLOCK_SKEW_MS, true],
    [MAX_CLOCK_SKEW_MS - 1, true],
    [MAX_CLOCK_SKEW_MS + 1, false],
    [-MAX_CLOCK_SKEW_MS - 1, false],
    [6 * 60_000, false],
  ])('When the device clock is %i ms from ours, then accepted = %s', (skew, accepted) => {
    const result = verify(request({ headers: signed({ timestamp: NOW + skew }) }), crypto)
    if (accepted) expect(result.ok).toBe(true)
    else expect(result).toMatchObject({ ok: false, reason: 'clock_skew' })
  })

  it('When a forged request also has a skewed clock, then it is refused as bad_signature (the clock is told only to the device itself)', () => {
    expect(verify(request({ headers: signed({ secret: 'guess', timestamp: NOW + 10 * 60_000 }) }), crypto)).toMatchObject({ reason: 'bad_signature' })
  })

  it('Every refusal has a Chinese message', () => {
    for (const message of Object.values(DEVICE_REFUSAL_MESSAGES)) expect(message).toMatch(/[\u4e00-\u9fff]/)
  })
})

describe('constant-time compare', () => {
  it('When strings are equal, differ, or differ in length, then it says so', () => {
    expect(constantTimeEqual('abcdef', 'abcdef')).toBe(true)
    expect(constantTimeEqual('', '')).toBe(true)
    expect(constantTimeEqual('abcdef', 'abcdeg')).toBe(false)
    expect(constantTimeEqual('abcdef', 'xbcdef')).toBe(false)
    expect(constantTimeEqual('abcdef', 'abcde')).toBe(false)
    expect(constantTimeEqual('abc', 'abc\0')).toBe(false)
  })

  it('When the first character already differs, then it still reads every character of both', () => {
    const counted = (s: string) => {
      const reads: number[] = []
      return { reads, value: { length: s.length, charCodeAt: (i: number) => (reads.push(i), s.charCodeAt(i)) } as unknown as string }
    }
    const a = counted('x'.padEnd(64, '0'))
    const b = counted('y'.padEnd(64, '0'))
    expect(constantTimeEqual(a.value, b.value)).toBe(false)
    expect(a.reads).toEqual([...Array(64).keys()])
    expect(b.reads).toEqual([...Array(64).keys()])
  })
})
