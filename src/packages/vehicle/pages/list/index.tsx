// 我的车辆 (seed 001 §2.1): add a plate (the first becomes the default), add
// more, choose another default, remove. Refusals come from the server.
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { useCallback, useState } from 'react'
import { PlateChip } from '../../../../components/plate-chip'
import { PlateKeyboard } from '../../../../components/plate-keyboard'
import { MAX_VEHICLES_PER_USER, type Vehicle } from '../../../../domain/contracts/vehicle'
import { formatPlate, vehicleTypeOf } from '../../../../domain/plate'
import { call } from '../../../../services/call'
import { Button, Skeleton, Tag } from '../../../../ui/nutui'
import { StateView } from '../../../../ui/state-view'
import './index.scss'

type Load = { status: 'loading' } | { status: 'ready'; vehicles: Vehicle[] } | { status: 'error'; message: string }

export default function VehicleList() {
  const [load, setLoad] = useState<Load>({ status: 'loading' })
  const [keyboard, setKeyboard] = useState(false)
  const [draft, setDraft] = useState('')
  const [busy, setBusy] = useState(false)

  const refresh = useCallback(async () => {
    try {
      const { vehicles } = await call('vehicle', 'list', {}, { silent: true })
      setLoad({ status: 'ready', vehicles })
    } catch (e) {
      setLoad({ status: 'error', message: (e as Error).message })
    }
  }, [])

  const retry = () => {
    setLoad({ status: 'loading' })
    return refresh()
  }

  useDidShow(() => void refresh())
  usePullDownRefresh(() => {
    void refresh().finally(() => Taro.stopPullDownRefresh())
  })

  const mutate = async (run: () => Promise<{ vehicles: Vehicle[] }>, done?: string) => {
    if (busy) return
    setBusy(true)
    try {
      const { vehicles } = await run()
      setLoad({ status: 'ready', vehicles })
      if (done) void Taro.showToast({ title: done, icon: 'success' })
      return true
    } catch {
      return false // call() has shown the server's reason
    } finally {
      setBusy(false)
    }
  }

  const add = async (plate: string) => {
    if (await mutate(() => call('vehicle', 'add', { plate }), '添加成功')) {
      setKeyboard(false)
      setDraft('')
    }
  }

  const remove = async (v: Vehicle) => {
    const { confirm } = await Taro.showModal({ title: '删除车辆', content: `确定删除车辆 ${formatPlate(v.plate)}？`, confirmColor: '#fa5151' })
    if (confirm) await mutate(() => call('vehicle', 'remove', { id: v.id }), '已删除')
  }

  const vehicles = load.status === 'ready' ? load.vehicles : []
  const full = vehicles.length >= MAX_VEHICLES_PER_USER
  return (
    <View className='vehicle-list'>
      {load.status === 'loading' && (
        <View data-testid='vehicle-loading'>
          {[0, 1].map((i) => (
            <View key={i} className='vehicle-list__item'>
              <Skeleton rows={2} animated />
            </View>
          ))}
        </View>
      )}
      {load.status === 'error' && (
        <StateView
          kind='network'
          title='加载失败'
          description={load.message}
          actions={[{ text: '重试', primary: true, onClick: () => void retry() }]}
          testId='vehicle-error'
        />
      )}
      {load.status === 'ready' && vehicles.length === 0 && (
        <StateView kind='empty' title='暂无车辆' description='暂无车辆，添加一个车牌吧' testId='vehicle-empty' />
      )}
      {vehicles.map((v) => (
        <View key={v.id} className='vehicle-list__item' data-testid='vehicle-item'>
          <View className='vehicle-list__main'>
            <PlateChip plate={v.plate} testId='vehicle-plate' />
            <Text className='vehicle-list__type'>{vehicleTypeOf(v.plate)}</Text>
            {v.isDefault && (
              <View className='vehicle-list__default' data-testid='vehicle-default-badge'>
                <Tag type='success'>默认</Tag>
              </View>
            )}
          </View>
          <View className='vehicle-list__ops'>
            {!v.isDefault && (
              <Text
                className='vehicle-list__op'
                data-testid='vehicle-set-default'
                onClick={() => void mutate(() => call('vehicle', 'setDefault', { id: v.id }), '已设为默认')}
              >
                设为默认
              </Text>
            )}
            <Text className='vehicle-list__op vehicle-list__op--danger' data-testid='vehicle-remove' onClick={() => void remove(v)}>
              删除
            </Text>
          </View>
        </View>
      ))}
      {load.status === 'ready' && (
        <View className='vehicle-list__footer'>
          <Button type='primary' block data-testid='vehicle-add' disabled={busy} onClick={() => setKeyboard(true)}>
            添加车辆
          </Button>
          <Text className='vehicle-list__tip'>
            {full
              ? `已添加 ${vehicles.length} 辆车，最多可添加 ${MAX_VEHICLES_PER_USER} 辆`
              : `最多可添加 ${MAX_VEHICLES_PER_USER} 辆车，第一辆自动设为默认车辆`}
          </Text>
        </View>
      )}
      <PlateKeyboard value={draft} onChange={setDraft} onConfirm={(plate) => void add(plate)} visible={keyboard} onClose={() => setKeyboard(false)} />
    </View>
  )
}
