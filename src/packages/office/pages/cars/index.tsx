// 工作台 → 场内车辆: pick a lot; each lane with what its gate last did (plate,
// decision, LED text, time) and 手动抬杆, which asks for a reason in a sheet
// and confirms the command was sent; below, the cars in the lot now with
// their entry time, stay, amount due, space, flags and what they paid.
import { Input, Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { useCallback, useEffect, useState } from 'react'
import { Dialog } from '../../../../components/dialog'
import { Sheet } from '../../../../components/sheet'
import { formatYuan } from '../../../../domain/money'
import { formatStay } from '../../../../domain/parking/fee'
import { GATE_REASON_LABELS } from '../../../../domain/parking/gate'
import { formatDateTime } from '../../../../domain/time'
import { call, type CallOutput } from '../../../../services/call'
import { Button } from '../../../../ui/nutui'
import { PageState, type Pending } from '../../../../ui/page-state'
import { StateView } from '../../../../ui/state-view'
import { LotTabs } from '../../components/lot-tabs'
import { useLots, type Lot } from '../../components/use-lots'
import '../../components/office.scss'
import './index.scss'

type Cars = CallOutput<'parking', 'carsInLot'>
type Load = Pending | ({ status: 'ready' } & Cars)
type Lane = Lot['lanes'][number]

const PRESETS = ['车牌识别故障', '车主已现场缴费', '特种车辆通行', '设备故障']
/** The contract's bounds for a reason (请填写原因（至少 2 个字）, 原因不超过 60 字). */
const MIN_REASON = 2
const MAX_REASON = 60

export default function CarsInLot() {
  const lots = useLots()
  const [load, setLoad] = useState<Load>({ status: 'loading' })
  const [opening, setOpening] = useState<Lane | null>(null)
  const [reason, setReason] = useState('')
  const [busy, setBusy] = useState(false)
  const [sent, setSent] = useState<Lane | null>(null)

  const refresh = useCallback(
    async (quiet = false) => {
      if (!lots.lotId) return
      if (!quiet) setLoad({ status: 'loading' })
      try {
        const got = await call('parking', 'carsInLot', { lotId: lots.lotId }, { silent: true })
        setLoad({ status: 'ready', ...got })
      } catch (e) {
        if (quiet) void Taro.showToast({ title: (e as Error).message, icon: 'none' })
        else setLoad({ status: 'error', message: (e as Error).message })
      }
    },
    [lots.lotId],
  )

  useEffect(() => void refresh(), [refresh])
  usePullDownRefresh(() => void refresh(true).finally(() => Taro.stopPullDownRefresh()))

  if (lots.load.status !== 'ready') {
    return <PageState className='page office-cars' load={lots.load} cards={3} rows={3} loadingId='cars-loading' errorId='cars-error' onRetry={() => void lots.reload()} />
  }
  if (!lots.lot) {
    return (
      <View className='page office-cars'>
        <StateView kind='empty' title='暂无停车场' description='尚未配置停车场' testId='cars-no-lots' />
      </View>
    )
  }
  const lot = lots.lot
  const tabs = <LotTabs lots={lots.lots} value={lots.lotId} onChange={lots.setLotId} />
  if (load.status !== 'ready') {
    return (
      <View className='page office-cars'>
        {tabs}
        <PageState load={load} cards={3} rows={3} loadingId='cars-loading' errorId='cars-error' onRetry={() => void refresh()} />
      </View>
    )
  }

  const startOpening = (lane: Lane) => {
    setReason('')
    setOpening(lane)
  }
  const open = async () => {
    if (!opening || busy) return
    setBusy(true)
    try {
      await call('parking', 'openBarrier', { lotId: lot.id, laneId: opening.id, reason: reason.trim() })
      setSent(opening)
      setOpening(null)
      await refresh(true)
    } catch {
      // shown by call()
    } finally {
      setBusy(false)
    }
  }

  const stateOf = (laneId: string) => load.lanes.find((l) => l.laneId === laneId)?.lastEvent ?? null
  const ready = reason.trim().length >= MIN_REASON

  return (
    <View className='page office-cars'>
      {tabs}
      <View className='card' data-testid='cars-lanes'>
        <Text className='card__section'>车道</Text>
        {lot.lanes.map((lane) => {
          const e = stateOf(lane.id)
          return (
            <View key={lane.id} className='office-cars__lane' data-testid='cars-lane'>
              <View className='office-row'>
                <Text className='office-title'>
                  {lane.name}
                  <Text className='muted office-cars__place'>
                    {' '}
                    {lane.kind === 'entry' ? '入口' : '出口'} · {lane.place}
                  </Text>
                </Text>
                <Button size='small' type='danger' fill='outline' onClick={() => startOpening(lane)} data-testid='cars-open'>
                  手动抬杆
                </Button>
              </View>
              {e ? (
                <>
                  <View className='office-row office-line'>
                    <Text>
                      {e.plate ?? '未识别车牌'} · {GATE_REASON_LABELS[e.reason]}
                    </Text>
                    <Text className={`office-tag office-tag--${e.open ? 'green' : 'red'}`}>{e.open ? '已抬杆' : '未抬杆'}</Text>
                  </View>
                  <Text className='office-line muted'>
                    {formatDateTime(e.at)} · 显示屏：{e.led.join(' ')}
                  </Text>
                </>
              ) : (
                <Text className='office-line muted'>暂无过车记录</Text>
              )}
            </View>
          )
        })}
      </View>

      <View className='card office-row'>
        <Text className='office-title'>场内车辆</Text>
        <Text className='muted' data-testid='cars-count'>
          共 {load.cars.length} 辆
        </Text>
      </View>
      {load.cars.length === 0 && <StateView kind='empty' title='场内暂无车辆' description='车辆入场后会出现在这里' testId='cars-empty' />}
      {load.cars.map((c) => (
        <View key={c.stayId} className='card' data-testid='car-item'>
          <View className='office-row'>
            <Text className='office-title office-cars__plate'>{c.plateText}</Text>
            <Text className='office-amount' data-testid='car-due'>
              {c.amountFen > 0 ? `应缴 ¥${formatYuan(c.amountFen)}` : '无需缴费'}
            </Text>
          </View>
          <Text className='office-line'>
            入场 {formatDateTime(c.entryAt)} · 已停 {formatStay(c.minutes)}
          </Text>
          <Text className='office-line'>
            车位 {c.space ?? '未知'}
            {c.paidFen > 0 ? ` · 已缴 ¥${formatYuan(c.paidFen)}` : ''}
          </Text>
          {c.flags.length > 0 && (
            <View className='office-tags'>
              {c.flags.map((f) => (
                <Text key={f} className='office-tag office-tag--orange'>
                  {f}
                </Text>
              ))}
            </View>
          )}
        </View>
      ))}

      {opening && (
        <Sheet title={`手动抬杆 · ${opening.name}`} testId='open-sheet' onClose={() => setOpening(null)}>
          <Text className='office-line muted'>抬杆将记录操作人与原因。请选择或填写原因：</Text>
          <View className='sheet__presets office-cars__presets'>
            {PRESETS.map((p) => (
              <Text key={p} className={`sheet__preset${reason === p ? ' sheet__preset--on' : ''}`} onClick={() => setReason(p)}>
                {p}
              </Text>
            ))}
          </View>
          <Input
            className='sheet__input'
            data-testid='open-reason'
            placeholder='或填写抬杆原因（必填）'
            maxlength={MAX_REASON}
            value={reason}
            onInput={(e) => setReason(e.detail.value)}
          />
          <Button type='danger' block disabled={busy || !ready} loading={busy} onClick={() => void open()} data-testid='open-confirm'>
            确认抬杆
          </Button>
        </Sheet>
      )}

      <Dialog
        visible={sent !== null}
        title='已发送抬杆指令'
        message={sent ? `${sent.name}的道闸将在设备接收指令后开启，本次操作已记录。` : ''}
        testId='open-done-dialog'
        buttons={[{ text: '知道了', primary: true, onClick: () => setSent(null), testId: 'open-done-ok' }]}
      />
    </View>
  )
}
