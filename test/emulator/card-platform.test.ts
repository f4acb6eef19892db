// The campus-card platform simulator (emulator/card/) through the one adapter
// the cloud functions use (cloudfunctions/_shared/campus-card.ts), over real
// HTTP: the signed gateway, the holder and account reads, idempotent
// transfers, the refusals, outages, what happens on campus (POS swipe, kiosk
// claim), statements by month, loss reports, and the ledger invariant after
// a few hundred random operations.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Emulator } from '../../emulator/server'
import { cardPlatform } from '../../emulator/card/simulator'
import { CARD_APP_KEY, CARD_APP_SECRET } from '../../emulator/card/protocol'
import { functionEnvFor } from '../../scripts/lib/local-cloud'
import * as card from '../../cloudfunctions/_shared/campus-card'
import { shanghai } from '../../src/domain/time'
import { CARD_REFUSAL_MESSAGES, CARD_UNAVAILABLE_MESSAGE } from '../../src/domain/card/platform'
import { startTestEmulator } from '../support/emulator'
import { launchChromium } from '../support/chromium'

let emu: Emulator
let sim: ReturnType<typeof cardPlatform>
const creds = { appKey: CARD_APP_KEY, secret: CARD_APP_SECRET }

/** A raw gateway request: the adapter's envelope, changed as a test needs. */
async function raw(body: unknown) {
  const r = await fetch(`${emu.url}/card-platform/gateway`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) })
  return { status: r.status, body: (await r.json()) as { code: string; msg: string; data?: any } }
}

