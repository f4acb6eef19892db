// The bottom tab bar of the three main pages. 工作台 shows only for staff.
// One component for weapp and H5 alike: the native weapp tabBar cannot hide
// a single item, and Taro's custom tab bar does not run on H5.
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useSession } from '../../services/session'
import './index.scss'

export type Tab = 'home' | 'mine' | 'workbench'

const TABS: Array<{ tab: Tab; label: string; icon: string; staffOnly?: boolean }> = [
  { tab: 'home', label: '首页', icon: '⌂' },
  { tab: 'workbench', label: '工作台', icon: '☰', staffOnly: true },
  { tab: 'mine', label: '我的', icon: '☺' },
]

export function TabBar({ current }: { current: Tab }) {
  const session = useSession()
  const isStaff = session.status === 'ready' && session.profile.isStaff
  return (
    <View className='tab-bar'>
      {TABS.filter((t) => !t.staffOnly || isStaff).map((t) => (
        <View
          key={t.tab}
          data-testid={`tab-${t.tab}`}
          className={`tab-bar__item${t.tab === current ? ' tab-bar__item--active' : ''}`}
          onClick={() => t.tab !== current && Taro.reLaunch({ url: `/pages/${t.tab}/index` })}
        >
          <Text className='tab-bar__icon'>{t.icon}</Text>
          <Text className='tab-bar__label'>{t.label}</Text>
        </View>
      ))}
    </View>
  )
}
