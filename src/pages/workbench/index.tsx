// 工作台: the parking office's review queues and its 停车管理 tools (staff
// only; each is shown by its action's declared access, and the server checks
// roles again on every call).
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { goTab, TabBar } from '../../components/tab-bar'
import { allows, contracts } from '../../domain/contracts'
import type { Access } from '../../domain/contracts/access'
import { ROLE_LABELS, type Role } from '../../domain/contracts/user'
import { call } from '../../services/call'
import { signIn, useSession } from '../../services/session'
import { ArrowRight } from '../../ui/icons'
import { Cell, CellGroup, Skeleton, Tag } from '../../ui/nutui'
import { StateView } from '../../ui/state-view'
import './index.scss'

/** How many wait in a queue: undefined while loading, null when the count failed. */
type Count = number | null | undefined

/** One review queue: its name, what it holds, how many wait; opens its review page. */
function QueueRow(props: { testId: string; title: string; description: string; count: Count; unit: string; none: string; url: string; isLast?: boolean }) {
  const { testId, title, description, count, unit, none, url, isLast = false } = props
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
                {`${count} ${unit}`}
              </Tag>
            ) : (
              <Text className='muted'>{count === 0 ? none : ''}</Text>
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

const REVIEW = { unit: '待审', none: '暂无待审' }
const QUEUES = [
  { key: 'permits', title: '车证审核', description: '车证续费申请 · 审核中', url: '/packages/review/pages/permits/index', counter: 'permits', ...REVIEW },
  { key: 'verifications', title: '车辆认证审核', description: '车辆认证申请 · 认证中', url: '/packages/review/pages/verifications/index', counter: 'vehicles', ...REVIEW },
  { key: 'appeals', title: '车辆申诉审核', description: '车辆申诉 · 待处理', url: '/packages/review/pages/appeals/index', counter: 'vehicles', ...REVIEW },
  { key: 'money', title: '支付异常', description: '超过一天未完成的支付与退款', url: '/packages/review/pages/money/index', counter: 'money', unit: '笔', none: '暂无异常' },
] as const

type QueueKey = (typeof QUEUES)[number]['key']
type Counts = Partial<Record<QueueKey, Count>>

/** Each count call, the action whose declared access decides whether this person sees its queues, and what it fills in. */
const COUNTERS = {
  permits: { access: contracts.permit.pending.access, load: async (): Promise<Counts> => ({ permits: (await call('permit', 'pending', {}, { silent: true })).count }) },
  vehicles: { access: contracts.vehicle.pending.access, load: async (): Promise<Counts> => await call('vehicle', 'pending', {}, { silent: true }) },
  money: { access: contracts.pay.overdue.access, load: async (): Promise<Counts> => ({ money: (await call('pay', 'overdue', {}, { silent: true })).items.length }) },
}

/** The parking office's tools (停车管理), each shown to whoever its action's declared access admits. */
const TOOLS = [
  { key: 'rules', title: '收费规则', description: '查看与修改各停车场的收费规则', url: '/packages/office/pages/rules/index', access: contracts.parking.setFeeRule.access },
  { key: 'coupons', title: '优惠券', description: '发放优惠券，查看批次与券码', url: '/packages/office/pages/coupons/index', access: contracts.parking.issueCoupons.access },
  { key: 'cars', title: '场内车辆', description: '在场车辆、车道状态与手动抬杆', url: '/packages/office/pages/cars/index', access: contracts.parking.carsInLot.access },
  { key: 'report', title: '日报', description: '每日停车收款、退款与对账', url: '/packages/office/pages/report/index', access: contracts.parking.report.access },
  { key: 'layout', title: '车位地图', description: '查看与导入各停车场的车位布局', url: '/packages/office/pages/layout/index', access: contracts.parking.importLayout.access },
  { key: 'reservations', title: '车位预定', description: '预定设置与每日预定列表', url: '/packages/office/pages/reservations/index', access: contracts.reservation.setSettings.access },
] as const

/** 访客: the guard's 访客核验 and the office's 访客管理, each by its action's declared access. */
const VISITOR_TOOLS = [
  { key: 'visitor-check', title: '访客核验', description: '扫描访客二维码或输入验证码，登记到访', url: '/packages/visitor/pages/check/index', access: contracts.visitor.check.access },
  { key: 'visitors', title: '访客管理', description: '访客邀请账号与访客设置', url: '/packages/office/pages/visitors/index', access: contracts.visitor.addHost.access },
  { key: 'card', title: '一卡通对账', description: '微信支付的校园卡充值与校园卡系统入账逐日核对', url: '/packages/office/pages/card/index', access: contracts.card.reconciliation.access },
] as const

type Tool = { key: string; title: string; description: string; url: string; access: Access }

function ParkingTools(props: { roles: readonly Role[]; title?: string; list?: readonly Tool[] }) {
  const { title = '停车管理', list = TOOLS } = props
  const tools = list.filter((t) => allows(t.access, props.roles))
  if (!tools.length) return null
  return (
    <CellGroup className='workbench__queues workbench__tools' title={title}>
      {tools.map((t, i) => (
        <View key={t.key} data-testid={`tool-${t.key}`}>
          <Cell
            title={t.title}
            description={t.description}
            align='center'
            extra={<ArrowRight size={12} />}
            clickable
            isLast={i === tools.length - 1}
            onClick={() => Taro.navigateTo({ url: t.url })}
          />
        </View>
      ))}
    </CellGroup>
  )
}

/** The queues this person may work on, with what waits in each (counted by the server, not listed). */
function Queues(props: { roles: readonly Role[] }) {
  const [counts, setCounts] = useState<Counts>({})
  const queues = QUEUES.filter((q) => allows(COUNTERS[q.counter].access, props.roles))
  const load = () => {
    for (const counter of new Set(queues.map((q) => q.counter))) {
      const failed = Object.fromEntries(queues.filter((q) => q.counter === counter).map((q) => [q.key, null]))
      COUNTERS[counter]
        .load()
        .then((got) => setCounts((c) => ({ ...c, ...got })))
        .catch(() => setCounts((c) => ({ ...c, ...failed })))
    }
  }
  // Mounted once the session is known (the page may already be showing), and on every return.
  useEffect(load, [])
  useDidShow(load)
  const all = queues.map((q) => counts[q.key])
  // Staff with no review role (the parking office, guards) have only their tools.
  if (!queues.length) return null
  return (
    <>
      <CellGroup className='workbench__queues' title='待办事项'>
        {queues.map((q, i) => (
          <QueueRow
            key={q.key}
            testId={`queue-${q.key}`}
            title={q.title}
            description={q.description}
            count={counts[q.key]}
            unit={q.unit}
            none={q.none}
            url={q.url}
            isLast={i === queues.length - 1}
          />
        ))}
      </CellGroup>
      {all.every((n) => n === 0) && (
        <StateView kind='done' title='暂无待处理事项' description='新的申请提交后会出现在这里' testId='workbench-idle' />
      )}
      {all.some((n) => n === null) && <Text className='workbench__hint muted'>待办数量加载失败，下拉或重新进入可重试</Text>}
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
      <Queues roles={profile.roles} />
      <ParkingTools roles={profile.roles} />
      <ParkingTools roles={profile.roles} title='访客' list={VISITOR_TOOLS} />
      <TabBar current='workbench' />
    </View>
  )
}
