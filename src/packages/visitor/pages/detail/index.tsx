// The pass (seed 001 §3.2 step 3), the host's own: while it works, the QR of
// `visitor:<token>` (分享's signed token, never the pass id) and the 6-digit
// code large; the window, visitor, host, campus address and who pays parking.
// 分享: on weapp a share card to a WeChat friend (onShareAppMessage → the
// visitor view with the token), on H5 the link to copy; 生成海报: the QR, code
// and window as one image to long-press and save or forward (poster.ts);
// 短信通知访客: the code by SMS to the visitor (counted against the SMS
// limits). 修改预约 and 取消预约 (after a confirm) as the pass allows. Opened
// from the subscribe message (访客到访提醒) it shows 已到访.
import { Button as TaroButton, Canvas, Image, Text, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter, useShareAppMessage } from '@tarojs/taro'
import { useState } from 'react'
import { PlateChip } from '../../../../components/plate-chip'
import { Sheet } from '../../../../components/sheet'
import { AppError } from '../../../../domain/errors'
import { formatDateTime } from '../../../../domain/time'
import { call, type CallOutput } from '../../../../services/call'
import { Success } from '../../../../ui/icons'
import { Button } from '../../../../ui/nutui'
import { PageState, type Pending } from '../../../../ui/page-state'
import { StateView } from '../../../../ui/state-view'
import { statusTone } from '../../components/pass-card'
import { QrImage } from '../../components/qr-image'
import '../../components/visitor.scss'
import { makePoster, POSTER } from '../../poster'
import './index.scss'

type Detail = CallOutput<'visitor', 'detail'>
type Shared = CallOutput<'visitor', 'share'>
type Load = Pending | { status: 'ready'; detail: Detail; shared: Shared | null; shareError: string } | { status: 'refused'; message: string }

const WEAPP = process.env.TARO_ENV === 'weapp'
const LIST_URL = '/packages/visitor/pages/index/index'
const isNetwork = (e: unknown) => !(e instanceof AppError) || e.code === 'NETWORK' || e.code === 'INTERNAL'

/** The visitor view's address on H5 (this app's origin, hash router). */
const h5Link = (path: string) => `${window.location.origin}${window.location.pathname}#/${path}`

