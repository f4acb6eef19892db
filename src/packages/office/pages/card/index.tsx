// 工作台 → 一卡通对账 (issue 14): one Shanghai day (today by the server's clock
// first; ‹ › to the day before or after, not past today) — WeChat Pay's paid
// top-ups against the card platform's transfers of ours: counts and totals,
// how many matched, and every difference with its kind (paid but not on the
// platform, the two sides on different days, a transfer without a payment,
// card or amount differing), its order number, card, both amounts and where
// the top-up stands. Read again on pull-down.
import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { formatYuan } from '../../../../domain/money'
import { dayjs, formatDateTime } from '../../../../domain/time'
import { call, type CallOutput } from '../../../../services/call'
import { PageState, type Pending } from '../../../../ui/page-state'
import { StateView } from '../../../../ui/state-view'
import '../../components/office.scss'
import './index.scss'

type Report = CallOutput<'card', 'reconciliation'>
type Load = Pending | { status: 'ready'; report: Report }

const shift = (day: string, by: number) => dayjs(day).add(by, 'day').format('YYYY-MM-DD')

export default function OfficeCardReconciliation() {
  const [day, setDay] = useState<string | undefined>(undefined)
  const [load, setLoad] = useState<Load>({ status: 'loading' })

  const read = async (d: string | undefined) => {
    try {
      setLoad({ status: 'ready', report: await call('card', 'reconciliation', d ? { day: d } : {}, { silent: true }) })
    } catch (e) {
      setLoad({ status: 'error', message: (e as Error).message })
    }
  }
  useEffect(() => {
    setLoad({ status: 'loading' })
    void read(day)
  }, [day])
  usePullDownRefresh(() => void read(day).finally(() => Taro.stopPullDownRefresh()))

  if (load.status !== 'ready') {
    return <PageState className='page office-card' load={load} cards={2} rows={3} loadingId='recon-loading' errorId='recon-error' onRetry={() => void read(day)} />
  }
  const r = load.report
  const atEnd = r.day >= r.today
  return (
    <View className='page office-card'>
      <View className='office-card__days'>
        <Text className='office-card__step' data-testid='recon-prev' onClick={() => setDay(shift(r.day, -1))}>
          ‹ 前一天
        </Text>
        <Text className='office-card__day' data-testid='recon-day'>
          {r.day}
        </Text>
        <Text className={`office-card__step${atEnd ? ' office-card__step--off' : ''}`} data-testid='recon-next' onClick={() => !atEnd && setDay(shift(r.day, 1))}>
          后一天 ›
        </Text>
      </View>
      <View className='card office-card__summary' data-testid='recon-summary'>
        <View className='office-card__figure'>
          <Text className='office-card__label'>微信支付已收</Text>
          <Text className='office-card__value' data-testid='recon-paid'>
            {r.paid.count} 笔 ¥{formatYuan(r.paid.totalFen)}
          </Text>
        </View>
        <View className='office-card__figure'>
          <Text className='office-card__label'>校园卡已入账</Text>
          <Text className='office-card__value' data-testid='recon-credited'>
            {r.credited.count} 笔 ¥{formatYuan(r.credited.totalFen)}
          </Text>
        </View>
        <View className='office-card__figure'>
          <Text className='office-card__label'>核对一致</Text>
          <Text className='office-card__value' data-testid='recon-matched'>
            {r.matched} 笔
          </Text>
        </View>
      </View>
      {r.differences.length === 0 ? (
        <StateView kind='empty' title='账目一致' description='当日微信支付的充值与校园卡系统的入账逐笔一致' testId='recon-clean' />
      ) : (
        <>
          <Text className='office-card__section' data-testid='recon-count'>
            差异 {r.differences.length} 笔
          </Text>
          {r.differences.map((d) => (
            <View key={d.serialNo} className='card office-card__difference' data-testid='recon-difference'>
              <Text className='office-card__kind' data-testid='recon-kind'>
                {d.label}
              </Text>
              <Text className='office-card__line'>订单号 {d.serialNo}</Text>
              <Text className='office-card__line'>卡号 {d.cardNo}</Text>
              <Text className='office-card__line'>
                已支付 ¥{formatYuan(d.paidFen)}
                {d.paidAt !== null ? `（${formatDateTime(d.paidAt)}）` : ''}
              </Text>
              <Text className='office-card__line'>
                已入账 ¥{formatYuan(d.creditedFen)}
                {d.creditedAt !== null ? `（${formatDateTime(d.creditedAt)}）` : ''}
              </Text>
              {d.status && <Text className='office-card__line'>充值状态 {d.statusLabel}</Text>}
            </View>
          ))}
        </>
      )}
    </View>
  )
}
