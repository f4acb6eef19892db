// Tencent Cloud SMS (API 3.0) `SendSms`, as tencentcloud-sdk-nodejs-sms sends
// it: POST / with `X-TC-Action: SendSms` and the parameters as JSON. Messages
// land in an outbox the dev console shows. Like the real service, the same
// content to the same number is refused within 30 s; a provider failure can
// be injected for the next sends.
import { randomUUID } from 'node:crypto'
import { sendJson, type EmulatorContext } from './context'
import { jsonObject, NOT_AN_OBJECT, refuse } from './console/input'

export interface SmsMessage {
  id: number
  phone: string
  appId: string
  signName: string
  templateId: string
  params: string[]
  createdAt: number
}

const SAME_CONTENT_WINDOW_MS = 30_000

function table(emu: EmulatorContext) {
  emu.sqlite.exec(`CREATE TABLE IF NOT EXISTS _sms_outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT, phone TEXT, app_id TEXT, sign_name TEXT,
    template_id TEXT, params TEXT, created_at INTEGER);
    CREATE TABLE IF NOT EXISTS _sms_failures (id INTEGER PRIMARY KEY CHECK (id = 1), left INTEGER, code TEXT)`)
}

/** Injected provider failures still to come (kept in SQLite: a restart does not forget them). */
function pendingFailure(emu: EmulatorContext): { left: number; code: string } | undefined {
  table(emu)
  const row = emu.sqlite.prepare('SELECT left, code FROM _sms_failures WHERE id = 1').get() as { left: number; code: string } | undefined
  return row && row.left > 0 ? row : undefined
}

/** Uses up one injected failure; its error code, or undefined when none is pending. */
function takeFailure(emu: EmulatorContext): string | undefined {
  const f = pendingFailure(emu)
  if (!f) return undefined
  emu.sqlite.prepare('UPDATE _sms_failures SET left = left - 1 WHERE id = 1').run()
  return f.code
}

export function smsOutbox(emu: EmulatorContext): SmsMessage[] {
  table(emu)
  return (emu.sqlite.prepare('SELECT * FROM _sms_outbox ORDER BY id DESC').all() as any[]).map((r) => ({
    id: r.id,
    phone: r.phone,
    appId: r.app_id,
    signName: r.sign_name,
    templateId: r.template_id,
    params: JSON.parse(r.params),
    createdAt: r.created_at,
  }))
}

/** The next `n` sends fail as the provider would (nothing is delivered). */
export function smsFailNext(emu: EmulatorContext, n: number, code = 'FailedOperation.InsufficientBalanceInSmsPackage') {
  table(emu)
  emu.sqlite.prepare('INSERT OR REPLACE INTO _sms_failures (id, left, code) VALUES (1, ?, ?)').run(Math.max(0, Math.floor(n)), code)
}

export function clearSmsOutbox(emu: EmulatorContext) {
  table(emu)
  emu.sqlite.exec('DELETE FROM _sms_outbox')
}

/** What tests and the dev console drive: the outbox and the failure switch. */
export function sms(emu: EmulatorContext) {
  return {
    /** Every accepted message, newest first. */
    outbox: () => smsOutbox(emu),
    /** The next `n` sends fail with the provider error `code`. */
    failNext: (n: number, code?: string) => smsFailNext(emu, n, code),
    /** How many injected failures are still to come. */
    pendingFailures: () => pendingFailure(emu)?.left ?? 0,
    clear: () => clearSmsOutbox(emu),
  }
}

