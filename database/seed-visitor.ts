// 访客预约's demo data (issue 13): 王老师's host account (unbound, so 账号绑定
// can be shown: account `wanglaoshi`, initial password `wang2026`, listed in
// the README), the office's visit settings with the campus address, and one
// pass of his waiting for its visitor, with its code claimed. The guard
// (刘师傅) is among the people and staff of seed.ts.
//
// The password is stored as the scrypt hash password.ts makes (computed once
// for this seed; a fixed salt is harmless for a demo account).
import { DEFAULT_VISITOR_SETTINGS } from '../src/domain/visitor/pass'

export const DEMO_HOST = { id: 'host:wanglaoshi', account: 'wanglaoshi', password: 'wang2026', openid: 'o-host-wang' } as const
export const DEMO_PASS = { id: 'vp-demo-wang-1', code: '246810', plate: '京Q52013' } as const

const WANG_HASH = 'scrypt$16384$8$1$UCpn50qKr4MgbL5mxKd3MQ$smnToeqON7EWaCcEcMyCWyhO2BuVNrZbwJlEvRi4zq0'
const HOUR = 3600_000

export function visitorDocuments(now: number): Record<string, Array<Record<string, unknown>>> {
  // The demo visit: from the next whole hour after one hour from now, for two hours.
  const start = Math.ceil((now + HOUR) / HOUR) * HOUR
  const end = start + 2 * HOUR
  return {
    visitor_hosts: [
      {
        _id: DEMO_HOST.id,
        account: DEMO_HOST.account,
        name: '王老师',
        department: '基础医学院',
        phone: '13900139000',
        passwordHash: WANG_HASH,
        active: true,
        boundOpenid: null,
        boundAt: null,
        attempts: { failures: 0, lockedUntil: null },
        attemptsSeq: 0,
        createdAt: now,
        updatedAt: now,
      },
    ],
    settings: [{ _id: 'visitor', settings: DEFAULT_VISITOR_SETTINGS, address: '北京市海淀区学院路38号 北京大学医学部', updatedAt: now }],
    visitor_passes: [
      {
        _id: DEMO_PASS.id,
        hostId: DEMO_HOST.id,
        hostName: '王老师',
        hostDepartment: '基础医学院',
        name: '李明',
        phone: '13712345678',
        purpose: '学术交流',
        start,
        end,
        visitors: 1,
        plate: DEMO_PASS.plate,
        status: 'BOOKED',
        version: 1,
        code: DEMO_PASS.code,
        parkingPayer: DEFAULT_VISITOR_SETTINGS.parkingPayer,
        entries: [],
        arrivedAt: null,
        cancelledAt: null,
        expiredAt: null,
        createdAt: now,
        updatedAt: now,
      },
    ],
    visitor_codes: [{ _id: DEMO_PASS.code, passId: DEMO_PASS.id, until: end }],
  }
}
