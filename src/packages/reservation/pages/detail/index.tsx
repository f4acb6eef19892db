// 预定详情 (seed 001 §2.3 step 4): a reservation of mine with its status, the
// lot, plate, times, contact phone, remark and money; 去支付 while it is
// 待支付; 取消预定 where the rules allow it now, after a confirm that states
// what cancelling does (the server's terms: 预约费 ¥5.00 将原路全额退回…).
// After cancelling it shows the result and, while the refund is under way
// (已取消（退款中）), reads the reservation again until WeChat Pay has
// confirmed it (已退款). Opened with booked=1 (a free booking) it starts
// with 预定成功.
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter, useUnload } from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import { PlateChip } from '../../../../components/plate-chip'
import { feeText, statusTone, type Reservation } from '../../components/reservation-card'
import { AppError } from '../../../../domain/errors'
import { formatYuan } from '../../../../domain/money'
import { formatDateTime } from '../../../../domain/time'
import { call, type CallOutput } from '../../../../services/call'
import { Success } from '../../../../ui/icons'
import { Button } from '../../../../ui/nutui'
import { PageState, type Pending } from '../../../../ui/page-state'
import { StateView } from '../../../../ui/state-view'
import './index.scss'

type Detail = CallOutput<'reservation', 'detail'>
type Load = Pending | { status: 'ready'; detail: Detail } | { status: 'refused'; message: string }

/** How long the page keeps reading a refund under way. */
const REFUND_PATIENCE_MS = 60_000

const isNetwork = (e: unknown) => !(e instanceof AppError) || e.code === 'NETWORK' || e.code === 'INTERNAL'
const refunding = (r: Reservation) => r.statusLabel.includes('退款中')