export function registerSms(emu: EmulatorContext) {
  table(emu)
  emu.routes.push({
    method: 'POST',
    prefix: '/',
    handler: (req, res, url, body) => {
      const action = String(req.headers['x-tc-action'] ?? '')
      if (url.pathname !== '/' || !action) return sendJson(res, 404, { code: 'NOT_FOUND', message: `no route for POST ${url.pathname}` })
      const requestId = randomUUID()
      const fail = (Code: string, Message: string) => sendJson(res, 200, { Response: { Error: { Code, Message }, RequestId: requestId } })
      if (!String(req.headers.authorization ?? '').startsWith('TC3-HMAC-SHA256 ')) {
        return fail('AuthFailure.SignatureFailure', 'The request is not signed with TC3-HMAC-SHA256.')
      }
      if (action !== 'SendSms') return fail('InvalidAction', `the emulator does not implement ${action}`)
      let p: Record<string, any>
      try {
        p = JSON.parse(body.toString('utf8') || '{}')
      } catch {
        return fail('InvalidParameter', 'request body is not JSON')
      }
      const phones: unknown = p.PhoneNumberSet
      if (!Array.isArray(phones) || phones.length === 0) return fail('MissingParameter', 'The request is missing a required parameter `PhoneNumberSet`.')
      if (!p.SmsSdkAppId) return fail('MissingParameter', 'The request is missing a required parameter `SmsSdkAppId`.')
      if (!p.TemplateId) return fail('MissingParameter', 'The request is missing a required parameter `TemplateId`.')
      const mainland = phones.some((n) => !String(n).startsWith('+') || String(n).startsWith('+86'))
      if (mainland && !p.SignName) return fail('MissingParameter', 'The request is missing a required parameter `SignName`.')
      const bad = phones.find((n) => !/^\+?\d{11,15}$/.test(String(n)))
      if (bad) return fail('InvalidParameterValue.IncorrectPhoneNumber', `invalid phone number: ${bad}`)
      const injected = takeFailure(emu)
      if (injected) return fail(injected, '短信发送失败（模拟的服务商故障）')
      const params: string[] = Array.isArray(p.TemplateParamSet) ? p.TemplateParamSet.map(String) : []
      const now = emu.clock.now()
      const insert = emu.sqlite.prepare(
        'INSERT INTO _sms_outbox (phone, app_id, sign_name, template_id, params, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      const recent = emu.sqlite.prepare(
        'SELECT 1 FROM _sms_outbox WHERE phone = ? AND template_id = ? AND params = ? AND created_at > ? LIMIT 1',
      )
      const SendStatusSet = phones.map((raw) => {
        const phone = String(raw).startsWith('+') ? String(raw) : `+86${raw}`
        const base = { SerialNo: randomUUID(), PhoneNumber: phone, SessionContext: String(p.SessionContext ?? ''), IsoCode: 'CN' }
        if (recent.get(phone, String(p.TemplateId), JSON.stringify(params), now - SAME_CONTENT_WINDOW_MS)) {
          return { ...base, Fee: 0, Code: 'LimitExceeded.PhoneNumberThirtySecondLimit', Message: '30 秒内同一手机号不能重复发送相同内容' }
        }
        insert.run(phone, String(p.SmsSdkAppId), String(p.SignName ?? ''), String(p.TemplateId), JSON.stringify(params), now)
        return { ...base, Fee: 1, Code: 'Ok', Message: 'send success' }
      })
      sendJson(res, 200, { Response: { SendStatusSet, RequestId: requestId } })
    },
  })

  emu.routes.push(
    {
      method: 'GET',
      prefix: '/console/api/sms',
      handler: (_req, res) => sendJson(res, 200, { messages: smsOutbox(emu), pendingFailures: sms(emu).pendingFailures() }),
    },
    {
      method: 'POST',
      prefix: '/console/api/sms/fail-next',
      // { n?: integer 0–100 (default 1), code?: the provider's error code }
      handler: (_req, res, _url, body) => {
        const input = jsonObject(body)
        if (!input) return refuse(res, NOT_AN_OBJECT)
        const n = input.n ?? 1
        if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 100) return refuse(res, 'n 必须是 0 到 100 的整数')
        if (input.code !== undefined && (typeof input.code !== 'string' || !input.code)) return refuse(res, 'code 必须是非空字符串（服务商错误码）')
        smsFailNext(emu, n, input.code)
        sendJson(res, 200, { ok: true, pendingFailures: n })
      },
    },
    {
      method: 'POST',
      prefix: '/console/api/sms/clear',
      handler: (_req, res) => {
        clearSmsOutbox(emu)
        sendJson(res, 200, { ok: true })
      },
    },
  )
}
