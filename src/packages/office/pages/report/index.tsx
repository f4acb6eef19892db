// 工作台 → 日报: pick a day (Asia/Shanghai); the day's parking payments and
// refunds with their totals, each line checked against WeChat Pay's own
// record; a line that does not match (state or amount) is highlighted and
// counted, so the office knows which to look into.
import { Picker, Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { useCallback, useEffect, useState } from 'react'
import { formatYuan } from '../../../../domain/money'
import { shanghai } from '../../../../domain/time'
import { call, type CallOutput } from '../../../../services/call'
import { PageState, type Pending } from '../../../../ui/page-state'
import { StateView } from '../../../../ui/state-view'
import '../../components/office.scss'
import './index.scss'

type Report = CallOutput<'parking', 'report'>
type Load = Pending | ({ status: 'ready' } & Report)

export default function DailyReport() {
  const today = shanghai().format('YYYY-MM-DD')
  const [day, setDay] = useState(today)
  const [load, setLoad] = useState<Load>({ status: 'loading' })

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
        <Text className={`office-line office-report__check${load.mismatches ? ' office-report__check--bad' : ''}`} data-testid='report-mismatches'>
          {load.lines.length === 0 ? '当日无交易' : load.mismatches ? `与微信支付对账不符 ${load.mismatches} 笔，请核查标红的记录` : '已与微信支付逐笔核对，全部一致'}
        </Text>
      </View>

      {load.lines.length === 0 && <StateView kind='empty' title='当日暂无停车缴费与退款' testId='report-empty' />}
      {load.lines.map((l) => (
        <View key={`${l.kind}:${l.orderId}`} className={`card office-report__line${l.matches ? '' : ' office-report__line--bad'}`} data-testid='report-line'>
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
          <View className='office-row office-line'>
            <Text>微信支付：{l.provider}</Text>
            <Text className={`office-tag office-tag--${l.matches ? 'green' : 'red'}`} data-testid='report-line-check'>
              {l.matches ? '一致' : '不符'}
            </Text>
          </View>
        </View>
      ))}
    </View>
  )
}
