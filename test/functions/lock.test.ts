// 锁车 through the emulator: who may lock (the verified owner and the accounts
// they authorized; a holder of an unverified plate is sent to 去认证; anyone
// else is refused), the audit of every change, and the lanes: a locked car is
// refused by the exit camera (signed plateSeen) and by 开闸出场, its owner is
// told once, and unlocking lets it out. Each test uses its own plates.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server'
import { browse, seedDocuments } from '../../emulator/database'
import { openapi } from '../../emulator/openapi'
import { payments } from '../../emulator/pay'
import { deviceRequest } from '../../emulator/lot/device-client'
import { SURFACE_RULE } from '../../database/seed-parking'
import { DEFAULT_VEHICLE_SETTINGS } from '../../src/domain/vehicle/usage'
import { startTestEmulator } from '../support/emulator'
import { as, ok, refused } from '../support/functions'
import { at } from '../support/parking'

let emu: Emulator
const NOW = at('2026-11-23 10:00')
const LOT = 'lockt'
const CAM_IN = { _id: `${LOT}-cam-in`, secret: `${LOT}-cam-in-secret-0123456789` }
const CAM_OUT = { _id: `${LOT}-cam-out`, secret: `${LOT}-cam-out-secret-0123456789` }
const EXIT_CODE = `${LOT}-code-out-0123456789`

const all = (name: string) => browse(emu, name, { limit: 1000 }) as any[]
const plateDoc = (plate: string) => all('plates').find((p) => p._id === plate)
const auditOf = (plate: string) => all('audit_log').filter((a) => a.target === plate)
const staysOf = (plate: string) => all('stays').filter((s) => s.plate === plate)
const outboxTo = (openid: string) => openapi(emu).outbox().filter((m) => m.touser === openid)
const seen = (cam: { _id: string; secret: string }, plate: string) => deviceRequest(emu, { deviceId: cam._id, secret: cam.secret, event: 'plateSeen', body: { plate } })

const row = (id: string, openid: string, plate: string, status: string) => ({
  _id: id,
  openid,
  plate,
  createdAt: 0,
  status,
  notice: '',
  proof: null,
  submittedAt: null,
  rejectReason: null,
  changedAt: 0,
})

/** `owner` is the verified owner of `plate` (row `own-<plate>`); each of `authorized` holds an authorization (row `auth-<plate>-<i>`). */
function owned(plate: string, owner: string, authorized: string[] = []) {
  seedDocuments(emu, {
    vehicles: [row(`own-${plate}`, owner, plate, 'VERIFIED'), ...authorized.map((o, i) => row(`auth-${plate}-${i}`, o, plate, 'AUTHORIZED'))],
    plates: [{ _id: plate, ownerOpenid: owner, ownerRelationId: `own-${plate}`, since: 0, settings: DEFAULT_VEHICLE_SETTINGS }],
  })
}

beforeAll(async () => {
  emu = await startTestEmulator()
  emu.clock.set(NOW)
  seedDocuments(emu, {
    lots: [
      {
        _id: LOT,
        name: '锁车测试停车场',
        parking: {
          kind: 'surface',
          floors: ['地面'],
          capacity: 20,
          address: '测试地址',
          lanes: [
            { id: `${LOT}-in`, name: '入口', kind: 'entry', code: `${LOT}-code-in-0123456789`, place: '东门' },
            { id: `${LOT}-out`, name: '出口', kind: 'exit', code: EXIT_CODE, place: '东门' },
          ],
        },
      },
    ],
    devices: [
      { ...CAM_IN, lotId: LOT, laneId: `${LOT}-in`, kind: 'camera', active: true },
      { ...CAM_OUT, lotId: LOT, laneId: `${LOT}-out`, kind: 'camera', active: true },
    ],
    staff: [{ _id: 'staff-lock-office', openid: 'o-lock-office', name: '停车办', roles: ['office'], active: true }],
    fee_rules: [{ _id: `${LOT}:v1`, lotId: LOT, from: at('2020-01-01 00:00'), rule: SURFACE_RULE, by: 'seed', at: at('2020-01-01 00:00') }],
    spaces: Array.from({ length: 20 }, (_, i) => ({ _id: `${LOT}:S-${i + 1}`, lotId: LOT, floor: '地面', number: `S-${i + 1}`, occupied: false, plate: null, changedAt: 0 })),
  })
})
beforeEach(() => {
  emu.clock.set(NOW)
})
afterAll(async () => {
  await emu?.close()
})

