// 我的车辆 (seed 001 §2.1, seed 002): add a plate (the first becomes the
// default), choose another default, remove; each vehicle's authentication
// status (去认证, 认证中, 申诉中, 等待授权, 已认证 with 隐私设置 / 设置), the
// 温馨提示 of a pending review, and the prompts the server leaves for this
// visit (lost verification, appeal decided, authorization removed), one at a
// time. Refusals come from the server.
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import { Dialog } from '../../../../components/dialog'
import { PlateChip } from '../../../../components/plate-chip'
import { PlateKeyboard } from '../../../../components/plate-keyboard'
import { MAX_VEHICLES_PER_USER, type Vehicle } from '../../../../domain/contracts/vehicle'
import { formatPlate, vehicleTypeOf } from '../../../../domain/plate'
import {
  APPEAL_NOTICE,
  AWAITING_AUTH_NOTICE,
  can,
  promptOf,
  RELATION_LABELS,
  REVIEW_NOTICE,
  VERIFIED_BENEFITS,
  type PromptAction,
  type RelationStatus,
} from '../../../../domain/vehicle/relation'
import { call } from '../../../../services/call'
import { ShieldCheck } from '../../../../ui/icons'
import { Button, Tag } from '../../../../ui/nutui'
import { PageState } from '../../../../ui/page-state'
import { StateView } from '../../../../ui/state-view'
import { onSubmitted } from '../../submitted'
import './index.scss'

type Load = { status: 'loading' } | { status: 'ready'; vehicles: Vehicle[] } | { status: 'error'; message: string }

/** A 温馨提示 the page itself opens (a status tapped, or a submission just made). */
type Tip = { kind: 'review' | 'appeal' } | { kind: 'awaiting'; vehicle: Vehicle }

/** Rows that exist only to carry their prompt; they are not listed. */
const PROMPT_ONLY: readonly RelationStatus[] = ['DISPLACED', 'APPEAL_FAILED', 'REMOVED']

const TIP_TEXT = { review: REVIEW_NOTICE, appeal: APPEAL_NOTICE, awaiting: AWAITING_AUTH_NOTICE }

const verifyUrl = (v: Vehicle) => `/packages/vehicle/pages/verify/index?id=${encodeURIComponent(v.id)}`
const settingsUrl = (v: Vehicle, section?: 'privacy') =>
  `/packages/vehicle/pages/settings/index?id=${encodeURIComponent(v.id)}${section ? `&section=${section}` : ''}`

