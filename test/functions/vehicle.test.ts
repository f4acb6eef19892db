import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server'
import { browse } from '../../emulator/database'
import { startTestEmulator } from '../support/emulator'
import { as, ok, refused } from '../support/functions'

let emu: Emulator
let n = 0
/** A fresh driver per test, so tests do not share vehicles. */
const newDriver = () => `o-test-driver-${++n}`
const plates = (data: { vehicles: Array<{ plate: string; isDefault: boolean }> }) =>
  data.vehicles.map((v) => `${v.plate}${v.isDefault ? '*' : ''}`)
const vehicleDocsOf = (openid: string) => browse(emu, 'vehicles', { limit: 1000 }).filter((d) => d.openid === openid)

beforeAll(async () => {
  emu = await startTestEmulator()
})
afterAll(async () => {
  await emu?.close()
})

describe('我的车辆', () => {
  it('When a driver adds the first plate, then it becomes the default', async () => {
    const call = as(emu, newDriver())
    const data = ok(await call('vehicle', 'add', { plate: ' 京a 12345 ' }))
    expect(plates(data)).toEqual(['京A12345*'])
  })

  it('When a driver adds a second plate and sets it as default, then only it is marked default', async () => {
    const call = as(emu, newDriver())
    ok(await call('vehicle', 'add', { plate: '京A12345' }))
    const two = ok<any>(await call('vehicle', 'add', { plate: '粤BD12345' }))
    expect(plates(two)).toEqual(['京A12345*', '粤BD12345'])
    const switched = ok<any>(await call('vehicle', 'setDefault', { id: two.vehicles[1].id }))
    expect(plates(switched)).toEqual(['京A12345', '粤BD12345*'])
  })

  it('When the default vehicle is removed, then the oldest remaining one becomes default', async () => {
    const call = as(emu, newDriver())
    ok(await call('vehicle', 'add', { plate: '京A12345' }))
    const two = ok<any>(await call('vehicle', 'add', { plate: '沪C88888' }))
    const after = ok<any>(await call('vehicle', 'remove', { id: two.vehicles[0].id }))
    expect(plates(after)).toEqual(['沪C88888*'])
    const empty = ok<any>(await call('vehicle', 'remove', { id: after.vehicles[0].id }))
    expect(empty.vehicles).toEqual([])
  })

  it('When a driver adds the same plate twice, then it is refused and nothing is written', async () => {
    const openid = newDriver()
    const call = as(emu, openid)
    ok(await call('vehicle', 'add', { plate: '京A12345' }))
    const err = refused(await call('vehicle', 'add', { plate: '京a12345' }))
    expect(err).toEqual({ code: 'VEHICLE_DUPLICATE', message: '该车辆已在您的车辆列表中' })
    expect(vehicleDocsOf(openid)).toHaveLength(1)
  })

  it('When the plate is invalid, then it is refused with a Chinese reason and nothing is written', async () => {
    const openid = newDriver()
    const call = as(emu, openid)
    for (const plate of ['京A1234', 'AA12345', '京I12345', '', '京A123456789']) {
      const err = refused(await call('vehicle', 'add', { plate }))
      expect(err.code).toBe('BAD_INPUT')
      expect(err.message).toMatch(/[\u4e00-\u9fa5]/)
    }
    expect(vehicleDocsOf(openid)).toHaveLength(0)
  })

  it('When a driver already has 5 vehicles, then the sixth is refused with the limit', async () => {
    const openid = newDriver()
    const call = as(emu, openid)
    for (const p of ['京A00001', '京A00002', '京A00003', '京A00004', '京A00005']) ok(await call('vehicle', 'add', { plate: p }))
    const err = refused(await call('vehicle', 'add', { plate: '京A00006' }))
    expect(err.code).toBe('VEHICLE_LIMIT')
    expect(err.message).toBe('最多可添加 5 辆车')
    expect(vehicleDocsOf(openid)).toHaveLength(5)
  })

  it('When eight adds race, then exactly five vehicles exist and one of them is default', async () => {
    const openid = newDriver()
    const call = as(emu, openid)
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => call('vehicle', 'add', { plate: `津B1000${i}` })))
    expect(results.filter((r) => r.ok)).toHaveLength(5)
    const final = ok<any>(await call('vehicle', 'list', {}))
    expect(final.vehicles).toHaveLength(5)
    expect(final.vehicles.filter((v: any) => v.isDefault)).toHaveLength(1)
  })

  it('When the same plate is added twice at once, then one add wins', async () => {
    const openid = newDriver()
    const call = as(emu, openid)
    const results = await Promise.all([call('vehicle', 'add', { plate: '浙A66666' }), call('vehicle', 'add', { plate: '浙A66666' })])
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(vehicleDocsOf(openid)).toHaveLength(1)
    expect(plates(ok<any>(await call('vehicle', 'list', {})))).toEqual(['浙A66666*'])
  })

  it("When a driver targets another driver's vehicle, then it is refused and nothing changes", async () => {
    const owner = as(emu, newDriver())
    const other = as(emu, newDriver())
    const mine = ok<any>(await owner('vehicle', 'add', { plate: '苏E12345' }))
    const id = mine.vehicles[0].id
    expect(refused(await other('vehicle', 'remove', { id })).code).toBe('VEHICLE_NOT_FOUND')
    expect(refused(await other('vehicle', 'setDefault', { id })).code).toBe('VEHICLE_NOT_FOUND')
    expect(plates(ok<any>(await owner('vehicle', 'list', {})))).toEqual(['苏E12345*'])
  })

  it('When the input has unknown fields or the action is unknown, then it is refused', async () => {
    const call = as(emu, newDriver())
    expect(refused(await call('vehicle', 'add', { plate: '京A12345', ownerOpenid: 'someone-else' })).code).toBe('BAD_INPUT')
    expect(refused(await call('vehicle', 'drop', {})).code).toBe('UNKNOWN_ACTION')
    expect(refused(await call('vehicle', 'remove', {})).code).toBe('BAD_INPUT')
  })
})
