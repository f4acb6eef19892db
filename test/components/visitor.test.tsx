// 访客预约's pieces in jsdom: the list card says the server's status with its
// colour, and the form shows refusals under their fields — its own schema's
// before sending, and the office's limits as the server words them
// (VISITOR_FORM_INVALID's details.errors) — then opens the pass once booked.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { AppError } from '../../src/domain/errors'

const taro = vi.hoisted(() => ({ redirectTo: vi.fn(async () => ({})), params: {} as Record<string, string> }))
vi.mock('@tarojs/taro', () => {
  const api = {
    showToast: vi.fn(async () => ({})),
    showModal: vi.fn(async () => ({ confirm: true, cancel: false })),
    navigateTo: vi.fn(async () => ({})),
    navigateBack: vi.fn(async () => ({})),
    redirectTo: taro.redirectTo,
    setNavigationBarTitle: vi.fn(async () => ({})),
    stopPullDownRefresh: vi.fn(),
    getEnv: () => 'WEB',
    getCurrentInstance: () => ({ router: { $taroPath: '/packages/visitor/pages/form/index?stamp=T' } }),
    ENV_TYPE: { WEB: 'WEB', WEAPP: 'WEAPP' },
  }
  return { default: api, ...api, useRouter: () => ({ params: taro.params }), useDidShow: vi.fn(), usePullDownRefresh: vi.fn(), useReachBottom: vi.fn() }
})
const calls = vi.hoisted(() => ({ list: vi.fn(), create: vi.fn() }))
vi.mock('../../src/services/call', () => ({
  call: (_fn: string, action: string, input: unknown) =>
    action === 'list' ? calls.list() : action === 'create' ? calls.create(input) : Promise.reject(new Error(action)),
}))
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

import { PassCard, type HostPass } from '../../src/packages/visitor/components/pass-card'
import FormPage from '../../src/packages/visitor/pages/form/index'

afterEach(() => cleanup())

const pass = (over: Partial<HostPass> = {}): HostPass => ({
  id: 'vp-1',
  version: 1,
  name: '陈晓',
  phone: '138****0001',
  purpose: '项目合作',
  start: 0,
  end: 0,
  windowText: '2026.12.07 10:00–12:00',
  visitors: 2,
  plate: '京V26813',
  plateText: '京V·26813',
  status: 'BOOKED',
  statusLabel: '待到访',
  code: '123456',
  parkingPayer: 'visitor',
  parkingPayerLabel: '访客停车：访客自付',
  createdAt: 0,
  arrivedAt: null,
  mayModify: true,
  mayCancel: true,
  mayShare: true,
  ...over,
})

describe('访客预约 card', () => {
  it('When a pass is listed, then it shows the visitor, the server’s status in its colour, the window, 人数 and the plate', () => {
    render(<PassCard pass={pass()} />)
    expect(screen.getByTestId('pass-name').textContent).toBe('陈晓')
    expect(screen.getByTestId('pass-status').textContent).toBe('待到访')
    expect(screen.getByTestId('pass-status').className).toContain('visitor-status--wait')
    expect(screen.getByTestId('pass-window').textContent).toBe('来访时间 2026.12.07 10:00–12:00')
    expect(screen.getByTestId('pass-plate').textContent).toBe('京V·26813')
    cleanup()
    render(<PassCard pass={pass({ status: 'CANCELLED', statusLabel: '已取消', plate: null, plateText: null })} />)
    expect(screen.getByTestId('pass-status').className).toContain('visitor-status--over')
    expect(screen.queryByTestId('pass-plate')).toBeNull()
  })
})

describe('预约访客 form', () => {
  beforeEach(() => {
    taro.params = {}
    taro.redirectTo.mockClear()
    calls.list.mockReset().mockResolvedValue({ passes: [], nextCursor: null, now: Date.parse('2026-12-06T14:07:00+08:00'), limits: { maxDaysAhead: 7, maxWindowHours: 12, visitHours: { from: 7, to: 22 } } })
    calls.create.mockReset()
  })
  /** Types into a field (the Input renders as the <input> itself, or wraps one). */
  const type = (testId: string, value: string) => {
    const el = screen.getByTestId(testId)
    const input = el.tagName === 'INPUT' ? el : el.querySelector('input')!
    act(() => void fireEvent.input(input, { target: { value } }))
  }
  const submit = () => act(async () => void fireEvent.click(screen.getByTestId('form-submit')))

  it('When 预约 is tapped with the form empty, then each field says what is missing and nothing is sent', async () => {
    render(<FormPage />)
    await screen.findByTestId('form-submit')
    expect(screen.getByTestId('form-start-value').textContent).toBe('14:30')
    expect(screen.getByTestId('form-end-value').textContent).toBe('16:30')
    await submit()
    expect(screen.getByTestId('form-name-error').textContent).toBe('访客姓名应为 2–20 个字')
    expect(screen.getByTestId('form-phone-error').textContent).toBe('请输入正确的 11 位手机号')
    expect(screen.getByTestId('form-purpose-error').textContent).toBe('请填写来访事由')
    expect(calls.create).not.toHaveBeenCalled()
  })

  it('When the server refuses the office’s limits, then each reason is under its field; once accepted the pass opens', async () => {
    render(<FormPage />)
    await screen.findByTestId('form-submit')
    type('form-name', '陈晓')
    type('form-phone', '13812340001')
    type('form-purpose', '项目合作')
    calls.create.mockRejectedValueOnce(
      new AppError('VISITOR_FORM_INVALID', '预约信息有误，请检查后重试', { errors: { visitors: '来访人数不能超过 5 人', end: '来访时间应在 07:00–22:00 之间' } }),
    )
    await submit()
    expect(calls.create).toHaveBeenCalledWith(expect.objectContaining({ name: '陈晓', phone: '13812340001', purpose: '项目合作', visitors: 1, plate: null }))
    expect(screen.getByTestId('form-visitors-error').textContent).toBe('来访人数不能超过 5 人')
    expect(screen.getByTestId('form-end-error').textContent).toBe('来访时间应在 07:00–22:00 之间')
    expect(screen.queryByTestId('form-error')).toBeNull()

    calls.create.mockResolvedValueOnce({ pass: pass({ id: 'vp-9' }) })
    await submit()
    expect(taro.redirectTo).toHaveBeenCalledWith({ url: '/packages/visitor/pages/detail/index?id=vp-9&created=1' })
  })
})
