// Scanning a code (a lane QR, a space QR, a coupon). On weapp the camera; on
// H5, where there is no scanner, the user types what the code says.
import Taro from '@tarojs/taro'
import { AppError } from '../../domain/errors'

export async function scanCode(prompt = '请输入二维码上的编码'): Promise<string> {
  if (process.env.TARO_ENV === 'weapp') {
    try {
      const { result } = await Taro.scanCode({ onlyFromCamera: false })
      return result
    } catch {
      throw new AppError('SCAN_CANCELLED')
    }
  }
  const typed = window.prompt(prompt)?.trim()
  if (!typed) throw new AppError('SCAN_CANCELLED')
  return typed
}
