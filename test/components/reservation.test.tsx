// 车位预定's pieces in jsdom: 我的预定's card says the status and the money as
// the server has them, and 车位查询 reads the counts when shown, every 15 s
// while visible, and stops when hidden or closed.
import { act, cleanup, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

// The page hooks, kept so a test can show, hide and close the page.
const hooks = vi.hoisted(() => ({ show: [] as Array<() => void>, hide: [] as Array<() => void>, unload: [] as Array<() => void> }))
vi.mock('@tarojs/taro', () => {
  const api = {
    showToast: vi.fn(async () => ({})),
    navigateTo: vi.fn(async () => ({})),
    stopPullDownRefresh: vi.fn(),
    getEnv: () => 'WEB',
    getCurrentInstance: () => ({ router: { $taroPath: '/packages/reservation/pages/index/index?stamp=T' } }),
    ENV_TYPE: { WEB: 'WEB', WEAPP: 'WEAPP' },
  }
  return {
    default: api,
    ...api,
    // As Taro's: each render registers the page's latest callback.
    useDidShow: (f: () => void) => void hooks.show.splice(0, 1, f),
    useDidHide: (f: () => void) => void hooks.hide.splice(0, 1, f),
    useUnload: (f: () => void) => void hooks.unload.splice(0, 1, f),
    usePullDownRefresh: vi.fn(),
  }
})
const calls = vi.hoisted(() => ({ lots: vi.fn() }))
vi.mock('../../src/services/call', () => ({ call: (_fn: string, action: string) => (action === 'lots' ? calls.lots() : Promise.reject(new Error(action))) }))

// NutUI's bundle needs a canvas jsdom lacks: plain stand-ins for the few components these use.
vi.mock('../../src/ui/nutui', () => ({
  Button: ({ children, onClick, disabled, ...rest }: { children?: unknown; onClick?: () => void; disabled?: boolean; 'data-testid'?: string }) => (
    <button data-testid={rest['data-testid']} disabled={disabled} onClick={onClick}>
      {children as string}
    </button>
  ),
  Skeleton: () => <div />,
  Empty: ({ title, description }: { title?: string; description?: string }) => (
    <div>
      {title}
      {description}
    </div>
  ),
}))

import { ReservationCard, feeText, type Reservation } from '../../src/packages/reservation/components/reservation-card'
import LotsPage, { REFRESH_MS } from '../../src/packages/reservation/pages/index/index'

afterEach(() => {
  cleanup()
  vi.useRealTimers()
})

const reservation = (over: Partial<Reservation> = {}): Reservation => ({
  id: 'V20261206103000000001',
  lotId: 'pkuhsc',
  lotName: '北京大学医学部',
  plateText: '京N·Y3579',
  kind: 'small',
  kindLabel: '小型车',
  status: 'BOOKED',
  statusLabel: '待入场',
  arrivalAt: 0,
  windowFrom: 0,
  windowUntil: 0,
  windowText: '12-06 10:00–11:00',
  feeFen: 500,
  paidFen: 500,
  refundedFen: 0,
  payBy: null,
  phone: '136****6012',
  remark: '',
  createdAt: 0,
  enteredAt: null,
  ...over,
})

describe('我的预定 card', () => {
  it('When a paid reservation is listed, then it shows the server’s status, the lot, plate, window and the fee paid', () => {
    render(<ReservationCard reservation={reservation()} />)
    expect(screen.getByTestId('reservation-status').textContent).toBe('待入场')
    expect(screen.getByTestId('reservation-status').className).toContain('reservation-card__status--good')
    expect(screen.getByTestId('reservation-lot').textContent).toBe('北京大学医学部')
    expect(screen.getByTestId('reservation-plate').textContent).toBe('京N·Y3579')
    expect(screen.getByTestId('reservation-window').textContent).toBe('入场时段 12-06 10:00–11:00')
    expect(screen.getByTestId('reservation-fee').textContent).toBe('预约费 已付 ¥5.00')
  })

  it('When the money is owed, free, being refunded or refunded, then the card says so', () => {
    expect(feeText(reservation({ status: 'AWAITING_PAYMENT', paidFen: 0, feeFen: 1000 }))).toBe('待支付 ¥10.00')
    expect(feeText(reservation({ feeFen: 0, paidFen: 0 }))).toBe('免费预定')
    expect(feeText(reservation({ status: 'REFUNDED', refundedFen: 500 }))).toBe('已付 ¥5.00，已退 ¥5.00')
    render(<ReservationCard reservation={reservation({ status: 'CANCELLED', statusLabel: '已取消（退款中）' })} />)
    expect(screen.getByTestId('reservation-status').className).toContain('reservation-card__status--refund')
  })
})

describe('车位查询', () => {
  const answer = (free: number) => ({
    now: Date.now(),
    lots: [
      {
        id: 'pkuhsc',
        name: '北京大学医学部',
        address: '学院路38号',
        capacity: 120,
        free,
        open: true,
        quotaLeft: 10,
        horizonHours: 24,
        windowBeforeMinutes: 30,
        windowAfterMinutes: 30,
        prepayFen: { small: 500, large: 1000, newEnergy: 500 },
        terms: [],
      },
    ],
  })
  beforeEach(() => {
    hooks.show.length = hooks.hide.length = hooks.unload.length = 0
    calls.lots.mockReset()
  })
  const fire = async (list: Array<() => void>) => act(async () => list.forEach((f) => f()))
  const tick = (ms: number) => act(async () => void (await vi.advanceTimersByTimeAsync(ms)))

  it('When the page shows, then it reads the counts, again every 15 s while visible, and no more once hidden or closed', async () => {
    vi.useFakeTimers()
    let free = 100
    calls.lots.mockImplementation(async () => answer(free--))
    render(<LotsPage />)
    await fire(hooks.show)
    expect(screen.getByTestId('lot-free').textContent).toBe('100')
    expect(screen.getByTestId('lot-capacity').textContent).toBe('120')
    expect(screen.getByTestId('lot-quota-text').textContent).toBe('可预定 10 个 · 24 小时内到场')

    await tick(REFRESH_MS)
    expect(screen.getByTestId('lot-free').textContent).toBe('99')
    await tick(REFRESH_MS)
    expect(calls.lots).toHaveBeenCalledTimes(3)

    await fire(hooks.hide)
    await tick(5 * REFRESH_MS)
    expect(calls.lots).toHaveBeenCalledTimes(3)

    // Shown again: read at once and polled again (one timer, not two).
    await fire(hooks.show)
    expect(calls.lots).toHaveBeenCalledTimes(4)
    await tick(REFRESH_MS)
    expect(calls.lots).toHaveBeenCalledTimes(5)
    await fire(hooks.unload)
    await tick(5 * REFRESH_MS)
    expect(calls.lots).toHaveBeenCalledTimes(5)
  })

  it('When a refresh fails, then the counts shown stay and the page says they were not refreshed', async () => {
    vi.useFakeTimers()
    calls.lots.mockResolvedValueOnce(answer(42)).mockRejectedValue(new Error('网络异常，请检查网络后重试'))
    render(<LotsPage />)
    await fire(hooks.show)
    await tick(REFRESH_MS)
    expect(screen.getByTestId('lot-free').textContent).toBe('42')
    expect(screen.getByTestId('lots-updated').textContent).toMatch(/^刷新失败，车位数更新于 \d{2}:\d{2}:\d{2}，每 15 秒自动刷新$/)
    await fire(hooks.unload)
  })
})
