// A visitor's parking by who pays it (visitor/parking.ts): the window the fee
// and the exit gate bill a pass-admitted stay with.
import { describe, expect, it } from 'vitest'
import { gateDecision, type GateInput } from '../../src/domain/parking/gate'
import { parkingFee } from '../../src/domain/parking/fee'
import { freeWindowOf, payerAtEntry, visitWindow, type StayVisit } from '../../src/domain/visitor/parking'
import { permitWindow } from '../../src/domain/parking/fee'
import { at, DEMO_RULE } from '../support/parking'

const visit = (payer: StayVisit['payer'], until = '2026-11-23 11:00'): StayVisit => ({ passId: 'p1', payer, until: at(until) })
const ENTRY = at('2026-11-23 09:00')

describe('visitWindow', () => {
  it.each([
    ['the visitor pays', visit('visitor'), null],
    ['no pass', null, null],
    ['a window already over at entry', visit('free', '2026-11-23 08:00'), null],
    ['free', visit('free'), { from: ENTRY, until: at('2026-11-23 11:00'), label: '访客预约时段内免费' }],
    ['the host pays', visit('host'), { from: ENTRY, until: at('2026-11-23 11:00'), label: '访客预约时段内由被访人支付' }],
  ])('When %s, then the window is as expected', (_name, v, expected) => {
    expect(visitWindow(v, ENTRY)).toEqual(expected)
  })
})

describe('a visitor stay on the bill and at the exit', () => {
  it('When a free visit ends at 11:00 and the car leaves at 12:00, then only the hour after the window is charged, with the window on the bill', () => {
    const full = parkingFee({ rule: DEMO_RULE, kind: 'small', entryAt: ENTRY, now: at('2026-11-23 12:00') })
    const free = parkingFee({ rule: DEMO_RULE, kind: 'small', entryAt: ENTRY, now: at('2026-11-23 12:00'), permit: visitWindow(visit('free'), ENTRY) })
    const afterWindow = parkingFee({ rule: DEMO_RULE, kind: 'small', entryAt: ENTRY, now: at('2026-11-23 12:00') }).amountFen - parkingFee({ rule: DEMO_RULE, kind: 'small', entryAt: ENTRY, now: at('2026-11-23 11:00') }).amountFen
    expect(full.amountFen).toBeGreaterThan(0)
    expect(free.amountFen).toBe(afterWindow)
    expect(free.steps.find((s) => s.kind === 'permit')).toMatchObject({ text: '访客预约时段内免费', fen: -(full.amountFen - free.amountFen) })
  })

  it('When a visitor the host pays for leaves within the window, then the barrier opens with nothing due; when the visitor pays, it asks the fee', () => {
    const base: GateInput = { lane: 'exit', now: at('2026-11-23 10:30'), plate: '京A12345', kind: 'small', rule: DEMO_RULE, permit: null, lotFull: false, stay: { entryAt: ENTRY, paid: null } }
    const hostPays = gateDecision({ ...base, stay: { entryAt: ENTRY, paid: null, visit: visitWindow(visit('host'), ENTRY) } })
    expect(hostPays).toMatchObject({ open: true, reason: 'FREE', amountFen: 0 })
    const visitorPays = gateDecision({ ...base, stay: { entryAt: ENTRY, paid: null, visit: visitWindow(visit('visitor'), ENTRY) } })
    expect(visitorPays).toMatchObject({ open: false, reason: 'UNPAID' })
    expect(visitorPays.amountFen).toBeGreaterThan(0)
  })
})

describe('which free window a stay is billed with', () => {
  const visitW = visitWindow(visit('free'), ENTRY)
  it.each([
    ['a permit valid at entry wins', permitWindow('2026-12-31'), 'permit'],
    ['an expired permit record does not take the visit away', permitWindow('2025-12-31'), 'visit'],
    ['a permit from a later day does not cover this entry', permitWindow('2026-12-31', '2026-11-24'), 'visit'],
    ['no permit', null, 'visit'],
  ] as const)('When %s, then the window is the %s', (_name, permit, expected) => {
    expect(freeWindowOf(permit, visitW, ENTRY)).toBe(expected === 'permit' ? permit : visitW)
  })
  it('When there is no visit, then the permit stands, valid or not', () => {
    const old = permitWindow('2025-12-31')
    expect(freeWindowOf(old, null, ENTRY)).toBe(old)
  })
  it.each([
    ['free', 'free', 'free'],
    ['host', 'free', 'host'],
    ['free', 'visitor', 'visitor'],
    ['host', 'visitor', 'visitor'],
    ['visitor', 'free', 'visitor'],
  ] as const)('When the pass says %s and the office now says %s, then %s pays', (pass, now, expected) => {
    expect(payerAtEntry(pass, now)).toBe(expected)
  })
})
