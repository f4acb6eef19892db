// The lot devices' signed channel: the `device` function through the HTTP
// access service (/http/devices), signed by the emulator's device client, on
// the emulator clock.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server'
import { browse, seedDocuments } from '../../emulator/database'
import { deviceRequest, type DeviceRequest } from '../../emulator/lot/device-client'
import { startTestEmulator } from '../support/emulator'

let emu: Emulator
let n = 0
const NOW = Date.parse('2026-11-23T09:00:00+08:00')

/** A registered device of its own lane (so tests share no commands). */
function newDevice(over: Record<string, unknown> = {}) {
  const id = `cam-${++n}`
  const doc = { _id: id, lotId: 'lot-bjmu', laneId: `lane-${n}`, kind: 'camera', secret: `secret-${n}-${'x'.repeat(24)}`, active: true, ...over }
  seedDocuments(emu, { devices: [doc] })
  return doc as typeof doc & { laneId: string }
}

const all = (name: string) => browse(emu, name, { limit: 1000 }) as any[]
/** Every collection the function may write, but the refusal log. */
const state = () => JSON.stringify(['devices', 'device_nonces', 'lane_commands'].map(all))
const heartbeat = (d: { _id: string; secret: string }, over: Partial<DeviceRequest> = {}) =>
  deviceRequest(emu, { deviceId: d._id, secret: d.secret, event: 'heartbeat', ...over })

/** The request is refused with `status` and a Chinese message, logged once, and nothing else changes. */
async function expectRefused(send: () => Promise<{ status: number; body: any }>, status: number, code: string, deviceId: string | null) {
  const before = state()
  const logged = all('device_log').length
  const res = await send()
  expect(res.status).toBe(status)
  expect(res.body.code).toBe(code)
  expect(res.body.message).toMatch(/[\u4e00-\u9fff]/)
  expect(state()).toBe(before)
  const log = all('device_log')
  expect(log.length).toBe(logged + 1)
  expect(log.find((e) => e.reason === code && e.deviceId === deviceId)).toMatchObject({ at: expect.any(Number), path: '/devices' })
}

beforeAll(async () => {
  emu = await startTestEmulator()
})
beforeEach(() => {
  emu.clock.set(NOW)
})
afterAll(async () => {
  await emu?.close()
})

describe('device heartbeat', () => {
  it('When a signed heartbeat arrives, then it gets 200 and its lane’s pending command exactly once', async () => {
    const d = newDevice()
    seedDocuments(emu, {
      lane_commands: [
        { _id: `cmd-${n}`, lotId: d.lotId, laneId: d.laneId, command: 'open', reason: '扫码缴费', status: 'pending', createdAt: NOW - 1000 },
        { _id: `cmd-${n}-other`, lotId: d.lotId, laneId: 'another-lane', command: 'open', status: 'pending', createdAt: NOW - 1000 },
      ],
    })
    const first = await heartbeat(d)
    expect(first).toEqual({ status: 200, body: { ok: true, commands: [{ id: `cmd-${n}`, command: 'open', reason: '扫码缴费' }] } })
    const second = await heartbeat(d)
    expect(second).toEqual({ status: 200, body: { ok: true, commands: [] } })
    const commands = all('lane_commands')
    expect(commands.find((c) => c._id === `cmd-${n}`)).toMatchObject({ status: 'delivered', deliveredTo: d._id, deliveredAt: expect.any(Number) })
    expect(commands.find((c) => c._id === `cmd-${n}-other`)).toMatchObject({ status: 'pending' })
    expect(all('device_nonces').filter((x) => x.deviceId === d._id)).toHaveLength(2)
  })

  it('When the device clock is 4 minutes behind, then it is still accepted', async () => {
    const d = newDevice()
    expect((await heartbeat(d, { now: NOW - 4 * 60_000 })).status).toBe(200)
  })
})

describe('refused device requests', () => {
  it('When the signature is forged with another secret, then 401 bad_signature', async () => {
    const d = newDevice()
    await expectRefused(() => heartbeat(d, { secret: 'not-the-secret' }), 401, 'bad_signature', d._id)
  })

  it('When a request is replayed with the same nonce, then the second is 401 replay', async () => {
    const d = newDevice()
    seedDocuments(emu, { lane_commands: [{ _id: `cmd-${n}`, lotId: d.lotId, laneId: d.laneId, command: 'open', status: 'pending', createdAt: NOW }] })
    // The very same signed request, sent twice; a command added in between must not be handed to the replay.
    const first = await heartbeat(d, { nonce: 'replayed-nonce-1' })
    expect(first.status).toBe(200)
    seedDocuments(emu, { lane_commands: [{ _id: `cmd-${n}-later`, lotId: d.lotId, laneId: d.laneId, command: 'open', status: 'pending', createdAt: NOW }] })
    await expectRefused(() => heartbeat(d, { nonce: 'replayed-nonce-1', now: NOW }), 401, 'replay', d._id)
    expect(all('lane_commands').find((c) => c._id === `cmd-${n}-later`).status).toBe('pending')
  })

  it('When the timestamp is 6 minutes off either way, then 401 clock_skew', async () => {
    const d = newDevice()
    await expectRefused(() => heartbeat(d, { now: NOW - 6 * 60_000 }), 401, 'clock_skew', d._id)
    await expectRefused(() => heartbeat(d, { now: NOW + 6 * 60_000 }), 401, 'clock_skew', d._id)
  })

  it('When the device is not registered, then 401 unknown_device', async () => {
    await expectRefused(() => deviceRequest(emu, { deviceId: 'cam-nobody', secret: 'whatever', event: 'heartbeat' }), 401, 'unknown_device', 'cam-nobody')
  })

  it('When the device is inactive, then 401 inactive_device', async () => {
    const d = newDevice({ active: false })
    await expectRefused(() => heartbeat(d), 401, 'inactive_device', d._id)
  })

  it.each(['x-device-id', 'x-timestamp', 'x-nonce', 'x-signature'])('When %s is missing, then 401 missing_header', async (name) => {
    const d = newDevice()
    const drop = (h: Record<string, string>) => Object.fromEntries(Object.entries(h).filter(([k]) => k !== name))
    await expectRefused(() => heartbeat(d, { headers: drop }), 401, 'missing_header', name === 'x-device-id' ? null : d._id)
  })

  it('When the body is not JSON (signed as sent), then 400 bad_body and the nonce stays unused', async () => {
    const d = newDevice()
    await expectRefused(() => heartbeat(d, { rawBody: '{"event":"heartbeat"', nonce: 'nonce-bad-body' }), 400, 'bad_body', d._id)
    // The same nonce with a good body then goes through: nothing was spent.
    expect((await heartbeat(d, { nonce: 'nonce-bad-body' })).status).toBe(200)
  })

  it('When the event is unknown, then 400 unknown_event', async () => {
    const d = newDevice()
    await expectRefused(() => deviceRequest(emu, { deviceId: d._id, secret: d.secret, event: 'teleport' }), 400, 'unknown_event', d._id)
  })
})
