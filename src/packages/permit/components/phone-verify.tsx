// 车主手机号: phone + SMS code with a visible countdown, 提交. Rendered as a
// bottom sheet (components/sheet: × and, on H5, back close it) over the
// 车证办理 page.
import { Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { Sheet } from '../../../components/sheet'
import { PHONE_RE } from '../../../domain/phone'
import { call } from '../../../services/call'
import { Button } from '../../../ui/nutui'
import './phone-verify.scss'

export function PhoneVerify({ onVerified, onClose }: { onVerified: (masked: string) => void; onClose: () => void }) {
  const [phone, setPhone] = useState('')
  const [code, setCode] = useState('')
  const [left, setLeft] = useState(0)
  /** The code was voided (too many wrong tries): say so, and count down to when a new one can be asked for. */
  const [voided, setVoided] = useState<{ message: string; countdown: boolean } | null>(null)
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    if (left <= 0) return
    const t = setTimeout(() => setLeft(left - 1), 1000)
    return () => clearTimeout(t)
  }, [left])

  const send = async () => {
    if (left > 0 || busy) return
    setBusy(true)
    try {
      const r = await call('phone', 'sendCode', { phone })
      setLeft(r.cooldownSec)
      setVoided(null)
      void Taro.showToast({ title: '验证码已发送', icon: 'success' })
    } catch (e) {
      const retry = (e as { details?: { retryAfterSec?: number } }).details?.retryAfterSec
      if (retry && retry < 120) setLeft(retry)
    } finally {
      setBusy(false)
    }
  }

  const submit = async () => {
    setBusy(true)
    try {
      const r = await call('phone', 'verify', { phone, code })
      onVerified(r.masked ?? '')
    } catch (e) {
      // call() has shown the reason; a void code also says when a new one can be asked for.
      const retry = (e as { details?: { retryAfterSec?: unknown } }).details?.retryAfterSec
      if (typeof retry === 'number') {
        // A short wait counts down on the button; a long one (the hourly or daily limit) is the server's sentence.
        const countdown = retry < 120
        setVoided({ message: (e as Error).message, countdown })
        setLeft(countdown ? retry : 0)
      }
    } finally {
      setBusy(false)
    }
  }

  return (
    <Sheet title='车主手机号' className='phone-verify' testId='phone-verify' onClose={onClose}>
      <View className='phone-verify__row'>
        <Text className='phone-verify__label'>手机号</Text>
        <Input className='phone-verify__input' data-testid='phone-input' type='number' maxlength={11} placeholder='请输入车主手机号' value={phone} onInput={(e) => setPhone(e.detail.value)} />
      </View>
      <View className='phone-verify__row'>
        <Text className='phone-verify__label'>短信验证码</Text>
        <Input className='phone-verify__input' data-testid='code-input' type='number' maxlength={6} placeholder='6 位验证码' value={code} onInput={(e) => setCode(e.detail.value)} />
        <Text
          className={`phone-verify__send${left > 0 || !PHONE_RE.test(phone) ? ' phone-verify__send--off' : ''}`}
          data-testid='send-code'
          onClick={() => PHONE_RE.test(phone) && void send()}
        >
          {left > 0 ? `${left}秒` : '获取验证码'}
        </Text>
      </View>
      {voided && (
        <Text className='phone-verify__voided' data-testid='code-voided'>
          {!voided.countdown ? voided.message : left > 0 ? `验证码已失效，请 ${left} 秒后重新获取` : '验证码已失效，请重新获取'}
        </Text>
      )}
      <Text className='phone-verify__tip'>停车场办理长租时以此信息为准。请勿频繁获取验证码，超过次数当天将被锁定。</Text>
      <Button type='primary' block disabled={busy || code.length !== 6} onClick={() => void submit()} data-testid='phone-submit'>
        提交
      </Button>
    </Sheet>
  )
}
