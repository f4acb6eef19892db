// Tencent Cloud SMS through its real Node SDK, pointed at the emulator.
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sms } from 'tencentcloud-sdk-nodejs-sms'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server'
import { sms as smsArea, smsFailNext, smsOutbox } from '../../emulator/sms'
import { startTestEmulator } from '../support/emulator'

let emu: Emulator
let client: InstanceType<typeof sms.v20210111.Client>
const send = (phone: string, params = ['123456', '5']) =>
  client.SendSms({ PhoneNumberSet: [phone], SmsSdkAppId: '1400000000', SignName: '校园停车', TemplateId: '100001', TemplateParamSet: params })

const clientFor = (e: Emulator) =>
  new sms.v20210111.Client({
    credential: { secretId: 'id', secretKey: 'key' },
    region: 'ap-guangzhou',
    profile: { httpProfile: { endpoint: `127.0.0.1:${e.config.port}`, protocol: 'http://' } },
  })
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sms-test-'))

beforeAll(async () => {
  emu = await startTestEmulator({ dataDir })
  client = clientFor(emu)
})
afterAll(async () => {
  await emu?.close()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('SMS', () => {
  it('When a message is sent, then it is accepted and lands in the outbox', async () => {
    const r = await send('+8613912341234')
    expect(r.SendStatusSet?.[0]).toMatchObject({ PhoneNumber: '+8613912341234', Code: 'Ok', Fee: 1 })
    expect(smsOutbox(emu)[0]).toMatchObject({ phone: '+8613912341234', templateId: '100001', params: ['123456', '5'], signName: '校园停车' })
  })

  it('When the same content goes to the same number within 30 s, then it is refused for that number', async () => {
    expect((await send('+8613955556666')).SendStatusSet?.[0].Code).toBe('Ok')
    const sent = smsOutbox(emu).length
    const r = await send('+8613955556666')
    expect(r.SendStatusSet?.[0].Code).toBe('LimitExceeded.PhoneNumberThirtySecondLimit')
    expect(smsOutbox(emu)).toHaveLength(sent)
    emu.clock.advance(31_000)
    expect((await send('+8613955556666')).SendStatusSet?.[0].Code).toBe('Ok')
    emu.clock.set(null)
  })

  it('When a required parameter is missing, then the SDK throws the API error', async () => {
    await expect(client.SendSms({ PhoneNumberSet: ['+8613912341234'], SmsSdkAppId: '1400000000' } as any)).rejects.toMatchObject({
      code: 'MissingParameter',
    })
  })

  it('When the sign name is missing for a mainland number, then the SDK throws MissingParameter', async () => {
    await expect(
      client.SendSms({ PhoneNumberSet: ['+8613912341234'], SmsSdkAppId: '1400000000', TemplateId: '100001', TemplateParamSet: ['1'] }),
    ).rejects.toMatchObject({ code: 'MissingParameter' })
  })

  it('When a request is not signed, then it is refused as an authentication failure', async () => {
    const r = await fetch(`${emu.url}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-tc-action': 'SendSms' },
      body: JSON.stringify({ PhoneNumberSet: ['+8613912341234'], SmsSdkAppId: '1', SignName: 's', TemplateId: '1' }),
    })
    expect((await r.json()).Response.Error.Code).toBe('AuthFailure.SignatureFailure')
  })

  it('When failures are injected through the console route, then that many sends fail with the chosen code', async () => {
    const before = smsArea(emu).outbox().length
    const r = await fetch(`${emu.url}/console/api/sms/fail-next`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ n: 2, code: 'LimitExceeded.DeliveryFrequencyLimit' }),
    })
    expect(r.status).toBe(200)
    expect(smsArea(emu).pendingFailures()).toBe(2)
    await expect(send('+8613700000001')).rejects.toMatchObject({ code: 'LimitExceeded.DeliveryFrequencyLimit' })
    await expect(send('+8613700000001')).rejects.toMatchObject({ code: 'LimitExceeded.DeliveryFrequencyLimit' })
    expect((await send('+8613700000001')).SendStatusSet?.[0].Code).toBe('Ok')
    expect(smsArea(emu).outbox()).toHaveLength(before + 1)
    const listed = await (await fetch(`${emu.url}/console/api/sms`)).json()
    expect(listed.messages[0]).toMatchObject({ phone: '+8613700000001', appId: '1400000000', signName: '校园停车', templateId: '100001' })
  })

  it('When one request names several numbers, then each gets its own status and outbox entry; a bare number is read as +86', async () => {
    const r = await client.SendSms({ PhoneNumberSet: ['13600000001', '+8613600000002'], SmsSdkAppId: '1400000000', SignName: '校园停车', TemplateId: '100009', TemplateParamSet: [] })
    expect(r.SendStatusSet?.map((s) => [s.PhoneNumber, s.Code, s.Fee, s.IsoCode])).toEqual([
      ['+8613600000001', 'Ok', 1, 'CN'],
      ['+8613600000002', 'Ok', 1, 'CN'],
    ])
    expect(r.SendStatusSet?.[0].SerialNo).not.toBe(r.SendStatusSet?.[1].SerialNo)
    expect(smsArea(emu).outbox().slice(0, 2).map((m) => m.phone).sort()).toEqual(['+8613600000001', '+8613600000002'])
  })

  it('When the emulator restarts on the same data, then the outbox and the injected failures still to come are kept', async () => {
    const count = smsArea(emu).outbox().length
    smsArea(emu).failNext(1, 'FailedOperation.PhoneNumberInBlacklist')
    const dataDir = emu.config.dataDir
    await emu.close()
    emu = await startTestEmulator({ dataDir })
    client = clientFor(emu)
    expect(smsArea(emu).outbox()).toHaveLength(count)
    expect(smsArea(emu).pendingFailures()).toBe(1)
    await expect(send('+8613911112222')).rejects.toMatchObject({ code: 'FailedOperation.PhoneNumberInBlacklist' })
    expect(smsArea(emu).pendingFailures()).toBe(0)
  })

  it('When the provider fails, then the SDK throws its error, nothing is delivered, and the next send works', async () => {
    const before = smsOutbox(emu).length
    smsFailNext(emu, 1)
    await expect(send('+8618800001111')).rejects.toMatchObject({ code: 'FailedOperation.InsufficientBalanceInSmsPackage' })
    expect(smsOutbox(emu)).toHaveLength(before)
    expect((await send('+8618800001111')).SendStatusSet?.[0].Code).toBe('Ok')
  })
})
