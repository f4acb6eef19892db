// 我的: the profile and the user's own records.
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { TabBar } from '../../components/tab-bar'
import { ROLE_LABELS } from '../../domain/contracts/user'
import { useSession } from '../../services/session'
import { Cell, CellGroup, Tag } from '../../ui/nutui'
import './index.scss'

export default function Mine() {
  const session = useSession()
  const profile = session.status === 'ready' ? session.profile : null
  return (
    <View className='page mine'>
      <View className='mine__header'>
        <View className='mine__avatar'>{profile?.nickname.slice(0, 1) ?? '·'}</View>
        <View className='mine__who'>
          <Text className='mine__name' data-testid='mine-name'>
            {profile?.nickname ?? (session.status === 'error' ? '登录失败' : '登录中…')}
          </Text>
          <View className='mine__roles'>
            {profile?.roles.map((r) => (
              <Tag key={r} type='success' className='mine__role'>
                {ROLE_LABELS[r]}
              </Tag>
            ))}
          </View>
        </View>
      </View>
      <CellGroup>
        <Cell
          title='我的车辆'
          extra='›'
          clickable
          data-testid='mine-vehicles'
          onClick={() => Taro.navigateTo({ url: '/packages/vehicle/pages/list/index' })}
        />
        <Cell title='我的车证' extra='›' clickable onClick={() => Taro.navigateTo({ url: '/packages/permit/pages/records/index' })} />
      </CellGroup>
      <TabBar current='mine' />
    </View>
  )
}
