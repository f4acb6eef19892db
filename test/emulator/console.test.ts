// The dev console: the page, the default H5 identity it keeps (and the H5
// bridge acting as it, unless a tab names its own seeded person), and the
// read-only collection browser.
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server'
import { setPeople } from '../../emulator/console'
import { payments } from '../../emulator/pay'
import { launchChromium } from '../support/chromium'
import { startTestEmulator, useSdk } from '../support/emulator'

const FUNCTIONS = path.resolve(__dirname, '..', 'fixtures', 'functions')
const PEOPLE = [
  { openid: 'o-zhang', name: '张伟', label: '车主' },
  { openid: 'o-zhao', name: '赵敏', label: '停车办审核员' },
]
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'console-test-'))
let emu: Emulator

const json = (p: string, body?: unknown) =>
  fetch(`${emu.url}${p}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
const callFunction = (data: unknown, headers: Record<string, string> = {}) =>
  fetch(`${emu.url}/h5/callFunction`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ name: 'whoami', data }) })
/** Makes `openid` the console's default identity, so a test does not rest on what an earlier one chose. */
const choose = async (openid: string) => expect((await json('/console/api/identity', { openid })).status).toBe(200)

beforeAll(async () => {
  emu = await startTestEmulator({ functionsDir: FUNCTIONS, dataDir, extraCollections: [{ name: 'notes', indexes: [] }, { name: 'notices', indexes: [] }] })
  setPeople(emu, PEOPLE)
})
afterAll(async () => {
  await emu?.close()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('dev console', () => {
  it('When people are given at start, then the first becomes the current identity', async () => {
    // A fresh emulator of its own: the file's emulator has its identity switched by the tests below.
    const fresh = await startTestEmulator({ functionsDir: FUNCTIONS })
    try {
      setPeople(fresh, PEOPLE)
      const r = await (await fetch(`${fresh.url}/console/api/identity`)).json()
      expect(r.current).toEqual(PEOPLE[0])
      expect(r.people).toEqual(PEOPLE)
    } finally {
      await fresh.close()
    }
  })

  it('When the H5 bridge is called without a header, then the function runs as the current identity', async () => {
    await choose('o-zhang')
    const r = await (await callFunction({})).json()
    expect(r).toMatchObject({ result: { before: 'o-zhang', after: 'o-zhang' }, errMsg: 'cloud.callFunction:ok' })
  })

  it("When the identity is switched, then the H5 bridge acts as the new person; a tab's x-dev-openid header still wins", async () => {
    const res = await json('/console/api/identity', { openid: 'o-zhao' })
    expect(res.status).toBe(200)
    expect((await (await callFunction({})).json()).result.before).toBe('o-zhao')
    expect((await (await callFunction({}, { 'x-dev-openid': 'o-zhang' })).json()).result.before).toBe('o-zhang')
  })

  it("When a tab names someone not in the console's list, then the bridge refuses with 403 in Chinese and runs nothing", async () => {
    const res = await callFunction({}, { 'x-dev-openid': 'o-other' })
    expect(res.status).toBe(403)
    expect((await res.json()).errMsg).toBe('cloud.callFunction:fail 没有这个人：o-other（只能选择开发控制台身份列表中的人）')
  })

  it('When the H5 app asks whether a tab may act as someone, then a listed person is given and anyone else is refused', async () => {
    await choose('o-zhao')
    const ok = await json('/h5/identity?as=o-zhang')
    expect(ok.status).toBe(200)
    expect(await ok.json()).toEqual({ person: PEOPLE[0], source: 'tab' })
    const refused = await json(`/h5/identity?as=${encodeURIComponent('张伟')}`)
    expect(refused.status).toBe(403)
    expect((await refused.json()).message).toBe('没有这个人：张伟（只能选择开发控制台身份列表中的人）')
    expect(await (await json('/h5/identity')).json()).toEqual({ person: PEOPLE[1], source: 'console' })
  })

  it('When an unknown openid is chosen, then it is refused with 400 and the identity stays', async () => {
    await choose('o-zhao')
    const res = await json('/console/api/identity', { openid: 'o-nobody' })
    expect(res.status).toBe(400)
    expect((await res.json()).message).toContain('o-nobody')
    expect((await (await json('/console/api/identity')).json()).current.openid).toBe('o-zhao')
  })

  it('When the emulator restarts on the same data, then the chosen identity is kept', async () => {
    await choose('o-zhao')
    await emu.close()
    emu = await startTestEmulator({ functionsDir: FUNCTIONS, dataDir, extraCollections: [{ name: 'notes', indexes: [] }, { name: 'notices', indexes: [] }] })
    setPeople(emu, PEOPLE)
    expect((await (await json('/console/api/identity')).json()).current.openid).toBe('o-zhao')
  })

  it('When the console page is opened, then it is Chinese HTML with every tab', async () => {
    const res = await fetch(`${emu.url}/console`)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    const html = await res.text()
    for (const tab of ['短信发件箱', '支付', '订阅消息', '数据库', '身份切换']) expect(html).toContain(tab)
  })

  it('When documents are written through the SDK, then the browser lists the collection and pages through it read-only', async () => {
    const cloud = useSdk(emu, 'o-zhang')
    for (let i = 0; i < 3; i++) await cloud.database().collection('notes').add({ data: { i } })
    const { collections } = await (await json('/console/api/db/collections')).json()
    expect(collections).toContainEqual({ name: 'notes', count: 3 })
    const page = await (await json('/console/api/db/browse?name=notes&skip=1&limit=1')).json()
    expect(page.documents).toHaveLength(1)
    expect(page.documents[0]).toHaveProperty('_id')
    expect((await (await json('/console/api/db/browse?name=missing')).json()).documents).toEqual([])
  })

  it('When the page is used in Chromium, then it switches identity and confirms a payment with no script error', async () => {
    await emu.functions.invoke('paydemo', { action: 'order', outTradeNo: 'C001', totalFee: 1500, body: '车证续费' }, { openid: 'o-zhang' })
    const browser = await launchChromium()
    try {
      const page = await browser.newPage()
      const errors: string[] = []
      page.on('pageerror', (e) => errors.push(String(e)))
      await page.goto(`${emu.url}/console`)
      await page.click('.person[data-openid="o-zhang"]')
      await page.waitForFunction(() => document.querySelector('#who')?.textContent === '张伟（车主）')
      expect((await (await json('/console/api/identity')).json()).current.openid).toBe('o-zhang')
      await page.click('#tabs button[data-tab="pay"]')
      await page.click('[data-pay="settle"][data-no="C001"]')
      await page.waitForFunction(() => document.querySelector('#pay-deliveries')?.textContent?.includes('C001'))
      expect(payments(emu).order('C001')!.state).toBe('SUCCESS')
      expect(payments(emu).deliveries('C001')).toMatchObject([{ ok: true }])
      expect(await page.textContent('#pay-orders')).toContain('已支付')
      expect(errors).toEqual([])
    } finally {
      await browser.close()
    }
  })
})
