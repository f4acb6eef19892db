// Function triggers and configuration as CloudBase has them: timer triggers
// on the emulator clock (advanceClock), the 云调用 permissions of config.json,
// HTTP access paths, and the build that carries config.json along.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../../emulator/server'
import { advanceClock, triggerFirings } from '../../emulator/functions/triggers'
import { httpRoutes } from '../../emulator/functions/http'
import { subscribeOutbox } from '../../emulator/openapi'
import { buildFunctions, checkFunctionConfigs, FUNCTIONS_SRC, functionNames } from '../../scripts/lib/functions'
import { launchChromium } from '../support/chromium'
import { startTestEmulator, useSdk } from '../support/emulator'

const FUNCTIONS = path.resolve(__dirname, '..', 'fixtures', 'functions')
let emu: Emulator

/** Epoch ms of a Beijing wall time `YYYY-MM-DD HH:mm:ss`. */
const bj = (text: string) => Date.parse(`${text.replace(' ', 'T')}+08:00`)
const iso = (text: string) => new Date(bj(text)).toISOString().replace('.000Z', 'Z')

beforeAll(async () => {
  emu = await startTestEmulator({ functionsDir: FUNCTIONS })
})
afterAll(async () => {
  await emu?.close()
})

describe('timer triggers', () => {
  it('When the clock is advanced past three fire times, then the function runs once for each, in order, at that time, with no user', async () => {
    emu.clock.set(bj('2026-01-05 09:58:30'))
    const firings = await advanceClock(emu, 12 * 60_000)

    expect(firings.map((f) => [f.function, f.trigger, f.time, f.ok])).toEqual([
      ['ticker', 'everyFiveMinutes', bj('2026-01-05 10:00:00'), true],
      ['ticker', 'everyFiveMinutes', bj('2026-01-05 10:05:00'), true],
      ['ticker', 'everyFiveMinutes', bj('2026-01-05 10:10:00'), true],
    ])
    for (const f of firings) {
      const answer = f.answer as { event: unknown; openid: string; seenAt: number }
      // SCF's timer event, exactly what the function received.
      expect(answer.event).toEqual({ Type: 'Timer', TriggerName: 'everyFiveMinutes', Time: new Date(f.time).toISOString().replace('.000Z', 'Z'), Message: '' })
      expect(f.event).toEqual(answer.event)
      expect(answer.openid).toBe('')
      // The function's clock stood at the fire time (plus the moments the call itself took, a cold start included),
      // not at the advance's target.
      expect(answer.seenAt).toBeGreaterThanOrEqual(f.time)
      expect(answer.seenAt).toBeLessThan(f.time + 60_000)
    }
    expect(firings[0].event.Time).toBe(iso('2026-01-05 10:00:00'))
    expect(firings[0].event.Time).toBe('2026-01-05T02:00:00Z')
    expect(emu.clock.now()).toBe(bj('2026-01-05 10:10:30'))
    expect(triggerFirings(emu, 3).map((f) => f.time)).toEqual([bj('2026-01-05 10:10:00'), bj('2026-01-05 10:05:00'), bj('2026-01-05 10:00:00')])
  })

  it('When no fire time falls in the advance, then nothing runs and the clock still moves', async () => {
    emu.clock.set(bj('2026-01-05 10:10:30'))
    const before = triggerFirings(emu).length
    expect(await advanceClock(emu, 60_000)).toEqual([])
    expect(await advanceClock(emu, 0)).toEqual([])
    expect(emu.clock.now()).toBe(bj('2026-01-05 10:11:30'))
    expect(triggerFirings(emu).length).toBe(before)
  })

  it('When an advance ends exactly on a fire time, then it fires once and not again on the next advance', async () => {
    emu.clock.set(bj('2026-01-05 10:14:00'))
    expect((await advanceClock(emu, 60_000)).map((f) => f.time)).toEqual([bj('2026-01-05 10:15:00')])
    expect(await advanceClock(emu, 1_000)).toEqual([])
  })

  it('When the console advances the clock, then it answers what fired; wrong input is refused in Chinese', async () => {
    emu.clock.set(bj('2026-01-05 10:16:00'))
    const post = (body: string) => fetch(`${emu.url}/console/api/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })

    for (const bad of ['{"ms":"300000"}', '{"ms":-5}', '{"ms":1.5}', '{}', '[1]', 'not json']) {
      const res = await post(bad)
      expect(res.status).toBe(400)
      expect((await res.json()).message).toMatch(/[\u4e00-\u9fff]/)
    }
    expect(emu.clock.now()).toBe(bj('2026-01-05 10:16:00'))

    const res = await post(JSON.stringify({ ms: 5 * 60_000 }))
    expect(res.status).toBe(200)
    const r = await res.json()
    expect(r.fired.map((f: any) => [f.function, f.event.Time])).toEqual([['ticker', iso('2026-01-05 10:20:00')]])
    expect(r.now).toBe(bj('2026-01-05 10:21:00'))

    const state = await (await fetch(`${emu.url}/console/api/clock`)).json()
    expect(state.now).toBe(bj('2026-01-05 10:21:00'))
    expect(state.realtime).toBe(false)
    expect(state.triggers).toContainEqual({
      function: 'ticker',
      trigger: { name: 'everyFiveMinutes', type: 'timer', config: '0 */5 * * * * *' },
      next: bj('2026-01-05 10:25:00'),
    })
    expect(state.firings[0]).toMatchObject({ function: 'ticker', time: bj('2026-01-05 10:20:00'), ok: true })
  })
})

describe('the console’s 时钟', () => {
  it('When +5 分钟 is pressed in Chromium, then the due trigger fires and is listed with the new time, with no script error', async () => {
    emu.clock.set(bj('2026-01-05 10:22:00'))
    const browser = await launchChromium()
    try {
      const page = await browser.newPage()
      const errors: string[] = []
      page.on('pageerror', (e) => errors.push(String(e)))
      await page.goto(`${emu.url}/console#clock`)
      await page.waitForFunction(() => document.querySelector('#clock-now')?.textContent?.includes('10:22:00'))
      expect(await page.textContent('#clock-triggers')).toContain('0 */5 * * * * *')
      expect(await page.textContent('#clock-routes')).toContain(`${emu.url}/http/echo`)
      await page.click('[data-advance="300000"]')
      await page.waitForFunction(() => document.querySelector('#clock-now')?.textContent?.includes('10:27:00'))
      expect(await page.textContent('#clock-firings')).toContain('10:25:00')
      expect(triggerFirings(emu, 1)[0]).toMatchObject({ function: 'ticker', time: bj('2026-01-05 10:25:00'), ok: true })
      expect(emu.clock.now()).toBe(bj('2026-01-05 10:27:00'))
      expect(errors).toEqual([])
    } finally {
      await browser.close()
    }
  })
})

