// Feedback never blocks input: a toast (添加成功, 验证码已发送, …) stays on
// screen for about 1.5 s, centred over the plate keyboard's upper keys, and a
// tap on a key under it must land on the key, as it does on weapp.
import type { Page } from 'playwright-core'
import { afterAll, describe, expect, it } from 'vitest'
import { callAs, openMyVehicles, phoneForFile } from './browser'

const ZHAO = 'o-reviewer-zhao' // no vehicles in the seed; the test removes what it adds

let page: Page

phoneForFile((p) => (page = p))
afterAll(async () => {
  const listed = (await callAs(ZHAO, 'vehicle', { action: 'list', input: {} })) as { data: { vehicles: Array<{ id: string }> } }
  for (const v of listed.data.vehicles) await callAs(ZHAO, 'vehicle', { action: 'remove', input: { id: v.id } })
})

/** The toast box while it is showing, else null. */
const toastBox = () =>
  page.evaluate(() => {
    const wrapper = document.querySelector<HTMLElement>('.taro__toast')
    const box = wrapper?.lastElementChild
    if (!wrapper || !box || getComputedStyle(wrapper).display === 'none' || wrapper.style.opacity === '0') return null
    const r = box.getBoundingClientRect()
    return { x: r.x, y: r.y, width: r.width, height: r.height }
  })

/**
 * Taps a control as a finger does (no waiting for it to be uncovered): on the
 * part of it under the toast when the toast covers some of it. Says whether
 * the toast was over the spot tapped.
 */
async function tap(testId: string): Promise<boolean> {
  const key = await page.getByTestId(testId).boundingBox({ timeout: 1000 }).catch(() => null)
  if (!key) return false // not on the keyboard now: an earlier tap did not land
  const toast = await toastBox()
  let x = key.x + key.width / 2
  let y = key.y + key.height / 2
  let covered = false
  if (toast) {
    const left = Math.max(key.x, toast.x)
    const right = Math.min(key.x + key.width, toast.x + toast.width)
    const top = Math.max(key.y, toast.y)
    const bottom = Math.min(key.y + key.height, toast.y + toast.height)
    if (right - left > 2 && bottom - top > 2) {
      x = (left + right) / 2
      y = (top + bottom) / 2
      covered = true
    }
  }
  await page.touchscreen.tap(x, y)
  return covered
}

describe('提示不挡键盘 (H5)', () => {
  it('When 添加成功 is showing and the driver at once types the next plate, then every key lands', async () => {
    await openMyVehicles(page, ZHAO)
    await page.getByTestId('vehicle-add').click()
    for (const k of ['冀', 'E', '1', '1', '1', '1', '1']) await page.getByTestId(`plate-key-${k}`).click()
    await page.getByTestId('plate-confirm').click()
    await page.getByText('添加成功').waitFor()
    await page.getByTestId('plate-keyboard').waitFor({ state: 'detached' })

    // The next plate: its province and digits sit on the keyboard's first row, under the toast.
    const plate = ['冀', 'E', '4', '5', '6', '7', '5']
    await tap('vehicle-add')
    await page.getByTestId('plate-keyboard').waitFor()
    let underToast = 0
    for (const k of plate) if (await tap(`plate-key-${k}`)) underToast++

    const boxes = await Promise.all(plate.map((_, i) => page.getByTestId(`plate-box-${i}`).textContent()))
    expect(boxes.join('')).toBe(plate.join(''))
    expect(underToast, 'the toast was gone before the keys were tapped: nothing was tested').toBeGreaterThanOrEqual(3)
  })
})
