// 账号绑定 (seed 001 §3.1): the host's 访客邀请账号 and password → 账号绑定;
// the server's refusals in place (账号或密码错误, 密码错误，还可尝试 N 次, the
// lock with its end, an account bound to another WeChat, this WeChat bound to
// another account). Bound: who the account is, 去预约访客, and 解除绑定 after
// a confirm.
import { Input, Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useState } from 'react'
import { DEFAULT_LOCKOUT } from '../../../../domain/lockout'
import { call, type CallOutput } from '../../../../services/call'
import { ShieldCheck } from '../../../../ui/icons'
import { Button } from '../../../../ui/nutui'
import { PageState, type Pending } from '../../../../ui/page-state'
import '../../components/visitor.scss'
import './index.scss'

type Status = CallOutput<'visitor', 'bindStatus'>
type Load = Pending | ({ status: 'ready' } & { state: Status })

const LIST_URL = '/packages/visitor/pages/index/index'

export default function BindPage() {
  const [load, setLoad] = useState<Load>({ status: 'loading' })
  const [account, setAccount] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)

  const read = async () => {
    try {
      setLoad({ status: 'ready', state: await call('visitor', 'bindStatus', {}, { silent: true }) })
    } catch (e) {
      setLoad({ status: 'error', message: (e as Error).message })
    }
  }
  useDidShow(() => void read())

  const bind = async () => {
    if (busy) return
    if (!account.trim()) return setError('请输入账号')
    if (!password) return setError('请输入密码')
    setError('')
    setBusy(true)
    try {
      const state = await call('visitor', 'bind', { account, password }, { silent: true })
      setPassword('')
      setLoad({ status: 'ready', state })
      void Taro.showToast({ title: '绑定成功', icon: 'success' })
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setBusy(false)
    }
  }

  const unbind = async () => {
    if (busy) return
    const { confirm } = await Taro.showModal({
      title: '解除绑定',
      content: '解除绑定后，将不能在此微信上预约访客，已预约的访客凭证仍然有效。确定解除绑定吗？',
      confirmText: '解除绑定',
      cancelText: '取消',
    })
    if (!confirm) return
    setBusy(true)
    try {
      const state = await call('visitor', 'unbind', {}, { silent: true })
      setLoad({ status: 'ready', state })
      void Taro.showToast({ title: '已解除绑定', icon: 'none' })
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setBusy(false)
    }
  }

  if (load.status !== 'ready') {
    return <PageState className='page visitor-bind' load={load} cards={1} rows={3} loadingId='bind-loading' errorId='bind-error-load' onRetry={() => void read()} />
  }

  const { host } = load.state
  if (load.state.bound && host) {
    return (
      <View className='page visitor-bind'>
        <View className='card visitor-bind__bound' data-testid='bind-bound'>
          <View className='visitor-bind__badge'>
            <ShieldCheck size={28} />
          </View>
          <Text className='visitor-bind__name' data-testid='bind-host-name'>
            {host.name}
          </Text>
          <Text className='visitor-bind__department' data-testid='bind-host-department'>
            {host.department}
          </Text>
          <Text className='visitor-bind__account'>已绑定账号 {host.account}</Text>
          {!host.active && <Text className='visitor-bind__inactive'>该账号已停用，不能预约新的访客，请联系停车办公室</Text>}
        </View>
        {error && (
          <Text className='form-error' data-testid='bind-error'>
            {error}
          </Text>
        )}
        <View className='visitor-bind__buttons'>
          <Button type='primary' block onClick={() => void Taro.redirectTo({ url: LIST_URL })} data-testid='bind-go-list'>
            去预约访客
          </Button>
          <Button block disabled={busy} loading={busy} onClick={() => void unbind()} data-testid='bind-unbind'>
            解除绑定
          </Button>
        </View>
      </View>
    )
  }

  return (
    <View className='page visitor-bind'>
      <View className='visitor-bind__intro'>
        <Text className='visitor-bind__title'>绑定访客邀请账号</Text>
        <Text className='visitor-bind__text'>绑定后即可预约访客，并将二维码、验证码发送给访客。账号由停车管理办公室开通。</Text>
      </View>
      <View className='card'>
        <View className='form-row'>
          <Text className='form-row__label'>账号</Text>
          <Input
            className='form-row__input'
            data-testid='bind-account'
            placeholder='请输入账号'
            value={account}
            maxlength={32}
            onInput={(e) => {
              setAccount(e.detail.value)
              setError('')
            }}
          />
        </View>
        <View className='form-row'>
          <Text className='form-row__label'>密码</Text>
          <Input
            className='form-row__input'
            data-testid='bind-password'
            placeholder='请输入密码'
            password
            value={password}
            maxlength={64}
            onInput={(e) => {
              setPassword(e.detail.value)
              setError('')
            }}
          />
        </View>
      </View>
      {error && (
        <Text className='form-error' data-testid='bind-error'>
          {error}
        </Text>
      )}
      <View className='visitor-bind__buttons'>
        <Button type='primary' block disabled={busy} loading={busy} onClick={() => void bind()} data-testid='bind-submit'>
          账号绑定
        </Button>
      </View>
      <Text className='form-note'>一个微信只能绑定一个账号，一个账号也只能绑定一个微信。密码连续输错 {DEFAULT_LOCKOUT.maxFailures} 次，账号将被锁定 {DEFAULT_LOCKOUT.lockMinutes} 分钟。忘记密码请联系停车管理办公室重置。</Text>
    </View>
  )
}
