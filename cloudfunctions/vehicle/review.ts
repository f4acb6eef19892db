// 工作台, vehicle side: the verification queue (approve / reject with a
// reason, seeing the proof), the appeal queue (uphold / dismiss), and an
// operator's cancellation of a verification. Reviewer role only (the
// contract's `access`, enforced by route()); every action is written to the
// audit log.
import { AppError } from '../../src/domain/errors'
import { appealTransition } from '../../src/domain/vehicle/appeal'
import { transition } from '../../src/domain/vehicle/relation'
import { audit } from '../_shared/audit'
import type { Caller } from '../_shared/auth'
import type { Doc } from '../_shared/cloud'
import { now } from '../_shared/clock'
import { tempUrl } from '../_shared/storage'
import { inTransaction, type Tx } from '../_shared/transaction'
import { releaseOwnership, takeOwnership } from './ownership'
import { appeals, move, nicknameOf, ownerOf, relations, type AppealDoc, type RelationDoc } from './records'
import { loadConfig } from './verification'

const minutesSince = (t: number) => Math.max(0, Math.floor((now() - t) / 60_000))

/** The plate's verified owner, when it is somebody other than `openid`. */
async function currentOwner(plate: string, openid: string) {
  const owner = await ownerOf(plate)
  return owner && owner.ownerOpenid !== openid ? { nickname: await nicknameOf(owner.ownerOpenid), since: owner.since } : null
}

export async function verifications() {
  const { proofFields } = await loadConfig()
  const rows = await relations.find({ status: 'VERIFYING' }, { orderBy: ['submittedAt', 'asc'], limit: 100 })
  return {
    items: await Promise.all(
      rows.map(async (r) => {
        const proof = r.proof ?? {}
        // The configured fields first, then anything submitted under an older configuration.
        const keys = [...proofFields.map((f) => f.key), ...Object.keys(proof).filter((k) => !proofFields.some((f) => f.key === k))]
        return {
          id: r._id,
          plate: r.plate,
          nickname: await nicknameOf(r.openid),
          submittedAt: r.submittedAt ?? r.changedAt,
          waitedMinutes: minutesSince(r.submittedAt ?? r.changedAt),
          proof: await Promise.all(
            keys.map(async (key) => {
              const field = proofFields.find((f) => f.key === key)
              const kind = field?.kind ?? (proof[key]?.startsWith('cloud://') ? 'photo' : 'text')
              const value = proof[key] ?? null
              return { key, label: field?.label ?? key, kind, value: value && kind === 'photo' ? await tempUrl(value) : value }
            }),
          ),
          currentOwner: await currentOwner(r.plate, r.openid),
        }
      }),
    ),
  }
}

export async function pending() {
  const [verifying, appealing] = await Promise.all([relations.count({ status: 'VERIFYING' }), appeals.count({ status: 'PENDING' })])
  return { verifications: verifying, appeals: appealing }
}

export async function approve({ id }: { id: string }, caller: Caller) {
  const { rel, previousOwner } = await takeOwnership(id, 'APPROVE', { rejectReason: null }, { notFound: 'VERIFICATION_NOT_FOUND' })
  await audit(`vehicle-approve:${id}:${rel.submittedAt}`, { by: caller.openid, action: 'vehicle.approve', target: id, reason: previousOwner ? `认证自 ${previousOwner} 转移` : '' })
  return { id, status: rel.status }
}

export async function reject({ id, reason }: { id: string; reason: string }, caller: Caller) {
  const rel = await relations.findOne({ _id: id })
  if (!rel || !transition(rel.status, 'REJECT')) throw new AppError('VERIFICATION_NOT_FOUND')
  // Back to 未认证 — or, when another account owns the plate, to a request to that owner.
  const owner = await ownerOf(rel.plate)
  const moved = await move(rel, owner && owner.ownerOpenid !== rel.openid ? 'REJECT_OWNED' : 'REJECT', { rejectReason: reason })
  await audit(`vehicle-reject:${id}:${rel.submittedAt}`, { by: caller.openid, action: 'vehicle.reject', target: id, reason })
  return { id, status: moved!.status }
}

export async function appealQueue() {
  const rows = await appeals.find({ status: 'PENDING' }, { orderBy: ['createdAt', 'asc'], limit: 100 })
  return {
    items: await Promise.all(
      rows.map(async (a) => ({
        id: a._id,
        plate: a.plate,
        nickname: await nicknameOf(a.openid),
        reason: a.reason,
        photos: (await Promise.all(a.photos.map(tempUrl))).filter((u): u is string => u !== null),
        createdAt: a.createdAt,
        waitedMinutes: minutesSince(a.createdAt),
        cause: a.cause,
        currentOwner: await currentOwner(a.plate, a.openid),
        status: a.status,
      })),
    ),
  }
}

/** Reads a pending appeal inside a transaction and records its decision there. */
async function decideInside(tx: Tx, id: string, event: 'UPHOLD' | 'DISMISS', by: string, reason: string): Promise<Doc<AppealDoc>> {
  const appeal = await tx.get<AppealDoc>('appeals', id)
  const next = appeal && appealTransition(appeal.status, event)
  if (!appeal || !next) throw new AppError('APPEAL_NOT_FOUND')
  await tx.update('appeals', id, { status: next, decidedBy: by, decidedAt: now(), decisionReason: reason })
  return appeal
}

export async function uphold({ id }: { id: string }, caller: Caller) {
  const appeal = await appeals.findOne({ _id: id })
  if (!appeal) throw new AppError('APPEAL_NOT_FOUND')
  // The appeal's decision and the move of the verification commit together.
  const { previousOwner } = await takeOwnership(appeal.relationId, 'UPHOLD', { notice: 'APPEAL_UPHELD' }, {
    notFound: 'APPEAL_NOT_FOUND',
    alsoInside: async (tx) => void (await decideInside(tx, id, 'UPHOLD', caller.openid, '')),
  })
  await audit(`appeal-uphold:${id}`, { by: caller.openid, action: 'vehicle.uphold', target: id, reason: previousOwner ? `认证自 ${previousOwner} 转移` : '' })
  return { id, status: 'UPHELD' }
}

export async function dismiss({ id, reason }: { id: string; reason: string }, caller: Caller) {
  await inTransaction(async (tx) => {
    const appeal = await decideInside(tx, id, 'DISMISS', caller.openid, reason)
    const rel = await tx.get<RelationDoc>('vehicles', appeal.relationId)
    const next = rel && transition(rel.status, 'DISMISS')
    if (!rel || !next) throw new AppError('APPEAL_NOT_FOUND')
    await tx.update('vehicles', rel._id, { status: next, notice: 'APPEAL_DISMISSED', changedAt: now() })
  })
  await audit(`appeal-dismiss:${id}`, { by: caller.openid, action: 'vehicle.dismiss', target: id, reason })
  return { id, status: 'DISMISSED' }
}

export async function lookupOwner({ plate }: { plate: string }) {
  const owner = await ownerOf(plate)
  return { owner: owner ? { id: owner.ownerRelationId, nickname: await nicknameOf(owner.ownerOpenid), since: owner.since } : null }
}

export async function cancelVerification({ plate, reason }: { plate: string; reason: string }, caller: Caller) {
  const { rel } = await releaseOwnership(plate, { cancelledBy: 'operator' })
  const target = rel?._id ?? plate
  await audit(`vehicle-cancel:${plate}:${now()}`, { by: caller.openid, action: 'vehicle.cancel', target, reason })
  return { id: target, status: 'DISPLACED' }
}
