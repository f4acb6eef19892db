// The visitor pass (src/domain/visitor/pass.ts): the lifecycle table over
// every (status, event) pair, the office's settings, the window a host may
// book, the guard's check-in, the host's changes, the shared view's notice and
// the host's list order.
import { describe, expect, it } from 'vitest'
import {
  can,
  checkWindow,
  compareForHost,
  DEFAULT_VISITOR_SETTINGS,
  dueToExpire,
  effectiveStatus,
  formatWindow,
  CLAIM_SETTLE_MS,
  claimStands,
  GUARD_CODE_LIMIT,
  isUpcoming,
  mayChange,
  mayCheckIn,
  PARKING_PAYER_LABELS,
  PASS_EVENTS,
  PASS_STATUSES,
  PASS_STATUS_LABELS,
  passNotice,
  transition,
  VisitorSettingsSchema,
  type PassEvent,
  type PassLike,
  type PassStatus,
  type VisitorSettings,
} from '../../src/domain/visitor/pass'
import { afterWrongGuess, mayGuess, NO_GUESSES, withoutGuess } from '../../src/domain/lockout'

const at = (s: string) => Date.parse(`${s.replace(' ', 'T')}:00+08:00`)
const NOW = at('2026-12-06 10:00')
const MIN = 60_000
const S: VisitorSettings = DEFAULT_VISITOR_SETTINGS // 7 days ahead, 12 hours, 07:00–22:00, single entry, 30 min early

// The whole table, written out: every status × every event.
const EXPECTED: Record<PassStatus, Record<PassEvent, PassStatus | null>> = {
  BOOKED: { ARRIVE: 'ARRIVED', REENTER: null, MODIFY: 'BOOKED', CANCEL: 'CANCELLED', EXPIRE: 'EXPIRED' },
  ARRIVED: { ARRIVE: null, REENTER: 'ARRIVED', MODIFY: null, CANCEL: null, EXPIRE: null },
  CANCELLED: { ARRIVE: null, REENTER: null, MODIFY: null, CANCEL: null, EXPIRE: null },
  EXPIRED: { ARRIVE: null, REENTER: null, MODIFY: null, CANCEL: null, EXPIRE: null },
}
const pairs = PASS_STATUSES.flatMap((s) => PASS_EVENTS.map((e) => [s, e, EXPECTED[s][e]] as const))

describe('visitor pass state table', () => {
  it.each(pairs)('When a pass %s receives %s, then it becomes %s', (status, event, next) => {
    expect(transition(status, event)).toBe(next)
    expect(can(status, event)).toBe(next !== null)
  })

  it('When a status is shown, then it carries the app’s label', () => {
    expect(PASS_STATUSES.map((s) => PASS_STATUS_LABELS[s])).toEqual(['待到访', '已到访', '已取消', '已过期'])
  })

  it('When the guard checks a visitor in twice at once, then the second finds nothing to do (only a re-entry moves an arrived pass)', () => {
    expect(transition(transition('BOOKED', 'ARRIVE')!, 'ARRIVE')).toBeNull()
  })
})

const pass = (start: string, end: string, status: PassStatus = 'BOOKED'): PassLike => ({ status, start: at(start), end: at(end) })

describe('status as of now', () => {
  it('When a booked pass’s window has ended, then it reads as 已过期 before the sweep runs, and the sweep is due to move it', () => {
    const p = pass('2026-12-06 08:00', '2026-12-06 10:00')
    expect(effectiveStatus(p, NOW)).toBe('EXPIRED')
    expect(dueToExpire(p, NOW)).toBe(true)
    expect(dueToExpire(p, NOW - 1)).toBe(false)
  })

  it.each(['ARRIVED', 'CANCELLED'] as const)('When a %s pass’s window has ended, then it keeps its status and the sweep leaves it', (status) => {
    const p = pass('2026-12-06 08:00', '2026-12-06 09:00', status)
    expect(effectiveStatus(p, NOW)).toBe(status)
    expect(dueToExpire(p, NOW)).toBe(false)
  })
})

