// The lot simulator (emulator/lot/simulator.ts) on the demo seed, driving the
// real `device` function through the signed protocol: its TS API and the same
// operations as the dev console's JSON routes, with bad console input refused
// 400 in Chinese and nothing written. Here rather than in test/emulator
// because it needs the built functions (this project builds them).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server'
import { browse, seedDocuments } from '../../emulator/database'
import { openapi } from '../../emulator/openapi'
import { lotSimulator } from '../../emulator/lot/simulator'
import { demoDocuments } from '../../database/seed'
import { LOT_IDS, PKUHSC_PARKING, ZHANG_GARAGE_STAY } from '../../database/seed-parking'
import { launchChromium } from '../support/chromium'
import { startTestEmulator } from '../support/emulator'
import { at } from '../support/parking'

let emu: Emulator
let lot: ReturnType<typeof lotSimulator>
const NOW = at('2026-11-23 10:00')
const GARAGE = LOT_IDS.garage
const SURFACE = LOT_IDS.surface

const all = (name: string) => browse(emu, name, { limit: 1000 }) as any[]
const staysOf = (plate: string) => all('stays').filter((s) => s.plate === plate)
const laneIn = (state: ReturnType<typeof lot.state>, id: string) => state.lanes.find((l) => l.id === id)!

const api = (p: string, body?: unknown, raw?: string) =>
  fetch(`${emu.url}/console/api/lot/${p}`, body === undefined && raw === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw ?? JSON.stringify(body) }).then(async (r) => ({
    status: r.status,
    body: await r.json(),
  }))

beforeAll(async () => {
  emu = await startTestEmulator()
  emu.clock.set(NOW)
  seedDocuments(emu, demoDocuments(NOW))
  lot = lotSimulator(emu)
})
beforeEach(() => {
  emu.clock.set(NOW)
})
afterAll(async () => {
  await emu?.close()
})

