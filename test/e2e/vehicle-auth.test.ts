// 车辆认证 in Chromium through the H5 build (seed 002), with the reviewer
// acting in the workbench: driver A (陈静) verifies a plate; driver B (周强)
// adds the same plate (等待授权), verifies it and is approved; A sees the
// seed's prompt and appeals; the reviewer upholds; A is verified again with
// 申诉成功, and B sees the removal.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { actAs, confirmModal, open, openMyVehicles, uploadPhoto, phoneForFile } from './browser'

let page: Page
const PLATE = ['沪', 'A', '5', '2', '0', '8', '8']
const SHOWN = '沪A·52088'
const A = 'o-driver-chen'
const B = 'o-driver-zhou'

phoneForFile((p) => (page = p))

const item = () => page.getByTestId('vehicle-item').filter({ hasText: SHOWN })
const statusText = () => item().getByTestId('vehicle-status').textContent()


/** 添加车辆 with the plate keyboard. */
async function addPlate() {
  await page.getByTestId('vehicle-add').click()
  for (const k of PLATE) await page.getByTestId(`plate-key-${k}`).click()
  await page.getByTestId('plate-confirm').click()
  await expect.poll(() => item().count()).toBe(1)
}

/** 去认证: 行驶证 photo and owner name, submit; back on 我的车辆 the 温馨提示 says review takes 3 working days. */
async function verify(ownerName: string) {
  await item().getByTestId('vehicle-verify').click()
  await uploadPhoto(page, 'proof-license')
  await expect.poll(() => page.locator('.vehicle-verify img, .vehicle-verify .taro-img').count()).toBeGreaterThan(0)
  await page.getByTestId('proof-ownerName').locator('input').fill(ownerName)
  await page.getByTestId('verify-submit').click()
  await expect.poll(() => page.getByTestId('tip-dialog').textContent()).toContain('我们会在3个工作日内处理')
  await page.getByTestId('tip-ok').click()
  await expect.poll(statusText).toBe('认证中')
}

/** The reviewer opens a workbench queue and acts on this plate's item. */
async function reviewer(queue: 'verifications' | 'appeals', act: () => Promise<void>) {
  actAs(page, 'o-reviewer-zhao')
  await open(page, '/pages/workbench/index')
  await expect.poll(() => page.getByTestId(`queue-${queue}`).textContent()).toMatch(/[1-9]\d* 待审/)
  await page.getByTestId(`queue-${queue}`).click()
  const testId = queue === 'verifications' ? 'verification-item' : 'appeal-item'
  await expect.poll(() => page.getByTestId(testId).filter({ hasText: SHOWN }).count()).toBe(1)
  await act()
  await expect.poll(() => page.getByTestId(testId).filter({ hasText: SHOWN }).count()).toBe(0)
}

const approve = () =>
  reviewer('verifications', async () => {
    await page.getByTestId('verification-item').filter({ hasText: SHOWN }).getByTestId('verification-approve').click()
    await confirmModal(page, '确认通过')
  })

