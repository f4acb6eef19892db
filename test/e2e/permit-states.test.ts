// 车证续费 as a driver lives it between the steps, in Chromium through the H5
// build: an order backed out of at the pay sheet is paid later from 我的车证
// (继续支付); a page shown again after paying shows the application as it is
// now; the consent stays ticked for the page's session; and 请选择办理车辆
// offers the plates of 我的车辆. Each driver renews their own seeded permit.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { actAs, callAs, open, settled, uploadPhoto, smsOutbox as outbox, phoneForFile } from './browser'

let page: Page


phoneForFile((p) => (page = p))

/** Verifies `phone` for `openid` through the phone function, as 车主手机号 does (the code from the SMS outbox, newest first). */
async function withVerifiedPhone(openid: string, phone: string) {
  const sent = (await callAs(openid, 'phone', { action: 'sendCode', input: { phone } })) as { ok: boolean }
  expect(sent.ok).toBe(true)
  const code = (await outbox()).find((m) => m.phone === `+86${phone}` && m.templateId === '2000001')!.params[0]
  const verified = (await callAs(openid, 'phone', { action: 'verify', input: { phone, code } })) as { ok: boolean }
  expect(verified.ok).toBe(true)
}

const renewUrl = (permitId: string) => `/packages/permit/pages/renew/index?permitId=${permitId}&productId=annual`
const consentTicked = async () => (await page.getByTestId('consent').getAttribute('class'))?.includes('permit-renew__check--on') ?? false

describe('车证续费 between the steps (H5)', () => {
  it('When a driver backs out of the pay sheet, then 我的车证 offers 继续支付 until the order closes, and paying there makes it 审核中', async () => {
    await withVerifiedPhone('o-driver-chen', '13700137001')
    actAs(page, 'o-driver-chen')
    await open(page, renewUrl('permit-chen'))
    await expect.poll(() => page.getByTestId('renew-amount').textContent()).toBe('¥360.00')
    await uploadPhoto(page, 'campus-card-upload', 'card.png')
    await expect.poll(() => page.locator('.permit-renew__photo').count()).toBe(1)
    await page.getByTestId('consent').click()
    await page.getByTestId('renew-pay').click()
    // WeChat Pay's sheet writes the plate as the app does.
    await expect.poll(() => page.getByTestId('sim-pay-sheet').textContent()).toContain('北京大学医学部车证续费 京B·22222')
    await page.getByTestId('sim-pay-cancel').click()
    await expect.poll(() => page.getByText('已取消支付，可在我的车证中继续支付').count()).toBeGreaterThan(0)

    await open(page, '/packages/permit/pages/records/index')
    const item = page.getByTestId('application-item').filter({ hasText: '京B·22222' }).first()
    await expect.poll(() => item.getByTestId('application-status').textContent()).toBe('待支付')
    expect(await item.getByTestId('pay-before').textContent()).toMatch(/^请在 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 前完成支付，超时订单将自动取消$/)
    await item.getByTestId('application-pay').click()
    await expect.poll(() => page.getByTestId('sim-pay-sheet').textContent()).toContain('¥360.00')
    await page.getByTestId('sim-pay-confirm').click()
    await expect.poll(() => item.getByTestId('application-status').textContent()).toBe('审核中')
    expect(await page.getByTestId('paid-banner').count()).toBe(1)
    expect(await item.getByTestId('application-pay').count()).toBe(0)
  })

  it('When a driver pays and goes back, then the pages show the application as it is now (审核中) and offer nothing to pay', async () => {
    await withVerifiedPhone('o-host-wang', '13700137002')
    actAs(page, 'o-host-wang')
    await open(page, '/packages/permit/pages/apply/index')
    await page.getByTestId('permit-plate').click()
    for (const k of ['京', 'N', '8', '8', '8', '8', '8']) await page.getByTestId(`plate-key-${k}`).click()
    await page.getByTestId('plate-confirm').click()
    await page.getByTestId('permit-start').click()
    await expect.poll(() => page.getByTestId('permit-card').first().textContent()).toContain('京N·88888')
    await page.getByTestId('permit-renew').click()
    await uploadPhoto(page, 'campus-card-upload', 'card.png')
    await expect.poll(() => page.locator('.permit-renew__photo').count()).toBe(1)
    await page.getByTestId('consent').click()
    await page.getByTestId('renew-pay').click()
    await page.getByTestId('sim-pay-confirm').click()
    await expect.poll(() => page.getByTestId('application-status').first().textContent()).toBe('审核中')

    // Back on 车证办理: the permit shows its application as it is now, with no 为此卡续费.
    await page.goBack()
    await settled(page)
    await expect.poll(() => page.getByTestId('permit-current').textContent()).toBe('当前申请：审核中')
    expect(await page.getByTestId('permit-renew').count()).toBe(0)

    // And 续费 for this permit shows 审核中 instead of 支付.
    await open(page, renewUrl('permit-wang-2'))
    await expect.poll(() => page.getByTestId('renew-current').textContent()).toContain('当前申请：审核中')
    expect(await page.getByTestId('renew-pay').count()).toBe(0)
  })

  it('When the driver reads the consent and taps 我已阅读, then it is ticked, and a reload keeps it ticked', async () => {
    await withVerifiedPhone('o-driver-zhou', '13700137003')
    actAs(page, 'o-driver-zhou')
    await open(page, renewUrl('permit-zhou'))
    await expect.poll(() => page.getByTestId('renew-amount').textContent()).toBe('¥360.00')
    expect(await consentTicked()).toBe(false)
    await page.getByTestId('consent-open').click()
    await expect.poll(() => page.locator('.taro-modal__title').last().textContent()).toBe('《北京大学医学部线上办证知情同意书》')
    await page.locator('.taro-model__confirm').last().click()
    await expect.poll(consentTicked).toBe(true)

    await page.reload()
    await settled(page)
    await expect.poll(() => page.getByTestId('renew-amount').textContent()).toBe('¥360.00')
    expect(await consentTicked()).toBe(true)
  })

  it('When a driver has plates in 我的车辆, then 请选择办理车辆 offers them to pick in one tap instead of keying the plate again', async () => {
    for (const plate of ['京D40000', '京D44444']) {
      const added = (await callAs('o-driver-zhou', 'vehicle', { action: 'add', input: { plate } })) as { ok: boolean }
      expect(added.ok).toBe(true)
    }
    await withVerifiedPhone('o-driver-zhou', '13700137004')
    actAs(page, 'o-driver-zhou')
    await open(page, '/packages/permit/pages/apply/index')
    await page.getByTestId('plate-option').filter({ hasText: '京D·44444' }).click()
    await expect.poll(() => page.getByTestId('permit-plate').textContent()).toContain('京D·44444')
    expect(await page.getByTestId('plate-keyboard').count()).toBe(0) // nothing keyed
    await page.getByTestId('permit-start').click()
    await expect.poll(() => page.getByTestId('permit-card').first().textContent()).toContain('京D·44444')
    expect(await page.getByTestId('permit-renew').count()).toBe(1)
  })
})
