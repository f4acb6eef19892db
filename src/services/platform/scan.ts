// Scanning a code (a lane QR, a space QR, a coupon). On weapp the camera; on
// H5, where there is no scanner, the user types what the code says.
import Taro from '@tarojs/taro'
import { AppError } from '../../domain/errors'

async function scanWithCamera(): Promise<string> {
  try {
    const { result } = await Taro.scanCode({ onlyFromCamera: false })
    return result
  } catch {
    throw new AppError('SCAN_CANCELLED')
  }
}

async function typeTheCode(prompt = '请输入二维码上的编码'): Promise<string> {
  const typed = window.prompt(prompt)?.trim()
  if (!typed) throw new AppError('SCAN_CANCELLED')
  return typed
}

/** The code's text; `prompt` is what H5 asks the user to type. Each build keeps only its own implementation. */
export const scanCode: (prompt?: string) => Promise<string> = process.env.TARO_ENV === 'weapp' ? scanWithCamera : typeTheCode
