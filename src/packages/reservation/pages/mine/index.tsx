// 我的预定 (seed 001 §2.1 step 4, §2.3 step 4): every reservation of mine,
// newest first, with its status, lot, plate, entry window and what was paid;
// tapping one opens 预定详情. The server sends a page at a time: reaching the
// bottom (or 加载更多) reads the next; pulling down reads the first again.
// Opened again (back from 预定详情) it is read again, so a cancel shows.
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import { useCallback, useRef, useState } from 'react'
import { ReservationCard, type Reservation } from '../../components/reservation-card'
import { call } from '../../../../services/call'
import { PageState, type Pending } from '../../../../ui/page-state'
import { StateView } from '../../../../ui/state-view'
import './index.scss'

type Load = Pending | { status: 'ready'; reservations: Reservation[]; nextBefore: number | null }

/** Newest first, whatever order pages arrive in. */
const newestFirst = (list: Reservation[]) => [...list].sort((a, b) => b.createdAt - a.createdAt)

export default function MinePage() {
  const [load, setLoad] = useState<Load>({ status: 'loading' })
  const shown = useRef(false)
  const [loadingMore, setLoadingMore] = useState(false)

  const refresh = useCallback(async () => {
    try {
      const { reservations, nextBefore } = await call('reservation', 'mine', {}, { silent: true })
      setLoad({ status: 'ready', reservations: newestFirst(reservations), nextBefore })
      shown.current = true
    } catch (e) {
      if (shown.current) void Taro.showToast({ title: (e as Error).message, icon: 'none' })
      else setLoad({ status: 'error', message: (e as Error).message })
    }
  }, [])

  const more = async () => {
    if (load.status !== 'ready' || load.nextBefore === null || loadingMore) return
    setLoadingMore(true)
    try {
      const page = await call('reservation', 'mine', { before: load.nextBefore }, { silent: true })
      setLoad((l) => {
        if (l.status !== 'ready') return l
        const seen = new Set(l.reservations.map((r) => r.id))
        return { status: 'ready', reservations: newestFirst([...l.reservations, ...page.reservations.filter((r) => !seen.has(r.id))]), nextBefore: page.nextBefore }
      })
    } catch (e) {
      void Taro.showToast({ title: (e as Error).message, icon: 'none' })
    } finally {
      setLoadingMore(false)
    }
  }

  useDidShow(() => void refresh())
  usePullDownRefresh(() => void refresh().finally(() => Taro.stopPullDownRefresh()))
  useReachBottom(() => void more())

  if (load.status !== 'ready') {
    return (
      <PageState
        className='page reservation-mine'
        load={load}
        cards={3}
        rows={3}
        loadingId='mine-loading'
        errorId='mine-error'
        onRetry={() => {
          setLoad({ status: 'loading' })
          void refresh()
        }}
      />
    )
  }

  return (
    <View className='page reservation-mine'>
      {load.reservations.length === 0 && (
        <StateView
          kind='empty'
          title='暂无预定'
          description='预定车位后，可在这里查看预定信息'
          testId='mine-empty'
          actions={[{ text: '去预定', primary: true, onClick: () => void Taro.navigateTo({ url: '/packages/reservation/pages/index/index' }) }]}
        />
      )}
      {load.reservations.map((r) => (
        <ReservationCard key={r.id} reservation={r} onClick={() => void Taro.navigateTo({ url: `/packages/reservation/pages/detail/index?id=${encodeURIComponent(r.id)}` })} />
      ))}
      {load.nextBefore !== null && (
        <Text className='reservation-mine__more' data-testid='mine-more' onClick={() => void more()}>
          {loadingMore ? '加载中…' : '加载更多'}
        </Text>
      )}
    </View>
  )
}