const consolePost = async (path: string, body: unknown) => {
  const r = await fetch(`${emu.url}/console/api/card/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  return { status: r.status, body: (await r.json()) as any }
}

const refusal = (code: keyof typeof CARD_REFUSAL_MESSAGES) => ({ status: 'refused', code, message: CARD_REFUSAL_MESSAGES[code] })
const UNAVAILABLE = { status: 'unavailable', message: CARD_UNAVAILABLE_MESSAGE }

let serials = 0
const serial = () => `T${Date.now().toString(36)}${(serials++).toString(36)}`

beforeAll(async () => {
  emu = await startTestEmulator()
  Object.assign(process.env, functionEnvFor(emu), { CARD_TIMEOUT_MS: '400' })
  sim = cardPlatform(emu)
  // The adapter logs every unavailable answer; here they are expected.
  vi.spyOn(console, 'error').mockImplementation(() => undefined)
})
afterAll(async () => {
  await emu?.close()
})
beforeEach(() => {
  sim.outage(false)
  sim.reset()
})

describe('the signed gateway', () => {
  it('When a request is signed with our app secret, then it is answered; signed with another secret, it is refused and the adapter reports the platform unavailable', async () => {
    const ok = await raw(card.signRequest('card.account.query', { cardNo: '2021110001' }, creds))
    expect(ok).toMatchObject({ status: 200, body: { code: 'SUCCESS', data: { cardNo: '2021110001', balanceFen: 12282, pendingFen: 0 } } })
    const bad = await raw(card.signRequest('card.account.query', { cardNo: '2021110001' }, { ...creds, secret: 'wrong' }))
    expect(bad.body).toMatchObject({ code: 'SIGN_ERROR', msg: '签名校验失败' })
    const secret = process.env.CARD_APP_SECRET
    process.env.CARD_APP_SECRET = 'wrong-secret'
    try {
      expect(await card.account('2021110001')).toEqual(UNAVAILABLE)
    } finally {
      process.env.CARD_APP_SECRET = secret
    }
  })

  it('When a signed field is changed after signing (the amount), then the signature no longer matches and nothing moves', async () => {
    const req = card.signRequest('card.transfer.create', { cardNo: '2021110001', amountFen: 100, serialNo: 'TAMPER1' }, creds)
    const tampered = { ...req, biz_content: req.biz_content.replace('100', '99900') }
    expect((await raw(tampered)).body.code).toBe('SIGN_ERROR')
    expect(sim.account('2021110001')!.pendingFen).toBe(0)
  })

  it('When a request is replayed with its nonce, then the replay is refused', async () => {
    const req = card.signRequest('card.account.query', { cardNo: '999' }, creds)
    expect((await raw(req)).body.code).toBe('SUCCESS')
    expect((await raw(req)).body.code).toBe('NONCE_REPLAYED')
  })

  it('When the timestamp is more than five minutes off, or the app key unknown, or the envelope malformed, then each is refused with its code', async () => {
    const stale = card.signRequest('card.account.query', { cardNo: '999' }, creds, Date.now() - 6 * 60_000)
    expect((await raw(stale)).body.code).toBe('TIMESTAMP_EXPIRED')
    expect((await raw(card.signRequest('card.account.query', { cardNo: '999' }, { appKey: 'other-app', secret: CARD_APP_SECRET }))).body.code).toBe('INVALID_APP_KEY')
    expect((await raw('{"app_key":')).body.code).toBe('INVALID_REQUEST')
    expect((await raw([1, 2])).body.code).toBe('INVALID_REQUEST')
    expect((await raw(card.signRequest('card.balance.steal', { cardNo: '999' }, creds))).body.code).toBe('UNKNOWN_METHOD')
  })

  it('When a configuration value is missing, then the adapter says which (a deployment error, thrown)', async () => {
    const endpoint = process.env.CARD_ENDPOINT
    delete process.env.CARD_ENDPOINT
    try {
      await expect(card.account('999')).rejects.toThrow('missing function configuration CARD_ENDPOINT')
    } finally {
      process.env.CARD_ENDPOINT = endpoint
    }
  })
})

describe('holders and accounts', () => {
  it.each([
    ['2021110001', '张伟', 'student'],
    ['T2008001', '王建国', 'staff'],
    ['999', '王芳', 'visitor'],
    ['F000999', '李强', 'visitor'],
  ])('When %s and %s are verified, then they belong together (%s card)', async (cardNo, name, kind) => {
    expect(await card.verifyHolder({ cardNo, name })).toEqual({ status: 'ok', value: { cardNo, name, kind, status: 'normal' } })
  })

  it('When the name does not match or the card does not exist, then both are the same refusal (a stranger learns nothing)', async () => {
    expect(await card.verifyHolder({ cardNo: '2021110001', name: '李娜' })).toEqual(refusal('HOLDER_MISMATCH'))
    expect(await card.verifyHolder({ cardNo: '2099999999', name: '张伟' })).toEqual(refusal('HOLDER_MISMATCH'))
  })

  it('When binding with the query password, then the right one passes and a wrong one is refused', async () => {
    expect((await card.verifyHolder({ cardNo: '2023110003', name: '陈静', queryPassword: '802315' })).status).toBe('ok')
    expect(await card.verifyHolder({ cardNo: '2023110003', name: '陈静', queryPassword: '123456' })).toEqual(refusal('QUERY_PASSWORD_WRONG'))
  })

  it('When a closed card is verified, then it is refused; a lost card verifies and shows its status', async () => {
    expect(await card.verifyHolder({ cardNo: '2016110006', name: '刘洋' })).toEqual(refusal('ACCOUNT_CLOSED'))
    expect(await card.verifyHolder({ cardNo: '2020110004', name: '周强' })).toMatchObject({ status: 'ok', value: { status: 'lost' } })
  })

  it('When an account is read, then it has the seed’s 余额 117.78 (3.00待圈存)', async () => {
    expect(await card.account('2022110002')).toEqual({
      status: 'ok',
      value: { cardNo: '2022110002', name: '李娜', kind: 'student', status: 'normal', balanceFen: 11778, pendingFen: 300, lostAt: null },
    })
  })
})

describe('transfers', () => {
  it('When a top-up is transferred, then it lands in 待圈存, once; the same serial again is a duplicate the adapter treats as success', async () => {
    const s = serial()
    const first = await card.transfer({ cardNo: '2021110001', amountFen: 5000, serialNo: s })
    expect(first).toMatchObject({ status: 'ok', value: { outcome: 'credited', serialNo: s, cardNo: '2021110001', amountFen: 5000 } })
    const again = await card.transfer({ cardNo: '2021110001', amountFen: 5000, serialNo: s })
    expect(again).toMatchObject({ status: 'ok', value: { outcome: 'duplicate', serialNo: s, amountFen: 5000 } })
    expect(first.status === 'ok' && again.status === 'ok' && again.value.platformSerial).toBe(first.status === 'ok' && first.value.platformSerial)
    expect(sim.account('2021110001')).toMatchObject({ balanceFen: 12282, pendingFen: 5000 })
    expect(sim.ledger('2021110001').filter((l) => l.serialNo === s)).toHaveLength(1)
  })

  it('When the platform is asked directly with a repeated serial, then it answers DUPLICATE_SERIAL with the original transfer', async () => {
    await card.transfer({ cardNo: '999', amountFen: 2000, serialNo: 'RAWDUP1' })
    const r = await raw(card.signRequest('card.transfer.create', { cardNo: '999', amountFen: 2000, serialNo: 'RAWDUP1' }, creds))
    expect(r.body).toMatchObject({ code: 'DUPLICATE_SERIAL', msg: '流水号重复', data: { serialNo: 'RAWDUP1', cardNo: '999', amountFen: 2000, pendingFen: 2000 } })
  })

  it('When a serial is reused for another card or amount, then it is a conflict, never success', async () => {
    await card.transfer({ cardNo: '999', amountFen: 2000, serialNo: 'CONFLICT1' })
    expect(await card.transfer({ cardNo: '999', amountFen: 3000, serialNo: 'CONFLICT1' })).toEqual(refusal('SERIAL_CONFLICT'))
    expect(await card.transfer({ cardNo: 'F000999', amountFen: 2000, serialNo: 'CONFLICT1' })).toEqual(refusal('SERIAL_CONFLICT'))
    expect(sim.account('F000999')!.pendingFen).toBe(0)
  })

  it.each([
    ['2020110004', 'ACCOUNT_LOST'],
    ['2019110005', 'ACCOUNT_FROZEN'],
    ['2016110006', 'ACCOUNT_CLOSED'],
    ['2099999999', 'HOLDER_MISMATCH'],
  ] as const)('When a top-up goes to %s, then it is refused as %s and nothing moves', async (cardNo, code) => {
    expect(await card.transfer({ cardNo, amountFen: 1000, serialNo: serial() })).toEqual(refusal(code))
    expect(sim.check(cardNo).ok || !sim.account(cardNo)).toBe(true)
  })

  it('When the name is given and does not match, then the transfer is refused', async () => {
    expect(await card.transfer({ cardNo: '999', name: '张伟', amountFen: 1000, serialNo: serial() })).toEqual(refusal('HOLDER_MISMATCH'))
  })

  it('When a transfer is over the single limit, then it is refused as over the limit; over the daily limit, as over the daily limit (it clears the next day)', async () => {
    expect(await card.transfer({ cardNo: 'T2008001', amountFen: 50_100, serialNo: serial() })).toEqual(refusal('AMOUNT_OVER_LIMIT'))
    sim.configure({ dailyLimitFen: 60_000 })
    expect((await card.transfer({ cardNo: 'T2008001', amountFen: 50_000, serialNo: serial() })).status).toBe('ok')
    expect(await card.transfer({ cardNo: 'T2008001', amountFen: 20_000, serialNo: serial() })).toEqual(refusal('DAILY_LIMIT_EXCEEDED'))
    expect(await card.transfer({ cardNo: 'T2008001', amountFen: 0, serialNo: serial() })).toEqual(refusal('AMOUNT_INVALID'))
    expect(sim.account('T2008001')!.pendingFen).toBe(50_000)
  })

  it('When service hours are set and now is outside them, then a transfer is refused as 日结; a retry of a serial already taken is still a duplicate', async () => {
    const s = serial()
    expect((await card.transfer({ cardNo: '999', amountFen: 1000, serialNo: s })).status).toBe('ok')
    const hour = shanghai(Date.now()).hour()
    const start = `${String((hour + 2) % 24).padStart(2, '0')}:00`
    const end = `${String((hour + 4) % 24).padStart(2, '0')}:00`
    sim.configure({ serviceHours: { start, end } })
    expect(await card.transfer({ cardNo: '999', amountFen: 1000, serialNo: serial() })).toEqual(refusal('OUTSIDE_SERVICE_HOURS'))
    expect(await card.transfer({ cardNo: '999', amountFen: 1000, serialNo: s })).toMatchObject({ status: 'ok', value: { outcome: 'duplicate' } })
    sim.configure({ serviceHours: null })
    expect((await card.transfer({ cardNo: '999', amountFen: 1000, serialNo: serial() })).status).toBe('ok')
  })

  it('When a card is lost after a top-up landed, then the retry of that top-up is still a duplicate (the money is there), not a refusal', async () => {
    const s = serial()
    await card.transfer({ cardNo: 'T2015023', amountFen: 3000, serialNo: s })
    sim.setStatus('T2015023', 'lost')
    expect(await card.transfer({ cardNo: 'T2015023', amountFen: 3000, serialNo: s })).toMatchObject({ status: 'ok', value: { outcome: 'duplicate' } })
  })
})

describe('our own transfers: lookup and reconciliation', () => {
  it('When a serial is looked up, then the platform says whether it holds it, without moving anything', async () => {
    const s = serial()
    expect(await card.transferStatus(s)).toEqual({ status: 'ok', value: { found: false } })
    await card.transfer({ cardNo: '999', amountFen: 3000, serialNo: s })
    expect(await card.transferStatus(s)).toMatchObject({ status: 'ok', value: { found: true, transfer: { serialNo: s, cardNo: '999', amountFen: 3000 } } })
    expect(sim.account('999')!.pendingFen).toBe(3000)
  })

  it('When a day is reconciled, then it lists exactly our transfers of that Shanghai day (not the seeded Alipay top-up), with their total', async () => {
    const a = serial()
    const b = serial()
    await card.transfer({ cardNo: '999', amountFen: 3000, serialNo: a })
    await card.transfer({ cardNo: 'F000999', amountFen: 5000, serialNo: b })
    await card.transfer({ cardNo: 'F000999', amountFen: 5000, serialNo: b })
    const today = shanghai(Date.now()).format('YYYY-MM-DD')
    const r = await card.reconciliation(today)
    expect(r).toMatchObject({ status: 'ok', value: { date: today, totalFen: 8000 } })
    expect(r.status === 'ok' && r.value.items.map((i) => [i.serialNo, i.cardNo, i.amountFen])).toEqual([
      [a, '999', 3000],
      [b, 'F000999', 5000],
    ])
    expect(sim.ledger('2022110002').some((l) => l.kind === 'transfer' && l.channel === 'alipay')).toBe(true)
    expect(await card.reconciliation('2001-01-01')).toMatchObject({ status: 'ok', value: { totalFen: 0, items: [] } })
    expect(await card.reconciliation('2026-02-31')).toEqual(refusal('BAD_REQUEST'))
  })

  it('When a serial another channel used (the seeded Alipay top-up SEED0002) is looked up or reused by us, then it is not ours: not found, and our transfer with it lands', async () => {
    expect(sim.ledger('2022110002').find((l) => l.serialNo === 'SEED0002')).toMatchObject({ channel: 'alipay' })
    expect(await card.transferStatus('SEED0002')).toEqual({ status: 'ok', value: { found: false } })
    expect(await card.transfer({ cardNo: '999', amountFen: 1000, serialNo: 'SEED0002' })).toMatchObject({ status: 'ok', value: { outcome: 'credited' } })
  })
})

describe('outages', () => {
  it('When the platform answers 503, then the adapter says unavailable and nothing moves; back up, the same serial lands once', async () => {
    sim.outage(true)
    const s = serial()
    expect(await card.transfer({ cardNo: '999', amountFen: 1000, serialNo: s })).toEqual(UNAVAILABLE)
    expect(await card.account('999')).toEqual(UNAVAILABLE)
    expect(sim.account('999')!.pendingFen).toBe(0)
    sim.outage(false)
    expect(await card.transfer({ cardNo: '999', amountFen: 1000, serialNo: s })).toMatchObject({ status: 'ok', value: { outcome: 'credited' } })
  })

  it('When the platform does not answer at all, then the adapter gives up after its timeout and says unavailable', async () => {
    sim.outage('timeout', 5_000)
    const t0 = Date.now()
    expect(await card.account('999')).toEqual(UNAVAILABLE)
    expect(Date.now() - t0).toBeLessThan(3_000)
  })

  it('When the platform does the transfer but the answer is lost, then the adapter says unavailable and the retry finds it as a duplicate (credited once)', async () => {
    sim.outage('lostAnswer')
    const s = serial()
    expect(await card.transfer({ cardNo: 'F000999', amountFen: 2000, serialNo: s })).toEqual(UNAVAILABLE)
    expect(sim.account('F000999')!.pendingFen).toBe(2000)
    sim.outage(false)
    expect(await card.transfer({ cardNo: 'F000999', amountFen: 2000, serialNo: s })).toMatchObject({ status: 'ok', value: { outcome: 'duplicate' } })
    expect(sim.account('F000999')!.pendingFen).toBe(2000)
  })

  it('When the endpoint is unreachable, then the adapter says unavailable and logs why (the caller never sees the raw error)', async () => {
    const endpoint = process.env.CARD_ENDPOINT
    process.env.CARD_ENDPOINT = 'http://127.0.0.1:1/card-platform'
    try {
      const logged = vi.mocked(console.error).mock.calls.length
      expect(await card.account('999')).toEqual(UNAVAILABLE)
      expect(vi.mocked(console.error).mock.calls.slice(logged).flat().join(' ')).toMatch(/card\.account\.query: .*ECONNREFUSED/)
    } finally {
      process.env.CARD_ENDPOINT = endpoint
    }
  })
})

describe('on campus', () => {
  it('When the card is swiped at a POS, then the whole 待圈存 goes onto the card and the meal is paid from it', async () => {
    await card.transfer({ cardNo: '2021110001', amountFen: 5000, serialNo: serial() })
    expect(sim.swipe('2021110001', 1200, '第二食堂')).toEqual({ ok: true, claimedFen: 5000, spentFen: 1200, balanceFen: 12282 + 5000 - 1200, pendingFen: 0 })
    const [claim, meal] = sim.ledger('2021110001').slice(-2)
    expect(claim).toMatchObject({ kind: 'claim', amountFen: 0, balanceDeltaFen: 5000, pendingDeltaFen: -5000 })
    expect(meal).toMatchObject({ kind: 'pos', title: '消费(第二食堂)', amountFen: -1200 })
    expect(await card.account('2021110001')).toMatchObject({ value: { balanceFen: 16082, pendingFen: 0 } })
  })

  it('When a meal costs more than the card holds, then the pending money is still claimed and the spend refused', async () => {
    await card.transfer({ cardNo: 'F000999', amountFen: 1000, serialNo: serial() })
    expect(sim.swipe('F000999', 2500)).toEqual({ ok: false, code: 'INSUFFICIENT_BALANCE', message: '余额不足', claimedFen: 1000, balanceFen: 1000, pendingFen: 0 })
    expect(sim.check('F000999').ok).toBe(true)
  })

  it('When a lost card is swiped, then it is refused and keeps its pending money', async () => {
    expect(sim.swipe('2020110004', 100)).toMatchObject({ ok: false, code: 'ACCOUNT_LOST' })
  })

  it('When 领取转账金额 is done at a kiosk, then the card password is needed and the pending money moves onto the card', async () => {
    await card.transfer({ cardNo: '2023110003', amountFen: 2000, serialNo: serial() })
    expect(sim.kioskClaim('2023110003', '123456')).toMatchObject({ ok: false, code: 'CARD_PASSWORD_ERROR', message: '卡密码错误', pendingFen: 2000 })
    expect(sim.kioskClaim('2023110003', '135790', '图书馆一楼')).toEqual({ ok: true, claimedFen: 2000, spentFen: 0, balanceFen: 2500, pendingFen: 0 })
    expect(sim.ledger('2023110003').at(-1)).toMatchObject({ kind: 'claim', place: '自助圈存机（图书馆一楼）' })
    expect(sim.kioskClaim('2023110003', '135790')).toMatchObject({ ok: true, claimedFen: 0 })
  })

  it('When the console drives a swipe, an outage and the ledger, then they act as the TS API does; bad input is a 400 in Chinese', async () => {
    await card.transfer({ cardNo: '999', amountFen: 1000, serialNo: serial() })
    expect(await consolePost('swipe', { cardNo: '999', amountFen: 500 })).toMatchObject({ status: 200, body: { ok: true, result: { ok: true, claimedFen: 1000, balanceFen: 5500 } } })
    expect(await consolePost('swipe', { cardNo: '999', amountFen: '5' })).toMatchObject({ status: 400, body: { ok: false } })
    expect(await consolePost('swipe', { cardNo: 'nope', amountFen: 5 })).toMatchObject({ status: 400, body: { message: '没有这张校园卡：nope' } })
    expect(await consolePost('kiosk-claim', { cardNo: '999', cardPassword: '123456' })).toMatchObject({ status: 200, body: { result: { ok: true, claimedFen: 0 } } })
    expect(await consolePost('outage', { on: true })).toMatchObject({ status: 200, body: { result: { outage: 'http503' } } })
    expect(await card.account('999')).toEqual(UNAVAILABLE)
    expect(await consolePost('outage', { mode: 'sideways' })).toMatchObject({ status: 400 })
    expect(await consolePost('outage', { mode: 'off' })).toMatchObject({ status: 200, body: { result: { outage: 'off' } } })
    const ledger = await (await fetch(`${emu.url}/console/api/card/ledger?cardNo=999`)).json()
    expect(ledger).toMatchObject({ ok: true, result: { account: { balanceFen: 5500 }, check: { ok: true } } })
    expect(ledger.result.lines[0]).toMatchObject({ kind: 'pos', amountFen: -500 })
    const list = await (await fetch(`${emu.url}/console/api/card/accounts`)).json()
    expect(list.accounts.map((a: any) => a.cardNo)).toContain('F000999')
    expect(list.accounts.every((a: any) => a.ledgerOk)).toBe(true)
    expect(await consolePost('status', { cardNo: '999', status: 'frozen' })).toMatchObject({ status: 200, body: { result: { status: 'frozen' } } })
    expect(await consolePost('settings', { serviceHours: { start: '25:00', end: '01:00' } })).toMatchObject({ status: 400 })
    expect(await consolePost('reset', {})).toMatchObject({ status: 200 })
    expect(sim.account('999')).toMatchObject({ status: 'normal', balanceFen: 5000, pendingFen: 0 })
  })
})

describe('malformed input changes nothing', () => {
  it.each([
    ['a null body', 'settings', null],
    ['an array body', 'outage', [1]],
    ['a good service window with a bad limit (neither applied)', 'settings', { serviceHours: { start: '06:00', end: '23:00' }, maxTransferFen: '500' }],
    ['a minimum above the maximum', 'settings', { minTransferFen: 60_000 }],
    ['an outage mode with a bad hang time (neither applied)', 'outage', { mode: 'timeout', hangMs: -1 }],
    ['a status that is not one', 'status', { cardNo: '999', status: 'stolen' }],
    ['a swipe of a fraction of a fen', 'swipe', { cardNo: '999', amountFen: 1.5 }],
    ['a kiosk claim without a password', 'kiosk-claim', { cardNo: '999' }],
  ])('When the console is sent %s, then it answers 400 in Chinese and the platform is as it was', async (_why, path, body) => {
    const before = { settings: sim.settings(), accounts: sim.accounts() }
    const r = await consolePost(path, body)
    expect(r.status).toBe(400)
    expect(r.body.message).toMatch(/[\u4e00-\u9fff]/)
    expect({ settings: sim.settings(), accounts: sim.accounts() }).toEqual(before)
  })

  it.each([
    ['fields that are numbers', (r: any) => ({ ...r, timestamp: Number(r.timestamp) })],
    ['biz_content that is not an object', (r: any) => card.signRequest('card.account.query', [] as any, creds)],
    ['a missing sign', (r: any) => ({ ...r, sign: undefined })],
  ])('When the gateway is sent %s, then it is refused as INVALID_REQUEST or SIGN_ERROR and nothing moves', async (_why, change) => {
    const req = change(card.signRequest('card.transfer.create', { cardNo: '999', amountFen: 1000, serialNo: 'BADREQ1' }, creds))
    const r = await raw(req)
    expect(['INVALID_REQUEST', 'SIGN_ERROR']).toContain(r.body.code)
    expect(sim.account('999')!.pendingFen).toBe(0)
  })
})

describe('the dev console panel', () => {
  it('When the 校园卡 tab is used in Chromium, then it lists the cards, swipes one at a POS, claims at a kiosk and switches the outage, with no script error', async () => {
    await card.transfer({ cardNo: '2021110001', amountFen: 5000, serialNo: serial() })
    const browser = await launchChromium()
    try {
      const page = await browser.newPage()
      const errors: string[] = []
      page.on('pageerror', (e) => errors.push(String(e)))
      await page.goto(`${emu.url}/console#card`)
      await page.waitForFunction(() => document.querySelector('#card-accounts')?.textContent?.includes('F000999'))
      expect(await page.textContent('#card-accounts')).toContain('122.8250.00')
      await page.selectOption('#card-pick', '2021110001')
      await page.fill('#card-amount', '12.5')
      await page.click('#card-swipe')
      await expect.poll(() => sim.account('2021110001')).toMatchObject({ balanceFen: 12282 + 5000 - 1250, pendingFen: 0 })
      await page.waitForFunction(() => document.querySelector('#card-ledger')?.textContent?.includes('-12.50'))
      await card.transfer({ cardNo: '2021110001', amountFen: 1000, serialNo: serial() })
      await page.click('#card-claim')
      await expect.poll(() => sim.account('2021110001')!.pendingFen).toBe(0)
      await page.selectOption('#card-outage', 'http503')
      await expect.poll(() => sim.settings().outage).toBe('http503')
      expect(await page.textContent('#card-accounts')).not.toContain('不一致')
      expect(errors).toEqual([])
    } finally {
      await browser.close()
    }
  })
})

