// The lot simulator: the seeded lots' lanes (camera, barrier, LED screen,
// speaker) and space sensors, standing in for the lot's own equipment. It
// knows only what a real lot would: its lots and devices (read from the
// emulator's database) and what the `device` function answers. It speaks only
// the signed protocol (device-client.ts → /http/devices), so every decision it
// shows is the function's.
//
// Per lane it keeps the barrier (落杆 down / 抬杆 up), the LED lines and the
// voice of the last answer, and the car waiting at it (refused, or without a
// plate); plus a log of what it sent and got. A car that is let through passes
// at once and the barrier stays up until the next car; a refused car waits
// until an `open` command reaches its lane by heartbeat (the driver paid or
// scanned, or staff opened it by hand). In `npm run dev` (realtimeTriggers)
// every lane with a waiting car sends a heartbeat about once a second; tests
// call heartbeat themselves (no timers).
//
// Faults, as a broken or hostile device would send them: a request signed with
// the wrong secret, a request replayed with its nonce, a body that is not JSON.
//
// Driven by tests through `lotSimulator(emu)` and by the dev console's 车场
// panel through the same operations as JSON routes under /console/api/lot/.
import { randomBytes } from 'node:crypto'
import { sendJson, type EmulatorContext } from '../context'
import { jsonObject, NOT_AN_OBJECT, refuse } from '../console/input'
import { queryDocuments } from '../database'
import { GATE_REASON_LABELS, type GateReason } from '../../src/domain/parking/gate'
import { formatPlate, parsePlate } from '../../src/domain/plate'
import { deviceRequest, type DeviceResponse } from './device-client'

type LaneKind = 'entry' | 'exit'
export type Barrier = 'down' | 'up'

interface LaneDoc {
  id: string
  name: string
  kind: LaneKind
  code: string
  place: string
}
interface LotDoc {
  _id: string
  name: string
  parking: { kind: string; floors: string[]; capacity: number; address: string; lanes: LaneDoc[] }
}
interface DeviceDoc {
  _id: string
  lotId: string
  laneId: string
  kind: string
  secret: string
  active: boolean
}

export interface LaneState {
  barrier: Barrier
  led: string[]
  voice: string
  /** The car at the lane that was not let through (plate null: none read). */
  waiting: { plate: string | null; since: number } | null
  /** The last car let through, and when. */
  passed: { plate: string | null; at: number } | null
}

export interface LogEntry {
  id: number
  at: number
  lotId: string
  laneId: string | null
  deviceId: string
  /** plateSeen, spaceChanged, heartbeat, or a fault. */
  event: string
  /** What happened, in words for the console. */
  text: string
  status: number
  body: unknown
}

export type Fault = 'badSignature' | 'replay' | 'malformed'
export const FAULTS: Record<Fault, string> = { badSignature: '签名错误', replay: '重放请求', malformed: '格式错误的请求' }

/** Input the simulator cannot act on (unknown lot or lane, no device, a bad plate): the console answers it 400. */
export class SimulatorError extends Error {}

interface Sim {
  lanes: Map<string, LaneState>
  log: LogEntry[]
  nextId: number
  /** Operations run one at a time, so a poll and a console click never interleave on a lane. */
  chain: Promise<unknown>
}

const LOG_LIMIT = 300
const POLL_MS = 1_000
const sims = new WeakMap<EmulatorContext, Sim>()

function sim(emu: EmulatorContext): Sim {
  let s = sims.get(emu)
  if (!s) sims.set(emu, (s = { lanes: new Map(), log: [], nextId: 1, chain: Promise.resolve() }))
  return s
}

function serialize<T>(emu: EmulatorContext, fn: () => Promise<T>): Promise<T> {
  const s = sim(emu)
  const run = s.chain.then(fn, fn)
  s.chain = run.catch(() => undefined)
  return run
}

const laneKey = (lotId: string, laneId: string) => `${lotId}/${laneId}`
const plateText = (plate: string | null) => (plate ? formatPlate(plate) : '无牌车')

function laneState(emu: EmulatorContext, lotId: string, laneId: string): LaneState {
  const lanes = sim(emu).lanes
  let s = lanes.get(laneKey(lotId, laneId))
  if (!s) lanes.set(laneKey(lotId, laneId), (s = { barrier: 'down', led: [], voice: '', waiting: null, passed: null }))
  return s
}

