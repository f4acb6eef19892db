// The driver's claims on a plate: 去认证 (proof of ownership, reviewed by the
// office) and 我要申诉 (after losing the vehicle). What proof is asked for,
// and the 联系客服 number, are configured in the settings collection.
import { AppError } from '../../src/domain/errors'
import type { ProofField } from '../../src/domain/contracts/vehicle'
import { can, transition } from '../../src/domain/vehicle/relation'
import type { Caller } from '../_shared/auth'
import { collection } from '../_shared/collection'
import { now } from '../_shared/clock'
import { inTransaction } from '../_shared/transaction'
import { listOf, loadRelation, move, type AppealDoc, type RelationDoc } from './records'

interface VehicleConfig {
  servicePhone: string
  proofFields: ProofField[]
}

/** Used until the office stores its own in settings/vehicle. */
export const DEFAULT_CONFIG: VehicleConfig = {
  servicePhone: '010-82802114',
  proofFields: [
    { key: 'license', label: '行驶证照片', kind: 'photo', required: true, placeholder: '拍摄行驶证主页，车牌号与所有人清晰可见' },
    { key: 'ownerName', label: '车辆所有人', kind: 'text', required: true, placeholder: '与行驶证上的所有人一致' },
  ],
}

const settings = collection<Partial<VehicleConfig>>('settings')

export async function loadConfig(): Promise<VehicleConfig> {
  const stored = await settings.findOne({ _id: 'vehicle' })
  return { ...DEFAULT_CONFIG, ...(stored?.servicePhone ? { servicePhone: stored.servicePhone } : {}), ...(stored?.proofFields?.length ? { proofFields: stored.proofFields } : {}) }
}

export async function config() {
  return loadConfig()
}

const isFileId = (v: string) => /^cloud:\/\/\S+$/.test(v)

/** Keeps exactly the configured fields; refuses a missing required one, naming it. */
function checkProof(fields: ProofField[], proof: Record<string, string>): Record<string, string> {
  const unknown = Object.keys(proof).find((k) => !fields.some((f) => f.key === k))
  if (unknown) throw new AppError('BAD_INPUT')
  const kept: Record<string, string> = {}
  for (const f of fields) {
    const value = (proof[f.key] ?? '').trim()
    if (!value) {
      if (f.required) throw new AppError('PROOF_MISSING', f.kind === 'photo' ? `请上传${f.label}` : `请填写${f.label}`)
      continue
    }
    if (f.kind === 'photo' && !isFileId(value)) throw new AppError('BAD_INPUT', `${f.label}上传失败，请重新上传`)
    kept[f.key] = value
  }
  return kept
}

export async function verify({ id, proof }: { id: string; proof: Record<string, string> }, caller: Caller) {
  const rel = await loadRelation(id, caller.openid)
  const kept = checkProof((await loadConfig()).proofFields, proof)
  await move(rel, 'SUBMIT', { proof: kept, submittedAt: now(), rejectReason: null })
  return listOf(caller.openid)
}

export async function appeal({ id, reason, photos }: { id: string; reason: string; photos: string[] }, caller: Caller) {
  if (!photos.every(isFileId)) throw new AppError('BAD_INPUT', '证明材料上传失败，请重新上传')
  const owned = await loadRelation(id, caller.openid)
  if (!can(owned.status, 'APPEAL')) throw new AppError('VEHICLE_STATE')
  // The row and its appeal are written together, or neither is.
  await inTransaction(async (tx) => {
    const rel = await tx.get<RelationDoc>('vehicles', id)
    const next = rel && transition(rel.status, 'APPEAL')
    if (!rel || !next || !rel.notice) throw new AppError('VEHICLE_STATE')
    const t = now()
    await tx.update('vehicles', id, { status: next, notice: '', changedAt: t })
    await tx.set<AppealDoc>('appeals', `${id}-${t}`, {
      relationId: id,
      openid: caller.openid,
      plate: rel.plate,
      reason,
      photos,
      cause: rel.notice,
      status: 'PENDING',
      createdAt: t,
      decidedBy: '',
      decidedAt: null,
      decisionReason: '',
    })
  })
  return listOf(caller.openid)
}
