// 为此卡续费 (seed 000 steps 10–14): the product, the next period, the holder
// with the masked phone, the campus-card photo, the consent, and WeChat Pay.
// The amount shown is the server's quote; the server charges its own price.
import { Image, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { AppError } from '../../../../domain/errors'
import { formatYuan } from '../../../../domain/money'
import { formatPeriod } from '../../../../domain/permit/period'
import { formatPlate } from '../../../../domain/plate'
import { call, type CallOutput } from '../../../../services/call'
import { requestPay } from '../../../../services/platform/pay'
import { chooseAndUpload } from '../../../../services/platform/upload'
import { Button } from '../../../../ui/nutui'
import './index.scss'

type Quote = CallOutput<'permit', 'quote'>
type Lot = CallOutput<'permit', 'lots'>['lots'][number]

export default function Renew() {
  const { permitId = '', productId = '' } = useRouter().params
  const [quote, setQuote] = useState<Quote | null>(null)
  const [lot, setLot] = useState<Lot | null>(null)
  const [card, setCard] = useState<{ fileId: string; preview: string } | null>(null)
  const [agreed, setAgreed] = useState(false)
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    void (async () => {
      try {
        const [q, l] = await Promise.all([call('permit', 'quote', { permitId, productId }), call('permit', 'lots', {}, { silent: true })])
        setQuote(q)
        // A returning driver's last campus-card photo is offered again (replace it by tapping).
        if (q.lastCampusCard) setCard({ fileId: q.lastCampusCard.fileId, preview: q.lastCampusCard.url })
        setLot(l.lots.find((x) => x.products.some((p) => p.id === productId)) ?? null)
      } catch {
        // shown by call()
      }
    })()
  }, [permitId, productId])

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
      await requestPay({ payment: order.payment, outTradeNo: order.applicationId, amountFen: order.amountFen, description: order.description })
      void Taro.redirectTo({ url: `/packages/permit/pages/records/index?paid=${order.applicationId}` })
    } catch (e) {
      if (e instanceof AppError && e.code === 'PAY_CANCELLED') void Taro.showToast({ title: '已取消支付，可在我的车证中继续支付', icon: 'none' })
    } finally {
      setBusy(false)
    }
  }

  if (!quote) return <View className='page permit-renew'><Text className='permit-renew__loading'>加载中…</Text></View>

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
          onClick={() => {
            void Taro.showModal({ title: lot?.consent.title ?? '知情同意书', content: lot?.consent.body ?? '', showCancel: false, confirmText: '我已阅读' })
          }}
        >
          {lot?.consent.title}
        </Text>
      </View>
      <View className='permit-renew__bar'>
        <Text className='permit-renew__amount' data-testid='renew-amount'>¥{formatYuan(quote.amountFen)}</Text>
        <Button type='primary' disabled={busy} onClick={() => void pay()} data-testid='renew-pay'>
          支付
        </Button>
      </View>
    </View>
  )
}
