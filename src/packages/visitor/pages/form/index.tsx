// 预约访客 and 修改预约 (seed 001 §3.2 steps 2 and 4): 访客姓名, 手机号, 来访事由,
// 来访时间 (a day, then start and end on the half hour — times.ts, by the
// server's clock), 人数 and optionally the visitor's 车牌 (the plate keyboard).
// The form is checked by its schema before sending (VisitorFormSchema, the
// contract's own), and the office's limits by the server: every refusal is
// shown under its field (VISITOR_FORM_INVALID carries each field's reason).
// 预约 creates the pass and opens it; opened with ?id= it changes that pass
// (at the version read: a pass changed meanwhile is refused, not overwritten).
import { Input, ScrollView, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { PlateChip } from '../../../../components/plate-chip'
import { PlateKeyboard } from '../../../../components/plate-keyboard'
import { Sheet } from '../../../../components/sheet'
import { AppError } from '../../../../domain/errors'
import { VISITORS_CAP, VisitorFormSchema, type VisitorFormErrors, type VisitorFormField } from '../../../../domain/visitor/form'
import { call } from '../../../../services/call'
import { ArrowRight } from '../../../../ui/icons'
import { Button } from '../../../../ui/nutui'
import { PageState, type Pending } from '../../../../ui/page-state'
import { StateView } from '../../../../ui/state-view'
import { serverNow, syncServerClock } from '../../clock'
import '../../components/visitor.scss'
import { dayLabel, dayOptions, dayStartOf, defaultWindow, endOptions, MINUTE, minuteLabel, startOptions, type VisitLimits } from '../../times'
import './index.scss'

type Load = Pending | { status: 'ready' } | { status: 'unbound' } | { status: 'refused'; message: string }

const FIELDS: readonly VisitorFormField[] = ['name', 'phone', 'purpose', 'start', 'end', 'visitors', 'plate']
const isNetwork = (e: unknown) => !(e instanceof AppError) || e.code === 'NETWORK' || e.code === 'INTERNAL'

/** Every field's first refusal by the form's schema. */
function schemaErrors(input: unknown): VisitorFormErrors {
  const parsed = VisitorFormSchema.safeParse(input)
  const errors: VisitorFormErrors = {}
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const key = issue.path[0] as VisitorFormField
      if (FIELDS.includes(key)) errors[key] ??= issue.message
      else errors.form ??= issue.message
    }
  return errors
}

