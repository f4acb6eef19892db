// 我的: the profile and the user's own records.
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { ReactNode } from 'react'
import { TabBar } from '../../components/tab-bar'
import { ROLE_LABELS } from '../../domain/contracts/user'
import { signIn, useSession } from '../../services/session'
import { ArrowRight, Car, Category, Order, ToPay } from '../../ui/icons'
import { Cell, CellGroup, Tag } from '../../ui/nutui'
import './index.scss'

// NutUI's Cell does not pass data-* props through, so the test id sits on the title.
function Title({ icon, text, testId }: { icon: ReactNode; text: string; testId?: string }) {
  return (
    <View className='mine__cell-title' data-testid={testId}>
      <View className='mine__cell-icon'>{icon}</View>
      <Text>{text}</Text>
    </View>
  )
}

export default function Mine() {
  const session = useSession()
  const profile = session.status === 'ready' ? session.profile : null
  return (
    <View className='page mine'>
      <View className='mine__header'>
        <View className='mine__avatar'>{profile?.nickname.slice(0, 1) ?? ''}</View>
        <View className='mine__who'>
          <Text className='mine__name' data-testid='mine-name'>
            {profile?.nickname ?? (session.status === 'error' ? '登录失败' : '登录中…')}
          </Text>
          {session.status === 'error' && (
            <Text className='mine__error'>
              {session.message}
              <Text className='mine__retry' data-testid='mine-retry' onClick={() => void signIn()}>
                重试
              </Text>
            </Text>
          )}
          {profile && profile.roles.length > 0 && (
            <View className='mine__roles' data-testid='mine-roles'>
              {profile.roles.map((r) => (
                <Tag key={r} type='success' background='#e8f8ef' color='#07c160' className='mine__role'>
                  {ROLE_LABELS[r]}
                </Tag>
              ))}
            </View>
          )}
        </View>
      </View>
      <CellGroup className='mine__cells'>
        <Cell
          title={<Title icon={<Car size={18} />} text='我的车辆' testId='mine-vehicles' />}
          extra={<ArrowRight size={12} />}
          clickable
          align='center'
          onClick={() => Taro.navigateTo({ url: '/packages/vehicle/pages/list/index' })}
        />
        <Cell
          title={<Title icon={<Order size={16} />} text='我的车证' testId='mine-permits' />}
          extra={<ArrowRight size={12} />}
          clickable
          align='center'
          onClick={() => Taro.navigateTo({ url: '/packages/permit/pages/records/index' })}
        />
        <Cell
          title={<Title icon={<ToPay size={16} />} text='我的交易记录' testId='mine-parking-records' />}
          extra={<ArrowRight size={12} />}
          clickable
          align='center'
          onClick={() => Taro.navigateTo({ url: '/packages/parking/pages/records/index' })}
        />
        <Cell
          title={<Title icon={<Category size={16} />} text='我的预定' testId='mine-reservations' />}
          extra={<ArrowRight size={12} />}
          clickable
          align='center'
          onClick={() => Taro.navigateTo({ url: '/packages/reservation/pages/mine/index' })}
        />
        <Cell
          title={<Title icon={<ToPay size={16} />} text='校园卡充值记录' testId='mine-card-topups' />}
          extra={<ArrowRight size={12} />}
          clickable
          align='center'
          onClick={() => Taro.navigateTo({ url: '/packages/card/pages/records/index' })}
        />
      </CellGroup>
      <TabBar current='mine' />
    </View>
  )
}
