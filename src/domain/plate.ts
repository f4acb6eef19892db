// Chinese licence plates (GA 36-2018 and its 2021 new-energy extension).
//
// Accepted:
//  - ordinary:   province + authority letter + 5 serial characters      京A12345
//  - new-energy: province + letter + D/F (or A B C E G H J K, the 2021
//                extension) + 1 letter/digit + 4 digits (small cars)     粤BD12345
//                province + letter + 5 digits + D/F (large cars)          粤B12345D
//  - special:    province + letter + 4 serial characters + one of
//                学 警 港 澳 挂 领 试 超                                      京A1234警
//  - embassy:    使 + 6 digits, or 6 digits + 使 (3-digit mission code,
//                3-digit serial)                                          使014578
// 领 (consulate) plates are the special form 沪A1234领.
// Letters never include I or O. Military (军) and armed-police (WJ) plates
// are out of scope: campus lots register them offline.
// The serial is checked leniently (any mix of letters and digits): refusing a
// real plate costs a driver more than accepting an unusual one.
import { AppError } from './errors'
import * as z from './zod'

export type PlateKind = 'ordinary' | 'new-energy' | 'special' | 'embassy'

export type ParsedPlate = { ok: true; plate: string; kind: PlateKind; energy: boolean } | { ok: false; reason: string }

/** Ordered as on common Chinese plate keyboards. */
export const PROVINCES = [...'京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼'] as const
export const PLATE_LETTERS = [...'ABCDEFGHJKLMNPQRSTUVWXYZ'] as const
export const PLATE_DIGITS = [...'1234567890'] as const
export const SPECIAL_SUFFIXES = ['学', '警', '港', '澳', '挂', '领', '试', '超'] as const
/** The first character of an embassy plate (offered next to the provinces). */
export const EMBASSY_PREFIX = '使'

/** Small new-energy cars: D/F, and the 2021 extension (A B C E pure electric, G H J K hybrid). */
const ENERGY_SMALL = 'DFABCEGHJK'

export const plateLength = (energy: boolean) => (energy ? 8 : 7)

const PROVINCE = `[${PROVINCES.join('')}]`
const LETTER = '[A-HJ-NP-Z]'
const SERIAL = '[A-HJ-NP-Z0-9]'
const SUFFIX = `[${SPECIAL_SUFFIXES.join('')}]`

const RULES: Array<{ kind: PlateKind; energy: boolean; re: RegExp }> = [
  { kind: 'ordinary', energy: false, re: new RegExp(`^${PROVINCE}${LETTER}${SERIAL}{5}$`) },
  { kind: 'new-energy', energy: true, re: new RegExp(`^${PROVINCE}${LETTER}[${ENERGY_SMALL}]${SERIAL}\\d{4}$`) },
  { kind: 'new-energy', energy: true, re: new RegExp(`^${PROVINCE}${LETTER}\\d{5}[DF]$`) },
  { kind: 'special', energy: false, re: new RegExp(`^${PROVINCE}${LETTER}${SERIAL}{4}${SUFFIX}$`) },
  { kind: 'embassy', energy: false, re: /^使\d{6}$|^\d{6}使$/ },
]

/** Trims, drops spaces and separators, uppercases, turns full-width into half-width. */
export function normalizePlate(input: string): string {
  return input
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    // Spaces (incl. U+3000) and the dots and dashes people type between groups.
    .replace(/[\s·•・･‧∙⋅.\-_\u2010-\u2015\u2212]/g, '')
    .toUpperCase()
}

export function parsePlate(input: string): ParsedPlate {
  const plate = normalizePlate(input)
  for (const rule of RULES) if (rule.re.test(plate)) return { ok: true, plate, kind: rule.kind, energy: rule.energy }
  return { ok: false, reason: reasonFor(plate) }
}

/** Why a normalised plate is not valid, as the user reads it. */
function reasonFor(plate: string): string {
  const chars = [...plate]
  if (chars.length === 0) return '请输入车牌号'
  if (chars.includes(EMBASSY_PREFIX)) return '使馆车牌应为“使”加 6 位数字，或 6 位数字加“使”'
  if (!(PROVINCES as readonly string[]).includes(chars[0])) return '首位应为省份简称'
  if (/[IO]/.test(plate)) return '车牌号不能包含字母 I 或 O'
  if (chars.length >= 2 && !new RegExp(`^${LETTER}$`).test(chars[1])) return '第二位应为发牌机关代号（字母）'
  const suffixAt = chars.findIndex((c) => (SPECIAL_SUFFIXES as readonly string[]).includes(c))
  if (suffixAt >= 0 && suffixAt !== chars.length - 1) return `“${chars[suffixAt]}”字只能在最后一位`
  if (chars.slice(2).some((c) => !/[A-Z0-9]/.test(c) && !(SPECIAL_SUFFIXES as readonly string[]).includes(c))) return '车牌号含有无效字符'
  if (suffixAt >= 0) return '车牌号长度不正确（特殊车牌为 7 位，如 京A1234警）'
  if (chars.length === 8) return '新能源车牌格式不正确：第三位应为 D 或 F 等能源代号，后四位为数字；或前五位数字后接 D/F'
  return '车牌号长度不正确（普通车牌 7 位，新能源车牌 8 位）'
}

/** A plate from user input: normalised, then validated, with the reason in Chinese. */
export const PlateInput = z.pipe(
  z.string({ error: '请输入车牌号' }).check(z.maxLength(20, '车牌号长度不正确')),
  z.transform((value: string, ctx) => {
    const parsed = parsePlate(value)
    if (!parsed.ok) {
      ctx.issues.push({ code: 'custom', message: parsed.reason, input: value })
      return z.NEVER
    }
    return parsed.plate
  }),
)

/** The normalised plate, or an AppError PLATE_INVALID carrying the Chinese reason (for cloud functions). */
export function requirePlate(input: string): string {
  const parsed = parsePlate(input)
  if (!parsed.ok) throw new AppError('PLATE_INVALID', parsed.reason, { input })
  return parsed.plate
}

/** 小汽车 or 能源车, as 我的车辆 shows it. */
export function vehicleTypeOf(plate: string): '小汽车' | '能源车' {
  const parsed = parsePlate(plate)
  return parsed.ok && parsed.energy ? '能源车' : '小汽车'
}

/** 京A12345 → 京A·12345 */
export function formatPlate(plate: string): string {
  const p = normalizePlate(plate)
  const chars = [...p]
  if (chars.length < 3 || !(PROVINCES as readonly string[]).includes(chars[0])) return p
  return `${chars.slice(0, 2).join('')}·${chars.slice(2).join('')}`
}
