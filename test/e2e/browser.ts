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
