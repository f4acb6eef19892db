// The visitor's view of a shared pass (seed 001 §3.2 step 3), opened from the
// host's share card or link, with no login: the token in the link admits.
// While the pass works: the QR (the same `visitor:<token>` the link carries),
// the code large, the window, who invited them, the address and who pays
// parking. A forged, changed, cancelled or expired pass shows only the
// server's notice (已取消 / 已修改 / 已过期 / 无效的访客凭证).
import { Text, View } from '@tarojs/components'
import { useDidShow, useRouter } from '@tarojs/taro'
import { useState } from 'react'
// First: the card's plate chip and icons, in the order the other pages load them (one CSS order for the common chunk).
import { statusTone } from '../../components/pass-card'
import { call, type CallOutput } from '../../../../services/call'
import { PageState, type Pending } from '../../../../ui/page-state'
import { StateView } from '../../../../ui/state-view'
import { QrImage } from '../../components/qr-image'
import '../../components/visitor.scss'
import './index.scss'

type ViewAnswer = CallOutput<'visitor', 'view'>
type Load = Pending | { status: 'ready'; view: ViewAnswer }

const INVALID = '无效的访客凭证，请向被访人索取新的凭证'

/** The token as the link carries it (a mangled escape reads as no token). */
function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return ''
  }
}

export default function VisitorViewPage() {
  const token = safeDecode(useRouter().params.token ?? '')
  const [load, setLoad] = useState<Load>({ status: 'loading' })

  const read = async () => {
    if (!/^(visitor:)?[A-Za-z0-9_.-]+$/.test(token) || token.length > 420) return setLoad({ status: 'ready', view: { notice: INVALID, pass: null } })
    try {
      setLoad({ status: 'ready', view: await call('visitor', 'view', { token }, { silent: true }) })
    } catch (e) {
      setLoad({ status: 'error', message: (e as Error).message })
    }
  }
  useDidShow(() => void read())

  if (load.status !== 'ready') {
    return <PageState className='page visitor-view' load={load} cards={1} rows={5} loadingId='view-loading' errorId='view-error' onRetry={() => void read()} />
  }
  const { notice, pass } = load.view
  if (notice || !pass) {
    return (
      <View className='page visitor-view'>
        <StateView kind='refused' title='凭证已失效' description={notice ?? INVALID} testId='view-notice' />
      </View>
    )
  }
  const qr = token.startsWith('visitor:') ? token : `visitor:${token}`
  const rows: Array<[string, string, string]> = [
    ['来访时间', pass.windowText, 'view-window'],
    ['被访人', pass.hostName, 'view-host'],
    ['来访地址', pass.address, 'view-address'],
    ['停车费用', pass.parkingPayerLabel.replace(/^访客停车：/, ''), 'view-payer'],
  ]
  return (
    <View className='page visitor-view'>
      <View className='visitor-view__head'>
        <Text className='visitor-view__title' data-testid='view-title'>
          {pass.name}，您好
        </Text>
        <Text className='visitor-view__text'>{pass.hostName}邀请您来访，到达门岗时请出示二维码或验证码</Text>
      </View>
      <View className='card visitor-pass' data-testid='view-pass'>
        <Text className={`visitor-status visitor-status--${statusTone(pass.status)}`} data-testid='view-status'>
          {pass.statusLabel}
        </Text>
        <QrImage text={qr} size={200} testId='view-qr' />
        <Text className='visitor-pass__code-label'>验证码</Text>
        <Text className='visitor-pass__code' data-testid='view-code'>
          {pass.code}
        </Text>
      </View>
      <View className='card form-rows'>
        {rows.map(([label, value, testId]) => (
          <View key={label} className='form-rows__row'>
            <Text className='form-rows__label'>{label}</Text>
            <Text className='form-rows__value' data-testid={testId}>
              {value}
            </Text>
          </View>
        ))}
      </View>
      <Text className='form-note'>请在来访时间内到达。驾车来访的车辆在来访时间内可直接通过入口道闸。</Text>
    </View>
  )
}
