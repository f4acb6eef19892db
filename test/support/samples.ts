// One valid input per action of every contract, for the tests generated from
// the contracts (authorization, fuzz). The inputs name real rows of
// `seedSampleRows`, so a call that got past the router would act on them.
// A new action needs a sample here: the generated tests fail naming it.
import type { Emulator } from '../../emulator/server'
import { browse, listCollections, seedDocuments } from '../../emulator/database'
import { demoDocuments } from '../../database/seed'
import { DEMO_COUPON_BATCH_ID, DEMO_COUPON_CODES, GARAGE_PARKING, LOT_IDS, laneQr, PKUHSC_PARKING, SURFACE_RESERVATIONS, ZHANG_GARAGE_STAY } from '../../database/seed-parking'
import { DEMO_RULE } from './parking'
import { SEED_LAYOUTS } from '../../database/seed-layouts'
import { DEMO_HOST, DEMO_PASS } from '../../database/seed-visitor'
import { CARD_SCHOOL, DEMO_CARD } from '../../database/seed-card'
import { DEFAULT_VISITOR_SETTINGS } from '../../src/domain/visitor/pass'
import type { ActionName, Contracts, FunctionName } from '../../src/domain/contracts'
import type * as z from '../../src/domain/zod'
import { newStayDoc } from '../../src/domain/parking/stay'

type Input<F extends FunctionName, A extends ActionName<F>> = z.input<Contracts[F][A] extends { input: infer I extends z.ZodMiniType } ? I : never>

/** Checked against each contract; optional so that a missing one fails the tests at run time, by name. */
export type Samples = { [F in FunctionName]?: { [A in ActionName<F>]?: Input<F, A> } }

const t0 = Date.UTC(2026, 8, 1, 0, 0, 0)
const photo = 'cloud://local-dev.local-bucket/samples/license.png'

/** A 访客预约 form (its window is in the past by the time the tests run: refused by the settings, not the schema). */
const VISIT_FORM = { name: '李明', phone: '13712345678', purpose: '学术交流', start: Date.UTC(2026, 8, 1, 2, 0, 0), end: Date.UTC(2026, 8, 1, 4, 0, 0), visitors: 1, plate: '京Q52013' }

/** Rows the samples act on, besides the demo seed (张伟 owns 京A12345; permits of 张伟 and 王老师). */
export const SAMPLE_ROWS = {
  /** 王老师's renewal, paid and waiting for review. */
  application: 'P20261101090000sample1',
  /** 李娜's 京B23456, verification submitted. */
  verifying: 'vehicle-li-verifying',
  /** 陈静 lost 京A12345 to 张伟 and appealed. */
  appealing: 'vehicle-chen-appealing',
  appeal: 'appeal-chen',
  /** 周强 asks 张伟 to authorize him on 京A12345. */
  request: 'vehicle-zhou-request',
  /** 张伟's verified 京A12345. */
  owned: 'vehicle-zhang-1',
  /** An unverified car in the garage for 90 minutes: anyone may pay for it. */
  stay: 'stay-sample-unverified',
  /** 张伟's paid parking order for his car in the garage. */
  parkingOrder: 'K2026090108000000000001',
  /** 张伟's reservation at the surface lot, waiting for its fee (预约缴费). */
  reservation: 'V20260901080000000001',
  /** 张伟's top-up of his bound card, credited (待圈存). */
  topUp: 'C20260901080000SAMPLE01',
  /** 张伟 remembers 王芳's visitor card 999 (充值 他人). */
  rememberedCard: 'o-driver-zhang:999',
} as const

