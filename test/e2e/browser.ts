// Chromium at phone size against the H5 build, acting as a seeded person.
import { chromium, type Browser, type Page } from 'playwright-core'
import { inject } from 'vitest'

export const appUrl = () => inject('appUrl')

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

export async function phone(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 375, height: 667 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' })
  const page = await context.newPage()
  page.setDefaultTimeout(15_000)
  return page
}

/** Makes the H5 app act as a seeded person (the dev console's identity switch). */
export async function actAs(openid: string) {
  const r = await fetch(`${appUrl()}/console/api/identity`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ openid }),
  })
  if (!r.ok) throw new Error(`identity switch failed: ${r.status}`)
}

/** Starts the app afresh on a page (hash router) and waits until it has slid in. */
export async function open(page: Page, route: string) {
  await page.goto('about:blank') // a hash change alone would keep the running app and its session
  await page.goto(`${appUrl()}/#${route}`)
  await settled(page)
}

export async function settled(page: Page) {
  await page.locator('.taro_page.taro_page_stationed:not(.taro_page_shade)').last().waitFor({ state: 'visible' })
}

/** A 1×1 PNG, the photo the e2e suites upload. */
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d4944415478da63f8cfc0f01f0005000201a5d4e9a70000000049454e44ae426082',
  'hex',
)

/** Taps an upload control and picks a photo in the file chooser it opens. */
export async function uploadPhoto(page: Page, testId: string, name = 'photo.png') {
  const chooser = page.waitForEvent('filechooser')
  await page.getByTestId(testId).click()
  await (await chooser).setFiles({ name, mimeType: 'image/png', buffer: PNG })
}

/** Opens 我的车辆 as `openid` and waits until it has loaded. */
export async function openMyVehicles(page: Page, openid: string) {
  await actAs(openid)
  await open(page, '/packages/vehicle/pages/list/index')
  await page.getByTestId('vehicle-add').waitFor()
}
