// 我的车证: the driver's applications, newest first, with their statuses;
// 待支付 with until when it can be paid, 继续支付 (the same order again) and
// 取消订单; after a rejection, 申请退款 → 确认退款 → 退款申请已提交 (seed 000 §二).
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import { useCallback, useEffect, useState } from 'react'
import { AppError } from '../../../../domain/errors'
import { formatYuan } from '../../../../domain/money'
import { STATUS_LABELS } from '../../../../domain/permit/application'
import { formatPeriod } from '../../../../domain/permit/period'
import { formatPlate } from '../../../../domain/plate'
import { formatDateTime } from '../../../../domain/time'
import { call, type CallOutput } from '../../../../services/call'
import { requestPay } from '../../../../services/platform/pay'
import { Button, Empty } from '../../../../ui/nutui'
import './index.scss'

type Application = CallOutput<'permit', 'mine'>['applications'][number]

/** How many times a just-paid application is read again while WeChat Pay's notice is on its way. */
const CONFIRM_TRIES = 5

export default function Records() {
  const params = useRouter().params
  /** The application just paid (here or on 续费): shown as 支付成功 while its status catches up. */
  const [paid, setPaid] = useState(params.paid ?? '')
  const [list, setList] = useState<Application[] | null>(null)
  const [failed, setFailed] = useState('')
  const [busy, setBusy] = useState('')
  const [confirmTries, setConfirmTries] = useState(0)

  const load = useCallback(async () => {
    try {
      setList((await call('permit', 'mine', {}, { silent: true })).applications)
      setFailed('')
    } catch (e) {
      setFailed((e as Error).message)
    }
  }, [])

  useDidShow(() => void load())
  usePullDownRefresh(() => void load().finally(() => Taro.stopPullDownRefresh()))

  // Paid, but WeChat Pay's notice may not have reached the server yet: read again a few times.
  const confirming = !!paid && list?.find((a) => a.id === paid)?.status === 'PENDING_PAYMENT'
  useEffect(() => {
    if (!confirming || confirmTries >= CONFIRM_TRIES) return
    const t = setTimeout(() => {
      setConfirmTries((n) => n + 1)
      void load()
    }, 2000)
    return () => clearTimeout(t)
  }, [confirming, confirmTries, load])

  /** 继续支付: the same order again (permit.pay), then WeChat Pay. */
  const payAgain = async (a: Application) => {
    if (busy) return
    setBusy(a.id)
    try {
      const order = await call('permit', 'pay', { id: a.id })
      try {
        await requestPay({ payment: order.payment, outTradeNo: order.applicationId, amountFen: order.amountFen, description: order.description })
        setConfirmTries(0)
        setPaid(a.id)
      } catch (e) {
        const cancelled = e instanceof AppError && e.code === 'PAY_CANCELLED'
        const until = a.payBefore === null ? '' : `，请在 ${formatDateTime(a.payBefore)} 前完成支付`
        void Taro.showToast({ title: cancelled ? `已取消支付${until}` : (e as Error).message, icon: 'none' })
      }
    } catch {
      // shown by call() (e.g. the order has timed out); the list below shows where it is now
    } finally {
      setBusy('')
      await load()
    }
  }

  /** 取消订单: after a confirmation, the order is closed with WeChat Pay and the application is 已取消. */
  const cancel = async (a: Application) => {
    if (busy) return
    const { confirm } = await Taro.showModal({
      title: '取消订单',
      content: '取消后本次续费申请将关闭，如需续费请重新办理。',
      confirmText: '取消订单',
      cancelText: '再想想',
    })
    if (!confirm) return
    setBusy(a.id)
    try {
      await call('permit', 'cancel', { id: a.id })
      void Taro.showToast({ title: '订单已取消', icon: 'success' })
    } catch {
      // shown by call()
    } finally {
      setBusy('')
      await load()
    }
  }

  const refund = async (a: Application) => {
    const { confirm } = await Taro.showModal({
      title: '确认退款',
      content: `将退还 ¥${formatYuan(a.amountFen)} 至原微信支付账户`,
      confirmText: '确认退款',
    })
    if (!confirm) return
    try {
      await call('permit', 'requestRefund', { id: a.id })
      await Taro.showModal({ title: '退款申请已提交', content: '退款将原路退回，到账后会短信通知您', showCancel: false, confirmText: '我知道了' })
      await load()
    } catch {
      // shown by call()
    }
  }

  return (
    <View className='page permit-records'>
      {paid && (
        <View className='permit-records__paid' data-testid='paid-banner'>
          <Text className='permit-records__paid-title'>支付成功</Text>
          <Text className='permit-records__paid-text'>车证状态为审核中，等待停车办公室审核，预计一个工作日</Text>
        </View>
      )}
      {list === null && !failed && <Text className='permit-records__loading'>加载中…</Text>}
      {failed && <Empty status='network' title='加载失败' description={failed} />}
      {list?.length === 0 && <Empty title='暂无办理记录' description='在首页点击 车证续费 开始办理' />}
      {list?.map((a) => (
        <View key={a.id} className='card' data-testid='application-item'>
          <View className='permit-records__head'>
            <Text className='permit-records__plate'>{formatPlate(a.plate)}</Text>
            <Text className={`permit-records__status permit-records__status--${a.status.toLowerCase()}`} data-testid='application-status'>
              {STATUS_LABELS[a.status]}
            </Text>
          </View>
          <Text className='permit-records__line'>{a.productName}</Text>
          <Text className='permit-records__line'>{formatPeriod(a.period)}</Text>
          <Text className='permit-records__line'>
            ¥{formatYuan(a.amountFen)} · {formatDateTime(a.createdAt)}
          </Text>
          {a.status === 'PENDING_PAYMENT' && a.id === paid && confirming && (
            <Text className='permit-records__note' data-testid='pay-confirming'>
              支付结果确认中，请稍后下拉刷新
            </Text>
          )}
          {a.status === 'PENDING_PAYMENT' && !(a.id === paid && confirming) && (
            <>
              {a.payBefore !== null && (
                <Text className='permit-records__note' data-testid='pay-before'>
                  请在 {formatDateTime(a.payBefore)} 前完成支付，超时订单将自动取消
                </Text>
              )}
              <View className='permit-records__ops'>
                <Button size='small' fill='outline' disabled={!!busy} onClick={() => void cancel(a)} data-testid='application-cancel'>
                  取消订单
                </Button>
                <Button type='primary' size='small' disabled={!!busy} onClick={() => void payAgain(a)} data-testid='application-pay'>
                  继续支付
                </Button>
              </View>
            </>
          )}
          {a.status === 'REVIEWING' && <Text className='permit-records__note'>等待停车办公室审核，预计一个工作日</Text>}
          {a.status === 'REJECTED' && (
            <>
              <Text className='permit-records__reason' data-testid='reject-reason'>
                审核失败：{a.rejectReason}
              </Text>
              <Text className='permit-records__note'>如需重新续费，请先申请退款</Text>
              <Button type='primary' size='small' onClick={() => void refund(a)} data-testid='request-refund'>
                申请退款
              </Button>
            </>
          )}
          {a.status === 'REFUNDING' && <Text className='permit-records__note'>退款处理中，到账后会短信通知您</Text>}
          {a.status === 'REFUNDED' && a.refundedAt !== null && (
            <Text className='permit-records__line' data-testid='refunded-at'>
              退款时间 {formatDateTime(a.refundedAt)}
            </Text>
          )}
        </View>
      ))}
    </View>
  )
}
