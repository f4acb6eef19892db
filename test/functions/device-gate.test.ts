// The gate through the lot's devices: signed `plateSeen` and `spaceChanged`
// events to the `device` function over the HTTP access service, and the
// heartbeat that hands an exit lane its `open`. Each test uses its own plates
// in a test lot whose fee rule is the seeded surface rule (15 minutes free,
// the first hour ¥5, then ¥2 per 30 minutes by day, ¥1 at night).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server'
import { browse, seedDocuments } from '../../emulator/database'
import { openapi } from '../../emulator/openapi'
import { advanceClock } from '../../emulator/functions/triggers'
import { collections } from '../../database/collections'
import { deviceRequest, type DeviceRequest } from '../../emulator/lot/device-client'
import { SURFACE_RULE } from '../../database/seed-parking'
import { DEFAULT_VEHICLE_SETTINGS } from '../../src/domain/vehicle/usage'
import { firstPeriodFen, parkingFee } from '../../src/domain/parking/fee'
import { JUST_LEFT_MINUTES } from '../../src/domain/parking/gate'
import { startTestEmulator, useSdk } from '../support/emulator'
import { at, seedTestLot, type TestLot } from '../support/parking'
import { newStayDoc } from '../../src/domain/parking/stay'

let emu: Emulator
let db: any
const NOW = at('2026-11-23 10:00')
const MIN = 60_000
/** A time the function read from its clock: the emulator's, give or take the milliseconds the call took. */
const about = (t: number) => expect.toSatisfy((v: number) => typeof v === 'number' && v >= t && v < t + 5_000, `about ${t}`)

const makeLot = (id: string, spaceCount: number) => seedTestLot(emu, id, spaceCount)

let lot: TestLot

const all = (name: string) => browse(emu, name, { limit: 1000 }) as any[]
const staysOf = (plate: string) => all('stays').filter((s) => s.plate === plate)
const eventsOf = (plate: string | null) => all('gate_events').filter((e) => e.plate === plate)
const send = (d: { _id: string; secret: string }, event: string, body: unknown, over: Partial<DeviceRequest> = {}) =>
  deviceRequest(emu, { deviceId: d._id, secret: d.secret, event, body, ...over })
const seen = (d: { _id: string; secret: string }, plate: string | null, extra: Record<string, unknown> = {}) => send(d, 'plateSeen', { plate, ...extra })

/** A stay in the test lot, entered `minutesAgo` before NOW. */
function parked(plate: string, minutesAgo: number, over: Record<string, unknown> = {}) {
  const _id = `stay-${plate}`
  seedDocuments(emu, {
    stays: [
      { _id, ...newStayDoc({ lotId: lot.id, plate, kind: 'small', at: NOW - minutesAgo * MIN, laneId: `${lot.id}-in` }), ...over },
    ],
  })
  return _id
}

/** `openid` is the verified owner of `plate`, with these notice settings. */
function owned(plate: string, openid: string, notify = DEFAULT_VEHICLE_SETTINGS.notify) {
  seedDocuments(emu, {
    vehicles: [{ _id: `rel-${plate}`, openid, plate, createdAt: 0, status: 'VERIFIED', notice: '', proof: null, submittedAt: null, rejectReason: null, changedAt: 0 }],
    plates: [{ _id: plate, ownerOpenid: openid, ownerRelationId: `rel-${plate}`, since: 0, settings: { ...DEFAULT_VEHICLE_SETTINGS, notify } }],
  })
}

const outboxTo = (openid: string) => openapi(emu).outbox().filter((m) => m.touser === openid)

beforeAll(async () => {
  emu = await startTestEmulator()
  db = useSdk(emu).database()
  emu.clock.set(NOW)
  lot = makeLot('gate', 50)
  seedDocuments(emu, {
    permits: [
      { _id: 'permit-gate-1', lotId: 'gate', plate: '京P10001', holderName: '持证人', productId: 'annual', validUntil: '2026-12-31' },
      { _id: 'permit-tiny-1', lotId: 'tiny', plate: '京P10002', holderName: '持证人', productId: 'annual', validUntil: '2026-12-31' },
    ],
  })
})
beforeEach(() => {
  emu.clock.set(NOW)
})
afterAll(async () => {
  await emu?.close()
})

