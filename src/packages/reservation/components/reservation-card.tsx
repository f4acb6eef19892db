// A reservation as 我的预定 lists it: the lot and the status the server
// labels (待支付, 待入场, 已取消（退款中）…), the plate, the entry window and
// what was paid (or is to pay, or refunded). Every figure is the server's.
import { Text, View } from '@tarojs/components'
import { PlateChip } from '../../../components/plate-chip'
import type { CallOutput } from '../../../services/call'
import { formatYuan } from '../../../domain/money'
import { ArrowRight } from '../../../ui/icons'
import './reservation-card.scss'

export type Reservation = CallOutput<'reservation', 'detail'>['reservation']

/** The status's colour class: waiting (orange), good (green), over (grey), money back (blue). */
export function statusTone(r: Pick<Reservation, 'status' | 'statusLabel'>): 'wait' | 'good' | 'over' | 'refund' {
  if (r.status === 'AWAITING_PAYMENT') return 'wait'
  if (r.status === 'BOOKED' || r.status === 'ENTERED') return 'good'
  if (r.status === 'REFUNDED' || r.statusLabel.includes('退款中')) return 'refund'
  return 'over'
}

/** 预约费: what the driver reads about the money of a reservation. */
export function feeText(r: Pick<Reservation, 'status' | 'feeFen' | 'paidFen' | 'refundedFen'>): string {
  if (r.status === 'AWAITING_PAYMENT') return `待支付 ¥${formatYuan(r.feeFen)}`
  if (r.paidFen === 0) return '免费预定'
  return r.refundedFen > 0 ? `已付 ¥${formatYuan(r.paidFen)}，已退 ¥${formatYuan(r.refundedFen)}` : `已付 ¥${formatYuan(r.paidFen)}`
}

export function ReservationCard({ reservation: r, onClick }: { reservation: Reservation; onClick?: () => void }) {
  return (
    <View className='card reservation-card' data-testid='reservation-item' onClick={onClick}>
      <View className='reservation-card__head'>
        <Text className='reservation-card__lot' data-testid='reservation-lot'>
          {r.lotName}
        </Text>
        <Text className={`reservation-card__status reservation-card__status--${statusTone(r)}`} data-testid='reservation-status'>
          {r.statusLabel}
        </Text>
      </View>
      <View className='reservation-card__body'>
        <View className='reservation-card__info'>
          <PlateChip plate={r.plateText} testId='reservation-plate' />
          <Text className='reservation-card__line' data-testid='reservation-window'>
            入场时段 {r.windowText}
          </Text>
          <Text className='reservation-card__line' data-testid='reservation-fee'>
            预约费 {feeText(r)}
          </Text>
        </View>
        {onClick && <ArrowRight size={12} />}
      </View>
    </View>
  )
}
