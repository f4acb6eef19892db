// 寻车 through the emulator (seed 001 §2.2 steps 2–4): 按车牌 by 3 or more
// characters, reading only the index's candidates (the emulator's documents-
// examined counter), with the privacy rule of seed 002 (usage.ts
// searchView); 按车位 by the start of a space number; 无车牌查询 of the
// caller's own plateless cars.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server'
import { getDatabaseStats, seedDocuments } from '../../emulator/database'
import { spaceNumberKeys } from '../../src/domain/parking/plate-search'
import { newStayDoc } from '../../src/domain/parking/stay'
import { DEFAULT_VEHICLE_SETTINGS, HIDDEN_LOT_NAME } from '../../src/domain/vehicle/usage'
import { startTestEmulator, useSdk } from '../support/emulator'
import { mulberry32 } from '../support/parking'
import { as, ok, refused } from '../support/functions'

let emu: Emulator
const NOW = Date.parse('2026-11-23T10:00:00+08:00')
const MINUTE = 60_000
const LOT = 'lot-s'
const LOT_NAME = '搜索测试车库'
/** Cars parked besides the ones each test names: the search must not read them. */
const CROWD = 2000
let photo: string
let n = 0

const account = (name: string) => {
  const openid = `o-search-${name}-${++n}`
  return { openid, call: as(emu, openid) }
}

/** A car in the lot, at `space` when given, with an entry photo. */
function park(plate: string | null, over: { space?: string; openid?: string; tempPlate?: string; minutesAgo?: number } = {}) {
  const id = `stay-s-${++n}`
  seedDocuments(emu, {
    stays: [
      {
        _id: id,
        ...newStayDoc({ lotId: LOT, laneId: 'ls-in', plate, kind: 'small', at: NOW - (over.minutesAgo ?? 90) * MINUTE, photo, tempPlate: over.tempPlate ?? null, openid: over.openid ?? null }),
        spaceId: over.space ? `${LOT}:${over.space}` : null,
      },
    ],
  })
  return id
}

/** `openid`'s 我的车辆 row for `plate`; VERIFIED also makes it the plate's owner, with `settings`. */
function relate(openid: string, plate: string, status: string, settings = DEFAULT_VEHICLE_SETTINGS) {
  const id = `rel-s-${++n}`
  seedDocuments(emu, {
    vehicles: [{ _id: id, openid, plate, createdAt: NOW - 10 * 86_400_000, status, notice: '', proof: null, submittedAt: null, rejectReason: null, changedAt: NOW - 86_400_000 }],
  })
  if (status === 'VERIFIED') seedDocuments(emu, { plates: [{ _id: plate, ownerOpenid: openid, ownerRelationId: id, since: NOW - 5 * 86_400_000, settings }] })
}

/** Documents examined while `run` executes. */
async function examined<T>(run: () => Promise<T>): Promise<{ result: T; docs: number }> {
  const before = getDatabaseStats(emu).docsExamined
  const result = await run()
  return { result, docs: getDatabaseStats(emu).docsExamined - before }
}

beforeAll(async () => {
  emu = await startTestEmulator()
  emu.clock.set(NOW)
  photo = (await useSdk(emu, 'o-camera').uploadFile({ cloudPath: 'gate/entry-1.jpg', fileContent: Buffer.from('jpg') })).fileID
  const numbers = ['B2-101', 'B2-105', 'B2-110', 'B2-201', 'B1-101', 'B1-105']
  seedDocuments(emu, {
    lots: [{ _id: LOT, name: LOT_NAME, parking: { kind: 'garage', floors: ['B1', 'B2'], capacity: numbers.length, address: '测试路 2 号', lanes: [] } }],
    spaces: numbers.map((number) => ({
      _id: `${LOT}:${number}`,
      lotId: LOT,
      floor: number.slice(0, 2),
      number,
      numberKeys: spaceNumberKeys(number),
      occupied: number === 'B2-105',
      plate: null,
      changedAt: NOW,
    })),
  })
  // The crowd: plates of 京Q and digits, none holding the letters the tests type.
  const rnd = mulberry32(11)
  seedDocuments(emu, {
    stays: Array.from({ length: CROWD }, (_, i) => ({
      _id: `crowd-${i}`,
      ...newStayDoc({ lotId: LOT, laneId: 'ls-in', plate: `京Q${String(Math.floor((rnd() / 2 ** 32) * 100000)).padStart(5, '0')}`, kind: 'small', at: NOW - 60 * MINUTE }),
    })),
  })
})
afterAll(async () => {
  await emu?.close()
})

