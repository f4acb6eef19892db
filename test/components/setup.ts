// Component tests render Taro components as React DOM (@tarojs/components-react)
// in jsdom; the Taro API itself is not available there, so the few calls
// components make are stubbed here and asserted on by the tests.
import { vi } from 'vitest'

vi.mock('@tarojs/taro', () => {
  const api = {
    showToast: vi.fn(async () => ({})),
    showModal: vi.fn(async () => ({ confirm: true, cancel: false })),
    navigateTo: vi.fn(async () => ({})),
    reLaunch: vi.fn(async () => ({})),
    stopPullDownRefresh: vi.fn(),
    getEnv: () => 'WEB',
    // The page being shown (components/sheet ties its history entries to it).
    getCurrentInstance: () => ({ router: { $taroPath: '/pages/test/index?stamp=T' } }),
    ENV_TYPE: { WEB: 'WEB', WEAPP: 'WEAPP' },
  }
  return { default: api, ...api, useDidShow: vi.fn(), usePullDownRefresh: vi.fn(), useLaunch: vi.fn() }
})
