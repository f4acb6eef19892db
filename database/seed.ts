// Demo data for `npm run dev` (and the e2e suite): the people the dev console
// can act as, and the documents they start with. `demoDocuments(now)` is the
// one seed: the fixed documents below plus the parking ones (seed-parking.ts) and the lots' layouts (seed-layouts.ts),
// whose stays and coupons are placed relative to the time of seeding, 访客预约's (seed-visitor.ts) and
// 校园一卡通's (seed-card.ts).
import { DEFAULT_VEHICLE_SETTINGS } from '../src/domain/vehicle/usage'
import { parkingDocuments, PKUHSC_PARKING } from './seed-parking'
import { layoutDocuments } from './seed-layouts'
import { visitorDocuments } from './seed-visitor'
import { cardDocuments } from './seed-card'

export interface Person {
  openid: string
  name: string
  label: string
}

export const people: Person[] = [
  { openid: 'o-driver-zhang', name: '张伟', label: '车主' },
  { openid: 'o-driver-li', name: '李娜', label: '车主' },
  { openid: 'o-driver-chen', name: '陈静', label: '车主' },
  { openid: 'o-driver-zhou', name: '周强', label: '车主' },
  { openid: 'o-driver-sun', name: '孙丽', label: '车主' },
  { openid: 'o-host-wang', name: '王老师', label: '访客邀请人' },
  { openid: 'o-reviewer-zhao', name: '赵敏', label: '停车办审核员' },
  { openid: 'o-guard-liu', name: '刘师傅', label: '门岗保安' },
]

const t0 = Date.UTC(2026, 8, 1, 0, 0, 0)
const STUCK_REFUND_APP = 'P20260901080000000001'

/** The seed's lot: renewals online, new permits and changes offline. */
export const LOT_PKUHSC = {
  _id: 'pkuhsc',
  name: '北京大学医学部',
  allowNewOnline: false,
  offlineNotice: '新办理车证或修改用户信息请携带相关证件到线下办理',
  reviewNotice: '等待停车办公室审核，预计一个工作日',
  consent: {
    title: '《北京大学医学部线上办证知情同意书》',
    body: '本人自愿通过线上方式办理校园区车证续费，承诺所填信息及上传的校园一卡通照片真实有效。车证办理仅支持微信支付；审核未通过的，须先申请退款后方可再次续费；新办车证或修改车主信息须携带证件到线下办理。',
  },
  products: [{ id: 'annual', name: '北京大学医学部通行证', months: 12, priceFen: 36000, requiresCampusCard: true }],
  /** Renewal opens 60 days before a permit's last valid day (src/domain/permit/renewal.ts). */
  renewWindowDays: 60,
  /** The surface lot's lanes, spaces and address (seed-parking.ts). */
  parking: PKUHSC_PARKING,
}