describe('按车牌', () => {
  it('When fewer than 3 characters are typed, then the search is refused in Chinese and reads nothing', async () => {
    const me = account('short')
    for (const fragment of ['', '2', 'A1', ' 1 2 ']) {
      const { result, docs } = await examined(() => me.call('parking', 'search', { fragment }))
      expect(refused(result)).toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('请至少输入车牌中连续的 3 位') })
      expect(docs).toBe(0)
    }
  })

  it(`When 3 characters of a car's plate are typed among ${CROWD} parked cars, then it is found and only the index's candidates are examined`, async () => {
    const me = account('owner')
    park('京AX7K12', { space: 'B2-105', minutesAgo: 125 })
    relate(me.openid, '京AX7K12', 'VERIFIED')
    const { result, docs } = await examined(() => me.call('parking', 'search', { fragment: 'x7k' }))
    const { cars } = ok<any>(result)
    expect(cars).toEqual([
      {
        stayId: expect.any(String),
        lotId: LOT,
        lotName: LOT_NAME,
        plateText: '京A·X7K12',
        masked: false,
        floor: 'B2',
        space: 'B2-105',
        entryAt: NOW - 125 * MINUTE,
        minutes: 125,
        photoUrl: expect.stringMatching(/^https?:\/\//),
      },
    ])
    // The stays with the gram, the lot, the relation rows and the space: nowhere near the crowd.
    expect(docs).toBeLessThan(CROWD / 100)
  })

  it('When a digit fragment matches many cars, then every match holds it, at most 20 come back, and the examined documents are the gram\'s candidates, not the lot', async () => {
    const me = account('digits')
    const { result, docs } = await examined(() => me.call('parking', 'search', { fragment: '123' }))
    const { cars } = ok<any>(result)
    expect(cars.length).toBeGreaterThan(0)
    expect(cars.length).toBeLessThanOrEqual(20)
    for (const c of cars) expect(c.plateText.replace('·', '')).toMatch(/^京Q\*{0,2}123\*{0,2}$/)
    expect(docs).toBeLessThan(CROWD / 10)
  })

  it('When a stranger types part of an unverified plate, then only the typed characters show, without photo or place; typing the whole plate shows it', async () => {
    park('京AM3H45', { space: 'B2-101' })
    const stranger = account('stranger')
    const [masked] = ok<any>(await stranger.call('parking', 'search', { fragment: 'm3h' })).cars
    expect(masked).toMatchObject({ plateText: '京A·M3H**', masked: true, photoUrl: null, floor: null, space: null, entryAt: null, lotId: null, lotName: '搜索***', minutes: 90 })
    const [whole] = ok<any>(await stranger.call('parking', 'search', { fragment: '京AM3H45' })).cars
    expect(whole).toMatchObject({ plateText: '京A·M3H45', masked: false, space: 'B2-101', floor: 'B2', photoUrl: expect.any(String) })
  })

  it('When the car is in the searcher\'s 我的车辆 (an unverified plate they hold), then it shows in full with its photo', async () => {
    park('京AW2E68', { space: 'B1-105' })
    const holder = account('holder')
    relate(holder.openid, '京AW2E68', 'ADDED')
    const [car] = ok<any>(await holder.call('parking', 'search', { fragment: 'W2E' })).cars
    expect(car).toMatchObject({ plateText: '京A·W2E68', masked: false, space: 'B1-105', photoUrl: expect.any(String) })
  })

  it('When a verified car is searched by a stranger, then it shows masked with the lot hidden, even with the whole plate typed: never where it stands', async () => {
    park('京AV8R31', { space: 'B2-110' })
    relate(account('v-owner').openid, '京AV8R31', 'VERIFIED')
    const stranger = account('v-stranger')
    for (const fragment of ['V8R', '京AV8R31']) {
      const [car] = ok<any>(await stranger.call('parking', 'search', { fragment })).cars
      expect(car).toMatchObject({ lotName: HIDDEN_LOT_NAME, lotId: null, space: null, floor: null, entryAt: null, photoUrl: null })
    }
  })

  it('When the verified owner turned on privacy, then only the owner and those they authorized find the car; strangers find nothing even with the whole plate', async () => {
    const plate = '京AP9Y27'
    park(plate, { space: 'B2-201' })
    const owner = account('p-owner')
    relate(owner.openid, plate, 'VERIFIED', { ...DEFAULT_VEHICLE_SETTINGS, hideLotNames: true })
    const family = account('p-family')
    relate(family.openid, plate, 'AUTHORIZED')
    const stranger = account('p-stranger')
    for (const fragment of ['P9Y', plate]) expect(ok<any>(await stranger.call('parking', 'search', { fragment })).cars).toEqual([])
    expect(ok<any>(await owner.call('parking', 'search', { fragment: 'P9Y' })).cars).toEqual([
      expect.objectContaining({ plateText: '京A·P9Y27', lotName: LOT_NAME, space: 'B2-201', photoUrl: expect.any(String) }),
    ])
    // Authorized: found, the plate in full, the lot's name hidden as the owner chose (usage.ts lotNameFor).
    expect(ok<any>(await family.call('parking', 'search', { fragment: 'P9Y' })).cars).toEqual([
      expect.objectContaining({ plateText: '京A·P9Y27', lotName: HIDDEN_LOT_NAME, space: null, photoUrl: null }),
    ])
  })

  it('When a car has left, then it is not found', async () => {
    const id = park('京AL4T52')
    seedDocuments(emu, { stays: [{ _id: `${id}-old`, ...newStayDoc({ lotId: LOT, laneId: 'ls-in', plate: '京AL4T53', kind: 'small', at: NOW - 600 * MINUTE }), status: 'OUT', exitAt: NOW - 60 * MINUTE }] })
    const me = account('left')
    expect(ok<any>(await me.call('parking', 'search', { fragment: 'L4T' })).cars.map((c: any) => c.stayId)).toEqual([id])
  })
})

