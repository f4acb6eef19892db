// 访客核验 (the guard, 工作台): scan the visitor's QR (on H5, type what it
// says — the token — or the code) or type the 6-digit code → the visitor's
// name, masked phone, 人数 and 来访事由, the host, the window and the plate,
// with whether 登记到访 is possible now or why not (未到来访时间, 来访时间已过,
// 预约已取消, 已登记到访). Refusals in place in the server's words: a wrong code
// with the tries left, the typing lock with its end, a void or forged QR.
import { Input, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { PlateChip } from '../../../../components/plate-chip'
import { AppError } from '../../../../domain/errors'
import { call, type CallOutput } from '../../../../services/call'
import { scanCode } from '../../../../services/platform/scan'
import { Scan, Success } from '../../../../ui/icons'
import { Button } from '../../../../ui/nutui'
import { statusTone } from '../../components/pass-card'
import '../../components/visitor.scss'
import './index.scss'

type GuardPass = CallOutput<'visitor', 'check'>['pass']

export default function GuardCheckPage() {
  const [code, setCode] = useState('')
  const [pass, setPass] = useState<GuardPass | null>(null)
  const [arrived, setArrived] = useState(false)
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)

  const check = async (input: { code: string } | { token: string }) => {
    if (busy) return
    setBusy(true)
    setError('')
    setArrived(false)
    try {
      setPass((await call('visitor', 'check', input, { silent: true })).pass)
    } catch (e) {
      setPass(null)
      setError((e as Error).message)
    } finally {
      setBusy(false)
    }
  }

  const byCode = () => {
    const typed = code.trim()
    if (!/^\d{6}$/.test(typed)) return setError('请输入 6 位验证码')
    void check({ code: typed })
  }

  const scan = async () => {
    try {
      const text = (await scanCode('请输入访客二维码内容或 6 位验证码')).trim()
      void check(/^\d{6}$/.test(text) ? { code: text } : { token: text })
    } catch (e) {
      if (!(e instanceof AppError && e.code === 'SCAN_CANCELLED')) setError((e as Error).message)
    }
  }

  const checkIn = async (p: GuardPass) => {
    if (busy) return
    setBusy(true)
    setError('')
    try {
      setPass((await call('visitor', 'checkIn', { passId: p.id, version: p.version }, { silent: true })).pass)
      setArrived(true)
      setCode('')
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setBusy(false)
    }
  }

  const rows: Array<[string, string, string]> = pass
    ? [
        ['手机号', pass.phone, 'check-phone'],
        ['人数', `${pass.visitors} 人`, 'check-visitors'],
        ['来访事由', pass.purpose, 'check-purpose'],
        ['被访人', `${pass.hostName} · ${pass.hostDepartment}`, 'check-host'],
        ['来访时间', pass.windowText, 'check-window'],
        ['停车费用', pass.parkingPayerLabel.replace(/^访客停车：/, ''), 'check-payer'],
      ]
    : []

  return (
    <View className='page visitor-check'>
      <View className='card visitor-check__input'>
        <View className='visitor-check__scan' data-testid='check-scan' onClick={() => void scan()}>
          <Scan size={28} />
          <Text>扫描访客二维码</Text>
        </View>
        <Text className='visitor-check__or'>或输入访客的 6 位验证码</Text>
        <View className='visitor-check__code-row'>
          <Input
            className='visitor-check__code'
            data-testid='check-code'
            type='number'
            maxlength={6}
            placeholder='6 位验证码'
            value={code}
            onInput={(e) => {
              setCode(e.detail.value)
              setError('')
            }}
            onConfirm={byCode}
          />
          <Button type='primary' disabled={busy} loading={busy} onClick={byCode} data-testid='check-submit'>
            核验
          </Button>
        </View>
      </View>

      {error && (
        <Text className='form-error' data-testid='check-error'>
          {error}
        </Text>
      )}

      {pass && (
        <View className='card visitor-check__pass' data-testid='check-pass'>
          {arrived && (
            <View className='visitor-check__done' data-testid='check-arrived'>
              <Success size={20} />
              <Text>已登记到访，已通知被访人</Text>
            </View>
          )}
          <View className='visitor-card__head'>
            <Text className='visitor-card__name' data-testid='check-name'>
              {pass.name}
            </Text>
            <Text className={`visitor-status visitor-status--${statusTone(pass.status)}`} data-testid='check-status'>
              {pass.statusLabel}
            </Text>
          </View>
          <View className='form-rows'>
            {rows.map(([label, value, testId]) => (
              <View key={label} className='form-rows__row'>
                <Text className='form-rows__label'>{label}</Text>
                <Text className='form-rows__value' data-testid={testId}>
                  {value}
                </Text>
              </View>
            ))}
            <View className='form-rows__row'>
              <Text className='form-rows__label'>车牌号</Text>
              {pass.plateText ? <PlateChip plate={pass.plateText} testId='check-plate' /> : <Text className='form-rows__value'>无车辆</Text>}
            </View>
          </View>
          {pass.checkIn.ok ? (
            <Button type='primary' block disabled={busy} loading={busy} onClick={() => void checkIn(pass)} data-testid='check-in'>
              登记到访
            </Button>
          ) : (
            !arrived && (
              <Text className='visitor-check__refused' data-testid='check-refused'>
                不能登记到访：{pass.checkIn.message}
              </Text>
            )
          )}
        </View>
      )}
    </View>
  )
}
