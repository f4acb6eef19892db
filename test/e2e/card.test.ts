// 校园一卡通 in Chromium through the H5 build (issue 14, seeds 003 and 004),
// with the card-platform simulator standing in for the school's platform and
// its console API for what happens on campus (a POS swipe).
//  - 李娜 opens 校园一卡通 from 首页 unbound: a wrong 查询密码 is refused in
//    place with the tries left, the right one binds; the 主界面 shows 余额
//    117.78 (3.00待圈存) as the platform holds it.
//  - 微信充值 50 元 (the consent first) → WeChat Pay's sheet → 充值成功, and the
//    主界面 shows 53.00 待圈存 at once. A swipe at the canteen's POS claims it
//    and spends 12.00: the 主界面 shows the new 余额, 交易明细 the meal, the
//    claim and the top-up, 充值记录 the top-up 交易成功 · 已领取.
//  - 卡挂失: a wrong password refused, the right one after a confirm → 已挂失,
//    and the 主界面 says how it is unfrozen (in person).
//  - 陈静, with no card bound, tops up 王芳's visitor card (SN：000999 → 999):
//    a number in the wrong shape explained in place, a name that does not
//    belong to the number refused by the platform before any payment, then
//    paid; the card is remembered for next time (王* · 访客卡).
//  - 赵敏 (office) sees the day of these top-ups in 工作台 → 一卡通对账 with
//    nothing unmatched.
// The suites share one emulator and clock: this file leaves the cards as the
// seed has them (李娜's card back to normal, 李娜 unbound).
import type { Page } from 'playwright-core'
import { afterAll, describe, expect, it } from 'vitest'
import { actAs, appUrl, callAs, confirmModal, open, phoneForFile, settled } from './browser'

let page: Page
phoneForFile((p) => (page = p))

const HOLDER = 'o-driver-li' // 李娜, card 2022110002 (查询密码 123456; 余额 117.78, 3.00 待圈存)
const CARD = '2022110002'
const PAYER = 'o-driver-chen' // 陈静, no card bound
const OFFICE = 'o-reviewer-zhao'

