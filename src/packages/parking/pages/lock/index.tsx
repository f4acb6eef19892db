// 寻车缴费 → 锁车 (seed 001 §2.2 steps 16–18): the vehicles of 我的车辆 the
// driver may lock — as the verified owner or an account the owner authorized
// (usage.ts lockOption) — each with 锁定车辆 or 解锁, confirmed first. A
// vehicle not yet verified shows 去认证 instead (the vehicle subpackage's
// verify page): locking needs a verified owner, or anyone could add a
// stranger's plate and lock them in.
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { useCallback, useRef, useState } from 'react'
import { Dialog } from '../../../../components/dialog'
import { PlateChip } from '../../../../components/plate-chip'
import { formatPlate } from '../../../../domain/plate'
import { formatDateTime } from '../../../../domain/time'
import { call, type CallOutput } from '../../../../services/call'
import { Button } from '../../../../ui/button'
import { PageState, type Pending } from '../../../../ui/page-state'
import { StateView } from '../../../../ui/state-view'
import './index.scss'

type Item = CallOutput<'vehicle', 'locks'>['vehicles'][number]
type Load = Pending | { status: 'ready'; vehicles: Item[] }

const VEHICLES_URL = '/packages/vehicle/pages/list/index'
const verifyUrl = (v: Item) => `/packages/vehicle/pages/verify/index?id=${encodeURIComponent(v.id)}`

export default function LockPage() {
  const [load, setLoad] = useState<Load>({ status: 'loading' })
  /** The vehicle whose lock change waits for confirmation. */
  const [asking, setAsking] = useState<Item | null>(null)
  const [busy, setBusy] = useState(false)
  /** A list is shown: a failed refresh keeps it and says why in a toast. */
  const shown = useRef(false)

  const refresh = useCallback(async () => {
    try {
      const { vehicles } = await call('vehicle', 'locks', {}, { silent: true })
      setLoad({ status: 'ready', vehicles })
      shown.current = true
    } catch (e) {
      if (shown.current) void Taro.showToast({ title: (e as Error).message, icon: 'none' })
      else setLoad({ status: 'error', message: (e as Error).message })
    }
  }, [])

  // Each time the page is shown: a verification may have been approved, or another account may have (un)locked.
  useDidShow(() => void refresh())
  usePullDownRefresh(() => void refresh().finally(() => Taro.stopPullDownRefresh()))

  const confirm = async () => {
    const v = asking
    setAsking(null)
    if (!v || busy) return
    setBusy(true)
    try {
      const { vehicles } = await call('vehicle', v.locked ? 'unlock' : 'lock', { id: v.id })
      setLoad({ status: 'ready', vehicles })
      void Taro.showToast({ title: v.locked ? '已解锁' : '已锁定', icon: 'success' })
    } catch {
      // call() has shown the server's reason; the list may be stale now.
      void refresh()
    } finally {
      setBusy(false)
    }
  }

  if (load.status !== 'ready') {
    return (
      <PageState
        className='page parking-lock'
        load={load}
        cards={2}
        loadingId='lock-loading'
        errorId='lock-error'
        onRetry={() => {
          setLoad({ status: 'loading' })
          void refresh()
        }}
      />
    )
  }

  return (
    <View className='page parking-lock'>
      <Text className='parking-lock__tip'>锁定后，车辆在所有出口道闸都无法出场，直到在这里解锁。仅认证车主及其授权的用户可以锁车。</Text>
      {load.vehicles.length === 0 && (
        <StateView
          kind='empty'
          title='暂无可锁定的车辆'
          description='能锁定的是在 我的车辆 中添加并认证的车辆'
          actions={[{ text: '我的车辆', primary: true, onClick: () => void Taro.navigateTo({ url: VEHICLES_URL }) }]}
          testId='lock-empty'
        />
      )}
      {load.vehicles.map((v) => (
        <View key={v.id} className='card parking-lock__item' data-testid='lock-item' data-plate={v.plate}>
          <View className='parking-lock__head'>
            <PlateChip plate={v.plate} testId='lock-plate' />
            {v.option === 'VERIFY_FIRST' ? (
              <Text className='parking-lock__state parking-lock__state--unverified' data-testid='lock-state'>
                未认证
              </Text>
            ) : (
              <Text className={`parking-lock__state${v.locked ? ' parking-lock__state--locked' : ''}`} data-testid='lock-state'>
                {v.locked ? '已锁定' : '未锁定'}
              </Text>
            )}
          </View>
          {v.option === 'VERIFY_FIRST' ? (
            <View className='parking-lock__row'>
              <Text className='parking-lock__hint'>认证车辆后才能锁车</Text>
              <Button size='small' type='primary' fill='outline' data-testid='lock-verify' onClick={() => void Taro.navigateTo({ url: verifyUrl(v) })}>
                去认证
              </Button>
            </View>
          ) : (
            <View className='parking-lock__row'>
              <Text className='parking-lock__hint' data-testid='lock-since'>
                {v.locked && v.lockedAt !== null ? `${formatDateTime(v.lockedAt)} ${v.lockedByMe ? '由您锁定' : '由车主或授权用户锁定'}` : '出场不受限制'}
              </Text>
              <Button
                size='small'
                type={v.locked ? 'default' : 'primary'}
                disabled={busy}
                data-testid={v.locked ? 'lock-unlock' : 'lock-lock'}
                onClick={() => setAsking(v)}
              >
                {v.locked ? '解锁' : '锁定车辆'}
              </Button>
            </View>
          )}
        </View>
      ))}
      <Dialog
        visible={asking !== null}
        title={asking?.locked ? '解锁车辆' : '锁定车辆'}
        message={
          asking
            ? asking.locked
              ? `确定解锁 ${formatPlate(asking.plate)}？解锁后车辆可正常出场。`
              : `确定锁定 ${formatPlate(asking.plate)}？锁定后车辆在所有出口都无法出场，直到解锁。`
            : ''
        }
        testId='lock-dialog'
        buttons={[
          { text: '取消', testId: 'lock-cancel', onClick: () => setAsking(null) },
          { text: asking?.locked ? '解锁' : '锁定', primary: true, testId: 'lock-confirm', onClick: () => void confirm() },
        ]}
      />
    </View>
  )
}
