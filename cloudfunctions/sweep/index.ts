// The one sweep: a timer trigger (config.json) runs it every minute, and it
// runs every job that drives durable work to its end — the payment intents
// of every domain, parking orders whose pay stopped before their charge
// was opened (closed, their coupon released), reservations unpaid past their
// time or missed (爽约), places held by bookings that died midway, and
// visitor passes (访客预约) whose window ended unused (已过期, by the pass
// table, their codes given back), campus-card top-ups paid but not yet
// credited to the card platform (transferred again by their order number, or
// refunded once past their deadline on a lasting refusal) — and
// clears what has expired: device nonces no replay can use any more, and the
// lot devices' refusal log, gate events and lane commands past their
// retention (_shared/device-retention.ts). Each job does only what is due, so
// an extra run (or a call from anyone) changes nothing that was not already
// owed.
import { sweepCardTopups } from '../_shared/card-payments'
import { sweepDeviceNonces } from '../_shared/device-nonces'
import { sweepDeviceRecords } from '../_shared/device-retention'
import { sweepUnchargedOrders } from '../_shared/parking-payments'
import { sweepPayments } from '../_shared/payments'
import { sweepReservations } from '../_shared/reservation-payments'
import { sweepOrphanHolds } from '../_shared/reservations'
import { sweepVisitorPasses } from '../_shared/visitor-passes'

const jobs = {
  payments: () => sweepPayments(),
  parkingOrders: () => sweepUnchargedOrders(),
  reservations: () => sweepReservations(),
  reservationHolds: () => sweepOrphanHolds(),
  visitorPasses: () => sweepVisitorPasses(),
  cardTopups: () => sweepCardTopups(),
  deviceNonces: () => sweepDeviceNonces(),
  deviceRecords: () => sweepDeviceRecords(),
}

export async function main() {
  const report: Record<string, unknown> = {}
  for (const [name, job] of Object.entries(jobs)) {
    try {
      report[name] = await job()
    } catch (e) {
      console.error(`[sweep] ${name} failed`, e)
      report[name] = { error: (e as Error)?.message ?? String(e) }
    }
  }
  return report
}