describe('timer triggers in real time', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'realtime-triggers-'))
  const started: Emulator[] = []
  afterAll(async () => {
    await Promise.all(started.map((e) => e.close()))
    rmSync(dir, { recursive: true, force: true })
  })

  it('When the real-time mode is on, then a due trigger fires as wall time passes; an emulator without it fires nothing', async () => {
    const functionsDir = path.join(dir, 'functions')
    mkdirSync(path.join(functionsDir, 'beat'), { recursive: true })
    writeFileSync(path.join(functionsDir, 'beat', 'index.js'), 'exports.main = async (event) => ({ got: event.Type })\n')
    writeFileSync(path.join(functionsDir, 'beat', 'config.json'), JSON.stringify({ triggers: [{ name: 'everySecond', type: 'timer', config: '* * * * * * *' }] }))
    const quiet = await startEmulator({ dataDir: path.join(dir, 'quiet'), functionsDir })
    started.push(quiet)
    const live = await startEmulator({ dataDir: path.join(dir, 'live'), functionsDir, realtimeTriggers: true })
    started.push(live)

    const deadline = Date.now() + 15_000
    while (!triggerFirings(live).some((f) => f.source === 'realtime' && f.ok) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50))
    }
    expect(triggerFirings(live)[0]).toMatchObject({ function: 'beat', trigger: 'everySecond', ok: true, answer: { got: 'Timer' }, source: 'realtime' })
    expect(triggerFirings(quiet)).toEqual([])
  })
})

