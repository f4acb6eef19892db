// 工作台: the parking office's review queues (staff only; the server checks
// roles again on every queue call).
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { goTab, TabBar } from '../../components/tab-bar'
import { ROLE_LABELS } from '../../domain/contracts/user'
import { call } from '../../services/call'
import { signIn, useSession } from '../../services/session'
import { ArrowRight } from '../../ui/icons'
import { Cell, CellGroup, Skeleton, Tag } from '../../ui/nutui'
import { StateView } from '../../ui/state-view'
import './index.scss'

/** How many wait in a queue: undefined while loading, null when the count failed. */
type Count = number | null | undefined

/** One review queue: its name, what it holds, how many wait; opens its review page. */
function QueueRow(props: { testId: string; title: string; description: string; count: Count; url: string; isLast?: boolean }) {
  const { testId, title, description, count, url, isLast = false } = props
  return (
    <View data-testid={testId}>
      <Cell
        title={title}
        description={description}
        align='center'
        extra={
          <View className='workbench__extra'>
            {count ? (
              <Tag type='danger' className='workbench__count'>
                {`${count} 待审`}
              </Tag>
            ) : (
              <Text className='muted'>{count === 0 ? '暂无待审' : ''}</Text>
            )}
            <ArrowRight size={12} />
          </View>
        }
        clickable
        // CellGroup marks only its direct Cell children as last; rows are wrapped for their test ids.
        isLast={isLast}
        onClick={() => Taro.navigateTo({ url })}
      />
    </View>
  )
}

const QUEUES = [
  { key: 'permits', title: '车证审核', description: '车证续费申请 · 审核中', url: '/packages/review/pages/permits/index' },
  { key: 'verifications', title: '车辆认证审核', description: '车辆认证申请 · 认证中', url: '/packages/review/pages/verifications/index' },
  { key: 'appeals', title: '车辆申诉审核', description: '车辆申诉 · 待处理', url: '/packages/review/pages/appeals/index' },
] as const

type QueueKey = (typeof QUEUES)[number]['key']

/** The review queues with what waits in each (counted by the server, not listed). */
function Queues() {
  const [counts, setCounts] = useState<Partial<Record<QueueKey, Count>>>({})
  const load = () => {
    call('permit', 'pending', {}, { silent: true })
      .then(({ count }) => setCounts((c) => ({ ...c, permits: count })))
      .catch(() => setCounts((c) => ({ ...c, permits: null })))
    call('vehicle', 'pending', {}, { silent: true })
      .then(({ verifications, appeals }) => setCounts((c) => ({ ...c, verifications, appeals })))
      .catch(() => setCounts((c) => ({ ...c, verifications: null, appeals: null })))
  }
  // Mounted once the session is known (the page may already be showing), and on every return.
  useEffect(load, [])
  useDidShow(load)
  const all = QUEUES.map((q) => counts[q.key])
  return (
    <>
      <CellGroup className='workbench__queues' title='审核事项'>
        {QUEUES.map((q, i) => (
          <QueueRow
            key={q.key}
            testId={`queue-${q.key}`}
            title={q.title}
            description={q.description}
            count={counts[q.key]}
            url={q.url}
            isLast={i === QUEUES.length - 1}
          />
        ))}
      </CellGroup>
      {all.every((n) => n === 0) && (
        <StateView kind='done' title='暂无待处理事项' description='新的申请提交后会出现在这里' testId='workbench-idle' />
      )}
      {all.some((n) => n === null) && <Text className='workbench__hint muted'>待审数量加载失败，下拉或重新进入可重试</Text>}
    </>
  )
}

export default function Workbench() {
  const session = useSession()
  if (session.status === 'loading') {
    return (
      <View className='page workbench'>
        <View className='card'>
          <Skeleton rows={3} animated />
        </View>
        <TabBar current='workbench' />
      </View>
    )
  }
  if (session.status === 'error') {
    // Not known to be staff or not: a sign-in failure is not a refusal.
    return (
      <View className='page workbench' data-testid='workbench-error'>
        <StateView
          kind='network'
          title='登录失败'
          description={session.message}
          actions={[{ text: '重试', primary: true, onClick: () => void signIn() }]}
        />
        <TabBar current='workbench' />
      </View>
    )
  }
  if (!session.profile.isStaff) {
    return (
      <View className='page workbench' data-testid='workbench-refused'>
        <StateView
          kind='refused'
          title='仅工作人员可用'
          description='工作台供停车管理办公室工作人员处理审核事项'
          actions={[{ text: '返回首页', primary: true, onClick: () => void goTab('home') }]}
        />
        <TabBar current='workbench' />
      </View>
    )
  }
  const { profile } = session
  return (
    <View className='page workbench'>
      <View className='card workbench__who'>
        <Text className='workbench__name'>{profile.nickname}</Text>
        <View className='workbench__roles'>
          {profile.roles.map((r) => (
            <Tag key={r} type='success' background='#e8f8ef' color='#07c160' className='workbench__role'>
              {ROLE_LABELS[r]}
            </Tag>
          ))}
        </View>
      </View>
      <Queues />
      <TabBar current='workbench' />
    </View>
  )
}
