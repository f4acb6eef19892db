// Vehicle authentication through the emulator (seed 002): verification and
// review, conflicts when another account verifies the plate, appeals both
// ways, owner authorization, operator cancellation, the one-owner race, and
// refusals that write nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server'
import { browse, seedDocuments } from '../../emulator/database'
import { startTestEmulator, useSdk } from '../support/emulator'
import { as, ok, refused, type Call } from '../support/functions'

let emu: Emulator
let reviewer: Call
let photo: string
let n = 0

/** A fresh plate per test, so tests do not share owners. */
const newPlate = () => `沪A${String(10000 + ++n)}`
const newDriver = () => {
  const openid = `o-auth-${++n}`
  return Object.assign(as(emu, openid), { openid })
}
type Driver = ReturnType<typeof newDriver>

const rowsOf = (plate: string) => browse(emu, 'vehicles', { limit: 1000 }).filter((d) => d.plate === plate)
const plateDoc = (plate: string) => browse(emu, 'plates', { limit: 1000 }).find((d) => d._id === plate)
const snapshot = () => JSON.stringify(['vehicles', 'plates', 'appeals', 'audit_log'].map((c) => browse(emu, c, { limit: 1000 })))

async function mine(d: Driver, plate: string) {
  return ok<any>(await d('vehicle', 'list', {})).vehicles.find((v: any) => v.plate === plate)
}
async function addAndSubmit(d: Driver, plate: string) {
  ok(await d('vehicle', 'add', { plate }))
  const { id } = await mine(d, plate)
  ok(await d('vehicle', 'verify', { id, proof: { license: photo, ownerName: '车主' } }))
  return id as string
}
/** A driver who is the verified owner of `plate`. */
async function verifiedOwner(plate: string) {
  const d = newDriver()
  const id = await addAndSubmit(d, plate)
  ok(await reviewer('vehicle', 'approve', { id }))
  return Object.assign(d, { vehicleId: id })
}

beforeAll(async () => {
  emu = await startTestEmulator()
  seedDocuments(emu, { staff: [{ _id: 'staff-r', openid: 'o-reviewer', name: '审核员', roles: ['reviewer'], active: true }] })
  reviewer = as(emu, 'o-reviewer')
  const cloud = useSdk(emu, 'o-uploader')
  photo = (await cloud.uploadFile({ cloudPath: 'vehicle-proof/license.png', fileContent: Buffer.from('png') })).fileID
})
afterAll(async () => {
  await emu?.close()
})