export const SAMPLES: Samples = {
  user: { login: {} },
  phone: {
    status: {},
    sendCode: { phone: '13800138000' },
    verify: { phone: '13800138000', code: '123456' },
  },
  permit: {
    lots: {},
    find: { lotId: 'pkuhsc', plate: '京A12345' },
    quote: { permitId: 'permit-zhang', productId: 'annual' },
    apply: { permitId: 'permit-zhang', productId: 'annual', campusCardFileId: photo, consent: true },
    mine: {},
    detail: { id: SAMPLE_ROWS.application },
    requestRefund: { id: SAMPLE_ROWS.application },
    pay: { id: SAMPLE_ROWS.application },
    cancel: { id: SAMPLE_ROWS.application },
    queue: {},
    pending: {},
    revealPhone: { id: SAMPLE_ROWS.application },
    approve: { id: SAMPLE_ROWS.application },
    reject: { id: SAMPLE_ROWS.application, reason: '校园一卡通照片不清晰' },
  },
  vehicle: {
    list: {},
    add: { plate: '京C34567' },
    setDefault: { id: SAMPLE_ROWS.owned },
    remove: { id: SAMPLE_ROWS.owned },
    config: {},
    verify: { id: SAMPLE_ROWS.owned, proof: { license: photo, ownerName: '张伟' } },
    acknowledge: { id: SAMPLE_ROWS.owned },
    appeal: { id: SAMPLE_ROWS.appealing, reason: '本人是行驶证登记的所有人', photos: [photo] },
    locks: {},
    lock: { id: SAMPLE_ROWS.owned },
    unlock: { id: SAMPLE_ROWS.owned },
    settings: { id: SAMPLE_ROWS.owned },
    updateSettings: { id: SAMPLE_ROWS.owned, settings: { hideLotNames: true, notify: { entry: true, exit: false, coupon: true } } },
    authorize: { id: SAMPLE_ROWS.request, approve: true },
    revoke: { id: SAMPLE_ROWS.request },
    verifications: {},
    pending: {},
    approve: { id: SAMPLE_ROWS.verifying },
    reject: { id: SAMPLE_ROWS.verifying, reason: '行驶证照片不清晰' },
    appeals: {},
    uphold: { id: SAMPLE_ROWS.appeal },
    dismiss: { id: SAMPLE_ROWS.appeal, reason: '证明材料不足' },
    ownerOf: { plate: '京A12345' },
    cancelVerification: { plate: '京A12345', reason: '行驶证信息存疑' },
  },
  pay: {
    overdue: {},
    retry: { kind: 'charge', id: SAMPLE_ROWS.application },
  },
  parking: {
    // Drivers, on the demo seed's lots and the sample rows.
    lots: {},
    current: {},
    lookup: { plate: '京A12345' },
    search: { fragment: '234' },
    searchSpace: { prefix: 'B2-1' },
    layout: { lotId: 'pkuhsc-garage' },
    bill: { stayId: SAMPLE_ROWS.stay, couponCode: DEMO_COUPON_CODES[0] },
    pay: { stayId: SAMPLE_ROWS.stay, couponCode: DEMO_COUPON_CODES[0] },
    order: { orderId: SAMPLE_ROWS.parkingOrder },
    records: {},
    scanLane: { code: laneQr(GARAGE_PARKING.lanes.find((l) => l.kind === 'exit')!.code) },
    enter: { code: laneQr(PKUHSC_PARKING.lanes.find((l) => l.kind === 'entry')!.code), plate: '京D70002' },
    exit: { code: laneQr(GARAGE_PARKING.lanes.find((l) => l.kind === 'exit')!.code), stayId: SAMPLE_ROWS.stay },
    // The parking office (工作台), on the demo seed's lots (database/seed-parking.ts).
    feeRules: { lotId: 'pkuhsc' },
    importLayout: { lotId: 'pkuhsc', layout: SEED_LAYOUTS.pkuhsc },
    setFeeRule: { lotId: 'pkuhsc', rule: DEMO_RULE },
    issueCoupons: { name: '样例停车券', benefit: { kind: 'amount', fen: 500 }, lotIds: ['pkuhsc'], plate: null, validFrom: t0, validUntil: Date.UTC(2099, 0, 1), count: 1 },
    couponBatches: {},
    batchCodes: { batchId: DEMO_COUPON_BATCH_ID },
    carsInLot: { lotId: 'pkuhsc-garage' },
    openBarrier: { lotId: 'pkuhsc', laneId: 'pkuhsc-in', reason: '车牌识别故障' },
    report: { day: '2026-09-01' },
  },
  reservation: {
    lots: {},
    book: { lotId: 'pkuhsc-garage', plate: '京A12345', arrivalAt: Date.UTC(2026, 8, 1, 3, 0, 0) },
    pay: { reservationId: SAMPLE_ROWS.reservation, kind: 'small' },
    mine: {},
    detail: { reservationId: SAMPLE_ROWS.reservation },
    cancel: { reservationId: SAMPLE_ROWS.reservation },
    settings: { lotId: 'pkuhsc' },
    setSettings: { lotId: 'pkuhsc', settings: SURFACE_RESERVATIONS },
    day: { lotId: 'pkuhsc', day: '2026-09-01' },
  },
  // 访客预约, on the demo seed's host account (wanglaoshi, unbound) and pass (database/seed-visitor.ts).
  visitor: {
    bindStatus: {},
    bind: { account: DEMO_HOST.account, password: DEMO_HOST.password },
    unbind: {},
    create: { ...VISIT_FORM },
    list: {},
    detail: { passId: DEMO_PASS.id },
    modify: { passId: DEMO_PASS.id, version: 1, form: { ...VISIT_FORM } },
    cancel: { passId: DEMO_PASS.id },
    share: { passId: DEMO_PASS.id, sms: false },
    view: { token: 'dnAtZGVtby13YW5nLTE.1.AAAAAAAAAAAAAAAAAAAAAA' },
    check: { code: DEMO_PASS.code },
    checkIn: { passId: DEMO_PASS.id, version: 1 },
    hosts: {},
    addHost: { account: 'lilaoshi', name: '李老师', department: '公共卫生学院', phone: '13800138001', password: 'li2026pass' },
    setHostActive: { hostId: DEMO_HOST.id, active: true },
    unbindHost: { hostId: DEMO_HOST.id },
    resetHostPassword: { hostId: DEMO_HOST.id, password: 'reset2026' },
    settings: {},
    setSettings: { settings: DEFAULT_VISITOR_SETTINGS, address: '北京市海淀区学院路38号 北京大学医学部' },
  },
  // 校园一卡通, on the demo seed's binding (张伟, 2021110001; database/seed-card.ts) and the card platform simulator's cards.
  card: {
    config: {},
    mine: {},
    bind: { name: DEMO_CARD.name, cardNo: DEMO_CARD.cardNo, queryPassword: DEMO_CARD.queryPassword },
    unbind: {},
    home: {},
    statements: { month: '2026-09' },
    reportLost: { queryPassword: '123456' },
    topUp: { card: 'mine', amountFen: 5000, consent: true },
    topUpDetail: { id: SAMPLE_ROWS.topUp },
    topUps: {},
    cards: {},
    forgetCard: { cardId: SAMPLE_ROWS.rememberedCard },
    reconciliation: { day: '2026-09-01' },
  },
}