describe('office visit settings', () => {
  it('When the defaults are checked, then the schema accepts them, and the payer labels are the app’s', () => {
    expect(VisitorSettingsSchema.parse(DEFAULT_VISITOR_SETTINGS)).toEqual(DEFAULT_VISITOR_SETTINGS)
    expect(PARKING_PAYER_LABELS).toEqual({ free: '免费', host: '被访人支付', visitor: '访客自付' })
  })

  it.each([
    [{ maxDaysAhead: 91 }, 'maxDaysAhead', '可提前预约天数应为 0–90 的整数'],
    [{ maxWindowHours: 0 }, 'maxWindowHours', '单次来访时长应为 1–72 小时的整数'],
    [{ maxVisitors: 1.5 }, 'maxVisitors', '每次来访人数上限应为 1–50 的整数'],
    [{ visitHours: { from: 22, to: 7 } }, 'visitHours.to', '来访开始时间应早于结束时间'],
    [{ visitHours: { from: 7, to: 25 } }, 'visitHours.to', '来访结束时间应为 1–24 点'],
    [{ earlyArrivalMinutes: -1 }, 'earlyArrivalMinutes', '提前到访时间应为 0–240 分钟的整数'],
    [{ parkingPayer: 'school' }, 'parkingPayer', '请选择访客停车费用的支付方式'],
  ] as const)('When the settings have %o, then %s is refused with “%s”', (over, path, message) => {
    const r = VisitorSettingsSchema.safeParse({ ...DEFAULT_VISITOR_SETTINGS, ...over })
    expect(r.success).toBe(false)
    if (!r.success) expect(r.error.issues.map((i) => [i.path.join('.'), i.message])).toContainEqual([path, message])
  })
})

describe('the window a host may book (now 2026-12-06 10:00)', () => {
  const cases: Array<[string, string, string, VisitorSettings, 'ok' | ['start' | 'end', string]]> = [
    ['a visit this afternoon', '2026-12-06 14:00', '2026-12-06 16:00', S, 'ok'],
    ['a visit starting now', '2026-12-06 10:00', '2026-12-06 11:00', S, 'ok'],
    ['a start picked a few minutes ago', '2026-12-06 09:52', '2026-12-06 11:00', S, 'ok'],
    ['a start in the past', '2026-12-06 09:30', '2026-12-06 11:00', S, ['start', '开始时间不能早于当前时间']],
    ['a window already over', '2026-12-06 08:00', '2026-12-06 09:00', S, ['end', '来访时间已过，请重新选择']],
    ['an end before the start', '2026-12-06 16:00', '2026-12-06 14:00', S, ['end', '结束时间应晚于开始时间']],
    ['an end equal to the start', '2026-12-06 16:00', '2026-12-06 16:00', S, ['end', '结束时间应晚于开始时间']],
    ['the last day allowed (7 days ahead)', '2026-12-13 20:00', '2026-12-13 21:00', S, 'ok'],
    ['the day after the last allowed', '2026-12-14 08:00', '2026-12-14 09:00', S, ['start', '只能预约 7 天内的来访']],
    ['tomorrow when only today is allowed', '2026-12-07 08:00', '2026-12-07 09:00', { ...S, maxDaysAhead: 0 }, ['start', '只能预约今天的来访']],
    ['exactly the longest window', '2026-12-06 10:00', '2026-12-06 22:00', S, 'ok'],
    ['a window longer than allowed', '2026-12-07 07:00', '2026-12-07 19:01', S, ['end', '来访时长不能超过 12 小时']],
    ['a start before visiting hours', '2026-12-07 06:30', '2026-12-07 09:00', S, ['start', '来访时间应在 07:00–22:00 之间']],
    ['an end after visiting hours', '2026-12-07 20:00', '2026-12-07 22:30', S, ['end', '来访时间应在 07:00–22:00 之间']],
    ['an overnight visit', '2026-12-07 21:00', '2026-12-08 07:30', S, ['end', '来访时间应在同一天内']],
    [
      'an overnight visit with any hours and a long window',
      '2026-12-07 21:00',
      '2026-12-08 07:30',
      { ...S, visitHours: null, maxWindowHours: 24 },
      'ok',
    ],
    ['a visit until midnight with hours to 24', '2026-12-07 20:00', '2026-12-08 00:00', { ...S, visitHours: { from: 0, to: 24 } }, 'ok'],
  ]
  it.each(cases)('When the host books %s (%s to %s), then the answer is %j', (_name, start, end, settings, expected) => {
    const r = checkWindow({ start: at(start), end: at(end) }, NOW, settings)
    expect(r).toEqual(expected === 'ok' ? { ok: true } : { ok: false, field: expected[0], message: expected[1] })
  })

  it('When the window is not a time at all, then the field to fill is named', () => {
    expect(checkWindow({ start: NaN, end: at('2026-12-06 12:00') }, NOW, S)).toEqual({ ok: false, field: 'start', message: '请选择来访开始时间' })
    expect(checkWindow({ start: at('2026-12-06 12:00'), end: 1.5 }, NOW, S)).toEqual({ ok: false, field: 'end', message: '请选择来访结束时间' })
  })

  it('When a visit under way is modified, then its start may stay in the past but a new past start is refused', () => {
    const previous = { start: at('2026-12-06 08:00'), end: at('2026-12-06 11:00') }
    expect(checkWindow({ start: previous.start, end: at('2026-12-06 13:00') }, NOW, S, previous)).toEqual({ ok: true })
    expect(checkWindow({ start: at('2026-12-06 08:30'), end: at('2026-12-06 13:00') }, NOW, S, previous)).toMatchObject({ ok: false, field: 'start' })
  })

  it('When today is computed, then it is the Shanghai day even when UTC is still on yesterday', () => {
    // 2026-12-06 17:00 UTC is already 2026-12-07 01:00 in Shanghai; 7 days ahead reaches the 14th.
    const now = Date.UTC(2026, 11, 6, 17, 0)
    expect(checkWindow({ start: at('2026-12-14 08:00'), end: at('2026-12-14 09:00') }, now, S)).toEqual({ ok: true })
  })

  it.each([
    ['2026-12-06 14:00', '2026-12-06 16:00', '2026.12.06 14:00–16:00'],
    ['2026-12-06 20:00', '2026-12-07 00:00', '2026.12.06 20:00–24:00'],
    ['2026-12-06 21:00', '2026-12-07 08:00', '2026.12.06 21:00 至 2026.12.07 08:00'],
  ])('When the window %s to %s is shown, then it reads %s', (start, end, text) => {
    expect(formatWindow({ start: at(start), end: at(end) })).toBe(text)
  })
})

