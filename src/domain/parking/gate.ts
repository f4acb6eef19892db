// The gate decision (seed 001 §2.4): one pure function from what a lane saw
// and what we know about the car to open or deny, the LED lines and the voice
// text. The device function answers `plate seen` with it; the simulator and
// the 工作台 show the same words.
//
// Decisions:
// - Entry: a plate that was read opens (temporary cars are welcome and pay on
//   leaving). A full lot refuses with 车位已满, except permit holders and a car
//   with a reservation for now (its space is held). No plate read: refuse and
//   ask to scan the lane QR (扫码入场 gives a temporary plate). A plate that
//   already has an open stay here opens too and is flagged DUPLICATE_ENTRY for
//   staff (the camera missed its exit, or a cloned plate): a barrier is no
//   place to argue. The device function then ends the old stay unbilled
//   (EXIT_MISSED) and opens a new one, so a missed exit is never billed from
//   the old entry; an unpaid fixed-amount stay (no entry record) is not a
//   duplicate but a debt the car left behind, and is ended the same way.
// - Exit: opens when the car paid within the grace period (rule.graceMinutes
//   from the payment), or when nothing is due now (free minutes, permit,
//   a paid unit still running). Otherwise the LED shows the amount and
//   请扫码缴费. The fee is computed here from the stay, so lane and bill agree;
//   coupons are applied when paying, not at the barrier.
// - A car at an exit with no entry record is billed the first period
//   (firstPeriodFen) and flagged NO_ENTRY_RECORD for staff, as vendors'
//   "无入场记录车按首段计费" setting does; a valid permit holder opens (flagged).
//   The device function keeps that amount on a stay (`fixedFen`) for the driver
//   to pay; from then on the gate asks that stored amount, by the same rule as
//   the bill (fee.ts fixedFee), never a recomputed first period.
// - A plate with no open stay whose last stay here ended at an exit less than
//   JUST_LEFT_MINUTES ago is a car the barrier just let out and a camera read
//   again (cameras re-send while the car is still in the lane, or the answer
//   to the opening was lost): it opens again as JUST_LEFT and nothing is
//   billed, instead of a NO_ENTRY_RECORD charge for a car that paid.
// - A locked car (锁车, the owner's choice) never opens at an exit, paid or
//   not, and whatever else is true; the LED says 车辆已锁定，请联系车主 (the
//   driver at the barrier may not be the owner). Entry ignores the lock.
// - A reservation in its window (车位预定, reservation/rules.ts gateUse) lets a
//   car into a full lot; its fee, paid when booking, is deducted at the exit
//   as on the bill. A visitor pass only changes the greeting for now (visitors
//   pay by the lot's rule).
// - LED lines stay short (at most 4 lines of 10 characters, what common lane
//   screens show); the voice reads the plate without the dot and amounts in 元.
import { formatYuan } from '../money'
import { formatPlate, normalizePlate } from '../plate'
import { shanghai } from '../time'
import { freeWindowOf } from '../visitor/parking'
import { firstPeriodFen, fixedFee, parkingFee, stayMinutes, type Fee, type FeeRule, type Paid, type PermitWindow, type VehicleKind } from './fee'

export type LaneKind = 'entry' | 'exit'

/** A payment of the open stay: what it settled (fee.ts Paid) and when it completed (grace counts from then). */
export interface GatePaid extends Paid {
  at: number
}

/** The plate's open stay in this lot. */
export interface OpenStay {
  entryAt: number
  paid: GatePaid | null
  /** Opened at an exit with no entry record: the fixed amount it is billed (the bill's fixedFee), not its time. */
  fixedFen?: number | null
  /** The reservation fee paid when booking (车位预定), deducted as on the bill (fee.ts prepaidFen). */
  prepaidFen?: number
  /** A visitor's pass that admitted it, when the visitor does not pay (访客预约): free as a permit is, to the visit's end (fee.ts PermitWindow). */
  visit?: PermitWindow | null
}

/** How long after a car left through an exit a read of its plate at an exit is taken as that same car still in the lane. */
export const JUST_LEFT_MINUTES = 5

/** When a car paid at `paidAt` must have left: the grace period counts from the payment. */
export const leaveByOf = (paidAt: number, graceMinutes: number) => paidAt + graceMinutes * 60_000

/** Paid, and `now` still within the grace period after that payment. */
export const withinGrace = (paid: { at: number } | null, graceMinutes: number, now: number) => paid !== null && now <= leaveByOf(paid.at, graceMinutes)

/** Why an entry opens, or FULL. */
export type EntryAdmission = 'WELCOME' | 'PERMIT' | 'RESERVATION' | 'VISITOR' | 'FULL'

