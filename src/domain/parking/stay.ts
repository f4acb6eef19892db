// A car's stay in a lot, from entry to exit, and the one builder of a new
// stay's document: wherever a stay begins (the gate's camera, 扫码入场, an
// exit with no entry record) and whatever builds one (the seed, tests, the
// bench), the document has the same fields. Pure: no database here; the
// collection handle is in cloudfunctions/_shared/parking-records.ts.
import type { StayVisit } from '../visitor/parking'
import type { VehicleKind } from './fee'
import type { GateFlag } from './gate'
import { plateGrams } from './plate-search'

export const STAY_STATUSES = ['IN', 'OUT'] as const
export type StayStatus = (typeof STAY_STATUSES)[number]

/** What was paid for a stay: fee.ts `Paid` plus when the last payment completed (the exit grace counts from then). */
export interface StayPaid {
  fen: number
  until: number
  at: number
}

/** A car's stay in a lot, from entry to exit. */
export interface StayDoc {
  lotId: string
  /** The plate, normalised (京A12345); null for a car without a plate. */
  plate: string | null
  /** Every 3-character substring of the plate (plate-search.ts plateGrams): 寻车 按车牌 finds the car by any 3 typed characters through an index. */
  plateGrams: string[]
  /** A car without a plate that entered by 扫码入场: its temporary plate (临时车牌) and the account it is tied to. */
  tempPlate: string | null
  openid: string | null
  kind: VehicleKind
  status: StayStatus
  entryAt: number
  entryLaneId: string
  /** The entry camera's photo (a storage file id), if it sent one. */
  entryPhoto: string | null
  exitAt: number | null
  exitLaneId: string | null
  paid: StayPaid | null
  /** Orders applied to `paid`, so a payment is never applied twice. */
  paidOrders: string[]
  /**
   * A car seen at an exit with no entry record is billed a fixed amount (the
   * first period, gate.ts) instead of by time: the stay is opened at the exit
   * with this set, and the bill and the gate use it until it is paid.
   */
  fixedFen: number | null
  /** The space the car stands in, from the space sensors. */
  spaceId: string | null
  flags: GateFlag[]
  /** The reservation (车位预定) this stay used at entry, and its fee paid when booking (deducted from the parking fee). */
  reservation?: StayReservation | null
  /** The visitor's pass (访客预约) that admitted it, and who pays its parking (visitor/parking.ts). */
  visitor?: StayVisit | null
  updatedAt: number
}

export interface StayReservation {
  id: string
  prepaidFen: number
}

/** What a new stay begins as, wherever it begins: the gate's camera, 扫码入场, or an exit with no entry record. */
export interface NewStay {
  lotId: string
  /** Where it was first seen: the entry lane, or (no entry record) the exit lane. */
  laneId: string
  plate: string | null
  kind: VehicleKind
  at: number
  /** 扫码入场 of a car without a plate: its temporary plate and the account it is tied to. */
  tempPlate?: string | null
  openid?: string | null
  photo?: string | null
  fixedFen?: number | null
  flags?: GateFlag[]
  reservation?: StayReservation | null
  visitor?: StayVisit | null
}

/** The one builder of a new stay's document (the device function and 扫码入场 both use it). */
export function newStayDoc(s: NewStay): StayDoc {
  return {
    lotId: s.lotId,
    plate: s.plate,
    plateGrams: plateGrams(s.plate),
    tempPlate: s.tempPlate ?? null,
    openid: s.openid ?? null,
    kind: s.kind,
    status: 'IN',
    entryAt: s.at,
    entryLaneId: s.laneId,
    entryPhoto: s.photo ?? null,
    exitAt: null,
    exitLaneId: null,
    paid: null,
    paidOrders: [],
    fixedFen: s.fixedFen ?? null,
    spaceId: null,
    flags: [...(s.flags ?? [])],
    reservation: s.reservation ?? null,
    visitor: s.visitor ?? null,
    updatedAt: s.at,
  }
}

