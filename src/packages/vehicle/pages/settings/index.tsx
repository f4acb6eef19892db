// 隐私设置 / 设置 of a verified vehicle (seed 002): hide the lot names from
// the other users of the vehicle, which vehicle notices to receive (each
// switch saved at once), and 授权管理 — the accounts asking to use the
// vehicle (同意 / 拒绝) and those authorized (取消授权).
import { Switch, Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import { useCallback, useState } from 'react'
import { PlateChip } from '../../../../components/plate-chip'
import { formatPlate } from '../../../../domain/plate'
import { formatDateTime } from '../../../../domain/time'
import { call, type CallOutput } from '../../../../services/call'
import { PageState } from '../../../../ui/page-state'
import './index.scss'

type OwnerView = CallOutput<'vehicle', 'settings'>
type Settings = OwnerView['settings']
type Member = OwnerView['members'][number]
type Notify = keyof Settings['notify']

type Load = { status: 'loading' } | { status: 'ready'; view: OwnerView } | { status: 'error'; message: string }

const NOTIFY: Array<{ key: Notify; label: string }> = [
  { key: 'entry', label: '入场通知' },
  { key: 'exit', label: '出场通知（未缴费时）' },
  { key: 'coupon', label: '优惠券通知' },
]

export default function VehicleSettings() {
  const { id = '', section } = useRouter().params
  const [load, setLoad] = useState<Load>({ status: 'loading' })
  const [busy, setBusy] = useState(false)

  const refresh = useCallback(async () => {
    try {
      setLoad({ status: 'ready', view: await call('vehicle', 'settings', { id }, { silent: true }) })
    } catch (e) {
      setLoad({ status: 'error', message: (e as Error).message })
    }
  }, [id])

  // Each time the page is shown: requests and authorizations may have changed meanwhile.
  useDidShow(() => void refresh())
  usePullDownRefresh(() => {
    void refresh().finally(() => Taro.stopPullDownRefresh())
  })

  /** Runs one owner action; the answer is the whole view. Returns whether it succeeded. */
  const run = async (action: () => Promise<OwnerView>, done?: string) => {
    if (busy) return false
    setBusy(true)
    try {
      setLoad({ status: 'ready', view: await action() })
      if (done) void Taro.showToast({ title: done, icon: 'success' })
      return true
    } catch {
      return false // call() has shown the server's reason
    } finally {
      setBusy(false)
    }
  }

  if (load.status !== 'ready') {
    const retry = () => {
      setLoad({ status: 'loading' })
      void refresh()
    }
    return <PageState className='page vehicle-settings' load={load} cards={3} loadingId='settings-loading' errorId='settings-error' onRetry={retry} />
  }

  const { view } = load
  const { settings } = view

  /** Shows the change at once and saves it; a refusal puts the switch back. */
  const save = async (next: Settings) => {
    if (busy) return
    setLoad({ status: 'ready', view: { ...view, settings: next } })
    if (!(await run(() => call('vehicle', 'updateSettings', { id, settings: next })))) setLoad({ status: 'ready', view })
  }

  const revoke = async (m: Member) => {
    const { confirm } = await Taro.showModal({
      title: '取消授权',
      content: `确定取消 ${m.nickname} 使用车辆 ${formatPlate(view.plate)} 的授权？`,
      confirmColor: '#fa5151',
    })
    if (confirm) await run(() => call('vehicle', 'revoke', { id: m.id }), '已取消授权')
  }

  const requests = view.members.filter((m) => m.status === 'AWAITING_AUTH')
  const authorized = view.members.filter((m) => m.status === 'AUTHORIZED')

  return (
    <View className='page vehicle-settings'>
      <View className='card vehicle-settings__head'>
        <PlateChip plate={view.plate} testId='settings-plate' />
        <Text className='vehicle-settings__verified'>已认证</Text>
      </View>

      <View className={`card${section === 'privacy' ? ' vehicle-settings__focus' : ''}`}>
        <Text className='card__section'>隐私设置</Text>
        <View className='vehicle-settings__row'>
          <View className='vehicle-settings__text'>
            <Text className='vehicle-settings__label'>隐藏车场名称</Text>
            <Text className='vehicle-settings__hint'>开启后，其他使用该车辆的用户看不到停车场名称</Text>
          </View>
          <Switch
            color='#07c160'
            checked={settings.hideLotNames}
            disabled={busy}
            data-testid='setting-hideLotNames'
            onChange={(e) => void save({ ...settings, hideLotNames: e.detail.value })}
          />
        </View>
      </View>

      <View className='card'>
        <Text className='card__section'>通知设置</Text>
        {NOTIFY.map(({ key, label }) => (
          <View key={key} className='vehicle-settings__row'>
            <Text className='vehicle-settings__label'>{label}</Text>
            <Switch
              color='#07c160'
              checked={settings.notify[key]}
              disabled={busy}
              data-testid={`setting-notify-${key}`}
              onChange={(e) => void save({ ...settings, notify: { ...settings.notify, [key]: e.detail.value } })}
            />
          </View>
        ))}
      </View>

      <View className='card'>
        <Text className='card__section'>授权管理</Text>
        <Text className='vehicle-settings__sub'>授权申请</Text>
        {requests.length === 0 && (
          <Text className='vehicle-settings__empty' data-testid='member-requests-empty'>
            暂无授权申请
          </Text>
        )}
        {requests.map((m) => (
          <View key={m.id} className='vehicle-settings__member' data-testid='member-request'>
            <View className='vehicle-settings__text'>
              <Text className='vehicle-settings__label'>{m.nickname}</Text>
              <Text className='vehicle-settings__hint'>申请时间 {formatDateTime(m.since)}</Text>
            </View>
            <Text
              className='vehicle-settings__op vehicle-settings__op--danger'
              data-testid='member-decline'
              onClick={() => void run(() => call('vehicle', 'authorize', { id: m.id, approve: false }), '已拒绝')}
            >
              拒绝
            </Text>
            <Text
              className='vehicle-settings__op vehicle-settings__op--primary'
              data-testid='member-approve'
              onClick={() => void run(() => call('vehicle', 'authorize', { id: m.id, approve: true }), '已同意')}
            >
              同意
            </Text>
          </View>
        ))}
        <Text className='vehicle-settings__sub vehicle-settings__sub--gap'>已授权用户</Text>
        {authorized.length === 0 && (
          <Text className='vehicle-settings__empty' data-testid='member-authorized-empty'>
            暂无已授权用户
          </Text>
        )}
        {authorized.map((m) => (
          <View key={m.id} className='vehicle-settings__member' data-testid='member-authorized'>
            <View className='vehicle-settings__text'>
              <Text className='vehicle-settings__label'>{m.nickname}</Text>
              <Text className='vehicle-settings__hint'>授权时间 {formatDateTime(m.since)}</Text>
            </View>
            <Text className='vehicle-settings__op vehicle-settings__op--danger' data-testid='member-revoke' onClick={() => void revoke(m)}>
              取消授权
            </Text>
          </View>
        ))}
      </View>
    </View>
  )
}
