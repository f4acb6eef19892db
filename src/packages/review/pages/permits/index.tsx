// 工作台 → 车证审核: applications 审核中, oldest first with how long each has
// waited; the campus-card photo; the masked phone (revealing it is logged);
// 通过 after a confirmation, or 驳回 with a preset or written reason.
import { Image, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { formatYuan } from '../../../../domain/money'
import { formatPeriod } from '../../../../domain/permit/period'
import { formatPlate } from '../../../../domain/plate'
import { call, type CallOutput } from '../../../../services/call'
import { ReviewList } from '../../components/review-list'
import { useReviewQueue } from '../../components/use-review-queue'
import './index.scss'

const PRESETS = ['校园一卡通照片不清晰', '车主信息与车证登记不符', '该车证不在本次续费范围']
const IDS = {
  item: 'review-item',
  reject: 'review-reject',
  approve: 'review-approve',
  sheet: { sheet: 'reject-sheet', input: 'reject-reason-input', confirm: 'reject-confirm' },
}

type Item = CallOutput<'permit', 'queue'>['items'][number]

export default function PermitReview() {
  const queue = useReviewQueue(() => call('permit', 'queue', {}))
  const [phones, setPhones] = useState<Record<string, string>>({})

  /** 通过 extends the permit and texts the driver: asked once more, as 驳回 asks for its reason. */
  const approve = async (a: Item) => {
    const { confirm } = await Taro.showModal({
      title: '确认通过',
      content: `通过 ${formatPlate(a.plate)} 的续费申请？车证有效期将延至 ${a.period.end.replace(/-/g, '.')}，并短信通知车主。`,
      confirmText: '通过',
    })
    if (confirm) await queue.decide(() => call('permit', 'approve', { id: a.id }), '已通过')
  }

  const reveal = async (id: string) => {
    const { phone } = await call('permit', 'revealPhone', { id })
    setPhones((p) => ({ ...p, [id]: phone }))
  }

  return (
    <View className='review-page'>
      <ReviewList
        queue={queue}
        name='permits'
        ids={IDS}
        empty={{ title: '暂无待审核的车证申请', description: '新的申请会出现在这里' }}
        details={(a) => (
          <>
            <Text className='review-card__line'>
              {a.productName} · {formatPeriod(a.period)} · ¥{formatYuan(a.amountFen)}
            </Text>
            <View className='review-card__line review-card__row'>
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
              <Image className='review-card__photo' src={a.campusCardUrl} mode='aspectFit' onClick={() => Taro.previewImage({ urls: [a.campusCardUrl!] })} />
            ) : (
              <Text className='review-card__line'>未上传校园一卡通照片</Text>
            )}
          </>
        )}
        reject={{ text: '驳回', what: '申请', presets: PRESETS, run: (a, reason) => call('permit', 'reject', { id: a.id, reason }), done: '已驳回' }}
        approve={{ text: '通过', onClick: (a) => void approve(a) }}
      />
    </View>
  )
}
