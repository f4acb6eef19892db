// A lot device's side of the signed channel: signs a request exactly as a
// camera, barrier or sensor does (src/domain/parking/device-signature.ts) and
// POSTs it to the `device` function through the HTTP access service
// (`${emu.baseUrl}/http/devices`). Used by tests and by the lot simulator.
// Timestamps come from the emulator clock, which the function's clock follows.
import { createHash, createHmac, randomBytes } from 'node:crypto'
import type { EmulatorContext } from '../context'
import { sign, type DeviceCrypto } from '../../src/domain/parking/device-signature'

export const DEVICES_PATH = '/devices'

export const nodeDeviceCrypto: DeviceCrypto = {
  hmacSha256Hex: (key, data) => createHmac('sha256', key).update(data, 'utf8').digest('hex'),
  sha256Hex: (data) => createHash('sha256').update(data, 'utf8').digest('hex'),
}

export interface DeviceRequest {
  deviceId: string
  secret: string
  event: string
  /** The event's data, sent as `{event, data}`. */
  body?: unknown
  /** Signing time, epoch ms; the emulator clock by default. */
  now?: number
  /** A fresh random nonce by default. */
  nonce?: string
  /** Sent instead of the JSON body (e.g. to send a malformed one); it is what gets signed. */
  rawBody?: string
  /** Applied to the signed headers before sending (drop or change one). */
  headers?: (signed: Record<string, string>) => Record<string, string>
}

export interface DeviceResponse {
  status: number
  body: any
}

export async function deviceRequest(emu: EmulatorContext, r: DeviceRequest): Promise<DeviceResponse> {
  const body = r.rawBody ?? JSON.stringify({ event: r.event, data: r.body ?? {} })
  const signed = sign(
    {
      deviceId: r.deviceId,
      secret: r.secret,
      method: 'POST',
      path: DEVICES_PATH,
      timestamp: r.now ?? emu.clock.now(),
      nonce: r.nonce ?? randomBytes(12).toString('hex'),
      body,
    },
    nodeDeviceCrypto,
  )
  const headers = r.headers ? r.headers(signed) : signed
  const res = await fetch(`${emu.baseUrl}/http${DEVICES_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  })
  const text = await res.text()
  let parsed: unknown = text
  try {
    parsed = JSON.parse(text)
  } catch {
    // not JSON: kept as text
  }
  return { status: res.status, body: parsed }
}
