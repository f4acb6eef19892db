import { describe, expect, it } from 'vitest'
import { gateDecision, leaveByOf, mayEnter, mayLeave, withinGrace, type GateDecision, type GateInput } from '../../src/domain/parking/gate'
import { permitWindow } from '../../src/domain/parking/fee'
import { at, DEMO_RULE } from '../support/parking'


const RULE = DEMO_RULE

const NOW = '2026-11-23 12:00'
const base: GateInput = { lane: 'entry', now: at(NOW), plate: '京A12345', kind: 'small', rule: RULE, stay: null, permit: null, lotFull: false }
const permit = permitWindow('2026-12-31')
const expired = permitWindow('2026-11-22')
const stay = (entry: string, paid?: { fen: number; until: string; at: string }) => ({
  entryAt: at(entry),
  paid: paid ? { fen: paid.fen, until: at(paid.until), at: at(paid.at) } : null,
})

type Expected = Pick<GateDecision, 'open' | 'reason' | 'led' | 'voice' | 'amountFen' | 'flag'>
const rows: Array<[string, Partial<GateInput>, Expected]> = [
  // ── entry ──
  ['a plate at the entry', {}, { open: true, reason: 'WELCOME', led: ['京A·12345', '欢迎光临'], voice: '京A12345，欢迎光临', amountFen: 0, flag: null }],
  ['no plate at the entry', { plate: null }, { open: false, reason: 'NO_PLATE', led: ['未识别车牌', '请扫码入场'], voice: '未识别车牌，请扫码入场', amountFen: 0, flag: null }],
  ['a full lot', { lotFull: true }, { open: false, reason: 'FULL', led: ['京A·12345', '车位已满'], voice: '车位已满', amountFen: 0, flag: null }],
  ['a permit holder at a full lot', { lotFull: true, permit }, { open: true, reason: 'PERMIT', led: ['京A·12345', '欢迎光临', '车证有效期至', '2026.12.31'], voice: '京A12345，欢迎光临', amountFen: 0, flag: null }],
  ['an expired permit at a full lot', { lotFull: true, permit: expired }, { open: false, reason: 'FULL', led: ['京A·12345', '车位已满'], voice: '车位已满', amountFen: 0, flag: null }],
  ['a reservation at a full lot', { lotFull: true, reservation: true }, { open: true, reason: 'RESERVATION', led: ['京A·12345', '欢迎光临', '预约车位'], voice: '京A12345，欢迎光临', amountFen: 0, flag: null }],
  ['a visitor pass', { visitorPass: true }, { open: true, reason: 'VISITOR', led: ['京A·12345', '欢迎光临', '访客车辆'], voice: '京A12345，欢迎光临', amountFen: 0, flag: null }],
  ['a visitor pass at a full lot', { visitorPass: true, lotFull: true }, { open: false, reason: 'FULL', led: ['京A·12345', '车位已满'], voice: '车位已满', amountFen: 0, flag: null }],
  ['a plate typed loosely by the camera', { plate: '京a 12345' }, { open: true, reason: 'WELCOME', led: ['京A·12345', '欢迎光临'], voice: '京A12345，欢迎光临', amountFen: 0, flag: null }],
  ['a plate already inside', { stay: stay('2026-11-23 08:00') }, { open: true, reason: 'WELCOME', led: ['京A·12345', '欢迎光临'], voice: '京A12345，欢迎光临', amountFen: 0, flag: 'DUPLICATE_ENTRY' }],
  ['a locked car entering (lock only holds exits)', { locked: true }, { open: true, reason: 'WELCOME', led: ['京A·12345', '欢迎光临'], voice: '京A12345，欢迎光临', amountFen: 0, flag: null }],
  // ── exit ──
  ['no plate at the exit', { lane: 'exit', plate: null }, { open: false, reason: 'NO_PLATE', led: ['未识别车牌', '请扫码出场'], voice: '未识别车牌，请扫码出场', amountFen: 0, flag: null }],
  ['an unpaid stay of two hours', { lane: 'exit', stay: stay('2026-11-23 10:00') }, { open: false, reason: 'UNPAID', led: ['京A·12345', '停车2时', '请缴费 ¥7.00', '请扫码缴费'], voice: '请缴费7元，请扫码缴费', amountFen: 700, flag: null }],
  ['an unpaid stay with a part yuan', { lane: 'exit', stay: stay('2026-11-23 18:00'), now: at('2026-11-23 19:20') }, { open: false, reason: 'UNPAID', led: ['京A·12345', '停车1时20分', '请缴费 ¥5.50', '请扫码缴费'], voice: '请缴费5.5元，请扫码缴费', amountFen: 550, flag: null }],
  ['a stay within the free minutes', { lane: 'exit', stay: stay('2026-11-23 11:50') }, { open: true, reason: 'FREE', led: ['京A·12345', '停车10分', '一路顺风'], voice: '一路顺风', amountFen: 0, flag: null }],
  ['paid 10 minutes ago', { lane: 'exit', stay: stay('2026-11-23 10:00', { fen: 700, until: '2026-11-23 11:48', at: '2026-11-23 11:50' }) }, { open: true, reason: 'PAID', led: ['京A·12345', '已缴费', '一路顺风'], voice: '一路顺风', amountFen: 0, flag: null }],
  ['paid exactly 15 minutes ago', { lane: 'exit', stay: stay('2026-11-23 10:00', { fen: 700, until: '2026-11-23 11:45', at: '2026-11-23 11:45' }) }, { open: true, reason: 'PAID', led: ['京A·12345', '已缴费', '一路顺风'], voice: '一路顺风', amountFen: 0, flag: null }],
  ['paid 16 minutes ago, a new unit since', { lane: 'exit', stay: stay('2026-11-23 10:00', { fen: 600, until: '2026-11-23 11:44', at: '2026-11-23 11:44' }) }, { open: false, reason: 'UNPAID', led: ['京A·12345', '停车2时', '请缴费 ¥1.00', '请扫码缴费'], voice: '请缴费1元，请扫码缴费', amountFen: 100, flag: null }],
  ['paid 20 minutes ago, the paid unit still running', { lane: 'exit', now: at('2026-11-23 12:10'), stay: stay('2026-11-23 10:00', { fen: 700, until: '2026-11-23 11:50', at: '2026-11-23 11:50' }) }, { open: true, reason: 'FREE', led: ['京A·12345', '停车2时10分', '一路顺风'], voice: '一路顺风', amountFen: 0, flag: null }],
  ['a permit holder leaving', { lane: 'exit', permit, stay: stay('2026-11-22 08:00') }, { open: true, reason: 'PERMIT', led: ['京A·12345', '车证有效期至', '2026.12.31', '一路顺风'], voice: '一路顺风', amountFen: 0, flag: null }],
  ['a permit that expired during the stay', { lane: 'exit', permit: expired, stay: stay('2026-11-22 22:00'), now: at('2026-11-23 01:20') }, { open: false, reason: 'UNPAID', led: ['京A·12345', '停车3时20分', '请缴费 ¥1.50', '请扫码缴费'], voice: '请缴费1.5元，请扫码缴费', amountFen: 150, flag: null }],
  ['a large car unpaid', { lane: 'exit', kind: 'large', stay: stay('2026-11-23 10:00') }, { open: false, reason: 'UNPAID', led: ['京A·12345', '停车2时', '请缴费 ¥14.00', '请扫码缴费'], voice: '请缴费14元，请扫码缴费', amountFen: 1400, flag: null }],
  ['no entry record', { lane: 'exit' }, { open: false, reason: 'NO_ENTRY_RECORD', led: ['京A·12345', '无入场记录', '请缴费 ¥5.00', '请扫码缴费'], voice: '无入场记录，请缴费5元，请扫码缴费', amountFen: 500, flag: 'NO_ENTRY_RECORD' }],
  ['no entry record, a large car', { lane: 'exit', kind: 'large' }, { open: false, reason: 'NO_ENTRY_RECORD', led: ['京A·12345', '无入场记录', '请缴费 ¥10.00', '请扫码缴费'], voice: '无入场记录，请缴费10元，请扫码缴费', amountFen: 1000, flag: 'NO_ENTRY_RECORD' }],
  ['no entry record, a first period that is free', { lane: 'exit', kind: 'newEnergy' }, { open: true, reason: 'FREE', led: ['京A·12345', '无入场记录', '一路顺风'], voice: '一路顺风', amountFen: 0, flag: 'NO_ENTRY_RECORD' }],
  ['no entry record, a permit holder', { lane: 'exit', permit }, { open: true, reason: 'PERMIT', led: ['京A·12345', '车证有效期至', '2026.12.31', '一路顺风'], voice: '一路顺风', amountFen: 0, flag: 'NO_ENTRY_RECORD' }],
  ['no entry record, the car the barrier just let out read again', { lane: 'exit', justLeft: true }, { open: true, reason: 'JUST_LEFT', led: ['京A·12345', '一路顺风'], voice: '一路顺风', amountFen: 0, flag: null }],
  ['an open stay is billed even if an earlier one just ended', { lane: 'exit', justLeft: true, stay: stay('2026-11-23 10:00') }, { open: false, reason: 'UNPAID', led: ['京A·12345', '停车2时', '请缴费 ¥7.00', '请扫码缴费'], voice: '请缴费7元，请扫码缴费', amountFen: 700, flag: null }],
  ['a fixed-amount stay asks its stored amount, not the first period', { lane: 'exit', stay: { ...stay('2026-11-23 11:57'), fixedFen: 800 } }, { open: false, reason: 'NO_ENTRY_RECORD', led: ['京A·12345', '无入场记录', '请缴费 ¥8.00', '请扫码缴费'], voice: '无入场记录，请缴费8元，请扫码缴费', amountFen: 800, flag: 'NO_ENTRY_RECORD' }],
  ['a fixed-amount stay paid within the grace (a coupon took part of it)', { lane: 'exit', stay: { ...stay('2026-11-23 11:40', { fen: 300, until: '2026-11-23 11:50', at: '2026-11-23 11:50' }), fixedFen: 500 } }, { open: true, reason: 'PAID', led: ['京A·12345', '已缴费', '一路顺风'], voice: '一路顺风', amountFen: 0, flag: null }],
  ['a fixed-amount stay paid, after the grace: nothing more is due', { lane: 'exit', stay: { ...stay('2026-11-23 10:00', { fen: 500, until: '2026-11-23 10:05', at: '2026-11-23 10:05' }), fixedFen: 500 } }, { open: true, reason: 'FREE', led: ['京A·12345', '无入场记录', '一路顺风'], voice: '一路顺风', amountFen: 0, flag: 'NO_ENTRY_RECORD' }],
  ['a fixed-amount stay of a permit holder', { lane: 'exit', permit, stay: { ...stay('2026-11-23 11:57'), fixedFen: 500 } }, { open: true, reason: 'PERMIT', led: ['京A·12345', '车证有效期至', '2026.12.31', '一路顺风'], voice: '一路顺风', amountFen: 0, flag: 'NO_ENTRY_RECORD' }],
  ['a locked car at the exit, even paid', { lane: 'exit', locked: true, stay: stay('2026-11-23 10:00', { fen: 700, until: NOW, at: NOW }) }, { open: false, reason: 'LOCKED', led: ['京A·12345', '车辆已锁定', '请联系车主'], voice: '车辆已锁定，请联系车主', amountFen: 0, flag: null }],
  ['a locked car at the exit owing', { lane: 'exit', locked: true, stay: stay('2026-11-23 08:00') }, { open: false, reason: 'LOCKED', led: ['京A·12345', '车辆已锁定', '请联系车主'], voice: '车辆已锁定，请联系车主', amountFen: 0, flag: null }],
  ['a locked car at the exit with no entry record', { lane: 'exit', locked: true, stay: null }, { open: false, reason: 'LOCKED', led: ['京A·12345', '车辆已锁定', '请联系车主'], voice: '车辆已锁定，请联系车主', amountFen: 0, flag: null }],
  ['a locked car the barrier just let out, read again', { lane: 'exit', locked: true, stay: null, justLeft: true }, { open: false, reason: 'LOCKED', led: ['京A·12345', '车辆已锁定', '请联系车主'], voice: '车辆已锁定，请联系车主', amountFen: 0, flag: null }],
  ['a full lot does not hold an exit', { lane: 'exit', lotFull: true, stay: stay('2026-11-23 11:55') }, { open: true, reason: 'FREE', led: ['京A·12345', '停车5分', '一路顺风'], voice: '一路顺风', amountFen: 0, flag: null }],
]