describe('按车位 and 无车牌查询', () => {
  it('When the start of a space number is typed, then the spaces it begins are listed with whether they are taken, through the index', async () => {
    const me = account('space')
    const { result, docs } = await examined(() => me.call('parking', 'searchSpace', { prefix: 'b2-1' }))
    expect(ok<any>(result).spaces).toEqual([
      { lotId: LOT, lotName: LOT_NAME, floor: 'B2', number: 'B2-101', occupied: false },
      { lotId: LOT, lotName: LOT_NAME, floor: 'B2', number: 'B2-105', occupied: true },
      { lotId: LOT, lotName: LOT_NAME, floor: 'B2', number: 'B2-110', occupied: false },
    ])
    expect(docs).toBeLessThanOrEqual(10)
    expect(ok<any>(await me.call('parking', 'searchSpace', { prefix: 'C9' })).spaces).toEqual([])
    expect(refused(await me.call('parking', 'searchSpace', { prefix: '' })).message).toContain('请输入车位号')
  })

  it('When the driver asks 无车牌查询, then their own cars without a plate are listed with entry photo and time, and nobody else\'s', async () => {
    const me = account('plateless')
    const mine = park(null, { openid: me.openid, tempPlate: '临A3F7K9', space: 'B1-101', minutesAgo: 30 })
    park(null, { openid: 'o-someone-else', tempPlate: '临B5C8D2' })
    expect(ok<any>(await me.call('parking', 'search', { noPlate: true })).cars).toEqual([
      { stayId: mine, lotId: LOT, lotName: LOT_NAME, plateText: '临A3F7K9', masked: false, floor: 'B1', space: 'B1-101', entryAt: NOW - 30 * MINUTE, minutes: 30, photoUrl: expect.any(String) },
    ])
  })
})