export default function DetailPage() {
  const { id = '', booked = '' } = useRouter().params
  const [load, setLoad] = useState<Load>({ status: 'loading' })
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')
  /** What the cancel just did (shown above the reservation). */
  const [cancelled, setCancelled] = useState<{ refundFen: number } | null>(null)
  const gone = useRef(false)
  useUnload(() => (gone.current = true))

  const read = async (quiet: boolean) => {
    if (!quiet) setLoad({ status: 'loading' })
    try {
      const detail = await call('reservation', 'detail', { reservationId: id }, { silent: true })
      setLoad({ status: 'ready', detail })
      return detail
    } catch (e) {
      if (quiet && isNetwork(e)) return null
      setLoad(isNetwork(e) ? { status: 'error', message: (e as Error).message } : { status: 'refused', message: (e as Error).message })
      return null
    }
  }

  useDidShow(() => void read(load.status === 'ready'))

  // 退款中: read again (backing off) until the refund is confirmed.
  const watching = load.status === 'ready' && refunding(load.detail.reservation)
  useEffect(() => {
    if (!watching) return
    let stop = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const since = Date.now()
    const again = (delay: number) => {
      timer = setTimeout(async () => {
        if (stop || gone.current) return
        const d = await read(true)
        if (stop || (d && !refunding(d.reservation)) || Date.now() - since > REFUND_PATIENCE_MS) return
        again(Math.min(delay * 2, 5000))
      }, delay)
    }
    again(500)
    return () => {
      stop = true
      clearTimeout(timer)
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [watching])

  const cancel = async (d: Detail) => {
    if (busy) return
    // What cancelling does, stated before the driver confirms.
    const { confirm } = await Taro.showModal({ title: '取消预定', content: d.cancel.text, confirmText: '确认取消', cancelText: '再想想' })
    if (!confirm) return
    setBusy(true)
    setError('')
    try {
      const r = await call('reservation', 'cancel', { reservationId: id }, { silent: true })
      setCancelled({ refundFen: r.refundFen })
      await read(true)
    } catch (e) {
      setError((e as Error).message)
      void read(true)
    } finally {
      setBusy(false)
    }
  }

  if (load.status === 'refused') {
    return (
      <View className='page reservation-detail'>
        <StateView
          kind='refused'
          title='无法查看预定'
          description={load.message}
          testId='detail-refused'
          actions={[{ text: '返回', primary: true, onClick: () => void Taro.navigateBack().catch(() => Taro.redirectTo({ url: '/packages/reservation/pages/mine/index' })) }]}
        />
      </View>
    )
  }
  if (load.status !== 'ready') {
    return <PageState className='page reservation-detail' load={load} cards={2} rows={4} loadingId='detail-loading' errorId='detail-error-load' onRetry={() => void read(false)} />
  }

  const { reservation: r, cancel: terms, terms: lines } = load.detail
  const rows: Array<[string, string, string?]> = [
    ['停车场', r.lotName, 'detail-lot'],
    ['车辆类型', r.kindLabel],
    ['预计到场', formatDateTime(r.arrivalAt), 'detail-arrival'],
    ['入场时段', r.windowText, 'detail-window'],
    ['联系电话', r.phone, 'detail-phone'],
    ...(r.remark ? ([['备注', r.remark, 'detail-remark']] as Array<[string, string, string]>) : []),
    ['预约费', feeText(r), 'detail-fee'],
    ['预定时间', formatDateTime(r.createdAt)],
    ...(r.enteredAt !== null ? ([['入场时间', formatDateTime(r.enteredAt), 'detail-entered']] as Array<[string, string, string]>) : []),
    ['预定编号', r.id, 'detail-id'],
  ]

  return (
    <View className='page reservation-detail'>
      {booked && r.status === 'BOOKED' && !cancelled && (
        <View className='card reservation-detail__banner' data-testid='book-success'>
          <Success size={20} />
          <Text>预定成功，请于 {r.windowText} 入场</Text>
        </View>
      )}
      {cancelled && (
        <View className='card reservation-detail__banner reservation-detail__banner--cancel' data-testid='cancel-result'>
          <Text>
            已取消预定
            {cancelled.refundFen > 0 ? `，预约费 ¥${formatYuan(cancelled.refundFen)} ${r.status === 'REFUNDED' ? '已原路退回' : '将原路退回'}` : ''}
          </Text>
        </View>
      )}
      <View className='card reservation-detail__head'>
        <Text className={`reservation-detail__status reservation-card__status--${statusTone(r)}`} data-testid='detail-status'>
          {r.statusLabel}
        </Text>
        <PlateChip plate={r.plateText} size='large' testId='detail-plate' />
        {r.status === 'AWAITING_PAYMENT' && r.payBy !== null && <Text className='reservation-detail__hint'>请尽快支付，超时未支付车位将被释放</Text>}
        {r.status === 'BOOKED' && <Text className='reservation-detail__hint'>请在入场时段内入场，车位满时预定车辆仍可入场</Text>}
      </View>
      <View className='card reservation-detail__rows'>
        {rows.map(([label, value, testId]) => (
          <View key={label} className='reservation-detail__row'>
            <Text className='reservation-detail__label'>{label}</Text>
            <Text className='reservation-detail__value' data-testid={testId}>
              {value}
            </Text>
          </View>
        ))}
        {r.refundedFen > 0 && (
          <Text className='reservation-detail__refund' data-testid='detail-refund'>
            已退款 ¥{formatYuan(r.refundedFen)}，原路退回至微信支付账户
          </Text>
        )}
      </View>
      {lines.length > 0 && (
        <View className='card'>
          <Text className='card__section'>预定须知</Text>
          {lines.map((t, i) => (
            <Text key={i} className='reservation-detail__term'>
              {i + 1}. {t}
            </Text>
          ))}
        </View>
      )}
      {error && (
        <Text className='reservation-detail__error' data-testid='detail-error'>
          {error}
        </Text>
      )}
      {(r.status === 'AWAITING_PAYMENT' || terms.allowed) && (
        <View className='reservation-bar'>
          {terms.allowed && (
            <Button className='reservation-bar__button' disabled={busy} loading={busy} onClick={() => void cancel(load.detail)} data-testid='detail-cancel'>
              取消预定
            </Button>
          )}
          {r.status === 'AWAITING_PAYMENT' && (
            <Button
              type='primary'
              className='reservation-bar__button'
              disabled={busy}
              onClick={() => void Taro.navigateTo({ url: `/packages/reservation/pages/pay/index?id=${encodeURIComponent(r.id)}` })}
              data-testid='detail-pay'
            >
              去支付
            </Button>
          )}
        </View>
      )}
    </View>
  )
}
