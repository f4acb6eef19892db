// A car found by 寻车 按车牌 / 无车牌查询 and 缴费's fragment search: the entry
// photo when the server sends one, the plate as sent (masked to the typed
// characters for a car not attached to this account), the lot, floor and
// space, and the time parked.
import { Image, Text, View } from '@tarojs/components'
import { formatStay } from '../../../domain/parking/fee'
import { formatDateTime } from '../../../domain/time'
import type { CallOutput } from '../../../services/call'
import './car-match.scss'

export type Found = CallOutput<'parking', 'search'>['cars'][number]

export function CarMatch({ car, onClick }: { car: Found; onClick: () => void }) {
  return (
    <View className='car-match' data-testid='find-match' onClick={onClick}>
      {car.photoUrl && <Image className='car-match__photo' src={car.photoUrl} mode='aspectFill' data-testid='find-photo' />}
      <View className='car-match__info'>
        <View className='car-match__head'>
          <Text className='car-match__plate' data-testid='find-plate'>
            {car.plateText}
          </Text>
          {car.space && (
            <Text className='car-match__where' data-testid='find-space'>
              {car.space}
            </Text>
          )}
        </View>
        <Text className='car-match__row' data-testid='find-lot'>
          {car.lotName}
          {car.floor ? ` · ${car.floor}` : ''}
        </Text>
        {car.entryAt !== null && <Text className='car-match__row'>入场时间 {formatDateTime(car.entryAt)}</Text>}
        <Text className='car-match__row' data-testid='find-duration'>
          已停 {formatStay(car.minutes)}
        </Text>
        {car.masked && <Text className='car-match__row muted'>点击并输入完整车牌，确认是您的车辆</Text>}
      </View>
    </View>
  )
}
