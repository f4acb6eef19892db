// A driver ready to renew a permit, for function tests: a verified phone
// (through the phone function and the SMS outbox) and a permit of their own
// at the demo lot, valid until 2026-12-31. Each call makes a new one.
// startPermitEmulator gives the emulator they live in.
import { expect } from 'vitest'
import type { Emulator } from '../../emulator/server'
import { seedDocuments } from '../../emulator/database'
import { payments } from '../../emulator/pay'
import { smsOutbox } from '../../emulator/sms'
import { LOT_PKUHSC } from '../../database/seed'
import { startTestEmulator } from './emulator'
import { as, ok, type Call } from './functions'

/** An emulator with the demo lot and one reviewer (o-reviewer), and that reviewer's caller. */
export async function startPermitEmulator(): Promise<{ emu: Emulator; reviewer: Call }> {
  const emu = await startTestEmulator()
  seedDocuments(emu, {
    lots: [LOT_PKUHSC],
    staff: [{ _id: 'staff-r', openid: 'o-reviewer', name: '审核员', roles: ['reviewer'], active: true }],
  })
  return { emu, reviewer: as(emu, 'o-reviewer') }
}

export interface Driver {
  call: Call
  openid: string
  phone: string
  plate: string
  permitId: string
}

export async function newPermitDriver(emu: Emulator, tag: string): Promise<Driver> {
  const i = (counters.get(tag) ?? 0) + 1
  counters.set(tag, i)
  const openid = `o-${tag}-${i}`
  const call = as(emu, openid, `203.0.113.${i}`)
  const phone = String(13800000000 + hash(tag) * 1000 + i)
  const plate = `京${'BCDEFGHJK'[hash(tag) % 9]}${String(10000 + i)}`
  const permitId = `permit-${tag}-${i}`
  seedDocuments(emu, { permits: [{ _id: permitId, lotId: 'pkuhsc', plate, holderName: `车主${i}`, productId: 'annual', validUntil: '2026-12-31' }] })
  ok(await call('phone', 'sendCode', { phone }))
  const code = smsOutbox(emu).find((m) => m.phone === `+86${phone}`)!.params[0]
  ok(await call('phone', 'verify', { phone, code }))
  return { call, openid, phone, plate, permitId }
}

const counters = new Map<string, number>()
const hash = (s: string) => [...s].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 997, 7)

/** Applies for the yearly renewal (the order is placed, not paid). */
export async function applyFor(d: Driver): Promise<string> {
  const { applicationId } = ok<any>(await d.call('permit', 'apply', { permitId: d.permitId, productId: 'annual', campusCardFileId: 'cloud://local-dev.local-bucket/card.png', consent: true }))
  return applicationId as string
}

/** Applies and pays (the notice is delivered before this returns). */
export async function applyAndPay(emu: Emulator, d: Driver): Promise<string> {
  const id = await applyFor(d)
  expect((await payments(emu).settle(id)).ok).toBe(true)
  return id
}

export const statusOf = async (d: Driver, id: string): Promise<string> => ok<any>(await d.call('permit', 'detail', { id })).application.status
