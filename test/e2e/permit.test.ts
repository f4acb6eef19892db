// 车证续费 in Chromium through the H5 build, with the reviewer acting in the
// workbench (the page acts as each in turn): a first renewal backed out of at
// the pay sheet and cancelled in 我的车证; the returning driver's renewal →
// approval → 办理成功 with the approval SMS, after which the permit waits for
// its renewal window; and renewal → rejection → refund → 已退款 with both SMS.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { actAs, open, uploadPhoto, smsOutbox as outbox, phoneForFile } from './browser'

let page: Page


phoneForFile((p) => (page = p))

/** 车主手机号: type the phone, get the code from the SMS outbox, submit. */
async function verifyPhone(phone: string) {
  await page.getByTestId('permit-phone').click()
  await page.getByTestId('phone-input').locator('input').fill(phone)
  await page.getByTestId('send-code').click()
  await expect.poll(async () => (await outbox()).some((m) => m.phone === `+86${phone}` && m.templateId === '2000001')).toBe(true)
  const code = (await outbox()).find((m) => m.phone === `+86${phone}` && m.templateId === '2000001')!.params[0]
  await page.getByTestId('code-input').locator('input').fill(code)
  await page.getByTestId('phone-submit').click()
  await expect.poll(() => page.getByTestId('permit-phone').textContent()).toContain(`${phone.slice(0, 3)}****${phone.slice(7)}`)
}

/** 开始办理 → 为此卡续费 → upload the campus card → consent → 支付: the pay sheet is up. */
async function renewToPaySheet(plateShown: string) {
  await page.getByTestId('permit-start').click()
  await expect.poll(() => page.getByTestId('permit-card').first().textContent()).toContain(plateShown)
  await page.getByTestId('permit-renew').first().click()
  await expect.poll(() => page.getByTestId('renew-amount').textContent()).toBe('¥360.00')
  await uploadPhoto(page, 'campus-card-upload', 'card.png')
  await expect.poll(() => page.locator('.permit-renew__photo').count()).toBe(1)
  await page.getByTestId('consent').click()
  await page.getByTestId('renew-pay').click()
  await page.getByTestId('sim-pay-confirm').waitFor()
}

/** …then 确认支付 in the pay sheet: 我的车证 shows 支付成功 and 审核中. */
async function renewAndPay(plateShown: string) {
  await renewToPaySheet(plateShown)
  await page.getByTestId('sim-pay-confirm').click()
  await expect.poll(() => page.getByTestId('paid-banner').count()).toBe(1)
  await expect.poll(() => page.getByTestId('application-status').first().textContent()).toBe('审核中')
}

async function reviewerDecides(plateShown: string, decide: () => Promise<void>) {
  actAs(page, 'o-reviewer-zhao')
  await open(page, '/pages/workbench/index')
  await expect.poll(() => page.getByTestId('queue-permits').textContent()).toMatch(/[1-9]\d* 待审/)
  await page.getByTestId('queue-permits').click()
  await expect.poll(() => page.getByTestId('review-item').filter({ hasText: plateShown }).count()).toBe(1)
  await decide()
  await expect.poll(() => page.getByTestId('review-item').filter({ hasText: plateShown }).count()).toBe(0)
}

