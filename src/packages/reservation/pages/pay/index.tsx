// 预约缴费 (seed 001 §2.3 step 3, with 预约缴费 on): the reservation waiting
// for its fee — the lot, the plate, the entry window, 车辆类型 (小型车 /
// 大型车 / 新能源车, each at the lot's price; the server sets the fee by the
// kind chosen here) and the time left to pay, by the server's clock. 微信支付
// → WeChat Pay's sheet (the simulator's on H5) → the reservation is read until
// WeChat Pay's notice has made it 待入场 → 预定成功 with the window. Once the
// time to pay has passed: 已超时, the place is released.
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import { PlateChip } from '../../../../components/plate-chip'
import '../../components/reservation-card.scss'
import { AppError } from '../../../../domain/errors'
import { formatYuan } from '../../../../domain/money'
import type { VehicleKind } from '../../../../domain/parking/fee'
import { call, type CallOutput } from '../../../../services/call'
import { requestPay } from '../../../../services/platform/pay'
import { Success } from '../../../../ui/icons'
import { Button } from '../../../../ui/nutui'
import { PageState, type Pending } from '../../../../ui/page-state'
import { StateView } from '../../../../ui/state-view'
import { useConfirmation } from '../../../../ui/use-confirmation'
import { serverNow, syncServerClock } from '../../clock'
import { countdown, kindOptions } from '../../slots'
import './index.scss'

type Reservation = CallOutput<'reservation', 'detail'>['reservation']
type Lot = CallOutput<'reservation', 'lots'>['lots'][number]

type Load = Pending | { status: 'ready'; reservation: Reservation; lot: Lot | undefined } | { status: 'refused'; message: string }
/** After 微信支付: waiting for WeChat Pay's confirmation, then 预定成功. */
type After = { phase: 'confirming'; slow: boolean } | { phase: 'done'; reservation: Reservation }


const isNetwork = (e: unknown) => !(e instanceof AppError) || e.code === 'NETWORK' || e.code === 'INTERNAL'
const detailUrl = (id: string) => `/packages/reservation/pages/detail/index?id=${encodeURIComponent(id)}`

