// 工作台 → 停车管理 as the parking office (赵敏 holds reviewer and office) on
// the demo seed's lots: 收费规则 with an in-place refusal and the saving
// dialog, 发放优惠券 showing the codes, 场内车辆 with 手动抬杆, 日报, and 车位地图
// with a refused layout and an import, 车位预定's settings with refusals in
// place (saved back unchanged).
// What they write leaves the other suites' lots as they were: the rule saved
// is the one in force, prices unchanged; the barrier opened is an entry's; the
// layout imported is the current one again (a new version of the same map).
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { actAs, open, phoneForFile, settled } from './browser'

let page: Page

phoneForFile((p) => (page = p))

const OFFICE = 'o-reviewer-zhao'

async function openTool(key: 'rules' | 'coupons' | 'cars' | 'report' | 'layout' | 'reservations') {
  actAs(page, OFFICE)
  await open(page, '/pages/workbench/index')
  await page.getByTestId(`tool-${key}`).click()
  await settled(page)
}

describe('停车管理 (H5)', () => {
  it('When a driver opens the workbench, then no parking tools are offered', async () => {
    actAs(page, 'o-driver-zhang')
    await open(page, '/pages/workbench/index')
    await expect.poll(() => page.getByText('仅工作人员可用').count()).toBe(1)
    expect(await page.getByTestId('tool-rules').count()).toBe(0)
  })

  it('When the office edits a fee rule, then a bad price is refused under its field, and saving says from when and that cars in the lot keep their rule', async () => {
    await openTool('rules')
    await expect.poll(() => page.getByTestId('rules-current').textContent()).toContain('首 1 小时')
    const versions = await page.getByTestId('rules-version').count()
    await page.getByTestId('rules-edit').click()
    const cap = page.getByTestId('rule-capYuan').locator('input')
    const price = await cap.inputValue()
    await cap.fill('0')
    await page.getByTestId('rules-save').click()
    await expect.poll(() => page.getByTestId('rule-capYuan-error').textContent()).toBe('封顶金额应大于 0')
    await cap.fill(price)
    expect(await page.getByTestId('rule-capYuan-error').count()).toBe(0)
    await page.getByTestId('rules-save').click()
    await expect.poll(() => page.getByTestId('rules-confirm-message').textContent()).toBe('新规则自保存时起生效。已在场的车辆仍按其入场时有效的收费规则计费。')
    await page.getByTestId('rules-confirm-ok').click()
    await expect.poll(() => page.getByTestId('rules-version').count()).toBe(versions + 1)
    await expect.poll(() => page.getByTestId('rules-version').first().textContent()).toContain('当前生效')
    expect(await page.getByTestId('rules-version').first().textContent()).toContain('赵敏')
  })

  it('When the office issues three coupons, then the codes are shown, and the batch is listed with none used', async () => {
    await openTool('coupons')
    await page.getByTestId('coupons-issue').click()
    await settled(page)
    await page.getByTestId('issue-name').locator('input').fill('端到端测试券')
    await page.getByTestId('issue-value').locator('input').fill('3')
    await page.getByTestId('issue-submit').click()
    await expect.poll(() => page.getByTestId('issue-lots-error').textContent()).toBe('请至少选择一个适用停车场')
    await page.getByTestId('issue-lots').getByText('北京大学医学部', { exact: true }).click()
    await page.getByTestId('issue-count').locator('input').fill('3')
    await page.getByTestId('issue-submit').click()
    await expect.poll(() => page.getByTestId('issue-code').count()).toBe(3)
    expect(await page.getByTestId('issue-code').first().textContent()).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/)
    await page.getByTestId('issue-back').click()
    await settled(page)
    const batch = page.getByTestId('coupon-batch').filter({ hasText: '端到端测试券' })
    await expect.poll(() => batch.textContent()).toContain('已使用 0 / 3 张')
    expect(await batch.textContent()).toContain('抵扣 ¥3.00')
  })

  it('When the office looks into the garage, then its cars are listed with what they owe, and 手动抬杆 needs a reason and confirms', async () => {
    await openTool('cars')
    await page.getByTestId('office-lots').getByText('北京大学医学部地下停车场', { exact: true }).click()
    // The seed parks a few dozen cars there (others' suites may drive some out).
    await expect.poll(() => page.getByTestId('car-item').count()).toBeGreaterThan(5)
    expect(await page.getByTestId('car-item').first().textContent()).toMatch(/入场 \d{4}-\d{2}-\d{2} \d{2}:\d{2} · 已停/)
    expect(await page.getByTestId('car-due').first().textContent()).toMatch(/^(应缴 ¥\d+\.\d{2}|无需缴费)$/)
    const lane = page.getByTestId('cars-lane').filter({ hasText: '入口' }).first()
    await lane.getByTestId('cars-open').click()
    expect(await page.getByTestId('open-confirm').getAttribute('aria-disabled')).toBe('true')
    await page.getByTestId('open-reason').locator('input').fill('车牌识别故障')
    await page.getByTestId('open-confirm').click()
    await expect.poll(() => page.getByTestId('open-done-title').textContent()).toBe('已发送抬杆指令')
    await page.getByTestId('open-done-ok').click()
    expect(await page.getByTestId('open-sheet').count()).toBe(0)
  })

  it('When the office opens 日报, then today’s totals and the reconciliation line are shown', async () => {
    await openTool('report')
    await expect.poll(() => page.getByTestId('report-totals').textContent()).toContain('净收入')
    expect(await page.getByTestId('report-mismatches').textContent()).toMatch(/当日无交易|全部一致|对账不符/)
  })
  it('When the office imports a layout with a duplicated space number, then the refusal names the row, and once restored the import makes a new version', async () => {
    await openTool('layout')
    await page.getByTestId('office-lots').getByText('北京大学医学部', { exact: true }).click()
    const version = Number(/第 (\d+) 版/.exec((await page.getByTestId('layout-version').textContent()) ?? '')?.[1])
    expect(version).toBeGreaterThanOrEqual(1)
    expect(await page.getByTestId('layout-floor').allTextContents()).toEqual(['· 地面：120 个车位'])

    await page.getByTestId('layout-load-current').click()
    const box = page.getByTestId('layout-json').locator('textarea')
    await expect.poll(() => box.inputValue()).toContain('"A-"')
    const original = await box.inputValue()
    const layout = JSON.parse(original)
    expect(layout.floors[0].spaces[1].first).not.toBe(layout.floors[0].spaces[0].first)
    // The second row now starts at the first row's number: A-001 twice.
    layout.floors[0].spaces[1].first = layout.floors[0].spaces[0].first
    await box.fill(JSON.stringify(layout, null, 2))
    await page.getByTestId('layout-import').click()
    await expect.poll(() => page.getByTestId('layout-json-error').textContent()).toBe('第 1 层（地面）第 2 排车位：第 1 个（A-001）编号重复（第 1 层（地面）第 1 排已有）')
    expect(await page.getByTestId('layout-confirm-dialog').count()).toBe(0)
    expect(await page.getByTestId('layout-version').textContent()).toBe(`第 ${version} 版`)

    await box.fill('{ "floors": [ }')
    await page.getByTestId('layout-import').click()
    await expect.poll(() => page.getByTestId('layout-json-error').textContent()).toMatch(/^JSON 格式有误/)
    expect(await page.getByTestId('layout-confirm-dialog').count()).toBe(0)

    // A layout that is valid on its own but does not draw the lot's floor: the server refuses it after the confirm, in place.
    await box.fill(original.replaceAll('"地面"', '"B9"'))
    await page.getByTestId('layout-import').click()
    await page.getByTestId('layout-confirm-ok').click()
    await expect.poll(() => page.getByTestId('layout-json-error').textContent()).toBe('布局与停车场楼层不一致：缺少楼层 地面；本停车场没有楼层 B9')
    expect(await page.getByTestId('layout-version').textContent()).toBe(`第 ${version} 版`)

    await box.fill(original)
    expect(await page.getByTestId('layout-json-error').count()).toBe(0)
    await page.getByTestId('layout-import').click()
    await page.getByTestId('layout-confirm-ok').click()
    // Others' suites (or a second run) may have imported meanwhile: the new version is above the one shown, and shown both ways.
    await expect.poll(() => page.getByTestId('layout-done').textContent()).toMatch(/^已导入第 \d+ 版，共 120 个车位$/)
    const imported = Number(/第 (\d+) 版/.exec((await page.getByTestId('layout-done').textContent()) ?? '')?.[1])
    expect(imported).toBeGreaterThan(version)
    await expect.poll(() => page.getByTestId('layout-version').textContent()).toBe(`第 ${imported} 版`)
    expect(await page.getByTestId('layout-floor').allTextContents()).toEqual(['· 地面：120 个车位'])
  })

  it('When the office edits the surface lot’s reservation settings, then a short window and a quota above the capacity are refused under their fields, and saving shows the settings', async () => {
    await openTool('reservations')
    await page.getByTestId('office-lots').getByText('北京大学医学部', { exact: true }).click()
    await expect.poll(() => page.getByTestId('reservations-prepay').textContent()).toContain('预约缴费：小型车 ¥5.00')
    const card = (await page.getByTestId('reservations-settings').textContent()) ?? ''
    const quota = /可预定 (\d+) 个/.exec(card)![1]
    await page.getByTestId('reservations-edit').click()
    const after = page.getByTestId('res-windowAfterMinutes').locator('input')
    await after.fill('5')
    await page.getByTestId('reservations-save').click()
    await expect.poll(() => page.getByTestId('res-windowAfterMinutes-error').textContent()).toBe('延后入场分钟数不能小于 10')
    await after.fill('30')
    const quotaInput = page.getByTestId('res-quota').locator('input')
    await quotaInput.fill('999')
    await page.getByTestId('reservations-save').click()
    await expect.poll(() => page.getByTestId('res-quota-error').textContent()).toBe('可预定车位数不能超过车场车位总数 120')
    await quotaInput.fill(quota)
    await page.getByTestId('reservations-save').click()
    await expect.poll(() => page.getByTestId('reservations-settings').count()).toBe(1)
    expect(await page.getByTestId('reservations-settings').textContent()).toContain(`可预定 ${quota} 个（车场共 120 个）`)
    await expect.poll(() => page.getByTestId('reservations-counts').count()).toBe(1)
  })
})