describe('the lot simulator', () => {
  it('When it lists lots, then both seeded lots appear with their entry and exit lanes', () => {
    expect(lot.lots()).toEqual([
      { id: SURFACE, name: '北京大学医学部', lanes: [expect.objectContaining({ id: 'pkuhsc-in', kind: 'entry' }), expect.objectContaining({ id: 'pkuhsc-out', kind: 'exit' })] },
      { id: GARAGE, name: '北京大学医学部地下停车场', lanes: [expect.objectContaining({ kind: 'entry' }), expect.objectContaining({ kind: 'exit' })] },
    ])
  })

  it('When a car arrives at the surface entry, then the function opens it: the barrier is up with 欢迎光临, the stay is IN, and the lot’s device log shows the read', async () => {
    const res = await lot.arrive({ lotId: SURFACE, laneId: 'pkuhsc-in', plate: '京K·30001' })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ open: true, reason: 'WELCOME' })
    expect(res.lane).toMatchObject({ barrier: 'up', led: ['京K·30001', '欢迎光临'], waiting: null, passed: { plate: '京K30001' } })
    expect(staysOf('京K30001')).toEqual([expect.objectContaining({ lotId: SURFACE, status: 'IN', entryLaneId: 'pkuhsc-in' })])
    const state = lot.state(SURFACE)
    expect(laneIn(state, 'pkuhsc-in')).toMatchObject({ barrier: 'up', name: '东门入口', qr: `lane:${PKUHSC_PARKING.lanes[0].code}` })
    expect(state.deviceLog[0]).toMatchObject({ kind: 'gate', laneId: 'pkuhsc-in', plate: '京K30001', open: true, reason: 'WELCOME', label: '入场放行' })
    expect(state.log[0]).toMatchObject({ event: 'plateSeen', status: 200, text: expect.stringContaining('抬杆通过') })
  })

  it('When 张伟 drives to the garage exit unpaid, then the car waits behind the barrier asking ¥9.00; heartbeats without a command leave it; staff open by hand, the next heartbeat lets it through, the stay ends and 张伟 is told he left unpaid', async () => {
    const exit = 'pkuhsc-garage-out'
    const refused = await lot.arrive({ lotId: GARAGE, laneId: exit, plate: '京A12345' })
    expect(refused.body).toMatchObject({ open: false, reason: 'UNPAID', amountFen: 900 })
    expect(refused.lane).toMatchObject({ barrier: 'down', led: ['京A·12345', '停车2时35分', '请缴费 ¥9.00', '请扫码缴费'], waiting: { plate: '京A12345' } })

    const idle = await lot.heartbeat({ lotId: GARAGE, laneId: exit })
    expect(idle).toMatchObject({ status: 200, commands: [], passed: null, lane: { barrier: 'down', waiting: { plate: '京A12345' } } })

    // 手动抬杆 as the parking office does it in 工作台 (the parking function writes the lane command with the stay).
    seedDocuments(emu, {
      lane_commands: [{ _id: 'cmd-sim-hand', lotId: GARAGE, laneId: exit, command: 'open', reason: '手动抬杆：车主现金缴费', stayId: ZHANG_GARAGE_STAY.id, by: 'o-reviewer-zhao', status: 'pending', createdAt: NOW }],
    })
    const opened = await lot.heartbeat({ lotId: GARAGE, laneId: exit })
    expect(opened.commands).toEqual([{ id: 'cmd-sim-hand', command: 'open', reason: '手动抬杆：车主现金缴费' }])
    expect(opened.passed).toEqual({ plate: '京A12345' })
    expect(opened.lane).toMatchObject({ barrier: 'up', waiting: null })
    expect(staysOf('京A12345').find((s) => s._id === ZHANG_GARAGE_STAY.id)).toMatchObject({ status: 'OUT', exitLaneId: exit })
    expect(openapi(emu).outbox().filter((m) => m.touser === 'o-driver-zhang')).toEqual([
      expect.objectContaining({ templateId: 'tmpl-parking-exit', data: expect.objectContaining({ amount4: { value: '9.00元' }, thing2: { value: '北京大学医学部地下停车场' } }) }),
    ])
  })

  it('When a car without a plate arrives, then it waits with 请扫码入场; when the next car arrives it backs off first', async () => {
    const res = await lot.arrive({ lotId: SURFACE, laneId: 'pkuhsc-in', plate: null })
    expect(res.body).toMatchObject({ open: false, reason: 'NO_PLATE' })
    expect(res.lane).toMatchObject({ barrier: 'down', led: ['未识别车牌', '请扫码入场'], waiting: { plate: null } })
    const next = await lot.arrive({ lotId: SURFACE, laneId: 'pkuhsc-in', plate: '京K30002' })
    expect(next.lane).toMatchObject({ barrier: 'up', waiting: null })
    expect(lot.state(SURFACE).log.map((e) => e.event).slice(0, 3)).toEqual(['plateSeen', 'leave', 'plateSeen'])
  })

  it('When a car parks in a space and leaves it, then the sensor reports both, the stay is placed and cleared, and the free count follows', async () => {
    await lot.arrive({ lotId: SURFACE, laneId: 'pkuhsc-in', plate: '京K30003' })
    const before = lot.state(SURFACE).lot.free
    const parked = await lot.park({ lotId: SURFACE, space: 'A-050', plate: '京K30003' })
    expect(parked).toMatchObject({ status: 200, body: { ok: true, free: before - 1, space: { number: 'A-050', occupied: true, plate: '京K30003' } } })
    expect(staysOf('京K30003')[0].spaceId).toBe(`${SURFACE}:A-050`)
    expect(lot.state(SURFACE).lot).toMatchObject({ free: before - 1, capacity: 120 })
    const left = await lot.unpark({ lotId: SURFACE, space: 'A-050' })
    expect(left.body).toMatchObject({ free: before, space: { occupied: false, plate: null } })
    expect(staysOf('京K30003')[0].spaceId).toBeNull()
  })

  it('When a space the lot does not have is reported, then the function refuses it (400) and the device log shows the refusal', async () => {
    const res = await lot.park({ lotId: SURFACE, space: 'Z-999', plate: null })
    expect(res).toMatchObject({ status: 400, body: { code: 'unknown_space', message: '车位不存在：Z-999' } })
    expect(lot.state(SURFACE).deviceLog).toContainEqual(expect.objectContaining({ kind: 'refusal', deviceId: 'sensors-pkuhsc', reason: 'unknown_space', label: expect.stringMatching(/[\u4e00-\u9fff]/) }))
  })

  it.each([
    ['badSignature', 401, 'bad_signature'],
    ['replay', 401, 'replay'],
    ['malformed', 400, 'bad_body'],
  ] as const)('When the %s fault is sent to a lane, then it is refused (%i %s), logged, and no stay or space changes', async (kind, status, code) => {
    const before = JSON.stringify(['stays', 'spaces', 'gate_events', 'lane_commands'].map(all))
    const refusals = () => lot.state(SURFACE).deviceLog.filter((e) => e.kind === 'refusal' && e.deviceId === 'cam-pkuhsc-out' && e.reason === code).length
    const logged = refusals()
    const res = await lot.fault({ lotId: SURFACE, laneId: 'pkuhsc-out', kind })
    expect(res).toMatchObject({ fault: kind, status, body: { code, message: expect.stringMatching(/[\u4e00-\u9fff]/) } })
    expect(JSON.stringify(['stays', 'spaces', 'gate_events', 'lane_commands'].map(all))).toBe(before)
    expect(refusals()).toBe(logged + 1)
  })
})

