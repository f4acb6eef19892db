// 充值 (seed 004 四 图 8, seed 003 steps 5–9). `?card=mine`: 微信充值 of the
// bound card, headed by its school and 余额 (待圈存). `?card=others`: the cards
// remembered after a first paid top-up (首次充值成功后，身份信息会自动保存，下次充值
// 只需输入充值金额), or 新卡充值 — 学校 from a searchable list, 姓名 (本人或他人),
// 卡号 with the seed's number rules explained in place. Then 充值金额 (10 / 20 /
// 50 / 100 元 or a whole-yuan amount, default 100.00), 短信通知 (optional), the
// consent, 充值 → WeChat Pay (the simulator's sheet on H5) → the top-up read
// until WeChat Pay's notice has moved it, then 充值成功 with the amount now
// 待圈存 and where to claim it. The platform checks name and number before any
// payment; its refusal shows under the form.
import { Input, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { Sheet } from '../../../../components/sheet'
import { checkTopupAmount, parseCustomAmount } from '../../../../domain/card/amount'
import { normaliseCardNumber, normaliseHolderName } from '../../../../domain/card/card-number'
import { AppError } from '../../../../domain/errors'
import { formatYuan } from '../../../../domain/money'
import { PHONE_RE } from '../../../../domain/phone'
import { call, type CallOutput } from '../../../../services/call'
import { requestPay } from '../../../../services/platform/pay'
import { Success } from '../../../../ui/icons'
import { Button } from '../../../../ui/nutui'
import { PageState, type Pending } from '../../../../ui/page-state'
import { StateView } from '../../../../ui/state-view'
import { useConfirmation } from '../../../../ui/use-confirmation'
import { CARD_URLS } from '../../urls'
import '../../components/card.scss'
import './index.scss'

type Config = CallOutput<'card', 'config'>
type Home = CallOutput<'card', 'home'>
type Remembered = CallOutput<'card', 'cards'>['cards'][number]
type Topup = CallOutput<'card', 'topUpDetail'>['topUp']

type Load = Pending | { status: 'unbound' } | { status: 'ready'; config: Config; home: Home | null; cards: Remembered[] }
/** Which card: the bound one, a remembered one, or one typed now (新卡充值). */
type Target = { kind: 'mine' } | { kind: 'remembered'; id: string } | { kind: 'new' }
type After = { phase: 'confirming'; id: string; slow: boolean } | { phase: 'done'; topUp: Topup }
type Field = 'school' | 'name' | 'cardNo' | 'amount' | 'phone' | 'consent'

/** Statuses the page waits through after paying: unpaid until WeChat Pay's notice, paid until the platform holds it. */
const WAITING: ReadonlyArray<Topup['status']> = ['AWAITING_PAYMENT', 'PAID']

export default function TopupPage() {
  const { card: which = 'mine' } = useRouter().params
  const forMine = which === 'mine'
  const [load, setLoad] = useState<Load>({ status: 'loading' })
  const [target, setTarget] = useState<Target>({ kind: forMine ? 'mine' : 'new' })
  const [school, setSchool] = useState('')
  const [name, setName] = useState('')
  const [cardNo, setCardNo] = useState('')
  const [presetFen, setPresetFen] = useState<number | null>(null)
  const [custom, setCustom] = useState('')
  const [phone, setPhone] = useState('')
  const [consent, setConsent] = useState(false)
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({})
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)
  const [picking, setPicking] = useState(false)
  const [search, setSearch] = useState('')
  const [after, setAfter] = useState<After | null>(null)

  const read = async () => {
    setLoad({ status: 'loading' })
    try {
      const config = await call('card', 'config', {}, { silent: true })
      if (forMine) {
        const { bound } = await call('card', 'mine', {}, { silent: true })
        if (!bound) return setLoad({ status: 'unbound' })
        const home = await call('card', 'home', {}, { silent: true })
        setLoad({ status: 'ready', config, home, cards: [] })
      } else {
        const { cards } = await call('card', 'cards', {}, { silent: true })
        setLoad({ status: 'ready', config, home: null, cards })
        if (cards.length) setTarget({ kind: 'remembered', id: cards[0].id })
        if (config.schools.length === 1) setSchool(config.schools[0])
      }
      setPresetFen(config.defaultAmountFen)
    } catch (e) {
      setLoad({ status: 'error', message: (e as Error).message })
    }
  }
  useEffect(() => void read(), [])

  // 支付确认中: read the top-up until WeChat Pay's notice (and the platform's transfer) has moved it; a top-up still 待入账 when patience runs out is shown as it stands.
  const confirming = after?.phase === 'confirming' && !after.slow ? after.id : null
  useConfirmation({
    key: confirming,
    read: async () => (await call('card', 'topUpDetail', { id: confirming! }, { silent: true })).topUp,
    done: (t) => !WAITING.includes(t.status),
    onDone: (topUp) => setAfter({ phase: 'done', topUp }),
    onSlow: (last) => setAfter(last?.status === 'PAID' ? { phase: 'done', topUp: last } : { phase: 'confirming', id: confirming!, slow: true }),
  })

  const limits = load.status === 'ready' ? { minFen: load.config.minFen, maxFen: load.config.maxFen } : undefined

  const pay = async () => {
    if (busy || load.status !== 'ready') return
    const found: Partial<Record<Field, string>> = {}
    const amount = custom.trim() ? parseCustomAmount(custom, limits) : presetFen !== null ? checkTopupAmount(presetFen, limits) : parseCustomAmount('', limits)
    if (!amount.ok) found.amount = amount.message
    if (phone.trim() && !PHONE_RE.test(phone.trim())) found.phone = '请输入正确的 11 位手机号'
    let card: 'mine' | { cardId: string } | { school: string; name: string; cardNo: string } = 'mine'
    if (target.kind === 'remembered') card = { cardId: target.id }
    if (target.kind === 'new') {
      const n = normaliseHolderName(name)
      const c = normaliseCardNumber(cardNo)
      if (!school) found.school = '请选择学校'
      if (!n.ok) found.name = n.message
      if (!c.ok) found.cardNo = c.message
      if (n.ok && c.ok) card = { school, name: n.name, cardNo: c.number }
    }
    if (!consent) found.consent = `请阅读并同意${load.config.agreement}`
    setErrors(found)
    if (Object.keys(found).length || !amount.ok) return
    setBusy(true)
    setError('')
    try {
      const r = await call('card', 'topUp', { card, amountFen: amount.fen, consent: true, ...(phone.trim() ? { phone: phone.trim() } : {}) }, { silent: true })
      try {
        await requestPay({ payment: r.payment, outTradeNo: r.orderId, amountFen: r.topUp.amountFen, description: r.description })
      } catch (e) {
        const cancelled = e instanceof AppError && e.code === 'PAY_CANCELLED'
        void Taro.showToast({ title: cancelled ? '已取消支付' : (e as Error).message, icon: 'none' })
        return
      }
      setAfter({ phase: 'confirming', id: r.topUp.id, slow: false })
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setBusy(false)
    }
  }

  const showAgreement = (agreement: string) =>
    void Taro.showModal({
      title: agreement.replace(/[《》]/g, ''),
      content: '本服务将您支付的金额转入所选校园卡的账户（待圈存），持卡人在校内 POS 机刷卡消费或到自助圈存机领取后写入卡内。请核对学校、姓名和卡号；无法入账的充值将原路退回。',
      showCancel: false,
      confirmText: '我知道了',
    })

  if (after?.phase === 'confirming') {
    return (
      <View className='page card-topup'>
        <View className='result' data-testid='topup-confirming'>
          <View className='result__spinner' />
          <Text className='result__title'>支付确认中</Text>
          <Text className='result__text'>{after.slow ? '微信支付结果确认较慢，请稍后在 充值记录 中查看' : '正在确认微信支付结果，请稍候'}</Text>
          {after.slow && (
            <>
              <Button type='primary' className='result__button' onClick={() => setAfter({ ...after, slow: false })} data-testid='topup-recheck'>
                刷新
              </Button>
              <Text className='result__link' onClick={() => void Taro.redirectTo({ url: CARD_URLS.records })}>
                查看充值记录
              </Text>
            </>
          )}
        </View>
      </View>
    )
  }

  if (after?.phase === 'done') {
    const t = after.topUp
    const good = t.status === 'CREDITED' || t.status === 'CLAIMED' || t.status === 'PAID'
    return (
      <View className='page card-topup'>
        <View className='result' data-testid='topup-result'>
          {good && (
            <View className='result__icon'>
              <Success size={56} />
            </View>
          )}
          <Text className='result__title' data-testid='topup-result-title'>
            {t.status === 'CREDITED' || t.status === 'CLAIMED' ? '充值成功' : t.statusLabel}
          </Text>
          <Text className='result__amount' data-testid='topup-result-amount'>
            ¥{formatYuan(t.amountFen)}
          </Text>
          <Text className='result__text'>
            {t.name} · {t.cardNo}
          </Text>
          <Text className='result__lead' data-testid='topup-result-note'>
            {t.note}
          </Text>
          <Button type='primary' block className='result__button' onClick={() => void Taro.redirectTo({ url: CARD_URLS.records })} data-testid='topup-result-records'>
            查看充值记录
          </Button>
          <Text
            className='result__link'
            data-testid='topup-result-back'
            onClick={() => void (t.mine ? Taro.navigateBack().catch(() => Taro.redirectTo({ url: CARD_URLS.home })) : Taro.redirectTo({ url: CARD_URLS.topUpOthers }))}
          >
            {t.mine ? '返回校园卡' : '继续充值'}
          </Text>
        </View>
      </View>
    )
  }

  if (load.status === 'unbound') {
    return (
      <View className='page card-topup'>
        <StateView
          kind='refused'
          title='请先绑定校园卡'
          description='为本人校园卡充值需要先绑定校园卡；也可以输入学校、姓名和卡号为任意校园卡充值'
          testId='topup-unbound'
          actions={[
            { text: '绑定校园卡', primary: true, onClick: () => void Taro.redirectTo({ url: CARD_URLS.home }) },
            { text: '为他人充值', onClick: () => void Taro.redirectTo({ url: CARD_URLS.topUpOthers }) },
          ]}
        />
      </View>
    )
  }
  if (load.status !== 'ready') {
    return <PageState className='page card-topup' load={load} cards={2} rows={4} loadingId='topup-loading' errorId='topup-error-load' onRetry={() => void read()} />
  }

  const { config, home, cards } = load
  if (home?.status && home.status !== 'normal') {
    return (
      <View className='page card-topup'>
        <StateView
          kind='refused'
          title={`校园卡${home.statusLabel}`}
          description={home.status === 'lost' ? '已挂失的校园卡不能充值。解挂请本人携带有效证件到校园卡受理中心办理' : '该校园卡当前不能充值，请到校园卡受理中心咨询'}
          testId='topup-card-status'
          actions={[{ text: '返回校园卡', primary: true, onClick: () => void Taro.navigateBack().catch(() => Taro.redirectTo({ url: CARD_URLS.home })) }]}
        />
      </View>
    )
  }
  const fieldError = (field: Field) =>
    errors[field] ? (
      <Text className='form-field-error' data-testid={`topup-${field}-error`}>
        {errors[field]}
      </Text>
    ) : null
  const clearError = (field: Field) => {
    setErrors((e) => ({ ...e, [field]: undefined }))
    setError('')
  }
  /** A typed row: its label, the input (`testId`), an optional unit, and `field`'s refusal under it. */
  const inputRow = (o: { field: Field; label: string; testId: string; value: string; set: (v: string) => void; placeholder: string; maxlength: number; type?: 'text' | 'number' | 'digit'; unit?: string }) => (
    <>
      <View className='form-row'>
        <Text className='form-row__label'>{o.label}</Text>
        <Input
          className='form-row__input'
          data-testid={o.testId}
          type={o.type ?? 'text'}
          placeholder={o.placeholder}
          maxlength={o.maxlength}
          value={o.value}
          onInput={(e) => {
            o.set(e.detail.value)
            clearError(o.field)
          }}
        />
        {o.unit && <Text className='form-row__link'>{o.unit}</Text>}
      </View>
      {fieldError(o.field)}
    </>
  )
  const schools = config.schools.filter((s) => s.includes(search.trim()))

  return (
    <View className='page card-topup'>
      <View className='card-topup__links'>
        <Text className='card-topup__link' data-testid='topup-records' onClick={() => void Taro.navigateTo({ url: CARD_URLS.records })}>
          充值记录
        </Text>
      </View>

      {home && (
        <View className='card card-topup__head' data-testid='topup-head'>
          <Text className='card-topup__school'>
            <Text className='card-topup__badge'>校</Text>
            {home.card.school}
          </Text>
          <Text className='card-topup__holder'>
            {home.card.name} · {home.card.cardNo}
          </Text>
          {home.balanceFen !== null && home.pendingFen !== null ? (
            <Text className='card-topup__balance' data-testid='topup-balance'>
              余额 {formatYuan(home.balanceFen)} ({formatYuan(home.pendingFen)}待圈存)
            </Text>
          ) : (
            <Text className='card-topup__balance'>{home.unavailable}</Text>
          )}
        </View>
      )}

      {!forMine && cards.length > 0 && (
        <View className='card' data-testid='topup-cards'>
          <Text className='card__section'>充值卡片</Text>
          {cards.map((c) => (
            <View
              key={c.id}
              className={`card-choice${target.kind === 'remembered' && target.id === c.id ? ' card-choice--on' : ''}`}
              data-testid='topup-card'
              onClick={() => {
                setTarget({ kind: 'remembered', id: c.id })
                setError('')
              }}
            >
              <View className='card-choice__info'>
                <Text className='card-choice__name'>
                  {c.name} · {c.kindLabel}
                </Text>
                <Text className='card-choice__line'>
                  {c.school} · {c.cardNo}
                </Text>
              </View>
              <Text className='card-choice__mark'>{target.kind === 'remembered' && target.id === c.id ? '✓' : ''}</Text>
            </View>
          ))}
          <View
            className={`card-choice${target.kind === 'new' ? ' card-choice--on' : ''}`}
            data-testid='topup-new-card'
            onClick={() => {
              setTarget({ kind: 'new' })
              setError('')
            }}
          >
            <Text className='card-choice__name'>+ 新卡充值</Text>
            <Text className='card-choice__mark'>{target.kind === 'new' ? '✓' : ''}</Text>
          </View>
        </View>
      )}

      {target.kind === 'new' && (
        <View className='card' data-testid='topup-new-form'>
          <View className='form-row' data-testid='topup-school' onClick={() => setPicking(true)}>
            <Text className='form-row__label'>学校</Text>
            <Text className={`form-row__value${school ? '' : ' form-row__placeholder'}`} data-testid='topup-school-value'>
              {school || '请选择学校'}
            </Text>
            <Text className='form-row__link'>›</Text>
          </View>
          {fieldError('school')}
          {inputRow({ field: 'name', label: '姓名', testId: 'topup-name', value: name, set: setName, placeholder: '本人或他人', maxlength: 40 })}
          {inputRow({ field: 'cardNo', label: '卡号', testId: 'topup-cardno', value: cardNo, set: setCardNo, placeholder: '校园卡卡号', maxlength: 24 })}
          <Text className='card-topup__hint'>{config.cardNumberHint}</Text>
        </View>
      )}

      <View className='card'>
        <Text className='card__section'>充值金额</Text>
        <View className='card-amounts' data-testid='topup-presets'>
          {config.presetsFen.map((fen) => (
            <View
              key={fen}
              className={`card-amounts__item${presetFen === fen && !custom ? ' card-amounts__item--on' : ''}`}
              data-testid={`topup-preset-${fen / 100}`}
              onClick={() => {
                setPresetFen(fen)
                setCustom('')
                clearError('amount')
              }}
            >
              {fen / 100} 元
            </View>
          ))}
        </View>
        {inputRow({ field: 'amount', label: '其他金额', testId: 'topup-custom', value: custom, set: setCustom, type: 'digit', placeholder: `${config.minFen / 100}–${config.maxFen / 100} 元，整数`, maxlength: 8, unit: '元' })}
        {inputRow({ field: 'phone', label: '短信通知', testId: 'topup-phone', value: phone, set: setPhone, type: 'number', placeholder: '通知手机号码（选填）', maxlength: 11 })}
      </View>

      <View className='card-consent'>
        <Text
          className={`card-consent__box${consent ? ' card-consent__box--on' : ''}`}
          data-testid='topup-consent'
          onClick={() => {
            setConsent(!consent)
            clearError('consent')
          }}
        >
          {consent ? '✓' : ''}
        </Text>
        <Text onClick={() => setConsent(!consent)}>同意</Text>
        <Text className='card-consent__link' onClick={() => showAgreement(config.agreement)}>
          {config.agreement}
        </Text>
      </View>
      {fieldError('consent')}

      {error && (
        <Text className='form-error' data-testid='topup-error'>
          {error}
        </Text>
      )}

      <View className='card-topup__submit'>
        <Button type='primary' block disabled={busy} loading={busy} onClick={() => void pay()} data-testid='topup-submit'>
          充值
        </Button>
        <Text className='form-note'>充值金额先存入校园卡账户（待圈存），持卡在校内任意一台 POS 机刷卡消费时自动领取</Text>
      </View>

      {picking && (
        <Sheet title='选择学校' testId='school-sheet' onClose={() => setPicking(false)}>
          <Input className='card-search' data-testid='school-search' placeholder='搜索学校名称' value={search} onInput={(e) => setSearch(e.detail.value)} />
          {schools.length === 0 && <Text className='form-note'>没有找到该学校，目前仅支持以下学校的校园卡充值</Text>}
          {(schools.length ? schools : config.schools).map((s) => (
            <View
              key={s}
              className='card-choice'
              data-testid='school-option'
              onClick={() => {
                setSchool(s)
                setPicking(false)
                setSearch('')
                clearError('school')
              }}
            >
              <Text>
                <Text className='card-topup__badge'>校</Text>
                {s}
              </Text>
            </View>
          ))}
        </Sheet>
      )}
    </View>
  )
}