describe('去认证 and review', () => {
  it('When a driver submits proof, then the vehicle is 认证中 and the reviewer sees the proof with its labels', async () => {
    const d = newDriver()
    const plate = newPlate()
    const id = await addAndSubmit(d, plate)
    expect(await mine(d, plate)).toMatchObject({ status: 'VERIFYING', notice: null })
    const { items } = ok<any>(await reviewer('vehicle', 'verifications', {}))
    const { items: appealItems } = ok<any>(await reviewer('vehicle', 'appeals', {}))
    expect(ok<any>(await reviewer('vehicle', 'pending', {}))).toEqual({ verifications: items.length, appeals: appealItems.length })
    const item = items.find((i: any) => i.id === id)
    expect(item.proof).toEqual([
      { key: 'license', label: '行驶证照片', kind: 'photo', value: expect.stringContaining('license.png') },
      { key: 'ownerName', label: '车辆所有人', kind: 'text', value: '车主' },
    ])
    expect(item.currentOwner).toBeNull()
  })

  it('When the reviewer approves, then the driver is the verified owner and the decision is audited', async () => {
    const plate = newPlate()
    const owner = await verifiedOwner(plate)
    expect(await mine(owner, plate)).toMatchObject({ status: 'VERIFIED' })
    expect(plateDoc(plate)).toMatchObject({ ownerOpenid: owner.openid, ownerRelationId: owner.vehicleId })
    expect(browse(emu, 'audit_log', { limit: 1000 }).filter((a) => a.target === owner.vehicleId)).toEqual([expect.objectContaining({ action: 'vehicle.approve', by: 'o-reviewer' })])
    expect(refused(await reviewer('vehicle', 'approve', { id: owner.vehicleId })).code).toBe('VERIFICATION_NOT_FOUND')
  })

  it('When the reviewer rejects, then the vehicle is 未认证 again with the reason', async () => {
    const d = newDriver()
    const plate = newPlate()
    const id = await addAndSubmit(d, plate)
    ok(await reviewer('vehicle', 'reject', { id, reason: '行驶证照片不清晰' }))
    expect(await mine(d, plate)).toMatchObject({ status: 'ADDED', rejectReason: '行驶证照片不清晰' })
    expect(browse(emu, 'audit_log', { limit: 1000 }).filter((a) => a.target === id)).toEqual([expect.objectContaining({ action: 'vehicle.reject', reason: '行驶证照片不清晰' })])
  })

  it('When proof is missing, malformed or unknown, then it is refused with a Chinese reason and nothing is written', async () => {
    const d = newDriver()
    const plate = newPlate()
    ok(await d('vehicle', 'add', { plate }))
    const { id } = await mine(d, plate)
    const before = snapshot()
    expect(refused(await d('vehicle', 'verify', { id, proof: { ownerName: '车主' } }))).toEqual({ code: 'PROOF_MISSING', message: '请上传行驶证照片' })
    expect(refused(await d('vehicle', 'verify', { id, proof: { license: photo, ownerName: '  ' } }))).toEqual({ code: 'PROOF_MISSING', message: '请填写车辆所有人' })
    expect(refused(await d('vehicle', 'verify', { id, proof: { license: 'http://evil/x.png', ownerName: '车主' } })).code).toBe('BAD_INPUT')
    expect(refused(await d('vehicle', 'verify', { id, proof: { license: photo, ownerName: '车主', openid: 'x' } })).code).toBe('BAD_INPUT')
    expect(refused(await d('vehicle', 'verify', { id: 'nope', proof: { license: photo, ownerName: '车主' } })).code).toBe('VEHICLE_NOT_FOUND')
    expect(snapshot()).toBe(before)
  })

  it('When the office configures more proof, then 去认证 asks for it and refuses without it', async () => {
    seedDocuments(emu, {
      settings: [
        {
          _id: 'vehicle',
          servicePhone: '010-12345678',
          proofFields: [
            { key: 'license', label: '行驶证照片', kind: 'photo', required: true, placeholder: '' },
            { key: 'ownerName', label: '车辆所有人', kind: 'text', required: true, placeholder: '' },
            { key: 'idCard', label: '车主身份证照片', kind: 'photo', required: true, placeholder: '' },
          ],
        },
      ],
    })
    try {
      const d = newDriver()
      const config = ok<any>(await d('vehicle', 'config', {}))
      expect(config.servicePhone).toBe('010-12345678')
      expect(config.proofFields.map((f: any) => f.label)).toEqual(['行驶证照片', '车辆所有人', '车主身份证照片'])
      const plate = newPlate()
      ok(await d('vehicle', 'add', { plate }))
      const { id } = await mine(d, plate)
      expect(refused(await d('vehicle', 'verify', { id, proof: { license: photo, ownerName: '车主' } })).message).toBe('请上传车主身份证照片')
      ok(await d('vehicle', 'verify', { id, proof: { license: photo, ownerName: '车主', idCard: photo } }))
    } finally {
      emu.sqlite.prepare("DELETE FROM _db_documents WHERE collection = 'settings'").run()
    }
  })
})