describe('who may lock', () => {
  it('When the verified owner locks and unlocks their car, then 锁车 shows it locked by them, then not, and each change is audit-logged', async () => {
    owned('京L10001', 'o-lock-owner-1')
    const call = as(emu, 'o-lock-owner-1')
    expect(ok<any>(await call('vehicle', 'locks', {})).vehicles).toEqual([
      { id: 'own-京L10001', plate: '京L10001', isDefault: false, option: 'MAY_LOCK', locked: false, lockedAt: null, lockedByMe: false },
    ])
    const locked = ok<any>(await call('vehicle', 'lock', { id: 'own-京L10001' }))
    expect(locked.vehicles[0]).toMatchObject({ plate: '京L10001', locked: true, lockedByMe: true, lockedAt: expect.any(Number) })
    expect(plateDoc('京L10001').lock).toMatchObject({ by: 'o-lock-owner-1' })
    // A double tap changes nothing and logs nothing more.
    ok(await call('vehicle', 'lock', { id: 'own-京L10001' }))
    expect(auditOf('京L10001')).toEqual([expect.objectContaining({ by: 'o-lock-owner-1', action: 'vehicle.lock', reason: '认证车主' })])

    const unlocked = ok<any>(await call('vehicle', 'unlock', { id: 'own-京L10001' }))
    expect(unlocked.vehicles[0]).toMatchObject({ locked: false, lockedAt: null, lockedByMe: false })
    expect(plateDoc('京L10001').lock).toBeNull()
    expect(auditOf('京L10001').map((a) => a.action).sort()).toEqual(['vehicle.lock', 'vehicle.unlock'])
  })

  it('When an account the owner authorized locks the car, then it is locked for the owner too, and either may unlock it', async () => {
    owned('京L10002', 'o-lock-owner-2', ['o-lock-family-2'])
    const family = as(emu, 'o-lock-family-2')
    expect(ok<any>(await family('vehicle', 'locks', {})).vehicles).toEqual([expect.objectContaining({ id: 'auth-京L10002-0', option: 'MAY_LOCK', locked: false })])
    ok(await family('vehicle', 'lock', { id: 'auth-京L10002-0' }))
    const ownerView = ok<any>(await as(emu, 'o-lock-owner-2')('vehicle', 'locks', {}))
    expect(ownerView.vehicles[0]).toMatchObject({ locked: true, lockedByMe: false })
    expect(auditOf('京L10002')).toEqual([expect.objectContaining({ by: 'o-lock-family-2', action: 'vehicle.lock', reason: '车主授权用户' })])
    ok(await as(emu, 'o-lock-owner-2')('vehicle', 'unlock', { id: 'own-京L10002' }))
    expect(plateDoc('京L10002').lock).toBeNull()
  })

  it("When a stranger tries to lock someone's verified car, by its row or by adding the plate, then it is refused and nothing is written", async () => {
    owned('京L10003', 'o-lock-owner-3')
    const stranger = as(emu, 'o-lock-stranger-3')
    expect(refused(await stranger('vehicle', 'lock', { id: 'own-京L10003' })).code).toBe('VEHICLE_NOT_FOUND')
    // Adding a verified plate only asks the owner (等待授权): no lock, and 锁车 does not list it.
    const added = ok<any>(await stranger('vehicle', 'add', { plate: '京L10003' }))
    expect(added.vehicles[0].status).toBe('AWAITING_AUTH')
    expect(ok<any>(await stranger('vehicle', 'locks', {})).vehicles).toEqual([])
    expect(refused(await stranger('vehicle', 'lock', { id: added.vehicles[0].id }))).toEqual({ code: 'LOCK_NOT_ALLOWED', message: '仅认证车主及其授权的用户可以锁车' })
    expect(plateDoc('京L10003').lock ?? null).toBeNull()
    expect(auditOf('京L10003')).toEqual([])
  })

  it('When a driver added an unverified plate, then 锁车 offers 去认证 and a lock is refused with that advice, writing nothing', async () => {
    const call = as(emu, 'o-lock-holder-4')
    const added = ok<any>(await call('vehicle', 'add', { plate: '京L10004' }))
    expect(ok<any>(await call('vehicle', 'locks', {})).vehicles).toEqual([
      { id: added.vehicles[0].id, plate: '京L10004', isDefault: true, option: 'VERIFY_FIRST', locked: false, lockedAt: null, lockedByMe: false },
    ])
    expect(refused(await call('vehicle', 'lock', { id: added.vehicles[0].id }))).toEqual({ code: 'LOCK_NOT_ALLOWED', message: '该车辆尚未认证，请先去认证，认证后才能锁车' })
    expect(plateDoc('京L10004')).toBeUndefined()
    expect(auditOf('京L10004')).toEqual([])
  })

  it('When lock is called with bad input, then it is refused as BAD_INPUT and nothing is written', async () => {
    owned('京L10005', 'o-lock-owner-5')
    const call = as(emu, 'o-lock-owner-5')
    for (const input of [{}, { id: '' }, { id: 'own-京L10005', plate: '京L10005' }, { id: 42 }])
      expect(refused(await call('vehicle', 'lock', input)).code).toBe('BAD_INPUT')
    expect(plateDoc('京L10005').lock ?? null).toBeNull()
    expect(auditOf('京L10005')).toEqual([])
  })

  it('When the plate gets a new verified owner, then a lock set under the old one ends with it', async () => {
    owned('京L10006', 'o-lock-owner-6')
    ok(await as(emu, 'o-lock-owner-6')('vehicle', 'lock', { id: 'own-京L10006' }))
    // The owner deletes the vehicle: nobody may unlock it any more, so the lock must go.
    ok(await as(emu, 'o-lock-owner-6')('vehicle', 'remove', { id: 'own-京L10006' }))
    expect(plateDoc('京L10006')).toMatchObject({ ownerOpenid: '', lock: null })
    expect(auditOf('京L10006').find((a) => a.action === 'vehicle.unlock')).toMatchObject({ by: 'system', reason: '车主删除车辆，锁车解除' })
  })
})

