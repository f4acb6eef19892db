// Back closes an open sheet first: on 车证办理 the browser's back with 车主手机号
// or the plate keyboard open closes the sheet and keeps the page and what was
// typed; each sheet also has its own close control.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { actAs, open, settled, phoneForFile } from './browser'

let page: Page

phoneForFile((p) => {
  page = p
  actAs(page, 'o-host-wang') // no vehicles in any suite: 请选择办理车辆 opens the keyboard
})

const onApply = () => page.evaluate(() => location.hash.includes('/packages/permit/pages/apply/index'))
const plateShown = () => page.getByTestId('permit-plate').textContent()

/** 首页 → 车证续费, then a plate typed on the keyboard. */
async function applyWithPlate() {
  await open(page, '/pages/home/index')
  await page.getByTestId('entry-permit').click()
  await settled(page)
  await page.getByTestId('permit-plate').click()
  for (const k of ['粤', 'B', '1', '2', '3', '4', '5']) await page.getByTestId(`plate-key-${k}`).click()
  await page.getByTestId('plate-confirm').click()
  await expect.poll(plateShown).toContain('粤B·12345')
}

describe('返回先关闭弹层 (H5)', () => {
  it('When 车主手机号 is open and the driver presses back, then the sheet closes and 车证办理 keeps the plate', async () => {
    await applyWithPlate()
    await page.getByTestId('permit-phone').click()
    await page.getByTestId('phone-verify').waitFor()

    await page.goBack()
    await expect.poll(() => page.getByTestId('phone-verify').count()).toBe(0)
    expect(await onApply()).toBe(true)
    expect(await page.getByTestId('entry-permit').isVisible()).toBe(false)
    expect(await plateShown()).toContain('粤B·12345')

    // Back again, with no sheet open, leaves the page as usual.
    await page.goBack()
    await settled(page)
    await expect.poll(() => page.getByTestId('entry-permit').isVisible()).toBe(true)
  })

  it('When the driver closes 车主手机号 with its close control, then the page stays and one back still leaves it', async () => {
    await applyWithPlate()
    await page.getByTestId('permit-phone').click()
    await page.getByTestId('phone-verify-close').click()
    await expect.poll(() => page.getByTestId('phone-verify').count()).toBe(0)
    expect(await onApply()).toBe(true)
    expect(await plateShown()).toContain('粤B·12345')

    await page.goBack()
    await settled(page)
    await expect.poll(() => page.getByTestId('entry-permit').isVisible()).toBe(true)
  })

  it('When the plate keyboard is open and the driver presses back, then the keyboard closes and the plate stays', async () => {
    await applyWithPlate()
    await page.getByTestId('permit-plate').click()
    await page.getByTestId('plate-keyboard').waitFor()

    await page.goBack()
    await expect.poll(() => page.getByTestId('plate-keyboard').count()).toBe(0)
    expect(await onApply()).toBe(true)
    expect(await plateShown()).toContain('粤B·12345')
  })
})
