// 工作台 → 车辆申诉审核: appeals 待处理, oldest first with how long each has
// waited; how the appellant lost the vehicle, their reason and evidence
// photos (preview on tap), the current verified owner; 申诉成立 (confirmed in
// a modal: the verification moves to the appellant), or 驳回申诉 with a reason.
import { Image, Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { useCallback, useState } from 'react'
import { formatPlate } from '../../../../domain/plate'
import { formatDate, formatDateTime, formatWaited } from '../../../../domain/time'
import type { NoticeKind } from '../../../../domain/vehicle/relation'
import { call, type CallOutput } from '../../../../services/call'
import { Button, Tag } from '../../../../ui/nutui'
import { StateView } from '../../../../ui/state-view'
import { ReasonSheet } from '../../components/reason-sheet'
import './index.scss'

type Item = CallOutput<'vehicle', 'appeals'>['items'][number]

const PRESETS = ['证明材料不足', '证明材料与车辆不符']

/** How the appellant lost the vehicle (only these three lead to an appeal). */
const CAUSES: Partial<Record<NoticeKind, string>> = {
  SUPERSEDED_OWNER: '认证被他人取代',
  SUPERSEDED_ADDED: '车辆被他人认证',
  OPERATOR_CANCELLED: '运营取消认证',
}


export default function AppealReview() {
  const [items, setItems] = useState<Item[] | null | 'error'>(null)
  const [dismissing, setDismissing] = useState<Item | null>(null)
  const [busy, setBusy] = useState(false)

  const load = useCallback(async () => {
    try {
      setItems((await call('vehicle', 'appeals', {})).items)
    } catch {
      setItems((prev) => (Array.isArray(prev) ? prev : 'error'))
    }
  }, [])
  useDidShow(() => void load())
  usePullDownRefresh(() => void load().finally(() => Taro.stopPullDownRefresh()))

  const decide = async (run: () => Promise<unknown>, done: string) => {
    setBusy(true)
    try {
      await run()
      void Taro.showToast({ title: done, icon: 'success' })
      setDismissing(null)
      await load()
    } catch {
      // shown by call()
    } finally {
      setBusy(false)
    }
  }

  const uphold = async (a: Item) => {
    const { confirm } = await Taro.showModal({
      title: '申诉成立',
      content: '申诉成立后，认证将转移给申诉人，原认证车主将收到提示',
      confirmText: '确认成立',
    })
    if (confirm) await decide(() => call('vehicle', 'uphold', { id: a.id }), '申诉已成立')
  }

  return (
    <View className='appeal-review'>
      {items === null && <Text className='appeal-review__loading'>加载中…</Text>}
      {items === 'error' && (
        <StateView
          kind='network'
          title='加载失败'
          description='请检查网络后重试'
          actions={[{ text: '重试', primary: true, onClick: () => void load() }]}
          testId='appeals-error'
        />
      )}
      {Array.isArray(items) && items.length === 0 && (
        <StateView kind='done' title='暂无待处理的车辆申诉' description='新的申诉会出现在这里' testId='appeals-empty' />
      )}
      {Array.isArray(items) &&
        items.map((a) => (
          <View key={a.id} className='appeal-review__item' data-testid='appeal-item'>
            <View className='appeal-review__head'>
              <Text className='appeal-review__plate'>{formatPlate(a.plate)}</Text>
              <Text className='appeal-review__waited'>已等待 {formatWaited(a.waitedMinutes)}</Text>
            </View>
            <View className='appeal-review__line'>
              <Text>
                申诉人 {a.nickname} · {formatDateTime(a.createdAt)}
              </Text>
              <View data-testid='appeal-cause'>
                <Tag type='warning' plain>
                  {CAUSES[a.cause] ?? '其他'}
                </Tag>
              </View>
            </View>
            <Text className='appeal-review__label'>申诉理由</Text>
            <Text className='appeal-review__reason'>{a.reason}</Text>
            {a.photos.length > 0 && (
              <>
                <Text className='appeal-review__label'>证明材料</Text>
                <View className='appeal-review__photos'>
                  {a.photos.map((url) => (
                    <Image
                      key={url}
                      className='appeal-review__photo'
                      src={url}
                      mode='aspectFill'
                      onClick={() => void Taro.previewImage({ urls: a.photos, current: url })}
                    />
                  ))}
                </View>
              </>
            )}
            <Text className='appeal-review__owner'>
              {a.currentOwner
                ? `当前认证车主：${a.currentOwner.nickname}（${formatDate(a.currentOwner.since)} 认证）`
                : '该车辆暂无认证车主'}
            </Text>
            <View className='appeal-review__ops'>
              <Button size='small' fill='outline' type='danger' disabled={busy} onClick={() => setDismissing(a)} data-testid='appeal-dismiss'>
                驳回申诉
              </Button>
              <Button size='small' type='primary' disabled={busy} onClick={() => void uphold(a)} data-testid='appeal-uphold'>
                申诉成立
              </Button>
            </View>
          </View>
        ))}

      {dismissing && (
        <ReasonSheet
          title={`驳回 ${formatPlate(dismissing.plate)} 的申诉`}
          presets={PRESETS}
          busy={busy}
          onClose={() => setDismissing(null)}
          onConfirm={(reason) => void decide(() => call('vehicle', 'dismiss', { id: dismissing.id, reason }), '已驳回申诉')}
        />
      )}
    </View>
  )
}