/** The sample input of `fn.action`, or undefined when none was written. */
export function sampleOf(fn: string, action: string): unknown {
  const byAction = (SAMPLES as Record<string, Record<string, unknown> | undefined>)[fn]
  return byAction && Object.prototype.hasOwnProperty.call(byAction, action) ? byAction[action] : undefined
}

const relation = (id: string, openid: string, plate: string, status: string, extra: Record<string, unknown> = {}) => ({
  _id: id,
  openid,
  plate,
  createdAt: t0,
  status,
  notice: '',
  proof: null,
  submittedAt: null,
  rejectReason: null,
  changedAt: t0,
  ...extra,
})

const sampleStay = (now: number) => ({
  _id: SAMPLE_ROWS.stay,
  ...newStayDoc({ lotId: LOT_IDS.garage, plate: '京D70001', kind: 'small', at: now - 90 * 60_000, laneId: 'pkuhsc-garage-in' }),
})

const sampleParkingOrder = (now: number) => ({
  _id: SAMPLE_ROWS.parkingOrder,
  stayId: ZHANG_GARAGE_STAY.id,
  lotId: LOT_IDS.garage,
  plateText: '京A·12345',
  plate: '京A12345',
  openid: 'o-driver-zhang',
  amountFen: 600,
  dueFen: 600,
  couponCode: null,
  couponFen: 0,
  until: now - 60 * 60_000,
  basePaidFen: 0,
  basePaidCount: 0,
  graceMinutes: 15,
  laneId: null,
  status: 'PAID',
  createdAt: now - 61 * 60_000,
  paidAt: now - 60 * 60_000,
  refundNo: null,
  refundedFen: 0,
  updatedAt: now - 60 * 60_000,
})

const sampleReservation = (now: number) => ({
  _id: SAMPLE_ROWS.reservation,
  lotId: LOT_IDS.surface,
  plate: '京A12345',
  kind: 'small',
  openid: 'o-driver-zhang',
  phone: '',
  remark: '',
  fees: { small: 500, large: 1000, newEnergy: 500 },
  refundNoShow: false,
  arrivalAt: now + 120 * 60_000,
  windowFrom: now + 90 * 60_000,
  windowUntil: now + 150 * 60_000,
  status: 'AWAITING_PAYMENT',
  feeFen: 500,
  payBy: now + 10 * 60_000,
  chargeId: null,
  chargeSeq: 0,
  paidFen: 0,
  paidAt: null,
  refundNo: null,
  refundFen: 0,
  refundAskedAt: null,
  refundedFen: 0,
  stayId: null,
  enteredAt: null,
  cancelledAt: null,
  noShowAt: null,
  createdAt: now,
  updatedAt: now,
})

