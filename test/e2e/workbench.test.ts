// 工作台 shows only for staff: roles come from the staff collection, and the
// identity from the platform (here the page's ?as= person).
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { actAs, open, settled, phoneForFile } from './browser'

let page: Page

phoneForFile((p) => (page = p))

describe('工作台 (H5)', () => {
  it('When a driver opens the app, then the tab bar has 首页 and 我的 but no 工作台', async () => {
    actAs(page, 'o-driver-zhang')
    await open(page, '/pages/home/index')
    await expect.poll(() => page.getByTestId('tab-mine').count()).toBe(1)
    await expect.poll(() => page.getByTestId('home-default-plate').textContent()).toContain('京A·12345')
    expect(await page.getByTestId('tab-workbench').count()).toBe(0)
  })

  it('When a driver opens the workbench address directly, then it refuses in Chinese', async () => {
    actAs(page, 'o-driver-zhang')
    await open(page, '/pages/workbench/index')
    await expect.poll(() => page.getByText('仅工作人员可用').count()).toBe(1)
  })

  it('When the reviewer opens the app, then 工作台 is in the tab bar and shows their role', async () => {
    actAs(page, 'o-reviewer-zhao')
    await open(page, '/pages/mine/index')
    await expect.poll(() => page.getByTestId('mine-name').textContent()).toBe('赵敏')
    await page.getByTestId('tab-workbench').click()
    await expect.poll(() => page.getByText('车证审核').count()).toBe(1)
    expect(await page.getByText('审核员').count()).toBeGreaterThan(0)
  })

  it('When the reviewer opens 支付异常, then the seeded overdue refund is listed, and 立即重试 says WeChat Pay still refuses it', async () => {
    actAs(page, 'o-reviewer-zhao')
    await open(page, '/pages/workbench/index')
    await expect.poll(() => page.getByTestId('queue-money').textContent()).toMatch(/[1-9]\d* 笔/)
    await page.getByTestId('queue-money').click()
    await settled(page)
    const item = page.getByTestId('money-item').filter({ hasText: 'RP20260901080000000001' })
    await expect.poll(() => item.textContent()).toContain('¥360.00')
    expect(await item.textContent()).toContain('退款 · 待发起')
    expect(await item.textContent()).toContain('此交易订单号不存在')
    // Tries so far: 12 seeded, more if another suite moved the emulator clock past its next try (the sweep retries it).
    const tries = Number(/已尝试 (\d+) 次/.exec((await item.textContent()) ?? '')?.[1])
    expect(tries).toBeGreaterThanOrEqual(12)
    await item.getByTestId('money-retry').click()
    await expect.poll(() => page.getByText('重试未成功').count()).toBe(1)
    // The try is counted: the card shows one more attempt once the list reloads.
    await expect.poll(() => item.textContent()).toContain(`已尝试 ${tries + 1} 次`)
  })
})
