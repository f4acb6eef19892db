// 工作台 → 车辆认证审核: proofs 认证中, oldest first with how long each has
// waited; each proof field with its label (photos preview on tap); a warning
// when another account holds the verification (approving moves it); 通过, or
// 驳回 with a preset or written reason. Also the operator's 取消车辆认证:
// look a plate's verified owner up, then cancel with a reason.
import { Image, Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { Sheet } from '../../../../components/sheet'
import { formatPlate, normalizePlate } from '../../../../domain/plate'
import { formatDate, formatDateTime } from '../../../../domain/time'
import { call, type CallOutput } from '../../../../services/call'
import { Button } from '../../../../ui/nutui'
import { ReviewList } from '../../components/review-list'
import { useReviewQueue } from '../../components/use-review-queue'
import './index.scss'

type Item = CallOutput<'vehicle', 'verifications'>['items'][number]
type Owner = CallOutput<'vehicle', 'ownerOf'>['owner']

const PRESETS = ['行驶证照片不清晰', '车辆所有人与行驶证不符', '行驶证与车牌号不符']
const IDS = { item: 'verification-item', reject: 'verification-reject', approve: 'verification-approve' }

/** One submitted proof: each field under its label, photos tappable to preview. */
function Proof({ proof }: { proof: Item['proof'] }) {
  const photos = proof.flatMap((f) => (f.kind === 'photo' && f.value ? [f.value] : []))
  return (
    <View className='verification-review__proof'>
      {proof.map((f) => (
        <View key={f.key} className='verification-review__field'>
          <Text className='verification-review__label'>{f.label}</Text>
          {f.kind === 'text' ? (
            <Text className='verification-review__value'>{f.value || '未填写'}</Text>
          ) : f.value ? (
            <Image
              className='review-card__photo'
              src={f.value}
              mode='aspectFit'
              onClick={() => void Taro.previewImage({ urls: photos, current: f.value! })}
            />
          ) : (
            <Text className='verification-review__value muted'>未上传</Text>
          )}
        </View>
      ))}
    </View>
  )
}

/** 取消车辆认证: plate → 查询 → the owner → reason → 确认取消认证 (confirmed in a modal). */
function CancelSheet({ onClose, onDone }: { onClose: () => void; onDone: () => void }) {
  const [plate, setPlate] = useState('')
  // The plate looked up and its owner; cleared when the plate is edited.
  const [found, setFound] = useState<{ plate: string; owner: Owner } | null>(null)
  const [reason, setReason] = useState('')
  const [busy, setBusy] = useState(false)

  const lookup = async () => {
    setBusy(true)
    try {
      const { owner } = await call('vehicle', 'ownerOf', { plate })
      setFound({ plate: normalizePlate(plate), owner })
    } catch {
      // shown by call()
    } finally {
      setBusy(false)
    }
  }

  const confirm = async () => {
    if (!found?.owner) return
    const { confirm: ok } = await Taro.showModal({
      title: '确认取消认证',
      content: `将取消 ${found.owner.nickname} 对 ${formatPlate(found.plate)} 的车辆认证，对方将收到提示`,
      confirmText: '确认取消',
      confirmColor: '#fa5151',
      cancelText: '返回',
    })
    if (!ok) return
    setBusy(true)
    try {
      await call('vehicle', 'cancelVerification', { plate: found.plate, reason: reason.trim() })
      void Taro.showToast({ title: '已取消认证', icon: 'success' })
      onDone()
    } catch {
      // shown by call()
    } finally {
      setBusy(false)
    }
  }

  return (
    <Sheet title='取消车辆认证' testId='cancel-sheet' onClose={onClose}>
      <View className='verification-review__lookup'>
        <Input
          className='sheet__input verification-review__plate-input'
          data-testid='cancel-plate'
          placeholder='请输入车牌号，如 京A12345'
          maxlength={12}
          value={plate}
          onInput={(e) => {
            setPlate(e.detail.value.toUpperCase())
            setFound(null)
          }}
        />
        <Button size='small' type='primary' disabled={busy || plate.trim() === ''} onClick={() => void lookup()} data-testid='cancel-lookup'>
          查询
        </Button>
      </View>
      {found && (
        <View className='verification-review__owner' data-testid='cancel-owner'>
          {found.owner ? (
            <Text>
              {formatPlate(found.plate)} 认证车主：{found.owner.nickname}（{formatDate(found.owner.since)} 起）
            </Text>
          ) : (
            <Text className='muted'>该车辆暂无认证车主</Text>
          )}
        </View>
      )}
      {found?.owner && (
        <>
          <Input
            className='sheet__input'
            data-testid='cancel-reason'
            placeholder='请填写取消原因'
            maxlength={200}
            value={reason}
            onInput={(e) => setReason(e.detail.value)}
          />
          <Button type='danger' block disabled={busy || reason.trim().length < 2} onClick={() => void confirm()} data-testid='cancel-confirm'>
            确认取消认证
          </Button>
        </>
      )}
    </Sheet>
  )
}

export default function VerificationReview() {
  const queue = useReviewQueue(() => call('vehicle', 'verifications', {}))
  const [cancelling, setCancelling] = useState(false)

  /** 通过 makes the submitter the verified owner (and may take the plate from another): asked once more, as 驳回 asks for its reason. */
  const approve = async (a: Item) => {
    const { confirm } = await Taro.showModal({
      title: '确认通过',
      content: a.currentOwner
        ? `通过后 ${formatPlate(a.plate)} 的认证将从 ${a.currentOwner.nickname} 转移给 ${a.nickname}，原车主将收到提示。`
        : `通过后 ${a.nickname} 将成为 ${formatPlate(a.plate)} 的认证车主。`,
      confirmText: '通过',
    })
    if (confirm) await queue.decide(() => call('vehicle', 'approve', { id: a.id }), '已通过')
  }

  return (
    <View className='review-page verification-review'>
      <View className='verification-review__tools'>
        <Text className='muted'>运营操作</Text>
        <Button size='small' fill='outline' type='danger' onClick={() => setCancelling(true)} data-testid='cancel-open'>
          取消车辆认证
        </Button>
      </View>

      <ReviewList
        queue={queue}
        name='verifications'
        ids={IDS}
        empty={{ title: '暂无待审核的车辆认证', description: '新的认证申请会出现在这里' }}
        details={(a) => (
          <>
            <Text className='review-card__line'>
              提交人 {a.nickname} · {formatDateTime(a.submittedAt)}
            </Text>
            {a.currentOwner && (
              <Text className='verification-review__warn'>
                该车辆已由 {a.currentOwner.nickname} 认证（{formatDate(a.currentOwner.since)}），通过后将转移认证
              </Text>
            )}
            <Proof proof={a.proof} />
          </>
        )}
        reject={{ text: '驳回', what: '认证', presets: PRESETS, run: (a, reason) => call('vehicle', 'reject', { id: a.id, reason }), done: '已驳回' }}
        approve={{ text: '通过', onClick: (a) => void approve(a) }}
      />
      {cancelling && (
        <CancelSheet
          onClose={() => setCancelling(false)}
          onDone={() => {
            setCancelling(false)
            void queue.reload()
          }}
        />
      )}
    </View>
  )
}
