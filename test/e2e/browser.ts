// Chromium at phone size against the H5 build; each page (a browser tab)
// acts as its own seeded person, chosen with ?as= on the app URL.
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { launchChromium } from '../support/chromium'
import { afterAll, beforeAll, expect, inject } from 'vitest'

export const appUrl = () => inject('appUrl')

export const launch = launchChromium

/** Chromium for this file's tests: launched before them with a phone-size page handed to `ready`, closed after them. */
export function phoneForFile(ready: (page: Page) => void) {
  let browser: Browser | undefined
  beforeAll(async () => {
    browser = await launch()
    ready(await phone(browser))
  })
  afterAll(async () => {
    await browser?.close()
  })
}

export async function phone(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 375, height: 667 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' })
  return tab(context)
}

/** Another tab of the same phone browser (same origin, same cookies; its own sessionStorage, so its own person). */
export async function tab(context: BrowserContext): Promise<Page> {
  const page = await context.newPage()
  page.setDefaultTimeout(15_000)
  return page
}

const people = new WeakMap<Page, string>()

/** Makes this page act as a seeded person from the next `open` on (the app URL's ?as=; other pages are not affected). */
export function actAs(page: Page, openid: string) {
  people.set(page, openid)
}

/** Starts the app afresh on a page (hash router), as the page's person, and waits until it has slid in. */
export async function open(page: Page, route: string) {
  const as = people.get(page)
  await page.goto('about:blank') // a hash change alone would keep the running app and its session
  await page.goto(`${appUrl()}/${as ? `?as=${encodeURIComponent(as)}` : ''}#${route}`)
  await settled(page)
}

/** Calls a cloud function through the H5 bridge as `openid`, as a tab of that person does. */
export async function callAs(openid: string, name: string, data: unknown): Promise<unknown> {
  const r = await fetch(`${appUrl()}/h5/callFunction`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-dev-openid': openid },
    body: JSON.stringify({ name, data }),
  })
  if (!r.ok) throw new Error(`callFunction ${name} as ${openid}: HTTP ${r.status}`)
  return ((await r.json()) as { result: unknown }).result
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
  actAs(page, openid)
  await open(page, '/packages/vehicle/pages/list/index')
  await page.getByTestId('vehicle-add').waitFor()
}

/** Confirms the 温馨提示-style modal (Taro.showModal on H5) titled `title`. */
export async function confirmModal(page: Page, title: string) {
  await expect.poll(() => page.locator('.taro-modal__title').last().textContent()).toBe(title)
  await page.locator('.taro-model__confirm').last().click()
}

export interface Sms {
  phone: string
  templateId: string
  params: string[]
}

/** The emulator's SMS outbox (the dev console's 短信发件箱), newest first. */
export const smsOutbox = async (): Promise<Sms[]> => (await (await fetch(`${appUrl()}/console/api/sms`)).json()).messages
