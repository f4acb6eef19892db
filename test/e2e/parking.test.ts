// Parking fees in Chromium through the H5 build, with the lot simulator
// standing in for the garage's cameras and barriers (issue 10, seed 001 §2.2
// and §2.4). The emulator clock moves the stays on; every figure below is the
// garage's rule (database/seed-parking.ts GARAGE_RULE: 30 minutes free, then
// the first 2 hours ¥6 from the 30th minute, then ¥3 an hour; a paid car may
// leave within 15 minutes).
//  - 周强's car enters; 首页 shows it under 当前停车 with what is due; its
//    bill takes a coupon (an unknown code is refused in the sheet in the
//    server's words); 支付 → the pay sheet → 支付成功 with 请于 HH:mm 前离场;
//    the exit barrier opens 10 minutes later; 我的交易记录 lists the payment.
//  - A second car is paid for through 缴费 by plate, then stays past the
//    grace period: the exit refuses it, and the bill scanned at the exit lane
//    charges only the hour begun after what was paid; paying opens the lane.
//  - 王老师's car has no plate: it enters by scanning the entry lane (a
//    temporary plate tied to his account) and leaves by scanning the exit.
//  - Another car without a plate leaves within the free minutes: the bill the
//    exit's QR opens has nothing to pay and offers 开闸出场, which lets it out.
import type { Page } from 'playwright-core'
import { afterAll, describe, expect, it } from 'vitest'
import { generateCouponCode } from '../../src/domain/parking/coupon'
import { shanghai } from '../../src/domain/time'
import { GARAGE_PARKING, LOT_IDS } from '../../database/seed-parking'
import { actAs, appUrl, callAs, open, phoneForFile, settled } from './browser'

let page: Page

phoneForFile((p) => (page = p))

const LOT = LOT_IDS.garage
const laneOf = (kind: 'entry' | 'exit') => GARAGE_PARKING.lanes.find((l) => l.kind === kind)!
const ENTRY = laneOf('entry')
const EXIT = laneOf('exit')

const DRIVER = 'o-driver-zhou'
const PLATELESS_DRIVER = 'o-host-wang' // gets no vehicle here: other suites rely on him having none
const OFFICE = 'o-reviewer-zhao'
const FIRST_CAR = '京NP2468' // added to 周强's 我的车辆, removed after this file
const SECOND_CAR = '京NQ1357' // nobody's vehicle: anyone may pay for it

interface Lane {
  barrier: 'up' | 'down'
  led: string[]
  waiting: { plate: string | null } | null
}
interface Gate {
  status: number
  body: { open: boolean; reason: string; led: string[]; amountFen: number }
  lane: Lane
}

