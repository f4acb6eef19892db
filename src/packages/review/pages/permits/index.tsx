// 工作台 → 车证审核: applications 审核中, oldest first with how long each has
// waited; the campus-card photo; the masked phone (revealing it is logged);
// 通过, or 驳回 with a preset or written reason.
import { Image, Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { useCallback, useState } from 'react'
import { formatYuan } from '../../../../domain/money'
import { formatPeriod } from '../../../../domain/permit/period'
import { formatWaited } from '../../../../domain/time'
import { formatPlate } from '../../../../domain/plate'
import { call, type CallOutput } from '../../../../services/call'
import { Button, Empty } from '../../../../ui/nutui'
import { ReasonSheet } from '../../components/reason-sheet'
import './index.scss'

type Item = CallOutput<'permit', 'queue'>['items'][number]

const PRESETS = ['校园一卡通照片不清晰', '车主信息与车证登记不符', '该车证不在本次续费范围']
const REJECT_IDS = { sheet: 'reject-sheet', input: 'reject-reason-input', confirm: 'reject-confirm' }


export default function PermitReview() {
  const [items, setItems] = useState<Item[] | null>(null)
  const [phones, setPhones] = useState<Record<string, string>>({})
  const [rejecting, setRejecting] = useState<Item | null>(null)
  const [busy, setBusy] = useState(false)

  const load = useCallback(async () => {
    try {
      setItems((await call('permit', 'queue', {})).items)
    } catch {
      setItems([])
    }
  }, [])
  useDidShow(() => void load())
  usePullDownRefresh(() => void load().finally(() => Taro.stopPullDownRefresh()))

  const reveal = async (id: string) => {
    const { phone } = await call('permit', 'revealPhone', { id })
    setPhones((p) => ({ ...p, [id]: phone }))
  }

  const decide = async (run: () => Promise<unknown>, done: string) => {
    setBusy(true)
    try {
      await run()
      void Taro.showToast({ title: done, icon: 'success' })
      setRejecting(null)
      await load()
    } catch {
      // shown by call()
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className='permit-review'>
      {items === null && <Text className='permit-review__loading'>加载中…</Text>}
      {items?.length === 0 && <Empty title='暂无待审核的车证申请' description='新的申请会出现在这里' />}
      {items?.map((a) => (
        <View key={a.id} className='permit-review__item' data-testid='review-item'>
          <View className='permit-review__head'>
            <Text className='permit-review__plate'>{formatPlate(a.plate)}</Text>
            <Text className='permit-review__waited'>已等待 {formatWaited(a.waitedMinutes)}</Text>
          </View>
          <Text className='permit-review__line'>
            {a.productName} · {formatPeriod(a.period)} · ¥{formatYuan(a.amountFen)}
          </Text>
          <View className='permit-review__line'>
            <Text>
              车主 {a.holderName} · {phones[a.id] ?? a.maskedPhone}
            </Text>
            {!phones[a.id] && (
              <Text className='permit-review__reveal' onClick={() => void reveal(a.id)}>
                查看完整号码
              </Text>
            )}
          </View>
          {a.campusCardUrl ? (
            <Image className='permit-review__photo' src={a.campusCardUrl} mode='aspectFit' onClick={() => Taro.previewImage({ urls: [a.campusCardUrl!] })} />
          ) : (
            <Text className='permit-review__line'>未上传校园一卡通照片</Text>
          )}
          <View className='permit-review__ops'>
            <Button size='small' fill='outline' type='danger' disabled={busy} onClick={() => setRejecting(a)} data-testid='review-reject'>
              驳回
            </Button>
            <Button size='small' type='primary' disabled={busy} onClick={() => void decide(() => call('permit', 'approve', { id: a.id }), '已通过')} data-testid='review-approve'>
              通过
            </Button>
          </View>
        </View>
      ))}

      {rejecting && (
        <ReasonSheet
          title={`驳回 ${formatPlate(rejecting.plate)} 的申请`}
          presets={PRESETS}
          busy={busy}
          onClose={() => setRejecting(null)}
          onConfirm={(reason) => void decide(() => call('permit', 'reject', { id: rejecting.id, reason }), '已驳回')}
          ids={REJECT_IDS}
        />
      )}
    </View>
  )
}
