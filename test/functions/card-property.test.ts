// 校园一卡通's money under random operations (issue 14): top-ups with
// duplicated, late and lost notices, platform outages (down, or done with the
// answer lost), POS swipes, kiosk claims, loss reports and unfreezing, sweeps
// and long stretches of time, interleaved at random from a seed — and after
// every operation the money is checked: paid = credited + refunded + in
// flight, no order credited twice or both credited and refunded, every status
// agreeing with the platform's books and WeChat Pay's, and each card's pending
// + balance equal to its ledger. Then everything is let settle and nothing is
// left in flight.
//
// Each operation is a real function call, notice or sweep run through the
// emulator; the check reads the books in bulk (one read each of the top-ups,
// WeChat Pay's orders and refunds, and the platform's ledger), so a step costs
// the same early and late. The suite runs CARD_PROPERTY_OPS (default 500);
// `CARD_PROPERTY_OPS=10000 npx vitest run test/functions/card-property.test.ts`
// is the 10,000 (a few minutes; CARD_PROPERTY_SEED picks another run).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server'
import { browse, seedDocuments } from '../../emulator/database'
import { payments } from '../../emulator/pay'
import { advanceClock } from '../../emulator/functions/triggers'
import { cardPlatform } from '../../emulator/card/simulator'
import { CARD_SETTINGS } from '../../database/seed-card'
import { startTestEmulator } from '../support/emulator'
import { as, ok, type Call } from '../support/functions'
import { at } from '../support/parking'

let emu: Emulator
const NOW = at('2026-12-07 10:00')
const MIN = 60_000

const pay = () => payments(emu)
const card = () => cardPlatform(emu)
const all = (name: string) => browse(emu, name, { limit: 100_000 }) as any[]

let n = 0
/** Binds a fresh account to `cardNo` (the simulator's seeded cards, 查询密码 123456). */
async function holder(cardNo: string, name: string) {
  const me = as(emu, `o-card-property-${++n}`)
  ok(await me('card', 'bind', { name, cardNo, queryPassword: '123456' }))
  return { call: me satisfies Call }
}

beforeAll(async () => {
  emu = await startTestEmulator()
  emu.clock.set(NOW)
  pay().setAutoRefund(false)
  seedDocuments(emu, {
    // An uncreditable top-up is refunded an hour after payment here (3 days in the seed).
    settings: [{ _id: 'card', settings: { ...CARD_SETTINGS, creditDeadlineMinutes: 60 }, updatedAt: NOW }],
  })
  card().reset()
})
afterAll(async () => {
  await emu?.close()
})