describe('open API permissions (config.json permissions.openapi)', () => {
  it('When a function calls an open API its config.json lists, then the call goes through', async () => {
    const { result } = await emu.functions.invoke('notifier', { api: 'send', touser: 'o-driver' }, { openid: 'o-driver' })
    expect(result).toEqual({ ok: true, errCode: 0 })
    expect(subscribeOutbox(emu)[0]).toMatchObject({ touser: 'o-driver', templateId: 'TPL-NOTIFY', status: 'sent' })
  })

  it('When a function calls an open API its config.json does not list, then the SDK throws -604101 as in the cloud', async () => {
    const { result } = await emu.functions.invoke('notifier', { api: 'qr' }, { openid: 'o-driver' })
    expect(result).toMatchObject({ ok: false, errCode: -604101 })
    expect((result as { errMsg: string }).errMsg).toContain('-604101')
  })

  it('When the SDK calls the same API from outside any function, then it is allowed', async () => {
    const cloud = useSdk(emu, 'o-outside')
    const r = await cloud.openapi.wxacode.getUnlimited({ scene: 'lane=A1-in' })
    expect(r.contentType).toBe('image/png')
  })
})

describe('HTTP access (HTTP 访问服务)', () => {
  const http = (p: string, init?: RequestInit) => fetch(`${emu.url}/http${p}`, init)

  it('When a JSON request reaches a routed path, then the function gets the integration request and its integration response comes back', async () => {
    const res = await http('/echo/devices/42?x=1&y=two', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-device-id': 'D-1' },
      body: JSON.stringify({ plate: '京A·12345' }),
    })
    expect(res.status).toBe(201)
    expect(res.headers.get('x-echo-method')).toBe('POST')
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8')
    const { event, openid } = await res.json()
    expect(event).toMatchObject({
      path: '/echo/devices/42',
      httpMethod: 'POST',
      queryStringParameters: { x: '1', y: 'two' },
      body: JSON.stringify({ plate: '京A·12345' }),
      isBase64Encoded: false,
      requestContext: { envId: emu.config.envId },
    })
    expect(event.headers).toMatchObject({ 'content-type': 'application/json', 'x-device-id': 'D-1' })
    expect(typeof event.requestContext.requestId).toBe('string')
    expect(openid).toBe('')
  })

  it('When any method is used, then it reaches the function as sent', async () => {
    for (const method of ['GET', 'PUT', 'DELETE', 'PATCH']) {
      const { event } = await (await http('/echo', { method })).json()
      expect([event.httpMethod, event.path, event.body, event.isBase64Encoded]).toEqual([method, '/echo', '', false])
    }
  })

  it('When the body is binary, then the function gets it base64-encoded and can answer bytes', async () => {
    const bytes = Buffer.from([0, 1, 2, 0xff, 0xfe, 0x80])
    const init = { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: bytes }
    const { event } = await (await http('/echo', init)).json()
    expect([event.body, event.isBase64Encoded]).toEqual([bytes.toString('base64'), true])

    const res = await http('/echo?mode=bytes', init)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/octet-stream')
    expect(Buffer.from(await res.arrayBuffer())).toEqual(Buffer.from([0x80, 0xfe, 0xff, 2, 1, 0]))
  })

  it('When the function returns a string or a plain object, then it is text or JSON with 200; when it fails, 502', async () => {
    const text = await http('/echo?mode=text')
    expect([text.status, text.headers.get('content-type'), await text.text()]).toEqual([200, 'text/plain; charset=utf-8', 'hello gateway'])
    const object = await http('/echo?mode=object')
    expect([object.status, object.headers.get('content-type'), await object.json()]).toEqual([200, 'application/json', { foo: 'bar' }])
    const crash = await http('/echo?mode=crash')
    expect(crash.status).toBe(502)
    expect((await crash.json()).message).toContain('echo crashed')
  })

  it('When routes overlap, then the longest matching path wins, on whole segments only', async () => {
    httpRoutes(emu).set('/echo/deep', 'whoami')
    try {
      const deep = await http('/echo/deep/x')
      expect(await deep.json()).toEqual({ before: '', after: '' }) // whoami, run with no user
      const { event } = await (await http('/echo/deeper')).json()
      expect(event.path).toBe('/echo/deeper')
      expect((await http('/echoes')).status).toBe(404)
      expect((await http('/nothing')).status).toBe(404)
    } finally {
      httpRoutes(emu).delete('/echo/deep')
    }
    expect((await (await http('/echo/deep/x')).json()).event.path).toBe('/echo/deep/x')
  })
})

