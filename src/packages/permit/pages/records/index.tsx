// 我的车证: the driver's applications, newest first, with their statuses;
// after a rejection, 申请退款 → 确认退款 → 退款申请已提交 (seed 000 §二).
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import { useCallback, useState } from 'react'
import { formatYuan } from '../../../../domain/money'
import { STATUS_LABELS } from '../../../../domain/permit/application'
import { formatPeriod } from '../../../../domain/permit/period'
import { formatPlate } from '../../../../domain/plate'
import { formatDateTime } from '../../../../domain/time'
import { call, type CallOutput } from '../../../../services/call'
import { Button, Empty } from '../../../../ui/nutui'
import './index.scss'

type Application = CallOutput<'permit', 'mine'>['applications'][number]

export default function Records() {
  const { paid } = useRouter().params
  const [list, setList] = useState<Application[] | null>(null)
  const [failed, setFailed] = useState('')

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
        </View>
      ))}
    </View>
  )
}
