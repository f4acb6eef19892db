import { describe, expect, it } from 'vitest'
import {
  canApply,
  COUPON_CODE_ALPHABET,
  COUPON_CODE_LENGTH,
  COUPON_EVENTS,
  COUPON_STATUSES,
  COUPON_STATUS_LABELS,
  CouponBatchInput,
  CouponCodeInput,
  couponLabel,
  describeBenefit,
  formatCouponCode,
  generateCouponCode,
  generateCouponCodes,
  parseCouponCode,
  transition,
  type Coupon,
  type CouponEvent,
  type CouponStatus,
} from '../../src/domain/parking/coupon'
import { mulberry32 } from '../support/parking'

const at = (s: string) => Date.parse(`${s.replace(' ', 'T')}:00+08:00`)

// The whole table, written out: every status × every event.
const EXPECTED: Record<CouponStatus, Record<CouponEvent, CouponStatus | null>> = {
  ISSUED: { HOLD: 'HELD', RELEASE: null, USE: null, WITHDRAW: 'WITHDRAWN' },
  HELD: { HOLD: null, RELEASE: 'ISSUED', USE: 'USED', WITHDRAW: null },
  USED: { HOLD: null, RELEASE: null, USE: null, WITHDRAW: null },
  WITHDRAWN: { HOLD: null, RELEASE: null, USE: null, WITHDRAW: null },
}
const pairs = COUPON_STATUSES.flatMap((s) => COUPON_EVENTS.map((e) => [s, e, EXPECTED[s][e]] as const))

describe('coupon state table', () => {
  it.each(pairs)('When a coupon %s receives %s, then it becomes %s', (status, event, next) => {
    expect(transition(status, event)).toBe(next)
  })

  it('When two unpaid orders race for one coupon, then only the first hold succeeds', () => {
    const first = transition('ISSUED', 'HOLD')
    expect(first).toBe('HELD')
    expect(transition(first!, 'HOLD')).toBeNull()
  })

  it('When an abandoned order releases its coupon, then another order can hold it', () => {
    expect(transition(transition('HELD', 'RELEASE')!, 'HOLD')).toBe('HELD')
  })

  it('When a coupon is shown, then its label is the driver’s word, and an unused one past its window reads 已过期', () => {
    expect(COUPON_STATUS_LABELS).toEqual({ ISSUED: '未使用', HELD: '使用中', USED: '已使用', WITHDRAWN: '已撤回' })
    expect(couponLabel({ status: 'ISSUED', validUntil: at('2026-12-01 00:00') }, at('2026-12-01 00:00'))).toBe('已过期')
    expect(couponLabel({ status: 'ISSUED', validUntil: at('2026-12-01 00:00') }, at('2026-11-30 23:59'))).toBe('未使用')
    expect(couponLabel({ status: 'USED', validUntil: at('2026-12-01 00:00') }, at('2027-01-01 00:00'))).toBe('已使用')
  })

  it('When a benefit is described, then it reads as the bill shows it', () => {
    expect([describeBenefit({ kind: 'amount', fen: 500 }), describeBenefit({ kind: 'time', minutes: 120 }), describeBenefit({ kind: 'time', minutes: 45 }), describeBenefit({ kind: 'free' })]).toEqual([
      '抵扣 ¥5.00',
      '减免 2 小时',
      '减免 45 分钟',
      '全免',
    ])
  })
})