/**
 * Entry admission, whatever the plate (扫码入场 of a car without one asks it
 * too): a full lot refuses, except a valid permit holder and a car with a
 * reservation for now; otherwise the car is welcome, for the reason the LED
 * greets it with.
 */
export function mayEnter(input: { now: number; lotFull: boolean; permit: PermitWindow | null; reservation?: boolean; visitorPass?: boolean }): EntryAdmission {
  const hasPermit = permitValidAt(input.permit, input.now)
  if (input.lotFull && !hasPermit && !input.reservation) return 'FULL'
  if (hasPermit) return 'PERMIT'
  if (input.reservation) return 'RESERVATION'
  if (input.visitorPass) return 'VISITOR'
  return 'WELCOME'
}

/**
 * Exit with a stay billed by time: the car may leave when it paid within the
 * grace period, or when nothing is due now; null when it must pay first. The
 * gate decides by it, and so does 扫码出场 for a car whose plate the exit
 * camera cannot read.
 */
export function mayLeave(input: { paid: { at: number } | null; graceMinutes: number; dueFen: number; now: number }): 'PAID' | 'FREE' | null {
  if (withinGrace(input.paid, input.graceMinutes, input.now)) return 'PAID'
  return input.dueFen === 0 ? 'FREE' : null
}

export interface GateInput {
  lane: LaneKind
  now: number
  /** The plate read at the lane, or null when none was read. */
  plate: string | null
  kind: VehicleKind
  /** The rule the stay is billed by (in force at its entry); for a car with no entry record, the current one. */
  rule: FeeRule
  stay: OpenStay | null
  /** Exit, no open stay: the plate's last stay here ended at an exit less than JUST_LEFT_MINUTES ago. */
  justLeft?: boolean
  /** The plate's approved permit for this lot. */
  permit: PermitWindow | null
  lotFull: boolean
  /** The owner (or an account they authorized) locked the car (锁车). */
  locked?: boolean
  /** Entry: the plate has a reservation (车位预定) whose window is open now. */
  reservation?: boolean
  /** Later: a visitor pass (访客预约) valid now. */
  visitorPass?: boolean
}

export const GATE_REASONS = [
  'WELCOME', // entry: a plate, room in the lot
  'PERMIT', // a valid permit
  'RESERVATION', // entry: a reservation, even when full
  'VISITOR', // entry: a visitor pass
  'FULL', // entry refused: no space
  'NO_PLATE', // no plate read: scan the lane QR
  'PAID', // exit: paid within the grace period
  'FREE', // exit: nothing due now
  'UNPAID', // exit refused: pay first
  'NO_ENTRY_RECORD', // exit refused: no entry record, billed the first period
  'LOCKED', // exit refused: the car is locked
  'JUST_LEFT', // exit: the car the barrier just let out, read again
] as const
export type GateReason = (typeof GATE_REASONS)[number]

/** What a decision was, in the words staff, the dev console and the simulator show. */
export const GATE_REASON_LABELS: Record<GateReason, string> = {
  WELCOME: '入场放行',
  PERMIT: '车证车辆放行',
  RESERVATION: '预约车辆放行',
  VISITOR: '访客车辆放行',
  FULL: '车位已满，未放行',
  NO_PLATE: '未识别车牌，未放行',
  PAID: '已缴费放行',
  FREE: '免费放行',
  UNPAID: '未缴费，未放行',
  NO_ENTRY_RECORD: '无入场记录，未放行',
  LOCKED: '车辆已锁定，未放行',
  JUST_LEFT: '刚已离场，再次放行',
}

/**
 * For staff. EXIT_MISSED is set by the device function, not by a decision: a
 * stay it ended without seeing the car leave (the same plate entered again),
 * left OUT with no exit time.
 */
export type GateFlag = 'NO_ENTRY_RECORD' | 'DUPLICATE_ENTRY' | 'EXIT_MISSED'
export const GATE_FLAG_LABELS: Record<GateFlag, string> = { NO_ENTRY_RECORD: '无入场记录', DUPLICATE_ENTRY: '重复入场', EXIT_MISSED: '未识别出场' }

export interface GateDecision {
  open: boolean
  reason: GateReason
  led: string[]
  voice: string
  /** Exit: what is due now (0 when it opens). */
  amountFen: number
  /** Exit with a stay: the bill. */
  fee: Fee | null
  /** Something for staff to look at. */
  flag: GateFlag | null
}

/** 8.00 → 8, 8.50 → 8.5: how an amount is spoken. */
const spokenYuan = (fen: number) => formatYuan(fen).replace(/\.00$/, '').replace(/(\.\d)0$/, '$1')

