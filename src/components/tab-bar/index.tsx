// The bottom tab bar of the three main pages: 首页, 工作台 (staff only), 我的.
//
// weapp: app.config declares a native tabBar with `custom: true`, so the tab
// pages are real tab pages (switchTab keeps them alive, no 返回首页 house in
// the navigation bar) and WeChat renders src/custom-tab-bar, which draws
// <TabBarView> — the native bar cannot hide one item, the custom one can.
// H5: Taro 4.2.1 does not render custom-tab-bar on H5 (@tarojs/router
// initTabbar returns early on `custom`, "TODO: custom-tab-bar"; NervJS/taro
// #10049), so the H5 build declares no tabBar and each tab page renders
// <TabBar> itself, switching with reLaunch.
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useEffect, useSyncExternalStore, type ComponentType } from 'react'
import { useSession } from '../../services/session'
import { Category, Home, HomeF, User, UserF } from '../../ui/icons'
import './index.scss'

export type Tab = 'home' | 'workbench' | 'mine'

interface TabItem {
  tab: Tab
  label: string
  icon: ComponentType<{ size?: string | number }>
  activeIcon: ComponentType<{ size?: string | number }>
  staffOnly?: boolean
}

export const TABS: TabItem[] = [
  { tab: 'home', label: '首页', icon: Home, activeIcon: HomeF },
  { tab: 'workbench', label: '工作台', icon: Category, activeIcon: Category, staffOnly: true },
  { tab: 'mine', label: '我的', icon: User, activeIcon: UserF },
]

export const tabUrl = (tab: Tab) => `/pages/${tab}/index`

/** Goes to a tab page the way the platform wants. */
export function goTab(tab: Tab) {
  if (process.env.TARO_ENV === 'weapp') return Taro.switchTab({ url: tabUrl(tab) })
  return Taro.reLaunch({ url: tabUrl(tab) })
}

// Which tab is showing. weapp creates one custom-tab-bar instance per tab
// page; they all read this, and the page that shows sets it.
let currentTab: Tab = 'home'
const listeners = new Set<() => void>()
function setCurrentTab(tab: Tab) {
  if (tab === currentTab) return
  currentTab = tab
  listeners.forEach((l) => l())
}
export function useCurrentTab(): Tab {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l)
      return () => listeners.delete(l)
    },
    () => currentTab,
    () => currentTab,
  )
}

/** The bar itself. */
export function TabBarView({ current }: { current: Tab }) {
  const session = useSession()
  const isStaff = session.status === 'ready' && session.profile.isStaff
  return (
    <View className='tab-bar'>
      {TABS.filter((t) => !t.staffOnly || isStaff).map((t) => {
        const active = t.tab === current
        const Icon = active ? t.activeIcon : t.icon
        return (
          <View
            key={t.tab}
            data-testid={`tab-${t.tab}`}
            className={`tab-bar__item${active ? ' tab-bar__item--active' : ''}`}
            onClick={() => {
              if (active) return
              setCurrentTab(t.tab)
              void goTab(t.tab)
            }}
          >
            <Icon size={22} />
            <Text className='tab-bar__label'>{t.label}</Text>
          </View>
        )
      })}
    </View>
  )
}

/**
 * Put on each tab page. On weapp it only marks the page's tab as current
 * (WeChat draws the custom tab bar); on H5 it is the bar.
 */
export function TabBar({ current }: { current: Tab }) {
  useEffect(() => setCurrentTab(current), [current])
  useDidShow(() => setCurrentTab(current))
  if (process.env.TARO_ENV === 'weapp') return null
  return <TabBarView current={current} />
}
