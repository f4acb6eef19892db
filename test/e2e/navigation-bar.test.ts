// The H5 navigation bar, like weapp's: each page's title from its config, a
// back arrow where there is a page to go back to, a home control where there
// is none, nothing on the tab pages; the page is laid out below it.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { actAs, open, settled, phoneForFile } from './browser'

let page: Page

phoneForFile((p) => {
  page = p
  actAs(page, 'o-driver-zhang')
})

const bar = () => page.locator('#taro-navigation-bar')
const title = () => bar().locator('.taro-navigation-bar-title').textContent()
const back = () => page.getByRole('button', { name: '返回', exact: true })
const home = () => page.getByRole('button', { name: '返回首页' })
const route = () => page.evaluate(() => location.hash.replace(/\?.*/, ''))

/** The page holding `content` (a selector) starts at or below the bar's bottom edge and ends on screen. */
async function laidOutBelowBar(content: string) {
  const barBox = (await bar().boundingBox())!
  const pageBox = (await page.locator('.taro_page').filter({ has: page.locator(content) }).boundingBox())!
  expect(barBox.height).toBeGreaterThan(30)
  expect(pageBox.y).toBeGreaterThanOrEqual(barBox.y + barBox.height - 0.5)
  expect(pageBox.y + pageBox.height).toBeLessThanOrEqual(667 + 0.5)
}

describe('H5 导航栏', () => {
  it('When 我的车证 is opened directly (no history), then the bar shows its title and a home control that leads to 首页', async () => {
    await open(page, '/packages/permit/pages/records/index')
    await expect.poll(title).toBe('我的车证')
    expect(await home().isVisible()).toBe(true)
    expect(await back().isVisible()).toBe(false)
    await laidOutBelowBar('.permit-records')

    await home().click()
    await settled(page)
    await expect.poll(route).toBe('#/pages/home/index')
    await expect.poll(title).toBe('校园停车')
    await page.getByTestId('entry-records').waitFor()
    expect(await home().isVisible()).toBe(false)
    expect(await back().isVisible()).toBe(false)
  })

  it('When the driver goes from 首页 to 我的车辆, then the bar has a back arrow that returns to 首页', async () => {
    await open(page, '/pages/home/index')
    await page.getByTestId('entry-vehicles').click()
    await settled(page)
    await expect.poll(title).toBe('我的车辆')
    expect(await back().isVisible()).toBe(true)
    expect(await home().isVisible()).toBe(false)
    await page.getByTestId('vehicle-add').waitFor()
    await laidOutBelowBar('[data-testid=vehicle-add]')

    await back().click()
    await settled(page)
    await expect.poll(route).toBe('#/pages/home/index')
    await expect.poll(title).toBe('校园停车')
  })

  it('When the driver switches to the 我的 tab, then the bar shows 我的 with neither back nor home', async () => {
    await open(page, '/pages/home/index')
    await page.getByTestId('tab-mine').click()
    await settled(page)
    await expect.poll(title).toBe('我的')
    await page.getByTestId('mine-name').waitFor()
    expect(await back().isVisible()).toBe(false)
    expect(await home().isVisible()).toBe(false)
    await laidOutBelowBar('[data-testid=mine-name]')
  })
})
