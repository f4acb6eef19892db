// 工作台 → 收费规则: pick a lot; its rule in force in words, every version
// (当前生效 / 待生效 / 已停用), and an edit form for the main fields with the
// schema's reasons shown in place. Saving makes a new version, in force from
// now or from a chosen day; it says so, and that cars already in the lot stay
// billed by the rule in force when they entered.
import { Input, Picker, Switch, Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { useCallback, useEffect, useState } from 'react'
import { Dialog } from '../../../../components/dialog'
import { describeRule, VEHICLE_KIND_LABELS, type CapMode, type FeeRule } from '../../../../domain/parking/fee'
import { formatDateTime, shanghai } from '../../../../domain/time'
import { call, type CallOutput } from '../../../../services/call'
import { Button } from '../../../../ui/nutui'
import { PageState, type Pending } from '../../../../ui/page-state'
import { StateView } from '../../../../ui/state-view'
import { Choices, Field } from '../../components/field'
import { LotTabs } from '../../components/lot-tabs'
import { formOf, ruleOf, type RuleErrors, type RuleField, type RuleForm } from '../../components/rule-form'
import { useLots } from '../../components/use-lots'
import '../../components/office.scss'
import './index.scss'

type Versions = CallOutput<'parking', 'feeRules'>
type Version = Versions['versions'][number]
type Load = Pending | ({ status: 'ready' } & Versions)

const CAP_MODES: ReadonlyArray<{ value: CapMode; label: string }> = [
  { value: 'calendarDay', label: '按自然日' },
  { value: 'rolling24h', label: '按入场起每 24 小时' },
]

/** The rule in words: small cars' in full, then for each kind priced differently the lines that differ. */
function ruleLines(rule: FeeRule) {
  const small = describeRule(rule, 'small').slice(1)
  const others = (['large', 'newEnergy'] as const).filter((k) => rule[k])
  return [
    { kind: 'small' as const, lines: small },
    ...others.map((k) => ({ kind: k, lines: describeRule(rule, k).slice(1).filter((l) => !small.includes(l)) })).filter((k) => k.lines.length),
  ]
}

function versionState(v: Version, currentId: string | null, current: Version | undefined) {
  if (v.id === currentId) return { text: '当前生效', tone: 'green' }
  if (current ? v.from > current.from : true) return { text: '待生效', tone: 'orange' }
  return { text: '已停用', tone: 'grey' }
}

export default function FeeRules() {
  const lots = useLots()
  const [load, setLoad] = useState<Load>({ status: 'loading' })
  /** The form while editing, with the version it started from. */
  const [editing, setEditing] = useState<{ form: RuleForm; base: FeeRule } | null>(null)
  const [errors, setErrors] = useState<RuleErrors>({})
  /** 立即生效, or the day (YYYY-MM-DD) it takes over from 00:00. */
  const [fromDay, setFromDay] = useState('')
  const [confirming, setConfirming] = useState<FeeRule | null>(null)
  const [busy, setBusy] = useState(false)
  const [open, setOpen] = useState<string | null>(null)

  const refresh = useCallback(async (quiet = false) => {
    if (!lots.lotId) return
    if (!quiet) setLoad({ status: 'loading' })
    try {
      const got = await call('parking', 'feeRules', { lotId: lots.lotId }, { silent: true })
      setLoad({ status: 'ready', ...got })
    } catch (e) {
      if (quiet) void Taro.showToast({ title: (e as Error).message, icon: 'none' })
      else setLoad({ status: 'error', message: (e as Error).message })
    }
  }, [lots.lotId])

  useEffect(() => {
    setEditing(null)
    void refresh()
  }, [refresh])
  usePullDownRefresh(() => void refresh(true).finally(() => Taro.stopPullDownRefresh()))

  if (lots.load.status !== 'ready') {
    return <PageState className='page office-rules' load={lots.load} rows={4} loadingId='rules-loading' errorId='rules-error' onRetry={() => void lots.reload()} />
  }
  if (!lots.lots.length) {
    return (
      <View className='page office-rules'>
        <StateView kind='empty' title='暂无停车场' description='尚未配置停车场' testId='rules-no-lots' />
      </View>
    )
  }

  const tabs = <LotTabs lots={lots.lots} value={lots.lotId} onChange={lots.setLotId} />
  if (load.status !== 'ready') {
    return (
      <View className='page office-rules'>
        {tabs}
        <PageState load={load} rows={4} loadingId='rules-loading' errorId='rules-error' onRetry={() => void refresh()} />
      </View>
    )
  }

  const current = load.versions.find((v) => v.id === load.currentId)
  const tomorrow = shanghai().add(1, 'day').format('YYYY-MM-DD')
  const fromText = fromDay ? `${fromDay.replace(/-/g, '.')} 00:00` : '保存时'

  const startEditing = () => {
    const base = current?.rule ?? load.versions[0]?.rule
    if (!base) return
    setEditing({ form: formOf(base), base })
    setErrors({})
    setFromDay('')
  }
  const set = <K extends RuleField>(field: K, value: RuleForm[K]) => {
    setEditing((e) => (e ? { ...e, form: { ...e.form, [field]: value } } : e))
    setErrors((errs) => ({ ...errs, [field]: undefined, rule: undefined }))
  }
  const check = () => {
    if (!editing) return
    const result = ruleOf(editing.form, editing.base)
    if (!result.ok) {
      setErrors(result.errors)
      void Taro.showToast({ title: '请按提示修改收费规则', icon: 'none' })
      return
    }
    setConfirming(result.rule)
  }
  const save = async (rule: FeeRule) => {
    setBusy(true)
    try {
      const from = fromDay ? Date.parse(`${fromDay}T00:00:00+08:00`) : undefined
      const { version } = await call('parking', 'setFeeRule', { lotId: lots.lotId, rule, ...(from !== undefined ? { from } : {}) })
      setConfirming(null)
      setEditing(null)
      void Taro.showToast({ title: `已保存，${formatDateTime(version.from)} 起生效`, icon: 'none', duration: 3000 })
      await refresh(true)
    } catch {
      setConfirming(null) // shown by call()
    } finally {
      setBusy(false)
    }
  }

  const form = editing?.form
  const text = (field: RuleField, label: string, opts: { unit: string; type?: 'number' | 'digit'; hint?: string; placeholder?: string }) => (
    <Field label={label} error={errors[field]} hint={opts.hint} testId={`rule-${field}`}>
      <Input
        type={opts.type ?? 'number'}
        value={String(form?.[field] ?? '')}
        placeholder={opts.placeholder}
        onInput={(e) => set(field, e.detail.value as never)}
      />
      <Text className='muted'>{opts.unit}</Text>
    </Field>
  )

  return (
    <View className='page office-rules'>
      {tabs}
      {!load.versions.length && <StateView kind='empty' title='暂无收费规则' description='该停车场尚未设置收费规则' testId='rules-empty' />}

      {current && !editing && (
        <View className='card' data-testid='rules-current'>
          <View className='office-row'>
            <Text className='office-title'>当前收费规则</Text>
            <Text className='office-tag office-tag--green'>当前生效</Text>
          </View>
          <Text className='office-line muted'>
            自 {formatDateTime(current.from)} 起生效 · {current.by} 保存
          </Text>
          {ruleLines(current.rule).map(({ kind, lines }) => (
            <View key={kind} className='office-rules__kind'>
              {kind !== 'small' && <Text className='office-rules__kind-title'>{VEHICLE_KIND_LABELS[kind]}</Text>}
              {lines.map((l) => (
                <Text key={l} className='office-line'>
                  · {l}
                </Text>
              ))}
            </View>
          ))}
          <View className='office-ops'>
            <Button size='small' type='primary' onClick={startEditing} data-testid='rules-edit'>
              修改收费规则
            </Button>
          </View>
        </View>
      )}

      {editing && form && (
        <View className='card' data-testid='rules-form'>
          <Text className='card__section'>修改收费规则（小型车）</Text>
          {text('freeMinutes', '免费时长', { unit: '分钟' })}
          <Field label='超过免费时长后' error={errors.billFreeMinutes} testId='rule-billFreeMinutes'>
            <Text className='office-rules__switch-text'>{form.billFreeMinutes ? '自入场时起计费' : '免费时长不计费'}</Text>
            <Switch checked={form.billFreeMinutes} color='#07c160' onChange={(e) => set('billFreeMinutes', e.detail.value)} />
          </Field>
          {text('firstMinutes', '首段时长（0 为不设首段）', { unit: '分钟' })}
          {text('firstYuan', '首段价格', { unit: '元', type: 'digit' })}
          {text('unitMinutes', '计费单位', { unit: '分钟' })}
          {text('unitYuan', form.dayNight ? '白天单价（每个计费单位）' : '单价（每个计费单位）', { unit: '元', type: 'digit' })}
          <Field label='白天、夜间分别计价' testId='rule-dayNight'>
            <Text className='office-rules__switch-text'>{form.dayNight ? '分时段计价' : '全天同价'}</Text>
            <Switch checked={form.dayNight} color='#07c160' onChange={(e) => set('dayNight', e.detail.value)} />
          </Field>
          {form.dayNight && (
            <>
              <Field label='白天时段' error={errors.dayStart ?? errors.dayEnd} testId='rule-dayWindow'>
                <Picker mode='time' value={form.dayStart} onChange={(e) => set('dayStart', String(e.detail.value))}>
                  <Text className='office-rules__picker'>{form.dayStart}</Text>
                </Picker>
                <Text className='muted'>至</Text>
                <Picker mode='time' value={form.dayEnd} onChange={(e) => set('dayEnd', String(e.detail.value))}>
                  <Text className='office-rules__picker'>{form.dayEnd}</Text>
                </Picker>
              </Field>
              {text('nightYuan', '夜间单价（每个计费单位）', { unit: '元', type: 'digit' })}
            </>
          )}
          {text('capYuan', '封顶金额', { unit: '元', type: 'digit', placeholder: '不填则不封顶' })}
          <Field label='封顶方式' error={errors.capMode} testId='rule-capMode'>
            <Choices options={CAP_MODES} value={form.capMode} onChange={(v) => set('capMode', v)} />
          </Field>
          {text('graceMinutes', '缴费后免费离场时间', { unit: '分钟' })}
          <Field label='生效时间' hint='已在场车辆仍按其入场时有效的收费规则计费' testId='rule-from'>
            <Choices
              options={[
                { value: 'now', label: '保存后立即生效' },
                { value: 'day', label: fromDay ? `${fromDay} 起` : '指定日期' },
              ]}
              value={fromDay ? 'day' : 'now'}
              onChange={(v) => (v === 'now' ? setFromDay('') : setFromDay(tomorrow))}
            />
            {fromDay && (
              <Picker mode='date' value={fromDay} start={tomorrow} onChange={(e) => setFromDay(String(e.detail.value))}>
                <Text className='office-rules__picker'>改日期</Text>
              </Picker>
            )}
          </Field>
          {(editing.base.large || editing.base.newEnergy) && <Text className='office-line muted'>大型车、新能源车的差异价格沿用当前设置。</Text>}
          {errors.rule && (
            <Text className='office-field__error' data-testid='rule-error'>
              {errors.rule}
            </Text>
          )}
          <View className='office-ops'>
            <Button size='small' fill='outline' onClick={() => setEditing(null)} data-testid='rules-cancel'>
              取消
            </Button>
            <Button size='small' type='primary' onClick={check} data-testid='rules-save'>
              保存
            </Button>
          </View>
        </View>
      )}

      {load.versions.length > 0 && (
        <View className='card' data-testid='rules-versions'>
          <Text className='card__section'>历史版本</Text>
          {load.versions.map((v) => {
            const state = versionState(v, load.currentId, current)
            return (
              <View key={v.id} className='office-rules__version' data-testid='rules-version' onClick={() => setOpen(open === v.id ? null : v.id)}>
                <View className='office-row'>
                  <Text>自 {formatDateTime(v.from)} 起</Text>
                  <Text className={`office-tag office-tag--${state.tone}`}>{state.text}</Text>
                </View>
                <Text className='office-line muted'>
                  {v.by} 于 {formatDateTime(v.at)} 保存 · {open === v.id ? '收起' : '查看'}
                </Text>
                {open === v.id &&
                  describeRule(v.rule, 'small')
                    .slice(1)
                    .map((l) => (
                      <Text key={l} className='office-line'>
                        · {l}
                      </Text>
                    ))}
              </View>
            )
          })}
        </View>
      )}

      <Dialog
        visible={confirming !== null}
        title='保存收费规则'
        message={`新规则自${fromText === '保存时' ? '保存时' : ` ${fromText} `}起生效。已在场的车辆仍按其入场时有效的收费规则计费。`}
        testId='rules-confirm-dialog'
        buttons={[
          { text: '取消', onClick: () => setConfirming(null), testId: 'rules-confirm-cancel' },
          { text: busy ? '保存中…' : '确认保存', primary: true, onClick: () => confirming && !busy && void save(confirming), testId: 'rules-confirm-ok' },
        ]}
      />
    </View>
  )
}
