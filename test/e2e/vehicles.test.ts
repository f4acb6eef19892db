// 我的车辆 in Chromium at phone size, through the H5 build and the emulator:
// a driver with no vehicles adds two plates with the plate keyboard, moves the
// default to the second, and removes the first.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { actAs, callAs, open, phoneForFile } from './browser'

let page: Page

phoneForFile((p) => {
  page = p
  actAs(page, 'o-driver-li')
})

async function typePlate(keys: string[], energy = false) {
  await page.getByTestId('vehicle-add').click()
  await page.getByTestId('plate-keyboard').waitFor()
  if (energy) await page.getByTestId('plate-energy-switch').click()
  for (const k of keys) await page.getByTestId(`plate-key-${k}`).click()
  await page.getByTestId('plate-confirm').click()
  await page.getByTestId('plate-keyboard').waitFor({ state: 'detached' })
}

const items = () => page.getByTestId('vehicle-item')
const itemFor = (plate: string) => items().filter({ hasText: plate })

describe('我的车辆 (H5)', () => {
  it('When a driver with no vehicles opens 我的车辆, then the empty state invites them to add one', async () => {
    await open(page, '/packages/vehicle/pages/list/index')
    await expect.poll(() => page.getByText('暂无车辆，添加一个车牌吧').count()).toBe(1)
    expect(await items().count()).toBe(0)
  })

  it('When the driver, on the empty 我的车辆 the previous test opened, adds a plate with the keyboard, then it is listed as the default', async () => {
    await typePlate(['苏', 'E', '1', '2', '3', '4', '5'])
    await expect.poll(() => items().count()).toBe(1)
    expect(await itemFor('苏E·12345').getByTestId('vehicle-default-badge').count()).toBe(1)
  })

  it('When the driver adds a new-energy plate to the previous test’s 苏E·12345, then both are listed and the first stays default', async () => {
    await typePlate(['浙', 'A', 'D', '1', '2', '3', '4', '5'], true)
    await expect.poll(() => items().count()).toBe(2)
    expect(await itemFor('浙A·D12345').getByTestId('vehicle-default-badge').count()).toBe(0)
    expect(await itemFor('苏E·12345').getByTestId('vehicle-default-badge').count()).toBe(1)
  })

  it('When the driver sets the second plate, added in the previous test, as default, then the mark moves to it', async () => {
    await itemFor('浙A·D12345').getByTestId('vehicle-set-default').click()
    await expect.poll(() => itemFor('浙A·D12345').getByTestId('vehicle-default-badge').count()).toBe(1)
    expect(await itemFor('苏E·12345').getByTestId('vehicle-default-badge').count()).toBe(0)
  })

  it('When the driver removes the first plate and confirms, after the previous tests added both and moved the default, then only the default one remains', async () => {
    await itemFor('苏E·12345').getByTestId('vehicle-remove').click()
    await expect.poll(() => page.locator('.taro-modal__text').textContent()).toBe('确定删除车辆 苏E·12345？')
    await page.locator('.taro-model__confirm').click()
    await expect.poll(() => items().count()).toBe(1)
    expect(await itemFor('浙A·D12345').getByTestId('vehicle-default-badge').count()).toBe(1)
  })

  it('When the driver adds a plate they already have (浙A·D12345, left by the previous tests), then the server refuses it with a Chinese message', async () => {
    await typePlateExpectingRefusal(['浙', 'A', 'D', '1', '2', '3', '4', '5'])
    await expect.poll(() => page.locator('.taro__toast').textContent()).toContain('该车辆已在您的车辆列表中')
    expect(await items().count()).toBe(1)
  })

  it('When the list the previous tests left is read back from the server, then it matches what the page shows', async () => {
    const result = (await callAs('o-driver-li', 'vehicle', { action: 'list', input: {} })) as { data: { vehicles: Array<{ plate: string; isDefault: boolean }> } }
    expect(result.data.vehicles.map((v) => [v.plate, v.isDefault])).toEqual([['浙AD12345', true]])
  })
})

async function typePlateExpectingRefusal(keys: string[]) {
  await page.getByTestId('vehicle-add').click()
  await page.getByTestId('plate-keyboard').waitFor()
  if (keys.length === 8) await page.getByTestId('plate-energy-switch').click()
  for (const k of keys) await page.getByTestId(`plate-key-${k}`).click()
  await page.getByTestId('plate-confirm').click()
}
