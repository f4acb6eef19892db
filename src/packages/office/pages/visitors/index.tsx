// 工作台 → 访客管理 (the parking office, issue 13): the 访客邀请账号 (hosts) —
// listed with department, masked phone, bound or not, locked until when;
// 添加账号 with an initial password (stored by the server only as a slow
// salted hash); 停用 / 启用 and 解除绑定 (a bound account's WeChat no longer
// holds it) after a confirm; 重置密码 for a host who forgot it (the lock
// lifted, the binding kept) — and the visit settings
// (how far ahead, the longest visit, visiting hours, 人数, several entries,
// early arrival, who pays parking, the campus address), edited in place with
// each field's reason under it.
import { Input, Switch, Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { useState } from 'react'
import { Sheet } from '../../../../components/sheet'
import { NewHostPassword, HostAccount } from '../../../../domain/contracts/visitor'
import { formatDateTime } from '../../../../domain/time'
import { PARKING_PAYER_NOTES } from '../../../../domain/visitor/parking'
import { formatVisitHours, PARKING_PAYER_LABELS, PARKING_PAYERS, VisitorSettingsSchema, type ParkingPayer, type VisitorSettings } from '../../../../domain/visitor/pass'
import { call, type CallOutput } from '../../../../services/call'
import { Button } from '../../../../ui/nutui'
import { PageState, type Pending } from '../../../../ui/page-state'
import { StateView } from '../../../../ui/state-view'
import { Choices, Field } from '../../components/field'
import '../../components/office.scss'
import './index.scss'

type Host = CallOutput<'visitor', 'hosts'>['hosts'][number]
type Settings = CallOutput<'visitor', 'settings'>
type Load<T> = Pending | ({ status: 'ready' } & T)

type NewHost = { account: string; name: string; department: string; phone: string; password: string }
const EMPTY_HOST: NewHost = { account: '', name: '', department: '', phone: '', password: '' }

/** The settings as typed (numbers as text). */
type SettingsForm = {
  maxDaysAhead: string
  maxWindowHours: string
  anyHours: boolean
  from: string
  to: string
  maxVisitors: string
  allowMultipleEntries: boolean
  earlyArrivalMinutes: string
  parkingPayer: ParkingPayer
  address: string
}
type SettingsField = keyof SettingsForm

const formOf = (s: Settings): SettingsForm => ({
  maxDaysAhead: String(s.settings.maxDaysAhead),
  maxWindowHours: String(s.settings.maxWindowHours),
  anyHours: s.settings.visitHours === null,
  from: String(s.settings.visitHours?.from ?? 7),
  to: String(s.settings.visitHours?.to ?? 22),
  maxVisitors: String(s.settings.maxVisitors),
  allowMultipleEntries: s.settings.allowMultipleEntries,
  earlyArrivalMinutes: String(s.settings.earlyArrivalMinutes),
  parkingPayer: s.settings.parkingPayer,
  address: s.address,
})

const num = (s: string) => (/^\d+$/.test(s.trim()) ? Number(s.trim()) : NaN)

/** The typed settings checked by the contract's schema, each refusal under its field. */
function settingsOf(f: SettingsForm): { ok: true; settings: VisitorSettings; address: string } | { ok: false; errors: Partial<Record<SettingsField, string>> } {
  const input = {
    maxDaysAhead: num(f.maxDaysAhead),
    maxWindowHours: num(f.maxWindowHours),
    visitHours: f.anyHours ? null : { from: num(f.from), to: num(f.to) },
    maxVisitors: num(f.maxVisitors),
    allowMultipleEntries: f.allowMultipleEntries,
    earlyArrivalMinutes: num(f.earlyArrivalMinutes),
    parkingPayer: f.parkingPayer,
  }
  const parsed = VisitorSettingsSchema.safeParse(input)
  const errors: Partial<Record<SettingsField, string>> = {}
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const [a, b] = issue.path
      const field = (a === 'visitHours' ? (b === 'from' ? 'from' : 'to') : a) as SettingsField
      errors[field] ??= issue.message
    }
  const address = f.address.trim()
  if ([...address].length < 2 || [...address].length > 60) errors.address = '来访地址应为 2–60 个字'
  return parsed.success && !Object.keys(errors).length ? { ok: true, settings: parsed.data, address } : { ok: false, errors }
}