describe('the guard’s check-in (window 14:00–16:00, 30 minutes early allowed)', () => {
  const single = { allowMultipleEntries: false, earlyArrivalMinutes: 30 }
  const multiple = { allowMultipleEntries: true, earlyArrivalMinutes: 30 }
  const cases: Array<[PassStatus, string, typeof single, string]> = [
    ['BOOKED', '2026-12-06 13:29', single, '未到来访时间'],
    ['BOOKED', '2026-12-06 13:30', single, 'ARRIVE'],
    ['BOOKED', '2026-12-06 15:59', single, 'ARRIVE'],
    ['BOOKED', '2026-12-06 16:00', single, '来访时间已过'],
    ['EXPIRED', '2026-12-06 15:00', single, '来访时间已过'],
    ['CANCELLED', '2026-12-06 15:00', single, '预约已取消'],
    ['CANCELLED', '2026-12-06 17:00', single, '预约已取消'],
    ['ARRIVED', '2026-12-06 15:00', single, '已登记到访'],
    ['ARRIVED', '2026-12-06 15:00', multiple, 'REENTER'],
    ['ARRIVED', '2026-12-06 16:00', multiple, '来访时间已过'],
    ['ARRIVED', '2026-12-06 17:00', single, '已登记到访'],
  ]
  it.each(cases)('When a %s pass is checked at %s (%o), then the answer is %s', (status, now, settings, expected) => {
    const r = mayCheckIn(pass('2026-12-06 14:00', '2026-12-06 16:00', status), at(now), settings)
    if (expected === 'ARRIVE' || expected === 'REENTER') expect(r).toEqual({ ok: true, event: expected })
    else expect(r).toMatchObject({ ok: false, message: expected })
  })

  it('When a guard types ten wrong codes within an hour, then typing stops until the first is an hour old, in words about the code', () => {
    let state = NO_GUESSES
    for (let i = 0; i < 9; i++) state = afterWrongGuess(state, NOW + i * MIN, GUARD_CODE_LIMIT).state
    expect(afterWrongGuess(state, NOW + 9 * MIN, GUARD_CODE_LIMIT)).toMatchObject({ lockedUntil: NOW + 60 * MIN, message: '验证码错误次数过多，请于 11:00 后再试' })
  })

  it('When a guard mixes a known live code between wrong ones, then the right ones take back only their own try and the wrong ones still stop typing', () => {
    let state = NO_GUESSES
    let t = NOW
    for (let round = 0; ; round++) {
      for (let i = 0; i < 4; i++) {
        const wrong = afterWrongGuess(state, ++t, GUARD_CODE_LIMIT)
        state = wrong.state
        if (wrong.lockedUntil !== null) {
          expect(round).toBe(2)
          expect(mayGuess(state, t + 1, GUARD_CODE_LIMIT).ok).toBe(false)
          return
        }
      }
      // A right code: counted first, then taken back.
      state = withoutGuess(afterWrongGuess(state, ++t, GUARD_CODE_LIMIT).state, t)
    }
  })

  it('When check-in is allowed, then the event it names is a move of the table', () => {
    for (const [status, now, settings] of cases) {
      const r = mayCheckIn(pass('2026-12-06 14:00', '2026-12-06 16:00', status), at(now), settings)
      if (r.ok) expect(transition(status, r.event)).toBe('ARRIVED')
    }
  })
})

