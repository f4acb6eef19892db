// 访客预约 in Chromium through the H5 build (issue 13, seed 001 chapter 3),
// with the lot simulator standing in for the surface lot's entry camera.
//  - 王老师 opens 访客预约 from 首页 unbound and is sent to 账号绑定; a wrong
//    password is refused in place with the tries left, the right one binds.
//  - He books a visitor with a plate ("+" → the form → 预约): the pass shows
//    its QR, the 6-digit code and the window; 分享 gives the link, 生成海报
//    the poster image.
//  - The link opens the visitor's view in a second browser context with no
//    login at all (no ?as=): the visitor sees the code, the window, the host.
//  - The guard 刘师傅 opens 工作台 → 访客核验: a wrong code is refused with
//    the tries left; the right code shows the visitor (phone masked, host,
//    window, plate) → 登记到访; the host's list reads 已到访.
//  - The visitor's car is let in by the entry camera (访客车辆) and leaves.
//  - Another pass is modified (its old link then says 已修改) and cancelled
//    from the list (its link then says 已取消); the guard scanning the old QR
//    is refused; 解除绑定 after a confirm.
//  - The office (赵敏) in 工作台 → 访客管理: a bad setting and a weak initial
//    password are refused under their fields; the new account is listed
//    未绑定 and 停用 after a confirm (it stays, deactivated: accounts are
//    never deleted).
// The suites share one emulator and clock: this file sets the visit settings
// it relies on (any hour, up to 24 hours, several entries so the car may enter after the
// guard's 登记到访) and restores them, cancels what it booked, drives the car
// out and leaves 王老师 unbound, as the seed has him.
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_HOST } from '../../database/seed-visitor'
import { LOT_IDS, PKUHSC_PARKING } from '../../database/seed-parking'
import { actAs, appUrl, callAs, confirmModal, open, phone, phoneForFile, settled } from './browser'

let page: Page
let visitorContext: BrowserContext | undefined

phoneForFile((p) => (page = p))

const HOST = DEMO_HOST.openid // 王老师
const GUARD = 'o-guard-liu' // 刘师傅
const OFFICE = 'o-reviewer-zhao'
const LOT = LOT_IDS.surface
const ENTRY = PKUHSC_PARKING.lanes.find((l) => l.kind === 'entry')!
const EXIT = PKUHSC_PARKING.lanes.find((l) => l.kind === 'exit')!
const CAR = '京V26813'
const CAR_SHOWN = '京V·26813'

