// 首页: who is signed in, the default plate, and the services that exist.
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useState, type ReactNode } from 'react'
import { PlateChip } from '../../components/plate-chip'
import { TabBar } from '../../components/tab-bar'
import type { Vehicle } from '../../domain/contracts/vehicle'
import { vehicleTypeOf } from '../../domain/plate'
import { call } from '../../services/call'
import { signIn, useSession } from '../../services/session'
import { ArrowRight, Car, Order, ShieldCheck } from '../../ui/icons'
import './index.scss'

const VEHICLES_URL = '/packages/vehicle/pages/list/index'

const ENTRIES: Array<{ key: string; label: string; icon: ReactNode; tint: string; url: string }> = [
  { key: 'permit', label: '车证续费', icon: <ShieldCheck size={24} />, tint: 'green', url: '/packages/permit/pages/apply/index' },
  { key: 'vehicles', label: '我的车辆', icon: <Car size={26} />, tint: 'blue', url: VEHICLES_URL },
  { key: 'records', label: '我的车证', icon: <Order size={24} />, tint: 'orange', url: '/packages/permit/pages/records/index' },
]

export default function Home() {
  const session = useSession()
  // undefined: loading; null: no vehicle; 'failed': could not be read (not the same as none).
  const [defaultVehicle, setDefaultVehicle] = useState<Vehicle | null | 'failed' | undefined>(undefined)

  const loadVehicles = () => {
    call('vehicle', 'list', {}, { silent: true })
      .then(({ vehicles }) => setDefaultVehicle(vehicles.find((v) => v.isDefault) ?? null))
      .catch(() => setDefaultVehicle('failed'))
  }
  useDidShow(loadVehicles)

  const retrySignIn = () => {
    setDefaultVehicle(undefined)
    void signIn().then(loadVehicles)
  }

  const greeting =
    session.status === 'error' ? session.message : session.status === 'ready' ? `您好，${session.profile.nickname}` : '正在登录…'
  return (
    <View className='page home'>
      <View className='home__hero'>
        <Text className='home__title'>校园停车</Text>
        <Text className='home__greeting'>
          {greeting}
          {session.status === 'error' && (
            <Text className='home__retry' data-testid='home-retry' onClick={retrySignIn}>
              重试
            </Text>
          )}
        </Text>
      </View>
      <View className='home__plate' data-testid='home-default-plate' onClick={() => Taro.navigateTo({ url: VEHICLES_URL })}>
        {defaultVehicle === undefined ? (
          <View className='home__plate-skeleton' />
        ) : defaultVehicle === 'failed' ? (
          <>
            <View className='home__plate-info'>
              <Text className='home__plate-label'>默认车辆</Text>
              <Text className='home__plate-empty'>暂时无法获取车辆信息，点此查看</Text>
            </View>
            <ArrowRight size={12} />
          </>
        ) : defaultVehicle ? (
          <>
            <View className='home__plate-info'>
              <Text className='home__plate-label'>默认车辆 · {vehicleTypeOf(defaultVehicle.plate)}</Text>
              <PlateChip plate={defaultVehicle.plate} size='large' />
            </View>
            <Text className='home__plate-more'>管理</Text>
            <ArrowRight size={12} />
          </>
        ) : (
          <>
            <View className='home__plate-info'>
              <Text className='home__plate-label'>默认车辆</Text>
              <Text className='home__plate-empty'>还没有添加车辆，点此添加</Text>
            </View>
            <ArrowRight size={12} />
          </>
        )}
      </View>
      <View className='card home__services'>
        <Text className='home__section'>服务</Text>
        <View className='home__grid'>
          {ENTRIES.map((e) => (
            <View key={e.key} className='home__entry' data-testid={`entry-${e.key}`} onClick={() => Taro.navigateTo({ url: e.url })}>
              <View className={`home__entry-icon home__entry-icon--${e.tint}`}>{e.icon}</View>
              <Text className='home__entry-label'>{e.label}</Text>
            </View>
          ))}
        </View>
      </View>
      <TabBar current='home' />
    </View>
  )
}
