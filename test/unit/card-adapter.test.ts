// The campus-card adapter against a stand-in gateway that answers what a
// faulty platform might: a SUCCESS for another card or amount than asked is
// a serial conflict, never a credit; and the endpoint must be https unless
// it is a loopback host (the emulator).
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { account, transfer } from '../../cloudfunctions/_shared/campus-card'

let server: http.Server
let reply: (params: any) => unknown = () => ({ code: 'SUCCESS' })
let base = ''
const saved = { ...process.env }

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'))
      res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify(reply(JSON.parse(body.biz_content))))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/card`
  process.env.CARD_APP_KEY = 'test-app'
  process.env.CARD_APP_SECRET = 'test-secret'
  process.env.CARD_TIMEOUT_MS = '2000'
  vi.spyOn(console, 'error').mockImplementation(() => {})
})
afterEach(() => {
  process.env.CARD_ENDPOINT = base
})
afterAll(async () => {
  process.env = saved
  vi.restoreAllMocks()
  await new Promise((resolve) => server.close(resolve))
})

describe('transfer answers', () => {
  it('When the platform answers SUCCESS for another card or amount than asked, then it is a serial conflict, not a credit', async () => {
    process.env.CARD_ENDPOINT = base
    const held = (p: any, cardNo: string, amountFen: number) => ({ code: 'SUCCESS', data: { serialNo: p.serialNo, platformSerial: 'P1', cardNo, amountFen, at: 1 } })
    reply = (p) => held(p, '2021110001', p.amountFen)
    expect(await transfer({ cardNo: '999', amountFen: 1000, serialNo: 'C1' })).toMatchObject({ status: 'refused', code: 'SERIAL_CONFLICT' })
    reply = (p) => held(p, p.cardNo, 100)
    expect(await transfer({ cardNo: '999', amountFen: 1000, serialNo: 'C2' })).toMatchObject({ status: 'refused', code: 'SERIAL_CONFLICT' })
    reply = (p) => held(p, p.cardNo, p.amountFen)
    expect(await transfer({ cardNo: '999', amountFen: 1000, serialNo: 'C3' })).toMatchObject({ status: 'ok', value: { outcome: 'credited', cardNo: '999', amountFen: 1000 } })
  })

  it('When the card\'s daily limit is reached, then it is its own refusal (it clears the next day), not over the limit', async () => {
    process.env.CARD_ENDPOINT = base
    reply = () => ({ code: 'DAILY_LIMIT_EXCEEDED', msg: '超过当日限额' })
    expect(await transfer({ cardNo: '999', amountFen: 1000, serialNo: 'C4' })).toMatchObject({ status: 'refused', code: 'DAILY_LIMIT_EXCEEDED' })
  })
})

describe('CARD_ENDPOINT', () => {
  it.each(['http://card.example.edu.cn/api', 'http://10.0.0.8:8080', 'http://127.0.0.1.example.com/x', 'ftp://127.0.0.1/x', 'not a url'])(
    'When it is %s, then every call refuses it as a configuration error (nothing is sent)',
    async (endpoint) => {
      process.env.CARD_ENDPOINT = endpoint
      await expect(account('999')).rejects.toThrow(/CARD_ENDPOINT/)
    },
  )

  it('When it is https or plain http on a loopback host, then it is used', async () => {
    reply = () => ({ code: 'SUCCESS', data: { cardNo: '999', name: '王芳', kind: 'visitor', status: 'normal', balanceFen: 1, pendingFen: 0 } })
    expect((await account('999')).status).toBe('ok')
    // localhost may resolve to ::1, where nothing listens: accepted as configuration either way.
    process.env.CARD_ENDPOINT = base.replace('127.0.0.1', 'localhost')
    expect(['ok', 'unavailable']).toContain((await account('999')).status)
    // https to a host that does not answer: accepted as configuration, unavailable as a call.
    process.env.CARD_ENDPOINT = 'https://127.0.0.1:1/card'
    expect((await account('999')).status).toBe('unavailable')
  })
})