describe('whether a coupon may be applied', () => {
  const coupon: Coupon = {
    code: 'ABCDEFGHJKMN',
    batchId: 'batch-1',
    benefit: { kind: 'amount', fen: 500 },
    lotIds: ['pkuhsc', 'garage'],
    plate: null,
    validFrom: at('2026-11-01 00:00'),
    validUntil: at('2026-12-01 00:00'),
    status: 'ISSUED',
    heldBy: null,
  }
  const ctx = { lotId: 'pkuhsc', plate: '京A12345', now: at('2026-11-23 10:00'), orderId: 'order-1' }

  const rows: Array<[string, Partial<Coupon>, Partial<typeof ctx>, string | null]> = [
    ['an issued coupon in its window, lot and any plate', {}, {}, null],
    ['a coupon bound to this plate', { plate: '京A12345' }, { plate: '京a 12345' }, null],
    ['a coupon this order already holds', { status: 'HELD', heldBy: 'order-1' }, {}, null],
    ['a coupon this order holds, paid after the window ended', { status: 'HELD', heldBy: 'order-1' }, { now: at('2026-12-01 00:10') }, null],
    ['a withdrawn coupon', { status: 'WITHDRAWN' }, {}, '该优惠券已被停车场撤回'],
    ['a used coupon', { status: 'USED' }, {}, '该优惠券已被使用'],
    ['a coupon at the end of its window', {}, { now: at('2026-12-01 00:00') }, '该优惠券已过期'],
    ['a coupon before its window', {}, { now: at('2026-10-31 23:59') }, '该优惠券尚未生效，2026-11-01 00:00 起可用'],
    ['a coupon of other lots', {}, { lotId: 'east' }, '该优惠券不适用于本停车场'],
    ['a coupon bound to another plate', { plate: '京B22222' }, {}, '该优惠券仅限车辆 京B·22222 使用'],
    ['a coupon held by another unpaid order', { status: 'HELD', heldBy: 'order-2' }, {}, '该优惠券正被其他订单占用，请稍后再试'],
    ['a coupon held elsewhere and expired: the final reason first', { status: 'HELD', heldBy: 'order-2' }, { now: at('2026-12-02 00:00') }, '该优惠券已过期'],
    ['a used coupon of another lot: used comes first', { status: 'USED' }, { lotId: 'east' }, '该优惠券已被使用'],
  ]
  it.each(rows)('When it is %s, then the answer is %s', (_why, c, x, reason) => {
    const result = canApply({ ...coupon, ...c }, { ...ctx, ...x })
    expect(result.ok ? null : result.reason).toBe(reason)
  })

  it('When a refusal is given, then it carries a code for the function to log', () => {
    expect(canApply({ ...coupon, status: 'USED' }, ctx)).toEqual({ ok: false, refusal: 'USED', reason: '该优惠券已被使用' })
  })
})

describe('a batch as the office issues it', () => {
  const batch = {
    name: '新生报到周停车券',
    benefit: { kind: 'time', minutes: 120 },
    lotIds: ['pkuhsc'],
    plate: null,
    validFrom: at('2026-09-01 00:00'),
    validUntil: at('2026-09-08 00:00'),
    count: 500,
  }
  const issues = (value: unknown) => {
    const r = CouponBatchInput.safeParse(value)
    return r.success ? [] : r.error.issues.map((i) => i.message)
  }

  it('When a batch is well formed, then it is accepted with the plate normalised', () => {
    expect(issues(batch)).toEqual([])
    expect(CouponBatchInput.parse({ ...batch, plate: '京a·12345', count: 1 }).plate).toBe('京A12345')
  })

  const bad: Array<[string, object, string]> = [
    ['no name', { name: '  ' }, '请填写批次名称'],
    ['an unknown kind', { benefit: { kind: 'percent', value: 50 } }, '请选择优惠券类型：抵扣金额、减免时长或全免'],
    ['zero yuan off', { benefit: { kind: 'amount', fen: 0 } }, '抵扣金额应大于 0'],
    ['no lot', { lotIds: [] }, '请至少选择一个适用停车场'],
    ['an end before the start', { validUntil: at('2026-08-31 00:00') }, '失效时间应晚于生效时间'],
    ['too many coupons', { count: 2_001 }, '每批最多发放 2000 张'],
    ['many coupons for one plate', { plate: '京A12345', count: 2 }, '限定车辆的优惠券每批只能发放 1 张'],
    ['a bad plate', { plate: '京A1234' }, '车牌号长度不正确（普通车牌 7 位，新能源车牌 8 位）'],
  ]
  it.each(bad)('When a batch has %s, then it is refused in Chinese', (_why, change, message) => {
    expect(issues({ ...batch, ...change })).toContain(message)
  })
})