describe('entry', () => {
  it('When a known plate is read at the entry, then the barrier opens with 欢迎光临, a stay is IN from now, the read is logged and the verified owner is told', async () => {
    owned('京A20001', 'o-owner-entry')
    const res = await seen(lot.entry, '京A20001', { confidence: 0.97, photo: 'cloud://local/cam/1.jpg' })
    expect(res).toEqual({ status: 200, body: { ok: true, open: true, reason: 'WELCOME', led: ['京A·20001', '欢迎光临'], voice: '京A20001，欢迎光临', amountFen: 0 } })
    const [stay] = staysOf('京A20001')
    expect(stay).toMatchObject({ lotId: lot.id, status: 'IN', entryAt: about(NOW), entryLaneId: 'gate-in', entryPhoto: 'cloud://local/cam/1.jpg', kind: 'small', fixedFen: null, flags: [] })
    expect(eventsOf('京A20001')).toEqual([expect.objectContaining({ laneId: 'gate-in', deviceId: lot.entry._id, confidence: 0.97, stayId: stay._id, at: about(NOW), decision: expect.objectContaining({ open: true, reason: 'WELCOME' }) })])
    const notices = outboxTo('o-owner-entry')
    expect(notices).toHaveLength(1)
    expect(notices[0]).toMatchObject({ templateId: 'tmpl-parking-entry', status: 'sent', data: { car_number1: { value: '京A20001' }, thing2: { value: lot.name } } })
  })

  it('When the owner switched entry notices off, or has not subscribed, then the barrier still opens and no notice reaches them', async () => {
    owned('京A20002', 'o-owner-quiet', { entry: false, exit: true, coupon: true })
    expect((await seen(lot.entry, '京A20002')).body.open).toBe(true)
    expect(outboxTo('o-owner-quiet')).toHaveLength(0)

    owned('京A20003', 'o-owner-refuses')
    openapi(emu).refuseSubscribe('o-owner-refuses')
    const res = await seen(lot.entry, '京A20003')
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ open: true, reason: 'WELCOME' })
    expect(staysOf('京A20003')).toHaveLength(1)
    expect(outboxTo('o-owner-refuses')).toEqual([expect.objectContaining({ status: 'refused' })])
  })

  it('When WeChat has not yet accepted a notice, then the entry barrier answers without it, and the notice arrives once WeChat answers', async () => {
    owned('京A20008', 'o-owner-slow')
    const release = openapi(emu).holdSends()
    try {
      // Were the answer to wait for the send, it could not arrive while the send is held.
      const res = await seen(lot.entry, '京A20008')
      expect(res.body).toMatchObject({ open: true, reason: 'WELCOME' })
      expect(staysOf('京A20008')).toEqual([expect.objectContaining({ status: 'IN' })])
      expect(outboxTo('o-owner-slow')).toEqual([])
    } finally {
      release()
    }
    await expect.poll(() => outboxTo('o-owner-slow'), { timeout: 10_000 }).toEqual([expect.objectContaining({ templateId: 'tmpl-parking-entry', status: 'sent' })])
  })

  it('When an unverified plate enters, then only its latest payer is told, with the lot name masked; an account that merely added the plate is not', async () => {
    seedDocuments(emu, {
      vehicles: [{ _id: 'rel-holder-20006', openid: 'o-holder', plate: '京A20006', createdAt: 0, status: 'ADDED', notice: '', proof: null, submittedAt: null, rejectReason: null, changedAt: 0 }],
      parking_orders: [
        { _id: 'order-old-20006', stayId: 'gone-1', lotId: lot.id, plateText: '京A·20006', plate: '京A20006', openid: 'o-earlier-payer', amountFen: 500, dueFen: 500, couponCode: null, couponFen: 0, until: NOW - 9 * 86_400_000, basePaidFen: 0, laneId: null, status: 'PAID', createdAt: NOW - 9 * 86_400_000, paidAt: NOW - 9 * 86_400_000, refundedFen: 0, updatedAt: 0 },
        { _id: 'order-new-20006', stayId: 'gone-2', lotId: lot.id, plateText: '京A·20006', plate: '京A20006', openid: 'o-latest-payer', amountFen: 500, dueFen: 500, couponCode: null, couponFen: 0, until: NOW - 86_400_000, basePaidFen: 0, laneId: null, status: 'PAID', createdAt: NOW - 86_400_000, paidAt: NOW - 86_400_000, refundedFen: 0, updatedAt: 0 },
      ],
    })
    expect((await seen(lot.entry, '京A20006')).body.open).toBe(true)
    expect(outboxTo('o-latest-payer')).toEqual([expect.objectContaining({ templateId: 'tmpl-parking-entry', data: expect.objectContaining({ thing2: { value: '测试***' } }) })])
    expect(outboxTo('o-earlier-payer')).toHaveLength(0)
    expect(outboxTo('o-holder')).toHaveLength(0)
  })

  it('When a plate already in the lot is read at the entry again (its exit was missed), then it opens, the old stay ends unbilled with no exit time, flagged EXIT_MISSED, and a new stay flagged DUPLICATE_ENTRY bills from now', async () => {
    const id = parked('京A20004', 30 * 60) // entered 30 hours ago; its exit was never read
    const res = await seen(lot.entry, '京A20004')
    expect(res.body).toMatchObject({ open: true, reason: 'WELCOME' })
    const [old, fresh] = staysOf('京A20004').sort((a, b) => a.entryAt - b.entryAt)
    expect(old).toMatchObject({ _id: id, status: 'OUT', exitAt: null, exitLaneId: null, entryAt: NOW - 30 * 60 * MIN, flags: ['EXIT_MISSED'], updatedAt: about(NOW) })
    expect(fresh).toMatchObject({ status: 'IN', entryAt: about(NOW), entryLaneId: 'gate-in', fixedFen: null, flags: ['DUPLICATE_ENTRY'] })
    expect(eventsOf('京A20004')[0]).toMatchObject({ stayId: fresh._id, decision: { flag: 'DUPLICATE_ENTRY' } })

    // Leaving 40 minutes later costs 40 minutes, not 30 hours.
    emu.clock.set(NOW + 40 * MIN)
    const out = await seen(lot.exit, '京A20004')
    expect(out.body).toMatchObject({ open: false, reason: 'UNPAID', amountFen: parkingFee({ rule: SURFACE_RULE, kind: 'small', entryAt: fresh.entryAt, now: NOW + 40 * MIN }).amountFen })
    expect(out.body.amountFen).toBe(500)
  })

  it('When a car left behind an unpaid no-entry-record stay and enters again, then the new visit is a stay of its own billed by time, and the unpaid fixed stay is ended (no duplicate flag)', async () => {
    const fixed = parked('京A20007', 3 * 24 * 60, { fixedFen: 500, flags: ['NO_ENTRY_RECORD'], entryLaneId: 'gate-out' })
    expect((await seen(lot.entry, '京A20007')).body).toMatchObject({ open: true, reason: 'WELCOME' })
    const visits = staysOf('京A20007')
    expect(visits).toHaveLength(2)
    expect(visits.find((s) => s._id === fixed)).toMatchObject({ status: 'OUT', exitAt: null, fixedFen: 500, flags: ['NO_ENTRY_RECORD', 'EXIT_MISSED'] })
    const visit = visits.find((s) => s._id !== fixed)
    expect(visit).toMatchObject({ status: 'IN', entryAt: about(NOW), fixedFen: null, flags: [] })

    // Three hours later the exit asks the three hours, not the first period of the old fixed stay.
    emu.clock.set(NOW + 180 * MIN)
    const out = await seen(lot.exit, '京A20007')
    const due = parkingFee({ rule: SURFACE_RULE, kind: 'small', entryAt: visit.entryAt, now: NOW + 180 * MIN }).amountFen
    expect(due).toBeGreaterThan(firstPeriodFen(SURFACE_RULE, 'small'))
    expect(out.body).toMatchObject({ open: false, reason: 'UNPAID', amountFen: due })
  })

  it('When no plate is read, then the entry stays shut with 未识别车牌 / 请扫码入场, the read is logged and no stay is made', async () => {
    const before = all('stays').length
    const res = await seen(lot.entry, null)
    expect(res.body).toEqual({ ok: true, open: false, reason: 'NO_PLATE', led: ['未识别车牌', '请扫码入场'], voice: '未识别车牌，请扫码入场', amountFen: 0 })
    expect(all('stays')).toHaveLength(before)
    expect(eventsOf(null).at(-1)).toMatchObject({ laneId: 'gate-in', stayId: null, decision: { reason: 'NO_PLATE', open: false } })
  })

  it('When the lot is full by its sensors, then a car is refused with 车位已满, a permit holder still enters, and once a space frees the car enters', async () => {
    const tiny = makeLot('tiny', 1)
    const occupied = await send(tiny.sensor, 'spaceChanged', { number: 'S-1', occupied: true, plate: null })
    expect(occupied.body).toMatchObject({ ok: true, free: 0 })

    const full = await seen(tiny.entry, '京A20005')
    expect(full.body).toEqual({ ok: true, open: false, reason: 'FULL', led: ['京A·20005', '车位已满'], voice: '车位已满', amountFen: 0 })
    expect(staysOf('京A20005')).toHaveLength(0)

    const permit = await seen(tiny.entry, '京P10002')
    expect(permit.body).toMatchObject({ open: true, reason: 'PERMIT', led: ['京P·10002', '欢迎光临', '车证有效期至', '2026.12.31'] })
    expect(staysOf('京P10002')).toEqual([expect.objectContaining({ lotId: 'tiny', status: 'IN' })])

    await send(tiny.sensor, 'spaceChanged', { number: 'S-1', occupied: false })
    expect((await seen(tiny.entry, '京A20005')).body).toMatchObject({ open: true, reason: 'WELCOME' })
  })
})

