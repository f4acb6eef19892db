// 校园一卡通's demo data (issue 14): the office's card settings (our campus as
// the one school topped up, the kiosks of seed 004 七, the platform's top-up
// limits, the 查询密码 lock, the deadline after which an uncreditable paid
// top-up is refunded) and 张伟 bound to his card 2021110001 (the card
// platform simulator's seeded account, emulator/card/store.ts: 余额 122.82).
// 李娜 (2022110002, 查询密码 123456, 3.00 待圈存) is left unbound so 绑定 can be
// shown; the visitor cards 999 (王芳) and F000999 (李强) are there for 充值 他人.
import { DEFAULT_TOPUP_LIMITS } from '../src/domain/card/amount'
import { DEFAULT_BIND_LIMITS } from '../src/domain/card/binding'
import { DEFAULT_KIOSK_PLACES } from '../src/domain/card/platform'

export const CARD_SCHOOL = '北京大学医学部'
export const DEMO_CARD = { openid: 'o-driver-zhang', cardNo: '2021110001', name: '张伟', queryPassword: '123456' } as const

export const CARD_SETTINGS = {
  schools: [CARD_SCHOOL],
  kiosks: [...DEFAULT_KIOSK_PLACES],
  limits: DEFAULT_TOPUP_LIMITS,
  bindLimits: DEFAULT_BIND_LIMITS,
  // 3 days, as topup.ts DEFAULT_CREDIT_DEADLINE_MS.
  creditDeadlineMinutes: 3 * 24 * 60,
}

export function cardDocuments(now: number): Record<string, Array<Record<string, unknown>>> {
  return {
    settings: [{ _id: 'card', settings: CARD_SETTINGS, updatedAt: now }],
    card_bindings: [{ _id: DEMO_CARD.openid, cardNo: DEMO_CARD.cardNo, name: DEMO_CARD.name, kind: 'student', boundAt: now }],
  }
}
