// 工作台 → 车位预定: pick a lot; its reservation settings (开放预定, 可预定车位数,
// how far ahead, the entry window, the limits, 预约缴费 and its fees, the
// no-show rule) edited in place with the schema's reasons under each field;
// and a day's reservations at the lot, counted by status.
import { Input, Picker, Switch, Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { useCallback, useEffect, useState } from 'react'
import { formatYuan } from '../../../../domain/money'
import { RESERVATION_STATUS_LABELS, RESERVATION_STATUSES } from '../../../../domain/reservation/status'
import { shanghai } from '../../../../domain/time'
import { call, type CallOutput } from '../../../../services/call'
import { Button } from '../../../../ui/nutui'
import { PageState, type Pending } from '../../../../ui/page-state'
import { StateView } from '../../../../ui/state-view'
import { Field } from '../../components/field'
import { LotTabs } from '../../components/lot-tabs'
import { formOf, settingsOf, type ReservationErrors, type ReservationField, type ReservationForm } from '../../components/reservation-form'
import { useLots } from '../../components/use-lots'
import '../../components/office.scss'
import './index.scss'

type Settings = CallOutput<'reservation', 'settings'>
type Day = CallOutput<'reservation', 'day'>
type Load<T> = Pending | ({ status: 'ready' } & T)

export default function OfficeReservations() {
  const lots = useLots()
  const [load, setLoad] = useState<Load<Settings>>({ status: 'loading' })
  const [day, setDay] = useState(() => shanghai().format('YYYY-MM-DD'))
  const [list, setList] = useState<Load<Day>>({ status: 'loading' })
  const [form, setForm] = useState<ReservationForm | null>(null)
  const [errors, setErrors] = useState<ReservationErrors>({})
  const [busy, setBusy] = useState(false)

  const refresh = useCallback(
    async (quiet = false) => {
      if (!lots.lotId) return
      if (!quiet) setLoad({ status: 'loading' })
      try {
        const got = await call('reservation', 'settings', { lotId: lots.lotId }, { silent: true })
        setLoad({ status: 'ready', ...got })
      } catch (e) {
        if (quiet) void Taro.showToast({ title: (e as Error).message, icon: 'none' })
        else setLoad({ status: 'error', message: (e as Error).message })
      }
    },
    [lots.lotId],
  )
  const refreshDay = useCallback(async () => {
    if (!lots.lotId) return
    setList({ status: 'loading' })
    try {
      setList({ status: 'ready', ...(await call('reservation', 'day', { lotId: lots.lotId, day }, { silent: true })) })
    } catch (e) {
      setList({ status: 'error', message: (e as Error).message })
    }
  }, [lots.lotId, day])

  useEffect(() => {
    setForm(null)
    void refresh()
  }, [refresh])
  useEffect(() => void refreshDay(), [refreshDay])
  usePullDownRefresh(() => void Promise.all([refresh(true), refreshDay()]).finally(() => Taro.stopPullDownRefresh()))

  if (lots.load.status !== 'ready') {
    return <PageState className='page office-reservations' load={lots.load} rows={4} loadingId='reservations-loading' errorId='reservations-error' onRetry={() => void lots.reload()} />
  }
  if (!lots.lots.length) {
    return (
      <View className='page office-reservations'>
        <StateView kind='empty' title='暂无停车场' description='尚未配置停车场' testId='reservations-no-lots' />
      </View>
    )
  }
  const tabs = <LotTabs lots={lots.lots} value={lots.lotId} onChange={lots.setLotId} />
  if (load.status !== 'ready') {
    return (
      <View className='page office-reservations'>
        {tabs}
        <PageState load={load} rows={4} loadingId='reservations-loading' errorId='reservations-error' onRetry={() => void refresh()} />
      </View>
    )
  }

  const s = load.settings
  const set = <K extends ReservationField>(field: K, value: ReservationForm[K]) => {
    setForm((f) => (f ? { ...f, [field]: value } : f))
    setErrors((e) => ({ ...e, [field]: undefined }))
  }
  const save = async () => {
    if (!form) return
    const checked = settingsOf(form)
    if (!checked.ok) {
      setErrors(checked.errors)
      void Taro.showToast({ title: '请按提示修改预定设置', icon: 'none' })
      return
    }
    setBusy(true)
    try {
      await call('reservation', 'setSettings', { lotId: lots.lotId, settings: checked.settings }, { silent: true })
      setForm(null)
      void Taro.showToast({ title: '预定设置已保存，对此后的预定生效', icon: 'none', duration: 3000 })
      await refresh(true)
    } catch (e) {
      const message = (e as Error).message
      // The server's one refusal about a field (the quota above the lot's capacity) goes under it.
      if (message.startsWith('可预定车位数')) setErrors({ quota: message })
      else void Taro.showToast({ title: message, icon: 'none' })
    } finally {
      setBusy(false)
    }
  }
  const number = (field: ReservationField, label: string, unit: string, hint?: string) => (
    <Field label={label} error={errors[field]} hint={hint} testId={`res-${field}`}>
      <Input type={field.startsWith('fee_') ? 'digit' : 'number'} value={String(form?.[field] ?? '')} onInput={(e) => set(field, e.detail.value as never)} />
      <Text className='muted'>{unit}</Text>
    </Field>
  )
  const toggle = (field: 'enabled' | 'prepay' | 'refundNoShow', label: string, on: string, off: string) => (
    <Field label={label} testId={`res-${field}`}>
      <Text className='office-reservations__switch-text'>{form?.[field] ? on : off}</Text>
      <Switch checked={!!form?.[field]} color='#07c160' onChange={(e) => set(field, e.detail.value)} />
    </Field>
  )

  return (
    <View className='page office-reservations'>
      {tabs}
      {!form && (
        <View className='card' data-testid='reservations-settings'>
          <View className='office-row'>
            <Text className='office-title'>预定设置</Text>
            <Text className={`office-tag office-tag--${s.enabled && s.quota > 0 ? 'green' : 'grey'}`}>{s.enabled && s.quota > 0 ? '开放预定' : '未开放'}</Text>
          </View>
          <Text className='office-line'>
            可预定 {s.quota} 个（车场共 {load.capacity} 个），当前占用 {load.held} 个
          </Text>
          <Text className='office-line'>
            可提前 {s.horizonHours} 小时预定；预计到场前 {s.windowBeforeMinutes} 分钟至后 {s.windowAfterMinutes} 分钟内入场
          </Text>
          <Text className='office-line'>
            每个账号最多 {s.maxPerAccount} 个、每辆车最多 {s.maxPerPlate} 个待入场预定；每月爽约 {s.noShowLimit} 次后当月不能预定
          </Text>
          <Text className='office-line' data-testid='reservations-prepay'>
            {s.prepay
              ? `预约缴费：小型车 ¥${formatYuan(s.prepayFen.small)}，大型车 ¥${formatYuan(s.prepayFen.large)}，新能源车 ¥${formatYuan(s.prepayFen.newEnergy)}；${s.unpaidMinutes} 分钟内未支付自动取消；爽约${s.refundNoShow ? '全额退款' : '不退款'}`
              : '无需预约缴费'}
          </Text>
          <View className='office-ops'>
            <Button size='small' type='primary' onClick={() => (setForm(formOf(s)), setErrors({}))} data-testid='reservations-edit'>
              修改预定设置
            </Button>
          </View>
        </View>
      )}

      {form && (
        <View className='card' data-testid='reservations-form'>
          <Text className='card__section'>修改预定设置</Text>
          {toggle('enabled', '车位预定', '开放预定', '暂不开放')}
          {number('quota', '可预定车位数', '个', `不超过车场车位总数 ${load.capacity}`)}
          {number('horizonHours', '最长提前预定', '小时')}
          {number('windowBeforeMinutes', '可提前入场', '分钟')}
          {number('windowAfterMinutes', '可延后入场', '分钟', '超过后未入场记为爽约')}
          {number('maxPerAccount', '每个账号待入场预定上限', '个')}
          {number('maxPerPlate', '每辆车待入场预定上限', '个')}
          {number('noShowLimit', '每月爽约次数上限', '次')}
          {toggle('prepay', '预约缴费', '预定时先缴预约费，出场时抵扣停车费', '无需缴费')}
          {form.prepay && (
            <>
              {number('fee_small', '小型车预约费', '元')}
              {number('fee_large', '大型车预约费', '元')}
              {number('fee_newEnergy', '新能源车预约费', '元')}
              {number('unpaidMinutes', '未支付保留时间', '分钟')}
              {toggle('refundNoShow', '爽约是否退款', '全额退款', '不退款')}
            </>
          )}
          <View className='office-ops'>
            <Button size='small' fill='outline' onClick={() => setForm(null)} data-testid='reservations-cancel'>
              取消
            </Button>
            <Button size='small' type='primary' loading={busy} onClick={() => !busy && void save()} data-testid='reservations-save'>
              保存
            </Button>
          </View>
        </View>
      )}

      <View className='card' data-testid='reservations-day'>
        <View className='office-row'>
          <Text className='office-title'>预定列表</Text>
          <Picker mode='date' value={day} onChange={(e) => setDay(String(e.detail.value))}>
            <Text className='office-reservations__picker' data-testid='reservations-day-pick'>
              {day}
            </Text>
          </Picker>
        </View>
        {list.status !== 'ready' ? (
          <PageState load={list} rows={2} loadingId='reservations-day-loading' errorId='reservations-day-error' onRetry={() => void refreshDay()} />
        ) : (
          <>
            <Text className='office-line muted' data-testid='reservations-counts'>
              {RESERVATION_STATUSES.filter((st) => list.counts[st])
                .map((st) => `${RESERVATION_STATUS_LABELS[st]} ${list.counts[st]}`)
                .join(' · ') || '当日暂无预定'}
            </Text>
            {list.reservations.map((r) => (
              <View key={r.id} className='office-reservations__item' data-testid='reservations-item'>
                <View className='office-row'>
                  <Text className='office-reservations__plate'>{r.plateText}</Text>
                  <Text className='office-tag'>{r.statusLabel}</Text>
                </View>
                <Text className='office-line muted'>
                  入场时段 {r.windowText} · {r.kindLabel}
                  {r.paidFen ? ` · 已付 ¥${formatYuan(r.paidFen)}` : ''}
                </Text>
                <Text className='office-line muted'>
                  联系电话 {r.phone}
                  {r.remark ? ` · ${r.remark}` : ''}
                </Text>
              </View>
            ))}
          </>
        )}
      </View>
    </View>
  )
}
