// 工作台 → 优惠券 → 发放优惠券: a batch's name, what each coupon gives
// (抵扣金额 / 减免时长 / 全免), the lots it is good in, optionally one plate,
// the days it is valid and how many; checked by the batch schema with each
// reason under its field. Issued, the page shows the codes to copy.
import { Input, Picker, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { parseYuan } from '../../../../domain/money'
import { CouponBatchInput, formatCouponCode, MAX_BATCH_SIZE } from '../../../../domain/parking/coupon'
import { shanghai } from '../../../../domain/time'
import { call, type CallOutput } from '../../../../services/call'
import { Button } from '../../../../ui/nutui'
import { PageState } from '../../../../ui/page-state'
import { StateView } from '../../../../ui/state-view'
import { Choices, Field } from '../../components/field'
import { useLots } from '../../components/use-lots'
import '../../components/office.scss'
import './index.scss'

type Kind = 'amount' | 'time' | 'free'
type Issued = CallOutput<'parking', 'issueCoupons'>
type FieldName = 'name' | 'value' | 'lotIds' | 'plate' | 'validFrom' | 'validUntil' | 'count'
type Errors = Partial<Record<FieldName | 'form', string>>

const KINDS: ReadonlyArray<{ value: Kind; label: string }> = [
  { value: 'amount', label: '抵扣金额' },
  { value: 'time', label: '减免时长' },
  { value: 'free', label: '全免' },
]

const startOf = (day: string) => Date.parse(`${day}T00:00:00+08:00`)

/** Which field a schema issue is about. */
const fieldOf = (path: PropertyKey[]): FieldName | 'form' => {
  const head = String(path[0] ?? '')
  if (head === 'benefit') return 'value'
  return (['name', 'lotIds', 'plate', 'validFrom', 'validUntil', 'count'] as const).find((f) => f === head) ?? 'form'
}

export default function IssueCoupons() {
  const lots = useLots()
  const today = shanghai().format('YYYY-MM-DD')
  const [name, setName] = useState('')
  const [kind, setKind] = useState<Kind>('amount')
  const [value, setValue] = useState('')
  const [lotIds, setLotIds] = useState<string[]>([])
  const [plate, setPlate] = useState('')
  const [fromDay, setFromDay] = useState(today)
  const [untilDay, setUntilDay] = useState(shanghai().add(30, 'day').format('YYYY-MM-DD'))
  const [count, setCount] = useState('1')
  const [errors, setErrors] = useState<Errors>({})
  const [busy, setBusy] = useState(false)
  const [issued, setIssued] = useState<Issued | null>(null)

  const clear = (field: FieldName) => setErrors((e) => ({ ...e, [field]: undefined, form: undefined }))

  if (lots.load.status !== 'ready') {
    return <PageState className='page office-issue' load={lots.load} rows={5} loadingId='issue-loading' errorId='issue-error' onRetry={() => void lots.reload()} />
  }

  if (issued) {
    const text = issued.codes.map(formatCouponCode).join('\n')
    return (
      <View className='page office-issue' data-testid='issue-done'>
        <StateView kind='done' title={`已发放 ${issued.codes.length} 张优惠券`} description={`${issued.batch.name} · ${issued.batch.benefitText}`} />
        <View className='card'>
          <View className='office-row'>
            <Text className='card__section'>券码</Text>
            <Button size='small' fill='outline' onClick={() => void Taro.setClipboardData({ data: text })} data-testid='issue-copy'>
              复制全部
            </Button>
          </View>
          {issued.codes.slice(0, 200).map((c) => (
            <Text key={c} className='office-codes office-issue__code' data-testid='issue-code'>
              {formatCouponCode(c)}
            </Text>
          ))}
          {issued.codes.length > 200 && <Text className='office-line muted'>仅显示前 200 张，复制全部可得到全部券码</Text>}
        </View>
        <View className='office-issue__ops'>
          <Button block type='primary' onClick={() => void Taro.navigateBack()} data-testid='issue-back'>
            返回优惠券
          </Button>
        </View>
      </View>
    )
  }

  const submit = async () => {
    if (busy) return
    const found: Errors = {}
    let benefit: unknown = { kind: 'free' }
    if (kind === 'amount') {
      const fen = parseYuan(value)
      if (fen === null) found.value = '请输入抵扣金额，如 5 或 2.50'
      benefit = { kind, fen: fen ?? 0 }
    } else if (kind === 'time') {
      if (!/^\s*\d{1,5}\s*$/.test(value)) found.value = '请输入减免时长（整数分钟）'
      benefit = { kind, minutes: Number(value) }
    }
    if (!/^\s*\d{1,5}\s*$/.test(count)) found.count = '发放数量应为整数'
    const input = {
      name,
      benefit,
      lotIds,
      plate: plate.trim() === '' ? null : plate,
      validFrom: startOf(fromDay),
      // Valid through the last day chosen.
      validUntil: startOf(untilDay) + 86_400_000,
      count: Number(count),
    }
    const parsed = CouponBatchInput.safeParse(input)
    if (!parsed.success) for (const issue of parsed.error.issues) found[fieldOf(issue.path)] ??= issue.message
    if (Object.keys(found).length) {
      setErrors(found)
      void Taro.showToast({ title: '请按提示修改', icon: 'none' })
      return
    }
    setBusy(true)
    try {
      setIssued(await call('parking', 'issueCoupons', parsed.data!))
    } catch {
      // shown by call()
    } finally {
      setBusy(false)
    }
  }

  const toggleLot = (id: string) => {
    setLotIds((ids) => (ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id]))
    clear('lotIds')
  }

  return (
    <View className='page office-issue'>
      <View className='card'>
        <Field label='批次名称' error={errors.name} testId='issue-name'>
          <Input value={name} maxlength={30} placeholder='如：迎新周停车优惠' onInput={(e) => (setName(e.detail.value), clear('name'))} />
        </Field>
        <Field label='优惠类型' testId='issue-kind'>
          <Choices options={KINDS} value={kind} onChange={(k) => (setKind(k), setValue(''), clear('value'))} />
        </Field>
        {kind !== 'free' && (
          <Field label={kind === 'amount' ? '抵扣金额' : '减免时长'} error={errors.value} testId='issue-value'>
            <Input type={kind === 'amount' ? 'digit' : 'number'} value={value} placeholder={kind === 'amount' ? '如 5' : '如 120'} onInput={(e) => (setValue(e.detail.value), clear('value'))} />
            <Text className='muted'>{kind === 'amount' ? '元' : '分钟'}</Text>
          </Field>
        )}
        <Field label='适用停车场' error={errors.lotIds} testId='issue-lots'>
          <View className='office-choices'>
            {lots.lots.map((l) => (
              <Text key={l.id} className={`office-choices__item${lotIds.includes(l.id) ? ' office-choices__item--on' : ''}`} onClick={() => toggleLot(l.id)}>
                {l.name}
              </Text>
            ))}
          </View>
        </Field>
        <Field label='限定车辆（选填）' error={errors.plate} hint='填写后仅该车辆可用，每批只能发放 1 张' testId='issue-plate'>
          <Input value={plate} maxlength={10} placeholder='如 京A12345，不填则不限车辆' onInput={(e) => (setPlate(e.detail.value), clear('plate'))} />
        </Field>
        <Field label='有效期' error={errors.validFrom ?? errors.validUntil} testId='issue-validity'>
          <Picker mode='date' value={fromDay} start={today} onChange={(e) => (setFromDay(String(e.detail.value)), clear('validFrom'), clear('validUntil'))}>
            <Text className='office-issue__picker'>{fromDay}</Text>
          </Picker>
          <Text className='muted'>至</Text>
          <Picker mode='date' value={untilDay} start={today} onChange={(e) => (setUntilDay(String(e.detail.value)), clear('validUntil'))}>
            <Text className='office-issue__picker'>{untilDay}</Text>
          </Picker>
        </Field>
        <Field label='发放数量' error={errors.count} hint={`每批最多 ${MAX_BATCH_SIZE} 张`} testId='issue-count'>
          <Input type='number' value={count} onInput={(e) => (setCount(e.detail.value), clear('count'))} />
          <Text className='muted'>张</Text>
        </Field>
        {errors.form && <Text className='office-field__error'>{errors.form}</Text>}
        <Button block type='primary' loading={busy} disabled={busy} onClick={() => void submit()} data-testid='issue-submit'>
          发放
        </Button>
      </View>
    </View>
  )
}
