// An action on another account's row is refused — not answered with the
// caller's own data, and nothing is written. And a call that is refused, or
// only reads, creates no user document.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server'
import { browse, seedDocuments } from '../../emulator/database'
import { LOT_PKUHSC } from '../../database/seed'
import { startTestEmulator } from '../support/emulator'
import { as, ok, refused, type Call } from '../support/functions'
import { snapshotDatabase } from '../support/samples'

const photo = 'cloud://local-dev.local-bucket/ownership/license.png'

let emu: Emulator
let reviewer: Call
/** The intruder: an ordinary driver with a vehicle of his own. */
let intruder: Call
const rows = { owned: '', request: '', displaced: '', application: 'P20261101090000owner01' }

const driver = (openid: string) => as(emu, openid)
const rowOf = (openid: string, plate: string) => browse(emu, 'vehicles', { limit: 1000 }).find((v) => v.openid === openid && v.plate === plate)
const userDocs = (openid: string) => browse(emu, 'users', { limit: 1000 }).filter((u) => u.openid === openid)

async function verifiedOwner(openid: string, plate: string) {
  const d = driver(openid)
  ok(await d('vehicle', 'add', { plate }))
  const id = rowOf(openid, plate)!._id as string
  ok(await d('vehicle', 'verify', { id, proof: { license: photo, ownerName: '车主' } }))
  ok(await reviewer('vehicle', 'approve', { id }))
  return id
}

beforeAll(async () => {
  emu = await startTestEmulator()
  seedDocuments(emu, {
    lots: [LOT_PKUHSC],
    staff: [{ _id: 'staff-r', openid: 'o-own-reviewer', name: '审核员', roles: ['reviewer'], active: true }],
    applications: [
      {
        _id: rows.application,
        openid: 'o-own-a',
        lotId: 'pkuhsc',
        lotName: LOT_PKUHSC.name,
        permitId: 'permit-own-a',
        plate: '沪A20001',
        productId: 'annual',
        productName: LOT_PKUHSC.products[0].name,
        period: { start: '2027-01-01', end: '2027-12-31' },
        amountFen: 36000,
        phone: '13800138001',
        holderName: '车主甲',
        campusCardFileId: photo,
        consentAt: 0,
        status: 'REJECTED',
        createdAt: 0,
        paidAt: 0,
        transactionId: '4200000000owner01',
        reviewedBy: 'o-own-reviewer',
        reviewedAt: 0,
        rejectReason: '照片不清晰',
        refundNo: '',
        refundedAt: null,
      },
    ],
  })
  reviewer = as(emu, 'o-own-reviewer')
  intruder = driver('o-own-b')

  // A owns 沪A20001; C asks A to be authorized on it.
  rows.owned = await verifiedOwner('o-own-a', '沪A20001')
  ok(await driver('o-own-c')('vehicle', 'add', { plate: '沪A20001' }))
  rows.request = rowOf('o-own-c', '沪A20001')!._id as string
  // D lost 沪A20002 to E: D's row carries the prompt (我知道了 / 我要申诉).
  rows.displaced = await verifiedOwner('o-own-d', '沪A20002')
  await verifiedOwner('o-own-e', '沪A20002')
  // The intruder has a vehicle of his own, so "his own data" is not empty.
  ok(await intruder('vehicle', 'add', { plate: '沪A20003' }))
}, 60_000)
afterAll(async () => {
  await emu?.close()
})

