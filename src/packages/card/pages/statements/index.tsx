// 交易明细 (seed 004 五 图 9): one month's transactions on the card, newest
// first — what, where, when and how much (+ in, − out; a claim, what it moved
// from 待圈存 onto the card), the 余额 after it — with the month's
// 支出 and 收入, and ‹ › to the month before or after (not past this month by
// the server's clock). Opens on this month; read again on pull-down.
import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { AppError } from '../../../../domain/errors'
import { formatYuan } from '../../../../domain/money'
import { dayjs, shanghai } from '../../../../domain/time'
import { call, type CallOutput } from '../../../../services/call'
import { PageState, type Pending } from '../../../../ui/page-state'
import { StateView } from '../../../../ui/state-view'
import '../../components/card.scss'
import { CARD_URLS } from '../../urls'
import './index.scss'

type Month = CallOutput<'card', 'statements'>
type Load = Pending | { status: 'ready'; month: Month }

const shift = (month: string, by: number) => dayjs(`${month}-01`).add(by, 'month').format('YYYY-MM')
const heading = (month: string) => `${Number(month.slice(0, 4))}年${Number(month.slice(5))}月记录`
const signed = (fen: number) => `${fen > 0 ? '+' : fen < 0 ? '-' : ''}${formatYuan(Math.abs(fen))}`

export default function StatementsPage() {
  const [load, setLoad] = useState<Load>({ status: 'loading' })
  const [month, setMonth] = useState<string | undefined>(undefined)
  /** No card bound (or another WeChat has since bound it). */
  const [unbound, setUnbound] = useState(false)

  const read = async (m: string | undefined) => {
    try {
      setLoad({ status: 'ready', month: await call('card', 'statements', m ? { month: m } : {}, { silent: true }) })
    } catch (e) {
      if (e instanceof AppError && e.code === 'CARD_NOT_BOUND') return setUnbound(true)
      setLoad({ status: 'error', message: (e as Error).message })
    }
  }
  useEffect(() => {
    setLoad({ status: 'loading' })
    void read(month)
  }, [month])
  usePullDownRefresh(() => void read(month).finally(() => Taro.stopPullDownRefresh()))

  if (unbound) {
    return (
      <View className='page card-statements'>
        <StateView
          kind='refused'
          title='请先绑定校园卡'
          description='绑定本人校园卡后可查询每月的交易明细'
          testId='statements-unbound'
          actions={[{ text: '绑定校园卡', primary: true, onClick: () => void Taro.redirectTo({ url: CARD_URLS.home }) }]}
        />
      </View>
    )
  }
  if (load.status !== 'ready') {
    return <PageState className='page card-statements' load={load} cards={2} rows={4} loadingId='statements-loading' errorId='statements-error' onRetry={() => void read(month)} />
  }
  const m = load.month
  const atEnd = m.month >= m.currentMonth
  return (
    <View className='page card-statements'>
      <View className='card-month'>
        <Text className='card-month__step' data-testid='statements-prev' onClick={() => setMonth(shift(m.month, -1))}>
          ‹ 上月
        </Text>
        <Text className='card-month__title' data-testid='statements-month'>
          {heading(m.month)}
        </Text>
        <Text className={`card-month__step${atEnd ? ' card-month__step--off' : ''}`} data-testid='statements-next' onClick={() => !atEnd && setMonth(shift(m.month, 1))}>
          下月 ›
        </Text>
      </View>
      <Text className='card-month__sum' data-testid='statements-sum'>
        支出 {formatYuan(m.expenseFen)} 收入 {formatYuan(m.incomeFen)}
      </Text>
      {m.items.length === 0 ? (
        <StateView kind='empty' title='本月暂无交易' description='校园卡在该月没有消费或充值记录' testId='statements-empty' />
      ) : (
        <View className='card card-statements__list'>
          {m.items.map((i) => (
            <View key={i.id} className='card-line' data-testid='statement-item'>
              <View className='card-line__main'>
                <Text className='card-line__title' data-testid='statement-title'>
                  {i.title}
                  {i.place && !i.title.includes(i.place) ? ` · ${i.place}` : ''}
                </Text>
                <Text className='card-line__sub'>{shanghai(i.at).format('YYYY-MM-DD HH:mm:ss')}</Text>
              </View>
              <View className='card-line__side'>
                <Text className={`card-line__amount${i.amountFen > 0 ? ' card-line__amount--in' : ''}`} data-testid='statement-amount'>
                  {i.claimedFen > 0 ? `圈存 ${formatYuan(i.claimedFen)}` : signed(i.amountFen)}
                </Text>
                <Text className='card-line__label'>余额 {formatYuan(i.balanceAfterFen)}</Text>
              </View>
            </View>
          ))}
        </View>
      )}
    </View>
  )
}
