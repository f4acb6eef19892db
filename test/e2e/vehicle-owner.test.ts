// The verified owner and the office, in Chromium through the H5 build (seed
// 002): 孙丽 adds 张伟's verified 京A·12345 and waits; 张伟 authorizes her,
// changes privacy and notices, then revokes, and she sees 车辆移除提醒. A
// rejected verification shows its reason and can be sent again; an operator
// cancels a verification from the workbench and the owner sees the prompt.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { actAs, confirmModal, open, openMyVehicles, uploadPhoto, phoneForFile } from './browser'

let page: Page
const OWNER = 'o-driver-zhang' // seeded as the verified owner of 京A12345
const DRIVER = 'o-driver-sun'

phoneForFile((p) => (page = p))

const item = (shown: string) => page.getByTestId('vehicle-item').filter({ hasText: shown })
const statusOf = (shown: string) => () => item(shown).getByTestId('vehicle-status').textContent()


async function addPlate(keys: string[], shown: string) {
  await page.getByTestId('vehicle-add').click()
  for (const k of keys) await page.getByTestId(`plate-key-${k}`).click()
  await page.getByTestId('plate-confirm').click()
  await expect.poll(() => item(shown).count()).toBe(1)
}

async function verify(shown: string) {
  await item(shown).getByTestId('vehicle-verify').click()
  await uploadPhoto(page, 'proof-license', 'license.png')
  await page.getByTestId('proof-ownerName').locator('input').fill('孙丽')
  // Enabled once the photo is uploaded and the name typed (a tap before that is ignored).
  await expect.poll(() => page.getByTestId('verify-submit').isEnabled()).toBe(true)
  await page.getByTestId('verify-submit').click()
  await page.getByTestId('tip-ok').click()
  await expect.poll(statusOf(shown)).toBe('认证中')
}

async function openVerificationQueue() {
  actAs(page, 'o-reviewer-zhao')
  await open(page, '/packages/review/pages/verifications/index')
}

/** 张伟's 设置 page for 京A·12345. */
async function ownerSettings() {
  await openMyVehicles(page, OWNER)
  await item('京A·12345').getByTestId('vehicle-settings').click()
  await page.getByTestId('settings-plate').waitFor()
}

describe('车辆授权 (H5)', () => {
  it('When a driver adds a plate someone has verified, then it waits, and the owner sees the request and agrees', async () => {
    await openMyVehicles(page, DRIVER)
    await addPlate(['京', 'A', '1', '2', '3', '4', '5'], '京A·12345')
    await expect.poll(statusOf('京A·12345')).toBe('等待授权')

    await openMyVehicles(page, OWNER)
    await expect.poll(() => item('京A·12345').getByTestId('vehicle-pending').textContent()).toBe('1 个授权申请')
    await item('京A·12345').getByTestId('vehicle-settings').click()
    await expect.poll(() => page.getByTestId('member-request').count()).toBe(1)
    await page.getByTestId('member-approve').click()
    await expect.poll(() => page.getByTestId('member-authorized').count()).toBe(1)
    expect(await page.getByTestId('member-requests-empty').count()).toBe(1)

    await openMyVehicles(page, DRIVER)
    await expect.poll(statusOf('京A·12345')).toBe('已授权')
  })

  it('When the owner changes privacy and notices, then the choices are kept on the next visit', async () => {
    await ownerSettings()
    const hide = page.getByTestId('setting-hideLotNames').locator('input')
    const entry = page.getByTestId('setting-notify-entry').locator('input')
    await expect.poll(() => hide.isChecked()).toBe(false)
    await hide.click()
    await expect.poll(() => hide.isEnabled()).toBe(true) // saved: switches unlock after the save
    await entry.click()
    await expect.poll(() => entry.isEnabled()).toBe(true)

    await ownerSettings()
    await expect.poll(() => page.getByTestId('setting-hideLotNames').locator('input').isChecked()).toBe(true)
    expect(await page.getByTestId('setting-notify-entry').locator('input').isChecked()).toBe(false)
    expect(await page.getByTestId('setting-notify-exit').locator('input').isChecked()).toBe(true)
  })

  it('When the owner revokes the authorization given in the first test, then the driver sees 车辆移除提醒 with the reason, and 确定 removes the vehicle', async () => {
    await ownerSettings()
    await page.getByTestId('member-revoke').click()
    await expect.poll(() => page.locator('.taro-modal__title').last().textContent()).toBe('取消授权')
    await page.locator('.taro-model__confirm').click()
    await expect.poll(() => page.getByTestId('member-authorized-empty').count()).toBe(1)

    await openMyVehicles(page, DRIVER)
    await expect.poll(() => page.getByTestId('notice-title').textContent()).toBe('车辆移除提醒')
    expect(await page.getByTestId('notice-message').textContent()).toBe('京A·12345已移除，原因：授权取消')
    await page.getByTestId('prompt-ACKNOWLEDGE').click()
    await expect.poll(() => page.getByTestId('notice-dialog').count()).toBe(0)
    await open(page, '/packages/vehicle/pages/list/index') // answered once: gone for good
    await page.getByTestId('vehicle-add').waitFor()
    expect(await item('京A·12345').count()).toBe(0)
    expect(await page.getByTestId('notice-dialog').count()).toBe(0)
  })
})

