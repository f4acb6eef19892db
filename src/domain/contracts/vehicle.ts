import * as z from '../zod'
import { PlateInput } from '../plate'
import { NOTICE_KINDS, RELATION_STATUSES } from '../vehicle/relation'
import { APPEAL_STATUSES } from '../vehicle/appeal'
import { anyUser, staff } from './access'
import type { FunctionContract } from './contract'
import { FileId, Id, plainText } from './fields'

export const MAX_VEHICLES_PER_USER = 5
export const MAX_APPEAL_PHOTOS = 6

const ById = z.strictObject({ id: Id })
const Reason = z.string().check(z.trim(), plainText(), z.minLength(2, '请填写原因'), z.maxLength(200, '原因不超过 200 字'))

/** One row of 我的车辆: this account's relation to a plate. */
export const Vehicle = z.object({
  id: z.string(),
  plate: z.string(),
  isDefault: z.boolean(),
  createdAt: z.int(),
  status: z.enum(RELATION_STATUSES),
  /** A prompt to show once, on this visit (see domain/vehicle/relation promptOf). */
  notice: z.nullable(z.enum(NOTICE_KINDS)),
  /** Why the last verification was rejected, shown on a 未认证 vehicle. */
  rejectReason: z.nullable(z.string()),
  /** For the verified owner: authorization requests waiting for an answer. */
  pendingRequests: z.int(),
})
export type Vehicle = z.infer<typeof Vehicle>

const VehicleList = z.object({ vehicles: z.array(Vehicle) })

/** One piece of proof the driver submits to verify a vehicle (configured in the database). */
export const ProofField = z.object({
  key: z.string(),
  label: z.string(),
  kind: z.enum(['photo', 'text']),
  required: z.boolean(),
  placeholder: z.string(),
})
export type ProofField = z.infer<typeof ProofField>

/** What a verified owner chooses: privacy, and which vehicle notices to receive. */
export const VehicleSettings = z.object({
  hideLotNames: z.boolean(),
  notify: z.object({ entry: z.boolean(), exit: z.boolean(), coupon: z.boolean() }),
})

/** Another account's relation to the owner's vehicle: a request or an authorization. */
export const Member = z.object({
  id: z.string(),
  nickname: z.string(),
  status: z.enum(['AWAITING_AUTH', 'AUTHORIZED']),
  since: z.int(),
})

const OwnerView = z.object({ plate: z.string(), settings: VehicleSettings, members: z.array(Member) })

/** A submitted proof as a reviewer sees it: labels with text or a photo URL. */
export const ProofView = z.array(z.object({ key: z.string(), label: z.string(), kind: z.enum(['photo', 'text']), value: z.nullable(z.string()) }))

const CurrentOwner = z.nullable(z.object({ nickname: z.string(), since: z.int() }))

export const VerificationItem = z.object({
  id: z.string(),
  plate: z.string(),
  nickname: z.string(),
  submittedAt: z.int(),
  waitedMinutes: z.int(),
  proof: ProofView,
  /** Another account that holds the verification now (approving moves it). */
  currentOwner: CurrentOwner,
})

export const AppealItem = z.object({
  id: z.string(),
  plate: z.string(),
  nickname: z.string(),
  reason: z.string(),
  photos: z.array(z.string()),
  createdAt: z.int(),
  waitedMinutes: z.int(),
  /** How the appellant lost the vehicle. */
  cause: z.enum(NOTICE_KINDS),
  currentOwner: CurrentOwner,
  status: z.enum(APPEAL_STATUSES),
})

const Decided = z.object({ id: z.string(), status: z.string() })

/** One row of 锁车: a vehicle of 我的车辆 the caller may lock (MAY_LOCK), or must verify first (VERIFY_FIRST, 去认证). */
export const LockItem = z.object({
  /** The 我的车辆 row. */
  id: z.string(),
  plate: z.string(),
  isDefault: z.boolean(),
  option: z.enum(['MAY_LOCK', 'VERIFY_FIRST']),
  locked: z.boolean(),
  lockedAt: z.nullable(z.int()),
  /** Whether the caller locked it (else the owner or another authorized account did). */
  lockedByMe: z.boolean(),
})
export type LockItem = z.infer<typeof LockItem>
const LockList = z.object({ vehicles: z.array(LockItem) })