describe('exit', () => {
  it('When a car that stayed 2 hours by day is read at the exit, then it stays shut asking ¥9.00 (the bill’s amount) and the stay stays IN', async () => {
    const id = parked('京A20010', 120)
    const res = await seen(lot.exit, '京A20010')
    const expected = parkingFee({ rule: SURFACE_RULE, kind: 'small', entryAt: NOW - 120 * MIN, now: NOW }).amountFen
    expect(expected).toBe(900)
    expect(res.body).toEqual({ ok: true, open: false, reason: 'UNPAID', led: ['京A·20010', '停车2时', '请缴费 ¥9.00', '请扫码缴费'], voice: '请缴费9元，请扫码缴费', amountFen: 900 })
    expect(staysOf('京A20010')).toEqual([expect.objectContaining({ _id: id, status: 'IN', exitAt: null })])
  })

  it('When a car paid 5 minutes ago (within the 15-minute grace), then the exit opens with 已缴费 and the stay is OUT at this lane', async () => {
    const id = parked('京A20011', 120, { paid: { fen: 900, until: NOW - 5 * MIN, at: NOW - 5 * MIN }, paidOrders: ['order-1'] })
    const res = await seen(lot.exit, '京A20011')
    expect(res.body).toMatchObject({ open: true, reason: 'PAID', led: ['京A·20011', '已缴费', '一路顺风'], amountFen: 0 })
    expect(staysOf('京A20011')).toEqual([expect.objectContaining({ _id: id, status: 'OUT', exitAt: about(NOW), exitLaneId: 'gate-out' })])
    expect(eventsOf('京A20011')[0]).toMatchObject({ stayId: id, laneId: 'gate-out' })
  })

  it('When a car paid 40 minutes ago and overstayed the grace, then the exit asks only for the overstay (no second free period or first hour)', async () => {
    const paid = { fen: 900, until: NOW - 40 * MIN, at: NOW - 40 * MIN }
    parked('京A20012', 160, { paid, paidOrders: ['order-2'] })
    const res = await seen(lot.exit, '京A20012')
    const expected = parkingFee({ rule: SURFACE_RULE, kind: 'small', entryAt: NOW - 160 * MIN, now: NOW, paid }).amountFen
    // From 07:20: free to 07:35, the first hour to 08:35, units at 08:35, 09:05, 09:35. Paid up to 09:20: only the 09:35 unit is due.
    expect(expected).toBe(200)
    expect(res.body).toMatchObject({ open: false, reason: 'UNPAID', amountFen: expected })
    expect(staysOf('京A20012')[0].status).toBe('IN')
  })

  it('When a car leaves within the free 15 minutes, then the exit opens as FREE and the stay is OUT', async () => {
    parked('京A20013', 10)
    const res = await seen(lot.exit, '京A20013')
    expect(res.body).toMatchObject({ open: true, reason: 'FREE', led: ['京A·20013', '停车10分', '一路顺风'], amountFen: 0 })
    expect(staysOf('京A20013')[0]).toMatchObject({ status: 'OUT', exitLaneId: 'gate-out' })
  })

  it('When a permit holder leaves after 5 hours, then the exit opens as PERMIT', async () => {
    parked('京P10001', 300)
    const res = await seen(lot.exit, '京P10001')
    expect(res.body).toMatchObject({ open: true, reason: 'PERMIT', amountFen: 0 })
    expect(staysOf('京P10001')[0].status).toBe('OUT')
  })

  it('When a car with no entry record is read at the exit, then it is asked the first period, a fixed-amount stay is opened for it to pay, a second read asks the same without a second stay, and once paid it opens', async () => {
    const first = await seen(lot.exit, '京A20014')
    const amount = firstPeriodFen(SURFACE_RULE, 'small')
    expect(first.body).toEqual({ ok: true, open: false, reason: 'NO_ENTRY_RECORD', led: ['京A·20014', '无入场记录', '请缴费 ¥5.00', '请扫码缴费'], voice: '无入场记录，请缴费5元，请扫码缴费', amountFen: amount })
    const [stay] = staysOf('京A20014')
    expect(stay).toMatchObject({ status: 'IN', entryAt: about(NOW), entryLaneId: 'gate-out', fixedFen: amount, flags: ['NO_ENTRY_RECORD'], paid: null })

    emu.clock.set(NOW + 3 * MIN)
    const again = await seen(lot.exit, '京A20014')
    expect(again.body).toMatchObject({ open: false, reason: 'NO_ENTRY_RECORD', amountFen: amount })
    expect(staysOf('京A20014')).toHaveLength(1)

    // What the parking function's payment hook records when the driver pays the fixed amount (扫码出场).
    await db.collection('stays').doc(stay._id).update({ data: { paid: { fen: amount, until: NOW + 4 * MIN, at: NOW + 4 * MIN }, paidOrders: ['order-fixed'] } })
    emu.clock.set(NOW + 6 * MIN)
    const paid = await seen(lot.exit, '京A20014')
    expect(paid.body).toMatchObject({ open: true, reason: 'PAID', amountFen: 0 })
    expect(staysOf('京A20014')).toEqual([expect.objectContaining({ _id: stay._id, status: 'OUT', exitAt: about(NOW + 6 * MIN), exitLaneId: 'gate-out' })])
  })

  it('When a stay with a fixed amount is read at the exit, then the gate asks the stored amount the bill asks, not a first period computed again', async () => {
    // Stored when it was first seen (an older rule version, or staff's amount): the bill charges 8.00.
    parked('京A20015', 3, { fixedFen: 800, flags: ['NO_ENTRY_RECORD'], entryLaneId: 'gate-out' })
    expect(firstPeriodFen(SURFACE_RULE, 'small')).toBe(500)
    const res = await seen(lot.exit, '京A20015')
    expect(res.body).toEqual({ ok: true, open: false, reason: 'NO_ENTRY_RECORD', led: ['京A·20015', '无入场记录', '请缴费 ¥8.00', '请扫码缴费'], voice: '无入场记录，请缴费8元，请扫码缴费', amountFen: 800 })
    expect(staysOf('京A20015')).toHaveLength(1)
  })

  it('When the exit camera reads a car again just after letting it out, then it opens again and no stay is made; after the window a read is a car with no entry record again', async () => {
    const id = parked('京A20016', 90, { paid: { fen: 700, until: NOW - 2 * MIN, at: NOW - 2 * MIN }, paidOrders: ['order-16'] })
    expect((await seen(lot.exit, '京A20016')).body).toMatchObject({ open: true, reason: 'PAID' })
    expect(staysOf('京A20016')).toEqual([expect.objectContaining({ _id: id, status: 'OUT', exitAt: about(NOW) })])

    // The camera re-sends while the car is still in the lane.
    emu.clock.set(NOW + 20_000)
    const again = await seen(lot.exit, '京A20016')
    expect(again.body).toEqual({ ok: true, open: true, reason: 'JUST_LEFT', led: ['京A·20016', '一路顺风'], voice: '一路顺风', amountFen: 0 })
    expect(staysOf('京A20016')).toEqual([expect.objectContaining({ _id: id, status: 'OUT' })])
    expect(eventsOf('京A20016').at(-1)).toMatchObject({ stayId: id, decision: { reason: 'JUST_LEFT', open: true } })

    emu.clock.set(NOW + (JUST_LEFT_MINUTES + 1) * MIN)
    expect((await seen(lot.exit, '京A20016')).body).toMatchObject({ open: false, reason: 'NO_ENTRY_RECORD' })
  })

  it('When no plate is read at the exit, then it stays shut with 请扫码出场', async () => {
    const res = await seen(lot.exit, null)
    expect(res.body).toMatchObject({ open: false, reason: 'NO_PLATE', led: ['未识别车牌', '请扫码出场'] })
  })
})

