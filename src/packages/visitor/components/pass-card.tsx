// A pass as the host's list shows it: the visitor's name and the status the
// server labels (待到访, 已到访, 已取消, 已过期), the window, 来访事由 and 人数,
// and the plate when there is a car.
import { Text, View } from '@tarojs/components'
import { PlateChip } from '../../../components/plate-chip'
import type { CallOutput } from '../../../services/call'
import { ArrowRight } from '../../../ui/icons'
import './visitor.scss'

export type HostPass = CallOutput<'visitor', 'detail'>['pass']

/** The status's colour: waiting (orange), arrived (green), over (grey). */
export function statusTone(status: HostPass['status']): 'wait' | 'good' | 'over' {
  return status === 'BOOKED' ? 'wait' : status === 'ARRIVED' ? 'good' : 'over'
}

export function PassCard({ pass: p, onClick }: { pass: HostPass; onClick?: () => void }) {
  return (
    <View className='card visitor-card' data-testid='pass-item' data-pass={p.id} onClick={onClick}>
      <View className='visitor-card__head'>
        <Text className='visitor-card__name' data-testid='pass-name'>
          {p.name}
        </Text>
        <Text className={`visitor-status visitor-status--${statusTone(p.status)}`} data-testid='pass-status'>
          {p.statusLabel}
        </Text>
      </View>
      <View className='visitor-card__body'>
        <View className='visitor-card__info'>
          <Text className='visitor-card__line' data-testid='pass-window'>
            来访时间 {p.windowText}
          </Text>
          <Text className='visitor-card__line'>
            {p.purpose} · {p.visitors} 人 · {p.phone}
          </Text>
          {p.plateText && <PlateChip plate={p.plateText} testId='pass-plate' />}
        </View>
        {onClick && <ArrowRight size={12} />}
      </View>
    </View>
  )
}
