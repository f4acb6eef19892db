// 工作台: the parking office's review queues (staff only).
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { call } from '../../services/call'
import { TabBar } from '../../components/tab-bar'
import { ROLE_LABELS } from '../../domain/contracts/user'
import { useSession } from '../../services/session'
import { Button, Cell, CellGroup, Empty } from '../../ui/nutui'
import './index.scss'

/** The review queues with what waits in each. */
function Queues() {
  const [permits, setPermits] = useState<number | null>(null)
  const load = () => {
    call('permit', 'queue', {}, { silent: true })
      .then(({ items }) => setPermits(items.length))
      .catch(() => setPermits(null))
  }
  // Mounted once the session is known (the page may already be showing), and on every return.
  useEffect(load, [])
  useDidShow(load)
  return (
    <CellGroup>
      <View data-testid='queue-permits'>
        <Cell
          title='车证审核'
          description='车证续费申请 · 审核中'
          extra={permits === null ? '›' : permits > 0 ? `${permits} 待审 ›` : '暂无待审 ›'}
          clickable
          onClick={() => Taro.navigateTo({ url: '/packages/review/pages/permits/index' })}
        />
      </View>
    </CellGroup>
  )
}

export default function Workbench() {
  const session = useSession()
  if (session.status === 'loading') {
    return (
      <View className='page workbench'>
        <Text className='workbench__loading muted'>加载中…</Text>
      </View>
    )
  }
  if (session.status === 'error' || !session.profile.isStaff) {
    return (
      <View className='page workbench' data-testid='workbench-refused'>
        <Empty title='仅工作人员可用' description='工作台供停车办工作人员处理审核事项' />
        <View className='workbench__back'>
          <Button type='primary' onClick={() => Taro.reLaunch({ url: '/pages/home/index' })}>
            返回首页
          </Button>
        </View>
      </View>
    )
  }
  const { profile } = session
  return (
    <View className='page workbench'>
      <View className='card'>
        <Text className='workbench__who'>{profile.nickname}</Text>
        <Text className='muted'> · {profile.roles.map((r) => ROLE_LABELS[r]).join('、')}</Text>
      </View>
      <Queues />
      <TabBar current='workbench' />
    </View>
  )
}