describe('heartbeat', () => {
  it('When an exit lane is opened by hand for a stay that still owes money, then the heartbeat delivers open, the stay is OUT and the owner is told it left unpaid', async () => {
    owned('京A20020', 'o-owner-exit')
    const id = parked('京A20020', 120)
    seedDocuments(emu, {
      lane_commands: [{ _id: 'cmd-hand-1', lotId: lot.id, laneId: 'gate-out', command: 'open', reason: '手动抬杆：设备故障', stayId: id, by: 'o-staff', status: 'pending', createdAt: NOW - 1000 }],
    })
    const res = await send(lot.exit, 'heartbeat', {})
    expect(res.body).toEqual({ ok: true, commands: [{ id: 'cmd-hand-1', command: 'open', reason: '手动抬杆：设备故障' }] })
    expect(staysOf('京A20020')).toEqual([expect.objectContaining({ status: 'OUT', exitAt: about(NOW), exitLaneId: 'gate-out' })])
    const notices = outboxTo('o-owner-exit')
    expect(notices).toEqual([expect.objectContaining({ templateId: 'tmpl-parking-exit', data: expect.objectContaining({ car_number1: { value: '京A20020' }, amount4: { value: '9.00元' }, thing3: { value: '2 小时' } }) })])
  })

  it('When an exit lane opens for a stay paid at the lane, then the stay is OUT and no exit notice is sent', async () => {
    owned('京A20021', 'o-owner-paid')
    const id = parked('京A20021', 60, { paid: { fen: 500, until: NOW - MIN, at: NOW - MIN }, paidOrders: ['order-lane'] })
    seedDocuments(emu, { lane_commands: [{ _id: 'cmd-paid-1', lotId: lot.id, laneId: 'gate-out', command: 'open', reason: '扫码缴费', stayId: id, status: 'pending', createdAt: NOW - 1000 }] })
    await send(lot.exit, 'heartbeat', {})
    expect(staysOf('京A20021')[0]).toMatchObject({ status: 'OUT', exitLaneId: 'gate-out' })
    expect(outboxTo('o-owner-paid')).toHaveLength(0)
  })
})