export default function VehicleList() {
  const [load, setLoad] = useState<Load>({ status: 'loading' })
  const [keyboard, setKeyboard] = useState(false)
  const [draft, setDraft] = useState('')
  const [busy, setBusy] = useState(false)
  const [tip, setTip] = useState<Tip | null>(null)
  const [servicePhone, setServicePhone] = useState<string | null>(null)
  const [benefitsClosed, setBenefitsClosed] = useState(false)
  const config = useRef<Promise<string> | null>(null)

  const refresh = useCallback(async () => {
    try {
      const { vehicles } = await call('vehicle', 'list', {}, { silent: true })
      setLoad({ status: 'ready', vehicles })
    } catch (e) {
      setLoad({ status: 'error', message: (e as Error).message })
    }
  }, [])

  const retry = () => {
    setLoad({ status: 'loading' })
    return refresh()
  }

  useDidShow(() => void refresh())
  usePullDownRefresh(() => {
    void refresh().finally(() => Taro.stopPullDownRefresh())
  })

  // 去认证 / 我的车辆申诉 report a successful submission here before navigating back.
  useEffect(() => onSubmitted((kind) => setTip({ kind: kind === 'verify' ? 'review' : 'appeal' })), [])

  const mutate = async (run: () => Promise<{ vehicles: Vehicle[] }>, done?: string) => {
    if (busy) return
    setBusy(true)
    try {
      const { vehicles } = await run()
      setLoad({ status: 'ready', vehicles })
      if (done) void Taro.showToast({ title: done, icon: 'success' })
      return true
    } catch {
      return false // call() has shown the server's reason
    } finally {
      setBusy(false)
    }
  }

  const add = async (plate: string) => {
    if (await mutate(() => call('vehicle', 'add', { plate }), '添加成功')) {
      setKeyboard(false)
      setDraft('')
    }
  }

  const remove = async (v: Vehicle) => {
    const plate = formatPlate(v.plate)
    const cancelAdd = v.status === 'AWAITING_AUTH'
    const { confirm } = await Taro.showModal(
      cancelAdd
        ? { title: '取消添加', content: `确定取消添加车辆 ${plate}？`, confirmColor: '#fa5151' }
        : {
            title: '删除车辆',
            content: v.status === 'VERIFIED' ? `删除后将解除您与该车辆的认证关系，确定删除车辆 ${plate}？` : `确定删除车辆 ${plate}？`,
            confirmColor: '#fa5151',
          },
    )
    if (confirm) await mutate(() => call('vehicle', 'remove', { id: v.id }), cancelAdd ? '已取消添加' : '已删除')
  }

  /** 联系客服: the number comes from `config`, loaded once, on first use. */
  const contact = async () => {
    setTip(null)
    config.current ??= call('vehicle', 'config', {}).then((c) => c.servicePhone)
    try {
      setServicePhone(await config.current)
    } catch {
      config.current = null // shown by call(); try again next time
    }
  }

  const dial = (phoneNumber: string) => {
    setServicePhone(null)
    Taro.makePhoneCall({ phoneNumber }).catch(() => undefined) // cancelled by the user
  }

  const answer = (v: Vehicle, action: PromptAction) => {
    if (action === 'APPEAL') void Taro.navigateTo({ url: `/packages/vehicle/pages/appeal/index?id=${encodeURIComponent(v.id)}` })
    else void mutate(() => call('vehicle', 'acknowledge', { id: v.id }))
  }

  const all = load.status === 'ready' ? load.vehicles : []
  const vehicles = all.filter((v) => !PROMPT_ONLY.includes(v.status))
  const noticed = all.find((v) => v.notice !== null)
  const prompt = noticed?.notice ? promptOf(noticed.notice, formatPlate(noticed.plate)) : null
  const unverified = vehicles.filter((v) => can(v.status, 'SUBMIT'))
  const full = vehicles.length >= MAX_VEHICLES_PER_USER

  const statusTap = (v: Vehicle) => {
    if (v.status === 'VERIFYING') setTip({ kind: 'review' })
    else if (v.status === 'APPEALING') setTip({ kind: 'appeal' })
    else if (v.status === 'AWAITING_AUTH') setTip({ kind: 'awaiting', vehicle: v })
  }

  return (
    <View className='vehicle-list'>
      {load.status !== 'ready' && (
        <PageState load={load} cards={2} cardClass='vehicle-list__item' loadingId='vehicle-loading' errorId='vehicle-error' onRetry={() => void retry()} />
      )}
      {load.status === 'ready' && vehicles.length === 0 && (
        <StateView kind='empty' title='暂无车辆' description='暂无车辆，添加一个车牌吧' testId='vehicle-empty' />
      )}
      {vehicles.map((v) => (
        <View key={v.id} className='vehicle-list__item' data-testid='vehicle-item'>
          <View className='vehicle-list__main'>
            <PlateChip plate={v.plate} testId='vehicle-plate' />
            <Text className='vehicle-list__type'>{vehicleTypeOf(v.plate)}</Text>
            <View className='vehicle-list__marks'>
              <View className={`vehicle-list__status vehicle-list__status--${v.status.toLowerCase()}`} data-testid='vehicle-status' onClick={() => statusTap(v)}>
                {(v.status === 'VERIFIED' || v.status === 'AUTHORIZED') && <ShieldCheck size={12} />}
                <Text>{RELATION_LABELS[v.status]}</Text>
              </View>
              {v.isDefault && (
                <View className='vehicle-list__default' data-testid='vehicle-default-badge'>
                  <Tag type='success'>默认</Tag>
                </View>
              )}
            </View>
          </View>
          {v.rejectReason && can(v.status, 'SUBMIT') && (
            <Text className='vehicle-list__reject' data-testid='vehicle-reject-reason'>
              认证未通过：{v.rejectReason}
            </Text>
          )}
          {v.status === 'VERIFIED' && v.pendingRequests > 0 && (
            <Text className='vehicle-list__pending' data-testid='vehicle-pending' onClick={() => void Taro.navigateTo({ url: settingsUrl(v) })}>
              {v.pendingRequests} 个授权申请
            </Text>
          )}
          <View className='vehicle-list__ops'>
            <View className='vehicle-list__links'>
              {(v.status === 'ADDED' || v.status === 'AWAITING_AUTH') && (
                <Text className='vehicle-list__op vehicle-list__op--primary' data-testid='vehicle-verify' onClick={() => void Taro.navigateTo({ url: verifyUrl(v) })}>
                  {v.status === 'ADDED' ? '去认证' : '我是车主，去认证'}
                </Text>
              )}
              {v.status === 'VERIFIED' && (
                <>
                  <Text className='vehicle-list__op' data-testid='vehicle-privacy' onClick={() => void Taro.navigateTo({ url: settingsUrl(v, 'privacy') })}>
                    隐私设置
                  </Text>
                  <Text className='vehicle-list__op' data-testid='vehicle-settings' onClick={() => void Taro.navigateTo({ url: settingsUrl(v) })}>
                    设置
                  </Text>
                </>
              )}
            </View>
            {!v.isDefault && (
              <Text
                className='vehicle-list__op'
                data-testid='vehicle-set-default'
                onClick={() => void mutate(() => call('vehicle', 'setDefault', { id: v.id }), '已设为默认')}
              >
                设为默认
              </Text>
            )}
            {(can(v.status, 'DELETE') || can(v.status, 'CANCEL_ADD')) && (
              <Text className='vehicle-list__op vehicle-list__op--danger' data-testid='vehicle-remove' onClick={() => void remove(v)}>
                {v.status === 'AWAITING_AUTH' ? '取消添加' : '删除'}
              </Text>
            )}
          </View>
        </View>
      ))}
      {load.status === 'ready' && (
        <View className='vehicle-list__footer'>
          <Button type='primary' block data-testid='vehicle-add' disabled={busy} onClick={() => setKeyboard(true)}>
            添加车辆
          </Button>
          <Text className='vehicle-list__tip'>
            {full
              ? `已添加 ${vehicles.length} 辆车，最多可添加 ${MAX_VEHICLES_PER_USER} 辆`
              : `最多可添加 ${MAX_VEHICLES_PER_USER} 辆车，第一辆自动设为默认车辆`}
          </Text>
        </View>
      )}
      {unverified.length > 0 && !benefitsClosed && (
        <View className='vehicle-list__benefits' data-testid='vehicle-benefits'>
          <Text className='vehicle-list__close' data-testid='vehicle-benefits-close' onClick={() => setBenefitsClosed(true)}>
            ×
          </Text>
          <Text className='vehicle-list__benefits-lead'>温馨提示：认证车辆可开启车辆隐私保护。</Text>
          <View className='vehicle-list__benefits-head'>
            <ShieldCheck size={16} />
            <Text>认证车辆的好处</Text>
          </View>
          {VERIFIED_BENEFITS.map((line, i) => (
            <Text key={line} className='vehicle-list__benefits-line'>
              {i + 1}、{line}
            </Text>
          ))}
          <View className='vehicle-list__benefits-action'>
            <Button type='primary' size='small' data-testid='vehicle-benefits-verify' onClick={() => void Taro.navigateTo({ url: verifyUrl(unverified[0]) })}>
              去认证
            </Button>
          </View>
        </View>
      )}
      <PlateKeyboard value={draft} onChange={setDraft} onConfirm={(plate) => void add(plate)} visible={keyboard} onClose={() => setKeyboard(false)} />
      <Dialog
        visible={tip !== null}
        testId='tip-dialog'
        title='温馨提示'
        message={tip ? TIP_TEXT[tip.kind] : ''}
        buttons={
          tip?.kind === 'awaiting'
            ? [
                {
                  text: '取消添加',
                  testId: 'tip-cancel-add',
                  onClick: () => {
                    setTip(null)
                    void mutate(() => call('vehicle', 'remove', { id: tip.vehicle.id }), '已取消添加')
                  },
                },
                { text: '我知道了', primary: true, testId: 'tip-ok', onClick: () => setTip(null) },
              ]
            : [
                { text: '联系客服', testId: 'tip-contact', onClick: () => void contact() },
                { text: '我知道了', primary: true, testId: 'tip-ok', onClick: () => setTip(null) },
              ]
        }
      />
      <Dialog
        visible={servicePhone !== null}
        testId='call-dialog'
        title='温馨提示'
        message={`确定拨打客服电话吗？客服电话：${servicePhone ?? ''}`}
        buttons={[
          { text: '确定', primary: true, testId: 'call-confirm', onClick: () => dial(servicePhone ?? '') },
          { text: '取消', testId: 'call-cancel', onClick: () => setServicePhone(null) },
        ]}
      />
      <Dialog
        visible={prompt !== null && tip === null && servicePhone === null && !keyboard}
        testId='notice-dialog'
        title={prompt?.title ?? ''}
        message={prompt?.message ?? ''}
        buttons={(prompt?.actions ?? []).map((a, i, list) => ({
          text: a.text,
          primary: i === list.length - 1,
          testId: `prompt-${a.action}`,
          onClick: () => noticed && answer(noticed, a.action),
        }))}
      />
    </View>
  )
}