describe('statements and loss reports', () => {
  it('When a month is read, then it lists that month’s lines newest first with income and expense; the previous month has the seeded meals', async () => {
    const s = serial()
    await card.transfer({ cardNo: '2021110001', amountFen: 5000, serialNo: s })
    sim.swipe('2021110001', 800)
    const month = shanghai(Date.now()).format('YYYY-MM')
    const r = await card.transactions('2021110001', month)
    if (r.status !== 'ok') throw new Error(JSON.stringify(r))
    const expected = sim.ledger('2021110001').filter((l) => l.month === month)
    expect(r.value.items.map((i) => i.id)).toEqual(expected.map((l) => l.id).reverse())
    expect(r.value.items.slice(0, 3).map((i) => i.kind)).toEqual(['pos', 'claim', 'transfer'])
    expect(r.value.incomeFen).toBe(expected.filter((l) => l.amountFen > 0).reduce((a, l) => a + l.amountFen, 0))
    expect(r.value.expenseFen).toBe(-expected.filter((l) => l.amountFen < 0).reduce((a, l) => a + l.amountFen, 0))
    const previous = shanghai(Date.now()).subtract(1, 'month').format('YYYY-MM')
    const p = await card.transactions('2021110001', previous)
    expect(p.status === 'ok' && p.value.items.length).toBeGreaterThan(0)
    const far = await card.transactions('2021110001', '2001-01')
    expect(far).toMatchObject({ status: 'ok', value: { items: [], incomeFen: 0, expenseFen: 0 } })
  })

  it('When the month is not YYYY-MM, then the platform refuses the request', async () => {
    expect(await card.transactions('2021110001', '2026-13')).toEqual(refusal('BAD_REQUEST'))
  })

  it('When a card is reported lost, then the query password is needed, the card shows 已挂失, a second report is refused and top-ups are refused', async () => {
    expect(await card.reportLost({ cardNo: '2022110002', queryPassword: '000000' })).toEqual(refusal('QUERY_PASSWORD_WRONG'))
    expect(sim.account('2022110002')!.status).toBe('normal')
    const r = await card.reportLost({ cardNo: '2022110002', queryPassword: '123456' })
    expect(r).toMatchObject({ status: 'ok', value: { cardNo: '2022110002' } })
    expect(await card.account('2022110002')).toMatchObject({ value: { status: 'lost', pendingFen: 300 } })
    expect(await card.reportLost({ cardNo: '2022110002', queryPassword: '123456' })).toEqual(refusal('ALREADY_LOST'))
    expect(await card.transfer({ cardNo: '2022110002', amountFen: 1000, serialNo: serial() })).toEqual(refusal('ACCOUNT_LOST'))
    expect(sim.swipe('2022110002', 100)).toMatchObject({ ok: false, code: 'ACCOUNT_LOST' })
  })
})