const sampleTopup = (now: number) => ({
  _id: SAMPLE_ROWS.topUp,
  openid: DEMO_CARD.openid,
  mine: true,
  school: CARD_SCHOOL,
  cardNo: DEMO_CARD.cardNo,
  holderName: DEMO_CARD.name,
  kind: 'student',
  amountFen: 5000,
  phone: '',
  status: 'CREDITED',
  createdAt: now - 3600_000,
  paidAt: now - 3590_000,
  transactionId: '4200000000cardsample',
  creditedAt: now - 3590_000,
  platformSerial: 'ZY0000000000',
  platformAt: now - 3590_000,
  claimedAt: null,
  closedAt: null,
  refundNo: null,
  refundReason: '',
  refundAskedAt: null,
  refundedAt: null,
  attempts: 0,
  nextAt: now - 3590_000,
  lastAnswer: null,
  lastError: '',
  updatedAt: now - 3590_000,
})

/** The demo seed plus one row in every queue the samples name. */
export function seedSampleRows(emu: Emulator) {
  const documents = demoDocuments(emu.clock.now())
  const { users, permits, ...rest } = documents
  seedDocuments(emu, {
    ...rest,
    permits: permits.map((p) => (p._id === 'permit-wang' ? { ...p, activeApplication: SAMPLE_ROWS.application } : p)),
    users: users.map((u) =>
      u.openid === 'o-host-wang' ? { ...u, verifiedPhone: '13900139000', phoneVerifiedAt: t0 } : u.openid === 'o-driver-li' ? { ...u, vehicleCount: 1, defaultVehicleId: SAMPLE_ROWS.verifying } : u,
    ),
    vehicles: [
      ...documents.vehicles,
      relation(SAMPLE_ROWS.verifying, 'o-driver-li', '京B23456', 'VERIFYING', { proof: { license: photo, ownerName: '李娜' }, submittedAt: t0 }),
      relation(SAMPLE_ROWS.appealing, 'o-driver-chen', '京A12345', 'APPEALING'),
      relation(SAMPLE_ROWS.request, 'o-driver-zhou', '京A12345', 'AWAITING_AUTH'),
    ],
    appeals: [
      {
        _id: SAMPLE_ROWS.appeal,
        relationId: SAMPLE_ROWS.appealing,
        openid: 'o-driver-chen',
        plate: '京A12345',
        reason: '本人是行驶证登记的所有人',
        photos: [photo],
        cause: 'SUPERSEDED_OWNER',
        status: 'PENDING',
        createdAt: t0,
        decidedBy: '',
        decidedAt: null,
        decisionReason: '',
      },
    ],
    stays: [...(documents.stays ?? []), sampleStay(emu.clock.now())],
    parking_orders: [...(documents.parking_orders ?? []), sampleParkingOrder(emu.clock.now())],
    reservations: [sampleReservation(emu.clock.now())],
    card_topups: [sampleTopup(emu.clock.now())],
    card_cards: [{ _id: SAMPLE_ROWS.rememberedCard, openid: 'o-driver-zhang', school: CARD_SCHOOL, cardNo: '999', name: '王芳', kind: 'visitor', lastAt: t0 }],
    applications: [
      {
        _id: SAMPLE_ROWS.application,
        openid: 'o-host-wang',
        lotId: 'pkuhsc',
        lotName: '北京大学医学部',
        permitId: 'permit-wang',
        plate: '京N66666',
        productId: 'annual',
        productName: '北京大学医学部通行证',
        period: { start: '2026-12-01', end: '2027-11-30' },
        amountFen: 36000,
        phone: '13900139000',
        holderName: '王老师',
        campusCardFileId: photo,
        consentAt: t0,
        status: 'REVIEWING',
        createdAt: t0,
        paidAt: t0,
        transactionId: '4200000000sample',
        reviewedBy: '',
        reviewedAt: null,
        rejectReason: null,
        refundNo: '',
        refundedAt: null,
      },
    ],
  })
}

/** Every collection, every document: equal strings mean nothing was written. */
export function snapshotDatabase(emu: Emulator): string {
  return JSON.stringify(
    listCollections(emu).map(({ name, count }) => {
      if (count > 1000) throw new Error(`snapshotDatabase: ${name} has ${count} documents, more than one page`)
      return [name, browse(emu, name, { limit: 1000 })]
    }),
  )
}