describe('车证续费 (H5)', () => {
  it('When a first-time driver backs out of the pay sheet, then 我的车证 shows 待支付 until when it can be paid, and 取消订单 makes it 已取消 and frees the permit', async () => {
    actAs(page, 'o-driver-zhang')
    await open(page, '/packages/permit/pages/apply/index')
    await expect.poll(() => page.getByTestId('permit-plate').textContent()).toContain('京A·12345') // the default plate
    await verifyPhone('13912341234')
    await renewToPaySheet('京A·12345')
    await page.getByTestId('sim-pay-cancel').click()
    await expect.poll(() => page.getByText('已取消支付，可在我的车证中继续支付').count()).toBeGreaterThan(0)

    await open(page, '/packages/permit/pages/records/index')
    const item = page.getByTestId('application-item').filter({ hasText: '京A·12345' }).first()
    await expect.poll(() => item.getByTestId('application-status').textContent()).toBe('待支付')
    expect(await item.getByTestId('pay-before').textContent()).toMatch(/^请在 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 前完成支付，超时订单将自动取消$/)
    await item.getByTestId('application-cancel').click()
    await expect.poll(() => page.locator('.taro-modal__title').last().textContent()).toBe('取消订单')
    await page.locator('.taro-model__confirm').last().click()
    await expect.poll(() => item.getByTestId('application-status').textContent()).toBe('已取消')
    expect(await item.getByTestId('application-pay').count()).toBe(0)

    // The permit can be renewed again.
    await open(page, '/packages/permit/pages/apply/index')
    await page.getByTestId('permit-start').click()
    await expect.poll(() => page.getByTestId('permit-renew').count()).toBe(1)
    expect(await page.getByTestId('permit-current').count()).toBe(0)
  })

  it('When a returning driver renews from the home page, then it takes 6 taps to paid', async () => {
    actAs(page, 'o-driver-zhang') // verified phone, default plate and last campus-card photo remembered
    await open(page, '/pages/home/index')
    const taps = [
      () => page.getByTestId('entry-permit').click(),
      () => page.getByTestId('permit-start').click(),
      () => page.getByTestId('permit-renew').first().click(),
      () => page.getByTestId('consent').click(),
      () => page.getByTestId('renew-pay').click(),
      () => page.getByTestId('sim-pay-confirm').click(),
    ]
    for (const tap of taps) await tap()
    await expect.poll(() => page.getByTestId('paid-banner').count()).toBe(1)
    await expect.poll(() => page.getByTestId('application-status').first().textContent()).toBe('审核中')
    console.log(`returning driver, home → paid: ${taps.length} taps`)
  })

  it('When the reviewer confirms 通过, then the permit shows 办理成功, the approval SMS is sent, and it cannot be renewed again before its window', async () => {
    await reviewerDecides('京A·12345', async () => {
      await page.getByTestId('review-item').filter({ hasText: '京A·12345' }).getByTestId('review-approve').click()
      // 通过 asks first, as 驳回 asks for a reason: backing out changes nothing.
      await expect.poll(() => page.locator('.taro-modal__title').last().textContent()).toBe('确认通过')
      await page.locator('.taro-model__cancel').last().click()
      expect(await page.getByTestId('review-item').filter({ hasText: '京A·12345' }).count()).toBe(1)
      await page.getByTestId('review-item').filter({ hasText: '京A·12345' }).getByTestId('review-approve').click()
      await expect.poll(() => page.locator('.taro-modal__text').last().textContent()).toContain('车证有效期将延至 2027.12.31')
      await page.locator('.taro-model__confirm').last().click()
    })
    await expect.poll(async () => (await outbox()).filter((m) => m.templateId === '2000002').map((m) => m.params)).toEqual([['京A12345', '2027.01.01至2027.12.31']])

    actAs(page, 'o-driver-zhang')
    await open(page, '/packages/permit/pages/records/index')
    await expect.poll(() => page.getByTestId('application-status').first().textContent()).toBe('办理成功')

    await open(page, '/packages/permit/pages/apply/index')
    await page.getByTestId('permit-start').click()
    await expect.poll(() => page.getByTestId('permit-not-due').textContent()).toBe('车证有效期至2027.12.31，2027.11.01起可续费')
    expect(await page.getByTestId('permit-renew').count()).toBe(0)
  })

  it('When the reviewer rejects, then the driver sees 审核失败 with the reason, refunds, and gets 已退款 with both SMS', async () => {
    actAs(page, 'o-host-wang')
    await open(page, '/packages/permit/pages/apply/index')
    await verifyPhone('13800138000')
    await page.getByTestId('permit-plate').click()
    for (const k of ['京', 'N', '6', '6', '6', '6', '6']) await page.getByTestId(`plate-key-${k}`).click()
    await page.getByTestId('plate-confirm').click()
    await renewAndPay('京N·66666')

    await reviewerDecides('京N·66666', async () => {
      await page.getByTestId('review-item').filter({ hasText: '京N·66666' }).getByTestId('review-reject').click()
      await page.getByText('校园一卡通照片不清晰').click()
      await page.getByTestId('reject-confirm').click()
    })

    actAs(page, 'o-host-wang')
    await open(page, '/packages/permit/pages/records/index')
    await expect.poll(() => page.getByTestId('application-status').first().textContent()).toBe('审核失败')
    expect(await page.getByTestId('reject-reason').textContent()).toBe('审核失败：校园一卡通照片不清晰')
    await page.getByTestId('request-refund').click()
    await expect.poll(() => page.locator('.taro-modal__title').last().textContent()).toBe('确认退款')
    await page.locator('.taro-model__confirm').last().click()
    await expect.poll(() => page.getByText('退款申请已提交').count()).toBeGreaterThan(0)
    await page.getByText('我知道了').click()
    await expect.poll(() => page.getByTestId('application-status').first().textContent(), { timeout: 15_000 }).toBe('已退款')
    expect(await page.getByTestId('refunded-at').first().textContent()).toMatch(/^退款时间 \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/)

    const sms = await outbox()
    expect(sms.filter((m) => m.phone === '+8613800138000' && m.templateId === '2000003').map((m) => m.params)).toEqual([['京N66666', '校园一卡通照片不清晰']])
    expect(sms.filter((m) => m.phone === '+8613800138000' && m.templateId === '2000004').map((m) => m.params)).toEqual([['京N66666', '360.00']])
  })
})
