// 工作台 → 支付异常: payments and refunds the sweep has not brought to a
// confirmed end within a day, and refunds WeChat Pay closed. The sweep keeps
// trying on its own; 立即重试 takes the same step now (e.g. once WeChat Pay
// has recovered) and says whether it got through.
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { formatYuan } from '../../../../domain/money'
import { PAY_DOMAIN_LABELS } from '../../../../domain/pay/intent'
import { formatDateTime } from '../../../../domain/time'
import { call, type CallOutput } from '../../../../services/call'
import { Button, Tag } from '../../../../ui/nutui'
import { QueueStatus } from '../../components/review-list'
import { useReviewQueue } from '../../components/use-review-queue'
import '../../components/review-card.scss'
import './index.scss'

type Item = CallOutput<'pay', 'overdue'>['items'][number]

export default function MoneyAlerts() {
  const queue = useReviewQueue(() => call('pay', 'overdue', {}))
  const { items, busy, decide } = queue

  const retry = (item: Item) =>
    decide(async () => {
      const { failed } = await call('pay', 'retry', { kind: item.kind, id: item.id })
      if (failed) void Taro.showModal({ title: '重试未成功', content: '微信支付暂未确认，系统会继续自动重试', showCancel: false, confirmText: '我知道了' })
      else void Taro.showToast({ title: '已重试', icon: 'success' })
    }, null)

  return (
    <View className='review-page'>
      <QueueStatus queue={queue} name='money' empty={{ title: '暂无支付异常', description: '超过一天仍未完成的支付和退款会出现在这里' }} />
      {items?.map((item) => (
        <View key={item.id} className='review-card' data-testid='money-item'>
          <View className='review-card__head'>
            <Text className='money-alert__amount'>¥{formatYuan(item.amountFen)}</Text>
            <Tag background={item.status === 'FAILED' ? '#ffece8' : '#fff7e8'} color={item.status === 'FAILED' ? '#f53f3f' : '#ff8f1f'}>
              {`${item.kind === 'refund' ? '退款' : '支付'} · ${item.statusLabel}`}
            </Tag>
          </View>
          <Text className='review-card__line'>
            {PAY_DOMAIN_LABELS[item.domain]} · 发起于 {formatDateTime(item.createdAt)}
          </Text>
          <Text className='review-card__line money-alert__no'>{item.kind === 'refund' ? '退款单号' : '订单号'} {item.id}</Text>
          <Text className='review-card__line'>
            已尝试 {item.attempts} 次{item.status === 'FAILED' ? '' : ` · 下次自动重试 ${formatDateTime(item.nextAt)}`}
          </Text>
          {item.lastError && <Text className='review-card__line money-alert__error'>最近错误：{item.lastError}</Text>}
          {item.status !== 'FAILED' && (
            <View className='review-card__ops'>
              <Button size='small' type='primary' disabled={busy} onClick={() => void retry(item)} data-testid='money-retry'>
                立即重试
              </Button>
            </View>
          )}
        </View>
      ))}
    </View>
  )
}
