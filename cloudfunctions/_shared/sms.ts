// Sending SMS through Tencent Cloud SMS with its own SDK. Everything about
// the account is configuration (the function's environment variables), so
// the same code sends real messages in the cloud and reaches the local
// emulator in development and tests.
import { sms } from 'tencentcloud-sdk-nodejs-sms'
import { AppError } from '../../src/domain/errors'

export type SmsTemplate = 'code' | 'permitApproved' | 'permitRejected' | 'permitRefunded' | 'visitorPass' | 'cardCredited' | 'cardRefunded'

const TEMPLATE_ENV: Record<SmsTemplate, string> = {
  code: 'SMS_TEMPLATE_CODE',
  permitApproved: 'SMS_TEMPLATE_PERMIT_APPROVED',
  permitRejected: 'SMS_TEMPLATE_PERMIT_REJECTED',
  permitRefunded: 'SMS_TEMPLATE_PERMIT_REFUNDED',
  visitorPass: 'SMS_TEMPLATE_VISITOR_PASS',
  cardCredited: 'SMS_TEMPLATE_CARD_CREDITED',
  cardRefunded: 'SMS_TEMPLATE_CARD_REFUNDED',
}

function env(name: string): string {
  const value = process.env[name]
  if (!value) throw new Error(`missing function configuration ${name}`)
  return value
}

let client: InstanceType<typeof sms.v20210111.Client> | null = null

function smsClient() {
  if (!client) {
    const endpoint = process.env.SMS_ENDPOINT
    client = new sms.v20210111.Client({
      credential: { secretId: env('SMS_SECRET_ID'), secretKey: env('SMS_SECRET_KEY') },
      region: process.env.SMS_REGION || 'ap-guangzhou',
      profile: endpoint ? { httpProfile: { endpoint, protocol: process.env.SMS_PROTOCOL || 'https://' } } : {},
    })
  }
  return client
}

/** Sends one templated SMS to a mainland number; a provider failure is SMS_PROVIDER. */
export async function sendSms(phone: string, template: SmsTemplate, params: string[]): Promise<void> {
  let code = ''
  try {
    const res = await smsClient().SendSms({
      PhoneNumberSet: [`+86${phone}`],
      SmsSdkAppId: env('SMS_SDK_APP_ID'),
      SignName: env('SMS_SIGN_NAME'),
      TemplateId: env(TEMPLATE_ENV[template]),
      TemplateParamSet: params,
    })
    code = res.SendStatusSet?.[0]?.Code ?? 'NoStatus'
  } catch (e) {
    console.error('[sms] provider error', (e as { code?: string }).code ?? e)
    throw new AppError('SMS_PROVIDER')
  }
  if (code === 'LimitExceeded.PhoneNumberThirtySecondLimit' || code === 'LimitExceeded.PhoneNumberOneHourLimit') {
    throw new AppError('SMS_TOO_FREQUENT')
  }
  if (code !== 'Ok') {
    console.error('[sms] not sent', code)
    throw new AppError('SMS_PROVIDER')
  }
}
