// 我的预定 (seed 001 §2.1 step 4, §2.3 step 4): every reservation of mine,
// newest first, with its status, lot, plate, entry window and what was paid;
// tapping one opens 预定详情. The server sends a page at a time: reaching the
// bottom (or 加载更多) reads the next; pulling down reads the first again.
// Opened again (back from 预定详情) it is read again, so a cancel shows.
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { ReservationCard, type Reservation } from '../../components/reservation-card'
import { call } from '../../../../services/call'
import { PageState } from '../../../../ui/page-state'
import { StateView } from '../../../../ui/state-view'
import { usePagedList } from '../../../../ui/use-paged-list'
import './index.scss'

export default function MinePage() {
  const { load, loadingMore, more, retry } = usePagedList<Reservation, number>({
    read: async (before) => {
      const { reservations, nextBefore } = await call('reservation', 'mine', before === undefined ? {} : { before }, { silent: true })
      return { items: reservations, next: nextBefore }
    },
    key: (r) => r.id,
    order: (a, b) => b.createdAt - a.createdAt,
  })

  if (load.status !== 'ready') {
    return (
      <PageState
        className='page reservation-mine'
        load={load}
        cards={3}
        rows={3}
        loadingId='mine-loading'
        errorId='mine-error'
        onRetry={retry}
      />
    )
  }

  return (
    <View className='page reservation-mine'>
      {load.items.length === 0 && (
        <StateView
          kind='empty'
          title='暂无预定'
          description='预定车位后，可在这里查看预定信息'
          testId='mine-empty'
          actions={[{ text: '去预定', primary: true, onClick: () => void Taro.navigateTo({ url: '/packages/reservation/pages/index/index' }) }]}
        />
      )}
      {load.items.map((r) => (
        <ReservationCard key={r.id} reservation={r} onClick={() => void Taro.navigateTo({ url: `/packages/reservation/pages/detail/index?id=${encodeURIComponent(r.id)}` })} />
      ))}
      {load.next !== null && (
        <Text className='reservation-mine__more' data-testid='mine-more' onClick={() => void more()}>
          {loadingMore ? '加载中…' : '加载更多'}
        </Text>
      )}
    </View>
  )
}
