// Tencent Cloud SMS through its real Node SDK, pointed at the emulator.
import { sms } from 'tencentcloud-sdk-nodejs-sms'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server'
import { smsFailNext, smsOutbox } from '../../emulator/sms'
import { startTestEmulator } from '../support/emulator'

let emu: Emulator
let client: InstanceType<typeof sms.v20210111.Client>
const send = (phone: string, params = ['123456', '5']) =>
  client.SendSms({ PhoneNumberSet: [phone], SmsSdkAppId: '1400000000', SignName: '校园停车', TemplateId: '100001', TemplateParamSet: params })

beforeAll(async () => {
  emu = await startTestEmulator()
  client = new sms.v20210111.Client({
    credential: { secretId: 'id', secretKey: 'key' },
    region: 'ap-guangzhou',
    profile: { httpProfile: { endpoint: `127.0.0.1:${emu.config.port}`, protocol: 'http://' } },
  })
})
afterAll(async () => {
  await emu?.close()
})

describe('SMS', () => {
  it('When a message is sent, then it is accepted and lands in the outbox', async () => {
    const r = await send('+8613912341234')
    expect(r.SendStatusSet?.[0]).toMatchObject({ PhoneNumber: '+8613912341234', Code: 'Ok', Fee: 1 })
    expect(smsOutbox(emu)[0]).toMatchObject({ phone: '+8613912341234', templateId: '100001', params: ['123456', '5'], signName: '校园停车' })
  })

  it('When the same content goes to the same number within 30 s, then it is refused for that number', async () => {
    const r = await send('+8613912341234')
    expect(r.SendStatusSet?.[0].Code).toBe('LimitExceeded.PhoneNumberThirtySecondLimit')
    expect(smsOutbox(emu)).toHaveLength(1)
    emu.clock.advance(31_000)
    expect((await send('+8613912341234')).SendStatusSet?.[0].Code).toBe('Ok')
    emu.clock.set(null)
  })

  it('When a required parameter is missing, then the SDK throws the API error', async () => {
    await expect(client.SendSms({ PhoneNumberSet: ['+8613912341234'], SmsSdkAppId: '1400000000' } as any)).rejects.toMatchObject({
      code: 'MissingParameter',
    })
  })

  it('When the provider fails, then the SDK throws its error, nothing is delivered, and the next send works', async () => {
    const before = smsOutbox(emu).length
    smsFailNext(emu, 1)
    await expect(send('+8618800001111')).rejects.toMatchObject({ code: 'FailedOperation.InsufficientBalanceInSmsPackage' })
    expect(smsOutbox(emu)).toHaveLength(before)
    expect((await send('+8618800001111')).SendStatusSet?.[0].Code).toBe('Ok')
  })
})
