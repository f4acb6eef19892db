// WeChat open APIs through the real wx-server-sdk (cloud.openapi).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server'
import { openapiRefuseSubscribe, subscribeOutbox } from '../../emulator/openapi'
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

  it('When a mini program code is requested for a scene, then a real PNG comes back', async () => {
    const r = await cloud.openapi.wxacode.getUnlimited({ scene: 'lane=A1-in' })
    expect(r.contentType).toBe('image/png')
    expect(Buffer.from(r.buffer).subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a')
  })

  it('When the scene is longer than 32 characters, then WeChat’s error comes back', async () => {
    await expect(cloud.openapi.wxacode.getUnlimited({ scene: 'x'.repeat(33) })).rejects.toMatchObject({ errCode: 40169 })
  })
})
