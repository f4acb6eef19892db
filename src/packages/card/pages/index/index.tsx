// 校园卡 (seed 004 二, 三, 四): not bound, 绑定 — 姓名, 学号/卡号, 查询密码
// (校园卡查询密码, 初始密码为 123456), each checked in place by the card rules
// before sending, the server's refusals (name and number do not match, the
// tries left, the lock with its end) under the form. Bound, the 主界面: the
// card, 余额 with its 待圈存 as the platform answers now (seed 003: 余额
// 122.82 (3.00待圈存)), or why they cannot be shown; 微信充值, 交易明细, 卡挂失,
// 充值记录, 为他人充值; where pending money is claimed (any POS, the kiosks);
// 解除绑定 after a confirm. Read on show and on pull-down.
import { Input, Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { useState } from 'react'
import { normaliseQueryPassword } from '../../../../domain/card/binding'
import { normaliseCardNumber, normaliseHolderName } from '../../../../domain/card/card-number'
import { formatYuan } from '../../../../domain/money'
import { call, type CallOutput } from '../../../../services/call'
import { Order, Scan, ShieldCheck, ToPay, User } from '../../../../ui/icons'
import { Button } from '../../../../ui/nutui'
import { PageState, type Pending } from '../../../../ui/page-state'
import { CARD_URLS } from '../../urls'
import '../../components/card.scss'
import './index.scss'

type Home = CallOutput<'card', 'home'>
type Load = Pending | { status: 'unbound' } | { status: 'ready'; home: Home }
type Field = 'name' | 'cardNo' | 'queryPassword'

const ACTIONS = [
  { key: 'topup', label: '微信充值', icon: <ToPay size={24} />, url: CARD_URLS.topUpMine },
  { key: 'statements', label: '交易明细', icon: <Order size={24} />, url: CARD_URLS.statements },
  { key: 'lost', label: '卡挂失', icon: <ShieldCheck size={24} />, url: CARD_URLS.lost },
  { key: 'records', label: '充值记录', icon: <Scan size={24} />, url: CARD_URLS.records },
  { key: 'others', label: '为他人充值', icon: <User size={24} />, url: CARD_URLS.topUpOthers },
]

export default function CardHomePage() {
  const [load, setLoad] = useState<Load>({ status: 'loading' })
  const [form, setForm] = useState({ name: '', cardNo: '', queryPassword: '' })
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Field, string>>>({})
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)

  const read = async () => {
    try {
      const { bound } = await call('card', 'mine', {}, { silent: true })
      if (!bound) return setLoad({ status: 'unbound' })
      setLoad({ status: 'ready', home: await call('card', 'home', {}, { silent: true }) })
    } catch (e) {
      setLoad({ status: 'error', message: (e as Error).message })
    }
  }
  useDidShow(() => void read())
  usePullDownRefresh(() => void read().finally(() => Taro.stopPullDownRefresh()))

  const edit = (field: Field, value: string) => {
    setForm((f) => ({ ...f, [field]: value }))
    setFieldErrors((e) => ({ ...e, [field]: undefined }))
    setError('')
  }

  const bind = async () => {
    if (busy) return
    const name = normaliseHolderName(form.name)
    const cardNo = normaliseCardNumber(form.cardNo)
    const password = normaliseQueryPassword(form.queryPassword)
    const errors: Partial<Record<Field, string>> = {
      name: name.ok ? undefined : name.message,
      cardNo: cardNo.ok ? undefined : cardNo.message,
      queryPassword: password.ok ? undefined : password.message,
    }
    setFieldErrors(errors)
    if (!name.ok || !cardNo.ok || !password.ok) return
    setBusy(true)
    setError('')
    try {
      await call('card', 'bind', { name: name.name, cardNo: cardNo.number, queryPassword: password.password }, { silent: true })
      setForm({ name: '', cardNo: '', queryPassword: '' })
      void Taro.showToast({ title: '绑定成功', icon: 'success' })
      setLoad({ status: 'loading' })
      await read()
    } catch (e) {
      setForm((f) => ({ ...f, queryPassword: '' }))
      setError((e as Error).message)
    } finally {
      setBusy(false)
    }
  }

  const unbind = async () => {
    const { confirm } = await Taro.showModal({
      title: '解除绑定',
      content: '解除绑定后将不能在此查看余额和交易明细，已充值的金额不受影响。确定解除绑定吗？',
      confirmText: '解除绑定',
      cancelText: '取消',
    })
    if (!confirm) return
    try {
      await call('card', 'unbind', {}, { silent: true })
      void Taro.showToast({ title: '已解除绑定', icon: 'none' })
      setLoad({ status: 'unbound' })
    } catch (e) {
      void Taro.showToast({ title: (e as Error).message, icon: 'none' })
    }
  }

  if (load.status === 'loading' || load.status === 'error') {
    return <PageState className='page card-home' load={load} cards={2} rows={3} loadingId='card-loading' errorId='card-error' onRetry={() => void read()} />
  }

  if (load.status === 'unbound') {
    const row = (field: Field, label: string, placeholder: string, extra: { password?: boolean; maxlength: number }) => (
      <>
        <View className='form-row'>
          <Text className='form-row__label'>{label}</Text>
          <Input
            className='form-row__input'
            data-testid={`bind-${field}`}
            placeholder={placeholder}
            password={extra.password}
            maxlength={extra.maxlength}
            value={form[field]}
            onInput={(e) => edit(field, e.detail.value)}
          />
        </View>
        {fieldErrors[field] && (
          <Text className='form-field-error' data-testid={`bind-${field}-error`}>
            {fieldErrors[field]}
          </Text>
        )}
      </>
    )
    return (
      <View className='page card-home'>
        <View className='card-intro'>
          <Text className='card-intro__title'>绑定校园卡</Text>
          <Text className='card-intro__text'>请输入个人校园卡账户信息，绑定后可查看余额、微信充值、查询交易明细和挂失</Text>
        </View>
        <View className='card' data-testid='bind-form'>
          {row('name', '姓名', '个人姓名', { maxlength: 40 })}
          {row('cardNo', '学号/卡号', '办理校园卡的学工号', { maxlength: 24 })}
          {row('queryPassword', '查询密码', '校园卡查询密码', { password: true, maxlength: 6 })}
        </View>
        {error && (
          <Text className='form-error' data-testid='bind-error'>
            {error}
          </Text>
        )}
        <Text className='form-note'>查询密码为校园卡查询密码（非银行卡和 egate 密码），初始密码为 123456；连续输错 5 次将暂停绑定 30 分钟</Text>
        <View className='card-home__buttons'>
          <Button type='primary' block disabled={busy} loading={busy} onClick={() => void bind()} data-testid='bind-submit'>
            提交
          </Button>
          <Button block onClick={() => void Taro.navigateTo({ url: CARD_URLS.topUpOthers })} data-testid='bind-topup-others'>
            为他人充值
          </Button>
        </View>
      </View>
    )
  }

  const h = load.home
  const normal = h.status === 'normal'
  return (
    <View className='page card-home'>
      <View className='card-face' data-testid='card-face'>
        <View className='card-face__top'>
          <Text className='card-face__school'>{h.card.school}</Text>
          {h.status && (
            <Text className={`card-face__status${normal ? '' : ' card-face__status--bad'}`} data-testid='card-status'>
              {h.statusLabel}
            </Text>
          )}
        </View>
        <Text className='card-face__holder' data-testid='card-holder'>
          {h.card.name} · {h.card.kindLabel}
        </Text>
        <Text className='card-face__number' data-testid='card-number'>
          {h.card.cardNo}
        </Text>
        {h.balanceFen !== null && h.pendingFen !== null ? (
          <View className='card-face__money'>
            <Text className='card-face__label'>余额</Text>
            <Text className='card-face__balance' data-testid='card-balance'>
              {formatYuan(h.balanceFen)}
            </Text>
            <Text className='card-face__pending' data-testid='card-pending'>
              ({formatYuan(h.pendingFen)}待圈存)
            </Text>
          </View>
        ) : (
          <Text className='card-face__unavailable' data-testid='card-unavailable'>
            {h.unavailable ?? '暂时无法查询余额'}，下拉刷新重试
          </Text>
        )}
      </View>

      {!normal && h.status && (
        <Text className='form-error' data-testid='card-status-note'>
          校园卡{h.statusLabel}，不能充值和消费。{h.status === 'lost' ? '解挂请本人携带有效证件到校园卡受理中心办理' : '请到校园卡受理中心咨询'}
        </Text>
      )}

      <View className='card card-home__actions'>
        {ACTIONS.map((a) => (
          <View key={a.key} className='card-home__action' data-testid={`card-action-${a.key}`} onClick={() => void Taro.navigateTo({ url: a.url })}>
            <View className='card-home__icon'>{a.icon}</View>
            <Text className='card-home__action-label'>{a.label}</Text>
          </View>
        ))}
      </View>

      {h.pendingFen !== null && h.pendingFen > 0 && (
        <Text className='card-home__pending-tip' data-testid='card-pending-tip'>
          您有 {formatYuan(h.pendingFen)} 元待圈存，请尽快领取
        </Text>
      )}

      <View className='card' data-testid='card-claim'>
        <Text className='card__section'>领取转账金额</Text>
        <Text className='card-home__claim'>{h.claimText}</Text>
        <Text className='card-home__claim'>圈存机放置地点：{h.kiosks.join('、')}</Text>
      </View>

      <Text className='card-home__unbind' data-testid='card-unbind' onClick={() => void unbind()}>
        解除绑定
      </Text>
    </View>
  )
}