async function post<T>(path: string, body: unknown): Promise<T> {
  const r = await fetch(`${appUrl()}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  expect(r.status, `${path}: ${await r.clone().text()}`).toBe(200)
  return (await r.json()) as T
}

/** The lot simulator: a car (plate, or null for none read) drives up to a garage lane. */
const arrive = async (laneId: string, plate: string | null) => (await post<{ result: Gate }>('/console/api/lot/arrive', { lotId: LOT, laneId, plate })).result

/** The lane's camera asks for commands: an `open` lets the car waiting there through. */
const heartbeat = async (laneId: string) =>
  (await post<{ result: { commands: Array<{ command: string }>; passed: { plate: string | null } | null; lane: Lane } }>('/console/api/lot/heartbeat', { lotId: LOT, laneId })).result

/** Moves the emulator clock on (the sweep runs at each minute on the way). */
const advance = (minutes: number) => post('/console/api/clock', { ms: minutes * 60_000 })

const clockNow = async () => ((await (await fetch(`${appUrl()}/console/api/clock`)).json()) as { now: number }).now

/** Calls a parking action as `openid` and returns its data. */
async function parking<T>(openid: string, action: string, input: unknown): Promise<T> {
  const r = (await callAs(openid, 'parking', { action, input })) as { ok: boolean; data: T; error?: { message: string } }
  expect(r.ok, r.error?.message).toBe(true)
  return r.data
}

/** 扫码开闸 on H5: the page opens the scanner at once, and the driver types what the lane's QR says. */
async function scanLane(qr: string) {
  page.once('dialog', (d) => void d.accept(qr))
  await open(page, '/packages/parking/pages/scan/index')
}

/** 支付 on the bill, then 确认支付 in the pay sheet: 支付成功. */
async function payBill(amount: string) {
  await expect.poll(() => page.getByTestId('bill-pay').textContent()).toBe('支付')
  await page.getByTestId('bill-pay').click()
  await page.getByTestId('sim-pay-confirm').waitFor()
  expect(await page.getByTestId('sim-pay-sheet').textContent()).toContain(amount)
  await page.getByTestId('sim-pay-confirm').click()
  await page.getByTestId('pay-success').waitFor()
  expect(await page.getByTestId('paid-amount').textContent()).toBe(amount)
}

afterAll(async () => {
  // 周强's 我的车辆 as other suites expect it.
  const listed = (await callAs(DRIVER, 'vehicle', { action: 'list', input: {} })) as { data?: { vehicles: Array<{ id: string; plate: string }> } }
  const added = listed.data?.vehicles.find((v) => v.plate === FIRST_CAR)
  if (added) await callAs(DRIVER, 'vehicle', { action: 'remove', input: { id: added.id } })
})

describe('停车缴费 (H5)', () => {
  it('When a driver’s car enters, then 首页 shows it under 当前停车, its bill takes a coupon, 支付 says by when to leave, and the exit opens within that time', async () => {
    expect(((await callAs(DRIVER, 'vehicle', { action: 'add', input: { plate: FIRST_CAR } })) as { ok: boolean }).ok).toBe(true)
    const entered = await arrive(ENTRY.id, FIRST_CAR)
    expect(entered.body.open).toBe(true)
    expect(entered.lane.barrier).toBe('up')
    await advance(35)

    actAs(page, DRIVER)
    await open(page, '/pages/home/index')
    const card = page.getByTestId('current-stay').filter({ hasText: '京N·P2468' })
    await expect.poll(() => card.getByTestId('current-amount').textContent()).toBe('¥6.00')
    expect(await card.getByTestId('current-duration').textContent()).toContain('已停 35 分钟')
    await card.getByTestId('current-pay').click()
    await settled(page)
    await expect.poll(() => page.getByTestId('bill-amount').textContent()).toBe('¥6.00')
    expect(await page.getByTestId('bill-duration').textContent()).toBe('35 分钟')
    expect(await page.getByTestId('bill-steps').textContent()).toContain('首 2 小时 ¥6.00')
    await page.getByTestId('rules-toggle').click()
    expect(await page.getByTestId('rule-from').textContent()).toBe('按入场时执行的收费规则（2020-01-01 起）')

    // 使用优惠券: a code nobody issued is refused in the sheet; the office's ¥2 coupon for this car applies.
    const now = await clockNow()
    const issued = await parking<{ codes: string[] }>(OFFICE, 'issueCoupons', {
      name: '周强的停车券',
      benefit: { kind: 'amount', fen: 200 },
      lotIds: [LOT],
      plate: FIRST_CAR,
      validFrom: now - 60_000,
      validUntil: now + 86_400_000,
      count: 1,
    })
    const unknown = generateCouponCode((n) => Uint8Array.from({ length: n }, (_, i) => (i * 7 + 3) & 0xff))
    await page.getByTestId('coupon-open').click()
    await page.getByTestId('coupon-input').locator('input').fill(unknown)
    await page.getByTestId('coupon-apply').click()
    await expect.poll(() => page.getByTestId('coupon-error').textContent()).toBe('优惠券不存在，请核对后重新输入')
    await page.getByTestId('coupon-input').locator('input').fill(issued.codes[0])
    await page.getByTestId('coupon-apply').click()
    await expect.poll(() => page.getByTestId('coupon-applied').textContent()).toBe('抵扣 ¥2.00')
    expect(await page.getByTestId('bill-amount').textContent()).toBe('¥4.00')

    await payBill('¥4.00')
    const [order] = (await parking<{ orders: Array<{ plateText: string; leaveBy: number | null }> }>(DRIVER, 'records', {})).orders.filter((o) => o.plateText === '京N·P2468')
    expect(order.leaveBy).not.toBeNull()
    expect(await page.getByTestId('leave-by').textContent()).toBe(`请于 ${shanghai(order.leaveBy!).format('HH:mm')} 前离场`)

    // 10 minutes later, within the 15-minute grace: the exit lane lets the car out.
    await advance(10)
    const exited = await arrive(EXIT.id, FIRST_CAR)
    expect(exited.body).toMatchObject({ open: true, reason: 'PAID' })
    expect(exited.lane.barrier).toBe('up')

    await page.getByTestId('pay-done').click()
    await settled(page)
    await page.getByTestId('home-default-plate').waitFor()
    await expect.poll(() => page.getByTestId('home-default-plate').textContent()).toContain('京N·P2468')
    expect(await card.count()).toBe(0) // it has left

    await open(page, '/pages/mine/index')
    // NutUI's Cell takes the tap (its title carries the test id).
    await page.locator('.nut-cell').filter({ has: page.getByTestId('mine-parking-records') }).click()
    await settled(page)
    const record = page.getByTestId('record-item').filter({ hasText: '京N·P2468' })
    await expect.poll(() => record.getByTestId('record-status').textContent()).toBe('已支付')
    expect(await record.getByTestId('record-amount').textContent()).toBe('¥4.00')
    expect(await record.getByTestId('record-coupon').textContent()).toBe('优惠券抵扣 ¥2.00')
  })

  it('When a car paid through 缴费 overstays the grace period, then the exit refuses it and its bill charges only the overstay, paid at the exit lane', async () => {
    expect((await arrive(ENTRY.id, SECOND_CAR)).body.open).toBe(true)
    await advance(35)

    // 缴费: the default plate (the first car, gone) finds nothing; another plate keyed in finds the car.
    actAs(page, DRIVER)
    await open(page, '/packages/parking/pages/pay/index')
    await page.getByTestId('lookup-empty').waitFor()
    expect(await page.getByTestId('lookup-empty').textContent()).toContain('未查询到在场车辆')
    await page.getByTestId('pay-plate').click()
    await page.getByTestId('plate-box-2').click()
    for (const k of ['Q', '1', '3', '5', '7']) await page.getByTestId(`plate-key-${k}`).click()
    await page.getByTestId('plate-confirm').click()
    const stay = page.getByTestId('stay-card').filter({ hasText: '京N·Q1357' })
    await expect.poll(() => stay.getByTestId('stay-amount').textContent()).toBe('待缴 ¥6.00')
    await stay.click()
    await settled(page)
    await expect.poll(() => page.getByTestId('bill-amount').textContent()).toBe('¥6.00')
    await payBill('¥6.00')

    // 2 hours later (past the 15 minutes, and into the hour after the first 2): the exit refuses the car.
    await advance(125)
    const refused = await arrive(EXIT.id, SECOND_CAR)
    expect(refused.body).toMatchObject({ open: false, reason: 'UNPAID', amountFen: 300 })
    expect(refused.lane.barrier).toBe('down')

    // The driver at the barrier scans the exit lane's QR: the bill is the overstay only.
    await scanLane(`lane:${EXIT.code}`)
    await expect.poll(() => page.getByTestId('bill-amount').textContent()).toBe('¥3.00')
    const steps = await page.getByTestId('bill-steps').textContent()
    expect(steps).toContain('已缴 ¥6.00')
    expect(steps).toContain('1 个计费单位（每 1 小时 ¥3.00）')
    await payBill('¥3.00')
    expect(await page.getByTestId('lane-opened').textContent()).toBe('道闸已开启，请尽快出场')

    const beat = await heartbeat(EXIT.id)
    expect(beat.passed).toEqual({ plate: SECOND_CAR })
    expect(beat.lane.barrier).toBe('up')
  })

  it('When a car without a plate scans the entry lane, then it enters with a temporary plate tied to the account, and scanning the exit lane bills and lets it out', async () => {
    const waiting = await arrive(ENTRY.id, null)
    expect(waiting.body).toMatchObject({ open: false, reason: 'NO_PLATE' })

    actAs(page, PLATELESS_DRIVER)
    await scanLane(`lane:${ENTRY.code}`)
    await expect.poll(() => page.getByTestId('lane-name').textContent()).toBe(`车道：${ENTRY.name} · ${ENTRY.place}`)
    expect(await page.getByTestId('entry-plate').count()).toBe(0) // no vehicles
    await page.getByTestId('entry-no-plate').click()
    await page.getByTestId('entry-confirm').click()
    await page.getByTestId('gate-opened').waitFor()
    const tempPlate = (await page.getByTestId('stay-plate').textContent())!
    expect(tempPlate).toMatch(/^临[2-9A-HJKMNP-TV-Z]{6}$/)
    expect(await page.getByTestId('temp-plate-note').textContent()).toContain('临时车牌已与您的微信账号绑定')
    const entered = await heartbeat(ENTRY.id)
    expect(entered.passed).toEqual({ plate: null })

    await advance(35)
    await open(page, '/pages/home/index')
    await expect.poll(() => page.getByTestId('current-stay').filter({ hasText: tempPlate }).getByTestId('current-amount').textContent()).toBe('¥6.00')

    expect((await arrive(EXIT.id, null)).body).toMatchObject({ open: false, reason: 'NO_PLATE' })
    await scanLane(`lane:${EXIT.code}`)
    await expect.poll(() => page.getByTestId('bill-amount').textContent()).toBe('¥6.00')
    expect(await page.getByTestId('stay-plate').textContent()).toBe(tempPlate)
    await payBill('¥6.00')
    expect(await page.getByTestId('lane-opened').textContent()).toBe('道闸已开启，请尽快出场')
    const left = await heartbeat(EXIT.id)
    expect(left.passed).toEqual({ plate: null })

    await page.getByTestId('pay-done').click()
    await settled(page)
    await page.getByTestId('home-default-plate').waitFor()
    await expect.poll(() => page.getByTestId('current-stay').count()).toBe(0)
  })

  it('When a car without a plate has nothing to pay at the exit, then the bill scanned there offers 开闸出场 and the exit lets it out', async () => {
    // 王老师 again: his first car without a plate has left, so a new one may enter.
    const driver = PLATELESS_DRIVER
    expect((await arrive(ENTRY.id, null)).body).toMatchObject({ open: false, reason: 'NO_PLATE' })
    await parking(driver, 'enter', { code: `lane:${ENTRY.code}`, plate: null })
    expect((await heartbeat(ENTRY.id)).passed).toEqual({ plate: null })
    await advance(10) // within the garage's 30 free minutes

    expect((await arrive(EXIT.id, null)).body).toMatchObject({ open: false, reason: 'NO_PLATE' })
    actAs(page, driver)
    await scanLane(`lane:${EXIT.code}`)
    await expect.poll(() => page.getByTestId('bill-nothing-due').textContent()).toBe('当前无需缴费')
    expect(await page.getByTestId('bill-pay').count()).toBe(0)
    await page.getByTestId('bill-exit').click()
    await page.getByTestId('exit-opened').waitFor()
    const left = await heartbeat(EXIT.id)
    expect(left.passed).toEqual({ plate: null })
    expect(left.lane.barrier).toBe('up')
  })
})
