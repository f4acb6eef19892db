// 车位预定 in Chromium through the H5 build (issue 12, seed 001 §2.3 and §2.1
// step 4), with the lot simulator standing in for the surface lot's sensors
// and barriers and the payment simulator for WeChat Pay. The surface lot
// (北京大学医学部) takes reservations with 预约缴费 (database/seed-parking.ts
// SURFACE_RESERVATIONS: ¥5 small / ¥10 large, a window 30 minutes either side
// of the arrival, 24 hours ahead).
//  - 孙丽 opens 车位查询 from 首页 and reads each lot's counts as the server
//    has them; 预定车位 on the surface lot: her default plate and verified
//    phone (masked) are filled in; she books the first half hour, sees ¥10 for
//    大型车 and pays ¥5 as 小型车 in the pay sheet → 预定成功; 我的预定 lists it
//    待入场; booking her car again is refused in place. Every free space of
//    the lot is then taken (车位查询 reads 0), a car without a reservation is
//    refused at the entry and hers is let in; after 100 minutes the bill of
//    缴费 deducts 预约费已付 ¥5.00, she pays the rest and the exit lets her out.
//  - A second booking, an hour and more ahead, is opened from 我的 → 我的预定;
//    取消预定 states the full refund before confirming and the reservation
//    ends 已退款.
//  - A third, left unpaid past its 10 minutes, reads 已超时 and frees its place.
// The suites share one emulator: this file sets the lot's settings it relies
// on, frees every space it filled and removes the vehicle it added.
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LOT_IDS, PKUHSC_PARKING, SURFACE_RESERVATIONS } from '../../database/seed-parking'
import { actAs, appUrl, callAs, confirmModal, open, phoneForFile, settled, smsOutbox } from './browser'

let page: Page

phoneForFile((p) => (page = p))

const LOT = LOT_IDS.surface
const ENTRY = PKUHSC_PARKING.lanes.find((l) => l.kind === 'entry')!
const EXIT = PKUHSC_PARKING.lanes.find((l) => l.kind === 'exit')!

const DRIVER = 'o-driver-sun' // 孙丽
const OFFICE = 'o-reviewer-zhao'
const CAR = '京NY3579' // added to 孙丽's 我的车辆 (her default), removed after this file
const CAR_SHOWN = '京N·Y3579'
const WALK_IN = '京NW8642' // nobody's: a car without a reservation
const PHONE = '13600136012'

interface Gate {
  body: { open: boolean; reason: string; led: string[] }
  lane: { barrier: 'up' | 'down' }
}

