// The lot's devices (cameras, barriers, space sensors) talk to us through this
// one HTTP-triggered function (CloudBase HTTP access service, path /devices in
// http-routes.json). Every request is signed (src/domain/parking/device-signature.ts):
// it is checked against the device's registered secret, its clock (±5 min) and
// its nonce (used once). A refused request answers 401 `{code, message}`, is
// recorded in `device_log` and changes nothing else. How long device_log,
// gate_events and lane_commands are kept: _shared/device-retention.ts.
//
// Secrets: each device's secret lives in its `devices` document, set by the
// parking office when the device is installed (and given to the device's
// configuration there); it never leaves the database through any function.
//
// Events (body `{event, data}`):
// - `heartbeat` (the lane's controller) → the commands waiting for the
//   device's lane, each handed out once; an `open` at an exit for a known stay
//   also ends that stay (gate.ts). See the heartbeat below for who takes them,
//   expiry, and the order of its writes;
// - `plateSeen` (a lane camera) → the gate's decision: open or not, the LED
//   lines, the voice text and the amount due (gate.ts);
// - `spaceChanged` (a space-sensor gateway) → where cars stand (spaces.ts).
// An event's data is checked in full, and everything it names looked up,
// before the nonce is spent or anything written: a malformed event is refused
// 400 like a bad signature, logged, and changes nothing else.
import { createHash, createHmac } from 'node:crypto'
import { isDuplicateKey } from '../_shared/db-errors'
import { now } from '../_shared/clock'
import { deviceNonces as nonces } from '../_shared/device-nonces'
import { deviceLog } from '../_shared/device-retention'
import { devices, laneCommands, type DeviceDoc } from '../_shared/parking-records'
import { EventRefusal, type DeviceEvent } from './event'
import { endStayForOpen, lockedSinceSent, noticeWithin, plateSeen } from './gate'
import { spaceChanged } from './spaces'
import { DEVICE_REFUSAL_MESSAGES, verify, type DeviceCrypto, type DeviceRefusal } from '../../src/domain/parking/device-signature'

const nodeCrypto: DeviceCrypto = {
  hmacSha256Hex: (key, data) => createHmac('sha256', key).update(data, 'utf8').digest('hex'),
  sha256Hex: (data) => createHash('sha256').update(data, 'utf8').digest('hex'),
}

interface HttpEvent {
  path?: string
  httpMethod?: string
  headers?: Record<string, string>
  body?: string
  isBase64Encoded?: boolean
}

interface HttpAnswer {
  statusCode: number
  headers: Record<string, string>
  body: string
}

const json = (statusCode: number, body: unknown): HttpAnswer => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: JSON.stringify(body),
})

type BodyRefusal = 'bad_body' | 'unknown_event'
const BODY_MESSAGES: Record<BodyRefusal, string> = {
  bad_body: '请求内容不是有效的 JSON 对象',
  unknown_event: '不支持的设备事件',
}

async function refuse(status: number, code: DeviceRefusal | BodyRefusal | EventRefusal["code"], message: string, deviceId: string | undefined, path: string): Promise<HttpAnswer> {
  try {
    await deviceLog.add({ deviceId: deviceId ?? null, reason: code, message, at: now(), path })
  } catch (e) {
    // The refusal stands even when its log cannot be written.
    console.error('[device] could not log a refusal', e)
  }
  return json(status, { code, message })
}

/**
 * How long a lane command without its own `expiresAt` waits for a heartbeat.
 * Every command is for a car at the lane now (paid or scanned there, or staff
 * opening for the car the exit just refused — the office looks 10 minutes
 * back too); an `open` handed out later would let whoever stands there through.
 */
export const LANE_COMMAND_TTL_MS = 10 * 60_000

/**
 * Who takes a lane's commands: the device that drives its barrier. The seeded
 * lanes have one camera each, wired to the barrier (as common lane cameras
 * are), so the camera is the lane controller; a separate `barrier` device may
 * stand in its place. A lane has one controller — two would split its
 * commands. A space sensor serves no lane and is refused.
 */
const LANE_CONTROLLERS: ReadonlyArray<DeviceDoc['kind']> = ['camera', 'barrier']

