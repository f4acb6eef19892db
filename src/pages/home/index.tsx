// 首页: who is signed in, the default plate, 当前停车 (each of the driver's
// cars now in a lot, with what is due and 缴费 in one tap), and the services.
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useState, type ReactNode } from 'react'
import { PlateChip } from '../../components/plate-chip'
import { TabBar } from '../../components/tab-bar'
import type { Vehicle } from '../../domain/contracts/vehicle'
import { formatYuan } from '../../domain/money'
import { formatStay } from '../../domain/parking/fee'
import { vehicleTypeOf } from '../../domain/plate'
import { shanghai } from '../../domain/time'
import { call, type CallOutput } from '../../services/call'
import { signIn, useSession } from '../../services/session'
import { ArrowRight, Car, Category, Location, Order, Scan, ShieldCheck, ToPay, User } from '../../ui/icons'
import { Button } from '../../ui/nutui'
import './index.scss'

type Stay = CallOutput<'parking', 'current'>['stays'][number]

const VEHICLES_URL = '/packages/vehicle/pages/list/index'
const billUrl = (s: Stay) => `/packages/parking/pages/bill/index?stayId=${encodeURIComponent(s.stayId)}`

const ENTRIES: Array<{ key: string; label: string; icon: ReactNode; tint: string; url: string }> = [
  { key: 'permit', label: '车证续费', icon: <ShieldCheck size={24} />, tint: 'green', url: '/packages/permit/pages/apply/index' },
  { key: 'vehicles', label: '我的车辆', icon: <Car size={26} />, tint: 'blue', url: VEHICLES_URL },
  { key: 'records', label: '我的车证', icon: <Order size={24} />, tint: 'orange', url: '/packages/permit/pages/records/index' },
  { key: 'parking-find', label: '寻车', icon: <Location size={24} />, tint: 'blue', url: '/packages/parking/pages/find/index' },
  { key: 'parking-pay', label: '缴费', icon: <ToPay size={24} />, tint: 'orange', url: '/packages/parking/pages/pay/index' },
  { key: 'parking-scan', label: '扫码开闸', icon: <Scan size={24} />, tint: 'green', url: '/packages/parking/pages/scan/index' },
  { key: 'parking-lock', label: '锁车', icon: <ShieldCheck size={24} />, tint: 'blue', url: '/packages/parking/pages/lock/index' },
  { key: 'reservation', label: '车位预定', icon: <Category size={24} />, tint: 'green', url: '/packages/reservation/pages/index/index' },
  // The list prompts 账号绑定 when this WeChat is not bound to a host account.
  { key: 'visitor', label: '访客预约', icon: <User size={24} />, tint: 'orange', url: '/packages/visitor/pages/index/index' },
  // 绑定 when no card is bound yet, else the card's 主界面.
  { key: 'card', label: '校园一卡通', icon: <ToPay size={24} />, tint: 'blue', url: '/packages/card/pages/index/index' },
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
  /** 当前停车: shown only when there are stays; a failed read keeps what was shown. */
  const [stays, setStays] = useState<Stay[]>([])
  const loadStays = () => {
    call('parking', 'current', {}, { silent: true })
      .then((r) => setStays(r.stays))
      .catch(() => undefined)
  }

  useDidShow(() => {
    loadVehicles()
    loadStays()
  })

  const retrySignIn = () => {
    setDefaultVehicle(undefined)
    void signIn().then(() => {
      loadVehicles()
      loadStays()
    })
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
      {stays.map((s) => (
        <View key={s.stayId} className='card home__stay' data-testid='current-stay' onClick={() => void Taro.navigateTo({ url: billUrl(s) })}>
          <View className='home__stay-head'>
            <Text className='home__stay-title'>{s.left ? '已离场待补缴' : '当前停车'}</Text>
            <Text className='home__stay-lot'>{s.lotName}</Text>
          </View>
          <View className='home__stay-body'>
            <View className='home__stay-info'>
              <Text className='home__stay-plate'>{s.plateText}</Text>
              <Text className='home__stay-time' data-testid='current-duration'>
                已停 {formatStay(s.minutes)}
                {s.space ? ` · ${s.space}` : ''}
              </Text>
            </View>
            {s.amountFen > 0 ? (
              <View className='home__stay-due'>
                <Text className='home__stay-amount' data-testid='current-amount'>
                  ¥{formatYuan(s.amountFen)}
                </Text>
                <Button type='primary' size='small' data-testid='current-pay'>
                  缴费
                </Button>
              </View>
            ) : (
              <Text className='home__stay-paid' data-testid='current-amount'>
                {s.leaveBy !== null ? `已缴费，请于 ${shanghai(s.leaveBy).format('HH:mm')} 前离场` : '当前无需缴费'}
              </Text>
            )}
          </View>
        </View>
      ))}
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