describe('conflicts', () => {
  it("When another account's verification is approved, then the owner and the holders see the seed's prompts; 我知道了 removes the vehicle once", async () => {
    const plate = newPlate()
    const a = await verifiedOwner(plate)
    const holder = newDriver()
    ok(await holder('vehicle', 'add', { plate }))
    expect(await mine(holder, plate)).toMatchObject({ status: 'AWAITING_AUTH' })

    const b = newDriver()
    const bId = await addAndSubmit(b, plate) // from 等待授权: "I am the real owner"
    const queued = ok<any>(await reviewer('vehicle', 'verifications', {})).items.find((i: any) => i.id === bId)
    expect(queued.currentOwner).toMatchObject({ nickname: expect.any(String) })
    ok(await reviewer('vehicle', 'approve', { id: bId }))

    expect(await mine(b, plate)).toMatchObject({ status: 'VERIFIED' })
    expect(await mine(a, plate)).toMatchObject({ status: 'DISPLACED', notice: 'SUPERSEDED_OWNER' })
    expect(await mine(holder, plate)).toMatchObject({ status: 'DISPLACED', notice: 'SUPERSEDED_ADDED' })
    expect(plateDoc(plate)).toMatchObject({ ownerOpenid: b.openid })

    const countBefore = browse(emu, 'users', { limit: 1000 }).find((u) => u.openid === a.openid)!.vehicleCount as number
    ok(await a('vehicle', 'acknowledge', { id: a.vehicleId }))
    expect(await mine(a, plate)).toBeUndefined()
    ok(await a('vehicle', 'acknowledge', { id: a.vehicleId })) // a second tap: nothing more happens
    expect(browse(emu, 'users', { limit: 1000 }).find((u) => u.openid === a.openid)!.vehicleCount).toBe(countBefore - 1)
  })

  it('When an operator cancels a verification, then the owner sees 认证关系存在异常 and the authorized users keep the vehicle unverified', async () => {
    const plate = newPlate()
    const owner = await verifiedOwner(plate)
    const friend = newDriver()
    ok(await friend('vehicle', 'add', { plate }))
    ok(await owner('vehicle', 'authorize', { id: (await mine(friend, plate)).id, approve: true }))

    expect(ok<any>(await reviewer('vehicle', 'ownerOf', { plate })).owner).toMatchObject({ id: owner.vehicleId })
    ok(await reviewer('vehicle', 'cancelVerification', { plate, reason: '行驶证信息存疑' }))

    expect(await mine(owner, plate)).toMatchObject({ status: 'DISPLACED', notice: 'OPERATOR_CANCELLED' })
    expect(await mine(friend, plate)).toMatchObject({ status: 'ADDED', notice: null })
    expect(ok<any>(await reviewer('vehicle', 'ownerOf', { plate })).owner).toBeNull()
    expect(browse(emu, 'audit_log', { limit: 1000 }).filter((a) => a.action === 'vehicle.cancel' && a.target === owner.vehicleId)).toEqual([expect.objectContaining({ reason: '行驶证信息存疑' })])
    expect(refused(await reviewer('vehicle', 'cancelVerification', { plate, reason: '再次取消' })).code).toBe('PLATE_NOT_VERIFIED')
  })
})

describe('appeals', () => {
  /** A verified, B verifies the same plate and is approved; A appeals. */
  async function appealed() {
    const plate = newPlate()
    const a = await verifiedOwner(plate)
    const b = await verifiedOwner(plate)
    ok(await a('vehicle', 'appeal', { id: a.vehicleId, reason: '本人是行驶证登记的所有人', photos: [photo] }))
    const appeal = ok<any>(await reviewer('vehicle', 'appeals', {})).items.find((i: any) => i.plate === plate)
    return { plate, a, b, appeal }
  }

  it('When A appeals, then the vehicle stays as 申诉中 and the reviewer sees the reason, the evidence and the current owner', async () => {
    const { plate, a, appeal } = await appealed()
    expect(await mine(a, plate)).toMatchObject({ status: 'APPEALING', notice: null })
    expect(appeal).toMatchObject({ reason: '本人是行驶证登记的所有人', cause: 'SUPERSEDED_OWNER', status: 'PENDING', currentOwner: { nickname: expect.any(String) } })
    expect(appeal.photos).toEqual([expect.stringContaining('license.png')])
    expect(refused(await a('vehicle', 'remove', { id: a.vehicleId }))).toEqual({ code: 'VEHICLE_STATE', message: '申诉处理中，暂不能删除该车辆' })
  })

  it('When the reviewer upholds, then A is verified again with 申诉成功 once, and B sees the removal', async () => {
    const { plate, a, b, appeal } = await appealed()
    ok(await reviewer('vehicle', 'uphold', { id: appeal.id }))
    expect(await mine(a, plate)).toMatchObject({ status: 'VERIFIED', notice: 'APPEAL_UPHELD' })
    expect(await mine(b, plate)).toMatchObject({ status: 'DISPLACED', notice: 'SUPERSEDED_OWNER' })
    expect(plateDoc(plate)).toMatchObject({ ownerOpenid: a.openid, ownerRelationId: a.vehicleId })
    ok(await a('vehicle', 'acknowledge', { id: a.vehicleId }))
    expect(await mine(a, plate)).toMatchObject({ status: 'VERIFIED', notice: null })
    expect(refused(await reviewer('vehicle', 'uphold', { id: appeal.id })).code).toBe('APPEAL_NOT_FOUND')
    expect(refused(await reviewer('vehicle', 'dismiss', { id: appeal.id, reason: '证明材料不足' })).code).toBe('APPEAL_NOT_FOUND')
    expect(browse(emu, 'audit_log', { limit: 1000 }).filter((x) => x.target === appeal.id).map((x) => x.action)).toEqual(['vehicle.uphold'])
  })

  it('When the reviewer dismisses, then A sees 申诉失败 and 确定 removes the vehicle; B keeps it', async () => {
    const { plate, a, b, appeal } = await appealed()
    ok(await reviewer('vehicle', 'dismiss', { id: appeal.id, reason: '证明材料不足' }))
    expect(await mine(a, plate)).toMatchObject({ status: 'APPEAL_FAILED', notice: 'APPEAL_DISMISSED' })
    expect(await mine(b, plate)).toMatchObject({ status: 'VERIFIED' })
    ok(await a('vehicle', 'acknowledge', { id: a.vehicleId }))
    expect(await mine(a, plate)).toBeUndefined()
  })

  it('When an appeal has no evidence or its vehicle was not taken away, then it is refused and nothing is written', async () => {
    const plate = newPlate()
    const a = await verifiedOwner(plate)
    const before = snapshot()
    expect(refused(await a('vehicle', 'appeal', { id: a.vehicleId, reason: '本人是车主本人', photos: [photo] })).code).toBe('VEHICLE_STATE')
    expect(refused(await a('vehicle', 'appeal', { id: a.vehicleId, reason: '本人是车主本人', photos: [] })).message).toBe('请上传至少一张证明材料')
    expect(refused(await a('vehicle', 'appeal', { id: a.vehicleId, reason: '短', photos: [photo] })).message).toBe('申诉理由至少 5 个字')
    expect(snapshot()).toBe(before)
  })
})