// The heartbeat: the lane's pending commands, oldest first.
// - Expired ones (`expiresAt`, else LANE_COMMAND_TTL_MS) are never handed out:
//   each is marked expired.
// - An `open` at an exit for a stay ends that stay *before* the command is
//   marked delivered: a function that dies between the two leaves the command
//   pending, and the next heartbeat delivers it (the stay ends once). Had it
//   been the other way round, a death in between would leave a delivered open
//   and a car billed forever. If instead the answer is lost on its way, the
//   barrier does not open and the stay has ended: the exit camera's next read
//   of the car opens it as JUST_LEFT (gate.ts).
// - Delivered once: only the heartbeat whose update moves it from pending gets it.
// - An `open` the app sent for a leaving car that has been locked since (锁车)
//   is never handed out either (gate.ts lockedSinceSent).
const heartbeat: DeviceEvent = {
  async prepare(device) {
    if (!LANE_CONTROLLERS.includes(device.kind)) throw new EventRefusal('wrong_device', '只有车道相机或道闸可以领取车道指令')
    return async () => {
      const t = now()
      const pending = await laneCommands.find({ lotId: device.lotId, laneId: device.laneId, status: 'pending' }, { orderBy: ['createdAt', 'asc'], limit: 20 })
      const commands: Array<{ id: string; command: string; reason?: string }> = []
      const notices: Array<Promise<unknown>> = []
      for (const c of pending) {
        if (t >= (c.expiresAt ?? c.createdAt + LANE_COMMAND_TTL_MS)) {
          await laneCommands.update({ _id: c._id, status: 'pending' }, { status: 'expired', expiredAt: t })
          continue
        }
        if (await lockedSinceSent(c)) {
          // The car was locked (锁车) after the app sent this open: it is never handed out.
          await laneCommands.update({ _id: c._id, status: 'pending' }, { status: 'expired', expiredAt: t })
          continue
        }
        const notice = await endStayForOpen(c, t)
        if (notice) notices.push(notice())
        const moved = await laneCommands.update({ _id: c._id, status: 'pending' }, { status: 'delivered', deliveredAt: t, deliveredTo: device._id })
        if (moved !== 1) continue
        commands.push({ id: c._id, command: c.command, ...(c.reason ? { reason: c.reason } : {}) })
      }
      // An unpaid-exit notice waits as a barrier's answer does (gate.ts noticeWithin).
      await noticeWithin(Promise.all(notices))
      return { ok: true, commands }
    }
  },
}

const EVENTS: Record<string, DeviceEvent> = { heartbeat, plateSeen, spaceChanged }

export async function main(event: HttpEvent): Promise<HttpAnswer> {
  const path = event.path ?? '/devices'
  const method = (event.httpMethod ?? 'POST').toUpperCase()
  const headers = event.headers ?? {}
  const body = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '')

  const claimed = headers['x-device-id'] ?? Object.entries(headers).find(([k]) => k.toLowerCase() === 'x-device-id')?.[1]
  const found = claimed ? await devices.findOne({ _id: claimed }) : undefined
  const checked = verify({ headers, method, path, body, now: now(), device: found }, nodeCrypto)
  if (!checked.ok) return refuse(401, checked.reason, DEVICE_REFUSAL_MESSAGES[checked.reason], checked.deviceId, path)
  const { deviceId, nonce } = checked.value
  const device = { ...found!, _id: deviceId }

  // The body is read before the nonce is spent, so a refused body writes only its log.
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch {
    parsed = undefined
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed) || typeof (parsed as { event?: unknown }).event !== 'string') {
    return refuse(400, 'bad_body', BODY_MESSAGES.bad_body, deviceId, path)
  }
  const name = (parsed as { event: string }).event
  if (!Object.prototype.hasOwnProperty.call(EVENTS, name)) return refuse(400, 'unknown_event', `${BODY_MESSAGES.unknown_event}：${name.slice(0, 40)}`, deviceId, path)

  let run: () => Promise<Record<string, unknown>>
  try {
    run = await EVENTS[name].prepare(device, (parsed as { data?: unknown }).data)
  } catch (e) {
    if (e instanceof EventRefusal) return refuse(400, e.code, e.message, deviceId, path)
    throw e
  }

  try {
    await nonces.insert(`${deviceId}:${nonce}`, { deviceId, at: now() })
  } catch (e) {
    if (isDuplicateKey(e)) return refuse(401, 'replay', DEVICE_REFUSAL_MESSAGES.replay, deviceId, path)
    throw e
  }
  return json(200, await run())
}