function lots(emu: EmulatorContext): LotDoc[] {
  return (queryDocuments(emu, 'lots', {}, { limit: 100 }) as unknown as LotDoc[]).filter((l) => l.parking && Array.isArray(l.parking.lanes))
}

function lotOf(emu: EmulatorContext, lotId: unknown): LotDoc {
  if (typeof lotId !== 'string' || !lotId) throw new SimulatorError('请选择车场（lotId 必须是非空字符串）')
  const lot = lots(emu).find((l) => l._id === lotId)
  if (!lot) throw new SimulatorError(`没有这个车场：${lotId.slice(0, 40)}`)
  return lot
}

function laneOf(lot: LotDoc, laneId: unknown): LaneDoc {
  if (typeof laneId !== 'string' || !laneId) throw new SimulatorError('请选择车道（laneId 必须是非空字符串）')
  const lane = lot.parking.lanes.find((l) => l.id === laneId)
  if (!lane) throw new SimulatorError(`${lot.name}没有这个车道：${laneId.slice(0, 40)}`)
  return lane
}

function cameraOf(emu: EmulatorContext, lot: LotDoc, lane: LaneDoc): DeviceDoc {
  const [cam] = queryDocuments(emu, 'devices', { lotId: lot._id, laneId: lane.id, kind: 'camera', active: true }, { limit: 1 }) as unknown as DeviceDoc[]
  if (!cam) throw new SimulatorError(`${lane.name}没有登记在用的车道相机`)
  return cam
}

function sensorOf(emu: EmulatorContext, lot: LotDoc): DeviceDoc {
  const [sensor] = queryDocuments(emu, 'devices', { lotId: lot._id, kind: 'sensor', active: true }, { limit: 1 }) as unknown as DeviceDoc[]
  if (!sensor) throw new SimulatorError(`${lot.name}没有登记在用的车位传感器`)
  return sensor
}

/** A plate as typed into the simulator (normalised), null for a car without one; anything else is refused here. */
function plateOf(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null
  if (typeof value !== 'string') throw new SimulatorError('plate 必须是车牌号字符串或 null（无牌车）')
  const parsed = parsePlate(value)
  if (!parsed.ok) throw new SimulatorError(`车牌号有误：${parsed.reason}`)
  return parsed.plate
}

function spaceOf(value: unknown): string {
  if (typeof value !== 'string' || !value.trim()) throw new SimulatorError('请填写车位号（space 必须是非空字符串）')
  return value.trim()
}

function record(emu: EmulatorContext, entry: Omit<LogEntry, 'id' | 'at'>): LogEntry {
  const s = sim(emu)
  const full = { id: s.nextId++, at: emu.clock.now(), ...entry }
  s.log.push(full)
  if (s.log.length > LOG_LIMIT) s.log.splice(0, s.log.length - LOG_LIMIT)
  return full
}

const refusalText = (res: DeviceResponse) => `被拒绝（${res.status}）：${res.body?.message ?? String(res.body)}`

export interface GateAnswer {
  open: boolean
  reason: string
  led: string[]
  voice: string
  amountFen: number
}

export interface ArriveResult {
  status: number
  /** The device function's answer (a refusal: `{code, message}`). */
  body: any
  lane: LaneState
}

export interface HeartbeatResult {
  status: number
  body: any
  commands: Array<{ id: string; command: string; reason?: string }>
  /** The waiting car that passed because an `open` arrived. */
  passed: { plate: string | null } | null
  lane: LaneState
}

export interface SpaceResult {
  status: number
  body: any
}

export interface FaultResult {
  fault: Fault
  status: number
  body: any
}

export interface LotState {
  lot: { id: string; name: string; kind: string; floors: string[]; capacity: number; address: string; free: number; occupied: number }
  lanes: Array<LaneDoc & { qr: string } & LaneState>
  /** The simulator's own log for this lot, newest first. */
  log: LogEntry[]
  /** What the device function recorded: every plate read with its decision (gate_events) and every refusal of this lot's devices (device_log), newest first. */
  deviceLog: Array<{ at: number; kind: 'gate' | 'refusal'; laneId: string | null; deviceId: string | null; plate?: string | null; open?: boolean; reason: string; label: string; led?: string[] }>
}

