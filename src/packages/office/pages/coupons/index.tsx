// 工作台 → 优惠券: the batches the office issued, newest first, each with its
// benefit, lots, validity and how many were used; 查看券码 lists a batch's
// codes with their states (to copy, print or hand out). 发放优惠券 opens the
// issue form. The server answers a page of batches at a time: 加载更多 (or
// scrolling to the bottom) asks for the next one.
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import { useCallback, useRef, useState } from 'react'
import { Sheet } from '../../../../components/sheet'
import { formatCouponCode } from '../../../../domain/parking/coupon'
import { formatPlate } from '../../../../domain/plate'
import { formatDateTime } from '../../../../domain/time'
import { call, type CallOutput } from '../../../../services/call'
import { Button } from '../../../../ui/nutui'
import { PageState, type Pending } from '../../../../ui/page-state'
import { StateView } from '../../../../ui/state-view'
import { lotNames, useLots } from '../../components/use-lots'
import '../../components/office.scss'

type Batch = CallOutput<'parking', 'couponBatches'>['batches'][number]
type Code = CallOutput<'parking', 'batchCodes'>['codes'][number]
/** The batches shown so far, and the cursor of the page after them (null: all shown). */
type Load = Pending | { status: 'ready'; batches: Batch[]; next: string | null }

/** How many codes the sheet draws; 复制全部 copies every one. */
const SHOWN_CODES = 200

export default function CouponBatches() {
  const { lots } = useLots()
  const [load, setLoad] = useState<Load>({ status: 'loading' })
  const shown = useRef(false)
  const [viewing, setViewing] = useState<{ batch: Batch; codes: Code[] | null } | null>(null)
  const [more, setMore] = useState(false)

  const refresh = useCallback(async () => {
    try {
      const { batches, next } = await call('parking', 'couponBatches', {}, { silent: true })
      setLoad({ status: 'ready', batches, next })
      shown.current = true
    } catch (e) {
      if (shown.current) void Taro.showToast({ title: (e as Error).message, icon: 'none' })
      else setLoad({ status: 'error', message: (e as Error).message })
    }
  }, [])

  useDidShow(() => void refresh())
  usePullDownRefresh(() => void refresh().finally(() => Taro.stopPullDownRefresh()))

  const loadMore = async () => {
    if (load.status !== 'ready' || !load.next || more) return
    setMore(true)
    try {
      const page = await call('parking', 'couponBatches', { cursor: load.next })
      setLoad((l) => {
        if (l.status !== 'ready') return l
        // A batch issued since the first page moves the rest down: one may come twice.
        const seen = new Set(l.batches.map((b) => b.id))
        return { status: 'ready', batches: [...l.batches, ...page.batches.filter((b) => !seen.has(b.id))], next: page.next }
      })
    } catch {
      // shown by call(); 加载更多 stays to try again
    } finally {
      setMore(false)
    }
  }
  useReachBottom(() => void loadMore())

  const issue = () => void Taro.navigateTo({ url: '/packages/office/pages/issue/index' })

  const view = async (batch: Batch) => {
    setViewing({ batch, codes: null })
    try {
      const { codes } = await call('parking', 'batchCodes', { batchId: batch.id })
      setViewing((v) => (v?.batch.id === batch.id ? { batch, codes } : v))
    } catch {
      setViewing(null) // shown by call()
    }
  }

  const copy = (codes: Code[]) => void Taro.setClipboardData({ data: codes.map((c) => formatCouponCode(c.code)).join('\n') })

  if (load.status !== 'ready') {
    return (
      <PageState
        className='page office-coupons'
        load={load}
        cards={3}
        rows={3}
        loadingId='coupons-loading'
        errorId='coupons-error'
        onRetry={() => {
          setLoad({ status: 'loading' })
          void refresh()
        }}
      />
    )
  }

  return (
    <View className='page office-coupons'>
      <View className='card office-row'>
        <Text className='muted' data-testid='coupons-count'>
          {load.next ? `已显示 ${load.batches.length} 个批次` : `共 ${load.batches.length} 个批次`}
        </Text>
        <Button size='small' type='primary' onClick={issue} data-testid='coupons-issue'>
          发放优惠券
        </Button>
      </View>
      {load.batches.length === 0 && <StateView kind='empty' title='暂无优惠券批次' description='点击「发放优惠券」创建第一批优惠券' testId='coupons-empty' />}
      {load.batches.map((b) => (
        <View key={b.id} className='card' data-testid='coupon-batch'>
          <View className='office-row'>
            <Text className='office-title'>{b.name}</Text>
            <Text className='office-tag office-tag--orange'>{b.benefitText}</Text>
          </View>
          <Text className='office-line'>适用停车场：{lotNames(lots, b.lotIds)}</Text>
          {b.plate && <Text className='office-line'>限定车辆：{formatPlate(b.plate)}</Text>}
          <Text className='office-line'>
            有效期：{formatDateTime(b.validFrom)} 至 {formatDateTime(b.validUntil)}
          </Text>
          <View className='office-row office-line'>
            <Text data-testid='coupon-batch-used'>
              已使用 {b.used} / {b.count} 张
            </Text>
            <Text className='muted'>{formatDateTime(b.at)} 发放</Text>
          </View>
          <View className='office-ops'>
            <Button size='small' fill='outline' onClick={() => void view(b)} data-testid='coupon-batch-codes'>
              查看券码
            </Button>
          </View>
        </View>
      ))}
      {load.next && (
        <View className='office-more'>
          <Button size='small' fill='outline' loading={more} disabled={more} onClick={() => void loadMore()} data-testid='coupons-more'>
            加载更多
          </Button>
        </View>
      )}

      {viewing && (
        <Sheet title={`${viewing.batch.name} · 券码`} testId='codes-sheet' className='office-sheet' onClose={() => setViewing(null)}>
          {!viewing.codes && <Text className='office-line muted'>加载中…</Text>}
          {viewing.codes && (
            <>
              <View className='office-row'>
                <Text className='muted'>
                  共 {viewing.codes.length} 张{viewing.codes.length > SHOWN_CODES ? `，显示前 ${SHOWN_CODES} 张` : ''}
                </Text>
                <Button size='small' fill='outline' onClick={() => copy(viewing.codes!)} data-testid='codes-copy'>
                  复制全部
                </Button>
              </View>
              {viewing.codes.slice(0, SHOWN_CODES).map((c) => (
                <View key={c.code} className='office-row office-codes' data-testid='code-row'>
                  <Text>{formatCouponCode(c.code)}</Text>
                  <Text className={`office-tag${c.status === 'ISSUED' && c.statusLabel === '未使用' ? ' office-tag--green' : ''}`}>{c.statusLabel}</Text>
                </View>
              ))}
            </>
          )}
        </Sheet>
      )}
    </View>
  )
}
