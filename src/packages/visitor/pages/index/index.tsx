// 访客预约 (seed 001 §3.2 steps 1, 4, 5): the bound host's appointments as the
// server orders them — upcoming first (soonest first), then past ones (latest
// first) — a page at a time (ui/use-paged-list.ts: reaching the bottom or 加载更多), read again on
// show and on pull-down. Tapping a visitor offers 查看凭证, 修改预约 and
// 取消预约 (after a confirm) as the pass allows; the "+" at the bottom right
// opens the form. Not bound: a prompt to 账号绑定.
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useState } from 'react'
// First: the card's plate chip and icons, in the order the other pages load them (one CSS order for the common chunk).
import { PassCard, type HostPass } from '../../components/pass-card'
import { Sheet } from '../../../../components/sheet'
import { AppError } from '../../../../domain/errors'
import { compareForHost, isUpcoming } from '../../../../domain/visitor/pass'
import { call, type CallOutput } from '../../../../services/call'
import { PageState } from '../../../../ui/page-state'
import { StateView } from '../../../../ui/state-view'
import { usePagedList } from '../../../../ui/use-paged-list'
import { serverNow, syncServerClock } from '../../clock'
import '../../components/visitor.scss'
import './index.scss'

type Host = NonNullable<CallOutput<'visitor', 'bindStatus'>['host']>

const FORM_URL = '/packages/visitor/pages/form/index'
const BIND_URL = '/packages/visitor/pages/bind/index'
const detailUrl = (p: HostPass) => `/packages/visitor/pages/detail/index?id=${encodeURIComponent(p.id)}`

export default function VisitorListPage() {
  const [host, setHost] = useState<Host | null>(null)
  /** This WeChat is not bound to a host account (the list's answer). */
  const [unbound, setUnbound] = useState(false)
  const [chosen, setChosen] = useState<HostPass | null>(null)

  const { load, loadingMore, more, refresh, retry } = usePagedList<HostPass, number>({
    read: async (cursor) => {
      try {
        const { passes, nextCursor, now } = await call('visitor', 'list', cursor === undefined ? {} : { cursor }, { silent: true })
        syncServerClock(now)
        setUnbound(false)
        return { items: passes, next: nextCursor }
      } catch (e) {
        if (!(e instanceof AppError && e.code === 'HOST_NOT_BOUND')) throw e
        setUnbound(true)
        return { items: [], next: null }
      }
    },
    key: (p) => p.id,
    // The server's order, kept whatever order pages arrive in: upcoming soonest first, then past latest first.
    order: compareForHost(serverNow()),
  })

  useDidShow(() => {
    call('visitor', 'bindStatus', {}, { silent: true })
      .then((s) => setHost(s.host))
      .catch(() => undefined)
  })

  const cancel = async (p: HostPass) => {
    setChosen(null)
    const { confirm } = await Taro.showModal({
      title: '取消预约',
      content: `确定取消 ${p.name} ${p.windowText} 的来访预约吗？取消后访客的二维码和验证码将失效。`,
      confirmText: '取消预约',
      cancelText: '再想想',
    })
    if (!confirm) return
    try {
      await call('visitor', 'cancel', { passId: p.id }, { silent: true })
      void Taro.showToast({ title: '已取消预约', icon: 'none' })
    } catch (e) {
      void Taro.showToast({ title: (e as Error).message, icon: 'none' })
    }
    void refresh()
  }

  if (unbound) {
    return (
      <View className='page visitor-list'>
        <StateView
          kind='refused'
          title='请先绑定访客邀请账号'
          description='预约访客需要先绑定停车管理办公室开通的访客邀请账号'
          testId='list-unbound'
          actions={[{ text: '账号绑定', primary: true, onClick: () => void Taro.navigateTo({ url: BIND_URL }) }]}
        />
      </View>
    )
  }
  if (load.status !== 'ready') {
    return (
      <PageState
        className='page visitor-list'
        load={load}
        cards={3}
        rows={2}
        loadingId='list-loading'
        errorId='list-error'
        onRetry={retry}
      />
    )
  }

  const now = serverNow()
  const upcoming = load.items.filter((p) => isUpcoming(p, now))
  const past = load.items.filter((p) => !isUpcoming(p, now))

  return (
    <View className='page visitor-list'>
      <View className='visitor-list__host' data-testid='list-host' onClick={() => void Taro.navigateTo({ url: BIND_URL })}>
        <Text className='visitor-list__host-name'>{host ? `${host.name} · ${host.department}` : '访客邀请账号'}</Text>
        <Text className='visitor-list__host-link'>账号绑定 ›</Text>
      </View>
      {load.items.length === 0 && (
        <StateView
          kind='empty'
          title='暂无访客预约'
          description='点击右下角“+”预约访客，预约后可将二维码和验证码分享给访客'
          testId='list-empty'
          actions={[{ text: '预约访客', primary: true, onClick: () => void Taro.navigateTo({ url: FORM_URL }) }]}
        />
      )}
      {upcoming.length > 0 && <Text className='visitor-section'>即将到访</Text>}
      {upcoming.map((p) => (
        <PassCard key={p.id} pass={p} onClick={() => setChosen(p)} />
      ))}
      {past.length > 0 && <Text className='visitor-section'>历史预约</Text>}
      {past.map((p) => (
        <PassCard key={p.id} pass={p} onClick={() => setChosen(p)} />
      ))}
      {load.next !== null && (
        <Text className='visitor-list__more' data-testid='list-more' onClick={() => void more()}>
          {loadingMore ? '加载中…' : '加载更多'}
        </Text>
      )}
      <View className='visitor-fab' data-testid='list-add' aria-label='预约访客' onClick={() => void Taro.navigateTo({ url: FORM_URL })}>
        +
      </View>

      {chosen && (
        <Sheet title={chosen.name} testId='pass-actions' onClose={() => setChosen(null)}>
          <View
            className='visitor-option'
            data-testid='action-view'
            onClick={() => {
              setChosen(null)
              void Taro.navigateTo({ url: detailUrl(chosen) })
            }}
          >
            <Text>{chosen.mayShare ? '查看凭证 / 分享' : '查看预约'}</Text>
          </View>
          {chosen.mayModify && (
            <View
              className='visitor-option'
              data-testid='action-modify'
              onClick={() => {
                setChosen(null)
                void Taro.navigateTo({ url: `${FORM_URL}?id=${encodeURIComponent(chosen.id)}` })
              }}
            >
              <Text>修改预约</Text>
            </View>
          )}
          {chosen.mayCancel && (
            <View className='visitor-option visitor-option--danger' data-testid='action-cancel' onClick={() => void cancel(chosen)}>
              <Text>取消预约</Text>
            </View>
          )}
        </Sheet>
      )}
    </View>
  )
}