describe('authorization', () => {
  it('When a driver adds a verified plate, then the owner sees the request and approves it; a revoke shows 车辆移除提醒', async () => {
    const plate = newPlate()
    const owner = await verifiedOwner(plate)
    const friend = newDriver()
    ok(await friend('vehicle', 'add', { plate }))
    const request = await mine(friend, plate)
    expect(request.status).toBe('AWAITING_AUTH')
    expect(await mine(owner, plate)).toMatchObject({ pendingRequests: 1 })
    expect(ok<any>(await owner('vehicle', 'settings', { id: owner.vehicleId })).members).toEqual([
      { id: request.id, nickname: expect.any(String), status: 'AWAITING_AUTH', since: expect.any(Number) },
    ])

    expect(refused(await friend('vehicle', 'authorize', { id: request.id, approve: true })).code).toBe('NOT_VEHICLE_OWNER')
    const view = ok<any>(await owner('vehicle', 'authorize', { id: request.id, approve: true }))
    expect(view.members).toEqual([expect.objectContaining({ id: request.id, status: 'AUTHORIZED' })])
    expect(await mine(friend, plate)).toMatchObject({ status: 'AUTHORIZED' })
    expect(refused(await friend('vehicle', 'settings', { id: request.id })).code).toBe('NOT_VEHICLE_OWNER')

    ok(await owner('vehicle', 'revoke', { id: request.id }))
    expect(await mine(friend, plate)).toMatchObject({ status: 'REMOVED', notice: 'AUTH_REVOKED' })
    ok(await friend('vehicle', 'acknowledge', { id: request.id }))
    expect(await mine(friend, plate)).toBeUndefined()
  })

  it('When the owner declines, then the requester sees 车辆移除提醒; 取消添加 withdraws a request', async () => {
    const plate = newPlate()
    const owner = await verifiedOwner(plate)
    const declined = newDriver()
    const withdrawn = newDriver()
    ok(await declined('vehicle', 'add', { plate }))
    ok(await withdrawn('vehicle', 'add', { plate }))
    ok(await owner('vehicle', 'authorize', { id: (await mine(declined, plate)).id, approve: false }))
    expect(await mine(declined, plate)).toMatchObject({ status: 'REMOVED', notice: 'AUTH_DECLINED' })
    ok(await withdrawn('vehicle', 'remove', { id: (await mine(withdrawn, plate)).id }))
    expect(await mine(withdrawn, plate)).toBeUndefined()
    expect(await mine(owner, plate)).toMatchObject({ pendingRequests: 0 })
  })

  it('When the owner changes privacy and notices, then they are kept; when the owner deletes the vehicle, authorized users keep it unverified', async () => {
    const plate = newPlate()
    const owner = await verifiedOwner(plate)
    const settings = { hideLotNames: true, notify: { entry: false, exit: true, coupon: false } }
    expect(ok<any>(await owner('vehicle', 'updateSettings', { id: owner.vehicleId, settings })).settings).toEqual(settings)
    expect(plateDoc(plate)!.settings).toEqual(settings)
    // Saving the same settings again is a save, not a refusal.
    expect(ok<any>(await owner('vehicle', 'updateSettings', { id: owner.vehicleId, settings })).settings).toEqual(settings)

    const friend = newDriver()
    ok(await friend('vehicle', 'add', { plate }))
    ok(await owner('vehicle', 'authorize', { id: (await mine(friend, plate)).id, approve: true }))
    ok(await owner('vehicle', 'remove', { id: owner.vehicleId }))
    expect(await mine(owner, plate)).toBeUndefined()
    expect(await mine(friend, plate)).toMatchObject({ status: 'ADDED' })
    expect(plateDoc(plate)).toMatchObject({ ownerOpenid: '' })
  })
})