describe('lane commands', () => {
  it('When an open command has expired (its expiresAt passed, or 10 minutes old without one), then no heartbeat hands it out, it is marked expired and its stay stays IN', async () => {
    const id = parked('京A20023', 60, { paid: { fen: 500, until: NOW - 20 * MIN, at: NOW - 20 * MIN }, paidOrders: ['order-23'] })
    seedDocuments(emu, {
      lane_commands: [
        { _id: 'cmd-expired-at', lotId: lot.id, laneId: 'gate-out', command: 'open', reason: 'paid', stayId: id, status: 'pending', createdAt: NOW - 20 * MIN, expiresAt: NOW - 5 * MIN },
        { _id: 'cmd-too-old', lotId: lot.id, laneId: 'gate-out', command: 'open', reason: '手动抬杆：设备故障', stayId: id, by: 'o-staff', status: 'pending', createdAt: NOW - 11 * MIN },
        { _id: 'cmd-still-good', lotId: lot.id, laneId: 'gate-out', command: 'open', reason: '手动抬杆：设备故障', by: 'o-staff', status: 'pending', createdAt: NOW - 9 * MIN, expiresAt: NOW + MIN },
      ],
    })
    const res = await send(lot.exit, 'heartbeat', {})
    expect(res.body).toEqual({ ok: true, commands: [{ id: 'cmd-still-good', command: 'open', reason: '手动抬杆：设备故障' }] })
    const byId = (cid: string) => all('lane_commands').find((c) => c._id === cid)
    expect(byId('cmd-expired-at')).toMatchObject({ status: 'expired', expiredAt: about(NOW) })
    expect(byId('cmd-too-old')).toMatchObject({ status: 'expired', expiredAt: about(NOW) })
    expect(byId('cmd-still-good')).toMatchObject({ status: 'delivered' })
    expect(staysOf('京A20023')).toEqual([expect.objectContaining({ _id: id, status: 'IN', exitAt: null })])
    expect((await send(lot.exit, 'heartbeat', {})).body.commands).toEqual([])
  })

  it('When the heartbeat answer that carried an open is lost, then the stay has already ended and the exit camera’s next read of the waiting car opens the barrier, with no new stay', async () => {
    const id = parked('京A20022', 60, { paid: { fen: 500, until: NOW - MIN, at: NOW - MIN }, paidOrders: ['order-22'] })
    seedDocuments(emu, { lane_commands: [{ _id: 'cmd-lost-1', lotId: lot.id, laneId: 'gate-out', command: 'open', reason: 'paid', stayId: id, status: 'pending', createdAt: NOW - 1000, expiresAt: NOW + 15 * MIN }] })
    // Handed out and the stay ended, but the answer never reaches the barrier.
    expect((await send(lot.exit, 'heartbeat', {})).body.commands).toEqual([expect.objectContaining({ id: 'cmd-lost-1' })])
    expect(staysOf('京A20022')).toEqual([expect.objectContaining({ _id: id, status: 'OUT', exitLaneId: 'gate-out' })])

    emu.clock.set(NOW + 40_000)
    const read = await seen(lot.exit, '京A20022')
    expect(read.body).toMatchObject({ open: true, reason: 'JUST_LEFT', amountFen: 0 })
    expect(staysOf('京A20022')).toEqual([expect.objectContaining({ _id: id, status: 'OUT' })])
  })

  it('When a heartbeat died after ending the stay but before marking its open delivered, then the next heartbeat delivers the open and the stay keeps its one exit', async () => {
    const id = parked('京A20024', 60, { paid: { fen: 500, until: NOW - MIN, at: NOW - MIN }, paidOrders: ['order-24'], status: 'OUT', exitAt: NOW - 3000, exitLaneId: 'gate-out' })
    seedDocuments(emu, { lane_commands: [{ _id: 'cmd-retry-1', lotId: lot.id, laneId: 'gate-out', command: 'open', reason: 'paid', stayId: id, status: 'pending', createdAt: NOW - 5000 }] })
    expect((await send(lot.exit, 'heartbeat', {})).body.commands).toEqual([expect.objectContaining({ id: 'cmd-retry-1' })])
    expect(staysOf('京A20024')).toEqual([expect.objectContaining({ _id: id, status: 'OUT', exitAt: NOW - 3000 })])
  })
})

