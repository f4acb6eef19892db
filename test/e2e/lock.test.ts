// 锁车 in Chromium through the H5 build (issue 11, seed 001 §2.2 steps 16–18),
// with the lot simulator standing in for the garage's cameras and barriers:
// 孙丽 verifies a car (approved by the office through the API) and adds
// another she has not verified; 首页 → 锁车 lists both, the unverified one
// with 去认证 (which opens the verify page); 锁定车辆, confirmed, and the
// simulated exit lane refuses the car with 车辆已锁定 / 请联系车主; 解锁,
// confirmed, and the same lane lets it out.
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GARAGE_PARKING, LOT_IDS } from '../../database/seed-parking'
import { actAs, appUrl, callAs, open, phoneForFile, settled } from './browser'

let page: Page

phoneForFile((p) => (page = p))

const LOT = LOT_IDS.garage
const ENTRY = GARAGE_PARKING.lanes.find((l) => l.kind === 'entry')!
const EXIT = GARAGE_PARKING.lanes.find((l) => l.kind === 'exit')!

const DRIVER = 'o-driver-sun'
const REVIEWER = 'o-reviewer-zhao'
const CAR = '京NL7531' // verified by 孙丽 here; removed after this file
const CAR_SHOWN = '京N·L7531'
const UNVERIFIED = '京NL8642' // added, never verified; removed after this file
const UNVERIFIED_SHOWN = '京N·L8642'

interface Gate {
  body: { open: boolean; reason: string; led: string[] }
  lane: { barrier: 'up' | 'down' }
}

async function post<T>(path: string, body: unknown): Promise<T> {
  const r = await fetch(`${appUrl()}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  expect(r.status, `${path}: ${await r.clone().text()}`).toBe(200)
  return (await r.json()) as T
}

/** The lot simulator: the car drives up to a garage lane and its camera reads the plate. */
const arrive = async (laneId: string, plate: string) => (await post<{ result: Gate }>('/console/api/lot/arrive', { lotId: LOT, laneId, plate })).result

/** Calls a vehicle action as `openid` and returns its data. */
async function vehicle<T>(openid: string, action: string, input: unknown): Promise<T> {
  const r = (await callAs(openid, 'vehicle', { action, input })) as { ok: boolean; data: T; error?: { message: string } }
  expect(r.ok, r.error?.message).toBe(true)
  return r.data
}

type Listed = { vehicles: Array<{ id: string; plate: string }> }

const item = (shown: string) => page.getByTestId('lock-item').filter({ hasText: shown })

/** Opens 锁车 from 首页, as the seed's 寻车缴费 → 锁车. */
async function openLockPage() {
  actAs(page, DRIVER)
  await open(page, '/pages/home/index')
  await page.getByTestId('entry-parking-lock').click()
  await settled(page)
  await item(CAR_SHOWN).waitFor()
}

beforeAll(async () => {
  const added = await vehicle<Listed>(DRIVER, 'add', { plate: CAR })
  const id = added.vehicles.find((v) => v.plate === CAR)!.id
  await vehicle(DRIVER, 'verify', { id, proof: { license: 'cloud://local-dev.local-bucket/e2e/lock-license.png', ownerName: '孙丽' } })
  await vehicle(REVIEWER, 'approve', { id })
  await vehicle(DRIVER, 'add', { plate: UNVERIFIED })
})

afterAll(async () => {
  // 孙丽's 我的车辆 as other suites expect it (removing the verified car also ends any lock left on it).
  const listed = (await callAs(DRIVER, 'vehicle', { action: 'list', input: {} })) as { data?: Listed }
  for (const v of listed.data?.vehicles ?? []) if (v.plate === CAR || v.plate === UNVERIFIED) await callAs(DRIVER, 'vehicle', { action: 'remove', input: { id: v.id } })
})

describe('锁车 (H5)', () => {
  it('When the driver opens 锁车, then her verified car offers 锁定车辆 and the unverified one 去认证, which opens 车辆认证', async () => {
    await openLockPage()
    expect(await item(CAR_SHOWN).getByTestId('lock-state').textContent()).toBe('未锁定')
    expect(await item(CAR_SHOWN).getByTestId('lock-lock').textContent()).toBe('锁定车辆')
    expect(await item(UNVERIFIED_SHOWN).getByTestId('lock-state').textContent()).toBe('未认证')
    expect(await item(UNVERIFIED_SHOWN).getByTestId('lock-lock').count()).toBe(0)
    await item(UNVERIFIED_SHOWN).getByTestId('lock-verify').click()
    await settled(page)
    await expect.poll(() => page.url()).toContain('/packages/vehicle/pages/verify/index')
  })

  it('When she locks the car, then the exit lane refuses it with 车辆已锁定 / 请联系车主; when she unlocks it, then the same lane lets it out', async () => {
    const entered = await arrive(ENTRY.id, CAR)
    expect(entered.body.open).toBe(true)

    await openLockPage()
    // 锁定车辆 asks first; 取消 changes nothing.
    await item(CAR_SHOWN).getByTestId('lock-lock').click()
    expect(await page.getByTestId('lock-message').textContent()).toContain(`确定锁定 ${CAR_SHOWN}`)
    await page.getByTestId('lock-cancel').click()
    expect(await item(CAR_SHOWN).getByTestId('lock-state').textContent()).toBe('未锁定')
    await item(CAR_SHOWN).getByTestId('lock-lock').click()
    await page.getByTestId('lock-confirm').click()
    await expect.poll(() => item(CAR_SHOWN).getByTestId('lock-state').textContent()).toBe('已锁定')
    expect(await item(CAR_SHOWN).getByTestId('lock-since').textContent()).toContain('由您锁定')

    const refused = await arrive(EXIT.id, CAR)
    expect(refused.body).toMatchObject({ open: false, reason: 'LOCKED', led: [CAR_SHOWN, '车辆已锁定', '请联系车主'] })
    expect(refused.lane.barrier).toBe('down')

    await item(CAR_SHOWN).getByTestId('lock-unlock').click()
    expect(await page.getByTestId('lock-message').textContent()).toContain(`确定解锁 ${CAR_SHOWN}`)
    await page.getByTestId('lock-confirm').click()
    await expect.poll(() => item(CAR_SHOWN).getByTestId('lock-state').textContent()).toBe('未锁定')

    const left = await arrive(EXIT.id, CAR)
    expect(left.body.open).toBe(true)
    expect(left.lane.barrier).toBe('up')
  })
})
