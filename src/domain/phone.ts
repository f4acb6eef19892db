// Mainland mobile numbers: validation and the one masking rule (139****1234).
import * as z from './zod'

export const PHONE_RE = /^1[3-9]\d{9}$/

export const Phone = z.string().check(z.trim(), z.regex(PHONE_RE, '请输入正确的 11 位手机号'))

export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '')
  if (digits.length !== 11) return phone.length > 4 ? `${'*'.repeat(phone.length - 4)}${phone.slice(-4)}` : '****'
  return `${digits.slice(0, 3)}****${digits.slice(7)}`
}