export default function PassDetailPage() {
  const { id = '', created = '', modified = '' } = useRouter().params
  const [load, setLoad] = useState<Load>({ status: 'loading' })
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')
  const [poster, setPoster] = useState<string | null>(null)
  const [posterOpen, setPosterOpen] = useState(false)
  const [linkOpen, setLinkOpen] = useState(false)

  const read = async (quiet = false) => {
    if (!quiet) setLoad({ status: 'loading' })
    try {
      const detail = await call('visitor', 'detail', { passId: id }, { silent: true })
      // The signed token of a pass that still works (分享 refuses the others).
      // (A deactivated host may not share: the code still works and is shown, with the reason.)
      let shared: Shared | null = null
      let shareError = ''
      if (detail.pass.mayShare)
        shared = await call('visitor', 'share', { passId: id }, { silent: true }).catch((e: Error) => {
          shareError = e.message
          return null
        })
      setLoad({ status: 'ready', detail, shared, shareError })
      setPoster(null)
    } catch (e) {
      if (quiet && isNetwork(e)) return void Taro.showToast({ title: (e as Error).message, icon: 'none' })
      setLoad(isNetwork(e) ? { status: 'error', message: (e as Error).message } : { status: 'refused', message: (e as Error).message })
    }
  }
  useDidShow(() => void read(load.status === 'ready'))

  // weapp: the share card opens the visitor view with the token, no login needed.
  useShareAppMessage(() => {
    const shared = load.status === 'ready' ? load.shared : null
    if (!shared) return { title: '访客预约', path: LIST_URL }
    return { title: `${shared.hostName}邀请您来访：${shared.windowText}`, path: `/${shared.path}` }
  })

  const cancel = async (d: Detail) => {
    if (busy) return
    const { confirm } = await Taro.showModal({
      title: '取消预约',
      content: `确定取消 ${d.pass.name} ${d.pass.windowText} 的来访预约吗？取消后访客的二维码和验证码将失效。`,
      confirmText: '取消预约',
      cancelText: '再想想',
    })
    if (!confirm) return
    setBusy(true)
    setError('')
    try {
      await call('visitor', 'cancel', { passId: id }, { silent: true })
      void Taro.showToast({ title: '已取消预约', icon: 'none' })
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setBusy(false)
      void read(true)
    }
  }

  const sms = async (d: Detail) => {
    if (busy) return
    const { confirm } = await Taro.showModal({ title: '短信通知访客', content: `将验证码和来访时间以短信发送至 ${d.pass.phone}`, confirmText: '发送', cancelText: '取消' })
    if (!confirm) return
    setBusy(true)
    setError('')
    try {
      const r = await call('visitor', 'share', { passId: id, sms: true }, { silent: true })
      void Taro.showToast({ title: r.smsSent ? '短信已发送' : '短信发送失败', icon: 'none' })
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setBusy(false)
    }
  }

  const openPoster = async (shared: Shared) => {
    setPosterOpen(true)
    if (poster) return
    try {
      setPoster(await makePoster(shared))
    } catch (e) {
      setPosterOpen(false)
      void Taro.showToast({ title: (e as Error).message || '无法生成海报', icon: 'none' })
    }
  }

  const copyLink = (shared: Shared) => {
    void Taro.setClipboardData({ data: h5Link(shared.path) }).then(() => Taro.showToast({ title: '链接已复制', icon: 'none' }))
  }

  if (load.status === 'refused') {
    return (
      <View className='page visitor-detail'>
        <StateView
          kind='refused'
          title='无法查看预约'
          description={load.message}
          testId='detail-refused'
          actions={[{ text: '返回', primary: true, onClick: () => void Taro.navigateBack().catch(() => Taro.redirectTo({ url: LIST_URL })) }]}
        />
      </View>
    )
  }
  if (load.status !== 'ready') {
    return <PageState className='page visitor-detail' load={load} cards={2} rows={4} loadingId='detail-loading' errorId='detail-error-load' onRetry={() => void read()} />
  }

  const { detail, shared } = load
  const p = detail.pass
  const rows: Array<[string, string, string?]> = [
    ['访客姓名', p.name, 'detail-name'],
    ['手机号', p.phone, 'detail-phone'],
    ['来访事由', p.purpose],
    ['人数', `${p.visitors} 人`, 'detail-visitors'],
    ['被访人', detail.hostName, 'detail-host'],
    ['来访地址', detail.address, 'detail-address'],
    ['停车费用', p.parkingPayerLabel.replace(/^访客停车：/, ''), 'detail-payer'],
    ...(detail.parking ? ([['访客停车', detail.parking.text, 'detail-parking']] as Array<[string, string, string]>) : []),
    ['预约时间', formatDateTime(p.createdAt)],
    ...(p.arrivedAt !== null ? ([['到访时间', formatDateTime(p.arrivedAt), 'detail-arrived']] as Array<[string, string, string]>) : []),
  ]

  return (
    <View className='page visitor-detail'>
      {(created || modified) && p.status === 'BOOKED' && (
        <View className='card visitor-detail__banner' data-testid='detail-banner'>
          <Success size={20} />
          <Text>{modified ? '预约已修改，请将新的凭证分享给访客，原二维码和验证码已失效' : '预约成功，请将凭证分享给访客'}</Text>
        </View>
      )}
      <View className='card visitor-pass'>
        <Text className={`visitor-detail__status visitor-status--${statusTone(p.status)}`} data-testid='detail-status'>
          {p.statusLabel}
        </Text>
        <Text className='visitor-detail__window' data-testid='detail-window'>
          {p.windowText}
        </Text>
        {p.code ? (
          <>
            {shared ? (
              <QrImage text={shared.qr} size={180} />
            ) : (
              <Text className='visitor-pass__hint' data-testid='detail-share-error'>
                {load.shareError || '暂时无法显示二维码'}，已发出的二维码和验证码仍然有效
              </Text>
            )}
            <Text className='visitor-pass__code-label'>验证码</Text>
            <Text className='visitor-pass__code' data-testid='detail-code'>
              {p.code}
            </Text>
            <Text className='visitor-pass__hint'>访客到达门岗时出示二维码或验证码</Text>
          </>
        ) : (
          <Text className='visitor-pass__hint' data-testid='detail-void'>
            {p.status === 'ARRIVED' ? '访客已到访' : '此预约的二维码和验证码已失效'}
          </Text>
        )}
        {p.plateText && <PlateChip plate={p.plateText} testId='detail-plate' />}
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

      {error && (
        <Text className='form-error' data-testid='detail-error'>
          {error}
        </Text>
      )}

      {shared && (
        <View className='visitor-actions'>
          {WEAPP ? (
            <TaroButton className='visitor-detail__share' openType='share' data-testid='detail-share'>
              分享给微信好友
            </TaroButton>
          ) : (
            <Button className='visitor-actions__item' type='primary' onClick={() => setLinkOpen(true)} data-testid='detail-share'>
              分享链接
            </Button>
          )}
          <Button className='visitor-actions__item' onClick={() => void openPoster(shared)} data-testid='detail-poster'>
            生成海报
          </Button>
          <Button className='visitor-actions__item' disabled={busy} onClick={() => void sms(detail)} data-testid='detail-sms'>
            短信通知访客
          </Button>
        </View>
      )}

      {(p.mayModify || p.mayCancel) && (
        <View className='bottom-bar'>
          {p.mayCancel && (
            <Button className='bottom-bar__button' disabled={busy} loading={busy} onClick={() => void cancel(detail)} data-testid='detail-cancel'>
              取消预约
            </Button>
          )}
          {p.mayModify && (
            <Button
              type='primary'
              className='bottom-bar__button'
              disabled={busy}
              onClick={() => void Taro.navigateTo({ url: `/packages/visitor/pages/form/index?id=${encodeURIComponent(p.id)}` })}
              data-testid='detail-modify'
            >
              修改预约
            </Button>
          )}
        </View>
      )}

      {linkOpen && shared && (
        <Sheet title='分享链接' testId='link-sheet' onClose={() => setLinkOpen(false)}>
          <Text className='visitor-detail__link-hint'>访客打开链接即可查看凭证，无需登录。</Text>
          <Text className='visitor-detail__link' data-testid='share-link' selectable userSelect>
            {h5Link(shared.path)}
          </Text>
          <Button type='primary' block onClick={() => copyLink(shared)} data-testid='share-copy'>
            复制链接
          </Button>
        </Sheet>
      )}
      {posterOpen && (
        <Sheet title='访客海报' testId='poster-sheet' onClose={() => setPosterOpen(false)}>
          {poster ? (
            <View className='visitor-detail__poster'>
              <Image className='visitor-detail__poster-image' src={poster} showMenuByLongpress mode='widthFix' data-testid='poster-image' />
              <Text className='visitor-detail__link-hint'>长按图片保存或发送给好友</Text>
            </View>
          ) : (
            <Text className='visitor-detail__link-hint'>正在生成海报…</Text>
          )}
        </Sheet>
      )}
      {WEAPP && <Canvas type='2d' id='visitor-poster' className='visitor-detail__canvas' style={{ width: `${POSTER.width}px`, height: `${POSTER.height}px` }} />}
    </View>
  )
}
