// 卡挂失 (seed 004 六 图 10): the bound card, its six-digit 查询密码 (默认为
// 123456) → 提交, after a confirm → the card shows 已挂失, with how it is
// unfrozen: in person (the seed's 解挂 is done at the 受理中心, not here).
// Wrong passwords count towards the same lock as 绑定's. A card already lost
// (or frozen, closed) says so instead of the form.
import { Input, Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useRef, useState } from 'react'
import { normaliseQueryPassword } from '../../../../domain/card/binding'
import { formatDateTime } from '../../../../domain/time'
import { call, type CallOutput } from '../../../../services/call'
import { Button } from '../../../../ui/nutui'
import { PageState, type Pending } from '../../../../ui/page-state'
import { StateView } from '../../../../ui/state-view'
import { CARD_URLS } from '../../urls'
import '../../components/card.scss'
import './index.scss'

type Home = CallOutput<'card', 'home'>
type Lost = CallOutput<'card', 'reportLost'>
type Load = Pending | { status: 'unbound' } | { status: 'ready'; home: Home }

export default function LostPage() {
  const [load, setLoad] = useState<Load>({ status: 'loading' })
  const [password, setPassword] = useState('')
  const [fieldError, setFieldError] = useState('')
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)
  const [done, setDone] = useState<Lost | null>(null)
  const asking = useRef(false)

  const read = async () => {
    try {
      const { bound } = await call('card', 'mine', {}, { silent: true })
      if (!bound) return setLoad({ status: 'unbound' })
      setLoad({ status: 'ready', home: await call('card', 'home', {}, { silent: true }) })
    } catch (e) {
      setLoad({ status: 'error', message: (e as Error).message })
    }
  }
  useDidShow(() => void (done ? undefined : read()))

  const submit = async () => {
    if (busy || asking.current || load.status !== 'ready') return
    const p = normaliseQueryPassword(password)
    if (!p.ok) return setFieldError(p.message)
    // One confirm at a time: a second tap while it is open does nothing.
    asking.current = true
    const { confirm } = await Taro.showModal({
      title: '卡挂失',
      content: `挂失后校园卡 ${load.home.card.cardNo} 将被冻结，不能消费和领取充值金额；解挂需本人到校园卡受理中心办理。确定挂失吗？`,
      confirmText: '确定挂失',
      cancelText: '取消',
    }).finally(() => (asking.current = false))
    if (!confirm) return
    setBusy(true)
    setError('')
    try {
      setDone(await call('card', 'reportLost', { queryPassword: p.password }, { silent: true }))
    } catch (e) {
      setPassword('')
      setError((e as Error).message)
    } finally {
      setBusy(false)
    }
  }

  if (done) {
    return (
      <View className='page card-lost'>
        <StateView
          kind='refused'
          title={`校园卡${done.statusLabel}`}
          description={`${done.notice}（挂失时间 ${formatDateTime(done.lostAt)}）`}
          testId='lost-done'
          actions={[{ text: '返回校园卡', primary: true, onClick: () => void Taro.navigateBack().catch(() => Taro.redirectTo({ url: CARD_URLS.home })) }]}
        />
      </View>
    )
  }
  if (load.status === 'unbound') {
    return (
      <View className='page card-lost'>
        <StateView
          kind='refused'
          title='请先绑定校园卡'
          description='挂失需要先绑定本人校园卡；未绑定的请本人携带有效证件到校园卡受理中心挂失'
          testId='lost-unbound'
          actions={[{ text: '绑定校园卡', primary: true, onClick: () => void Taro.redirectTo({ url: CARD_URLS.home }) }]}
        />
      </View>
    )
  }
  if (load.status !== 'ready') {
    return <PageState className='page card-lost' load={load} cards={1} rows={3} loadingId='lost-loading' errorId='lost-error-load' onRetry={() => void read()} />
  }

  const h = load.home
  if (h.status && h.status !== 'normal') {
    return (
      <View className='page card-lost'>
        <StateView
          kind='refused'
          title={`校园卡${h.statusLabel}`}
          description={h.status === 'lost' ? '该卡已挂失。解挂请本人携带有效证件到校园卡受理中心办理' : '该卡当前不能挂失，请到校园卡受理中心咨询'}
          testId='lost-already'
        />
      </View>
    )
  }

  return (
    <View className='page card-lost'>
      <View className='card'>
        <View className='form-row'>
          <Text className='form-row__label'>校园卡</Text>
          <Text className='form-row__value' data-testid='lost-card'>
            {h.card.name} · {h.card.cardNo}
          </Text>
        </View>
        <View className='form-row'>
          <Text className='form-row__label'>查询密码</Text>
          <Input
            className='form-row__input'
            data-testid='lost-password'
            placeholder='六位查询密码'
            password
            maxlength={6}
            value={password}
            onInput={(e) => {
              setPassword(e.detail.value)
              setFieldError('')
              setError('')
            }}
          />
        </View>
        {fieldError && (
          <Text className='form-field-error' data-testid='lost-password-error'>
            {fieldError}
          </Text>
        )}
      </View>
      {error && (
        <Text className='form-error' data-testid='lost-error'>
          {error}
        </Text>
      )}
      <Text className='form-note'>请输入校园卡六位查询密码（默认为 123456）。挂失后卡片立即冻结；解挂不能在线办理，请本人携带有效证件到校园卡受理中心办理。</Text>
      <View className='card-lost__submit'>
        <Button type='danger' block disabled={busy} loading={busy} onClick={() => void submit()} data-testid='lost-submit'>
          提交
        </Button>
      </View>
    </View>
  )
}