export default function PayPage() {
  const { id = '' } = useRouter().params
  const [load, setLoad] = useState<Load>({ status: 'loading' })
  const [kind, setKind] = useState<VehicleKind>('small')
  const [now, setNow] = useState(() => serverNow())
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')
  const [expired, setExpired] = useState(false)
  const [after, setAfter] = useState<After | null>(null)
  const paying = useRef(false)

  const read = async (quiet: boolean) => {
    if (!quiet) setLoad({ status: 'loading' })
    try {
      const [{ reservation }, lots] = await Promise.all([
        call('reservation', 'detail', { reservationId: id }, { silent: true }),
        call('reservation', 'lots', {}, { silent: true }),
      ])
      syncServerClock(lots.now)
      setNow(serverNow())
      setLoad({ status: 'ready', reservation, lot: lots.lots.find((l) => l.id === reservation.lotId) })
      if (!quiet) setKind(reservation.kind)
      if (reservation.status === 'BOOKED' && !after) setAfter({ phase: 'done', reservation })
    } catch (e) {
      if (quiet && isNetwork(e)) return
      setLoad(isNetwork(e) ? { status: 'error', message: (e as Error).message } : { status: 'refused', message: (e as Error).message })
    }
  }

  useDidShow(() => {
    if (!after && !paying.current) void read(load.status === 'ready')
  })

  // The time left to pay, each second while it is waiting.
  const waiting = load.status === 'ready' && load.reservation.status === 'AWAITING_PAYMENT' && !after && !expired
  useEffect(() => {
    if (!waiting) return
    const timer = setInterval(() => setNow(serverNow()), 1000)
    return () => clearInterval(timer)
  }, [waiting])
  const payBy = load.status === 'ready' ? load.reservation.payBy : null
  useEffect(() => {
    if (waiting && payBy !== null && now >= payBy && !paying.current) setExpired(true)
  }, [waiting, payBy, now])

  // 支付确认中: read the reservation until the payment has confirmed it (or it moved on otherwise: shown as it stands).
  useConfirmation({
    key: after?.phase === 'confirming' && !after.slow ? id : null,
    read: async () => (await call('reservation', 'detail', { reservationId: id }, { silent: true })).reservation,
    done: (r) => r.status !== 'AWAITING_PAYMENT',
    onDone: (reservation) => {
      if (reservation.status === 'BOOKED' || reservation.status === 'ENTERED') return setAfter({ phase: 'done', reservation })
      setAfter(null)
      setLoad((l) => (l.status === 'ready' ? { ...l, reservation } : l))
    },
    onSlow: () => setAfter({ phase: 'confirming', slow: true }),
  })

  const pay = async () => {
    if (busy || load.status !== 'ready') return
    setBusy(true)
    setError('')
    paying.current = true
    try {
      const r = await call('reservation', 'pay', { reservationId: id, kind }, { silent: true })
      setLoad((l) => (l.status === 'ready' ? { ...l, reservation: r.reservation } : l))
      try {
        await requestPay({ payment: r.payment, outTradeNo: r.orderId, amountFen: r.reservation.feeFen, description: r.description })
      } catch (e) {
        const cancelled = e instanceof AppError && e.code === 'PAY_CANCELLED'
        void Taro.showToast({ title: cancelled ? '已取消支付' : (e as Error).message, icon: 'none' })
        return
      }
      setAfter({ phase: 'confirming', slow: false })
    } catch (e) {
      if (e instanceof AppError && e.code === 'RESERVATION_PAY_EXPIRED') setExpired(true)
      else setError((e as Error).message)
      void read(true)
    } finally {
      paying.current = false
      setBusy(false)
    }
  }

  const rebook = (lotId: string) => void Taro.redirectTo({ url: `/packages/reservation/pages/book/index?lotId=${encodeURIComponent(lotId)}` })

  if (after?.phase === 'confirming') {
    return (
      <View className='page reservation-pay'>
        <View className='result' data-testid='pay-confirming'>
          <View className='result__spinner' />
          <Text className='result__title'>支付确认中</Text>
          <Text className='result__text'>{after.slow ? '微信支付结果确认较慢，请稍后在 我的预定 中查看' : '正在确认微信支付结果，请稍候'}</Text>
          {after.slow && (
            <Button type='primary' className='result__button' onClick={() => setAfter({ phase: 'confirming', slow: false })} data-testid='pay-recheck'>
              刷新
            </Button>
          )}
        </View>
      </View>
    )
  }

  if (after?.phase === 'done') {
    const r = after.reservation
    return (
      <View className='page reservation-pay'>
        <View className='result' data-testid='book-success'>
          <View className='result__icon'>
            <Success size={56} />
          </View>
          <Text className='result__title'>预定成功</Text>
          {r.paidFen > 0 && (
            <Text className='result__amount' data-testid='paid-amount'>
              ¥{formatYuan(r.paidFen)}
            </Text>
          )}
          <Text className='result__text'>
            {r.plateText} · {r.lotName}
          </Text>
          <Text className='result__lead' data-testid='success-window'>
            请于 {r.windowText} 入场
          </Text>
          <Text className='result__text'>车位满时预定车辆仍可入场；预约费在出场缴费时抵扣</Text>
          <Button
            type='primary'
            block
            className='result__button'
            onClick={() => void Taro.redirectTo({ url: '/packages/reservation/pages/mine/index' })}
            data-testid='success-mine'
          >
            查看我的预定
          </Button>
          <Text className='result__link' data-testid='success-done' onClick={() => void Taro.reLaunch({ url: '/pages/home/index' })}>
            返回首页
          </Text>
        </View>
      </View>
    )
  }

  if (load.status === 'refused') {
    return (
      <View className='page reservation-pay'>
        <StateView kind='refused' title='无法支付' description={load.message} testId='pay-refused' />
      </View>
    )
  }
  if (load.status !== 'ready') {
    return <PageState className='page reservation-pay' load={load} cards={2} rows={3} loadingId='pay-loading' errorId='pay-error-load' onRetry={() => void read(false)} />
  }

  const r = load.reservation
  if (expired || r.status === 'CLOSED') {
    return (
      <View className='page reservation-pay'>
        <StateView
          kind='refused'
          title='已超时'
          description='预定未在规定时间内支付，已失效，车位已释放，请重新预定'
          testId='pay-expired'
          actions={[
            { text: '重新预定', primary: true, onClick: () => rebook(r.lotId) },
            { text: '查看详情', onClick: () => void Taro.redirectTo({ url: detailUrl(r.id) }) },
          ]}
        />
      </View>
    )
  }
  if (r.status !== 'AWAITING_PAYMENT') {
    return (
      <View className='page reservation-pay'>
        <StateView
          kind='refused'
          title={`该预定${r.statusLabel}`}
          description='该预定当前无需支付'
          testId='pay-not-due'
          actions={[{ text: '查看详情', primary: true, onClick: () => void Taro.redirectTo({ url: detailUrl(r.id) }) }]}
        />
      </View>
    )
  }

  const options = load.lot?.prepayFen ? kindOptions(load.lot.prepayFen) : []
  const amountFen = load.lot?.prepayFen ? load.lot.prepayFen[kind] : r.feeFen

  return (
    <View className='page reservation-pay'>
      <View className='card reservation-pay__head'>
        <Text className='reservation-pay__lot' data-testid='pay-lot'>
          {r.lotName}
        </Text>
        <PlateChip plate={r.plateText} size='large' testId='pay-plate' />
        <Text className='reservation-pay__window' data-testid='pay-window'>
          入场时段 {r.windowText}
        </Text>
        <View className='reservation-pay__due'>
          <Text className='reservation-pay__label'>预约费</Text>
          <Text className='reservation-pay__amount' data-testid='pay-amount'>
            ¥{formatYuan(amountFen)}
          </Text>
          {r.payBy !== null && (
            <Text className='reservation-pay__left' data-testid='pay-left'>
              请在 {countdown(r.payBy, now)} 内完成支付，超时车位将被释放
            </Text>
          )}
        </View>
      </View>

      {options.length > 0 && (
        <View className='card'>
          <Text className='card__section'>车辆类型</Text>
          <View className='reservation-pay__kinds' data-testid='pay-kinds'>
            {options.map((o) => (
              <View
                key={o.kind}
                className={`reservation-pay__kind${o.kind === kind ? ' reservation-pay__kind--on' : ''}`}
                data-testid={`pay-kind-${o.kind}`}
                onClick={() => {
                  if (busy) return
                  setKind(o.kind)
                  setError('')
                }}
              >
                <Text className='reservation-pay__kind-name'>{o.label}</Text>
                <Text className='reservation-pay__kind-price'>{o.price}</Text>
              </View>
            ))}
          </View>
        </View>
      )}

      <View className='card reservation-pay__rows'>
        <View className='reservation-pay__row'>
          <Text className='reservation-pay__label'>联系电话</Text>
          <Text>{r.phone}</Text>
        </View>
        {r.remark && (
          <View className='reservation-pay__row'>
            <Text className='reservation-pay__label'>备注</Text>
            <Text>{r.remark}</Text>
          </View>
        )}
        <Text className='reservation-pay__note'>预约费在出场缴费时抵扣停车费；入场时段开始前取消可全额退款</Text>
      </View>

      {error && (
        <Text className='reservation-pay__error' data-testid='pay-error'>
          {error}
        </Text>
      )}

      <View className='reservation-bar'>
        <View className='reservation-bar__amount'>
          <Text>合计</Text>
          <Text className='reservation-bar__fen'>¥{formatYuan(amountFen)}</Text>
        </View>
        <Button type='primary' disabled={busy} loading={busy} onClick={() => void pay()} data-testid='pay-submit'>
          微信支付
        </Button>
      </View>
    </View>
  )
}