async function arrive(emu: EmulatorContext, input: { lotId: unknown; laneId: unknown; plate: unknown }): Promise<ArriveResult> {
  const lot = lotOf(emu, input.lotId)
  const lane = laneOf(lot, input.laneId)
  const plate = plateOf(input.plate)
  const cam = cameraOf(emu, lot, lane)
  return serialize(emu, async () => {
    const state = laneState(emu, lot._id, lane.id)
    // The barrier falls behind the last car before the next one is read.
    state.barrier = 'down'
    if (state.waiting) record(emu, { lotId: lot._id, laneId: lane.id, deviceId: cam._id, event: 'leave', text: `${plateText(state.waiting.plate)} 驶离车道`, status: 0, body: null })
    state.waiting = null
    const res = await deviceRequest(emu, { deviceId: cam._id, secret: cam.secret, event: 'plateSeen', body: plate ? { plate, confidence: 0.96 } : { plate: null } })
    if (res.status !== 200) {
      state.waiting = { plate, since: emu.clock.now() }
      record(emu, { lotId: lot._id, laneId: lane.id, deviceId: cam._id, event: 'plateSeen', text: `${lane.name} ${plateText(plate)}：${refusalText(res)}`, status: res.status, body: res.body })
      return { status: res.status, body: res.body, lane: { ...state } }
    }
    const answer = res.body as GateAnswer
    state.led = answer.led
    state.voice = answer.voice
    if (answer.open) {
      state.barrier = 'up'
      state.passed = { plate, at: emu.clock.now() }
    } else state.waiting = { plate, since: emu.clock.now() }
    record(emu, {
      lotId: lot._id,
      laneId: lane.id,
      deviceId: cam._id,
      event: 'plateSeen',
      text: `${lane.name} ${plateText(plate)}：${answer.open ? '抬杆通过' : '落杆等候'}（${answer.led.join(' / ')}）`,
      status: res.status,
      body: res.body,
    })
    return { status: res.status, body: res.body, lane: { ...state } }
  })
}

/** One heartbeat of the lane's camera, outside the chain (the chain's callers hold it). */
async function beat(emu: EmulatorContext, lot: LotDoc, lane: LaneDoc, cam: DeviceDoc, over: { nonce?: string; now?: number } = {}): Promise<HeartbeatResult> {
  const state = laneState(emu, lot._id, lane.id)
  const res = await deviceRequest(emu, { deviceId: cam._id, secret: cam.secret, event: 'heartbeat', ...over })
  const commands: HeartbeatResult['commands'] = res.status === 200 && Array.isArray(res.body?.commands) ? res.body.commands : []
  let passed: HeartbeatResult['passed'] = null
  if (commands.some((c) => c.command === 'open')) {
    state.barrier = 'up'
    const plate = state.waiting?.plate ?? null
    state.led = [plateText(plate), '道闸已开启']
    state.voice = '道闸已开启，请通行'
    if (state.waiting) {
      passed = { plate }
      state.passed = { plate, at: emu.clock.now() }
      state.waiting = null
    }
  }
  if (res.status !== 200 || commands.length) {
    record(emu, {
      lotId: lot._id,
      laneId: lane.id,
      deviceId: cam._id,
      event: 'heartbeat',
      text:
        res.status !== 200
          ? `${lane.name} 心跳${refusalText(res)}`
          : `${lane.name} 收到指令：${commands.map((c) => (c.command === 'open' ? '抬杆' : c.command) + (c.reason ? `（${c.reason}）` : '')).join('，')}${passed ? `，${plateText(passed.plate)} 通过` : ''}`,
      status: res.status,
      body: res.body,
    })
  }
  return { status: res.status, body: res.body, commands, passed, lane: { ...state } }
}

async function heartbeat(emu: EmulatorContext, input: { lotId: unknown; laneId: unknown }): Promise<HeartbeatResult> {
  const lot = lotOf(emu, input.lotId)
  const lane = laneOf(lot, input.laneId)
  const cam = cameraOf(emu, lot, lane)
  return serialize(emu, () => beat(emu, lot, lane, cam))
}

async function sendSpace(emu: EmulatorContext, lot: LotDoc, space: string, occupied: boolean, plate: string | null): Promise<SpaceResult> {
  const sensor = sensorOf(emu, lot)
  return serialize(emu, async () => {
    const res = await deviceRequest(emu, { deviceId: sensor._id, secret: sensor.secret, event: 'spaceChanged', body: occupied ? { number: space, occupied, plate } : { number: space, occupied } })
    record(emu, {
      lotId: lot._id,
      laneId: null,
      deviceId: sensor._id,
      event: 'spaceChanged',
      text: res.status === 200 ? `车位 ${space}：${occupied ? `${plateText(plate)} 停入` : '车辆驶离'}，余位 ${res.body.free}` : `车位 ${space}：${refusalText(res)}`,
      status: res.status,
      body: res.body,
    })
    return { status: res.status, body: res.body }
  })
}