describe('the gate decision', () => {
  it.each(rows)('When the lane sees %s, then the gate answers as expected', (_why, input, expected) => {
    const d = gateDecision({ ...base, ...input })
    expect({ open: d.open, reason: d.reason, led: d.led, voice: d.voice, amountFen: d.amountFen, flag: d.flag }).toEqual(expected)
  })

  it('When an exit is refused for payment, then the bill comes with it, and the LED amount is the bill’s', () => {
    const d = gateDecision({ ...base, lane: 'exit', stay: stay('2026-11-23 10:00') })
    expect(d.fee?.amountFen).toBe(700)
    expect(d.fee?.rule[0]).toBe('车型：小型车')
  })

  it('When any decision is made, then the LED fits a lane screen (at most 4 lines of 10 characters)', () => {
    for (const [, input] of rows) {
      const d = gateDecision({ ...base, ...input })
      expect(d.led.length).toBeLessThanOrEqual(4)
      for (const line of d.led) expect([...line].length).toBeLessThanOrEqual(10)
    }
  })
})

describe('the rules the gate shares with 扫码开闸 and the bill', () => {
  it('When a car paid, then it may leave until paidAt + the grace period, inclusive', () => {
    const paidAt = at('2026-11-23 11:45')
    expect(leaveByOf(paidAt, 15)).toBe(at('2026-11-23 12:00'))
    expect(withinGrace({ at: paidAt }, 15, at('2026-11-23 12:00'))).toBe(true)
    expect(withinGrace({ at: paidAt }, 15, at('2026-11-23 12:00') + 1)).toBe(false)
    expect(withinGrace(null, 15, paidAt)).toBe(false)
  })

  it('When a car comes to an entry, then a full lot refuses it unless it holds a valid permit or a reservation, whatever its plate', () => {
    const now = at(NOW)
    expect(mayEnter({ now, lotFull: false, permit: null })).toBe('WELCOME')
    expect(mayEnter({ now, lotFull: true, permit: null })).toBe('FULL')
    expect(mayEnter({ now, lotFull: true, permit })).toBe('PERMIT')
    expect(mayEnter({ now, lotFull: true, permit: expired })).toBe('FULL')
    expect(mayEnter({ now, lotFull: true, permit: null, reservation: true })).toBe('RESERVATION')
    expect(mayEnter({ now, lotFull: true, permit: null, visitorPass: true })).toBe('FULL')
  })

  it('When a car with a stay comes to an exit, then it leaves if paid within the grace period or nothing is due, else it pays first', () => {
    const now = at(NOW)
    expect(mayLeave({ paid: { at: now - 10 * 60_000 }, graceMinutes: 15, dueFen: 100, now })).toBe('PAID')
    expect(mayLeave({ paid: { at: now - 16 * 60_000 }, graceMinutes: 15, dueFen: 0, now })).toBe('FREE')
    expect(mayLeave({ paid: null, graceMinutes: 15, dueFen: 0, now })).toBe('FREE')
    expect(mayLeave({ paid: { at: now - 16 * 60_000 }, graceMinutes: 15, dueFen: 100, now })).toBeNull()
  })
})