describe("an action on another account's row is refused and writes nothing", () => {
  it('When the setup is read back, then the rows are what the cases below assume', () => {
    expect(rowOf('o-own-a', '沪A20001')).toMatchObject({ _id: rows.owned, status: 'VERIFIED' })
    expect(rowOf('o-own-c', '沪A20001')).toMatchObject({ _id: rows.request, status: 'AWAITING_AUTH' })
    expect(rowOf('o-own-d', '沪A20002')).toMatchObject({ _id: rows.displaced, status: 'DISPLACED', notice: 'SUPERSEDED_OWNER' })
  })

  const cases: Array<[string, string, string, () => unknown, string]> = [
    ['setDefault of the owner’s vehicle', 'vehicle', 'setDefault', () => ({ id: rows.owned }), 'VEHICLE_NOT_FOUND'],
    ['remove (删除) of the owner’s vehicle', 'vehicle', 'remove', () => ({ id: rows.owned }), 'VEHICLE_NOT_FOUND'],
    ['remove (取消添加) of another driver’s request', 'vehicle', 'remove', () => ({ id: rows.request }), 'VEHICLE_NOT_FOUND'],
    ['verify (去认证) with another driver’s row', 'vehicle', 'verify', () => ({ id: rows.request, proof: { license: photo, ownerName: '冒充者' } }), 'VEHICLE_NOT_FOUND'],
    ['acknowledge (我知道了) of another driver’s prompt', 'vehicle', 'acknowledge', () => ({ id: rows.displaced }), 'VEHICLE_NOT_FOUND'],
    ['appeal (我要申诉) with another driver’s row', 'vehicle', 'appeal', () => ({ id: rows.displaced, reason: '这辆车其实是我的', photos: [photo] }), 'VEHICLE_NOT_FOUND'],
    ['settings of the owner’s vehicle', 'vehicle', 'settings', () => ({ id: rows.owned }), 'VEHICLE_NOT_FOUND'],
    ['updateSettings of the owner’s vehicle', 'vehicle', 'updateSettings', () => ({ id: rows.owned, settings: { hideLotNames: true, notify: { entry: false, exit: false, coupon: false } } }), 'VEHICLE_NOT_FOUND'],
    ['authorize a request made to another owner', 'vehicle', 'authorize', () => ({ id: rows.request, approve: true }), 'NOT_VEHICLE_OWNER'],
    ['decline a request made to another owner', 'vehicle', 'authorize', () => ({ id: rows.request, approve: false }), 'NOT_VEHICLE_OWNER'],
    ['revoke on a plate of another owner', 'vehicle', 'revoke', () => ({ id: rows.request }), 'NOT_VEHICLE_OWNER'],
    ['detail of another driver’s application', 'permit', 'detail', () => ({ id: rows.application }), 'APPLICATION_NOT_FOUND'],
    ['requestRefund of another driver’s application', 'permit', 'requestRefund', () => ({ id: rows.application }), 'APPLICATION_NOT_FOUND'],
  ]

  it.each(cases)('When a driver asks for %s, then it is refused', async (_name, fn, action, input, code) => {
    const before = snapshotDatabase(emu)
    const answer = await intruder(fn, action, input())
    expect(refused(answer).code).toBe(code)
    expect(snapshotDatabase(emu)).toBe(before)
  })

  it('When the owner of the prompt answers it twice, then both answers are ok (the second finds the row gone)', async () => {
    // A prompt of its own (F lost 沪A20005 to G): the setup's D row stays for the cases above.
    const displaced = await verifiedOwner('o-own-f', '沪A20005')
    await verifiedOwner('o-own-g', '沪A20005')
    expect(rowOf('o-own-f', '沪A20005')).toMatchObject({ _id: displaced, status: 'DISPLACED', notice: 'SUPERSEDED_OWNER' })
    const d = driver('o-own-f')
    ok(await d('vehicle', 'acknowledge', { id: displaced }))
    expect(rowOf('o-own-f', '沪A20005')).toBeUndefined()
    ok(await d('vehicle', 'acknowledge', { id: displaced }))
  })
})

describe('reads and refused calls create no user document', () => {
  it('When a new account only reads (我的车辆, 车主手机号), then no user document is created', async () => {
    const d = driver('o-own-reader')
    expect(ok<any>(await d('vehicle', 'list', {})).vehicles).toEqual([])
    expect(ok<any>(await d('phone', 'status', {}))).toEqual({ masked: null, verifiedAt: null })
    expect(userDocs('o-own-reader')).toEqual([])
  })

  it('When a new account is refused (bad input, unknown row, another account’s row, not staff, phone not verified), then nothing is written', async () => {
    const d = driver('o-own-refused')
    const before = snapshotDatabase(emu)
    expect(refused(await d('vehicle', 'add', { plate: '不是车牌' })).code).toBe('BAD_INPUT')
    expect(refused(await d('vehicle', 'setDefault', { id: 'no-such-row' })).code).toBe('VEHICLE_NOT_FOUND')
    expect(refused(await d('vehicle', 'acknowledge', { id: rows.owned })).code).toBe('VEHICLE_NOT_FOUND')
    expect(refused(await d('vehicle', 'approve', { id: rows.request })).code).toBe('FORBIDDEN')
    expect(refused(await d('user', 'login', { extra: 1 })).code).toBe('BAD_INPUT')
    expect(refused(await d('permit', 'quote', { permitId: 'permit-own-a', productId: 'annual' })).code).toBe('PHONE_NOT_VERIFIED')
    expect(refused(await d('permit', 'apply', { permitId: 'permit-own-a', productId: 'annual', campusCardFileId: photo, consent: true })).code).toBe('PHONE_NOT_VERIFIED')
    expect(snapshotDatabase(emu)).toBe(before)
  })

  it('When a new account logs in or adds a vehicle, then its user document is created once', async () => {
    ok(await driver('o-own-new')('user', 'login', {}))
    ok(await driver('o-own-new')('vehicle', 'add', { plate: '沪A20004' }))
    expect(userDocs('o-own-new')).toEqual([expect.objectContaining({ vehicleCount: 1, defaultVehicleId: rowOf('o-own-new', '沪A20004')!._id })])
  })
})