async function park(emu: EmulatorContext, input: { lotId: unknown; plate?: unknown; space: unknown }): Promise<SpaceResult> {
  const lot = lotOf(emu, input.lotId)
  const space = spaceOf(input.space)
  return sendSpace(emu, lot, space, true, plateOf(input.plate))
}

async function unpark(emu: EmulatorContext, input: { lotId: unknown; space: unknown }): Promise<SpaceResult> {
  const lot = lotOf(emu, input.lotId)
  return sendSpace(emu, lot, spaceOf(input.space), false, null)
}

async function fault(emu: EmulatorContext, input: { lotId: unknown; laneId: unknown; kind: unknown }): Promise<FaultResult> {
  const lot = lotOf(emu, input.lotId)
  const lane = laneOf(lot, input.laneId)
  const cam = cameraOf(emu, lot, lane)
  const kind = input.kind
  if (typeof kind !== 'string' || !Object.prototype.hasOwnProperty.call(FAULTS, kind)) throw new SimulatorError(`故障类型应为 ${Object.keys(FAULTS).join('、')} 之一`)
  const f = kind as Fault
  return serialize(emu, async () => {
    let res: DeviceResponse
    if (f === 'badSignature') {
      res = await deviceRequest(emu, { deviceId: cam._id, secret: `${cam.secret}-wrong`, event: 'plateSeen', body: { plate: null } })
    } else if (f === 'malformed') {
      res = await deviceRequest(emu, { deviceId: cam._id, secret: cam.secret, event: 'plateSeen', rawBody: '{"event":"plateSeen","data":{"plate":' })
    } else {
      // The same signed heartbeat twice: the first is a heartbeat like any other, the second its replay.
      const nonce = randomBytes(12).toString('hex')
      const now = emu.clock.now()
      await beat(emu, lot, lane, cam, { nonce, now })
      res = await deviceRequest(emu, { deviceId: cam._id, secret: cam.secret, event: 'heartbeat', nonce, now })
    }
    record(emu, { lotId: lot._id, laneId: lane.id, deviceId: cam._id, event: `fault:${f}`, text: `故障注入（${FAULTS[f]}）：${res.status === 200 ? '竟被接受' : refusalText(res)}`, status: res.status, body: res.body })
    return { fault: f, status: res.status, body: res.body }
  })
}

function state(emu: EmulatorContext, input: { lotId: unknown }): LotState {
  const lot = lotOf(emu, input.lotId)
  const spaces = queryDocuments(emu, 'spaces', { lotId: lot._id }, { limit: 1000 }) as Array<{ occupied: boolean }>
  const occupied = spaces.filter((s) => s.occupied).length
  const deviceIds = (queryDocuments(emu, 'devices', { lotId: lot._id }, { limit: 100 }) as unknown as DeviceDoc[]).map((d) => d._id)
  const gate = queryDocuments(emu, 'gate_events', { lotId: lot._id }, { sort: { at: -1 }, limit: 50 }) as any[]
  const refusals = queryDocuments(emu, 'device_log', { deviceId: { $in: deviceIds } }, { sort: { at: -1 }, limit: 50 }) as any[]
  const deviceLog: LotState['deviceLog'] = [
    ...gate.map((g) => ({ at: g.at, kind: 'gate' as const, laneId: g.laneId, deviceId: g.deviceId, plate: g.plate, open: g.decision?.open, reason: g.decision?.reason, label: GATE_REASON_LABELS[g.decision?.reason as GateReason] ?? String(g.decision?.reason), led: g.decision?.led })),
    ...refusals.map((r) => ({ at: r.at, kind: 'refusal' as const, laneId: null, deviceId: r.deviceId, reason: r.reason, label: String(r.message ?? r.reason) })),
  ]
    .sort((a, b) => b.at - a.at)
    .slice(0, 50)
  return {
    lot: { id: lot._id, name: lot.name, kind: lot.parking.kind, floors: lot.parking.floors, capacity: lot.parking.capacity, address: lot.parking.address, free: spaces.length - occupied, occupied },
    lanes: lot.parking.lanes.map((l) => ({ ...l, qr: `lane:${l.code}`, ...laneState(emu, lot._id, l.id) })),
    log: sim(emu)
      .log.filter((e) => e.lotId === lot._id)
      .slice(-50)
      .reverse(),
    deviceLog,
  }
}

