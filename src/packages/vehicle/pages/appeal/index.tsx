// 我的车辆申诉 (seed 002): after losing a vehicle's verification, the driver
// explains why the vehicle is theirs and adds evidence photos; the vehicle
// then shows 申诉中 and 我的车辆 shows the 温馨提示 of a pending appeal.
import { Image, Text, Textarea, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { useCallback, useState } from 'react'
import { PlateChip } from '../../../../components/plate-chip'
import { MAX_APPEAL_PHOTOS, type Vehicle } from '../../../../domain/contracts/vehicle'
import { AppError } from '../../../../domain/errors'
import { formatPlate } from '../../../../domain/plate'
import { can, promptOf } from '../../../../domain/vehicle/relation'
import { call } from '../../../../services/call'
import { chooseAndUpload } from '../../../../services/platform/upload'
import { Button } from '../../../../ui/nutui'
import { PageState } from '../../../../ui/page-state'
import { StateView } from '../../../../ui/state-view'
import { returnSubmitted } from '../../submitted'
import './index.scss'

const MAX_REASON = 500

type Load = { status: 'loading' } | { status: 'ready'; vehicle: Vehicle | null } | { status: 'error'; message: string }

export default function AppealVehicle() {
  const { id = '' } = useRouter().params
  const [load, setLoad] = useState<Load>({ status: 'loading' })
  const [reason, setReason] = useState('')
  const [photos, setPhotos] = useState<Array<{ fileId: string; preview: string }>>([])
  const [uploading, setUploading] = useState(false)
  const [busy, setBusy] = useState(false)

  /** Loads the vehicle; `quiet` (each time the page is shown again) keeps what is shown while it reads and if it fails. */
  const reload = useCallback(async (quiet = false) => {
    if (!quiet) setLoad({ status: 'loading' })
    try {
      const { vehicles } = await call('vehicle', 'list', {}, { silent: true })
      setLoad({ status: 'ready', vehicle: vehicles.find((v) => v.id === id) ?? null })
    } catch (e) {
      setLoad((cur) => (quiet && cur.status === 'ready' ? cur : { status: 'error', message: (e as Error).message }))
    }
  }, [id])

  // Shown again (back from the background, a photo picker…): the vehicle as it is now; what was typed stays.
  useDidShow(() => void reload(true))

  const addPhoto = async () => {
    if (uploading || photos.length >= MAX_APPEAL_PHOTOS) return
    setUploading(true)
    try {
      const { fileID, localPath } = await chooseAndUpload('vehicle-appeal')
      setPhotos((p) => [...p, { fileId: fileID, preview: localPath }].slice(0, MAX_APPEAL_PHOTOS))
    } catch (e) {
      if (!(e instanceof AppError && e.code === 'UPLOAD_CANCELLED')) void Taro.showToast({ title: (e as Error).message, icon: 'none' })
    } finally {
      setUploading(false)
    }
  }

  if (load.status !== 'ready') {
    return <PageState className='page vehicle-appeal' load={load} rows={4} loadingId='appeal-loading' errorId='appeal-error' onRetry={() => void reload()} />
  }
  const { vehicle } = load
  if (!vehicle || !can(vehicle.status, 'APPEAL')) {
    return (
      <View className='page vehicle-appeal'>
        <StateView
          kind='refused'
          title='无法申诉'
          description={vehicle ? '该车辆当前无需申诉' : '该车辆不在您的车辆列表中'}
          actions={[{ text: '返回', primary: true, onClick: () => void Taro.navigateBack() }]}
          testId='appeal-unavailable'
        />
      </View>
    )
  }

  // The contract checks the reason and the photos and says what is missing.
  const submit = async () => {
    if (busy || uploading) return
    setBusy(true)
    try {
      await call('vehicle', 'appeal', { id: vehicle.id, reason, photos: photos.map((p) => p.fileId) })
      returnSubmitted('appeal')
    } catch {
      setBusy(false) // shown by call()
    }
  }

  return (
    <View className='page vehicle-appeal'>
      <View className='card vehicle-appeal__head'>
        <PlateChip plate={vehicle.plate} size='large' testId='appeal-plate' />
        {vehicle.notice && <Text className='vehicle-appeal__cause'>{promptOf(vehicle.notice, formatPlate(vehicle.plate)).message}</Text>}
      </View>
      <View className='card'>
        <Text className='card__section'>申诉理由</Text>
        <View className='vehicle-appeal__reason' data-testid='appeal-reason'>
          <Textarea
            className='vehicle-appeal__textarea'
            maxlength={MAX_REASON}
            placeholder='请说明该车辆属于您的理由（至少 5 个字）'
            value={reason}
            onInput={(e) => setReason(e.detail.value)}
          />
          <Text className='vehicle-appeal__count'>
            {reason.length}/{MAX_REASON}
          </Text>
        </View>
        <Text className='card__section card__section--gap'>证明材料</Text>
        <Text className='vehicle-appeal__hint'>请上传行驶证、购车发票等可证明车辆归属的照片，最多 {MAX_APPEAL_PHOTOS} 张</Text>
        <View className='vehicle-appeal__photos'>
          {photos.map((p, i) => (
            <View key={p.fileId} className='vehicle-appeal__thumb' data-testid='appeal-photo-item'>
              <Image className='vehicle-appeal__img' src={p.preview} mode='aspectFill' />
              <Text
                className='vehicle-appeal__remove'
                data-testid='appeal-photo-remove'
                onClick={() => setPhotos((list) => list.filter((_, j) => j !== i))}
              >
                ×
              </Text>
            </View>
          ))}
          {photos.length < MAX_APPEAL_PHOTOS && (
            <View className='vehicle-appeal__add' data-testid='appeal-photo' onClick={() => void addPhoto()}>
              <Text>{uploading ? '上传中' : '＋'}</Text>
            </View>
          )}
        </View>
      </View>
      <View className='vehicle-appeal__footer'>
        <Button type='primary' block disabled={busy || uploading} loading={busy} onClick={() => void submit()} data-testid='appeal-submit'>
          提交申诉
        </Button>
        <Text className='vehicle-appeal__hint vehicle-appeal__hint--center'>提交后平台将人工审核，我们会在3个工作日内处理</Text>
      </View>
    </View>
  )
}
