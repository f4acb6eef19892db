// The lot devices' signed channel (issue 10): how a camera, barrier or space
// sensor signs a request to the `device` HTTP function, and how the function
// checks it. Pure: the hashing is injected (`DeviceCrypto`), so this module
// lives with the other parking rules in src/domain and is shared by the
// function (cloudfunctions/device) and the emulator's signing client
// (emulator/lot/device-client.ts), both of which pass node:crypto. It is here
// rather than in cloudfunctions/_shared because the emulator shares it and it
// is a parking rule like gate.ts; no page needs it, and none would be harmed
// by importing it, since it imports no node module.
//
// Protocol (one request):
//   x-device-id   the device's id (`devices._id`)
//   x-timestamp   the signing time, epoch MILLISECONDS as a decimal integer
//   x-nonce       8–64 characters of [A-Za-z0-9_-], never reused by a device
//   x-signature   hex HMAC-SHA256, keyed by the device's secret, over
//                 canonical = [deviceId, METHOD, path, timestamp, nonce, sha256hex(body)].join('\n')
// The path is the one the gateway gives the function (`/devices`, without the
// environment's `/http` prefix on the emulator). A request is accepted within
// ±5 minutes of the server's clock; replays within that window are refused by
// the function (a nonce used twice), older ones by the clock check.

export const DEVICE_HEADERS = {
  deviceId: 'x-device-id',
  timestamp: 'x-timestamp',
  nonce: 'x-nonce',
  signature: 'x-signature',
} as const

/** How far a device's clock may be from ours, either way. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000

export interface DeviceCrypto {
  /** Hex HMAC-SHA256 of `data` (UTF-8) keyed by `key` (UTF-8). */
  hmacSha256Hex(key: string, data: string): string
  /** Hex SHA-256 of `data` (UTF-8). */
  sha256Hex(data: string): string
}

export type DeviceRefusal =
  | 'missing_header'
  | 'malformed'
  | 'unknown_device'
  | 'inactive_device'
  | 'bad_signature'
  | 'clock_skew'
  | 'replay'

/** What the device (and the 车场 panel's device log) is told; Chinese for the lot's staff. */
export const DEVICE_REFUSAL_MESSAGES: Record<DeviceRefusal, string> = {
  missing_header: '请求缺少签名信息',
  malformed: '签名信息格式不正确',
  unknown_device: '设备未登记',
  inactive_device: '设备已停用',
  bad_signature: '签名校验失败',
  clock_skew: '设备时间与服务器相差超过 5 分钟，请校准设备时钟',
  replay: '重复的请求已拒绝',
}

export interface SignInput {
  deviceId: string
  secret: string
  method: string
  path: string
  /** Epoch ms. */
  timestamp: number
  nonce: string
  body: string
}

export function canonicalString(i: Omit<SignInput, 'secret'>, crypto: DeviceCrypto): string {
  return [i.deviceId, i.method.toUpperCase(), i.path, String(i.timestamp), i.nonce, crypto.sha256Hex(i.body)].join('\n')
}

/** The headers a device sends with `body`. */
export function sign(i: SignInput, crypto: DeviceCrypto): Record<string, string> {
  return {
    [DEVICE_HEADERS.deviceId]: i.deviceId,
    [DEVICE_HEADERS.timestamp]: String(i.timestamp),
    [DEVICE_HEADERS.nonce]: i.nonce,
    [DEVICE_HEADERS.signature]: crypto.hmacSha256Hex(i.secret, canonicalString(i, crypto)),
  }
}

export interface SignedHeaders {
  deviceId: string
  timestamp: number
  nonce: string
  signature: string
}

const DEVICE_ID = /^[A-Za-z0-9_.:-]{1,64}$/
const NONCE = /^[A-Za-z0-9_-]{8,64}$/
const TIMESTAMP = /^\d{1,16}$/
const SIGNATURE = /^[0-9a-f]{64}$/

/** Header lookup ignoring case (gateways differ in how they pass header names). */
function header(headers: Record<string, string | undefined>, name: string): string | undefined {
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name) return v
  return undefined
}

/** The four signing headers, or why they cannot be used (before any device is looked up). */
export function readSignedHeaders(
  headers: Record<string, string | undefined>,
): { ok: true; value: SignedHeaders } | { ok: false; reason: 'missing_header' | 'malformed'; deviceId?: string } {
  const deviceId = header(headers, DEVICE_HEADERS.deviceId)
  const timestamp = header(headers, DEVICE_HEADERS.timestamp)
  const nonce = header(headers, DEVICE_HEADERS.nonce)
  const signature = header(headers, DEVICE_HEADERS.signature)
  const known = deviceId && DEVICE_ID.test(deviceId) ? deviceId : undefined
  if (!deviceId || !timestamp || !nonce || !signature) return { ok: false, reason: 'missing_header', deviceId: known }
  if (!known || !TIMESTAMP.test(timestamp) || !NONCE.test(nonce) || !SIGNATURE.test(signature.toLowerCase())) {
    return { ok: false, reason: 'malformed', deviceId: known }
  }
  return { ok: true, value: { deviceId, timestamp: Number(timestamp), nonce, signature: signature.toLowerCase() } }
}

/** Equal strings, compared in time that depends only on their lengths (never on where they differ). */
export function constantTimeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length
  const n = Math.max(a.length, b.length)
  for (let i = 0; i < n; i++) diff |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0)
  return diff === 0
}

export interface VerifyInput {
  headers: Record<string, string | undefined>
  method: string
  path: string
  body: string
  /** The server's clock, epoch ms. */
  now: number
  /** The device named by x-device-id, as registered; undefined when there is none. */
  device: { secret: string; active: boolean } | undefined
}

export type VerifyResult = { ok: true; value: SignedHeaders } | { ok: false; reason: DeviceRefusal; deviceId?: string }

/**
 * Whether the request is the device's own, fresh enough. The signature is
 * checked before the clock, so only an authentic request learns that its clock
 * is off. Replays (a nonce seen before) are the caller's to refuse.
 */
export function verify(i: VerifyInput, crypto: DeviceCrypto): VerifyResult {
  const read = readSignedHeaders(i.headers)
  if (!read.ok) return read
  const h = read.value
  if (!i.device) return { ok: false, reason: 'unknown_device', deviceId: h.deviceId }
  if (!i.device.active) return { ok: false, reason: 'inactive_device', deviceId: h.deviceId }
  const expected = sign({ ...h, secret: i.device.secret, method: i.method, path: i.path, body: i.body }, crypto)[DEVICE_HEADERS.signature]
  if (!constantTimeEqual(expected, h.signature)) return { ok: false, reason: 'bad_signature', deviceId: h.deviceId }
  if (Math.abs(i.now - h.timestamp) > MAX_CLOCK_SKEW_MS) return { ok: false, reason: 'clock_skew', deviceId: h.deviceId }
  return read
}
