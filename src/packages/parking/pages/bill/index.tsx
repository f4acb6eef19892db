// The bill of a stay (seed 001 §2.2 steps 8–10, 13–15; §2.4 steps 2–3): the
// lot, the plate, 入场时间, 停车时长, what is due and how it was reached,
// 收费规则 (the version in force at entry), 使用优惠券 (scan or type a code;
// the server checks it and says why not), 支付 → WeChat Pay → 支付成功 with
// the time by which the car must leave → 完成. A coupon that covers the whole
// amount: 确认, no WeChat Pay. Nothing due before any coupon (free minutes, a
// permit, paid and within the grace period): nothing to pay, and no coupon
// is offered (the server refuses NOTHING_DUE: a coupon is never spent on ¥0).
// Opened from an exit lane's QR (laneId, and the scanned code), paying also
// opens that lane; with nothing to pay, 开闸出场 asks the server to open it (a
// car the exit cannot let out by its plate). A car that left owing shows
// 已离场待补缴, billed at its exit; the entry time shows only when the server
// sends it (this account may see where the car is).
//
// Every figure is the server's bill: the page shows it and never computes a
// fee. A paid order is confirmed by WeChat Pay's notice reaching the server,
// which may come a moment after the pay sheet closes, so the page reads the
// order until it is paid (支付确认中) instead of assuming.
import { Input, Text, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { useRef, useState } from 'react'
// Before the ui imports: their stylesheets keep one order in every page (mini-css-extract-plugin).
import { leaveByText, StayPlate } from '../../components/stay-card'
import { Sheet } from '../../../../components/sheet'
import { AppError } from '../../../../domain/errors'
import { formatYuan } from '../../../../domain/money'
import { formatStay } from '../../../../domain/parking/fee'
import { formatDateTime, shanghai } from '../../../../domain/time'
import { call, type CallOutput } from '../../../../services/call'
import { requestPay } from '../../../../services/platform/pay'
import { scanCode } from '../../../../services/platform/scan'
import { Coupon, Success } from '../../../../ui/icons'
import { Button } from '../../../../ui/nutui'
import { PageState, type Pending } from '../../../../ui/page-state'
import { StateView } from '../../../../ui/state-view'
import { useConfirmation } from '../../../../ui/use-confirmation'
import './index.scss'

type Bill = CallOutput<'parking', 'bill'>['bill']
type Order = CallOutput<'parking', 'order'>['order']

type Load = Pending | { status: 'ready'; bill: Bill } | { status: 'refused'; message: string }

/** After 支付: waiting for WeChat Pay's confirmation, then 支付成功 (or the order closed unpaid). */
type After = { phase: 'confirming'; order: Order; slow: boolean } | { phase: 'done'; order: Order } | { phase: 'closed'; order: Order }


const isNetwork = (e: unknown) => !(e instanceof AppError) || e.code === 'NETWORK' || e.code === 'INTERNAL'

/** A step's amount: 减免 and 已缴 are negative. */
const signedYuan = (fen: number) => `${fen < 0 ? '-' : ''}¥${formatYuan(Math.abs(fen))}`

export default function BillPage() {
  const { stayId = '', laneId = '', code = '' } = useRouter().params
  const [load, setLoad] = useState<Load>({ status: 'loading' })
  /** The coupon applied to the bill shown (the server accepted it). */
  const [coupon, setCoupon] = useState<string | null>(null)
  const [sheet, setSheet] = useState(false)
  const [draft, setDraft] = useState('')
  const [couponError, setCouponError] = useState('')
  const [checking, setChecking] = useState(false)
  const [rulesOpen, setRulesOpen] = useState(false)
  const [busy, setBusy] = useState(false)
  const [after, setAfter] = useState<After | null>(null)
  const [opened, setOpened] = useState(false)
  const couponRef = useRef<string | null>(null)
  couponRef.current = coupon

  /** Reads the bill now (with the coupon applied); quiet keeps what is shown while it reads. */
  const refresh = async (quiet: boolean) => {
    if (!quiet) setLoad({ status: 'loading' })
    const code = couponRef.current
    try {
      const { bill } = await call('parking', 'bill', { stayId, ...(code ? { couponCode: code } : {}) }, { silent: true })
      setLoad({ status: 'ready', bill })
    } catch (e) {
      if (code && e instanceof AppError && e.code.startsWith('COUPON_')) {
        // The coupon no longer applies (used, expired…): say why and bill without it.
        void Taro.showToast({ title: e.message, icon: 'none', duration: 2500 })
        setCoupon(null)
        couponRef.current = null
        return refresh(quiet)
      }
      if (quiet && isNetwork(e)) return // keep the bill shown
      setLoad(isNetwork(e) ? { status: 'error', message: (e as Error).message } : { status: 'refused', message: (e as Error).message })
    }
  }

  // Read each time the page is shown: the bill is of now (minutes go on).
  useDidShow(() => {
    if (!after) void refresh(load.status === 'ready')
  })

  // 支付确认中: read the order until WeChat Pay's notice has made it paid (or it closed).
  useConfirmation({
    key: after?.phase === 'confirming' && !after.slow ? after.order.orderId : null,
    read: async () => (await call('parking', 'order', { orderId: (after as { order: { orderId: string } }).order.orderId }, { silent: true })).order,
    done: (order) => order.status === 'PAID' || order.status === 'REFUNDED' || order.status === 'CLOSED',
    onDone: (order) => setAfter(order.status === 'CLOSED' ? { phase: 'closed', order } : { phase: 'done', order }),
    onSlow: () => setAfter((a) => (a?.phase === 'confirming' ? { ...a, slow: true } : a)),
  })

  const applyCoupon = async (input: string) => {
    if (checking) return
    setChecking(true)
    setCouponError('')
    try {
      const { bill } = await call('parking', 'bill', { stayId, couponCode: input }, { silent: true })
      setLoad({ status: 'ready', bill })
      setCoupon(bill.coupon?.code ?? null)
      setSheet(false)
      setDraft('')
      void Taro.showToast({ title: '优惠券已使用', icon: 'success' })
    } catch (e) {
      setCouponError((e as Error).message) // the server's reason, in the sheet
    } finally {
      setChecking(false)
    }
  }

  const scanCoupon = async () => {
    try {
      const code = await scanCode('请输入优惠券码')
      setDraft(code)
      await applyCoupon(code)
    } catch (e) {
      if (!(e instanceof AppError && e.code === 'SCAN_CANCELLED')) setCouponError((e as Error).message)
    }
  }

  const removeCoupon = () => {
    setCoupon(null)
    couponRef.current = null
    void refresh(true)
  }

  const pay = async () => {
    if (busy || load.status !== 'ready') return
    setBusy(true)
    try {
      const r = await call('parking', 'pay', { stayId, ...(coupon ? { couponCode: coupon } : {}), ...(laneId ? { laneId } : {}) })
      if (r.payment) {
        try {
          await requestPay({ payment: r.payment, outTradeNo: r.orderId, amountFen: r.amountFen, description: r.description })
        } catch (e) {
          // The bill stays as it is; 支付 again gives this unpaid order up for a new one.
          const cancelled = e instanceof AppError && e.code === 'PAY_CANCELLED'
          void Taro.showToast({ title: cancelled ? '已取消支付' : (e as Error).message, icon: 'none' })
          return
        }
      }
      setAfter(r.order.status === 'PAID' ? { phase: 'done', order: r.order } : { phase: 'confirming', order: r.order, slow: false })
    } catch {
      // call() has shown the server's reason; the bill is read again as it is now
      await refresh(true)
    } finally {
      setBusy(false)
    }
  }

  const finish = () => void Taro.reLaunch({ url: '/pages/home/index' })

  /** 开闸出场: nothing to pay, the exit opens for this stay (the server checks the car is at that lane). */
  const leave = async () => {
    if (busy) return
    setBusy(true)
    try {
      await call('parking', 'exit', { code: decodeURIComponent(code), stayId })
      setOpened(true)
    } catch {
      // call() has shown the server's reason (not at the lane, money due…); the bill is read again
      await refresh(true)
    } finally {
      setBusy(false)
    }
  }

  if (opened) {
    return (
      <View className='page parking-bill'>
        <View className='result' data-testid='exit-opened'>
          <View className='result__icon'>
            <Success size={56} />
          </View>
          <Text className='result__title'>道闸已开启</Text>
          <Text className='result__lead'>请尽快出场，一路顺风</Text>
          <Button type='primary' block className='result__button' onClick={finish} data-testid='exit-done'>
            完成
          </Button>
        </View>
      </View>
    )
  }

  if (after?.phase === 'confirming') {
    return (
      <View className='page parking-bill'>
        <View className='result' data-testid='pay-confirming'>
          <View className='result__spinner' />
          <Text className='result__title'>支付确认中</Text>
          <Text className='result__text'>
            {after.slow ? '微信支付结果确认较慢，请稍后在 我的交易记录 中查看' : '正在确认微信支付结果，请稍候'}
          </Text>
          {after.slow && (
            <Button type='primary' className='result__button' onClick={() => setAfter({ ...after, slow: false })} data-testid='pay-recheck'>
              刷新
            </Button>
          )}
        </View>
      </View>
    )
  }

  if (after?.phase === 'done') {
    const { order } = after
    return (
      <View className='page parking-bill'>
        <View className='result' data-testid='pay-success'>
          <View className='result__icon'>
            <Success size={56} />
          </View>
          <Text className='result__title'>{order.amountFen > 0 ? '支付成功' : '缴费完成'}</Text>
          <Text className='result__amount' data-testid='paid-amount'>
            ¥{formatYuan(order.amountFen)}
          </Text>
          <Text className='result__text'>
            {order.plateText} · {order.lotName}
          </Text>
          {laneId ? (
            <Text className='result__lead' data-testid='lane-opened'>
              道闸已开启，请尽快出场
            </Text>
          ) : (
            order.leaveBy !== null && (
              <Text className='result__lead' data-testid='leave-by'>
                {leaveByText(order.leaveBy)}
              </Text>
            )
          )}
          {order.leaveBy !== null && <Text className='result__text'>超时离场须补缴超出部分的停车费</Text>}
          <Button type='primary' block className='result__button' onClick={finish} data-testid='pay-done'>
            完成
          </Button>
        </View>
      </View>
    )
  }

  if (after?.phase === 'closed') {
    return (
      <View className='page parking-bill'>
        <StateView
          kind='refused'
          title='订单已关闭'
          description='本次支付未完成，订单已关闭，请重新缴费'
          testId='pay-closed'
          actions={[
            {
              text: '重新缴费',
              primary: true,
              onClick: () => {
                setAfter(null)
                void refresh(false)
              },
            },
          ]}
        />
      </View>
    )
  }

  if (load.status === 'refused') {
    return (
      <View className='page parking-bill'>
        <StateView
          kind='refused'
          title='无法获取账单'
          description={load.message}
          testId='bill-refused'
          actions={[{ text: '返回', primary: true, onClick: () => void Taro.navigateBack().catch(finish) }]}
        />
      </View>
    )
  }

  if (load.status !== 'ready') {
    return (
      <PageState
        className='page parking-bill'
        load={load}
        cards={3}
        rows={3}
        loadingId='bill-loading'
        errorId='bill-error'
        onRetry={() => void refresh(false)}
      />
    )
  }

  const { bill } = load
  const { stay } = bill
  /** Nothing due before the coupon: nothing to pay or to apply a coupon to. */
  const nothingDue = bill.amountFen + bill.couponFen === 0
  const paidUp = nothingDue && stay.leaveBy !== null

  return (
    <View className='page parking-bill'>
      <View className='card parking-bill__head'>
        <View className='parking-bill__title'>
          <Text className='parking-bill__lot' data-testid='bill-lot'>
            {stay.lotName}
          </Text>
          <Text className='parking-bill__kind'>{bill.kindLabel}</Text>
        </View>
        <StayPlate stay={stay} size='large' />
        <View className='parking-bill__rows'>
          {stay.entryAt !== null && (
            <View className='parking-bill__row'>
              <Text className='parking-bill__label'>入场时间</Text>
              <Text data-testid='bill-entry'>{formatDateTime(stay.entryAt)}</Text>
            </View>
          )}
          <View className='parking-bill__row'>
            <Text className='parking-bill__label'>停车时长</Text>
            <Text data-testid='bill-duration'>{formatStay(stay.minutes)}</Text>
          </View>
          {stay.space && (
            <View className='parking-bill__row'>
              <Text className='parking-bill__label'>车位</Text>
              <Text>{stay.space}</Text>
            </View>
          )}
        </View>
        <View className='parking-bill__due'>
          <Text className='parking-bill__label' data-testid={stay.left ? 'bill-left' : undefined}>
            {paidUp ? '已缴清' : stay.left ? '已离场待补缴' : '应缴金额'}
          </Text>
          <Text className='parking-bill__amount' data-testid='bill-amount'>
            ¥{formatYuan(bill.amountFen)}
          </Text>
          {nothingDue && (
            <Text className='parking-bill__paid' data-testid='bill-nothing-due'>
              {paidUp && stay.leaveBy !== null ? `已缴费，${leaveByText(stay.leaveBy)}` : '当前无需缴费'}
            </Text>
          )}
        </View>
        {bill.steps.length > 0 && (
          <View className='parking-bill__steps' data-testid='bill-steps'>
            {bill.steps.map((s, i) => (
              <View key={i} className='parking-bill__step'>
                <Text className='parking-bill__step-text'>{s.text}</Text>
                <Text className={s.fen < 0 ? 'parking-bill__step-off' : ''}>{signedYuan(s.fen)}</Text>
              </View>
            ))}
          </View>
        )}
      </View>

      {!nothingDue && (
        <View className='card parking-bill__coupon' data-testid='bill-coupon'>
          {bill.coupon ? (
            <>
              <View className='parking-bill__coupon-info'>
                <Coupon size={16} />
                <Text className='parking-bill__coupon-text' data-testid='coupon-applied'>
                  {bill.coupon.text}
                </Text>
                <Text className='parking-bill__coupon-code'>{bill.coupon.code}</Text>
              </View>
              <View className='parking-bill__coupon-side'>
                {bill.couponFen > 0 && <Text className='parking-bill__step-off'>-¥{formatYuan(bill.couponFen)}</Text>}
                <Text className='parking-bill__link' data-testid='coupon-remove' onClick={removeCoupon}>
                  移除
                </Text>
              </View>
            </>
          ) : (
            <View
              className='parking-bill__coupon-open'
              data-testid='coupon-open'
              onClick={() => {
                setCouponError('')
                setSheet(true)
              }}
            >
              <View className='parking-bill__coupon-info'>
                <Coupon size={16} />
                <Text>使用优惠券</Text>
              </View>
              <Text className='parking-bill__hint'>扫码或输入券码 ›</Text>
            </View>
          )}
        </View>
      )}

      <View className='card'>
        <View className='parking-bill__rules-head' data-testid='rules-toggle' onClick={() => setRulesOpen(!rulesOpen)}>
          <Text className='parking-bill__rules-title'>收费规则</Text>
          <Text className='parking-bill__hint'>{rulesOpen ? '收起' : '查看'}</Text>
        </View>
        {rulesOpen && (
          <View className='parking-bill__rules' data-testid='rules'>
            {bill.rule.map((line, i) => (
              <Text key={i} className='parking-bill__rule'>
                {i + 1}. {line}
              </Text>
            ))}
            <Text className='parking-bill__rule-from' data-testid='rule-from'>
              按入场时执行的收费规则（{shanghai(bill.ruleFrom).format('YYYY-MM-DD')} 起）
            </Text>
          </View>
        )}
      </View>

      {nothingDue && code && (
        <View className='parking-bill__bar'>
          <View className='parking-bill__bar-amount'>
            <Text className='parking-bill__label'>无需缴费</Text>
          </View>
          <Button type='primary' disabled={busy} loading={busy} onClick={() => void leave()} data-testid='bill-exit'>
            开闸出场
          </Button>
        </View>
      )}

      {!nothingDue && (
        <View className='parking-bill__bar'>
          <View className='parking-bill__bar-amount'>
            <Text className='parking-bill__label'>合计</Text>
            <Text className='parking-bill__bar-fen'>¥{formatYuan(bill.amountFen)}</Text>
          </View>
          <Button type='primary' disabled={busy} loading={busy} onClick={() => void pay()} data-testid='bill-pay'>
            {bill.amountFen > 0 ? '支付' : '确认'}
          </Button>
        </View>
      )}

      {sheet && (
        <Sheet title='使用优惠券' testId='coupon-sheet' onClose={() => setSheet(false)}>
          <View className='parking-bill__coupon-form'>
            <Input
              className='sheet__input parking-bill__coupon-input'
              data-testid='coupon-input'
              placeholder='请输入优惠券码'
              maxlength={40}
              value={draft}
              onInput={(e) => {
                setDraft(e.detail.value)
                setCouponError('')
              }}
            />
            <Text className='parking-bill__scan' data-testid='coupon-scan' onClick={() => void scanCoupon()}>
              扫码
            </Text>
          </View>
          {couponError && (
            <Text className='parking-bill__coupon-error' data-testid='coupon-error'>
              {couponError}
            </Text>
          )}
          <Text className='parking-bill__hint parking-bill__coupon-note'>每张优惠券只能使用一次，支付成功后核销</Text>
          <Button type='primary' block disabled={checking || !draft.trim()} onClick={() => void applyCoupon(draft)} data-testid='coupon-apply'>
            使用
          </Button>
        </Sheet>
      )}
    </View>
  )
}
