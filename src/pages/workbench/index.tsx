// 工作台: the parking office's review queues (staff only).
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { TabBar } from '../../components/tab-bar'
import { ROLE_LABELS } from '../../domain/contracts/user'
import { useSession } from '../../services/session'
import { Button, Empty } from '../../ui/nutui'
import './index.scss'

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
      <Empty title='暂无待处理事项' description='新的审核申请会出现在这里' data-testid='workbench-empty' />
      <TabBar current='workbench' />
    </View>
  )
}