describe('the ledger invariant', () => {
  /** mulberry32: a small seeded PRNG, so a failure replays. */
  function prng(seed: number) {
    let a = seed >>> 0
    return () => {
      a = (a + 0x6d2b79f5) >>> 0
      let t = a
      t = Math.imul(t ^ (t >>> 15), t | 1)
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296
    }
  }

  it('When 300 random operations run (top-ups with repeated serials, outages with lost answers, swipes, kiosk claims, losses and unfreezing), then after each every account’s balance + pending equals its ledger and every serial landed at most once', async () => {
    const rand = prng(20261206)
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]
    sim.configure({ dailyLimitFen: 10_000_000 })
    const cards = sim.accounts().map((a) => a.cardNo)
    const start = new Map(sim.accounts().map((a) => [a.cardNo, a.balanceFen + a.pendingFen]))
    /** serial → the top-up we asked for; `landed` once the adapter said ok. */
    const topups = new Map<string, { cardNo: string; amountFen: number; landed: boolean }>()
    const spent = new Map<string, number>()
    for (let i = 0; i < 300; i++) {
      const r = rand()
      const cardNo = pick(cards)
      if (r < 0.4) {
        const known = [...topups.entries()]
        const retry = known.length && rand() < 0.35 ? pick(known) : null
        const s = retry ? retry[0] : `P${i}`
        const t = retry ? retry[1] : { cardNo, amountFen: pick([1000, 2000, 5000, 10000, 100]), landed: false }
        topups.set(s, t)
        const out = await card.transfer({ cardNo: t.cardNo, amountFen: t.amountFen, serialNo: s })
        if (out.status === 'ok') {
          expect(out.value.outcome).toBe(t.landed ? 'duplicate' : out.value.outcome)
          t.landed = true
        }
      } else if (r < 0.6) {
        const res = sim.swipe(cardNo, pick([0, 300, 650, 1200, 2400, 99999]))
        if (res.ok) spent.set(cardNo, (spent.get(cardNo) ?? 0) + res.spentFen)
      } else if (r < 0.7) {
        sim.kioskClaim(cardNo, pick(['123456', '135790', '000000']))
      } else if (r < 0.8) {
        sim.outage(pick(['off', 'off', 'http503', 'lostAnswer'] as const))
      } else if (r < 0.86) {
        await card.reportLost({ cardNo, queryPassword: pick(['123456', '802315']) })
      } else if (r < 0.92) {
        if (sim.account(cardNo)!.status !== 'closed') sim.setStatus(cardNo, 'normal')
      } else {
        await card.account(cardNo)
      }
      for (const c of cards) expect(sim.check(c), `after operation ${i}`).toMatchObject({ ok: true })
    }
    sim.outage(false)
    // Every serial is on the platform at most once; every one the adapter confirmed is there.
    for (const [s, t] of topups) {
      const lines = sim.ledger(t.cardNo).filter((l) => l.serialNo === s)
      expect(lines.length).toBeLessThanOrEqual(1)
      if (t.landed) expect(lines).toHaveLength(1)
    }
    // Money: what each card holds = what it started with + what landed − what was spent.
    for (const c of cards) {
      const landed = sim.ledger(c).filter((l) => l.kind === 'transfer' && l.serialNo?.startsWith('P')).reduce((a, l) => a + l.amountFen, 0)
      const a = sim.account(c)!
      expect(a.balanceFen + a.pendingFen).toBe(start.get(c)! + landed - (spent.get(c) ?? 0))
    }
    // Retrying every serial now settles them all: each is then on the platform exactly once.
    for (const [s, t] of topups) {
      const out = await card.transfer({ cardNo: t.cardNo, amountFen: t.amountFen, serialNo: s })
      if (out.status === 'ok') expect(sim.ledger(t.cardNo).filter((l) => l.serialNo === s)).toHaveLength(1)
      else expect(out.status).toBe('refused')
    }
    // The platform's reconciliation of each day lists exactly the serials that landed that day.
    const lines = cards.flatMap((c) => sim.ledger(c)).filter((l) => l.kind === 'transfer' && l.serialNo?.startsWith('P'))
    for (const day of new Set(lines.map((l) => shanghai(l.at).format('YYYY-MM-DD')))) {
      const r = await card.reconciliation(day)
      if (r.status !== 'ok') throw new Error(JSON.stringify(r))
      const expected = lines.filter((l) => shanghai(l.at).format('YYYY-MM-DD') === day)
      expect(r.value.items.map((i) => i.serialNo).sort()).toEqual(expected.map((l) => l.serialNo).sort())
      expect(r.value.totalFen).toBe(expected.reduce((a, l) => a + l.amountFen, 0))
    }
    expect(topups.size).toBeGreaterThan(50)
  })
})