describe('the host’s changes', () => {
  const window = ['2026-12-06 14:00', '2026-12-06 16:00'] as const
  it.each([
    ['BOOKED', 'MODIFY', '2026-12-06 10:00', null],
    ['BOOKED', 'CANCEL', '2026-12-06 15:00', null],
    ['BOOKED', 'MODIFY', '2026-12-06 16:00', '预约已过期，不能修改'],
    ['ARRIVED', 'MODIFY', '2026-12-06 15:00', '访客已到访，不能修改预约'],
    ['ARRIVED', 'CANCEL', '2026-12-06 15:00', '访客已到访，不能取消预约'],
    ['CANCELLED', 'CANCEL', '2026-12-06 10:00', '预约已取消'],
    ['EXPIRED', 'CANCEL', '2026-12-06 17:00', '预约已过期，不能取消'],
  ] as const)('When the host asks a %s pass to %s at %s, then the refusal is %s', (status, event, now, message) => {
    const r = mayChange(pass(...window, status), event, at(now))
    expect(r).toEqual(message === null ? { ok: true } : { ok: false, message })
  })
})

describe('what a pass opened from its QR says', () => {
  const p = (status: PassStatus, version = 2) => ({ ...pass('2026-12-06 14:00', '2026-12-06 16:00', status), version })
  it.each([
    ['a booked pass with its current token', p('BOOKED'), 2, '2026-12-06 10:00', null],
    ['an arrived pass', p('ARRIVED'), 2, '2026-12-06 15:00', null],
    ['a pass modified since the QR was made', p('BOOKED'), 1, '2026-12-06 10:00', '预约已修改，此凭证已失效，请向被访人索取新的凭证'],
    ['a cancelled pass', p('CANCELLED'), 2, '2026-12-06 10:00', '预约已取消，此凭证已失效'],
    ['a cancelled pass with an old token', p('CANCELLED'), 1, '2026-12-06 10:00', '预约已取消，此凭证已失效'],
    ['a pass whose window is over', p('BOOKED'), 2, '2026-12-06 16:00', '预约已过期，此凭证已失效'],
    ['an arrived pass whose window is over', p('ARRIVED'), 2, '2026-12-06 16:00', '来访已结束，此凭证已失效'],
  ] as const)('When %s is opened, then it says %s', (_name, thePass, version, now, notice) => {
    expect(passNotice(thePass, version, at(now))).toBe(notice)
  })
})

describe('the host’s list', () => {
  const rows = [
    { id: 'past-arrived', ...pass('2026-12-05 09:00', '2026-12-05 10:00', 'ARRIVED') },
    { id: 'tomorrow', ...pass('2026-12-07 09:00', '2026-12-07 10:00') },
    { id: 'cancelled-future', ...pass('2026-12-08 09:00', '2026-12-08 10:00', 'CANCELLED') },
    { id: 'under-way', ...pass('2026-12-06 09:00', '2026-12-06 11:00', 'ARRIVED') },
    { id: 'expired-unswept', ...pass('2026-12-06 08:00', '2026-12-06 09:00') },
    { id: 'today-later', ...pass('2026-12-06 14:00', '2026-12-06 15:00') },
    { id: 'today-later-b', ...pass('2026-12-06 14:00', '2026-12-06 15:00') },
  ]

  it('When the list is sorted, then upcoming passes come first (soonest first), then past ones (latest first)', () => {
    expect([...rows].sort(compareForHost(NOW)).map((r) => r.id)).toEqual([
      'under-way',
      'today-later',
      'today-later-b',
      'tomorrow',
      'cancelled-future',
      'expired-unswept',
      'past-arrived',
    ])
  })

  it('When a pass is cancelled or its window is over, then it is no longer upcoming', () => {
    expect(rows.filter((r) => isUpcoming(r, NOW)).map((r) => r.id)).toEqual(['tomorrow', 'under-way', 'today-later', 'today-later-b'])
  })
})

describe('a code’s claim', () => {
  const claim = { code: '123456', until: at('2026-12-06 16:00'), at: NOW }
  const live = { code: '123456', status: 'BOOKED' as const, end: at('2026-12-06 16:00') }
  it.each([
    ['its pass is not written yet, claimed just now', claim, null, NOW + 1000, true],
    ['its pass does not name the code yet (修改预约 under way), claimed just now', claim, { ...live, code: '654321' }, NOW + 1000, true],
    ['its pass was never written, claimed a while ago', claim, null, NOW + CLAIM_SETTLE_MS, false],
    ['its pass is live and names the code', claim, live, NOW + 2 * 3600_000, true],
    ['its pass was cancelled', claim, { ...live, status: 'CANCELLED' as const }, NOW + CLAIM_SETTLE_MS, false],
    ['its pass now has another code', claim, { ...live, code: '654321' }, NOW + CLAIM_SETTLE_MS, false],
    ['its window is over', claim, live, at('2026-12-06 16:00'), false],
    ['it was made before claims kept their time and its pass is not there', { code: '123456', until: at('2026-12-06 16:00') }, null, NOW, false],
  ] as const)('When %s, then it stands: %s', (_name, c, pass, now, stands) => {
    expect(claimStands(c, pass, now)).toBe(stands)
  })
})