export default function VisitorFormPage() {
  const { id = '' } = useRouter().params
  const editing = Boolean(id)
  const [load, setLoad] = useState<Load>({ status: 'loading' })
  const [version, setVersion] = useState(0)
  const [name, setName] = useState('')
  const [phone, setPhone] = useState('')
  const [purpose, setPurpose] = useState('')
  const [win, setWin] = useState(() => defaultWindow(serverNow()))
  /** The office's limits on a visit (from `list`): the times offered stay within them. */
  const [limits, setLimits] = useState<VisitLimits | null>(null)
  const [visitors, setVisitors] = useState(1)
  const [plate, setPlate] = useState('')
  const [draft, setDraft] = useState('')
  const [keyboard, setKeyboard] = useState(false)
  const [sheet, setSheet] = useState<'day' | 'start' | 'end' | null>(null)
  const [errors, setErrors] = useState<VisitorFormErrors>({})
  const [busy, setBusy] = useState(false)

  const read = async () => {
    setLoad({ status: 'loading' })
    try {
      if (editing) {
        const [{ pass, form }, listed] = await Promise.all([call('visitor', 'detail', { passId: id }, { silent: true }), call('visitor', 'list', {}, { silent: true })])
        setLimits(listed.limits)
        if (!pass.mayModify) return setLoad({ status: 'refused', message: `该预约${pass.statusLabel}，不能修改` })
        setVersion(pass.version)
        setName(form.name)
        setPhone(form.phone)
        setPurpose(form.purpose)
        const dayStart = dayStartOf(form.start)
        setWin({ dayStart, startMin: Math.round((form.start - dayStart) / MINUTE), endMin: Math.round((form.end - dayStart) / MINUTE) })
        setVisitors(form.visitors)
        setPlate(form.plate ?? '')
      } else {
        // The server's now for the times offered, and whether this WeChat may book at all.
        const { now, limits: got } = await call('visitor', 'list', {}, { silent: true })
        syncServerClock(now)
        setLimits(got)
        setWin(defaultWindow(serverNow(), got))
      }
      setLoad({ status: 'ready' })
    } catch (e) {
      if (e instanceof AppError && e.code === 'HOST_NOT_BOUND') return setLoad({ status: 'unbound' })
      setLoad(isNetwork(e) ? { status: 'error', message: (e as Error).message } : { status: 'refused', message: (e as Error).message })
    }
  }

  useEffect(() => {
    void Taro.setNavigationBarTitle({ title: editing ? '修改预约' : '预约访客' })
    void read()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  const clear = (...fields: Array<VisitorFormField | 'form'>) =>
    setErrors((e) => {
      const next = { ...e }
      for (const f of [...fields, 'form' as const]) delete next[f]
      return next
    })

  const start = win.dayStart + win.startMin * MINUTE
  const end = win.dayStart + win.endMin * MINUTE

  const submit = async () => {
    if (busy) return
    const form = { name, phone, purpose, start, end, visitors, plate: plate || null }
    const found = schemaErrors(form)
    if (!found.start && !found.end && end <= start) found.end = '结束时间应晚于开始时间'
    setErrors(found)
    if (Object.keys(found).length) return
    setBusy(true)
    try {
      const { pass } = editing
        ? await call('visitor', 'modify', { passId: id, version, form }, { silent: true })
        : await call('visitor', 'create', form, { silent: true })
      void Taro.redirectTo({ url: `/packages/visitor/pages/detail/index?id=${encodeURIComponent(pass.id)}&${editing ? 'modified' : 'created'}=1` })
    } catch (e) {
      const details = e instanceof AppError ? (e.details as { errors?: VisitorFormErrors } | undefined) : undefined
      if (e instanceof AppError && e.code === 'VISITOR_FORM_INVALID' && details?.errors) setErrors(details.errors)
      else setErrors({ form: (e as Error).message })
    } finally {
      setBusy(false)
    }
  }

  if (load.status === 'unbound') {
    return (
      <View className='page visitor-form'>
        <StateView
          kind='refused'
          title='请先绑定访客邀请账号'
          description='预约访客需要先绑定停车管理办公室开通的访客邀请账号'
          testId='form-unbound'
          actions={[{ text: '账号绑定', primary: true, onClick: () => void Taro.redirectTo({ url: '/packages/visitor/pages/bind/index' }) }]}
        />
      </View>
    )
  }
  if (load.status === 'refused') {
    return (
      <View className='page visitor-form'>
        <StateView
          kind='refused'
          title='无法修改预约'
          description={load.message}
          testId='form-refused'
          actions={[{ text: '返回', primary: true, onClick: () => void Taro.navigateBack() }]}
        />
      </View>
    )
  }
  if (load.status !== 'ready') {
    return <PageState className='page visitor-form' load={load} cards={1} rows={6} loadingId='form-loading' errorId='form-error-load' onRetry={() => void read()} />
  }

  const now = serverNow()
  const fieldError = (f: VisitorFormField) =>
    errors[f] ? (
      <Text className='form-field-error' data-testid={`form-${f}-error`}>
        {errors[f]}
      </Text>
    ) : null
  const days = dayOptions(now, limits)
  if (!days.includes(win.dayStart)) days.unshift(win.dayStart)

  return (
    <View className='page visitor-form'>
      <View className='card visitor-form__card'>
        <View className='form-row'>
          <Text className='form-row__label'>访客姓名</Text>
          <Input
            className='form-row__input'
            data-testid='form-name'
            placeholder='请输入访客姓名'
            maxlength={20}
            value={name}
            onInput={(e) => {
              setName(e.detail.value)
              clear('name')
            }}
          />
        </View>
        {fieldError('name')}
        <View className='form-row'>
          <Text className='form-row__label'>手机号</Text>
          <Input
            className='form-row__input'
            data-testid='form-phone'
            type='number'
            placeholder='请输入访客手机号'
            maxlength={11}
            value={phone}
            onInput={(e) => {
              setPhone(e.detail.value)
              clear('phone')
            }}
          />
        </View>
        {fieldError('phone')}
        <View className='form-row'>
          <Text className='form-row__label'>来访事由</Text>
          <Input
            className='form-row__input'
            data-testid='form-purpose'
            placeholder='如：学术交流、参加会议'
            maxlength={60}
            value={purpose}
            onInput={(e) => {
              setPurpose(e.detail.value)
              clear('purpose')
            }}
          />
        </View>
        {fieldError('purpose')}
        <View className='form-row' data-testid='form-day' onClick={() => setSheet('day')}>
          <Text className='form-row__label'>来访日期</Text>
          <Text className='form-row__value' data-testid='form-day-value'>
            {dayLabel(win.dayStart, now)}
          </Text>
          <ArrowRight size={12} />
        </View>
        <View className='form-row' data-testid='form-start' onClick={() => setSheet('start')}>
          <Text className='form-row__label'>开始时间</Text>
          <Text className='form-row__value' data-testid='form-start-value'>
            {minuteLabel(win.startMin)}
          </Text>
          <ArrowRight size={12} />
        </View>
        {fieldError('start')}
        <View className='form-row' data-testid='form-end' onClick={() => setSheet('end')}>
          <Text className='form-row__label'>结束时间</Text>
          <Text className='form-row__value' data-testid='form-end-value'>
            {minuteLabel(win.endMin)}
          </Text>
          <ArrowRight size={12} />
        </View>
        {fieldError('end')}
        <View className='form-row'>
          <Text className='form-row__label'>人数</Text>
          <View className='form-row__value visitor-form__stepper'>
            <Text
              className={`visitor-form__step${visitors <= 1 ? ' visitor-form__step--off' : ''}`}
              data-testid='form-visitors-minus'
              onClick={() => {
                setVisitors((v) => Math.max(1, v - 1))
                clear('visitors')
              }}
            >
              −
            </Text>
            <Text className='visitor-form__count' data-testid='form-visitors'>
              {visitors}
            </Text>
            <Text
              className={`visitor-form__step${visitors >= VISITORS_CAP ? ' visitor-form__step--off' : ''}`}
              data-testid='form-visitors-plus'
              onClick={() => {
                setVisitors((v) => Math.min(VISITORS_CAP, v + 1))
                clear('visitors')
              }}
            >
              +
            </Text>
          </View>
        </View>
        {fieldError('visitors')}
        <View className='form-row'>
          <Text className='form-row__label'>车牌号</Text>
          <View
            className='form-row__value'
            data-testid='form-plate'
            onClick={() => {
              setDraft(plate)
              setKeyboard(true)
            }}
          >
            {plate ? <PlateChip plate={plate} testId='form-plate-value' /> : <Text className='form-row__placeholder'>选填，驾车来访时填写</Text>}
          </View>
          {plate && (
            <Text
              className='form-row__link'
              data-testid='form-plate-clear'
              onClick={() => {
                setPlate('')
                clear('plate')
              }}
            >
              清除
            </Text>
          )}
        </View>
        {fieldError('plate')}
      </View>
      <Text className='form-note'>填写车牌后，访客车辆在来访时间内可直接通过入口道闸。</Text>

      {errors.form && (
        <Text className='form-error' data-testid='form-error'>
          {errors.form}
        </Text>
      )}

      <View className='bottom-bar'>
        <Button type='primary' className='bottom-bar__button' disabled={busy} loading={busy} onClick={() => void submit()} data-testid='form-submit'>
          {editing ? '保存修改' : '预约'}
        </Button>
      </View>

      {sheet === 'day' && (
        <Sheet title='来访日期' testId='day-sheet' onClose={() => setSheet(null)}>
          <ScrollView scrollY className='visitor-options'>
            {days.map((d) => (
              <View
                key={d}
                className={`visitor-option${d === win.dayStart ? ' visitor-option--on' : ''}`}
                data-testid='day-option'
                onClick={() => {
                  setWin((w) => ({ ...w, dayStart: d }))
                  setSheet(null)
                  clear('start', 'end')
                }}
              >
                <Text>{dayLabel(d, now)}</Text>
              </View>
            ))}
          </ScrollView>
        </Sheet>
      )}
      {sheet === 'start' && (
        <Sheet title='开始时间' testId='start-sheet' onClose={() => setSheet(null)}>
          <ScrollView scrollY className='visitor-options'>
            {startOptions(win.dayStart, now, limits).map((m) => (
              <View
                key={m}
                className={`visitor-option${m === win.startMin ? ' visitor-option--on' : ''}`}
                data-testid='start-option'
                onClick={() => {
                  // The visit keeps its length where it can.
                  setWin((w) => {
                    const ends = endOptions(m, limits)
                    const keep = m + Math.max(30, w.endMin - w.startMin)
                    return { ...w, startMin: m, endMin: ends.filter((e) => e <= keep).at(-1) ?? ends[0] ?? m + 30 }
                  })
                  setSheet(null)
                  clear('start', 'end')
                }}
              >
                <Text>{minuteLabel(m)}</Text>
              </View>
            ))}
          </ScrollView>
        </Sheet>
      )}
      {sheet === 'end' && (
        <Sheet title='结束时间' testId='end-sheet' onClose={() => setSheet(null)}>
          <ScrollView scrollY className='visitor-options'>
            {endOptions(win.startMin, limits).map((m) => (
              <View
                key={m}
                className={`visitor-option${m === win.endMin ? ' visitor-option--on' : ''}`}
                data-testid='end-option'
                onClick={() => {
                  setWin((w) => ({ ...w, endMin: m }))
                  setSheet(null)
                  clear('end')
                }}
              >
                <Text>{minuteLabel(m)}</Text>
              </View>
            ))}
          </ScrollView>
        </Sheet>
      )}

      <PlateKeyboard
        value={draft}
        onChange={setDraft}
        visible={keyboard}
        title='访客车牌号'
        onClose={() => setKeyboard(false)}
        onConfirm={(p) => {
          setKeyboard(false)
          setPlate(p)
          clear('plate')
        }}
      />
    </View>
  )
}