describe('the lanes', () => {
  it('When a locked car reaches the exit, then the camera refuses it with 车辆已锁定，请联系车主, the owner is told once, 开闸出场 is refused, and after 解锁 it leaves', async () => {
    owned('京L20001', 'o-lock-owner-gate')
    const owner = as(emu, 'o-lock-owner-gate')
    expect((await seen(CAM_IN, '京L20001')).body).toMatchObject({ open: true, reason: 'WELCOME' })
    const [stay] = staysOf('京L20001')
    ok(await owner('vehicle', 'lock', { id: 'own-京L20001' }))

    emu.clock.set(NOW + 5 * 60_000) // within the free minutes: only the lock holds it
    const refusedRead = await seen(CAM_OUT, '京L20001')
    expect(refusedRead).toEqual({ status: 200, body: { ok: true, open: false, reason: 'LOCKED', led: ['京L·20001', '车辆已锁定', '请联系车主'], voice: '车辆已锁定，请联系车主', amountFen: 0 } })
    expect(outboxTo('o-lock-owner-gate')).toEqual([
      expect.objectContaining({
        templateId: 'tmpl-parking-locked',
        status: 'sent',
        data: { car_number1: { value: '京L20001' }, thing2: { value: '锁车测试停车场' }, thing3: { value: '车辆已锁定，有人尝试驶离停车场' } },
      }),
      expect.objectContaining({ templateId: 'tmpl-parking-entry' }),
    ])
    // The camera reads the car again while it waits: refused again, nobody told again.
    expect((await seen(CAM_OUT, '京L20001')).body).toMatchObject({ open: false, reason: 'LOCKED' })
    expect(outboxTo('o-lock-owner-gate').filter((m) => m.templateId === 'tmpl-parking-locked')).toHaveLength(1)
    expect(staysOf('京L20001')).toEqual([expect.objectContaining({ _id: stay._id, status: 'IN' })])

    // 开闸出场 from the lane's QR: nothing is due, but the car is locked.
    expect(refused(await owner('parking', 'exit', { code: `lane:${EXIT_CODE}`, stayId: stay._id }))).toEqual({ code: 'VEHICLE_LOCKED', message: '车辆已锁定，请联系车主' })
    expect(all('lane_commands').filter((c) => c.stayId === stay._id)).toEqual([])

    ok(await owner('vehicle', 'unlock', { id: 'own-京L20001' }))
    expect((await seen(CAM_OUT, '京L20001')).body).toMatchObject({ open: true, reason: 'FREE' })
    expect(staysOf('京L20001')).toEqual([expect.objectContaining({ _id: stay._id, status: 'OUT', exitLaneId: `${LOT}-out` })])
  })

  it('When the owner pays at the exit lane that refused the locked car, then the payment stands but the lane is not opened; after 解锁 the paid car leaves', async () => {
    owned('京L20003', 'o-lock-owner-pay')
    const owner = as(emu, 'o-lock-owner-pay')
    expect((await seen(CAM_IN, '京L20003')).body).toMatchObject({ open: true })
    const [stay] = staysOf('京L20003')
    ok(await owner('vehicle', 'lock', { id: 'own-京L20003' }))
    emu.clock.set(NOW + 70 * 60_000) // past the free minutes: something is due
    expect((await seen(CAM_OUT, '京L20003')).body).toMatchObject({ open: false, reason: 'LOCKED', amountFen: 0 })
    const order = ok<any>(await owner('parking', 'pay', { stayId: stay._id, laneId: `${LOT}-out` }))
    expect((await payments(emu).settle(order.orderId)).ok).toBe(true)
    await payments(emu).redeliver(order.orderId)
    expect(all('parking_orders').find((o) => o._id === order.orderId)).toMatchObject({ status: 'PAID' })
    expect(all('lane_commands').filter((c) => c.stayId === stay._id)).toEqual([])

    ok(await owner('vehicle', 'unlock', { id: 'own-京L20003' }))
    expect((await seen(CAM_OUT, '京L20003')).body).toMatchObject({ open: true, reason: 'PAID' })
    expect(staysOf('京L20003')).toEqual([expect.objectContaining({ status: 'OUT' })])
  })

  it('When staff open the exit by hand for a locked car that owes, then it leaves and its owner is still told what it owed', async () => {
    owned('京L20004', 'o-lock-owner-hand')
    expect((await seen(CAM_IN, '京L20004')).body).toMatchObject({ open: true })
    ok(await as(emu, 'o-lock-owner-hand')('vehicle', 'lock', { id: 'own-京L20004' }))
    emu.clock.set(NOW + 80 * 60_000) // later than the lane's reads in the tests before: the car the lane holds is this one
    expect((await seen(CAM_OUT, '京L20004')).body).toMatchObject({ open: false, reason: 'LOCKED' })
    ok(await as(emu, 'o-lock-office')('parking', 'openBarrier', { lotId: LOT, laneId: `${LOT}-out`, reason: '车主到岗亭确认' }))
    expect((await deviceRequest(emu, { deviceId: CAM_OUT._id, secret: CAM_OUT.secret, event: 'heartbeat', body: {} })).body.commands).toHaveLength(1)
    expect(staysOf('京L20004')).toEqual([expect.objectContaining({ status: 'OUT' })])
    expect(outboxTo('o-lock-owner-hand').find((m) => m.templateId === 'tmpl-parking-exit')).toMatchObject({ data: expect.objectContaining({ amount4: { value: expect.stringMatching(/^[1-9]\d*\.\d\d元$/) } }) })
  })

  it('When the car is locked after a payment at the lane sent the barrier an open, then the lane is never handed that open and the car stays in', async () => {
    owned('京L20005', 'o-lock-owner-late')
    const owner = as(emu, 'o-lock-owner-late')
    emu.clock.set(NOW + 90 * 60_000)
    expect((await seen(CAM_IN, '京L20005')).body).toMatchObject({ open: true })
    const [stay] = staysOf('京L20005')
    emu.clock.set(NOW + 170 * 60_000) // later than every read before, past the free minutes
    expect((await seen(CAM_OUT, '京L20005')).body).toMatchObject({ open: false, reason: 'UNPAID' })
    const order = ok<any>(await owner('parking', 'pay', { stayId: stay._id, laneId: `${LOT}-out` }))
    await payments(emu).settle(order.orderId)
    await payments(emu).redeliver(order.orderId)
    expect(all('lane_commands').filter((c) => c.stayId === stay._id)).toEqual([expect.objectContaining({ status: 'pending', reason: 'paid' })])

    ok(await owner('vehicle', 'lock', { id: 'own-京L20005' }))
    expect((await deviceRequest(emu, { deviceId: CAM_OUT._id, secret: CAM_OUT.secret, event: 'heartbeat', body: {} })).body).toEqual({ ok: true, commands: [] })
    expect(all('lane_commands').filter((c) => c.stayId === stay._id)).toEqual([expect.objectContaining({ status: 'expired' })])
    expect(staysOf('京L20005')).toEqual([expect.objectContaining({ status: 'IN' })])
  })

  it('When a locked car is read at the entry, then it enters as usual (the lock only holds exits)', async () => {
    owned('京L20002', 'o-lock-owner-in')
    ok(await as(emu, 'o-lock-owner-in')('vehicle', 'lock', { id: 'own-京L20002' }))
    expect((await seen(CAM_IN, '京L20002')).body).toMatchObject({ open: true, reason: 'WELCOME' })
    expect(staysOf('京L20002')).toEqual([expect.objectContaining({ status: 'IN' })])
  })
})