describe('coupon codes', () => {
  /** A seeded byte source (mulberry32), standing in for crypto.randomBytes. */
  const bytes = (seed: number) => {
    const next = mulberry32(seed)
    return (n: number) => Uint8Array.from({ length: n }, () => next() & 255)
  }

  it('When codes are generated, then they are 12 symbols of the alphabet and pass their own check', () => {
    const codes = generateCouponCodes(2000, bytes(1))
    expect(new Set(codes).size).toBe(2000)
    for (const code of codes) {
      expect(code).toMatch(new RegExp(`^[${COUPON_CODE_ALPHABET}]{${COUPON_CODE_LENGTH}}$`))
      expect(parseCouponCode(code)).toEqual({ ok: true, code })
    }
  })

  it('When the random source repeats, then the code repeats (pure), and a batch stays distinct', () => {
    expect(generateCouponCode(bytes(7))).toBe(generateCouponCode(bytes(7)))
    const stuck = bytes(3)
    let calls = 0
    const repeating = (n: number) => (calls++ % 2 === 0 ? new Uint8Array(n) : stuck(n))
    expect(new Set(generateCouponCodes(5, repeating)).size).toBe(5)
  })

  it('When codes are generated, then every symbol is about equally likely at every position', () => {
    const counts = new Array(32).fill(0)
    const source = bytes(2) // two batches of one stream (a batch holds at most MAX_BATCH_SIZE)
    for (const code of [...generateCouponCodes(1600, source), ...generateCouponCodes(1600, source)]) for (const c of code.slice(0, 11)) counts[COUPON_CODE_ALPHABET.indexOf(c)]++
    // 35,200 symbols: 1,100 expected each; ±20% is far outside chance.
    for (const n of counts) expect(Math.abs(n - 1100)).toBeLessThan(220)
  })

  it('When one character is mistyped, anywhere, as anything, then the check catches it', () => {
    for (const code of generateCouponCodes(20, bytes(4)))
      for (let i = 0; i < code.length; i++)
        for (const c of COUPON_CODE_ALPHABET) {
          if (c === code[i]) continue
          const typo = code.slice(0, i) + c + code.slice(i + 1)
          expect(parseCouponCode(typo).ok, typo).toBe(false)
        }
  })

  it('When two different characters are swapped, neighbours or not, then the check catches it', () => {
    for (const code of generateCouponCodes(50, bytes(5)))
      for (let i = 0; i < code.length; i++)
        for (let j = i + 1; j < code.length; j++) {
          if (code[i] === code[j]) continue
          const swapped = [...code]
          ;[swapped[i], swapped[j]] = [swapped[j], swapped[i]]
          expect(parseCouponCode(swapped.join('')).ok).toBe(false)
        }
  })

  it('When a code is typed loosely, then it is read as printed', () => {
    const code = generateCouponCode(bytes(6))
    const loose = ` ${formatCouponCode(code).toLowerCase()} `
    expect(parseCouponCode(loose)).toEqual({ ok: true, code })
    expect(formatCouponCode('ABCD1234EFGH')).toBe('ABCD-1234-EFGH')
    // O is read as 0, I and L as 1 (Crockford), full-width as half-width.
    const zeroOne = generateCouponCodes(200, bytes(8)).find((c) => c.includes('0') && c.includes('1'))!
    expect(parseCouponCode(zeroOne.replace(/0/g, 'O').replace(/1/g, 'l'))).toEqual({ ok: true, code: zeroOne })
    expect(parseCouponCode(code.replace(/[A-Z0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)))).toEqual({ ok: true, code })
  })

  const wrong: Array<[string, string]> = [
    ['', '请输入优惠券码'],
    ['ABCD-EFGH-JKM', '优惠券码应为 12 位'],
    ['ABCD-EFGH-JKMNP', '优惠券码应为 12 位'],
    ['ABCD-EFGH-JKM#', '优惠券码含有无效字符'],
    ['ABCD-EFGH-JKMU', '优惠券码含有无效字符'],
  ]
  it.each(wrong)('When the code typed is %j, then it is refused with %s', (input, reason) => {
    expect(parseCouponCode(input)).toEqual({ ok: false, reason })
  })

  it('When a contract reads a code, then it is normalised or refused in Chinese', () => {
    const code = generateCouponCode(bytes(9))
    expect(CouponCodeInput.parse(formatCouponCode(code).toLowerCase())).toBe(code)
    const typo = code.slice(0, 11) + (code[11] === '0' ? '1' : '0')
    const r = CouponCodeInput.safeParse(typo)
    expect(r.success ? null : r.error.issues[0].message).toBe('优惠券码有误，请核对后重新输入')
  })
})