describe('spaces', () => {
  it('When a sensor reports a space occupied with a plate, then the space shows it and the plate’s stay is placed there; when freed, both are cleared', async () => {
    const id = parked('京A20030', 20)
    const taken = await send(lot.sensor, 'spaceChanged', { number: 'S-7', occupied: true, plate: '京A·20030' })
    expect(taken.body).toEqual({ ok: true, space: { number: 'S-7', floor: '地面', occupied: true, plate: '京A20030' }, free: expect.any(Number) })
    expect(all('spaces').find((s) => s._id === 'gate:S-7')).toMatchObject({ occupied: true, plate: '京A20030', changedAt: about(NOW) })
    expect(staysOf('京A20030')[0]).toMatchObject({ _id: id, spaceId: 'gate:S-7' })

    // The car moves: its stay follows to the next space read.
    await send(lot.sensor, 'spaceChanged', { number: 'S-8', occupied: true, plate: '京A20030' })
    expect(staysOf('京A20030')[0].spaceId).toBe('gate:S-8')

    const freed = await send(lot.sensor, 'spaceChanged', { number: 'S-8', occupied: false })
    expect(freed.body.space).toEqual({ number: 'S-8', floor: '地面', occupied: false, plate: null })
    expect(all('spaces').find((s) => s._id === 'gate:S-8')).toMatchObject({ occupied: false, plate: null })
    expect(staysOf('京A20030')[0].spaceId).toBeNull()
  })
})