async function post<T>(path: string, body: unknown): Promise<T> {
  const r = await fetch(`${appUrl()}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  expect(r.status, `${path}: ${await r.clone().text()}`).toBe(200)
  return (await r.json()) as T
}

/** Calls an action as `openid` and returns its data. */
async function act<T>(openid: string, fn: string, action: string, input: unknown): Promise<T> {
  const r = (await callAs(openid, fn, { action, input })) as { ok: boolean; data: T; error?: { message: string } }
  expect(r.ok, `${fn}.${action}: ${r.error?.message}`).toBe(true)
  return r.data
}

type Settings = { settings: Record<string, unknown>; address: string }
let saved: Settings | undefined

/** The Shanghai hour of the emulator's clock. */
async function shanghaiHour(): Promise<{ now: number; minutes: number }> {
  const { now } = (await (await fetch(`${appUrl()}/console/api/clock`)).json()) as { now: number }
  const d = new Date(now + 8 * 3600_000)
  return { now, minutes: d.getUTCHours() * 60 + d.getUTCMinutes() }
}

beforeAll(async () => {
  saved = await act<Settings>(OFFICE, 'visitor', 'settings', {})
  await act(OFFICE, 'visitor', 'setSettings', { settings: { ...saved.settings, visitHours: null, maxWindowHours: 24, allowMultipleEntries: true, earlyArrivalMinutes: 30 }, address: saved.address })
  // 王老师 unbound, as the seed has him, whatever another suite left.
  await callAs(HOST, 'visitor', { action: 'unbind', input: {} })
  // The form offers a visit from the next half hour today; late in the evening (by the shared clock) move on past midnight.
  const { minutes } = await shanghaiHour()
  if (minutes >= 22 * 60 + 30) await post('/console/api/clock', { ms: (24 * 60 + 5 - minutes) * 60_000 })
})

afterAll(async () => {
  const listed = (await callAs(HOST, 'visitor', { action: 'list', input: {} })) as { data?: { passes: Array<{ id: string; mayCancel: boolean; name: string }> } }
  for (const p of listed.data?.passes ?? []) if (p.mayCancel && p.name !== '李明') await callAs(HOST, 'visitor', { action: 'cancel', input: { passId: p.id } })
  await callAs(HOST, 'visitor', { action: 'unbind', input: {} })
  if (saved) await callAs(OFFICE, 'visitor', { action: 'setSettings', input: saved })
  await visitorContext?.close()
})

/** A second browser context: another phone, no ?as=, nothing in its storage — no login. */
async function visitorPage(): Promise<Page> {
  if (!visitorContext) {
    const p = await phone(page.context().browser()!)
    visitorContext = p.context()
    return p
  }
  return visitorContext.pages()[0] ?? (await visitorContext.newPage())
}

/** Opens a shared link on the visitor's phone and waits until the view has loaded. */
async function openLink(link: string): Promise<Page> {
  const v = await visitorPage()
  await v.goto('about:blank')
  await v.goto(link)
  await settled(v)
  await v.locator('[data-testid=view-pass], [data-testid=view-notice]').first().waitFor()
  return v
}

/** On the pass page: 分享链接 → the link shown to copy. */
async function sharedLink(): Promise<string> {
  await page.getByTestId('detail-share').click()
  await page.getByTestId('link-sheet').waitFor()
  const link = (await page.getByTestId('share-link').textContent())!.trim()
  await page.getByTestId('link-sheet-close').click()
  await page.getByTestId('link-sheet').waitFor({ state: 'detached' })
  return link
}

/** The list's card of the visitor named `name`. */
const item = (name: string) => page.getByTestId('pass-item').filter({ has: page.getByTestId('pass-name').filter({ hasText: new RegExp(`^${name}$`) }) })

/** "+" → the form filled for `name` (with `plate` typed on the plate keyboard) → 预约 → the pass. */
async function book(name: string, phoneNumber: string, plate: string[] | null) {
  await page.getByTestId('list-add').click()
  await settled(page)
  await page.getByTestId('form-name').locator('input').fill(name)
  await page.getByTestId('form-phone').locator('input').fill(phoneNumber)
  await page.getByTestId('form-purpose').locator('input').fill('项目合作洽谈')
  expect(await page.getByTestId('form-day-value').textContent()).toMatch(/^今天 /)
  if (plate) {
    await page.getByTestId('form-plate').click()
    await page.getByTestId('plate-keyboard').waitFor()
    for (const k of plate) await page.getByTestId(`plate-key-${k}`).click()
    await page.getByTestId('plate-confirm').click()
    await page.getByTestId('plate-keyboard').waitFor({ state: 'detached' })
  }
  await page.getByTestId('form-submit').click()
  await settled(page)
  await page.getByTestId('detail-code').waitFor()
}

describe('访客预约 (H5)', () => {
  it('When 王老师 binds and books a visitor with a plate, then the visitor sees the pass without login, the guard checks the code in and the car enters by the camera', async () => {
    actAs(page, HOST)
    await open(page, '/pages/home/index')
    await page.getByTestId('entry-visitor').click()
    await settled(page)

    // Not bound: 访客预约 asks for 账号绑定.
    await page.getByTestId('list-unbound').waitFor()
    await page.getByTestId('list-unbound').locator('.nut-button').filter({ hasText: '账号绑定' }).click()
    await settled(page)
    await page.getByTestId('bind-account').locator('input').fill(DEMO_HOST.account)
    await page.getByTestId('bind-password').locator('input').fill('wrong2026')
    await page.getByTestId('bind-submit').click()
    await expect.poll(() => page.getByTestId('bind-error').textContent()).toBe('账号或密码错误，还可尝试 4 次')
    await page.getByTestId('bind-password').locator('input').fill(DEMO_HOST.password)
    await page.getByTestId('bind-submit').click()
    await page.getByTestId('bind-bound').waitFor()
    expect(await page.getByTestId('bind-host-name').textContent()).toBe('王老师')
    expect(await page.getByTestId('bind-host-department').textContent()).toBe('基础医学院')

    // 访客预约: the seed's pass for 李明 is listed; "+" books 陈晓 with her car.
    await page.getByTestId('bind-go-list').click()
    await settled(page)
    // (待到访, or 已过期 once another suite has moved the shared clock past its window.)
    await expect.poll(() => item('李明').getByTestId('pass-status').textContent()).toMatch(/^(待到访|已过期)$/)
    expect(await page.getByTestId('list-host').textContent()).toContain('王老师 · 基础医学院')
    await book('陈晓', '13812340001', ['京', 'V', '2', '6', '8', '1', '3'])

    // The pass: QR of the signed token, the code large, the window, the host and the campus address.
    expect(await page.getByTestId('detail-banner').textContent()).toContain('预约成功')
    expect(await page.getByTestId('detail-status').textContent()).toBe('待到访')
    const code = (await page.getByTestId('detail-code').textContent())!
    expect(code).toMatch(/^\d{6}$/)
    const visit = (await page.getByTestId('detail-window').textContent())!
    expect(visit).toMatch(/^\d{4}\.\d{2}\.\d{2} \d{2}:\d{2}/)
    expect(await page.getByTestId('detail-plate').textContent()).toBe(CAR_SHOWN)
    expect(await page.getByTestId('detail-phone').textContent()).toBe('138****0001')
    expect(await page.getByTestId('detail-host').textContent()).toBe('王老师')
    expect(await page.getByTestId('detail-address').textContent()).toBe(saved!.address)
    expect(await page.getByTestId('detail-payer').textContent()).toMatch(/^(免费|被访人支付|访客自付)$/)
    const qr = (await page.getByTestId('pass-qr').getAttribute('data-qr'))!
    expect(qr).toMatch(/^visitor:[A-Za-z0-9_-]+\.\d+\.[A-Za-z0-9_-]+$/)
    expect(await page.getByTestId('pass-qr').locator('img').getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/)

    // 生成海报: one image (QR, code, window) to long-press and save.
    await page.getByTestId('detail-poster').click()
    await page.getByTestId('poster-image').waitFor()
    expect(await page.getByTestId('poster-image').locator('img').getAttribute('src')).toMatch(/^data:image\/png;base64,/)
    await page.getByTestId('poster-sheet-close').click()

    // 分享: the link opens the visitor's view on another phone, with no login.
    const link = await sharedLink()
    expect(link).toBe(`${appUrl()}/#/packages/visitor/pages/view/index?token=${encodeURIComponent(qr.slice('visitor:'.length))}`)
    const v = await openLink(link)
    expect(await v.getByTestId('view-code').textContent()).toBe(code)
    expect(await v.getByTestId('view-title').textContent()).toBe('陈晓，您好')
    expect(await v.getByTestId('view-window').textContent()).toBe(visit)
    expect(await v.getByTestId('view-host').textContent()).toBe('王老师')
    expect(await v.getByTestId('view-status').textContent()).toBe('待到访')
    expect(await v.getByTestId('view-qr').getAttribute('data-qr')).toBe(qr)
    expect(await v.locator('body').textContent()).not.toContain('13812340001')

    // 刘师傅 at the gate: 工作台 → 访客核验; a wrong code is refused, the right one shows the visitor.
    actAs(page, GUARD)
    await open(page, '/pages/workbench/index')
    await page.getByTestId('tool-visitor-check').click()
    await settled(page)
    const wrong = code === '000000' ? '000001' : '000000'
    await page.getByTestId('check-code').locator('input').fill(wrong)
    await page.getByTestId('check-submit').click()
    await expect.poll(() => page.getByTestId('check-error').textContent()).toBe('验证码错误，还可尝试 9 次')
    await page.getByTestId('check-code').locator('input').fill(code)
    await page.getByTestId('check-submit').click()
    await page.getByTestId('check-pass').waitFor()
    expect(await page.getByTestId('check-name').textContent()).toBe('陈晓')
    expect(await page.getByTestId('check-phone').textContent()).toBe('138****0001')
    expect(await page.getByTestId('check-host').textContent()).toBe('王老师 · 基础医学院')
    expect(await page.getByTestId('check-window').textContent()).toBe(visit)
    expect(await page.getByTestId('check-plate').textContent()).toBe(CAR_SHOWN)
    expect(await page.getByTestId('check-status').textContent()).toBe('待到访')
    await page.getByTestId('check-in').click()
    await page.getByTestId('check-arrived').waitFor()
    expect(await page.getByTestId('check-status').textContent()).toBe('已到访')

    // The visitor's car: the entry camera reads the plate and lets it in as 访客车辆 (the office allows several entries).
    const entered = await post<{ result: { body: { open: boolean; reason: string; led: string[] }; lane: { barrier: string } } }>('/console/api/lot/arrive', { lotId: LOT, laneId: ENTRY.id, plate: CAR })
    expect(entered.result.body, JSON.stringify(entered.result.body)).toMatchObject({ open: true, reason: 'VISITOR' })
    expect(entered.result.body.led).toContain('访客车辆')
    expect(entered.result.lane.barrier).toBe('up')
    const left = await post<{ result: { body: { open: boolean } } }>('/console/api/lot/arrive', { lotId: LOT, laneId: EXIT.id, plate: CAR })
    expect(left.result.body.open, JSON.stringify(left.result.body)).toBe(true)

    // The host's list: 已到访.
    actAs(page, HOST)
    await open(page, '/packages/visitor/pages/index/index')
    await expect.poll(() => item('陈晓').getByTestId('pass-status').textContent()).toBe('已到访')
  })

  it('When 王老师 modifies a pass and then cancels it, then each old link is refused in the visitor view with its notice, the old QR at the gate too, and 解除绑定 asks first', async () => {
    actAs(page, HOST)
    await open(page, '/packages/visitor/pages/index/index')
    await page.getByTestId('list-add').waitFor()
    await book('周敏', '13812340002', null)
    const oldCode = (await page.getByTestId('detail-code').textContent())!
    const oldLink = await sharedLink()

    // 修改预约 from the list: the form comes filled in; a longer visit.
    await open(page, '/packages/visitor/pages/index/index')
    await item('周敏').click()
    await page.getByTestId('pass-actions').waitFor()
    await page.getByTestId('action-modify').click()
    await settled(page)
    await expect.poll(() => page.getByTestId('form-name').locator('input').inputValue()).toBe('周敏')
    expect(await page.getByTestId('form-phone').locator('input').inputValue()).toBe('13812340002')
    await page.getByTestId('form-end').click()
    await page.getByTestId('end-option').last().click()
    await page.getByTestId('end-sheet').waitFor({ state: 'detached' })
    expect(await page.getByTestId('form-end-value').textContent()).toBe('24:00')
    await page.getByTestId('form-purpose').locator('input').fill('项目合作洽谈（延长）')
    await page.getByTestId('form-submit').click()
    await settled(page)
    await page.getByTestId('detail-code').waitFor()
    expect(await page.getByTestId('detail-banner').textContent()).toContain('预约已修改')
    expect(await page.getByTestId('detail-window').textContent()).toMatch(/–24:00$/)
    const newCode = (await page.getByTestId('detail-code').textContent())!
    expect(newCode).not.toBe(oldCode)
    const newLink = await sharedLink()
    expect(newLink).not.toBe(oldLink)

    // The old QR's link no longer works; the new one does.
    let v = await openLink(oldLink)
    await expect.poll(() => v.getByTestId('view-notice').textContent()).toContain('预约已修改，此凭证已失效，请向被访人索取新的凭证')
    v = await openLink(newLink)
    expect(await v.getByTestId('view-code').textContent()).toBe(newCode)
    const oldQr = `visitor:${decodeURIComponent(new URL(oldLink.replace('#/', '')).searchParams.get('token')!)}`

    // At the gate the old QR is refused too (scanning: on H5 the guard types what the code says).
    actAs(page, GUARD)
    await open(page, '/packages/visitor/pages/check/index')
    page.once('dialog', (d) => void d.accept(oldQr))
    await page.getByTestId('check-scan').click()
    await expect.poll(() => page.getByTestId('check-error').textContent()).toBe('预约已修改，此凭证已失效，请向被访人索取新的凭证')
    expect(await page.getByTestId('check-pass').count()).toBe(0)
    actAs(page, HOST)

    // 取消预约 from the list, after a confirm.
    await open(page, '/packages/visitor/pages/index/index')
    await item('周敏').click()
    await page.getByTestId('action-cancel').click()
    await confirmModal(page, '取消预约')
    await expect.poll(() => item('周敏').getByTestId('pass-status').textContent()).toBe('已取消')
    v = await openLink(newLink)
    await expect.poll(() => v.getByTestId('view-notice').textContent()).toContain('预约已取消，此凭证已失效')
    // A forged token gets the notice too.
    const [id, version, mac] = decodeURIComponent(new URL(newLink.replace('#/', '')).searchParams.get('token')!).split('.')
    const forged = `${id}.${version}.${mac[0] === 'A' ? 'B' : 'A'}${mac.slice(1)}`
    v = await openLink(newLink.replace(/token=[^&]+$/, `token=${encodeURIComponent(forged)}`))
    await expect.poll(() => v.getByTestId('view-notice').textContent()).toContain('无效的访客凭证')

    // The cancelled pass's page: no code, nothing to change.
    await item('周敏').click()
    await page.getByTestId('action-view').click()
    await settled(page)
    await expect.poll(() => page.getByTestId('detail-status').textContent()).toBe('已取消')
    expect(await page.getByTestId('detail-code').count()).toBe(0)
    expect(await page.getByTestId('detail-cancel').count()).toBe(0)

    // 解除绑定 asks first; then 访客预约 asks for 账号绑定 again.
    await open(page, '/packages/visitor/pages/bind/index')
    await page.getByTestId('bind-unbind').click()
    await confirmModal(page, '解除绑定')
    await page.getByTestId('bind-submit').waitFor()
    await open(page, '/packages/visitor/pages/index/index')
    await page.getByTestId('list-unbound').waitFor()
  })

  it('When the office adds a host account in 工作台 → 访客管理, then a weak password is refused under its field, the account is listed 未绑定, its password can be reset, and 停用 asks first', async () => {
    actAs(page, OFFICE)
    await open(page, '/pages/workbench/index')
    await page.getByTestId('tool-visitors').click()
    await settled(page)
    await page.getByTestId('host-item').filter({ hasText: DEMO_HOST.account }).waitFor()

    // The visit settings: a bad number is refused under its field, nothing saved.
    await page.getByTestId('vs-edit').click()
    await page.getByTestId('vs-maxVisitors').locator('input').fill('0')
    await page.getByTestId('vs-save').click()
    await expect.poll(() => page.getByTestId('vs-maxVisitors-error').textContent()).toBe('每次来访人数上限应为 1–50 的整数')
    await page.getByTestId('vs-form').locator('.nut-button').filter({ hasText: '取消' }).click()
    await page.getByTestId('vs-summary').waitFor()

    const account = `e2e${Date.now() % 100000}`
    await page.getByTestId('host-add').click()
    await page.getByTestId('host-sheet').waitFor()
    await page.getByTestId('host-account').locator('input').fill(account)
    await page.getByTestId('host-name').locator('input').fill('李老师')
    await page.getByTestId('host-department').locator('input').fill('药学院')
    await page.getByTestId('host-phone').locator('input').fill('13912340003')
    await page.getByTestId('host-password').locator('input').fill('password')
    await page.getByTestId('host-submit').click()
    await expect.poll(() => page.getByTestId('host-password-error').textContent()).toBe('密码须同时包含字母和数字')
    await page.getByTestId('host-password').locator('input').fill('lee2026pw')
    await page.getByTestId('host-submit').click()
    await page.getByTestId('host-sheet').waitFor({ state: 'detached' })
    const added = page.getByTestId('host-item').filter({ hasText: account })
    await added.waitFor()
    expect(await added.textContent()).toContain('139****0003')
    expect(await added.getByTestId('host-bound').textContent()).toBe('未绑定')

    // 重置密码: a weak one is refused in place; a good one replaces the initial password.
    await added.getByTestId('host-reset').click()
    await page.getByTestId('reset-sheet').waitFor()
    await page.getByTestId('reset-password').locator('input').fill('12345678')
    await page.getByTestId('reset-submit').click()
    await expect.poll(() => page.getByTestId('reset-password-error').textContent()).toBe('密码须同时包含字母和数字')
    await page.getByTestId('reset-password').locator('input').fill('lee2027pw')
    await page.getByTestId('reset-submit').click()
    await page.getByTestId('reset-sheet').waitFor({ state: 'detached' })

    // 停用 after a confirm: the account can no longer bind.
    await added.getByTestId('host-toggle').click()
    await confirmModal(page, '停用账号')
    await expect.poll(() => added.getByTestId('host-toggle').textContent()).toBe('启用')
    const r = (await callAs('o-driver-li', 'visitor', { action: 'bind', input: { account, password: 'lee2027pw' } })) as { ok: boolean; error?: { code: string } }
    expect(r.error?.code).toBe('HOST_INACTIVE')
  })
})
