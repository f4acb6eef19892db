// WeChat open APIs through the real wx-server-sdk (cloud.openapi).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server'
import { openapi, openapiRefuseSubscribe, subscribeOutbox } from '../../emulator/openapi'
import { startTestEmulator, useSdk } from '../support/emulator'

let emu: Emulator
let cloud: any

beforeAll(async () => {
  emu = await startTestEmulator()
  cloud = useSdk(emu, 'o-driver')
})
afterAll(async () => {
  await emu?.close()
})

describe('openapi', () => {
  it('When a subscribe message is sent, then WeChat answers ok and it is in the outbox', async () => {
    const r = await cloud.openapi.subscribeMessage.send({
      touser: 'o-driver',
      templateId: 'TPL-PERMIT-RESULT',
      page: 'pages/home/index',
      data: { thing1: { value: '车证审核通过' }, time2: { value: '2026-11-23 10:00' } },
    })
    expect(r.errCode).toBe(0)
    expect(subscribeOutbox(emu)[0]).toMatchObject({
      touser: 'o-driver',
      templateId: 'TPL-PERMIT-RESULT',
      page: 'pages/home/index',
      data: { thing1: { value: '车证审核通过' } },
      status: 'sent',
    })
  })

  it('When the user has not consented, then the send fails with 43101', async () => {
    openapiRefuseSubscribe(emu, 'o-shy')
    await expect(
      cloud.openapi.subscribeMessage.send({ touser: 'o-shy', templateId: 'T', data: { thing1: { value: 'x' } } }),
    ).rejects.toMatchObject({ errCode: 43101 })
    expect(subscribeOutbox(emu)[0]).toMatchObject({ touser: 'o-shy', status: 'refused' })
  })

  it('When the console marks a user as not subscribed and back, then sends answer 43101 and then ok again', async () => {
    const toggle = (refuse: boolean) =>
      fetch(`${emu.url}/console/api/subscribe/refuse`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ openid: 'o-toggle', refuse }),
      })
    const send = () => cloud.openapi.subscribeMessage.send({ touser: 'o-toggle', templateId: 'T2', data: { thing1: { value: '缴费成功' } } })
    expect((await toggle(true)).status).toBe(200)
    expect(openapi(emu).refusals()).toContain('o-toggle')
    await expect(send()).rejects.toMatchObject({ errCode: 43101 })
    await toggle(false)
    expect((await send()).errCode).toBe(0)
    const listed = await (await fetch(`${emu.url}/console/api/subscribe`)).json()
    expect(listed.messages.slice(0, 2).map((m: any) => m.status)).toEqual(['sent', 'refused'])
    expect(listed.refusals).not.toContain('o-toggle')
  })

  it('When a mini program code is requested for a scene, then a real PNG comes back', async () => {
    const r = await cloud.openapi.wxacode.getUnlimited({ scene: 'lane=A1-in' })
    expect(r.contentType).toBe('image/png')
    const png = Buffer.from(r.buffer)
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a')
    // IHDR: a square image of the requested width.
    expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR')
    expect(png.readUInt32BE(16)).toBe(png.readUInt32BE(20))
    expect(png.readUInt32BE(16)).toBe(430)
  })

  it('When the scene is longer than 32 characters, then WeChat’s error comes back', async () => {
    await expect(cloud.openapi.wxacode.getUnlimited({ scene: 'x'.repeat(33) })).rejects.toMatchObject({ errCode: 40169 })
  })
})