/** 停车2时5分: the stay in LED width. */
const ledStay = (minutes: number) => {
  const d = Math.floor(minutes / 1440)
  const h = Math.floor((minutes % 1440) / 60)
  const m = minutes % 60
  return `停车${d ? `${d}天` : ''}${h ? `${h}时` : ''}${m || (!d && !h) ? `${m}分` : ''}`
}

const permitValidAt = (permit: PermitWindow | null, at: number) => permit !== null && permit.from <= at && at < permit.until
/** Two LED lines: 车证有效期至 / 2026.12.31 */
const permitEnds = (permit: PermitWindow) => ['车证有效期至', shanghai(permit.until - 1).format('YYYY.MM.DD')]

export function gateDecision(input: GateInput): GateDecision {
  const { lane, now, permit } = input
  const decide = (open: boolean, reason: GateReason, led: string[], voice: string, extra: Partial<GateDecision> = {}): GateDecision => ({
    open,
    reason,
    led,
    voice,
    amountFen: 0,
    fee: null,
    flag: null,
    ...extra,
  })

  if (input.plate === null)
    return lane === 'entry'
      ? decide(false, 'NO_PLATE', ['未识别车牌', '请扫码入场'], '未识别车牌，请扫码入场')
      : decide(false, 'NO_PLATE', ['未识别车牌', '请扫码出场'], '未识别车牌，请扫码出场')

  const plate = normalizePlate(input.plate)
  const shown = formatPlate(plate)
  const hasPermit = permitValidAt(permit, now)

  if (lane === 'entry') {
    const flag: GateFlag | null = input.stay ? 'DUPLICATE_ENTRY' : null
    const admission = mayEnter(input)
    if (admission === 'FULL') return decide(false, 'FULL', [shown, '车位已满'], '车位已满', { flag })
    const lines = { PERMIT: () => permitEnds(permit!), RESERVATION: () => ['预约车位'], VISITOR: () => ['访客车辆'], WELCOME: () => [] }[admission]()
    return decide(true, admission, [shown, '欢迎光临', ...lines], `${plate}，欢迎光临`, { flag })
  }

  if (input.locked) return decide(false, 'LOCKED', [shown, '车辆已锁定', '请联系车主'], '车辆已锁定，请联系车主')
  const goodbye = (reason: GateReason, lines: string[], extra: Partial<GateDecision> = {}) => decide(true, reason, [shown, ...lines, '一路顺风'], '一路顺风', extra)

  const stay = input.stay
  const noEntryRecord = (amountFen: number, fee: Fee | null) => {
    if (hasPermit) return goodbye('PERMIT', permitEnds(permit!), { flag: 'NO_ENTRY_RECORD', fee })
    if (amountFen === 0) return goodbye('FREE', ['无入场记录'], { flag: 'NO_ENTRY_RECORD', fee })
    return decide(false, 'NO_ENTRY_RECORD', [shown, '无入场记录', `请缴费 ¥${formatYuan(amountFen)}`, '请扫码缴费'], `无入场记录，请缴费${spokenYuan(amountFen)}元，请扫码缴费`, {
      amountFen,
      fee,
      flag: 'NO_ENTRY_RECORD',
    })
  }
  if (stay === null) {
    if (input.justLeft) return goodbye('JUST_LEFT', [], {})
    return noEntryRecord(firstPeriodFen(input.rule, input.kind), null)
  }
  if (stay.fixedFen !== null && stay.fixedFen !== undefined) {
    // The stored amount, by the bill's own rule: any payment settles it.
    const fee = fixedFee({ rule: input.rule, kind: input.kind, fixedFen: stay.fixedFen, minutes: stayMinutes(stay.entryAt, now), paid: stay.paid })
    if (withinGrace(stay.paid, input.rule.graceMinutes, now)) return goodbye('PAID', ['已缴费'], { fee })
    return noEntryRecord(fee.amountFen, fee)
  }

  const fee = parkingFee({ rule: input.rule, kind: input.kind, entryAt: stay.entryAt, now, permit: freeWindowOf(permit, stay.visit, stay.entryAt), paid: stay.paid, prepaidFen: stay.prepaidFen })
  const leave = mayLeave({ paid: stay.paid, graceMinutes: input.rule.graceMinutes, dueFen: fee.amountFen, now })
  if (leave === 'PAID') return goodbye('PAID', ['已缴费'], { fee })
  if (leave === 'FREE') return goodbye(hasPermit ? 'PERMIT' : 'FREE', hasPermit ? permitEnds(permit!) : [ledStay(fee.minutes)], { fee })
  return decide(false, 'UNPAID', [shown, ledStay(fee.minutes), `请缴费 ¥${formatYuan(fee.amountFen)}`, '请扫码缴费'], `请缴费${spokenYuan(fee.amountFen)}元，请扫码缴费`, {
    amountFen: fee.amountFen,
    fee,
  })
}
