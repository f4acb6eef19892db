// The campus card number as a holder types it (seed 003, step 5): students
// enter the student number (学号), staff the staff number (工号), visitor cards
// the number printed at the card's lower right — "SN：000999" is entered as
// 999 (the SN prefix and the leading zeros dropped), "F000999" as F000999.
//
// Decisions:
// - Input is normalised first: trimmed, full-width characters made half-width
//   (a Chinese keyboard gives "ＳＮ：０００９９９"), inner spaces removed,
//   letters upper-cased.
// - Only an SN-prefixed number loses its leading zeros. A plain number keeps
//   them: some schools' 学号/工号 start with 0, and the platform, not we, says
//   whether such a card exists.
// - The accepted shape is an optional 1–4 letter prefix and 1–20 digits
//   (2021110001, F000999, T2008001); anything else is refused here with a
//   sentence that says what to type, before the platform is asked.
// - The holder's name is normalised too (trimmed, inner spaces removed,
//   full-width dots to ·), since the platform compares it with its record.
// Pure: no node API.

export type CardNumberResult = { ok: true; number: string; visitor: boolean } | { ok: false; message: string }

/** The seed's own words, for the form's hint. */
export const CARD_NUMBER_HINT = '学生卡输入学号，教师卡输入工号，访客卡的卡号在卡片正面的右下角，如卡号为 SN：000999，请输入 999，如卡号为 F000999，请输入 F000999'

export const CARD_NUMBER_MESSAGES = {
  empty: '请输入校园卡卡号',
  tooLong: '卡号过长，请核对后重新输入',
  visitor: '访客卡卡号格式不正确：如卡号为 SN：000999，请输入 999',
  shape: '卡号格式不正确：学生卡请输入学号，教师卡请输入工号，访客卡请输入卡片正面右下角的卡号（如 999 或 F000999）',
} as const

const MAX_LENGTH = 24

/** Full-width ASCII (！ to ～) and the ideographic space to their half-width forms. */
export function toHalfWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ')
}

export function normaliseCardNumber(input: string): CardNumberResult {
  const text = toHalfWidth(String(input ?? '')).replace(/\s+/g, '').toUpperCase()
  if (!text) return { ok: false, message: CARD_NUMBER_MESSAGES.empty }
  if (text.length > MAX_LENGTH) return { ok: false, message: CARD_NUMBER_MESSAGES.tooLong }
  const sn = /^SN:?(.*)$/.exec(text)
  if (sn) {
    const digits = sn[1]
    if (!/^\d{1,20}$/.test(digits)) return { ok: false, message: CARD_NUMBER_MESSAGES.visitor }
    const number = digits.replace(/^0+/, '')
    if (!number) return { ok: false, message: CARD_NUMBER_MESSAGES.visitor }
    return { ok: true, number, visitor: true }
  }
  if (!/^[A-Z]{0,4}\d{1,20}$/.test(text)) return { ok: false, message: CARD_NUMBER_MESSAGES.shape }
  return { ok: true, number: text, visitor: false }
}

export type HolderNameResult = { ok: true; name: string } | { ok: false; message: string }

export const HOLDER_NAME_MESSAGES = {
  empty: '请输入持卡人姓名',
  shape: '姓名格式不正确，请输入校园卡登记的姓名',
} as const

/** 张伟, 欧阳娜娜, 阿卜杜·热合曼, or a Latin name (upper-cased as cards print it). */
export function normaliseHolderName(input: string): HolderNameResult {
  const name = toHalfWidth(String(input ?? ''))
    .replace(/\s+/g, '')
    .replace(/[.•・]/g, '·')
    .toUpperCase()
  if (!name) return { ok: false, message: HOLDER_NAME_MESSAGES.empty }
  if (name.length > 30 || !/^[\u4E00-\u9FFFA-Z][\u4E00-\u9FFFA-Z·]*$/.test(name) || name.endsWith('·')) {
    return { ok: false, message: HOLDER_NAME_MESSAGES.shape }
  }
  return { ok: true, name }
}

/** 张伟 → 张*, 欧阳娜娜 → 欧***: how another holder's name is shown back (充值记录, 新卡充值). */
export function maskHolderName(name: string): string {
  const chars = [...name]
  return chars.length <= 1 ? name : chars[0] + '*'.repeat(chars.length - 1)
}
