// 车证办理 (seed 000 steps 4–9): the lot, 请确认车主手机号, 请选择办理车辆 (a
// plate of 我的车辆 in one tap, or keyed in), 开始办理, then the plate's permits with
// 为此卡续费. A returning driver finds the phone remembered and the default
// plate filled in. Shown again (back from 续费 or 我的车证), the permits are
// read again, so each shows its application as it is now.
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useState } from 'react'
import { PlateKeyboard } from '../../../../components/plate-keyboard'
import type { CallOutput } from '../../../../services/call'
import { STATUS_LABELS } from '../../../../domain/permit/application'
import { notYetRenewable } from '../../../../domain/permit/renewal'
import { formatPlate } from '../../../../domain/plate'
import { call } from '../../../../services/call'
import { Button } from '../../../../ui/nutui'
import { PhoneVerify } from '../../components/phone-verify'
import './index.scss'

type Lot = CallOutput<'permit', 'lots'>['lots'][number]
type Permit = CallOutput<'permit', 'find'>['permits'][number]
type Vehicle = CallOutput<'vehicle', 'list'>['vehicles'][number]

export default function Apply() {
  const [lots, setLots] = useState<Lot[] | null>(null)
  const [lot, setLot] = useState<Lot | null>(null)
  const [masked, setMasked] = useState<string | null | undefined>(undefined)
  const [plate, setPlate] = useState('')
  const [draft, setDraft] = useState('')
  const [keyboard, setKeyboard] = useState(false)
  /** 我的车辆, offered under 请选择办理车辆 so a plate already there is not keyed again. */
  const [vehicles, setVehicles] = useState<Vehicle[]>([])
  const [verifying, setVerifying] = useState(false)
  const [permits, setPermits] = useState<Permit[] | null>(null)
  const [busy, setBusy] = useState(false)

  useDidShow(() => {
    void (async () => {
      try {
        const [l, p, v] = await Promise.all([
          call('permit', 'lots', {}, { silent: true }),
          call('phone', 'status', {}, { silent: true }),
          call('vehicle', 'list', {}, { silent: true }),
        ])
        setLots(l.lots)
        setLot((cur) => cur ?? l.lots[0] ?? null)
        setMasked(p.masked)
        setVehicles(v.vehicles)
        setPlate((cur) => cur || v.vehicles.find((x) => x.isDefault)?.plate || '')
      } catch (e) {
        setLots([])
        void Taro.showToast({ title: (e as Error).message, icon: 'none' })
      }
    })()
    // Back from 续费 or 我的车证: the permits shown are read again.
    if (permits && lot && plate) void find(lot.id, plate, true)
  })

  const find = async (lotId: string, p: string, silent = false) => {
    try {
      setPermits((await call('permit', 'find', { lotId, plate: p }, { silent })).permits)
    } catch {
      if (!silent) setPermits(null)
    }
  }

  /** 请选择办理车辆: another plate, keyed in. */
  const keyPlate = () => {
    setDraft(plate)
    setKeyboard(true)
  }

  /** A plate of 我的车辆, in one tap. */
  const pickPlate = (p: string) => {
    if (p !== plate) setPermits(null)
    setPlate(p)
  }

  const start = async () => {
    if (!lot) return
    if (!masked) return setVerifying(true)
    if (!plate) return keyPlate()
    setBusy(true)
    try {
      await find(lot.id, plate)
    } finally {
      setBusy(false)
    }
  }

  const renew = (p: Permit) => {
    if (p.blockedBy?.status === 'REJECTED' || p.blockedBy?.status === 'REFUNDING') {
      void Taro.showModal({
        title: '请先退款',
        content: '该车证审核失败后尚未退款，请先申请退款后再续费。',
        confirmText: '去退款',
      }).then(({ confirm }) => {
        if (confirm) void Taro.navigateTo({ url: '/packages/permit/pages/records/index' })
      })
      return
    }
    void Taro.navigateTo({ url: `/packages/permit/pages/renew/index?permitId=${p.id}&productId=${lot!.products[0].id}` })
  }

  if (lots === null) return <View className='page permit-apply'><Text className='permit-apply__loading'>加载中…</Text></View>

  return (
    <View className='page permit-apply'>
      <Text className='permit-apply__intro'>填写以下信息后，将为您找到所选车场适合您的长租卡。</Text>
      <View className='permit-apply__card'>
        <View className='permit-apply__row' onClick={() => lots.length > 1 && setLot(lots[(lots.indexOf(lot!) + 1) % lots.length])}>
          <View>
            <Text className='permit-apply__value'>{lot?.name ?? '暂无可办理的停车场'}</Text>
            <Text className='permit-apply__hint'>将会根据选择的停车场为您匹配办理</Text>
          </View>
        </View>
        <View className='permit-apply__row' data-testid='permit-phone' onClick={() => setVerifying(true)}>
          <View>
            <Text className='permit-apply__value'>{masked ?? '请确认车主手机号'}</Text>
            <Text className='permit-apply__hint'>停车场办理长租时以此信息为准</Text>
          </View>
          <Text className='permit-apply__arrow'>{masked ? '更换' : '›'}</Text>
        </View>
        <View className='permit-apply__row' data-testid='permit-plate' onClick={keyPlate}>
          <View>
            <Text className='permit-apply__value'>{plate ? formatPlate(plate) : '请选择办理车辆'}</Text>
            <Text className='permit-apply__hint'>将为您推荐所选车场适合您的长租卡</Text>
          </View>
          <Text className='permit-apply__arrow'>›</Text>
        </View>
        {vehicles.length > 0 && (
          <View className='permit-apply__vehicles' data-testid='plate-options'>
            <Text className='permit-apply__hint'>我的车辆</Text>
            <View className='permit-apply__chips'>
              {vehicles.map((v) => (
                <Text
                  key={v.id}
                  className={`permit-apply__chip${v.plate === plate ? ' permit-apply__chip--on' : ''}`}
                  data-testid='plate-option'
                  onClick={() => pickPlate(v.plate)}
                >
                  {formatPlate(v.plate)}
                </Text>
              ))}
            </View>
          </View>
        )}
      </View>
      <View className='permit-apply__action'>
        <Button type='primary' block disabled={busy || !lot} onClick={() => void start()} data-testid='permit-start'>
          开始办理
        </Button>
      </View>

      {permits && (
        <View className='permit-apply__results'>
          {permits.length === 0 && <Text className='permit-apply__empty'>未找到该车辆在此停车场的车证。{lot?.offlineNotice}</Text>}
          {permits.map((p) => (
            <View key={p.id} className='permit-apply__permit' data-testid='permit-card'>
              <Text className='permit-apply__permit-name'>{p.productName}</Text>
              <Text className='permit-apply__permit-plate'>{formatPlate(p.plate)}</Text>
              <Text className='permit-apply__hint'>有效期至 {p.validUntil.replace(/-/g, '.')}</Text>
              {p.blockedBy && (
                <Text className='permit-apply__blocked' data-testid='permit-current'>
                  当前申请：{STATUS_LABELS[p.blockedBy.status]}
                </Text>
              )}
              {p.blockedBy?.status === 'REVIEWING' ? (
                <>
                  <Text className='permit-apply__hint'>等待停车办公室审核，预计一个工作日</Text>
                  <Button size='small' onClick={() => void Taro.navigateTo({ url: '/packages/permit/pages/records/index' })} data-testid='permit-records'>
                    查看我的车证
                  </Button>
                </>
              ) : !p.blockedBy && !p.renewal.open ? (
                <Text className='permit-apply__not-due' data-testid='permit-not-due'>
                  {notYetRenewable(p.validUntil, p.renewal.opensOn)}
                </Text>
              ) : (
                <Button type='primary' size='small' onClick={() => renew(p)} data-testid='permit-renew'>
                  为此卡续费
                </Button>
              )}
            </View>
          ))}
          {lot && !lot.allowNewOnline && <Text className='permit-apply__offline'>{lot.offlineNotice}</Text>}
        </View>
      )}

      {verifying && (
        <PhoneVerify
          onClose={() => setVerifying(false)}
          onVerified={(m) => {
            setMasked(m)
            setVerifying(false)
          }}
        />
      )}
      <PlateKeyboard
        value={draft}
        onChange={setDraft}
        visible={keyboard}
        onClose={() => setKeyboard(false)}
        onConfirm={(p) => {
          setPlate(p)
          setPermits(null)
          setKeyboard(false)
        }}
      />
    </View>
  )
}