describe('the 车场 console routes', () => {
  it('When the console drives a car in and out through the routes, then the same happens as through the API', async () => {
    const lots = await api('lots')
    expect(lots.body.lots.map((l: any) => l.id)).toEqual([SURFACE, GARAGE])
    const arrived = await api('arrive', { lotId: SURFACE, laneId: 'pkuhsc-in', plate: '京K30010' })
    expect(arrived).toMatchObject({ status: 200, body: { ok: true, result: { status: 200, body: { open: true } } } })
    expect((await api('park', { lotId: SURFACE, space: 'A-060', plate: '京K30010' })).body.result.body.space.plate).toBe('京K30010')
    expect((await api('unpark', { lotId: SURFACE, space: 'A-060' })).body.result.body.space.occupied).toBe(false)
    emu.clock.set(NOW + 10 * 60_000)
    const out = await api('arrive', { lotId: SURFACE, laneId: 'pkuhsc-out', plate: '京K30010' })
    expect(out.body.result.body).toMatchObject({ open: true, reason: 'FREE' })
    expect((await api('heartbeat', { lotId: SURFACE, laneId: 'pkuhsc-out' })).body.result).toMatchObject({ status: 200, commands: [] })
    expect((await api('fault', { lotId: SURFACE, laneId: 'pkuhsc-in', kind: 'badSignature' })).body.result).toMatchObject({ status: 401 })
    const state = await fetch(`${emu.url}/console/api/lot/state?lotId=${SURFACE}`).then((r) => r.json())
    expect(state.lot).toMatchObject({ id: SURFACE, name: '北京大学医学部', capacity: 120 })
    // Each barrier stays up behind the car it let through, until the next car arrives.
    expect(state.lanes.map((l: any) => [l.id, l.barrier, l.passed?.plate])).toEqual([
      ['pkuhsc-in', 'up', '京K30010'],
      ['pkuhsc-out', 'up', '京K30010'],
    ])
    expect(staysOf('京K30010')[0]).toMatchObject({ status: 'OUT' })
  })

  it.each([
    ['arrive', 'a null body', null, 'null', /请求格式不正确/],
    ['arrive', 'no lotId', { laneId: 'pkuhsc-in', plate: null }, undefined, /请选择车场/],
    ['arrive', 'an unknown lot', { lotId: 'nowhere', laneId: 'pkuhsc-in', plate: null }, undefined, /没有这个车场：nowhere/],
    ['arrive', 'a lane of another lot', { lotId: SURFACE, laneId: 'pkuhsc-garage-in', plate: null }, undefined, /北京大学医学部没有这个车道/],
    ['arrive', 'a plate that is a number', { lotId: SURFACE, laneId: 'pkuhsc-in', plate: 12345 }, undefined, /plate 必须是车牌号字符串或 null/],
    ['arrive', 'a plate that is not a plate', { lotId: SURFACE, laneId: 'pkuhsc-in', plate: '京A1234' }, undefined, /车牌号有误/],
    ['heartbeat', 'laneId a number', { lotId: SURFACE, laneId: 7 }, undefined, /请选择车道/],
    ['park', 'no space', { lotId: SURFACE, plate: '京K30011' }, undefined, /请填写车位号/],
    ['park', 'space a number', { lotId: SURFACE, space: 50 }, undefined, /请填写车位号/],
    ['unpark', 'an array body', null, '[{"lotId":"pkuhsc"}]', /请求格式不正确/],
    ['fault', 'an unknown fault', { lotId: SURFACE, laneId: 'pkuhsc-in', kind: 'fire' }, undefined, /故障类型应为/],
  ] as const)('When %s gets %s, then 400 with the reason in Chinese and nothing is written', async (route, _name, body, raw, message) => {
    const before = JSON.stringify(['stays', 'spaces', 'gate_events', 'device_log', 'device_nonces'].map(all))
    const logBefore = lot.state(SURFACE).log.length
    const res = await api(route, body ?? undefined, raw)
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({ ok: false, message: expect.stringMatching(message) })
    expect(JSON.stringify(['stays', 'spaces', 'gate_events', 'device_log', 'device_nonces'].map(all))).toBe(before)
    expect(lot.state(SURFACE).log.length).toBe(logBefore)
  })

  it('When the state of an unknown lot is asked for, then 400 in Chinese', async () => {
    const res = await fetch(`${emu.url}/console/api/lot/state?lotId=nowhere`)
    expect(res.status).toBe(400)
    expect((await res.json()).message).toBe('没有这个车场：nowhere')
  })
})

describe('the 车场 panel', () => {
  it('When a plate is typed and 驶入 is clicked on 东门入口 in the console, then the lane card shows 抬杆 and the LED 欢迎光临, and the device log lists the read', async () => {
    const browser = await launchChromium()
    try {
      const page = await browser.newPage()
      const errors: string[] = []
      page.on('pageerror', (e) => errors.push(e.message))
      await page.goto(`${emu.url}/console#lot`)
      const card = page.locator('[data-lane="pkuhsc-in"]')
      await card.waitFor()
      await page.fill('#lot-plate', '京K30020')
      await card.locator('[data-lot-arrive]').click()
      await expect.poll(() => card.locator('.led').innerText(), { timeout: 10_000 }).toContain('欢迎光临')
      expect(await card.locator('.barrier').innerText()).toBe('抬杆')
      await expect.poll(() => page.locator('#lot-device-log').innerText(), { timeout: 10_000 }).toContain('京K30020')
      expect(staysOf('京K30020')).toEqual([expect.objectContaining({ status: 'IN', lotId: SURFACE })])
      expect(errors).toEqual([])
    } finally {
      await browser.close()
    }
  })
})
