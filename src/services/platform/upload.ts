// Choosing a photo and uploading it to cloud storage (campus-card photo,
// 行驶证…). Returns the cloud fileID (passed to a function) and the local
// path (to preview the photo).
import Taro from '@tarojs/taro'
import { AppError } from '../../domain/errors'
import { h5Fetch } from '../transport'

async function toCloudStorage(cloudPath: string, filePath: string): Promise<string> {
  const { fileID } = await Taro.cloud.uploadFile({ cloudPath, filePath })
  return fileID
}

async function toEmulator(cloudPath: string, filePath: string): Promise<string> {
  const blob = await (await fetch(filePath)).blob()
  const form = new FormData()
  form.set('file', blob, cloudPath.split('/').pop())
  form.set('cloudPath', cloudPath)
  const res = await h5Fetch('/h5/uploadFile', { method: 'POST', body: form })
  const body = (await res.json()) as { fileID?: string }
  if (!body.fileID) throw new Error('no fileID')
  return body.fileID
}

// A constant choice, so each build keeps only its own upload (see services/transport.ts).
const upload = process.env.TARO_ENV === 'weapp' ? toCloudStorage : toEmulator

export async function chooseAndUpload(cloudDir: string): Promise<{ fileID: string; localPath: string }> {
  let filePath: string
  try {
    const chosen = await Taro.chooseImage({ count: 1, sizeType: ['compressed'], sourceType: ['album', 'camera'] })
    filePath = chosen.tempFilePaths[0]
  } catch {
    throw new AppError('UPLOAD_CANCELLED')
  }
  const ext = /\.(png|jpe?g|webp|gif)$/i.exec(filePath)?.[1]?.toLowerCase() ?? 'jpg'
  const cloudPath = `${cloudDir}/${Date.now()}-${Math.random().toString(36).slice(2, 8)}.${ext}`
  try {
    return { fileID: await upload(cloudPath, filePath), localPath: filePath }
  } catch {
    throw new AppError('UPLOAD_FAILED')
  }
}
