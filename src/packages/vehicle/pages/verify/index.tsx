// 去认证 (seed 002): the plate, the proof the platform asks for (configured
// photos and texts, from `config`), submit for review; then 我的车辆 shows
// the 温馨提示 of a pending review. Below: why verify, and what not verifying
// costs.
import { Image, Input, Text, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { useCallback, useState } from 'react'
import { PlateChip } from '../../../../components/plate-chip'
import type { ProofField, Vehicle } from '../../../../domain/contracts/vehicle'
import { AppError } from '../../../../domain/errors'
import { vehicleTypeOf } from '../../../../domain/plate'
import { can, RELATION_LABELS, UNVERIFIED_DRAWBACKS, VERIFY_BENEFITS } from '../../../../domain/vehicle/relation'
import { call } from '../../../../services/call'
import { chooseAndUpload } from '../../../../services/platform/upload'
import { Button } from '../../../../ui/nutui'
import { PageState } from '../../../../ui/page-state'
import { StateView } from '../../../../ui/state-view'
import { returnSubmitted } from '../../submitted'
import './index.scss'

type Load =
  | { status: 'loading' }
  | { status: 'ready'; vehicle: Vehicle | null; fields: ProofField[] }
  | { status: 'error'; message: string }

export default function VerifyVehicle() {
  const { id = '' } = useRouter().params
  const [load, setLoad] = useState<Load>({ status: 'loading' })
  /** The proof by field key: a cloud fileID for a photo, the text for a text. */
  const [proof, setProof] = useState<Record<string, string>>({})
  const [previews, setPreviews] = useState<Record<string, string>>({})
  const [uploading, setUploading] = useState('')
  const [busy, setBusy] = useState(false)

  /** Loads the vehicle; `quiet` (each time the page is shown again) keeps what is shown while it reads and if it fails. */
  const reload = useCallback(async (quiet = false) => {
    if (!quiet) setLoad({ status: 'loading' })
    try {
      const [config, list] = await Promise.all([call('vehicle', 'config', {}, { silent: true }), call('vehicle', 'list', {}, { silent: true })])
      setLoad({ status: 'ready', vehicle: list.vehicles.find((v) => v.id === id) ?? null, fields: config.proofFields })
    } catch (e) {
      setLoad((cur) => (quiet && cur.status === 'ready' ? cur : { status: 'error', message: (e as Error).message }))
    }
  }, [id])

  // Shown again (back from the background, a photo picker…): the vehicle as it is now; what was typed stays.
  useDidShow(() => void reload(true))

  const set = (key: string, value: string) => setProof((p) => ({ ...p, [key]: value }))

  const upload = async (key: string) => {
    if (uploading) return
    setUploading(key)
    try {
      const { fileID, localPath } = await chooseAndUpload('vehicle-proof')
      set(key, fileID)
      setPreviews((p) => ({ ...p, [key]: localPath }))
    } catch (e) {
      if (!(e instanceof AppError && e.code === 'UPLOAD_CANCELLED')) void Taro.showToast({ title: (e as Error).message, icon: 'none' })
    } finally {
      setUploading('')
    }
  }

  if (load.status !== 'ready') {
    return <PageState className='page vehicle-verify' load={load} rows={4} loadingId='verify-loading' errorId='verify-error' onRetry={() => void reload()} />
  }
  const { vehicle, fields } = load
  if (!vehicle || !can(vehicle.status, 'SUBMIT')) {
    return (
      <View className='page vehicle-verify'>
        <StateView
          kind='refused'
          title='无法认证'
          description={vehicle ? `该车辆当前为「${RELATION_LABELS[vehicle.status]}」，无需认证` : '该车辆不在您的车辆列表中'}
          actions={[{ text: '返回', primary: true, onClick: () => void Taro.navigateBack() }]}
          testId='verify-unavailable'
        />
      </View>
    )
  }

  const value = (f: ProofField) => (proof[f.key] ?? '').trim()
  const ready = fields.every((f) => !f.required || value(f) !== '')

  const submit = async () => {
    if (!ready || busy || uploading) return
    setBusy(true)
    try {
      const filled = Object.fromEntries(fields.filter((f) => value(f) !== '').map((f) => [f.key, value(f)]))
      await call('vehicle', 'verify', { id: vehicle.id, proof: filled })
      returnSubmitted('verify')
    } catch {
      setBusy(false) // shown by call()
    }
  }

  return (
    <View className='page vehicle-verify'>
      <View className='card vehicle-verify__head'>
        <PlateChip plate={vehicle.plate} size='large' testId='verify-plate' />
        <Text className='vehicle-verify__type'>{vehicleTypeOf(vehicle.plate)}</Text>
        {vehicle.rejectReason && <Text className='vehicle-verify__reject'>认证未通过：{vehicle.rejectReason}</Text>}
      </View>
      <View className='card'>
        <Text className='card__section'>认证信息</Text>
        {fields.map((f) => (
          <View key={f.key} className='vehicle-verify__field'>
            <Text className='vehicle-verify__label'>
              {f.required && <Text className='vehicle-verify__required'>*</Text>}
              {f.label}
            </Text>
            {f.kind === 'photo' ? (
              <View className='vehicle-verify__upload' data-testid={`proof-${f.key}`} onClick={() => void upload(f.key)}>
                {previews[f.key] ? (
                  <Image className='vehicle-verify__photo' src={previews[f.key]} mode='aspectFill' />
                ) : (
                  <Text className='vehicle-verify__plus'>{uploading === f.key ? '上传中' : '＋'}</Text>
                )}
                {f.placeholder && <Text className='vehicle-verify__hint'>{f.placeholder}</Text>}
              </View>
            ) : (
              <View className='vehicle-verify__input' data-testid={`proof-${f.key}`}>
                <Input maxlength={256} placeholder={f.placeholder} value={proof[f.key] ?? ''} onInput={(e) => set(f.key, e.detail.value)} />
              </View>
            )}
          </View>
        ))}
        <Button type='primary' block disabled={!ready || busy || uploading !== ''} loading={busy} onClick={() => void submit()} data-testid='verify-submit'>
          提交认证
        </Button>
      </View>
      <View className='card'>
        <Text className='card__section'>车辆认证的好处？</Text>
        {VERIFY_BENEFITS.map((line, i) => (
          <Text key={line} className='vehicle-verify__line'>
            {i + 1}、{line}
          </Text>
        ))}
        <Text className='card__section card__section--gap'>不认证的弊端？</Text>
        {UNVERIFIED_DRAWBACKS.map((line, i) => (
          <Text key={line} className='vehicle-verify__line'>
            {i + 1}、{line}
          </Text>
        ))}
      </View>
    </View>
  )
}