describe('money integrity under random operations', () => {
  const OPS = Number(process.env.CARD_PROPERTY_OPS) || 500
  const SEED = Number(process.env.CARD_PROPERTY_SEED) || 20261207

  function mulberry32(a: number) {
    return () => {
      a |= 0
      a = (a + 0x6d2b79f5) | 0
      let t = Math.imul(a ^ (a >>> 15), 1 | a)
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296
    }
  }

  it(`When ${OPS} random top-ups, duplicated / late / lost notices, outages, POS swipes, kiosk claims and loss reports interleave, then after each: paid = credited + refunded + in flight, nothing credited twice or both credited and refunded, and the platform's pending + balance equal its ledger`, async () => {
    const rand = mulberry32(SEED)
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]
    const CARDS = [
      ['2021110001', '张伟'],
      ['2022110002', '李娜'],
      ['T2015023', '赵敏'],
    ] as const
    const holders = [] as Array<{ call: Call; cardNo: string }>
    for (const [cardNo, name] of CARDS) holders.push({ ...(await holder(cardNo, name)), cardNo })
    const ids: string[] = []
    const log: string[] = []

    /** The books in bulk: our top-ups, WeChat Pay's orders and refunds, and the platform's transfer lines of ours. */
    const books = () => {
      const mine = new Set(ids)
      const orders = new Map(pay().orders().filter((o) => mine.has(o.outTradeNo)).map((o) => [o.outTradeNo, o]))
      return { mine, orders }
    }
    let state = books()
    const check = (step: string) => {
      state = books()
      const { mine, orders } = state
      const topupsById = new Map(all('card_topups').filter((t) => mine.has(t._id)).map((t) => [t._id, t]))
      const lines = CARDS.flatMap(([c]) => card().ledger(c)).filter((l) => l.kind === 'transfer' && l.serialNo && mine.has(l.serialNo))
      const onLedger = new Map<string, number>()
      for (const l of lines) {
        expect(onLedger.has(l.serialNo!), `${step}: ${l.serialNo} credited twice`).toBe(false)
        onLedger.set(l.serialNo!, l.amountFen)
      }
      const refunds = pay().refunds().filter((r) => mine.has(r.outTradeNo))
      const refundedBy = new Map<string, number>()
      for (const r of refunds) refundedBy.set(r.outTradeNo, (refundedBy.get(r.outTradeNo) ?? 0) + r.refundFee)
      let paid = 0
      let credited = 0
      let refunded = 0
      let inFlight = 0
      for (const id of ids) {
        const o = orders.get(id)
        const t = topupsById.get(id)!
        const isPaid = !!o && (o.state === 'SUCCESS' || o.state === 'REFUND')
        if (onLedger.has(id)) {
          expect(isPaid, `${step}: ${id} credited without a payment`).toBe(true)
          expect(onLedger.get(id), `${step}: ${id} credited another amount`).toBe(t.amountFen)
          expect(refundedBy.has(id), `${step}: ${id} both credited and refunded`).toBe(false)
          expect(['PAID', 'CREDITED', 'CLAIMED'], `${step}: ${id} on the platform but ${t.status}`).toContain(t.status)
        }
        if (['CREDITED', 'CLAIMED'].includes(t.status)) expect(onLedger.has(id), `${step}: ${id} ${t.status} but not on the platform`).toBe(true)
        if (t.status === 'REFUNDED') expect(refundedBy.get(id), `${step}: ${id} 已退款 without its refund`).toBe(t.amountFen)
        if (refundedBy.has(id)) expect(['REFUNDING', 'REFUNDED'], `${step}: ${id} refunded while ${t.status}`).toContain(t.status)
        if (!isPaid) continue
        paid += o!.totalFee
        if (onLedger.has(id)) credited += t.amountFen
        else if (refundedBy.has(id)) refunded += refundedBy.get(id)!
        else {
          expect(['AWAITING_PAYMENT', 'CLOSED', 'PAID', 'REFUNDING'], `${step}: ${id} paid, neither credited nor refunded, but ${t.status}`).toContain(t.status)
          inFlight += t.amountFen
        }
      }
      expect(paid, step).toBe(credited + refunded + inFlight)
      for (const [c] of CARDS) expect(card().check(c).ok, `${step}: ${c} ledger`).toBe(true)
      return { paid, credited, refunded, inFlight }
    }

    // What the operations choose from, as the last check read the orders (an order placed since is not yet payable here: harmless).
    const open = () => ids.filter((id) => state.orders.get(id)?.state === 'NOTPAY')
    const paidIds = () => ids.filter((id) => ['SUCCESS', 'REFUND'].includes(state.orders.get(id)?.state ?? ''))
    const ops: Array<[number, () => Promise<string | null>]> = [
      [5, async () => {
        const h = pick(holders)
        const r = await h.call('card', 'topUp', { card: 'mine', amountFen: (1 + Math.floor(rand() * 5)) * 100, consent: true })
        emu.clock.set(emu.clock.now() + 1000)
        if (!r.ok) return `topUp-refused:${r.error.code}`
        ids.push((r.data as any).orderId)
        return `topUp ${(r.data as any).orderId}`
      }],
      [8, async () => {
        const id = open().length ? pick(open()) : null
        if (!id) return null
        const mode = pick(['notice', 'lost', 'repeated'] as const)
        await pay().settle(id, { deliver: mode !== 'lost' })
        if (mode === 'repeated') await Promise.all([pay().redeliver(id), pay().redeliver(id)])
        return `pay ${id} (${mode})`
      }],
      [2, async () => {
        const id = paidIds().length ? pick(paidIds()) : null
        if (!id) return null
        await pay().redeliver(id)
        return `late notice ${id}`
      }],
      [3, async () => {
        await advanceClock(emu, pick([MIN, 2 * MIN, 5 * MIN]))
        return 'sweep'
      }],
      [2, async () => {
        const mode = pick(['off', 'off', 'off', 'off', 'http503', 'lostAnswer'] as const)
        card().outage(mode)
        return `outage ${mode}`
      }],
      [2, async () => {
        const [c] = pick(CARDS)
        card().swipe(c, Math.floor(rand() * 300))
        return `swipe ${c}`
      }],
      [1, async () => {
        const [c] = pick(CARDS)
        card().kioskClaim(c, '123456')
        return `kiosk ${c}`
      }],
      [2, async () => {
        const h = pick(holders)
        const lost = card().account(h.cardNo)!.status === 'lost'
        if (lost) card().setStatus(h.cardNo, 'normal')
        else await h.call('card', 'reportLost', { queryPassword: '123456' })
        return lost ? `unfreeze ${h.cardNo}` : `report lost ${h.cardNo}`
      }],
      [2, async () => {
        const r = pay().refunds().find((x) => ids.includes(x.outTradeNo) && x.state === 'PROCESSING')
        if (!r) return null
        await pay().settleRefund(r.outRefundNo)
        return `refund ${r.outRefundNo}`
      }],
      [1, async () => {
        // A long stretch: deadlines pass, unpaid orders close.
        emu.clock.set(emu.clock.now() + 40 * MIN)
        await advanceClock(emu, MIN)
        return 'time passes'
      }],
    ]
    const weight = ops.reduce((s, [w]) => s + w, 0)
    for (let i = 0; i < OPS; i++) {
      let r = rand() * weight
      const [, op] = ops.find(([w]) => (r -= w) < 0) ?? ops[0]
      const did = await op()
      if (did) log.push(did)
      check(`op ${i}: ${did ?? 'nothing'} (after ${log.slice(-5).join(' → ')})`)
      if ((i + 1) % 1000 === 0) console.info(`[card property] ${i + 1} of ${OPS} operations checked`)
    }

    // Everything settles: the platform back, cards unfrozen, refunds confirmed, time enough for every retry.
    card().outage(false)
    for (const [c] of CARDS) if (card().account(c)!.status !== 'normal') card().setStatus(c, 'normal')
    for (let round = 0; round < 5; round++) {
      emu.clock.set(emu.clock.now() + 61 * MIN)
      await advanceClock(emu, MIN)
      for (const r of pay().refunds().filter((x) => ids.includes(x.outTradeNo) && x.state === 'PROCESSING')) await pay().settleRefund(r.outRefundNo)
    }
    const end = check('drained')
    expect(end.inFlight).toBe(0)
    expect(end.paid).toBe(end.credited + end.refunded)
    const counts = log.reduce<Record<string, number>>((c, l) => ((c[l.split(' ')[0]] = (c[l.split(' ')[0]] ?? 0) + 1), c), {})
    console.info(`[card property] ${OPS} operations, seed ${SEED}:`, JSON.stringify(counts), JSON.stringify(end))
    expect(ids.length).toBeGreaterThan(5)
  }, Math.max(600_000, OPS * 150))
})
