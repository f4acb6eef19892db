// 为此卡续费 (seed 000 steps 10–14): the product, the next period, the holder
// with the masked phone, the campus-card photo, the consent, and WeChat Pay.
// The amount shown is the server's quote; the server charges its own price.
// Read again each time the page is shown, so coming back after paying shows
// the application as it is now (审核中, nothing to pay), and a permit whose
// renewal window has not opened says from when it can be renewed.
import { Image, Text, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { AppError } from '../../../../domain/errors'
import { formatYuan } from '../../../../domain/money'
import { STATUS_LABELS } from '../../../../domain/permit/application'
import { formatPeriod } from '../../../../domain/permit/period'
import { formatPlate } from '../../../../domain/plate'
import { call, type CallOutput } from '../../../../services/call'
import { requestPay } from '../../../../services/platform/pay'
import { chooseAndUpload } from '../../../../services/platform/upload'
import { Button } from '../../../../ui/nutui'
import { StateView } from '../../../../ui/state-view'
import { useSessionConsent } from '../../consent'
import './index.scss'

type Quote = CallOutput<'permit', 'quote'>
type Lot = CallOutput<'permit', 'lots'>['lots'][number]

export default function Renew() {
  const { permitId = '', productId = '' } = useRouter().params
  const [quote, setQuote] = useState<Quote | null>(null)
  /** Why there is no quote (e.g. 车证有效期至…，…起可续费). */
  const [refused, setRefused] = useState<AppError | null>(null)
  const [lot, setLot] = useState<Lot | null>(null)
  const [card, setCard] = useState<{ fileId: string; preview: string } | null>(null)
  const [agreed, setAgreed] = useSessionConsent(`${permitId}:${productId}`)
  const [busy, setBusy] = useState(false)

  useDidShow(() => {
    void (async () => {
      try {
        const [q, l] = await Promise.all([call('permit', 'quote', { permitId, productId }, { silent: true }), call('permit', 'lots', {}, { silent: true })])
        setQuote(q)
        setRefused(null)
        // A returning driver's last campus-card photo is offered again (replace it by tapping); one chosen here stays.
        setCard((cur) => cur ?? (q.lastCampusCard ? { fileId: q.lastCampusCard.fileId, preview: q.lastCampusCard.url } : null))
        setLot(l.lots.find((x) => x.products.some((p) => p.id === productId)) ?? null)
      } catch (e) {
        setQuote(null)
        setRefused(e instanceof AppError ? e : new AppError('INTERNAL'))
      }
    })()
  })

  const upload = async () => {
    try {
      const { fileID, localPath } = await chooseAndUpload('campus-cards')
      setCard({ fileId: fileID, preview: localPath })
    } catch (e) {
      if (!(e instanceof AppError && e.code === 'UPLOAD_CANCELLED')) void Taro.showToast({ title: (e as Error).message, icon: 'none' })
    }
  }

  const pay = async () => {
    if (!quote) return
    if (quote.requiresCampusCard && !card) return void Taro.showToast({ title: '请上传校园一卡通照片', icon: 'none' })
    if (!agreed) return void Taro.showToast({ title: '请阅读并同意线上办证知情同意书', icon: 'none' })
    setBusy(true)
    try {
      const order = await call('permit', 'apply', { permitId, productId, campusCardFileId: card?.fileId, consent: true })
      try {
        await requestPay({ payment: order.payment, outTradeNo: order.applicationId, amountFen: order.amountFen, description: order.description })
      } catch (e) {
        const cancelled = e instanceof AppError && e.code === 'PAY_CANCELLED'
        void Taro.showToast({ title: cancelled ? '已取消支付，可在我的车证中继续支付' : (e as Error).message, icon: 'none' })
        return
      }
      void Taro.redirectTo({ url: `/packages/permit/pages/records/index?paid=${order.applicationId}` })
    } catch {
      // shown by call()
    } finally {
      setBusy(false)
    }
  }

  if (refused) {
    return (
      <View className='page permit-renew'>
        <StateView
          kind={refused.code === 'NETWORK' || refused.code === 'INTERNAL' ? 'network' : 'refused'}
          title={refused.code === 'NETWORK' || refused.code === 'INTERNAL' ? '加载失败' : '暂不能续费'}
          description={refused.message}
          testId='renew-refused'
          actions={[{ text: '返回', primary: true, onClick: () => void Taro.navigateBack() }]}
        />
      </View>
    )
  }
  if (!quote) return <View className='page permit-renew'><Text className='permit-renew__loading'>加载中…</Text></View>

  // An application in progress other than an unpaid one (which 支付 pays again) must finish first.
  const current = quote.blockedBy && quote.blockedBy.status !== 'PENDING_PAYMENT' ? quote.blockedBy.status : null

  return (
    <View className='page permit-renew'>
      <View className='card'>
        <Text className='permit-renew__lot'>{lot?.name}</Text>
        <Text className='permit-renew__product'>{quote.productName}</Text>
        <Text className='permit-renew__hint'>本次办理长租产品名</Text>
        <Text className='permit-renew__period' data-testid='renew-period'>{formatPeriod(quote.period)}</Text>
        <Text className='permit-renew__hint'>本次办理长租卡可使用时长</Text>
      </View>
      <View className='card'>
        <Text className='permit-renew__who'>
          {quote.maskedPhone} {quote.holderName}
        </Text>
        <Text className='permit-renew__hint'>{formatPlate(quote.plate)}</Text>
      </View>
      <View className='card'>
        <Text className='permit-renew__section'>附加信息</Text>
        <View className='permit-renew__upload' data-testid='campus-card-upload' onClick={() => void upload()}>
          {card ? <Image className='permit-renew__photo' src={card.preview} mode='aspectFill' /> : <Text className='permit-renew__plus'>＋</Text>}
          <Text className='permit-renew__hint'>{quote.requiresCampusCard ? '校园一卡通（必填）' : '校园一卡通'}</Text>
        </View>
      </View>
      <View className='permit-renew__consent'>
        <Text className={`permit-renew__check${agreed ? ' permit-renew__check--on' : ''}`} data-testid='consent' onClick={() => setAgreed(!agreed)}>
          {agreed ? '✓' : ''}
        </Text>
        <Text onClick={() => setAgreed(!agreed)}>我已阅读并同意</Text>
        <Text
          className='permit-renew__link'
          data-testid='consent-open'
          onClick={() => {
            void Taro.showModal({ title: lot?.consent.title ?? '知情同意书', content: lot?.consent.body ?? '', showCancel: false, confirmText: '我已阅读' }).then(({ confirm }) => {
              if (confirm) setAgreed(true)
            })
          }}
        >
          {lot?.consent.title}
        </Text>
      </View>
      {current ? (
        <View className='permit-renew__current' data-testid='renew-current'>
          <Text className='permit-renew__current-status'>当前申请：{STATUS_LABELS[current]}</Text>
          <Text className='permit-renew__hint'>
            {current === 'REVIEWING' ? '等待停车办公室审核，预计一个工作日' : '该车证审核失败后尚未退款，请先申请退款后再续费'}
          </Text>
          <Button size='small' onClick={() => void Taro.redirectTo({ url: '/packages/permit/pages/records/index' })} data-testid='renew-records'>
            查看我的车证
          </Button>
        </View>
      ) : (
        <View className='permit-renew__bar'>
          <Text className='permit-renew__amount' data-testid='renew-amount'>¥{formatYuan(quote.amountFen)}</Text>
          <Button type='primary' disabled={busy} onClick={() => void pay()} data-testid='renew-pay'>
            支付
          </Button>
        </View>
      )}
    </View>
  )
}