describe('integrity', () => {
  it('When approvals for the same plate race, then exactly one verified owner is left, and the plate names it', async () => {
    const reviewers = ['o-race-r1', 'o-race-r2', 'o-race-r3']
    seedDocuments(emu, { staff: reviewers.map((openid) => ({ _id: openid, openid, name: openid, roles: ['reviewer'], active: true })) })
    for (let round = 0; round < 3; round++) {
      const plate = newPlate()
      const claimants = [newDriver(), newDriver(), newDriver()]
      const ids = await Promise.all(claimants.map((d) => addAndSubmit(d, plate)))
      const results = await Promise.all(ids.map((id, i) => as(emu, reviewers[i])('vehicle', 'approve', { id })))
      expect(results.filter((r) => r.ok).length).toBeGreaterThanOrEqual(1)
      for (const r of results) if (!r.ok) expect(r.error.code).toMatch(/VERIFICATION_NOT_FOUND|CONFLICT/)

      const verified = rowsOf(plate).filter((r) => r.status === 'VERIFIED')
      expect(verified).toHaveLength(1)
      expect(plateDoc(plate)).toMatchObject({ ownerRelationId: verified[0]._id, ownerOpenid: verified[0].openid })
      expect(rowsOf(plate).filter((r) => r.status !== 'VERIFIED').every((r) => r.status === 'DISPLACED')).toBe(true)
    }
  })

  it('When the sweep after a change of owner did not run (a crash after the commit), then the rows left behind catch up when next read', async () => {
    const plate = newPlate()
    const holder = newDriver()
    const friend = newDriver()
    const owner = await verifiedOwner(plate)
    ok(await holder('vehicle', 'add', { plate }))
    ok(await friend('vehicle', 'add', { plate }))
    ok(await owner('vehicle', 'authorize', { id: (await mine(friend, plate)).id, approve: true }))
    const holderRow = (await mine(holder, plate)).id

    // Another account becomes the owner with only the transaction's writes: the plate and the old owner's row.
    emu.clock.advance(60_000)
    const t = emu.clock.now()
    const db = useSdk(emu, 'o-test').database()
    await db.collection('plates').doc(plate).set({ data: { ownerOpenid: 'o-newcomer', ownerRelationId: 'row-newcomer', since: t, settings: plateDoc(plate)!.settings } })
    expect(await mine(holder, plate)).toMatchObject({ id: holderRow, status: 'DISPLACED', notice: 'SUPERSEDED_ADDED' })
    expect(await mine(friend, plate)).toMatchObject({ status: 'DISPLACED', notice: 'SUPERSEDED_ADDED' })
  })

  it('When a driver calls any staff action, then it is refused and nothing is written', async () => {
    const plate = newPlate()
    const owner = await verifiedOwner(plate)
    const d = newDriver()
    const id = await addAndSubmit(d, newPlate())
    const before = snapshot()
    const attempts: Array<[string, unknown]> = [
      ['verifications', {}],
      ['pending', {}],
      ['approve', { id }],
      ['reject', { id, reason: '不通过' }],
      ['appeals', {}],
      ['uphold', { id: 'x' }],
      ['dismiss', { id: 'x', reason: '不成立' }],
      ['ownerOf', { plate }],
      ['cancelVerification', { plate, reason: '取消认证' }],
    ]
    for (const [action, input] of attempts) expect(refused(await d('vehicle', action, input)), action).toMatchObject({ code: 'FORBIDDEN' })
    expect(refused(await owner('vehicle', 'approve', { id })).code).toBe('FORBIDDEN')
    expect(snapshot()).toBe(before)
  })
})