async function cardConsole<T>(path: string, body?: unknown): Promise<T> {
  const r = await fetch(`${appUrl()}/console/api/card/${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  const json = (await r.json()) as { ok?: boolean; result?: T; error?: string }
  expect(r.status, `${path}: ${JSON.stringify(json)}`).toBe(200)
  return (json.result ?? json) as T
}

type Account = { balanceFen: number; pendingFen: number; status: string }
const account = (cardNo: string) => cardConsole<Account>(`account?cardNo=${encodeURIComponent(cardNo)}`)

afterAll(async () => {
  await cardConsole('status', { cardNo: CARD, status: 'normal' })
  await callAs(HOLDER, 'card', { action: 'unbind', input: {} })
})

/** On 充值: 充值 → WeChat Pay's sheet for `amount` → 确认支付 → the result. */
async function pay(amount: string) {
  await page.getByTestId('topup-submit').click()
  await page.getByTestId('sim-pay-confirm').waitFor()
  expect(await page.getByTestId('sim-pay-sheet').textContent()).toContain(amount)
  expect(await page.getByTestId('sim-pay-sheet').textContent()).toContain('校园一卡通充值')
  await page.getByTestId('sim-pay-confirm').click()
  await page.getByTestId('topup-result').waitFor()
}

/** 校园卡's 主界面, read afresh. */
async function openHome() {
  await open(page, '/packages/card/pages/index/index')
  await page.getByTestId('card-face').waitFor()
}

describe('校园一卡通 (H5)', () => {
  it('When 李娜 binds her card and tops it up 50 元, then it shows 待圈存 at once, and after a POS swipe the new 余额, the meal in 交易明细 and 已领取 in 充值记录', async () => {
    actAs(page, HOLDER)
    await open(page, '/pages/home/index')
    await page.getByTestId('entry-card').click()
    await settled(page)
    await page.getByTestId('bind-form').waitFor()

    // Bad shapes are explained under their fields before anything is sent.
    await page.getByTestId('bind-submit').click()
    expect(await page.getByTestId('bind-name-error').textContent()).toBe('请输入持卡人姓名')
    expect(await page.getByTestId('bind-queryPassword-error').textContent()).toBe('请输入查询密码')

    await page.getByTestId('bind-name').locator('input').fill('李娜')
    await page.getByTestId('bind-cardNo').locator('input').fill(CARD)
    await page.getByTestId('bind-queryPassword').locator('input').fill('654321')
    await page.getByTestId('bind-submit').click()
    await expect.poll(() => page.getByTestId('bind-error').textContent()).toMatch(/查询密码.*4 次/)

    await page.getByTestId('bind-queryPassword').locator('input').fill('123456')
    await page.getByTestId('bind-submit').click()
    await page.getByTestId('card-face').waitFor()
    expect(await page.getByTestId('card-holder').textContent()).toBe('李娜 · 学生卡')
    expect(await page.getByTestId('card-number').textContent()).toBe(CARD)
    expect(await page.getByTestId('card-balance').textContent()).toBe('117.78')
    expect(await page.getByTestId('card-pending').textContent()).toBe('(3.00待圈存)')
    expect(await page.getByTestId('card-claim').textContent()).toContain('二号餐厅、图书馆一楼')

    // 微信充值: 50 元; without the consent it is asked for in place.
    await page.getByTestId('card-action-topup').click()
    await settled(page)
    await expect.poll(() => page.getByTestId('topup-balance').textContent()).toBe('余额 117.78 (3.00待圈存)')
    expect(await page.locator('[data-testid=topup-presets] .card-amounts__item--on').textContent()).toBe('100 元')
    await page.getByTestId('topup-preset-50').click()
    await page.getByTestId('topup-submit').click()
    expect(await page.getByTestId('topup-consent-error').textContent()).toBe('请阅读并同意《校园一卡通用户服务协议》')
    await page.getByTestId('topup-consent').click()
    await pay('50.00')
    expect(await page.getByTestId('topup-result-title').textContent()).toBe('充值成功')
    expect(await page.getByTestId('topup-result-amount').textContent()).toBe('¥50.00')
    expect(await page.getByTestId('topup-result-note').textContent()).toContain('待圈存')

    await page.getByTestId('topup-result-back').click()
    await settled(page)
    await expect.poll(() => page.getByTestId('card-pending').textContent()).toBe('(53.00待圈存)')
    expect(await page.getByTestId('card-balance').textContent()).toBe('117.78')
    expect(await page.getByTestId('card-pending-tip').textContent()).toContain('53.00')

    // On campus: a meal of 12.00 at the canteen's POS claims the 53.00 first.
    await cardConsole('swipe', { cardNo: CARD, amountFen: 1200, merchant: '第二食堂' })
    expect(await account(CARD)).toMatchObject({ balanceFen: 11778 + 5300 - 1200, pendingFen: 0 })
    await openHome()
    expect(await page.getByTestId('card-balance').textContent()).toBe('158.78')
    expect(await page.getByTestId('card-pending').textContent()).toBe('(0.00待圈存)')

    // 交易明细: this month, newest first — the meal, the claim, the top-up.
    await page.getByTestId('card-action-statements').click()
    await settled(page)
    await page.getByTestId('statement-item').first().waitFor()
    const lines = await page.getByTestId('statement-item').evaluateAll((items) =>
      items.slice(0, 3).map((i) => [i.querySelector('[data-testid=statement-title]')?.textContent, i.querySelector('[data-testid=statement-amount]')?.textContent]),
    )
    expect(lines).toEqual([
      ['消费(第二食堂)', '-12.00'],
      ['领取转账金额 · 第二食堂', '圈存 53.00'],
      ['微信充值', '+50.00'],
    ])
    expect(await page.getByTestId('statements-month').textContent()).toMatch(/^\d{4}年\d{1,2}月记录$/)
    expect(await page.locator('[data-testid=statements-next].card-month__step--off').count()).toBe(1)

    // 充值记录: the top-up, paid (−50.00), 交易成功, now 已领取.
    await open(page, '/packages/card/pages/records/index')
    await page.getByTestId('record-item').first().waitFor()
    const first = page.getByTestId('record-item').first()
    expect(await first.getByTestId('record-amount').textContent()).toBe('-50.00')
    expect(await first.getByTestId('record-label').textContent()).toBe('交易成功')
    expect(await first.getByTestId('record-status').textContent()).toBe('已领取')
    await first.click()
    expect(await page.getByTestId('record-sheet-note').textContent()).toBe('已领取到校园卡')
  })

  it('When 李娜 reports her card lost, then a wrong password is refused, the right one freezes it and the 主界面 says 已挂失 and where it is unfrozen', async () => {
    actAs(page, HOLDER)
    await openHome()
    await page.getByTestId('card-action-lost').click()
    await settled(page)
    expect(await page.getByTestId('lost-card').textContent()).toBe(`李娜 · ${CARD}`)
    await page.getByTestId('lost-password').locator('input').fill('111111')
    await page.getByTestId('lost-submit').click()
    await confirmModal(page, '卡挂失')
    await expect.poll(() => page.getByTestId('lost-error').textContent()).toContain('查询密码')
    expect((await account(CARD)).status).toBe('normal')

    await page.getByTestId('lost-password').locator('input').fill('123456')
    await page.getByTestId('lost-submit').click()
    await confirmModal(page, '卡挂失')
    await page.getByTestId('lost-done').waitFor()
    expect(await page.getByTestId('lost-done').textContent()).toContain('校园卡已挂失')
    expect(await page.getByTestId('lost-done').textContent()).toContain('解挂请本人携带有效证件到校园卡受理中心办理')
    expect((await account(CARD)).status).toBe('lost')

    await openHome()
    expect(await page.getByTestId('card-status').textContent()).toBe('已挂失')
    expect(await page.getByTestId('card-status-note').textContent()).toContain('受理中心')
    // 微信充值 of a lost card says so before anything is typed; 卡挂失 again says it is already lost.
    await page.getByTestId('card-action-topup').click()
    await settled(page)
    expect(await page.getByTestId('topup-card-status').textContent()).toContain('已挂失的校园卡不能充值')
    await openHome()
    await page.getByTestId('card-action-lost').click()
    await settled(page)
    await page.getByTestId('lost-already').waitFor()
  })

  it('When 陈静 tops up a visitor card by the number printed on it, then a wrong shape and a wrong name are refused before paying, and once paid the card is remembered', async () => {
    const before = await account('999')
    actAs(page, PAYER)
    await open(page, '/pages/home/index')
    await page.getByTestId('entry-card').click()
    await settled(page)
    await page.getByTestId('bind-topup-others').click()
    await settled(page)
    await page.getByTestId('topup-new-form').waitFor()
    expect(await page.getByTestId('topup-cards').count()).toBe(0)

    // 学校 from the searchable list.
    await page.getByTestId('topup-school').click()
    await page.getByTestId('school-sheet').waitFor()
    await page.getByTestId('school-search').locator('input').fill('医学')
    await expect.poll(() => page.getByTestId('school-option').count()).toBe(1)
    await page.getByTestId('school-option').click()
    expect(await page.getByTestId('topup-school-value').textContent()).toBe('北京大学医学部')

    await page.getByTestId('topup-name').locator('input').fill('王方')
    await page.getByTestId('topup-cardno').locator('input').fill('SN：00O999')
    await page.getByTestId('topup-consent').click()
    await page.getByTestId('topup-submit').click()
    expect(await page.getByTestId('topup-cardNo-error').textContent()).toContain('999')

    // The number as printed (SN：000999 → 999); the platform says the name does not belong to it.
    await page.getByTestId('topup-cardno').locator('input').fill('SN：000999')
    await page.getByTestId('topup-submit').click()
    await expect.poll(() => page.getByTestId('topup-error').textContent()).toBe('姓名与卡号不匹配，请核对后重新输入')
    expect(await page.getByTestId('sim-pay-sheet').count()).toBe(0)

    await page.getByTestId('topup-name').locator('input').fill('王芳')
    await pay('100.00')
    expect(await page.getByTestId('topup-result-title').textContent()).toBe('充值成功')
    expect(await page.getByTestId('topup-result').textContent()).toContain('王* · 999')
    expect(await account('999')).toMatchObject({ balanceFen: before.balanceFen, pendingFen: before.pendingFen + 10000 })

    // 继续充值: the card is remembered; only the amount is needed.
    await page.getByTestId('topup-result-back').click()
    await settled(page)
    await page.getByTestId('topup-cards').waitFor()
    expect(await page.getByTestId('topup-card').first().textContent()).toContain('王* · 访客卡')
    expect(await page.getByTestId('topup-card').first().textContent()).toContain('999')
    expect(await page.getByTestId('topup-new-form').count()).toBe(0)
  })

  it('When the office opens 一卡通对账 for the day of these top-ups, then both sides agree with nothing unmatched', async () => {
    const listed = (await callAs(HOLDER, 'card', { action: 'topUps', input: {} })) as { data: { topUps: Array<{ paidAt: number | null }> } }
    const paidAt = listed.data.topUps[0].paidAt!
    const day = new Date(paidAt + 8 * 3600_000).toISOString().slice(0, 10)

    actAs(page, OFFICE)
    await open(page, '/pages/workbench/index')
    await page.getByTestId('tool-card').locator('.nut-cell').click()
    await settled(page)
    await page.getByTestId('recon-summary').waitFor()
    // Today by the server's clock first; the shared clock may have moved on since: step back to the day.
    const today = (await page.getByTestId('recon-day').textContent())!
    const back = Math.round((Date.parse(today) - Date.parse(day)) / 86_400_000)
    expect(back).toBeGreaterThanOrEqual(0)
    for (let i = 1; i <= back; i++) {
      await page.getByTestId('recon-prev').click()
      await expect.poll(() => page.getByTestId('recon-day').textContent()).toBe(new Date(Date.parse(today) - i * 86_400_000).toISOString().slice(0, 10))
      await page.getByTestId('recon-summary').waitFor()
    }
    expect(await page.getByTestId('recon-day').textContent()).toBe(day)
    expect(Number((await page.getByTestId('recon-matched').textContent())!.replace(/\D/g, ''))).toBeGreaterThanOrEqual(1)
    await page.getByTestId('recon-clean').waitFor()
  })
})