const fixedDocuments: Record<string, Array<Record<string, unknown>>> = {
  staff: [
    { _id: 'staff-zhao', openid: 'o-reviewer-zhao', name: '赵敏', roles: ['reviewer', 'office'], active: true },
    // 访客核验 at the gate house (issue 13).
    { _id: 'staff-liu', openid: 'o-guard-liu', name: '刘师傅', roles: ['guard'], active: true },
  ],
  users: [
    { _id: 'user-zhang', openid: 'o-driver-zhang', nickname: '张伟', createdAt: t0, vehicleCount: 1, defaultVehicleId: 'vehicle-zhang-1' },
    { _id: 'user-li', openid: 'o-driver-li', nickname: '李娜', createdAt: t0, vehicleCount: 0, defaultVehicleId: '' },
    { _id: 'user-chen', openid: 'o-driver-chen', nickname: '陈静', createdAt: t0, vehicleCount: 0, defaultVehicleId: '' },
    { _id: 'user-zhou', openid: 'o-driver-zhou', nickname: '周强', createdAt: t0, vehicleCount: 0, defaultVehicleId: '' },
    { _id: 'user-sun', openid: 'o-driver-sun', nickname: '孙丽', createdAt: t0, vehicleCount: 0, defaultVehicleId: '' },
    { _id: 'user-wang', openid: 'o-host-wang', nickname: '王老师', createdAt: t0, vehicleCount: 0, defaultVehicleId: '' },
    { _id: 'user-zhao', openid: 'o-reviewer-zhao', nickname: '赵敏', createdAt: t0, vehicleCount: 0, defaultVehicleId: '' },
    { _id: 'user-liu', openid: 'o-guard-liu', nickname: '刘师傅', createdAt: t0, vehicleCount: 0, defaultVehicleId: '' },
  ],
  // 张伟 is the verified owner of 京A12345.
  vehicles: [
    {
      _id: 'vehicle-zhang-1',
      openid: 'o-driver-zhang',
      plate: '京A12345',
      createdAt: t0,
      status: 'VERIFIED',
      notice: '',
      proof: { ownerName: '张伟' },
      submittedAt: t0,
      rejectReason: null,
      changedAt: t0,
    },
  ],
  plates: [{ _id: '京A12345', ownerOpenid: 'o-driver-zhang', ownerRelationId: 'vehicle-zhang-1', since: t0, settings: DEFAULT_VEHICLE_SETTINGS }],
  lots: [LOT_PKUHSC],
  permits: [
    { _id: 'permit-zhang', lotId: 'pkuhsc', plate: '京A12345', holderName: '张伟', productId: 'annual', validUntil: '2026-12-31' },
    { _id: 'permit-wang', lotId: 'pkuhsc', plate: '京N66666', holderName: '王老师', productId: 'annual', validUntil: '2026-11-30' },
    { _id: 'permit-li', lotId: 'pkuhsc', plate: '京C33333', holderName: '李娜', productId: 'annual', validUntil: '2026-08-31', activeApplication: STUCK_REFUND_APP },
    { _id: 'permit-wang-2', lotId: 'pkuhsc', plate: '京N88888', holderName: '王老师', productId: 'annual', validUntil: '2026-12-31' },
    { _id: 'permit-chen', lotId: 'pkuhsc', plate: '京B22222', holderName: '陈静', productId: 'annual', validUntil: '2026-12-31' },
    { _id: 'permit-zhou', lotId: 'pkuhsc', plate: '京D44444', holderName: '周强', productId: 'annual', validUntil: '2026-12-31' },
    // Renewed well ahead: renewal opens again 60 days before it ends.
    { _id: 'permit-sun', lotId: 'pkuhsc', plate: '京E55555', holderName: '孙丽', productId: 'annual', validUntil: '2027-06-30' },
  ],
  // What 工作台 → 支付异常 shows: 李娜's renewal was rejected in September and its refund is
  // still owed — WeChat Pay keeps refusing it (the simulator has no such order), so the
  // sweep retries it hourly and the parking office sees it overdue.
  applications: [
    {
      _id: STUCK_REFUND_APP,
      openid: 'o-driver-li',
      lotId: 'pkuhsc',
      lotName: LOT_PKUHSC.name,
      permitId: 'permit-li',
      plate: '京C33333',
      productId: 'annual',
      productName: '北京大学医学部通行证',
      period: { start: '2026-09-01', end: '2027-08-31' },
      amountFen: 36000,
      phone: '13900139000',
      holderName: '李娜',
      campusCardFileId: '',
      consentAt: t0,
      status: 'REFUNDING',
      createdAt: t0,
      paidAt: t0 + 60_000,
      transactionId: '4200000000202609010000000001',
      reviewedBy: 'o-reviewer-zhao',
      reviewedAt: t0 + 3600_000,
      rejectReason: '校园一卡通照片不清晰',
      refundNo: `R${STUCK_REFUND_APP}`,
      refundedAt: null,
    },
  ],
  payments: [
    {
      _id: STUCK_REFUND_APP,
      domain: 'permit',
      ref: STUCK_REFUND_APP,
      openid: 'o-driver-li',
      amountFen: 36000,
      description: '北京大学医学部车证续费 京C·33333',
      status: 'SETTLED',
      createdAt: t0,
      expiresAt: t0 + 30 * 60_000,
      paidAt: t0 + 60_000,
      transactionId: '4200000000202609010000000001',
      attempts: 0,
      nextAt: t0 + 60_000,
      lastError: '',
      updatedAt: t0 + 60_000,
    },
  ],
  refunds: [
    {
      _id: `R${STUCK_REFUND_APP}`,
      domain: 'permit',
      ref: STUCK_REFUND_APP,
      outTradeNo: STUCK_REFUND_APP,
      totalFen: 36000,
      amountFen: 36000,
      reason: '车证续费退款',
      status: 'DUE',
      createdAt: t0 + 7200_000,
      refundedAt: null,
      attempts: 12,
      nextAt: t0 + 7200_000,
      lastError: 'FAIL: 此交易订单号不存在',
      updatedAt: t0 + 7200_000,
    },
  ],
}

/** Every demo document, seeded at `now` (epoch ms; the emulator clock where seeding happens). */
export function demoDocuments(now: number): Record<string, Array<Record<string, unknown>>> {
  const out: Record<string, Array<Record<string, unknown>>> = { ...fixedDocuments }
  for (const [name, docs] of Object.entries(parkingDocuments(now))) out[name] = [...(out[name] ?? []), ...docs]
  for (const [name, docs] of Object.entries(layoutDocuments(now))) out[name] = [...(out[name] ?? []), ...docs]
  for (const [name, docs] of Object.entries(visitorDocuments(now))) out[name] = [...(out[name] ?? []), ...docs]
  for (const [name, docs] of Object.entries(cardDocuments(now))) out[name] = [...(out[name] ?? []), ...docs]
  return out
}
