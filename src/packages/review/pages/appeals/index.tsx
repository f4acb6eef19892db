// 工作台 → 车辆申诉审核: appeals 待处理, oldest first with how long each has
// waited; how the appellant lost the vehicle, their reason and evidence
// photos (preview on tap), the current verified owner; 申诉成立 (confirmed in
// a modal: the verification moves to the appellant), or 驳回申诉 with a reason.
import { Image, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { formatDate, formatDateTime } from '../../../../domain/time'
import type { NoticeKind } from '../../../../domain/vehicle/relation'
import { call, type CallOutput } from '../../../../services/call'
import { Tag } from '../../../../ui/nutui'
import { ReviewList } from '../../components/review-list'
import { useReviewQueue } from '../../components/use-review-queue'
import './index.scss'

type Item = CallOutput<'vehicle', 'appeals'>['items'][number]

const PRESETS = ['证明材料不足', '证明材料与车辆不符']
const IDS = { item: 'appeal-item', reject: 'appeal-dismiss', approve: 'appeal-uphold' }

/** How the appellant lost the vehicle (only these three lead to an appeal). */
const CAUSES: Partial<Record<NoticeKind, string>> = {
  SUPERSEDED_OWNER: '认证被他人取代',
  SUPERSEDED_ADDED: '车辆被他人认证',
  OPERATOR_CANCELLED: '运营取消认证',
}

export default function AppealReview() {
  const queue = useReviewQueue(() => call('vehicle', 'appeals', {}))

  const uphold = async (a: Item) => {
    const { confirm } = await Taro.showModal({
      title: '申诉成立',
      content: '申诉成立后，认证将转移给申诉人，原认证车主将收到提示',
      confirmText: '确认成立',
    })
    if (confirm) await queue.decide(() => call('vehicle', 'uphold', { id: a.id }), '申诉已成立')
  }

  return (
    <View className='review-page'>
      <ReviewList
        queue={queue}
        name='appeals'
        ids={IDS}
        empty={{ title: '暂无待处理的车辆申诉', description: '新的申诉会出现在这里' }}
        details={(a) => (
          <>
            <View className='review-card__line review-card__row'>
              <Text>
                申诉人 {a.nickname} · {formatDateTime(a.createdAt)}
              </Text>
              <View data-testid='appeal-cause'>
                <Tag background='#fff7e8' color='#ff8f1f'>
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
          </>
        )}
        reject={{ text: '驳回申诉', what: '申诉', presets: PRESETS, run: (a, reason) => call('vehicle', 'dismiss', { id: a.id, reason }), done: '已驳回申诉' }}
        approve={{ text: '申诉成立', onClick: (a) => void uphold(a) }}
      />
    </View>
  )
}