describe('the function build', () => {
  const out = mkdtempSync(path.join(os.tmpdir(), 'functions-build-'))
  afterAll(() => rmSync(out, { recursive: true, force: true }))

  it('When functions are built, then each config.json goes beside its bundle and http-routes.json to the root', async () => {
    await buildFunctions(out)
    const routes = path.join(FUNCTIONS_SRC, 'http-routes.json')
    expect(existsSync(routes)).toBe(true)
    expect(readFileSync(path.join(out, 'http-routes.json'), 'utf8')).toBe(readFileSync(routes, 'utf8'))
    for (const name of functionNames()) {
      const src = path.join(FUNCTIONS_SRC, name, 'config.json')
      expect(existsSync(path.join(out, name, 'index.js'))).toBe(true)
      expect(existsSync(path.join(out, name, 'config.json'))).toBe(existsSync(src))
    }
  })

  it('When config files are wrong, then the build stops with every problem named', () => {
    const src = mkdtempSync(path.join(os.tmpdir(), 'functions-src-'))
    try {
      const put = (file: string, value: unknown) => {
        mkdirSync(path.dirname(path.join(src, file)), { recursive: true })
        writeFileSync(path.join(src, file), typeof value === 'string' ? value : JSON.stringify(value))
      }
      put('a/config.json', { triggers: [{ name: 't', type: 'timer', config: '0 0 * * *' }] })
      put('b/config.json', { triggers: [{ name: 't', type: 'timer', config: '0 0 * * * * *' }, { name: 'u', type: 'timer', config: '0 0 * * * * *' }] })
      put('c/config.json', { triggers: [{ name: 't', type: 'cos', config: '0 0 * * * * *' }] })
      put('d/config.json', '{ not json')
      put('e/config.json', { permissions: { openapi: ['subscribeMessage.send'] }, triggers: [{ name: 'ok', type: 'timer', config: '0 */5 * * * * *' }] })
      put('http-routes.json', { routes: [{ path: '/devices', function: 'device' }] })
      let message = ''
      try {
        checkFunctionConfigs(['a', 'b', 'c', 'd', 'e'], src)
      } catch (e) {
        message = (e as Error).message
      }
      expect(message).toContain('cloudfunctions/a/config.json 的 triggers[0] 的 cron 表达式「0 0 * * *」无效')
      expect(message).toContain('cloudfunctions/b/config.json 有 2 个触发器')
      expect(message).toContain('cloudfunctions/c/config.json 的 triggers[0] 的 type「cos」不支持')
      expect(message).toContain('cloudfunctions/d/config.json 不是合法的 JSON')
      expect(message).not.toContain('cloudfunctions/e/')
      expect(message).toContain('/devices 指向不存在的云函数 device')
      expect(() => checkFunctionConfigs(['e'], src)).toThrow('device')
      rmSync(path.join(src, 'http-routes.json'))
      expect(() => checkFunctionConfigs(['e'], src)).not.toThrow()
    } finally {
      rmSync(src, { recursive: true, force: true })
    }
  })
})