export const vehicleContract = {
  // ---- the driver (我的车辆) ----
  list: { access: anyUser, input: z.strictObject({}), output: VehicleList },
  add: { access: anyUser, input: z.strictObject({ plate: PlateInput }), output: VehicleList },
  setDefault: { access: anyUser, input: ById, output: VehicleList },
  /** 删除, or 取消添加 of a request waiting for authorization. */
  remove: { access: anyUser, input: ById, output: VehicleList },
  /** What 去认证 asks for, and the 联系客服 number. */
  config: { access: anyUser, input: z.strictObject({}), output: z.object({ servicePhone: z.string(), proofFields: z.array(ProofField) }) },
  verify: {
    access: anyUser,
    input: z.strictObject({ id: Id, proof: z.record(z.string().check(z.maxLength(32)), z.string().check(z.trim(), plainText(), z.maxLength(256))) }),
    output: VehicleList,
  },
  /** The answer to a prompt: 我知道了 / 确定. */
  acknowledge: { access: anyUser, input: ById, output: VehicleList },
  /** 我要申诉 → 我的车辆申诉. */
  appeal: {
    access: anyUser,
    input: z.strictObject({
      id: Id,
      reason: z.string().check(z.trim(), plainText(), z.minLength(5, '申诉理由至少 5 个字'), z.maxLength(500, '申诉理由不超过 500 字')),
      photos: z.array(FileId).check(z.minLength(1, '请上传至少一张证明材料'), z.maxLength(MAX_APPEAL_PHOTOS, `最多上传 ${MAX_APPEAL_PHOTOS} 张`)),
    }),
    output: VehicleList,
  },
  // ---- 锁车 (寻车缴费 → 锁车): the verified owner and the accounts they authorized ----
  locks: { access: anyUser, input: z.strictObject({}), output: LockList },
  /** 锁定车辆 (id: the 我的车辆 row). */
  lock: { access: anyUser, input: ById, output: LockList },
  /** 解锁 (id: the 我的车辆 row). */
  unlock: { access: anyUser, input: ById, output: LockList },
  // ---- the verified owner (隐私设置 / 设置) ----
  settings: { access: anyUser, input: ById, output: OwnerView },
  updateSettings: { access: anyUser, input: z.strictObject({ id: Id, settings: VehicleSettings }), output: OwnerView },
  /** Answer an authorization request (id: the request). */
  authorize: { access: anyUser, input: z.strictObject({ id: Id, approve: z.boolean() }), output: OwnerView },
  /** Revoke an authorization (id: the authorized member). */
  revoke: { access: anyUser, input: ById, output: OwnerView },
  // ---- staff (工作台, reviewer role) ----
  verifications: { access: staff('reviewer'), input: z.strictObject({}), output: z.object({ items: z.array(VerificationItem) }) },
  /** How many wait in each queue (for 工作台). */
  pending: { access: staff('reviewer'), input: z.strictObject({}), output: z.object({ verifications: z.int(), appeals: z.int() }) },
  approve: { access: staff('reviewer'), input: ById, output: Decided },
  reject: { access: staff('reviewer'), input: z.strictObject({ id: Id, reason: Reason }), output: Decided },
  appeals: { access: staff('reviewer'), input: z.strictObject({}), output: z.object({ items: z.array(AppealItem) }) },
  uphold: { access: staff('reviewer'), input: ById, output: Decided },
  dismiss: { access: staff('reviewer'), input: z.strictObject({ id: Id, reason: Reason }), output: Decided },
  /** The verified owner of a plate, for an operator about to cancel it. */
  ownerOf: { access: staff('reviewer'), input: z.strictObject({ plate: PlateInput }), output: z.object({ owner: z.nullable(z.object({ id: z.string(), nickname: z.string(), since: z.int() })) }) },
  cancelVerification: { access: staff('reviewer'), input: z.strictObject({ plate: PlateInput, reason: Reason }), output: Decided },
} satisfies FunctionContract
