// 工作台 → 日报: pick a day (Asia/Shanghai); the day's parking payments (every
// order paid that day, also those closed for a refund) and refunds with their
// totals, each line checked against WeChat Pay's own record; a line that does
// not match (state or amount) is highlighted and counted, so the office knows
// which to look into. What the day's payers are still owed (refunds pending or
// failed) is shown under the totals. The server checks a page of lines per
// call: 加载更多 (or scrolling to the bottom) checks the next.
import { Picker, Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import { useCallback, useEffect, useState } from 'react'
import { formatYuan } from '../../../../domain/money'
import { shanghai } from '../../../../domain/time'
import { call, type CallOutput } from '../../../../services/call'
import { Button } from '../../../../ui/nutui'
import { PageState, type Pending } from '../../../../ui/page-state'
import { StateView } from '../../../../ui/state-view'
import '../../components/office.scss'
import './index.scss'

type Report = CallOutput<'parking', 'report'>
/** The day's totals (from the first page), the lines checked so far and the mismatches among them. */
type Load = Pending | ({ status: 'ready' } & Report)

export default function DailyReport() {
  const today = shanghai().format('YYYY-MM-DD')
  const [day, setDay] = useState(today)
  const [load, setLoad] = useState<Load>({ status: 'loading' })
  const [more, setMore] = useState(false)

  const refresh = useCallback(
    async (quiet = false) => {
      if (!quiet) setLoad({ status: 'loading' })
      try {
        const got = await call('parking', 'report', { day }, { silent: true })
        setLoad({ status: 'ready', ...got })
      } catch (e) {
        if (quiet) void Taro.showToast({ title: (e as Error).message, icon: 'none' })
        else setLoad({ status: 'error', message: (e as Error).message })
      }
    },
    [day],
  )

  useEffect(() => void refresh(), [refresh])
  usePullDownRefresh(() => void refresh(true).finally(() => Taro.stopPullDownRefresh()))

  const loadMore = async () => {
    if (load.status !== 'ready' || !load.next || more) return
    setMore(true)
    try {
      const page = await call('parking', 'report', { day: load.day, cursor: load.next })
      setLoad((l) =>
        l.status === 'ready' && l.day === page.day
          ? { ...l, lines: [...l.lines, ...page.lines], mismatches: l.mismatches + page.mismatches, next: page.next }
          : l,
      )
    } catch {
      // shown by call(); 加载更多 stays to try again
    } finally {
      setMore(false)
    }
  }
  useReachBottom(() => void loadMore())

  const picker = (
    <View className='card office-row'>
      <Text className='office-title'>日期</Text>
      <Picker mode='date' value={day} end={today} onChange={(e) => setDay(String(e.detail.value))}>
        <Text className='office-report__day' data-testid='report-day'>
          {day} ▾
        </Text>
      </Picker>
    </View>
  )

  if (load.status !== 'ready') {
    return (
      <View className='page office-report'>
        {picker}
        <PageState load={load} cards={2} rows={3} loadingId='report-loading' errorId='report-error' onRetry={() => void refresh()} />
      </View>
    )
  }

  const checked = load.next ? `（已核对 ${load.lines.length} / ${load.total} 笔）` : ''
  const check =
    load.total === 0
      ? '当日无交易'
      : load.mismatches
        ? `与微信支付对账不符 ${load.mismatches} 笔，请核查标红的记录${checked}`
        : load.next
          ? `已核对 ${load.lines.length} / ${load.total} 笔，全部一致；加载更多继续核对`
          : '已与微信支付逐笔核对，全部一致'

  return (
    <View className='page office-report'>
      {picker}
      <View className='card' data-testid='report-totals'>
        <View className='office-report__totals'>
          <View className='office-report__total'>
            <Text className='office-report__figure'>¥{formatYuan(load.paidFen)}</Text>
            <Text className='muted'>收款 {load.count} 笔</Text>
          </View>
          <View className='office-report__total'>
            <Text className='office-report__figure'>¥{formatYuan(load.refundedFen)}</Text>
            <Text className='muted'>退款</Text>
          </View>
          <View className='office-report__total'>
            <Text className='office-report__figure'>¥{formatYuan(load.paidFen - load.refundedFen)}</Text>
            <Text className='muted'>净收入</Text>
          </View>
        </View>
        {load.owedFen > 0 && (
          <Text className={`office-line office-report__owed${load.failedRefunds ? ' office-report__owed--bad' : ''}`} data-testid='report-owed'>
            当日收款中待退还 ¥{formatYuan(load.owedFen)}
            {load.failedRefunds ? `，其中退款失败 ${load.failedRefunds} 笔，请在「支付异常」中处理` : '（退款处理中）'}
          </Text>
        )}
        <Text className={`office-line office-report__check${load.mismatches ? ' office-report__check--bad' : ''}`} data-testid='report-mismatches'>
          {check}
        </Text>
      </View>

      {load.total === 0 && <StateView kind='empty' title='当日暂无停车缴费与退款' testId='report-empty' />}
      {load.lines.map((l) => (
        <View key={`${l.kind}:${l.orderId}:${l.at}`} className={`card office-report__line${l.matches ? '' : ' office-report__line--bad'}`} data-testid='report-line'>
          <View className='office-row'>
            <Text className='office-title'>
              {l.kind === 'refund' ? '退款' : '缴费'} · {l.plateText}
            </Text>
            <Text className={`office-amount${l.kind === 'refund' ? ' office-report__refund' : ''}`}>
              {l.kind === 'refund' ? '-' : ''}¥{formatYuan(l.amountFen)}
            </Text>
          </View>
          <Text className='office-line'>
            {shanghai(l.at).format('HH:mm')} · {l.lotName}
          </Text>
          <Text className='office-line office-report__no'>订单号 {l.orderId}</Text>
          {l.kind === 'payment' && l.refund && (
            <View className='office-row office-line'>
              <Text>该笔需全额退款</Text>
              <Text className={`office-tag office-tag--${l.refund.status === 'FAILED' ? 'red' : l.refund.status === 'DONE' ? 'green' : 'orange'}`} data-testid='report-line-refund'>
                {l.refund.label}
              </Text>
            </View>
          )}
          <View className='office-row office-line'>
            <Text>微信支付：{l.provider}</Text>
            <Text className={`office-tag office-tag--${l.matches ? 'green' : 'red'}`} data-testid='report-line-check'>
              {l.matches ? '一致' : '不符'}
            </Text>
          </View>
        </View>
      ))}
      {load.next && (
        <View className='office-more'>
          <Button size='small' fill='outline' loading={more} disabled={more} onClick={() => void loadMore()} data-testid='report-more'>
            加载更多
          </Button>
        </View>
      )}
    </View>
  )
}