describe('refused device events', () => {
  /** Everything a refused event must leave alone (the refusal log aside). */
  const state = () => JSON.stringify(['stays', 'spaces', 'gate_events', 'device_nonces', 'lane_commands'].map(all))

  async function expectRefused(sendIt: () => Promise<{ status: number; body: any }>, status: number, code: string, message?: RegExp) {
    const before = state()
    const logged = all('device_log').length
    const res = await sendIt()
    expect(res.status).toBe(status)
    expect(res.body.code).toBe(code)
    expect(res.body.message).toMatch(message ?? /[\u4e00-\u9fff]/)
    expect(state()).toBe(before)
    expect(all('device_log')).toHaveLength(logged + 1)
    expect(all('device_log').at(-1)).toMatchObject({ reason: code, path: '/devices' })
  }

  it('When a plateSeen is signed with the wrong secret, then 401 bad_signature and no stay', async () => {
    await expectRefused(() => send(lot.entry, 'plateSeen', { plate: '京A20041' }, { secret: 'forged-secret' }), 401, 'bad_signature')
    expect(staysOf('京A20041')).toHaveLength(0)
  })

  it('When a plateSeen is replayed with its nonce, then the second is 401 replay and the car is not entered twice', async () => {
    const first = await send(lot.entry, 'plateSeen', { plate: '京A20042' }, { nonce: 'gate-replay-nonce-1' })
    expect(first.body.open).toBe(true)
    await expectRefused(() => send(lot.entry, 'plateSeen', { plate: '京A20042' }, { nonce: 'gate-replay-nonce-1' }), 401, 'replay')
    expect(staysOf('京A20042')).toHaveLength(1)
  })

  it.each([
    ['a plate that is not a plate', { plate: '京A2004' }, /车牌识别事件内容有误（plate）/],
    ['a plate of the wrong type', { plate: 12345 }, /车牌识别事件内容有误/],
    ['no plate field', {}, /车牌识别事件内容有误/],
    ['a confidence above 1', { plate: '京A20043', confidence: 2 }, /识别置信度应为 0–1 之间的数/],
    ['an unknown vehicle kind', { plate: '京A20043', kind: 'truck' }, /车型应为 small、large 或 newEnergy/],
    ['an unknown field', { plate: '京A20043', open: true }, /车牌识别事件内容有误/],
    ['data that is not an object', 'open', /车牌识别事件内容有误/],
  ])('When a plateSeen carries %s, then 400 bad_event, logged, nothing changed', async (_name, body, message) => {
    await expectRefused(() => send(lot.entry, 'plateSeen', body), 400, 'bad_event', message)
    expect(staysOf('京A20043')).toHaveLength(0)
  })

  it('When a spaceChanged names a space the lot does not have, then 400 unknown_space', async () => {
    await expectRefused(() => send(lot.sensor, 'spaceChanged', { number: 'Z-999', occupied: true }), 400, 'unknown_space', /车位不存在：Z-999/)
  })

  it('When a spaceChanged is malformed (occupied as text), then 400 bad_event', async () => {
    await expectRefused(() => send(lot.sensor, 'spaceChanged', { number: 'S-1', occupied: 'yes' }), 400, 'bad_event', /occupied 应为 true 或 false/)
  })

  it('When a camera reports a space, or a sensor a plate, then 400 wrong_device', async () => {
    await expectRefused(() => send(lot.entry, 'spaceChanged', { number: 'S-1', occupied: true }), 400, 'wrong_device')
    await expectRefused(() => send(lot.sensor, 'plateSeen', { plate: '京A20044' }), 400, 'wrong_device')
  })

  it('When a space sensor sends a heartbeat, then 400 wrong_device: only a lane’s controller (its camera) takes the lane’s commands', async () => {
    seedDocuments(emu, { lane_commands: [{ _id: 'cmd-for-sensor', lotId: lot.id, laneId: '', command: 'open', status: 'pending', createdAt: NOW }] })
    await expectRefused(() => send(lot.sensor, 'heartbeat', {}), 400, 'wrong_device', /只有车道相机或道闸可以领取车道指令/)
    expect(all('lane_commands').find((c) => c._id === 'cmd-for-sensor').status).toBe('pending')
  })

  it('When a malformed event is refused, then its nonce stays unused and the same nonce with a good event goes through', async () => {
    await expectRefused(() => send(lot.entry, 'plateSeen', { plate: 7 }, { nonce: 'gate-bad-then-good' }), 400, 'bad_event')
    const good = await send(lot.entry, 'plateSeen', { plate: '京A20045' }, { nonce: 'gate-bad-then-good' })
    expect(good.body).toMatchObject({ open: true })
  })
})

