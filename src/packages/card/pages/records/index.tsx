// 充值记录 (seed 003 step 9): every top-up I paid for or began, newest first,
// as the seed lists them — 校园一卡通充值, the card, the time, the amount (−50.00
// once paid; 50.00 when never paid) and 交易成功 / 交易关闭 (or 已退款) — with
// where it stands (待入账, 待圈存, 已领取…). Tapping one says what happens next.
// A page at a time (ui/use-paged-list.ts), read again on show and pull-down.
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { Sheet } from '../../../../components/sheet'
import { formatYuan } from '../../../../domain/money'
import { formatDateTime } from '../../../../domain/time'
import { call, type CallOutput } from '../../../../services/call'
import { PageState } from '../../../../ui/page-state'
import { StateView } from '../../../../ui/state-view'
import { usePagedList } from '../../../../ui/use-paged-list'
import { CARD_URLS } from '../../urls'
import '../../components/card.scss'
import './index.scss'

type Topup = CallOutput<'card', 'topUps'>['topUps'][number]

/** Money left the payer's wallet: shown as spent (−), as seed 003's list does. */
const paid = (t: Topup) => t.paidAt !== null

export default function RecordsPage() {
  const [chosen, setChosen] = useState<Topup | null>(null)
  const { load, loadingMore, more, retry } = usePagedList<Topup, number>({
    read: async (before) => {
      const { topUps, nextBefore } = await call('card', 'topUps', before === undefined ? {} : { before }, { silent: true })
      return { items: topUps, next: nextBefore }
    },
    key: (t) => t.id,
    order: (a, b) => b.createdAt - a.createdAt,
  })

  if (load.status !== 'ready') {
    return <PageState className='page card-records' load={load} cards={3} rows={2} loadingId='records-loading' errorId='records-error' onRetry={retry} />
  }

  return (
    <View className='page card-records'>
      {load.items.length === 0 && (
        <StateView
          kind='empty'
          title='暂无充值记录'
          description='微信充值后，可在这里查看每笔充值是否到账'
          testId='records-empty'
          actions={[{ text: '去充值', primary: true, onClick: () => void Taro.redirectTo({ url: CARD_URLS.topUpOthers }) }]}
        />
      )}
      {load.items.length > 0 && (
        <View className='card card-records__list'>
          {load.items.map((t) => (
            <View key={t.id} className='card-line' data-testid='record-item' onClick={() => setChosen(t)}>
              <View className='card-line__main'>
                <Text className='card-line__title'>校园一卡通充值</Text>
                <Text className='card-line__sub'>
                  {t.name} · {t.cardNo}
                </Text>
                <Text className='card-line__sub'>{formatDateTime(t.createdAt)}</Text>
              </View>
              <View className='card-line__side'>
                <Text className={`card-line__amount${paid(t) ? '' : ' card-line__amount--muted'}`} data-testid='record-amount'>
                  {paid(t) ? '-' : ''}
                  {formatYuan(t.amountFen)}
                </Text>
                <Text className='card-line__label' data-testid='record-label'>
                  {t.recordLabel}
                </Text>
                <Text className={`card-line__status card-line__status--${t.status.toLowerCase()}`} data-testid='record-status'>
                  {t.statusLabel}
                </Text>
              </View>
            </View>
          ))}
        </View>
      )}
      {load.next !== null && (
        <Text className='card-more' data-testid='records-more' onClick={() => void more()}>
          {loadingMore ? '加载中…' : '加载更多'}
        </Text>
      )}
      {chosen && (
        <Sheet title='充值详情' testId='record-sheet' onClose={() => setChosen(null)}>
          <View className='card-rows'>
            <View className='card-rows__row'>
              <Text className='muted'>充值金额</Text>
              <Text>¥{formatYuan(chosen.amountFen)}</Text>
            </View>
            <View className='card-rows__row'>
              <Text className='muted'>校园卡</Text>
              <Text>
                {chosen.name} · {chosen.cardNo}
              </Text>
            </View>
            <View className='card-rows__row'>
              <Text className='muted'>学校</Text>
              <Text>{chosen.school}</Text>
            </View>
            <View className='card-rows__row'>
              <Text className='muted'>状态</Text>
              <Text data-testid='record-sheet-status'>{chosen.statusLabel}</Text>
            </View>
            {chosen.phone && (
              <View className='card-rows__row'>
                <Text className='muted'>短信通知</Text>
                <Text>{chosen.phone}</Text>
              </View>
            )}
            <View className='card-rows__row'>
              <Text className='muted'>订单号</Text>
              <Text>{chosen.id}</Text>
            </View>
          </View>
          <Text className='card-rows__note' data-testid='record-sheet-note'>
            {chosen.note}
          </Text>
        </Sheet>
      )}
    </View>
  )
}