async function post<T>(path: string, body: unknown): Promise<T> {
  const r = await fetch(`${appUrl()}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  expect(r.status, `${path}: ${await r.clone().text()}`).toBe(200)
  return (await r.json()) as T
}

/** The lot simulator: a car drives up to a surface lane and its camera reads the plate. */
const arrive = async (laneId: string, plate: string) => (await post<{ result: Gate }>('/console/api/lot/arrive', { lotId: LOT, laneId, plate })).result

/** Moves the emulator clock on (the sweep runs at each minute on the way). */
const advance = (minutes: number) => post('/console/api/clock', { ms: minutes * 60_000 })

/** Calls an action as `openid` and returns its data. */
async function act<T>(openid: string, fn: string, action: string, input: unknown): Promise<T> {
  const r = (await callAs(openid, fn, { action, input })) as { ok: boolean; data: T; error?: { message: string } }
  expect(r.ok, `${fn}.${action}: ${r.error?.message}`).toBe(true)
  return r.data
}

type LotView = { id: string; capacity: number; free: number; quotaLeft: number }
const serverLots = async () => (await act<{ lots: LotView[] }>(DRIVER, 'reservation', 'lots', {})).lots

/** The surface lot's spaces no car stands in now (the database browser of the dev console). */
async function freeSpaces(): Promise<string[]> {
  const free: string[] = []
  for (let skip = 0; ; skip += 200) {
    const { documents } = (await (await fetch(`${appUrl()}/console/api/db/browse?name=spaces&skip=${skip}&limit=200`)).json()) as {
      documents: Array<{ lotId: string; number: string; occupied: boolean }>
    }
    free.push(...documents.filter((s) => s.lotId === LOT && !s.occupied).map((s) => s.number))
    if (documents.length < 200) return free
  }
}

/** The spaces this file filled with cars the sensors see, freed again after it. */
const filled: string[] = []

async function fillLot() {
  for (const space of await freeSpaces()) {
    await post('/console/api/lot/park', { lotId: LOT, space, plate: null })
    filled.push(space)
  }
}

async function freeFilled() {
  while (filled.length) await post('/console/api/lot/unpark', { lotId: LOT, space: filled.pop() })
}

/** 孙丽's verified phone, by the SMS code as a driver gets it. */
async function verifyPhone() {
  await act(DRIVER, 'phone', 'sendCode', { phone: PHONE })
  const code = (await smsOutbox()).find((m) => m.phone === `+86${PHONE}` && m.templateId === '2000001')!.params[0]
  await act(DRIVER, 'phone', 'verify', { phone: PHONE, code })
}

const mineItem = (window: string) => page.getByTestId('reservation-item').filter({ hasText: window })

beforeAll(async () => {
  // The lot takes reservations with the seed's fee, whatever another suite left.
  await act(OFFICE, 'reservation', 'setSettings', { lotId: LOT, settings: SURFACE_RESERVATIONS })
  await act(DRIVER, 'vehicle', 'add', { plate: CAR })
  await verifyPhone()
})

afterAll(async () => {
  await freeFilled()
  // 孙丽's reservations and 我的车辆 as other suites expect them: nothing of this file's left holding a place.
  const mine = (await callAs(DRIVER, 'reservation', { action: 'mine', input: {} })) as { data?: { reservations: Array<{ id: string; status: string }> } }
  for (const r of mine.data?.reservations ?? [])
    if (r.status === 'BOOKED' || r.status === 'AWAITING_PAYMENT') await callAs(DRIVER, 'reservation', { action: 'cancel', input: { reservationId: r.id } })
  const listed = (await callAs(DRIVER, 'vehicle', { action: 'list', input: {} })) as { data?: { vehicles: Array<{ id: string; plate: string }> } }
  for (const v of listed.data?.vehicles ?? []) if (v.plate === CAR) await callAs(DRIVER, 'vehicle', { action: 'remove', input: { id: v.id } })
})

/** On 预约缴费: 微信支付, then 确认支付 in the pay sheet showing `amount` → 预定成功. */
async function payReservation(amount: string) {
  await page.getByTestId('pay-submit').click()
  await page.getByTestId('sim-pay-confirm').waitFor()
  expect(await page.getByTestId('sim-pay-sheet').textContent()).toContain(amount)
  expect(await page.getByTestId('sim-pay-sheet').textContent()).toContain(`车位预定 ${CAR_SHOWN}`)
  await page.getByTestId('sim-pay-confirm').click()
  await page.getByTestId('book-success').waitFor()
  expect(await page.getByTestId('paid-amount').textContent()).toBe(amount)
}

describe('车位预定 (H5)', () => {
  it('When a driver books the surface lot with prepayment and comes while it is full, then her car is let in and the exit bill deducts the ¥5 paid', async () => {
    actAs(page, DRIVER)
    await open(page, '/pages/home/index')
    await page.getByTestId('entry-reservation').click()
    await settled(page)

    // 车位查询: each lot's 总车位 and 剩余车位, as the server counts them.
    const lots = await serverLots()
    const surface = page.locator(`[data-testid=lot-card][data-lot=${LOT}]`)
    await expect.poll(() => surface.getByTestId('lot-capacity').textContent()).toBe('120')
    const shownFree = Number(await surface.getByTestId('lot-free').textContent())
    expect(Math.abs(shownFree - lots.find((l) => l.id === LOT)!.free)).toBeLessThanOrEqual(1) // a car of another suite may have moved
    expect(await surface.getByTestId('lot-mode').textContent()).toBe('预约缴费 ¥5.00 起')
    expect(await surface.getByTestId('lot-quota-text').textContent()).toMatch(/^可预定 \d+ 个 · 24 小时内到场$/)
    const garage = page.locator(`[data-testid=lot-card][data-lot=${LOT_IDS.garage}]`)
    expect(await garage.getByTestId('lot-capacity').textContent()).toBe('600')
    expect(await garage.getByTestId('lot-mode').textContent()).toBe('免费预定')

    // 预定车位: the lot chosen, her default plate, the first half hour, her phone masked.
    await surface.getByTestId('lot-book').click()
    await settled(page)
    await expect.poll(() => page.getByTestId('book-lot-name').textContent()).toBe('北京大学医学部')
    await expect.poll(() => page.getByTestId('book-plate-value').textContent()).toBe(CAR_SHOWN)
    await expect.poll(() => page.getByTestId('book-phone').textContent()).toBe('136****6012')
    expect(await page.getByTestId('book-time-value').textContent()).toMatch(/^(今天|明天) \d{2}:(00|30)$/)
    expect(await page.getByTestId('book-fee').textContent()).toBe('¥5.00（小型车，可在支付时更改车辆类型）')
    expect(await page.getByTestId('book-terms').textContent()).toContain('请在预计到场时间前 30 分钟至后 30 分钟内入场')
    await page.getByTestId('book-remark').locator('input').fill('来医院复诊')
    await page.getByTestId('book-submit').click()

    // 预约缴费: 大型车 would be ¥10; she pays ¥5 as 小型车, within the time left.
    await settled(page)
    await expect.poll(() => page.getByTestId('pay-amount').textContent()).toBe('¥5.00')
    expect(await page.getByTestId('pay-left').textContent()).toMatch(/^请在 (09|10):\d{2} 内完成支付/)
    await page.getByTestId('pay-kind-large').click()
    expect(await page.getByTestId('pay-amount').textContent()).toBe('¥10.00')
    await page.getByTestId('pay-kind-small').click()
    expect(await page.getByTestId('pay-amount').textContent()).toBe('¥5.00')
    const window = (await page.getByTestId('pay-window').textContent())!.replace('入场时段 ', '')
    await payReservation('¥5.00')
    expect(await page.getByTestId('success-window').textContent()).toBe(`请于 ${window} 入场`)

    // 我的预定: 待入场, with the lot, plate, window and what was paid.
    await page.getByTestId('success-mine').click()
    await settled(page)
    const item = mineItem(window)
    await expect.poll(() => item.getByTestId('reservation-status').textContent()).toBe('待入场')
    expect(await item.getByTestId('reservation-lot').textContent()).toBe('北京大学医学部')
    expect(await item.getByTestId('reservation-plate').textContent()).toBe(CAR_SHOWN)
    expect(await item.getByTestId('reservation-fee').textContent()).toBe('预约费 已付 ¥5.00')

    // Her car has its booking: another for it is refused, in place, in the server's words.
    await open(page, `/packages/reservation/pages/book/index?lotId=${LOT}`)
    await expect.poll(() => page.getByTestId('book-plate-value').textContent()).toBe(CAR_SHOWN)
    await page.getByTestId('book-submit').click()
    await expect.poll(() => page.getByTestId('book-error').textContent()).toBe('该车辆已有待入场的预定')

    // A plate typed on the keyboard that is not in 我的车辆 is flagged before sending; her car's chip brings hers back.
    await page.getByTestId('book-plate').click()
    await page.getByTestId('plate-keyboard').waitFor()
    for (let i = 0; i < CAR.length; i++) await page.getByTestId('plate-delete').click()
    for (const k of ['京', 'A', 'B', '1', '2', '3', '4']) await page.getByTestId(`plate-key-${k}`).click()
    await page.getByTestId('plate-confirm').click()
    await page.getByTestId('plate-keyboard').waitFor({ state: 'detached' })
    expect(await page.getByTestId('book-plate-value').textContent()).toBe('京A·B1234')
    expect(await page.getByTestId('book-plate-hint').textContent()).toContain('只能为 我的车辆 中的车辆预定')
    await page.getByTestId('book-plate-option').filter({ hasText: CAR_SHOWN }).click()
    await expect.poll(() => page.getByTestId('book-plate-value').textContent()).toBe(CAR_SHOWN)
    expect(await page.getByTestId('book-plate-hint').count()).toBe(0)

    // Every free space taken: 车位查询 reads 0; a car without a reservation is refused, hers let in.
    await fillLot()
    expect(filled.length).toBeGreaterThan(0)
    await open(page, '/packages/reservation/pages/index/index')
    await expect.poll(() => surface.getByTestId('lot-free').textContent()).toBe('0')
    const walkIn = await arrive(ENTRY.id, WALK_IN)
    expect(walkIn.body, JSON.stringify(walkIn.body)).toMatchObject({ open: false, reason: 'FULL' })
    const entered = await arrive(ENTRY.id, CAR)
    expect(entered.body, JSON.stringify(entered.body)).toMatchObject({ open: true, reason: 'RESERVATION' })
    expect(entered.lane.barrier).toBe('up')
    await open(page, '/packages/reservation/pages/mine/index')
    await expect.poll(() => mineItem(window).getByTestId('reservation-status').textContent()).toBe('已入场')

    // 100 minutes later (85 billed after the free 15: the first hour and a unit): 缴费 finds her car by its default plate; the bill deducts the fee paid.
    await advance(100)
    await open(page, '/packages/parking/pages/pay/index')
    const stay = page.getByTestId('stay-card').filter({ hasText: CAR_SHOWN })
    await stay.waitFor()
    await stay.click()
    await settled(page)
    await page.getByTestId('bill-steps').waitFor()
    await expect.poll(() => page.getByTestId('bill-steps').textContent()).toContain('预约费已付 ¥5.00-¥5.00')
    const [current] = (await act<{ stays: Array<{ stayId: string; plateText: string }> }>(DRIVER, 'parking', 'current', {})).stays.filter((s) => s.plateText === CAR_SHOWN)
    const { bill } = await act<{ bill: { amountFen: number; prepaidFen: number } }>(DRIVER, 'parking', 'bill', { stayId: current.stayId })
    expect(bill.prepaidFen).toBe(500)
    const due = `¥${(bill.amountFen / 100).toFixed(2)}`
    expect(await page.getByTestId('bill-amount').textContent()).toBe(due)
    await page.getByTestId('bill-pay').click()
    await page.getByTestId('sim-pay-confirm').click()
    await page.getByTestId('pay-success').waitFor()
    expect(await page.getByTestId('paid-amount').textContent()).toBe(due)
    const left = await arrive(EXIT.id, CAR)
    expect(left.body).toMatchObject({ open: true, reason: 'PAID' })

    await freeFilled()
  })

  it('When she cancels a second booking before its window from 我的预定, then the confirm states the full refund and it ends 已退款', async () => {
    actAs(page, DRIVER)
    await open(page, `/packages/reservation/pages/book/index?lotId=${LOT}`)
    await expect.poll(() => page.getByTestId('book-plate-value').textContent()).toBe(CAR_SHOWN)
    // An arrival between 1 and 1.5 hours ahead: its window opens in 30 minutes or more.
    await page.getByTestId('book-time').click()
    await page.getByTestId('time-option').nth(2).click()
    await page.getByTestId('time-sheet').waitFor({ state: 'detached' })
    await page.getByTestId('book-submit').click()
    await settled(page)
    await expect.poll(() => page.getByTestId('pay-amount').textContent()).toBe('¥5.00')
    const window = (await page.getByTestId('pay-window').textContent())!.replace('入场时段 ', '')
    await payReservation('¥5.00')

    // 我的 → 我的预定 → 预定详情.
    await open(page, '/pages/mine/index')
    await page.locator('.nut-cell').filter({ has: page.getByTestId('mine-reservations') }).click()
    await settled(page)
    const item = mineItem(window)
    await expect.poll(() => item.getByTestId('reservation-status').textContent()).toBe('待入场')
    await item.click()
    await settled(page)
    await expect.poll(() => page.getByTestId('detail-status').textContent()).toBe('待入场')
    expect(await page.getByTestId('detail-window').textContent()).toBe(window)
    expect(await page.getByTestId('detail-fee').textContent()).toBe('已付 ¥5.00')

    // 取消预定 says what it does before she confirms.
    await page.getByTestId('detail-cancel').click()
    await expect.poll(() => page.locator('.taro-modal__text').last().textContent()).toBe('入场时段开始前取消，预约费 ¥5.00 将原路全额退回。')
    await confirmModal(page, '取消预定')
    await page.getByTestId('cancel-result').waitFor()
    expect(await page.getByTestId('cancel-result').textContent()).toMatch(/^已取消预定，预约费 ¥5\.00 (将|已)原路退回$/)
    await expect.poll(() => page.getByTestId('detail-status').textContent()).toBe('已退款')
    expect(await page.getByTestId('detail-refund').textContent()).toBe('已退款 ¥5.00，原路退回至微信支付账户')
    expect(await page.getByTestId('detail-cancel').count()).toBe(0)

    await open(page, '/packages/reservation/pages/mine/index')
    await expect.poll(() => mineItem(window).getByTestId('reservation-status').textContent()).toBe('已退款')
    expect(await mineItem(window).getByTestId('reservation-fee').textContent()).toBe('预约费 已付 ¥5.00，已退 ¥5.00')
  })

  it('When she leaves a booking unpaid past its 10 minutes, then 预约缴费 says 已超时 and its place is released', async () => {
    actAs(page, DRIVER)
    await open(page, `/packages/reservation/pages/book/index?lotId=${LOT}`)
    await expect.poll(() => page.getByTestId('book-plate-value').textContent()).toBe(CAR_SHOWN)
    await page.getByTestId('book-submit').click()
    await settled(page)
    await page.getByTestId('pay-left').waitFor()
    const id = decodeURIComponent(/[?&]id=([^&]+)/.exec(page.url())![1])
    const held = (await serverLots()).find((l) => l.id === LOT)!.quotaLeft

    await advance(11)
    await open(page, `/packages/reservation/pages/pay/index?id=${id}`)
    await page.getByTestId('pay-expired').waitFor()
    expect(await page.getByTestId('pay-expired').textContent()).toContain('已超时')
    expect(await page.getByTestId('pay-submit').count()).toBe(0)
    expect((await serverLots()).find((l) => l.id === LOT)!.quotaLeft).toBe(held + 1)
    const { reservation } = await act<{ reservation: { statusLabel: string } }>(DRIVER, 'reservation', 'detail', { reservationId: id })
    expect(reservation.statusLabel).toBe('已失效')
  })
})
