// 车位查询 (seed 001 §2.3 step 1): each lot's 总车位 and 剩余车位 — the
// sensors' free spaces less those held for reservations due now, as the
// server counts them — and whether it takes reservations (可预定 N 个, with
// 预约缴费 or free), with 预定车位 for each lot that does.
//
// The counts are read when the page shows, on pull-to-refresh, and every 15 s
// while the page is visible (the cloud database's watch is not available
// locally, so the page polls); the timer stops when the page is hidden or
// closed. A failed refresh keeps the counts shown and says when they were read.
import { Text, View } from '@tarojs/components'
import Taro, { useDidHide, useDidShow, usePullDownRefresh, useUnload } from '@tarojs/taro'
import { useCallback, useRef, useState } from 'react'
import '../../components/reservation-card.scss'
import { formatYuan } from '../../../../domain/money'
import { shanghai } from '../../../../domain/time'
import { call, type CallOutput } from '../../../../services/call'
import { Button } from '../../../../ui/nutui'
import { PageState, type Pending } from '../../../../ui/page-state'
import { StateView } from '../../../../ui/state-view'
import { syncServerClock } from '../../clock'
import './index.scss'

type Lot = CallOutput<'reservation', 'lots'>['lots'][number]
type Load = Pending | { status: 'ready'; lots: Lot[]; readAt: number; stale: boolean }

/** How often the counts are read again while the page is visible. */
export const REFRESH_MS = 15_000

const bookUrl = (lot: Lot) => `/packages/reservation/pages/book/index?lotId=${encodeURIComponent(lot.id)}`

/** 预约缴费 ¥5.00 起 / 免费预定. */
function feeLabel(lot: Lot) {
  if (!lot.prepayFen) return '免费预定'
  const min = Math.min(lot.prepayFen.small, lot.prepayFen.large, lot.prepayFen.newEnergy)
  return `预约缴费 ¥${formatYuan(min)} 起`
}

export default function LotsPage() {
  const [load, setLoad] = useState<Load>({ status: 'loading' })
  const timer = useRef<ReturnType<typeof setInterval> | undefined>(undefined)
  const shown = useRef(false)

  const refresh = useCallback(async () => {
    try {
      const { lots, now } = await call('reservation', 'lots', {}, { silent: true })
      syncServerClock(now)
      shown.current = true
      setLoad({ status: 'ready', lots, readAt: now, stale: false })
    } catch (e) {
      // Counts already shown stay, marked as not refreshed.
      if (shown.current) setLoad((l) => (l.status === 'ready' ? { ...l, stale: true } : l))
      else setLoad({ status: 'error', message: (e as Error).message })
    }
  }, [])

  const stop = () => {
    clearInterval(timer.current)
    timer.current = undefined
  }

  useDidShow(() => {
    void refresh()
    stop()
    timer.current = setInterval(() => void refresh(), REFRESH_MS)
  })
  useDidHide(stop)
  useUnload(stop)
  usePullDownRefresh(() => void refresh().finally(() => Taro.stopPullDownRefresh()))

  if (load.status !== 'ready') {
    return (
      <PageState
        className='page reservation-lots'
        load={load}
        cards={2}
        rows={3}
        loadingId='lots-loading'
        errorId='lots-error'
        onRetry={() => {
          setLoad({ status: 'loading' })
          void refresh()
        }}
      />
    )
  }

  return (
    <View className='page reservation-lots'>
      {load.lots.length === 0 && <StateView kind='empty' title='暂无停车场' description='目前没有可查询的停车场' testId='lots-empty' />}
      {load.lots.map((lot) => (
        <View key={lot.id} className='card reservation-lots__lot' data-testid='lot-card' data-lot={lot.id}>
          <View className='reservation-lots__head'>
            <Text className='reservation-lots__name' data-testid='lot-name'>
              {lot.name}
            </Text>
            <Text className={`reservation-lots__tag${lot.open ? '' : ' reservation-lots__tag--off'}`} data-testid='lot-mode'>
              {lot.open ? feeLabel(lot) : '暂未开放预定'}
            </Text>
          </View>
          <Text className='reservation-lots__address'>{lot.address}</Text>
          <View className='reservation-lots__counts'>
            <View className='reservation-lots__count'>
              <Text className='reservation-lots__number' data-testid='lot-capacity'>
                {lot.capacity}
              </Text>
              <Text className='reservation-lots__label'>总车位</Text>
            </View>
            <View className='reservation-lots__count'>
              <Text className={`reservation-lots__number reservation-lots__number--${lot.free === 0 ? 'full' : 'free'}`} data-testid='lot-free'>
                {lot.free}
              </Text>
              <Text className='reservation-lots__label'>剩余车位</Text>
            </View>
            <View className='reservation-lots__count'>
              <Text className='reservation-lots__number' data-testid='lot-quota'>
                {lot.open ? lot.quotaLeft : '—'}
              </Text>
              <Text className='reservation-lots__label'>可预定</Text>
            </View>
          </View>
          {lot.open && (
            <View className='reservation-lots__foot'>
              <Text className='reservation-lots__hint' data-testid='lot-quota-text'>
                {lot.quotaLeft > 0 ? `可预定 ${lot.quotaLeft} 个` : '可预定车位已约满'} · {lot.horizonHours} 小时内到场
              </Text>
              <Button type='primary' size='small' disabled={lot.quotaLeft === 0} onClick={() => void Taro.navigateTo({ url: bookUrl(lot) })} data-testid='lot-book'>
                {lot.quotaLeft > 0 ? '预定车位' : '已约满'}
              </Button>
            </View>
          )}
        </View>
      ))}
      <Text className='reservation-lots__updated' data-testid='lots-updated'>
        {load.stale ? '刷新失败，' : ''}车位数更新于 {shanghai(load.readAt).format('HH:mm:ss')}，每 15 秒自动刷新
      </Text>
      <Text className='reservation-lots__mine' data-testid='lots-mine' onClick={() => void Taro.navigateTo({ url: '/packages/reservation/pages/mine/index' })}>
        我的预定 ›
      </Text>
    </View>
  )
}
