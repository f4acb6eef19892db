// 工作台 for 车位预定 (issue 12): a lot's reservation settings and a day's
// reservations at a lot. Access is declared in the contract and enforced by
// route(); a settings change is audited.
//
// Decisions:
// - The quota may not exceed the lot's capacity. Lowering it below the
//   places held now keeps those reservations (nobody loses one they hold);
//   new bookings wait until enough are used, cancelled or missed.
// - Settings apply to bookings made from now on; a reservation keeps the
//   window and fee it was booked with.
// - A day is a calendar day in Asia/Shanghai, by arrival time; at most
//   DAY_LIMIT reservations are listed (a lot's quota bounds a day's far below).
import type { ReservationSettings } from '../../src/domain/reservation/rules'
import { AppError } from '../../src/domain/errors'
import { RESERVATION_STATUSES } from '../../src/domain/reservation/status'
import { shanghai } from '../../src/domain/time'
import { audit } from '../_shared/audit'
import type { Caller } from '../_shared/auth'
import { _ } from '../_shared/cloud'
import { now } from '../_shared/clock'
import { loadParkingLot } from '../_shared/parking-context'
import { reservationLots, reservations, settingsOf } from '../_shared/reservations'
import { reservationView } from './driver'

const DAY_LIMIT = 500

export async function settings({ lotId }: { lotId: string }) {
  const lot = await loadParkingLot(lotId)
  const { settings, holders } = await settingsOf(lot._id)
  return { lotId: lot._id, lotName: lot.name, capacity: lot.parking.capacity, held: holders.length, settings }
}

export async function setSettings({ lotId, settings: next }: { lotId: string; settings: ReservationSettings }, caller: Caller) {
  const lot = await loadParkingLot(lotId)
  if (next.quota > lot.parking.capacity) throw new AppError('BAD_INPUT', `可预定车位数不能超过车场车位总数 ${lot.parking.capacity}`)
  const t = now()
  // Only the settings change: the holders are the bookings' (a `set` here could drop one made meanwhile).
  if ((await reservationLots.update({ _id: lot._id }, { settings: _.set(next), updatedAt: t })) === 0) {
    try {
      await reservationLots.insert(lot._id, { settings: next, holders: [], updatedAt: t })
    } catch {
      await reservationLots.update({ _id: lot._id }, { settings: _.set(next), updatedAt: t })
    }
  }
  await audit(`reservation-settings:${lot._id}:${t}`, {
    by: caller.openid,
    action: 'reservation.setSettings',
    target: lot._id,
    reason: `${next.enabled ? '开放' : '关闭'}预定，可预定 ${next.quota} 个${next.prepay ? '，预约缴费' : ''}`,
  })
  const after = await settingsOf(lot._id)
  return { settings: after.settings, held: after.holders.length }
}

export async function day({ lotId, day }: { lotId: string; day: string }) {
  const lot = await loadParkingLot(lotId)
  const start = shanghai(`${day}T00:00:00+08:00`)
  if (!start.isValid() || start.format('YYYY-MM-DD') !== day) throw new AppError('BAD_INPUT', '日期有误')
  const from = start.valueOf()
  const until = start.add(1, 'day').valueOf()
  const list = await reservations.find({ lotId: lot._id, arrivalAt: _.and(_.gte(from), _.lt(until)) }, { orderBy: ['arrivalAt', 'asc'], limit: DAY_LIMIT })
  const counts: Record<string, number> = Object.fromEntries(RESERVATION_STATUSES.map((s) => [s, 0]))
  for (const r of list) counts[r.status]++
  return { reservations: list.map((r) => reservationView(r, lot.name)), counts }
}