describe('retention sweep', () => {
  it('When the sweep fires at its minute, then refusals older than 30 days, gate events older than 180 days and lane commands older than 7 days are deleted by indexed ranges, and younger ones kept', async () => {
    const DAY = 86_400_000
    const refusal = (_id: string, at: number) => ({ _id, deviceId: null, reason: 'unknown_device', message: '设备未登记', at, path: '/devices' })
    const event = (_id: string, at: number) => ({ _id, lotId: lot.id, laneId: 'gate-in', deviceId: lot.entry._id, plate: '京A20090', confidence: null, decision: { open: true, reason: 'WELCOME', led: [], voice: '', amountFen: 0, flag: null }, stayId: null, at })
    const command = (_id: string, status: string, createdAt: number) => ({ _id, lotId: lot.id, laneId: 'gate-old', command: 'open', status, createdAt })
    seedDocuments(emu, {
      device_log: [refusal('log-31d', NOW - 31 * DAY), refusal('log-29d', NOW - 29 * DAY)],
      gate_events: [event('event-181d', NOW - 181 * DAY), event('event-179d', NOW - 179 * DAY)],
      lane_commands: [command('cmd-8d-delivered', 'delivered', NOW - 8 * DAY), command('cmd-8d-expired', 'expired', NOW - 8 * DAY), command('cmd-6d-delivered', 'delivered', NOW - 6 * DAY)],
    })
    const firings = await advanceClock(emu, 60_000)
    expect(firings.find((f) => f.function === 'sweep')).toMatchObject({ ok: true, answer: { deviceRecords: { deviceLog: 1, gateEvents: 1, laneCommands: 2 } } })
    const ids = (name: string) => all(name).map((d) => d._id)
    expect(ids('device_log')).not.toContain('log-31d')
    expect(ids('device_log')).toContain('log-29d')
    expect(ids('gate_events')).not.toContain('event-181d')
    expect(ids('gate_events')).toContain('event-179d')
    expect(ids('lane_commands').filter((id) => ['cmd-8d-delivered', 'cmd-8d-expired', 'cmd-6d-delivered'].includes(id))).toEqual(['cmd-6d-delivered'])
    // Each delete is a range on a field that leads an index (a scan per minute otherwise).
    const leads = (name: string, field: string) => collections.find((c) => c.name === name)!.indexes.some((i) => Object.keys(i.keys)[0] === field)
    expect([leads('device_log', 'at'), leads('gate_events', 'at'), leads('lane_commands', 'createdAt')]).toEqual([true, true, true])
  })
})

describe('nonce sweep', () => {
  it('When the sweep runs, then nonces older than twice the clock window are deleted and recent ones kept', async () => {
    seedDocuments(emu, {
      device_nonces: [
        { _id: 'old-device:old-nonce-1', deviceId: 'old-device', at: NOW - 11 * MIN },
        { _id: 'old-device:recent-nonce-1', deviceId: 'old-device', at: NOW - 9 * MIN },
      ],
    })
    const { result } = await emu.functions.invoke('sweep', { Type: 'Timer', TriggerName: 'everyMinute', Time: '', Message: '' }, { openid: '', appid: '' })
    expect((result as any).deviceNonces.deleted).toBeGreaterThanOrEqual(1)
    const ids = all('device_nonces').map((n) => n._id)
    expect(ids).not.toContain('old-device:old-nonce-1')
    expect(ids).toContain('old-device:recent-nonce-1')
  })
})
