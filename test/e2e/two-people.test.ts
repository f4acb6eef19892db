// Two people at once on H5: each browser tab acts as its own seeded person
// (?as=<openid> on the app URL, kept in the tab's sessionStorage, sent with
// every request), so the driver 张伟 and the reviewer 赵敏 use the app side by
// side in two tabs of one phone browser, and neither moves the other nor the
// dev console's default identity. Someone not in the console's list is
// refused; the console opens a tab as any listed person.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { actAs, appUrl, launch, open, phone, settled, tab } from './browser'

let browser: Browser

beforeAll(async () => {
  browser = await launch()
})
afterAll(async () => {
  await browser?.close()
})

const ZHANG = 'o-driver-zhang' // 张伟, a driver, verified owner of 京A·12345
const ZHAO = 'o-reviewer-zhao' // 赵敏, the reviewer

const nameOn = (page: Page) => () => page.getByTestId('mine-name').textContent()
const consoleDefault = async (): Promise<{ openid: string; name: string }> => (await (await fetch(`${appUrl()}/console/api/identity`)).json()).current

/** Two tabs of one phone browser, the first as 张伟 and the second as 赵敏, both on 我的. */
async function zhangAndZhao(): Promise<[Page, Page]> {
  const zhang = await phone(browser)
  const zhao = await tab(zhang.context())
  actAs(zhang, ZHANG)
  actAs(zhao, ZHAO)
  await open(zhang, '/pages/mine/index')
  await open(zhao, '/pages/mine/index')
  return [zhang, zhao]
}

describe('两人同时使用 (H5)', () => {
  it('When 张伟 and 赵敏 use two tabs at once, then each tab sees its own person and data, and only 赵敏 has 工作台', async () => {
    const before = await consoleDefault()
    const [zhang, zhao] = await zhangAndZhao()
    await expect.poll(nameOn(zhang)).toBe('张伟')
    await expect.poll(nameOn(zhao)).toBe('赵敏')
    await expect.poll(() => zhao.getByTestId('tab-workbench').count()).toBe(1)
    expect(await zhang.getByTestId('tab-workbench').count()).toBe(0)

    // Interleaved: 张伟 goes to 首页 while 赵敏 opens 工作台.
    await zhang.getByTestId('tab-home').click()
    await zhao.getByTestId('tab-workbench').click()
    await expect.poll(() => zhang.getByTestId('home-default-plate').textContent()).toContain('京A·12345')
    await expect.poll(() => zhao.getByText('车证审核').count()).toBe(1)
    expect(await zhao.getByText('审核员').count()).toBeGreaterThan(0)

    // Each opens 我的车辆 and sees their own vehicles: 张伟 his verified plate, 赵敏 none.
    await zhang.getByTestId('home-default-plate').click()
    await open(zhao, '/packages/vehicle/pages/list/index')
    await expect.poll(() => zhang.getByTestId('vehicle-item').filter({ hasText: '京A·12345' }).getByTestId('vehicle-status').textContent()).toBe('已认证')
    await expect.poll(() => zhao.getByTestId('vehicle-empty').count()).toBe(1)

    // 张伟 tries the workbench address in his tab: refused, while 赵敏's tab is still the reviewer's.
    await open(zhang, '/pages/workbench/index')
    await open(zhao, '/pages/mine/index')
    await expect.poll(() => zhang.getByText('仅工作人员可用').count()).toBe(1)
    await expect.poll(nameOn(zhao)).toBe('赵敏')
    expect(await consoleDefault()).toEqual(before) // no tab moved the console's default
  })

  it('When each tab is reloaded without ?as=, then it keeps its person; a new tab without one acts as the console default', async () => {
    const [zhang, zhao] = await zhangAndZhao()
    for (const page of [zhang, zhao]) {
      await page.goto('about:blank')
      await page.goto(`${appUrl()}/#/pages/mine/index`)
      await settled(page)
    }
    await expect.poll(nameOn(zhang)).toBe('张伟')
    await expect.poll(nameOn(zhao)).toBe('赵敏')

    const fresh = await tab(zhang.context())
    await open(fresh, '/pages/mine/index')
    await expect.poll(nameOn(fresh)).toBe((await consoleDefault()).name)
  })

  it('When a tab asks for someone not in the console list, then it is refused in Chinese and the tab keeps its person', async () => {
    const page = await phone(browser)
    actAs(page, ZHAO)
    await open(page, '/pages/mine/index')
    await expect.poll(nameOn(page)).toBe('赵敏')

    actAs(page, 'o-nobody')
    await open(page, '/pages/mine/index')
    await expect.poll(() => page.locator('.taro-modal__title').last().textContent()).toBe('无法切换身份')
    expect(await page.locator('.taro-modal__text').last().textContent()).toBe('没有这个人：o-nobody（只能选择开发控制台身份列表中的人）。本标签页的身份没有改变。')
    await page.locator('.taro-model__confirm').last().click()
    await expect.poll(nameOn(page)).toBe('赵敏')
  })

  it('When 在新标签页打开 is clicked for 赵敏 in the dev console, then a tab opens as 赵敏 and the default stays', async () => {
    const before = await consoleDefault()
    expect(before.openid).not.toBe(ZHAO)
    const devConsole = await phone(browser)
    await devConsole.goto(`${appUrl()}/console`)
    const opened = devConsole.context().waitForEvent('page')
    await devConsole.locator(`.person[data-openid="${ZHAO}"] a.open`).click()
    const app = await opened
    app.setDefaultTimeout(15_000)
    await settled(app)
    await app.getByTestId('tab-mine').click()
    await expect.poll(nameOn(app)).toBe('赵敏')
    expect(await app.getByTestId('tab-workbench').count()).toBe(1)
    expect(await consoleDefault()).toEqual(before)
  })
})
