// 访客预约's page helpers: the form's 来访时间 choices (times.ts) by the clock
// given (the server's), and the pass's QR (qr.ts) — what it encodes reads back
// the same as qrcode's own encoding of the text, and the SVG image is a valid base64 data URI.
import { describe, expect, it } from 'vitest'
import { create } from 'qrcode'
import { base64Ascii, qrMatrix, qrSvgDataUri } from '../../src/packages/visitor/qr'
import { dayLabel, dayOptions, dayStartOf, defaultWindow, endOptions, minuteLabel, startOptions } from '../../src/packages/visitor/times'

const at = (s: string) => Date.parse(`${s}+08:00`)

describe('来访时间', () => {
  it('When it is 14:07, then the form proposes today 14:30–16:30, and the start times of today begin at 14:00 (the visit under way)', () => {
    const now = at('2026-12-06T14:07:00')
    expect(defaultWindow(now)).toEqual({ dayStart: at('2026-12-06T00:00:00'), startMin: 870, endMin: 990 })
    const starts = startOptions(dayStartOf(now), now)
    expect(minuteLabel(starts[0])).toBe('14:00')
    expect(minuteLabel(starts.at(-1)!)).toBe('23:30')
    expect(startOptions(at('2026-12-07T00:00:00'), now)).toHaveLength(48)
    // At 14:25 a visit from 14:00 would start too long ago for the server.
    expect(minuteLabel(startOptions(dayStartOf(now), at('2026-12-06T14:25:00'))[0])).toBe('14:30')
  })

  it('When it is late in the evening, then the default visit ends at 24:00, and after 23:00 it is tomorrow morning', () => {
    expect(defaultWindow(at('2026-12-06T22:40:00'))).toMatchObject({ startMin: 1380, endMin: 1440 })
    expect(defaultWindow(at('2026-12-06T23:10:00'))).toEqual({ dayStart: at('2026-12-07T00:00:00'), startMin: 540, endMin: 660 })
  })

  it('When the start is chosen, then the ends offered are the half hours after it up to 24:00', () => {
    expect(endOptions(1380).map(minuteLabel)).toEqual(['23:30', '24:00'])
    expect(endOptions(875)[0]).toBe(900)
    expect(minuteLabel(1500)).toBe('次日 01:00')
  })

  it('When days are offered, then they run from today, labelled 今天 / 明天 / 后天 and then by date with the weekday', () => {
    const now = at('2026-12-06T09:00:00')
    const days = dayOptions(now)
    expect(days[0]).toBe(at('2026-12-06T00:00:00'))
    expect(days.map((d) => dayLabel(d, now)).slice(0, 4)).toEqual(['今天 12月6日 周日', '明天 12月7日 周一', '后天 12月8日 周二', '12月9日 周三'])
  })
})

describe('来访时间 within the office’s limits', () => {
  const limits = { maxDaysAhead: 7, maxWindowHours: 12, visitHours: { from: 7, to: 22 } }

  it('When visiting hours are 07:00–22:00, then starts run 07:00–21:30 and ends stop at 22:00', () => {
    const now = at('2026-12-06T06:10:00')
    const starts = startOptions(dayStartOf(now), now, limits)
    expect([minuteLabel(starts[0]), minuteLabel(starts.at(-1)!)]).toEqual(['07:00', '21:30'])
    expect(endOptions(1260, limits).map(minuteLabel)).toEqual(['21:30', '22:00'])
  })

  it('When visits may last 3 hours, then the ends offered stop 3 hours after the start', () => {
    expect(endOptions(540, { ...limits, maxWindowHours: 3 }).map(minuteLabel).at(-1)).toBe('12:00')
  })

  it('When 7 days ahead are allowed, then today and the next 7 are offered', () => {
    expect(dayOptions(at('2026-12-06T09:00:00'), limits)).toHaveLength(8)
  })

  it('When it is 21:10, then the default visit is tomorrow 07:00–09:00 (never one the office would refuse); at 06:10 it is today 07:00–09:00', () => {
    expect(defaultWindow(at('2026-12-06T21:10:00'), limits)).toEqual({ dayStart: at('2026-12-07T00:00:00'), startMin: 420, endMin: 540 })
    expect(defaultWindow(at('2026-12-06T06:10:00'), limits)).toEqual({ dayStart: at('2026-12-06T00:00:00'), startMin: 420, endMin: 540 })
    expect(defaultWindow(at('2026-12-06T20:40:00'), limits)).toEqual({ dayStart: at('2026-12-06T00:00:00'), startMin: 1260, endMin: 1320 })
  })
})

describe('the pass QR', () => {
  const text = 'visitor:dnAtZGVtby13YW5nLTE.2.AbCdEfGhIjKlMnOpQrStUv'

  it('When a token is encoded, then the matrix is the one qrcode makes of the text itself (bytes given, as on weapp without TextEncoder)', () => {
    const m = qrMatrix(text)
    const reference = create(text, { errorCorrectionLevel: 'M' }).modules
    expect(m.size).toBe(reference.size)
    for (let r = 0; r < m.size; r++) for (let c = 0; c < m.size; c++) expect(m.dark(r, c), `${r},${c}`).toBe(Boolean(reference.get(r, c)))
    // The three finder patterns' corners are dark.
    expect([m.dark(0, 0), m.dark(0, m.size - 1), m.dark(m.size - 1, 0)]).toEqual([true, true, true])
  })

  it('When the QR is drawn, then it is an SVG data URI in base64, as the runtime without btoa makes it', () => {
    expect(base64Ascii('visitor:ab.1.c')).toBe(Buffer.from('visitor:ab.1.c').toString('base64'))
    expect(base64Ascii('ab')).toBe('YWI=')
    const uri = qrSvgDataUri(text)
    expect(uri).toMatch(/^data:image\/svg\+xml;base64,/)
    const svg = Buffer.from(uri.split(',')[1], 'base64').toString()
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 37 37"/)
  })
})
