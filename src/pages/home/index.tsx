// 首页: who is signed in, the default plate, and the services that exist.
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useState } from 'react'
import { TabBar } from '../../components/tab-bar'
import type { Vehicle } from '../../domain/contracts/vehicle'
import { formatPlate, vehicleTypeOf } from '../../domain/plate'
import { call } from '../../services/call'
import { useSession } from '../../services/session'
import './index.scss'

const ENTRIES = [
  { key: 'permit', label: '车证续费', icon: '🪪', url: '/packages/permit/pages/apply/index' },
  { key: 'vehicles', label: '我的车辆', icon: '🚗', url: '/packages/vehicle/pages/list/index' },
  { key: 'records', label: '我的车证', icon: '📋', url: '/packages/permit/pages/records/index' },
]

export default function Home() {
  const session = useSession()
  const [defaultVehicle, setDefaultVehicle] = useState<Vehicle | null | undefined>(undefined)

  useDidShow(() => {
    call('vehicle', 'list', {}, { silent: true })
      .then(({ vehicles }) => setDefaultVehicle(vehicles.find((v) => v.isDefault) ?? null))
      .catch(() => setDefaultVehicle(null))
  })

  const name = session.status === 'ready' ? session.profile.nickname : ''
  return (
    <View className='page home'>
      <View className='home__hero'>
        <Text className='home__title'>校园停车</Text>
        <Text className='home__greeting'>{session.status === 'error' ? session.message : name ? `您好，${name}` : '正在登录…'}</Text>
        <View
          className='home__plate'
          data-testid='home-default-plate'
          onClick={() => Taro.navigateTo({ url: '/packages/vehicle/pages/list/index' })}
        >
          {defaultVehicle === undefined ? (
            <Text className='home__plate-empty'>加载中…</Text>
          ) : defaultVehicle ? (
            <>
              <Text className='home__plate-label'>默认车辆 · {vehicleTypeOf(defaultVehicle.plate)}</Text>
              <Text className='home__plate-number'>{formatPlate(defaultVehicle.plate)}</Text>
            </>
          ) : (
            <Text className='home__plate-empty'>还没有添加车辆，点此添加 ›</Text>
          )}
        </View>
      </View>
      <View className='card home__grid'>
        {ENTRIES.map((e) => (
          <View key={e.key} className='home__entry' data-testid={`entry-${e.key}`} onClick={() => Taro.navigateTo({ url: e.url })}>
            <Text className='home__entry-icon'>{e.icon}</Text>
            <Text className='home__entry-label'>{e.label}</Text>
          </View>
        ))}
      </View>
      <TabBar current='home' />
    </View>
  )
}