describe('车辆认证 (H5)', () => {
  it('When driver A verifies a plate and the reviewer approves, then A sees 已认证 with 隐私设置 and 设置', async () => {
    await openMyVehicles(page, A)
    await addPlate()
    expect(await statusText()).toBe('未认证')
    await verify('陈静')
    // 认证中 → 温馨提示 → 联系客服 asks before dialling the configured number.
    await item().getByTestId('vehicle-status').click()
    await page.getByTestId('tip-contact').click()
    await expect.poll(() => page.getByTestId('call-message').textContent()).toBe('确定拨打客服电话吗？客服电话：010-82802114')
    await page.getByTestId('call-cancel').click()
    await expect.poll(() => page.getByTestId('call-dialog').count()).toBe(0)
    await approve()

    await openMyVehicles(page, A)
    await expect.poll(statusText).toBe('已认证')
    expect(await item().getByTestId('vehicle-privacy').count()).toBe(1)
    expect(await item().getByTestId('vehicle-settings').count()).toBe(1)
  })

  it('When driver B adds the plate A verified in the previous test, then it waits for authorization; B verifies instead and the reviewer, warned of the owner, approves', async () => {
    await openMyVehicles(page, B)
    await addPlate()
    await expect.poll(statusText).toBe('等待授权')
    await item().getByTestId('vehicle-status').click()
    await expect.poll(() => page.getByTestId('tip-dialog').textContent()).toContain('添加车辆的授权申请提交车主确认')
    await page.getByTestId('tip-ok').click()
    await verify('周强')

    await reviewer('verifications', async () => {
      const queued = page.getByTestId('verification-item').filter({ hasText: SHOWN })
      await expect.poll(() => queued.textContent()).toContain('通过后将转移认证')
      await queued.getByTestId('verification-approve').click()
      // The confirmation names who loses the verification.
      await expect.poll(() => page.locator('.taro-modal__text').last().textContent()).toMatch(/的认证将从 .+ 转移给 /)
      await confirmModal(page, '确认通过')
    })
    await openMyVehicles(page, B)
    await expect.poll(statusText).toBe('已认证')
  })

  it("When A next opens 我的车辆, after B's verification was approved in the previous test, then the seed's prompt offers 我要申诉; A appeals and the vehicle shows 申诉中", async () => {
    await openMyVehicles(page, A)
    await expect.poll(() => page.getByTestId('notice-message').textContent()).toBe('车辆沪A·52088的其他账号提交的认证申诉已通过，当前账号与车辆的认证关系已取消。')
    await page.getByTestId('prompt-APPEAL').click()

    await page.getByTestId('appeal-reason').locator('textarea').fill('本人是行驶证登记的所有人，车辆一直由本人使用')
    await uploadPhoto(page, 'appeal-photo')
    await expect.poll(() => page.getByTestId('appeal-photo-item').count()).toBe(1)
    await page.getByTestId('appeal-submit').click()
    await expect.poll(() => page.getByTestId('tip-dialog').textContent()).toContain('申诉信息已提交人工审核')
    await page.getByTestId('tip-ok').click()
    await expect.poll(statusText).toBe('申诉中')
    expect(await page.getByTestId('notice-dialog').count()).toBe(0)
  })

  it('When the reviewer upholds the appeal A made in the previous test, then A sees 申诉成功 once and is verified again, and B sees the removal', async () => {
    await reviewer('appeals', async () => {
      await page.getByTestId('appeal-item').filter({ hasText: SHOWN }).getByTestId('appeal-uphold').click()
      await expect.poll(() => page.locator('.taro-modal__title').last().textContent()).toBe('申诉成立')
      await page.getByText('确认成立').click()
    })

    await openMyVehicles(page, A)
    await expect.poll(() => page.getByTestId('notice-title').textContent()).toBe('申诉成功')
    expect(await page.getByTestId('notice-message').textContent()).toBe('当前账号已成功添加并认证车辆沪A·52088')
    await page.getByTestId('prompt-ACKNOWLEDGE').click()
    await expect.poll(() => page.getByTestId('notice-dialog').count()).toBe(0)
    await expect.poll(statusText).toBe('已认证')
    await open(page, '/packages/vehicle/pages/list/index') // shown once: not again on the next visit
    await expect.poll(statusText).toBe('已认证')
    expect(await page.getByTestId('notice-dialog').count()).toBe(0)

    await openMyVehicles(page, B)
    await expect.poll(() => page.getByTestId('notice-message').textContent()).toBe('车辆沪A·52088的其他账号提交的认证申诉已通过，当前账号与车辆的认证关系已取消。')
    await page.getByTestId('prompt-ACKNOWLEDGE').click()
    await expect.poll(() => page.getByTestId('notice-dialog').count()).toBe(0)
    await open(page, '/packages/vehicle/pages/list/index') // removed: neither the vehicle nor the prompt comes back
    await page.getByTestId('vehicle-add').waitFor()
    expect(await item().count()).toBe(0)
    expect(await page.getByTestId('notice-dialog').count()).toBe(0)
  })
})
