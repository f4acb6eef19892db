// 我的交易记录 (seed 001 §2.1 step 3): the parking payments for my vehicles
// and my own, newest first (the server decides which, by the usage rules),
// each with its lot, plate, amount, coupon, time and status; refunds shown.
// The server sends a page at a time: reaching the bottom (or 加载更多) reads
// the next; pulling down reads the first page again.
import { Text, View } from '@tarojs/components'
import { formatYuan } from '../../../../domain/money'
import { formatDateTime } from '../../../../domain/time'
import { call, type CallOutput } from '../../../../services/call'
import { PageState } from '../../../../ui/page-state'
import { StateView } from '../../../../ui/state-view'
import { usePagedList } from '../../../../ui/use-paged-list'
import './index.scss'

type Order = CallOutput<'parking', 'records'>['orders'][number]

export default function Records() {
  const { load, loadingMore, more, retry } = usePagedList<Order, number>({
    read: async (before) => {
      const { orders, nextBefore } = await call('parking', 'records', before === undefined ? {} : { before }, { silent: true })
      return { items: orders, next: nextBefore }
    },
    key: (o) => o.orderId,
    order: (a, b) => b.createdAt - a.createdAt,
  })

  if (load.status !== 'ready') {
    return (
      <PageState
        className='page parking-records'
        load={load}
        cards={3}
        rows={3}
        loadingId='records-loading'
        errorId='records-error'
        onRetry={retry}
      />
    )
  }

  return (
    <View className='page parking-records'>
      {load.items.length === 0 && <StateView kind='empty' title='暂无交易记录' description='停车缴费后，可在这里查看缴费记录' testId='records-empty' />}
      {load.items.map((o) => (
        <View key={o.orderId} className='card parking-records__item' data-testid='record-item'>
          <View className='parking-records__head'>
            <Text className='parking-records__lot'>{o.lotName}</Text>
            <Text className={`parking-records__status parking-records__status--${o.status.toLowerCase()}`} data-testid='record-status'>
              {o.statusLabel}
            </Text>
          </View>
          <View className='parking-records__row'>
            <Text className='parking-records__plate' data-testid='record-plate'>
              {o.plateText}
            </Text>
            <Text className='parking-records__amount' data-testid='record-amount'>
              ¥{formatYuan(o.amountFen)}
            </Text>
          </View>
          {o.couponFen > 0 && (
            <Text className='parking-records__line' data-testid='record-coupon'>
              优惠券抵扣 ¥{formatYuan(o.couponFen)}
            </Text>
          )}
          <Text className='parking-records__line'>
            {o.paidAt !== null ? `支付时间 ${formatDateTime(o.paidAt)}` : `下单时间 ${formatDateTime(o.createdAt)}`}
          </Text>
          {o.refundedFen > 0 && (
            <Text className='parking-records__refund' data-testid='record-refund'>
              已退款 ¥{formatYuan(o.refundedFen)}，原路退回至微信支付账户
            </Text>
          )}
        </View>
      ))}
      {load.next !== null && (
        <Text className='parking-records__more' data-testid='records-more' onClick={() => void more()}>
          {loadingMore ? '加载中…' : '加载更多'}
        </Text>
      )}
    </View>
  )
}
