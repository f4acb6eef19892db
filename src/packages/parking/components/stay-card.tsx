// A stay as 缴费's results and 扫码开闸 show it: the lot, the plate (or the
// temporary plate of a car without one), 入场时间, 停车时长 and what is due.
// Every figure is the server's (minutes and amount at the server's clock). The
// server leaves out the entry time and space when this account may not see
// where the car is, and marks a car that left owing (已离场待补缴).
import { Text, View } from '@tarojs/components'
import { PlateChip } from '../../../components/plate-chip'
import type { CallOutput } from '../../../services/call'
import { formatYuan } from '../../../domain/money'
import { formatStay } from '../../../domain/parking/fee'
import { formatDateTime, shanghai } from '../../../domain/time'
import { ArrowRight } from '../../../ui/icons'
import './stay-card.scss'

export type Stay = CallOutput<'parking', 'current'>['stays'][number]

/** 请于 08:15 前离场 (the grace period after paying). */
export const leaveByText = (leaveBy: number) => `请于 ${shanghai(leaveBy).format('HH:mm')} 前离场`

/** The plate as drawn on a plate, or the temporary plate's text for a car without one. */
export function StayPlate({ stay, size }: { stay: Pick<Stay, 'plateText' | 'plateless'>; size?: 'normal' | 'large' }) {
  return stay.plateless ? (
    <Text className='stay-plate--temp' data-testid='stay-plate'>
      {stay.plateText}
    </Text>
  ) : (
    <PlateChip plate={stay.plateText} size={size} testId='stay-plate' />
  )
}

export function StayCard({ stay, onClick }: { stay: Stay; onClick: () => void }) {
  return (
    <View className='stay-card' data-testid='stay-card' onClick={onClick}>
      <View className='stay-card__head'>
        <Text className='stay-card__lot' data-testid='stay-lot'>
          {stay.lotName}
        </Text>
        <StayPlate stay={stay} />
      </View>
      {stay.entryAt !== null && (
        <View className='stay-card__row'>
          <Text className='stay-card__label'>入场时间</Text>
          <Text>{formatDateTime(stay.entryAt)}</Text>
        </View>
      )}
      <View className='stay-card__row'>
        <Text className='stay-card__label'>停车时长</Text>
        <Text data-testid='stay-duration'>{formatStay(stay.minutes)}</Text>
      </View>
      {stay.space && (
        <View className='stay-card__row'>
          <Text className='stay-card__label'>车位</Text>
          <Text>{stay.space}</Text>
        </View>
      )}
      <View className='stay-card__foot'>
        {stay.amountFen === 0 && stay.leaveBy !== null ? (
          <Text className='stay-card__paid' data-testid='stay-amount'>
            已缴费，{leaveByText(stay.leaveBy)}
          </Text>
        ) : (
          <Text className='stay-card__amount' data-testid='stay-amount'>
            {stay.amountFen === 0 ? '无需缴费' : `${stay.left ? '已离场待补缴' : '待缴'} ¥${formatYuan(stay.amountFen)}`}
          </Text>
        )}
        <View className='stay-card__go'>
          <Text>查看账单</Text>
          <ArrowRight size={12} />
        </View>
      </View>
    </View>
  )
}