/** What tests drive (the console drives the same through /console/api/lot/…). */
export function lotSimulator(emu: EmulatorContext) {
  return {
    /** The lots with parking, and their lanes. */
    lots: () => lots(emu).map((l) => ({ id: l._id, name: l.name, lanes: l.parking.lanes.map((x) => ({ id: x.id, name: x.name, kind: x.kind })) })),
    /** A car (plate, or null for none read) drives up to a lane: its camera reports the plate. */
    arrive: (input: { lotId: string; laneId: string; plate: string | null }) => arrive(emu, input),
    /** The lane's camera asks for commands; an `open` lets the waiting car through. */
    heartbeat: (input: { lotId: string; laneId: string }) => heartbeat(emu, input),
    /** A car stops in a space; its sensor reports it, with the plate when it read one. */
    park: (input: { lotId: string; space: string; plate?: string | null }) => park(emu, input),
    /** A space is freed. */
    unpark: (input: { lotId: string; space: string }) => unpark(emu, input),
    /** A fault a broken or hostile device would send to the lane. */
    fault: (input: { lotId: string; laneId: string; kind: Fault }) => fault(emu, input),
    state: (lotId: string) => state(emu, { lotId }),
    /** Forgets every lane's state and the log (not the database). */
    reset: () => {
      const s = sim(emu)
      s.lanes.clear()
      s.log.length = 0
    },
  }
}

/** In real time (npm run dev): each lane with a waiting car sends a heartbeat about once a second. */
function startPolling(emu: EmulatorContext) {
  let busy = false
  const timer = setInterval(() => {
    if (!emu.sqlite.open) return clearInterval(timer)
    if (busy) return
    const waiting = [...sim(emu).lanes.entries()].filter(([, s]) => s.waiting).map(([key]) => key.split('/') as [string, string])
    if (!waiting.length) return
    busy = true
    Promise.all(waiting.map(([lotId, laneId]) => heartbeat(emu, { lotId, laneId }).catch((e) => console.error('[lot] heartbeat', e?.message ?? e))))
      .catch(() => undefined)
      .finally(() => (busy = false))
  }, POLL_MS)
  timer.unref()
}

export function registerLotSimulator(emu: EmulatorContext) {
  if (emu.config.realtimeTriggers) startPolling(emu)
  const api = lotSimulator(emu)

  /** A POST route taking a JSON object: 400 with the reason for bad input, else 200 {ok: true, result}. */
  const post = (prefix: string, run: (input: Record<string, unknown>) => Promise<unknown>) => ({
    method: 'POST',
    prefix,
    handler: async (_req: unknown, res: import('node:http').ServerResponse, _url: URL, body: Buffer) => {
      const input = jsonObject(body)
      if (!input) return refuse(res, NOT_AN_OBJECT)
      try {
        sendJson(res, 200, { ok: true, result: await run(input) })
      } catch (e) {
        if (e instanceof SimulatorError) return refuse(res, e.message)
        throw e
      }
    },
  })

  emu.routes.push(
    { method: 'GET', prefix: '/console/api/lot/lots', handler: (_req, res) => sendJson(res, 200, { lots: api.lots() }) },
    {
      method: 'GET',
      prefix: '/console/api/lot/state',
      handler: (_req, res, url) => {
        try {
          sendJson(res, 200, state(emu, { lotId: url.searchParams.get('lotId') ?? '' }))
        } catch (e) {
          if (e instanceof SimulatorError) return refuse(res, e.message)
          throw e
        }
      },
    },
    post('/console/api/lot/arrive', (i) => arrive(emu, { lotId: i.lotId, laneId: i.laneId, plate: i.plate })),
    post('/console/api/lot/heartbeat', (i) => heartbeat(emu, { lotId: i.lotId, laneId: i.laneId })),
    post('/console/api/lot/park', (i) => park(emu, { lotId: i.lotId, space: i.space, plate: i.plate })),
    post('/console/api/lot/unpark', (i) => unpark(emu, { lotId: i.lotId, space: i.space })),
    post('/console/api/lot/fault', (i) => fault(emu, { lotId: i.lotId, laneId: i.laneId, kind: i.kind })),
  )
}
