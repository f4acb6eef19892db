// 寻车 search keys (plate-search.ts) and who sees what of a car it finds
// (usage.ts searchView, maskPlate).
import { describe, expect, it } from 'vitest'
import {
  FragmentInput,
  SpacePrefixInput,
  fragmentAt,
  lookupGram,
  normalizeSpaceNumber,
  plateGrams,
  spaceNumberKeys,
} from '../../src/domain/parking/plate-search'
import { newStayDoc } from '../../src/domain/parking/stay'
import { DEFAULT_VEHICLE_SETTINGS, USAGE_RELATIONS, maskPlate, searchView, type UsageRelation, type VehicleUsage } from '../../src/domain/vehicle/usage'
import * as z from '../../src/domain/zod'

describe('plate grams', () => {
  it.each([
    ['京A12345', ['京A1', 'A12', '123', '234', '345']],
    ['粤BD12345', ['粤BD', 'BD1', 'D12', '123', '234', '345']],
    ['京 a·12345', ['京A1', 'A12', '123', '234', '345']],
    ['京A11111', ['京A1', 'A11', '111']],
    ['AB', []],
    [null, []],
  ])('When the plate is %s, then its grams are %j', (plate, grams) => {
    expect(plateGrams(plate)).toEqual(grams)
  })

  it('When any 3 to 8 consecutive characters of a plate are typed, then the gram looked up is one of the plate\'s grams and the fragment is found in the plate', () => {
    for (const plate of ['京A12345', '粤BD12345', '沪C1234警', '京AF0236']) {
      const chars = Array.from(plate)
      for (let len = 3; len <= chars.length; len++)
        for (let i = 0; i + len <= chars.length; i++) {
          const fragment = chars.slice(i, i + len).join('')
          expect(plateGrams(plate)).toContain(lookupGram(fragment))
          expect(fragmentAt(plate, fragment)).toBeGreaterThanOrEqual(0)
          expect(fragmentAt(plate, fragment)).toBeLessThanOrEqual(i)
        }
    }
  })

  it.each([
    ['京A12', 'A12'], // the province gram is shared by a whole region: avoided
    ['12345', '345'], // all digits: the last
    ['A1B23', 'A1B'], // most letters
    ['123', '123'],
    ['12', null],
  ])('When %s is typed, then it is looked up by %s', (fragment, gram) => {
    expect(lookupGram(fragment)).toBe(gram)
  })

  it('When a new stay is built, then it carries its plate\'s grams; a car without a plate has none', () => {
    const base = { lotId: 'l', laneId: 'in', kind: 'small' as const, at: 1 }
    expect(newStayDoc({ ...base, plate: '京A12345' }).plateGrams).toEqual(plateGrams('京A12345'))
    expect(newStayDoc({ ...base, plate: null, tempPlate: '临A3F7K9', openid: 'o' }).plateGrams).toEqual([])
  })
})

describe('typed input', () => {
  it.each([
    ['234', '234'],
    [' a1２ ', 'A12'],
    ['京a·123', '京A123'],
  ])('When %j is typed, then the fragment is %j', (input, out) => {
    expect(z.parse(FragmentInput, input)).toBe(out)
  })

  it.each([
    ['23', '请至少输入车牌中连续的 3 位'],
    ['', '请至少输入车牌中连续的 3 位'],
    ['京A123456789', '车牌最多 8 位'],
    ['12$', '车牌号含有无效字符'],
  ])('When %j is typed, then it is refused: %s', (input, message) => {
    const r = z.safeParse(FragmentInput, input)
    expect(r.success).toBe(false)
    expect(r.error!.issues.map((i) => i.message)).toContain(message)
  })

  it('When a space number is typed, then its prefix is normalised and each stored space holds every prefix of its number', () => {
    expect(z.parse(SpacePrefixInput, ' b2－1')).toBe('B2-1')
    expect(normalizeSpaceNumber('b2 105')).toBe('B2105')
    expect(spaceNumberKeys('B2-105')).toEqual(['B', 'B2', 'B2-', 'B2-1', 'B2-10', 'B2-105'])
    expect(spaceNumberKeys('B2-105')).toContain(z.parse(SpacePrefixInput, 'b2-1'))
    expect(z.safeParse(SpacePrefixInput, '').success).toBe(false)
    expect(z.safeParse(SpacePrefixInput, 'B2/1').success).toBe(false)
  })
})

describe('masking', () => {
  it.each([
    ['京A12345', '234', '京A·*234*'],
    ['京A12345', '123', '京A·123**'],
    ['京A12345', 'A12', '京A·12***'],
    ['京A12345', '京A1', '京A·1****'],
    ['粤BD12345', '345', '粤B·***345'],
    ['京A12345', '999', '京A·*****'],
  ])('When %s is found by %s, then a stranger sees %s', (plate, fragment, shown) => {
    expect(maskPlate(plate, fragment)).toBe(shown)
  })
})

describe('search view', () => {
  const unverified: VehicleUsage = { verified: false, settings: DEFAULT_VEHICLE_SETTINGS }
  const verified: VehicleUsage = { verified: true, settings: DEFAULT_VEHICLE_SETTINGS }
  const privateCar: VehicleUsage = { verified: true, settings: { ...DEFAULT_VEHICLE_SETTINGS, hideLotNames: true } }
  // [vehicle, relation, typed the whole plate] → listed, full plate, photo, where
  const table: Array<[string, VehicleUsage, UsageRelation, boolean, [boolean, boolean, boolean, boolean]]> = [
    ['private, owner', privateCar, 'OWNER', false, [true, true, true, true]],
    ['private, authorized', privateCar, 'AUTHORIZED', false, [true, true, false, false]],
    ['private, stranger typing the whole plate', privateCar, 'NONE', true, [false, false, false, false]],
    ['private, stranger', privateCar, 'NONE', false, [false, false, false, false]],
    ['private, HOLDER (usageRelation never gives it on a verified plate)', privateCar, 'HOLDER', true, [false, false, false, false]],
    ['verified, owner', verified, 'OWNER', false, [true, true, true, true]],
    ['verified, authorized', verified, 'AUTHORIZED', false, [true, true, true, true]],
    ['verified, stranger', verified, 'NONE', false, [true, false, false, false]],
    ['verified, stranger typing the whole plate', verified, 'NONE', true, [true, true, false, false]],
    ['unverified, holder (我的车辆)', unverified, 'HOLDER', false, [true, true, true, true]],
    ['unverified, stranger', unverified, 'NONE', false, [true, false, false, false]],
    ['unverified, stranger typing the whole plate', unverified, 'NONE', true, [true, true, true, true]],
  ]
  it.each(table)('When the car is %s, then it is listed / full plate / photo / where: %j', (_name, vehicle, relation, typed, [listed, fullPlate, photo, where]) => {
    expect(searchView(vehicle, relation, typed)).toEqual({ listed, fullPlate, photo, where })
  })

  it('When fragmentAt is asked for a fragment not in the plate, then it answers -1', () => {
    expect(fragmentAt('京A12345', '999')).toBe(-1)
    expect(fragmentAt('京A12345', '345')).toBe(4)
  })

  it('When anything is unconfirmed, then no photo and no place show; a photo never shows without the full plate', () => {
    for (const v of [unverified, verified, privateCar])
      for (const r of USAGE_RELATIONS)
        for (const typed of [false, true]) {
          const view = searchView(v, r, typed)
          if (view.photo || view.where) expect(view.fullPlate && view.listed).toBe(true)
          if (!view.listed) expect(view).toEqual({ listed: false, fullPlate: false, photo: false, where: false })
        }
  })
})