/** A new host checked field by field (the server checks again). */
function hostErrors(h: NewHost): Partial<Record<keyof NewHost, string>> {
  const errors: Partial<Record<keyof NewHost, string>> = {}
  const acc = HostAccount.safeParse(h.account)
  if (!acc.success) errors.account = acc.error.issues[0]?.message
  if ([...h.name.trim()].length < 2 || [...h.name.trim()].length > 20) errors.name = '姓名应为 2–20 个字'
  if (!h.department.trim()) errors.department = '请填写部门'
  if (!/^1[3-9]\d{9}$/.test(h.phone.trim())) errors.phone = '请输入正确的 11 位手机号'
  const pw = NewHostPassword.safeParse(h.password)
  if (!pw.success) errors.password = pw.error.issues[0]?.message
  return errors
}

export default function OfficeVisitors() {
  const [hosts, setHosts] = useState<Load<{ hosts: Host[] }>>({ status: 'loading' })
  const [settings, setSettings] = useState<Load<Settings>>({ status: 'loading' })
  const [adding, setAdding] = useState<NewHost | null>(null)
  const [addErrors, setAddErrors] = useState<Partial<Record<keyof NewHost | 'form', string>>>({})
  const [form, setForm] = useState<SettingsForm | null>(null)
  const [errors, setErrors] = useState<Partial<Record<SettingsField, string>>>({})
  const [busy, setBusy] = useState(false)
  /** 重置密码: the account and the new password typed. */
  const [resetting, setResetting] = useState<{ host: Host; password: string; error?: string } | null>(null)

  const readHosts = async () => {
    try {
      setHosts({ status: 'ready', ...(await call('visitor', 'hosts', {}, { silent: true })) })
    } catch (e) {
      setHosts({ status: 'error', message: (e as Error).message })
    }
  }
  const readSettings = async () => {
    try {
      setSettings({ status: 'ready', ...(await call('visitor', 'settings', {}, { silent: true })) })
    } catch (e) {
      setSettings({ status: 'error', message: (e as Error).message })
    }
  }
  useDidShow(() => {
    void readHosts()
    void readSettings()
  })
  usePullDownRefresh(() => void Promise.all([readHosts(), readSettings()]).finally(() => Taro.stopPullDownRefresh()))

  const add = async () => {
    if (!adding || busy) return
    const found = hostErrors(adding)
    setAddErrors(found)
    if (Object.keys(found).length) return
    setBusy(true)
    try {
      await call('visitor', 'addHost', { ...adding, name: adding.name.trim(), department: adding.department.trim(), phone: adding.phone.trim() }, { silent: true })
      setAdding(null)
      void Taro.showToast({ title: '账号已添加', icon: 'none' })
      void readHosts()
    } catch (e) {
      setAddErrors({ form: (e as Error).message })
    } finally {
      setBusy(false)
    }
  }

  const setActive = async (h: Host) => {
    const { confirm } = await Taro.showModal({
      title: h.active ? '停用账号' : '启用账号',
      content: h.active ? `停用后 ${h.name}（${h.account}）不能再绑定和预约访客，已发出的访客凭证仍然有效。` : `启用后 ${h.name}（${h.account}）可以绑定和预约访客。`,
      confirmText: h.active ? '停用' : '启用',
      cancelText: '取消',
    })
    if (!confirm) return
    try {
      await call('visitor', 'setHostActive', { hostId: h.id, active: !h.active }, { silent: true })
      void readHosts()
    } catch (e) {
      void Taro.showToast({ title: (e as Error).message, icon: 'none' })
    }
  }

  const unbind = async (h: Host) => {
    const { confirm } = await Taro.showModal({
      title: '解除绑定',
      content: `解除后 ${h.name}（${h.account}）的微信不能再管理访客预约，需用密码重新绑定。已发出的访客凭证仍然有效。`,
      confirmText: '解除绑定',
      cancelText: '取消',
    })
    if (!confirm) return
    try {
      await call('visitor', 'unbindHost', { hostId: h.id }, { silent: true })
      void Taro.showToast({ title: '已解除绑定', icon: 'none' })
      void readHosts()
    } catch (e) {
      void Taro.showToast({ title: (e as Error).message, icon: 'none' })
    }
  }

  const resetPassword = async () => {
    if (!resetting || busy) return
    const pw = NewHostPassword.safeParse(resetting.password)
    if (!pw.success) return setResetting({ ...resetting, error: pw.error.issues[0]?.message })
    setBusy(true)
    try {
      await call('visitor', 'resetHostPassword', { hostId: resetting.host.id, password: resetting.password }, { silent: true })
      setResetting(null)
      void Taro.showToast({ title: '密码已重置', icon: 'none' })
      void readHosts()
    } catch (e) {
      setResetting((r) => (r ? { ...r, error: (e as Error).message } : r))
    } finally {
      setBusy(false)
    }
  }

  const save = async () => {
    if (!form || busy) return
    const checked = settingsOf(form)
    if (!checked.ok) return setErrors(checked.errors)
    setBusy(true)
    try {
      setSettings({ status: 'ready', ...(await call('visitor', 'setSettings', { settings: checked.settings, address: checked.address }, { silent: true })) })
      setForm(null)
      void Taro.showToast({ title: '访客设置已保存', icon: 'none' })
    } catch (e) {
      void Taro.showToast({ title: (e as Error).message, icon: 'none' })
    } finally {
      setBusy(false)
    }
  }

  const setField = <K extends SettingsField>(k: K, v: SettingsForm[K]) => {
    setForm((f) => (f ? { ...f, [k]: v } : f))
    setErrors((e) => ({ ...e, [k]: undefined }))
  }
  const numberField = (k: SettingsField, label: string, unit: string) => (
    <Field label={label} error={errors[k]} testId={`vs-${k}`}>
      <Input type='number' value={String(form?.[k] ?? '')} onInput={(e) => setField(k, e.detail.value as never)} />
      <Text className='muted'>{unit}</Text>
    </Field>
  )
  const hostInput = (k: keyof NewHost, label: string, placeholder: string, password = false) => (
    <Field label={label} error={addErrors[k]} testId={`host-${k}`}>
      <Input
        password={password}
        type={k === 'phone' ? 'number' : 'text'}
        placeholder={placeholder}
        value={adding?.[k] ?? ''}
        onInput={(e) => {
          const value = e.detail.value
          setAdding((a) => (a ? { ...a, [k]: value } : a))
          setAddErrors((x) => ({ ...x, [k]: undefined, form: undefined }))
        }}
      />
    </Field>
  )

  return (
    <View className='page office-visitors'>
      {/* The visit settings. */}
      {settings.status !== 'ready' ? (
        <PageState load={settings} rows={4} loadingId='vs-loading' errorId='vs-error' onRetry={() => void readSettings()} />
      ) : !form ? (
        <View className='card' data-testid='vs-summary'>
          <View className='office-row'>
            <Text className='office-title'>访客设置</Text>
            <Text className='office-ops__link' data-testid='vs-edit' onClick={() => setForm(formOf(settings))}>
              修改
            </Text>
          </View>
          <Text className='office-line'>
            可提前 {settings.settings.maxDaysAhead} 天预约，单次来访不超过 {settings.settings.maxWindowHours} 小时
          </Text>
          <Text className='office-line'>来访时段 {settings.settings.visitHours ? formatVisitHours(settings.settings.visitHours) : '不限'}</Text>
          <Text className='office-line'>
            每次最多 {settings.settings.maxVisitors} 人，{settings.settings.allowMultipleEntries ? '来访时间内可多次入场' : '仅可入场一次'}，可提前 {settings.settings.earlyArrivalMinutes} 分钟到访
          </Text>
          <Text className='office-line'>访客停车：{PARKING_PAYER_LABELS[settings.settings.parkingPayer]}</Text>
          <Text className='office-line'>来访地址：{settings.address}</Text>
        </View>
      ) : (
        <View className='card' data-testid='vs-form'>
          <Text className='office-title'>访客设置</Text>
          {numberField('maxDaysAhead', '可提前预约天数', '天')}
          {numberField('maxWindowHours', '单次来访最长', '小时')}
          <Field label='来访时段' testId='vs-anyHours'>
            <Text className='office-visitors__switch-text'>{form.anyHours ? '不限' : '限定时段'}</Text>
            <Switch checked={!form.anyHours} color='#07c160' onChange={(e) => setField('anyHours', !e.detail.value)} />
          </Field>
          {!form.anyHours && (
            <>
              {numberField('from', '每日开始', '点')}
              {numberField('to', '每日结束', '点')}
            </>
          )}
          {numberField('maxVisitors', '每次来访人数上限', '人')}
          <Field label='多次入场' testId='vs-allowMultipleEntries'>
            <Text className='office-visitors__switch-text'>{form.allowMultipleEntries ? '来访时间内可多次入场' : '仅可入场一次'}</Text>
            <Switch checked={form.allowMultipleEntries} color='#07c160' onChange={(e) => setField('allowMultipleEntries', e.detail.value)} />
          </Field>
          {numberField('earlyArrivalMinutes', '可提前到访', '分钟')}
          <Field label='访客停车费用' testId='vs-parkingPayer'>
            <Choices options={PARKING_PAYERS.map((p) => ({ value: p, label: PARKING_PAYER_LABELS[p] }))} value={form.parkingPayer} onChange={(v) => setField('parkingPayer', v)} />
          </Field>
          <Text className='form-note' data-testid='vs-parkingPayer-note'>
            {PARKING_PAYER_NOTES[form.parkingPayer]}
          </Text>
          <Field label='来访地址' error={errors.address} testId='vs-address'>
            <Input value={form.address} maxlength={60} onInput={(e) => setField('address', e.detail.value)} />
          </Field>
          <View className='office-ops'>
            <Button size='small' onClick={() => setForm(null)}>
              取消
            </Button>
            <Button size='small' type='primary' disabled={busy} loading={busy} onClick={() => void save()} data-testid='vs-save'>
              保存
            </Button>
          </View>
        </View>
      )}

      {/* The host accounts. */}
      <View className='office-visitors__head'>
        <Text className='office-title'>访客邀请账号</Text>
        <Button
          size='small'
          type='primary'
          onClick={() => {
            setAdding({ ...EMPTY_HOST })
            setAddErrors({})
          }}
          data-testid='host-add'
        >
          添加账号
        </Button>
      </View>
      {hosts.status !== 'ready' ? (
        <PageState load={hosts} cards={2} rows={2} loadingId='hosts-loading' errorId='hosts-error' onRetry={() => void readHosts()} />
      ) : hosts.hosts.length === 0 ? (
        <StateView kind='empty' title='暂无访客邀请账号' description='添加账号后，被访人可在小程序中绑定并预约访客' testId='hosts-empty' />
      ) : (
        hosts.hosts.map((h) => (
          <View key={h.id} className='card' data-testid='host-item' data-account={h.account}>
            <View className='office-row'>
              <Text className='office-title'>
                {h.name} · {h.account}
              </Text>
              <Text className={`office-tag office-tag--${h.active ? 'green' : 'red'}`}>{h.active ? '启用' : '已停用'}</Text>
            </View>
            <Text className='office-line'>
              {h.department} · {h.phone}
            </Text>
            <View className='office-tags'>
              <Text className={`office-tag office-tag--${h.bound ? 'blue' : 'grey'}`} data-testid='host-bound'>
                {h.bound ? '已绑定微信' : '未绑定'}
              </Text>
              {h.lockedUntil !== null && <Text className='office-tag office-tag--orange'>密码错误锁定至 {formatDateTime(h.lockedUntil)}</Text>}
            </View>
            <View className='office-ops'>
              {h.bound && (
                <Button size='small' onClick={() => void unbind(h)} data-testid='host-unbind'>
                  解除绑定
                </Button>
              )}
              <Button size='small' onClick={() => setResetting({ host: h, password: '' })} data-testid='host-reset'>
                重置密码
              </Button>
              <Button size='small' onClick={() => void setActive(h)} data-testid='host-toggle'>
                {h.active ? '停用' : '启用'}
              </Button>
            </View>
          </View>
        ))
      )}

      {resetting && (
        <Sheet title={`重置密码 · ${resetting.host.name}`} testId='reset-sheet' className='office-sheet' onClose={() => setResetting(null)}>
          <Field label='新密码' error={resetting.error} testId='reset-password'>
            <Input
              password
              placeholder='至少 8 位，含字母和数字'
              value={resetting.password}
              onInput={(e) => {
                const value = e.detail.value
                setResetting((r) => (r ? { ...r, password: value, error: undefined } : r))
              }}
            />
          </Field>
          <Text className='form-note'>重置后请将新密码告知被访人；锁定将解除，已绑定的微信不受影响。</Text>
          <Button type='primary' block disabled={busy} loading={busy} onClick={() => void resetPassword()} data-testid='reset-submit'>
            重置密码
          </Button>
        </Sheet>
      )}

      {adding && (
        <Sheet title='添加访客邀请账号' testId='host-sheet' className='office-sheet' onClose={() => setAdding(null)}>
          {hostInput('account', '账号', '3–32 位字母、数字或 _ . -')}
          {hostInput('name', '姓名', '被访人姓名')}
          {hostInput('department', '部门', '如：基础医学院')}
          {hostInput('phone', '手机号', '11 位手机号')}
          {hostInput('password', '初始密码', '至少 8 位，含字母和数字', true)}
          {addErrors.form && (
            <Text className='office-field__error' data-testid='host-error'>
              {addErrors.form}
            </Text>
          )}
          <Button type='primary' block disabled={busy} loading={busy} onClick={() => void add()} data-testid='host-submit'>
            添加
          </Button>
        </Sheet>
      )}
    </View>
  )
}