describe('审核驳回与运营取消认证 (H5)', () => {
  it('When the reviewer rejects a verification, then the driver sees 未认证 with the reason and can send it again', async () => {
    await openMyVehicles(page, DRIVER)
    await addPlate(['粤', 'B', '1', '2', '3', '4', '5'], '粤B·12345')
    await verify('粤B·12345')

    await openVerificationQueue()
    const queued = page.getByTestId('verification-item').filter({ hasText: '粤B·12345' })
    await queued.getByTestId('verification-reject').click()
    await page.getByText('行驶证照片不清晰').click()
    await page.getByTestId('reason-confirm').click()
    await expect.poll(() => queued.count()).toBe(0)

    await openMyVehicles(page, DRIVER)
    await expect.poll(statusOf('粤B·12345')).toBe('未认证')
    expect(await item('粤B·12345').getByTestId('vehicle-reject-reason').textContent()).toBe('认证未通过：行驶证照片不清晰')
    await verify('粤B·12345')

    await openVerificationQueue()
    await page.getByTestId('verification-item').filter({ hasText: '粤B·12345' }).getByTestId('verification-approve').click()
    await confirmModal(page, '确认通过')
    await expect.poll(() => page.getByTestId('verification-item').filter({ hasText: '粤B·12345' }).count()).toBe(0)
  })

  it('When an operator cancels, in the workbench, the verification approved in the previous test, then the owner sees 认证关系存在异常 and 我知道了 removes the vehicle', async () => {
    await openVerificationQueue()
    await page.getByTestId('cancel-open').click()
    await page.getByTestId('cancel-plate').locator('input').fill('粤b12345')
    await page.getByTestId('cancel-lookup').click()
    await expect.poll(() => page.getByTestId('cancel-owner').textContent()).toContain('孙丽')
    await page.getByTestId('cancel-reason').locator('input').fill('行驶证信息存疑')
    await page.getByTestId('cancel-confirm').click()
    await page.locator('.taro-model__confirm').click()
    await expect.poll(() => page.getByTestId('cancel-sheet').count()).toBe(0)

    await openMyVehicles(page, DRIVER)
    await expect.poll(() => page.getByTestId('notice-message').textContent()).toBe('车辆粤B·12345的认证关系存在异常，当前账号与车辆的认证关系已取消。')
    await page.getByTestId('prompt-ACKNOWLEDGE').click()
    await expect.poll(() => page.getByTestId('notice-dialog').count()).toBe(0)
    await open(page, '/packages/vehicle/pages/list/index')
    await page.getByTestId('vehicle-add').waitFor()
    expect(await item('粤B·12345').count()).toBe(0)
    expect(await page.getByTestId('notice-dialog').count()).toBe(0)
  })
})
