// 工作台 → 车证审核: the parking office's queue and decisions. Reviewer role
// only (the contract's `access`, enforced by route()); every action is
// written to the audit log.
import { formatPeriod } from '../../src/domain/permit/period'
import type { Caller } from '../_shared/auth'
import { audit } from '../_shared/audit'
import { tempUrl } from '../_shared/storage'
import { now } from '../_shared/clock'
import { sendSms } from '../_shared/sms'
import { advance, applications, loadApplication, permits, view } from '../_shared/permit-records'

export async function queue() {
  const list = await applications.find({ status: 'REVIEWING' }, { orderBy: ['createdAt', 'asc'], limit: 100 })
  const t = now()
  return {
    items: await Promise.all(
      list.map(async (a) => ({
        ...view(a),
        waitedMinutes: Math.floor((t - (a.paidAt ?? a.createdAt)) / 60_000),
        campusCardUrl: await tempUrl(a.campusCardFileId),
      })),
    ),
  }
}

export async function pending() {
  return { count: await applications.count({ status: 'REVIEWING' }) }
}

export async function revealPhone({ id }: { id: string }, caller: Caller) {
  const app = await loadApplication(id)
  await audit(`reveal:${id}:${caller.openid}:${now()}`, { by: caller.openid, action: 'revealPhone', target: id, reason: '' })
  return { phone: app.phone }
}

/** Sends a result SMS; a failed SMS does not undo the decision (it is logged). */
async function notify(...args: Parameters<typeof sendSms>) {
  try {
    await sendSms(...args)
  } catch (e) {
    console.error('[permit] result SMS not sent', (e as Error).message)
  }
}

export async function approve({ id }: { id: string }, caller: Caller) {
  const app = await advance(await loadApplication(id), 'APPROVE', { reviewedBy: caller.openid, reviewedAt: now() })
  // The permit is extended once: only while this application still holds it.
  const extended = await permits.update({ _id: app.permitId, activeApplication: app._id }, { validUntil: app.period.end, activeApplication: '' })
  if (!extended) console.error('[permit] approved application no longer held its permit', app._id)
  await audit(`approve:${id}`, { by: caller.openid, action: 'approve', target: id, reason: '' })
  await notify(app.phone, 'permitApproved', [app.plate, formatPeriod(app.period)])
  return { application: view(app) }
}

export async function reject({ id, reason }: { id: string; reason: string }, caller: Caller) {
  const app = await advance(await loadApplication(id), 'REJECT', { reviewedBy: caller.openid, reviewedAt: now(), rejectReason: reason })
  await audit(`reject:${id}`, { by: caller.openid, action: 'reject', target: id, reason })
  await notify(app.phone, 'permitRejected', [app.plate, reason])
  return { application: view(app) }
}

